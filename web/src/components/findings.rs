//! The findings list: severity, code, name, message and line of each finding, an "apply"
//! button for those with a fix, and the "fix all" buttons.

use std::rc::Rc;

use shipshape::text::ColumnUnit;
use shipshape::{Applicability, Severity};
use wasm_bindgen::JsCast;
use web_sys::Element;
use yew::prelude::*;

use super::rule_docs::RuleDocs;
use crate::analysis::{Analysis, MAX_FINDINGS_SHOWN};
use crate::markdown::inline;
use crate::state::ShellCheck;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub analysis: Rc<Analysis>,
    /// The code of the selected finding's rule and its line, to mark it.
    pub selected: Option<(u32, &'static str)>,
    /// Index into the diagnostics, and whether a pointer clicked it (the editor then takes the
    /// focus, to show the line; from the keyboard the focus stays in the list).
    pub on_select: Callback<(usize, bool)>,
    pub on_apply: Callback<usize>,
    pub on_fix_all: Callback<Applicability>,
    pub on_close_docs: Callback<()>,
    /// The analysis is behind the editor.
    pub stale: bool,
    /// No fixes can be applied (a read-only embed).
    #[prop_or_default]
    pub readonly: bool,
    /// Where the ShellCheck rules are, when the file has a RUN for them.
    #[prop_or_default]
    pub shellcheck: Option<ShellCheck>,
}

#[function_component]
pub fn Findings(props: &Props) -> Html {
    let analysis = &props.analysis;
    let diagnostics = &analysis.result.diagnostics;
    let safe =
        diagnostics.iter().filter(|d| d.fix.as_ref().is_some_and(|f| f.applicability == Applicability::Safe)).count();
    let fixable = diagnostics.iter().filter(|d| d.fix.is_some()).count();
    // A fix removes the finding (or disables the button) that had the focus: the summary above
    // the list takes it, so a keyboard reader goes on from the top of the findings.
    let summary_ref = use_node_ref();
    let keep_focus = {
        let summary_ref = summary_ref.clone();
        move || {
            if let Some(summary) = summary_ref.cast::<web_sys::HtmlElement>() {
                let _ = summary.focus();
            }
        }
    };
    let fix_safe = {
        let (cb, keep_focus) = (props.on_fix_all.clone(), keep_focus.clone());
        Callback::from(move |_| {
            keep_focus();
            cb.emit(Applicability::Safe);
        })
    };
    let fix_all = {
        let (cb, keep_focus) = (props.on_fix_all.clone(), keep_focus.clone());
        Callback::from(move |_| {
            keep_focus();
            cb.emit(Applicability::Unsafe);
        })
    };
    // Until the ShellCheck rules arrive, an empty list is not yet a clean file.
    let pending = matches!(props.shellcheck, Some(ShellCheck::NotLoaded | ShellCheck::Loading));
    let summary = match diagnostics.len() {
        0 => "No problems found".to_string(),
        1 => "1 finding".to_string(),
        n => format!("{n} findings"),
    };
    // Keyed by rule and line (and a count, for two findings of a rule on one line): typing
    // inside a line keeps every key, and a finding that appears is inserted, not matched
    // against its neighbours.
    let mut seen: Vec<(&str, u32)> = Vec::new();
    let items = diagnostics.iter().enumerate().take(MAX_FINDINGS_SHOWN).map(move |(index, d)| {
        let at = analysis.lines.line_col(&analysis.source, d.range.start, ColumnUnit::Char);
        let (line, column) = (at.line, at.col);
        let repeat = seen.iter().filter(|&&k| k == (d.rule.code, line)).count();
        seen.push((d.rule.code, line));
        let key = format!("{}:{line}:{repeat}", d.rule.code);
        let fix = d
            .fix
            .as_ref()
            .filter(|_| !props.readonly)
            .map(|f| (f.title.clone(), f.applicability != Applicability::Safe));
        html! {
            <FindingRow {key} {index} {line} {column} severity={d.severity} code={d.rule.code} name={d.rule.name}
                message={d.message.clone()} {fix} selected={props.selected == Some((line, d.rule.code))}
                on_close_docs={props.on_close_docs.clone()} />
        }
    });
    // One click handler for the whole list: the rows hold no callbacks, so a row whose finding
    // did not change is not re-rendered when the text does.
    let on_click = {
        let (on_select, on_apply) = (props.on_select.clone(), props.on_apply.clone());
        Callback::from(move |e: MouseEvent| {
            let Some(target) = e.target().and_then(|t| t.dyn_into::<Element>().ok()) else { return };
            let Ok(Some(button)) = target.closest("[data-action]") else { return };
            let Some(index) = button.get_attribute("data-index").and_then(|i| i.parse().ok()) else { return };
            match button.get_attribute("data-action").as_deref() {
                // A click the keyboard made (Enter, Space) has no click count.
                Some("select") => on_select.emit((index, e.detail() > 0)),
                Some("apply") => {
                    keep_focus();
                    on_apply.emit(index);
                }
                _ => {}
            }
        })
    };
    html! {
        <div class={classes!("findings-panel", props.stale.then_some("stale"))}>
            <div class="toolbar">
                <span class="summary" data-testid="summary" tabindex="-1" ref={summary_ref}>{ summary }</span>
                <span class="spacer"></span>
                if !props.readonly {
                    <button class="button" onclick={fix_safe} disabled={safe == 0} data-testid="fix-safe">{ format!("Fix all safe ({safe})") }</button>
                    <button class="button" onclick={fix_all} disabled={fixable == 0} data-testid="fix-all">{ format!("Fix all, including unsafe ({fixable})") }</button>
                }
            </div>
            { shellcheck_state(props.shellcheck) }
            if !diagnostics.is_empty() {
                <ul class="findings" onclick={on_click}>{ for items }</ul>
            } else if !pending {
                <div class="empty">
                    <p class="empty-title">{ "Shipshape." }</p>
                    <p>{ "No rule finds anything to improve. Try the Distroless tab for an even smaller image." }</p>
                </div>
            }
        </div>
    }
}

