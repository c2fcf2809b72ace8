//! The Fixed tab: the file with every fix applied (safe ones, or all), the line diff against
//! the editor, and copy/download.

use std::rc::Rc;

use shipshape::Applicability;
use yew::prelude::*;

use super::output::Output;
use crate::analysis::{self, Analysis};
use crate::diff::{self, Change};
use crate::formatting::formatted;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub analysis: Rc<Analysis>,
    pub include_unsafe: bool,
    pub on_toggle_unsafe: Callback<bool>,
    /// The output is formatted (the editor's text was).
    pub format: bool,
    pub on_use: Callback<String>,
    /// The editor cannot take the result (a read-only embed).
    #[prop_or_default]
    pub readonly: bool,
}

#[function_component]
pub fn Fixed(props: &Props) -> Html {
    let level = if props.include_unsafe { Applicability::Unsafe } else { Applicability::Safe };
    let result = use_memo((props.analysis.clone(), level), |(analysis, level)| {
        (!analysis.too_large).then(|| analysis.fix(&|fix| fix.applicability >= *level))
    });
    let Some(result) = &*result else {
        return html! {
            <div class="refusal" data-testid="fixed-too-large">{ analysis::too_large_notice(props.analysis.source.len()) }</div>
        };
    };
    let toggle = {
        let cb = props.on_toggle_unsafe.clone();
        let on = props.include_unsafe;
        Callback::from(move |_| cb.emit(!on))
    };
    let output = formatted(&result.output, props.format);
    let use_it = {
        let cb = props.on_use.clone();
        let output = output.clone();
        Callback::from(move |_| cb.emit(output.clone()))
    };
    let changes = diff::lines(&props.analysis.source, &output);
    let changed = changes.iter().any(|c| !matches!(c, Change::Same(_)));
    let summary = match result.fix_count() {
        0 => "Nothing to fix at this level.".to_string(),
        n => {
            let rules: Vec<String> = result
                .fixed
                .iter()
                .map(|(code, k)| if *k > 1 { format!("{code} ×{k}") } else { code.to_string() })
                .collect();
            format!(
                "{n} fix{} applied: {}. {} finding{} left.",
                if n == 1 { "" } else { "es" },
                rules.join(", "),
                result.remaining.len(),
                if result.remaining.len() == 1 { "" } else { "s" }
            )
        }
    };
    html! {
        <div class="fixed-panel">
            <div class="toolbar">
                <label class="toggle">
                    <input type="checkbox" checked={props.include_unsafe} onchange={toggle} data-testid="include-unsafe" />
                    { " Include unsafe fixes" }
                </label>
                <span class="spacer"></span>
                if !props.readonly {
                    <button class="button" onclick={use_it} disabled={!changed} data-testid="use-fixed">{ "Use in editor" }</button>
                }
            </div>
            <p class="fix-summary">{ summary }</p>
            if changed {
                <div class="diff" role="region" aria-label="Changes" tabindex="0">{ diff_view(&changes) }</div>
            }
            <Output text={AttrValue::from(output)} filename="Dockerfile" testid={AttrValue::from("fixed-output")} label="Fixed Dockerfile" />
        </div>
    }
}

/// Changed lines with one line of context around each change; skipped runs show as `…`.
fn diff_view(changes: &[Change]) -> Html {
    let near = |i: usize| {
        changes[i.saturating_sub(1)..(i + 2).min(changes.len())].iter().any(|c| !matches!(c, Change::Same(_)))
    };
    let mut rows = Vec::new();
    let mut skipped = false;
    for (i, change) in changes.iter().enumerate() {
        match change {
            Change::Same(l) if near(i) => {
                if skipped {
                    rows.push(html! { <div class="diff-gap">{ "…" }</div> });
                    skipped = false;
                }
                rows.push(html! { <div class="diff-same">{ "  " }{ l.to_string() }</div> });
            }
            Change::Same(_) => skipped = true,
            Change::Removed(l) => rows.push(html! { <div class="diff-del">{ "- " }{ l.to_string() }</div> }),
            Change::Added(l) => rows.push(html! { <div class="diff-add">{ "+ " }{ l.to_string() }</div> }),
        }
    }
    html! { <>{ for rows }</> }
}
