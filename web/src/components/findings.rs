//! The findings list: severity, code, name, message and line of each finding, an "apply"
//! button for those with a fix, and the "fix all" buttons.

use std::rc::Rc;

use shipshape::Applicability;
use yew::prelude::*;

use super::rule_docs::RuleDocs;
use crate::analysis::{Analysis, MAX_FINDINGS_SHOWN};
use crate::markdown::inline;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub analysis: Rc<Analysis>,
    /// The code of the selected finding's rule and its line, to mark it.
    pub selected: Option<(u32, &'static str)>,
    /// Index into the diagnostics.
    pub on_select: Callback<usize>,
    pub on_apply: Callback<usize>,
    pub on_fix_all: Callback<Applicability>,
    pub on_close_docs: Callback<()>,
    /// The analysis is behind the editor.
    pub stale: bool,
    /// No fixes can be applied (a read-only embed).
    #[prop_or_default]
    pub readonly: bool,
}

#[function_component]
pub fn Findings(props: &Props) -> Html {
    let analysis = &props.analysis;
    let diagnostics = &analysis.result.diagnostics;
    let safe =
        diagnostics.iter().filter(|d| d.fix.as_ref().is_some_and(|f| f.applicability == Applicability::Safe)).count();
    let fixable = diagnostics.iter().filter(|d| d.fix.is_some()).count();
    let fix_safe = {
        let cb = props.on_fix_all.clone();
        Callback::from(move |_| cb.emit(Applicability::Safe))
    };
    let fix_all = {
        let cb = props.on_fix_all.clone();
        Callback::from(move |_| cb.emit(Applicability::Unsafe))
    };
    let summary = match diagnostics.len() {
        0 => "No problems found".to_string(),
        1 => "1 finding".to_string(),
        n => format!("{n} findings"),
    };
    let items = diagnostics.iter().enumerate().take(MAX_FINDINGS_SHOWN).map(|(index, d)| {
        let line = analysis.lines.line(d.range.start);
        let selected = props.selected == Some((line, d.rule.code));
        let select = {
            let cb = props.on_select.clone();
            Callback::from(move |_| cb.emit(index))
        };
        let apply = d.fix.as_ref().filter(|_| !props.readonly).map(|fix| {
            let cb = props.on_apply.clone();
            let onclick = Callback::from(move |_| cb.emit(index));
            let unsafe_fix = fix.applicability != Applicability::Safe;
            html! {
                <button class={classes!("button", "apply", unsafe_fix.then_some("unsafe"))} {onclick}
                    title={if unsafe_fix { "This fix may change what the build does: review it" } else { "This fix keeps the build's behaviour" }}>
                    { "Apply: " }{ inline(&fix.title) }{ if unsafe_fix { html! { <span class="badge">{ "unsafe" }</span> } } else { Html::default() } }
                </button>
            }
        });
        html! {
            <li class={classes!("finding", format!("sev-{}", d.severity.as_str()), selected.then_some("selected"))}
                data-testid="finding" data-code={d.rule.code} data-name={d.rule.name}>
                <button class="finding-main" onclick={select} aria-label={format!("{} {} on line {}: {}", d.rule.code, d.rule.name, line + 1, d.message)}>
                    <span class="finding-head">
                        <span class={classes!("sev", format!("sev-{}", d.severity.as_str()))}>{ d.severity.as_str() }</span>
                        <span class="code">{ d.rule.code }</span>
                        <span class="name">{ d.rule.name }</span>
                        <span class="line">{ format!("line {}", line + 1) }</span>
                    </span>
                    <span class="msg">{ inline(&d.message) }</span>
                </button>
                { apply }
                if selected {
                    <RuleDocs code={d.rule.code} on_close={props.on_close_docs.clone()} />
                }
            </li>
        }
    });
    html! {
        <div class={classes!("findings-panel", props.stale.then_some("stale"))}>
            <div class="toolbar">
                <span class="summary" data-testid="summary">{ summary }</span>
                <span class="spacer"></span>
                if !props.readonly {
                    <button class="button" onclick={fix_safe} disabled={safe == 0} data-testid="fix-safe">{ format!("Fix all safe ({safe})") }</button>
                    <button class="button" onclick={fix_all} disabled={fixable == 0} data-testid="fix-all">{ format!("Fix all, including unsafe ({fixable})") }</button>
                }
            </div>
            if diagnostics.is_empty() {
                <div class="empty">
                    <p class="empty-title">{ "Shipshape." }</p>
                    <p>{ "No rule finds anything to improve. Try the Distroless tab for an even smaller image." }</p>
                </div>
            } else {
                <ul class="findings">{ for items }</ul>
            }
        </div>
    }
}