/// A quiet line while the ShellCheck rules load, and what is missing when they cannot.
fn shellcheck_state(state: Option<ShellCheck>) -> Html {
    match state {
        Some(ShellCheck::NotLoaded | ShellCheck::Loading) => html! {
            <p class="hint shellcheck-state" data-testid="shellcheck-state">{ "Loading the ShellCheck rules for the RUN scripts…" }</p>
        },
        Some(ShellCheck::Failed) => html! {
            <p class="notice shellcheck-state" role="alert" data-testid="shellcheck-state">
                { "The ShellCheck rules could not be loaded, so the RUN scripts are not checked. Reload the page to try again." }
            </p>
        },
        _ => Html::default(),
    }
}

#[derive(Properties)]
struct RowProps {
    /// Index into the diagnostics, which the list's click handler reads back.
    index: usize,
    /// 0-based, the column in characters.
    line: u32,
    column: u32,
    severity: Severity,
    code: &'static str,
    name: &'static str,
    message: String,
    /// The fix's title, and whether it is unsafe; `None` without a fix or in a read-only view.
    fix: Option<(String, bool)>,
    selected: bool,
    on_close_docs: Callback<()>,
}

/// Rows compare by what they show. `on_close_docs` only dispatches `CloseDocs` to the
/// workbench's reducer, the same action whichever render made it, so a new one is no reason
/// to render a row again.
impl PartialEq for RowProps {
    fn eq(&self, other: &RowProps) -> bool {
        (
            self.index,
            self.line,
            self.column,
            self.severity,
            self.code,
            self.name,
            &self.message,
            &self.fix,
            self.selected,
        ) == (
            other.index,
            other.line,
            other.column,
            other.severity,
            other.code,
            other.name,
            &other.message,
            &other.fix,
            other.selected,
        )
    }
}

#[function_component]
fn FindingRow(props: &RowProps) -> Html {
    let severity = props.severity.as_str();
    let line = props.line + 1;
    let main = use_node_ref();
    // Escape closes the open docs and puts the focus back on the finding, wherever in the row
    // it was (the docs' links or close button, the Apply button).
    let on_keydown = {
        let (selected, on_close, main) = (props.selected, props.on_close_docs.clone(), main.clone());
        Callback::from(move |e: KeyboardEvent| {
            if selected && e.key() == "Escape" {
                e.prevent_default();
                on_close.emit(());
                if let Some(main) = main.cast::<web_sys::HtmlElement>() {
                    let _ = main.focus();
                }
            }
        })
    };
    let apply = props.fix.as_ref().map(|(title, unsafe_fix)| {
        html! {
            <button class={classes!("button", "apply", unsafe_fix.then_some("unsafe"))} data-action="apply" data-index={props.index.to_string()}
                title={if *unsafe_fix { "This fix may change what the build does: review it" } else { "This fix keeps the build's behaviour" }}>
                { "Apply: " }{ inline(title) }{ if *unsafe_fix { html! { <span class="badge">{ "unsafe" }</span> } } else { Html::default() } }
            </button>
        }
    });
    html! {
        <li class={classes!("finding", format!("sev-{severity}"), props.selected.then_some("selected"))}
            data-testid="finding" data-code={props.code} data-name={props.name} onkeydown={on_keydown}>
            // Named by what it shows (severity, code, name, line, message), as speech input
            // users read it; it opens the rule's docs below.
            <button class="finding-main" data-action="select" data-index={props.index.to_string()} ref={main}
                aria-expanded={props.selected.to_string()}>
                <span class="finding-head">
                    <span class={classes!("sev", format!("sev-{severity}"))}>{ severity }</span>
                    <span class="code">{ props.code }</span>
                    <span class="name">{ props.name }</span>
                    <span class="line">{ format!("line {line}, col {}", props.column + 1) }</span>
                </span>
                <span class="msg">{ inline(&props.message) }</span>
            </button>
            { apply }
            if props.selected {
                <RuleDocs code={props.code} on_close={props.on_close_docs.clone()} />
            }
        </li>
    }
}
