//! The editor and its results (findings, fixed file, .dockerignore…): the heart of the
//! playground, of the embed widget and of each exercise. The state lives in the parent's
//! reducer, so the parent can load a text into it (an example, an exercise, a solution) and
//! read what the user typed.

use std::rc::Rc;

use shipshape::text::TextRange;
use shipshape::{Applicability, Severity};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::announcer::use_announcement;
use super::distroless_tab::DistrolessTab;
use super::dockerignore_tab::DockerignoreTab;
use super::editor::Editor;
use super::findings::Findings;
use super::fixed::Fixed;
use crate::analysis::{self, Analysis, LARGE_INPUT};
use crate::state::{Action, ShellCheck, State, Tab};
use crate::{browser, highlight};

/// How long after the last keystroke a large input is checked.
const DEBOUNCE_MS: u32 = 300;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub state: UseReducerHandle<State>,
    /// The result tabs offered, in order.
    pub tabs: Rc<[Tab]>,
    /// The text cannot be changed: no typing, no fixes applied.
    #[prop_or_default]
    pub readonly: bool,
    /// The embed's layout: editor above results, both as tall as their content.
    #[prop_or_default]
    pub compact: bool,
    /// A sentence to show above the panes (a damaged link…), besides the analysis' own.
    #[prop_or_default]
    pub notice: Option<AttrValue>,
    /// Shown at the end of the tab bar (the embed's link to the playground).
    #[prop_or_default]
    pub tab_bar_end: Html,
}

#[function_component]
pub fn Workbench(props: &Props) -> Html {
    let state = &props.state;
    let analysis: Rc<Analysis> = {
        let ready = state.shellcheck == ShellCheck::Ready;
        let key =
            (state.analyzed.clone(), state.dockerignore.clone(), state.select.clone(), state.ignore.clone(), ready);
        use_memo(key, |(text, dockerignore, select, ignore, ready)| {
            analysis::analyze(text, analysis::settings(dockerignore, select, ignore), *ready)
        })
    };

    // The ShellCheck rules, once the file has a RUN for them to read: after the first paint
    // (effects run after it), so they never delay it.
    {
        let dispatcher = state.dispatcher();
        use_effect_with((analysis.has_run(), state.shellcheck), move |&(has_run, shellcheck)| {
            if has_run && shellcheck == ShellCheck::NotLoaded {
                if crate::shellcheck::rules().is_some() {
                    dispatcher.dispatch(Action::ShellCheck(ShellCheck::Ready));
                } else {
                    dispatcher.dispatch(Action::ShellCheck(ShellCheck::Loading));
                    wasm_bindgen_futures::spawn_local(async move {
                        let loaded = crate::shellcheck::load().await;
                        dispatcher.dispatch(Action::ShellCheck(if loaded {
                            ShellCheck::Ready
                        } else {
                            ShellCheck::Failed
                        }));
                    });
                }
            }
        });
    }

    // Large inputs: check once typing pauses.
    {
        let dispatcher = state.dispatcher();
        let stale = state.is_stale();
        use_effect_with(state.source.clone(), move |_| {
            let timeout = stale
                .then(|| browser::after(DEBOUNCE_MS, Callback::from(move |()| dispatcher.dispatch(Action::Analyze))));
            move || drop(timeout)
        });
    }

    let on_input = {
        let dispatcher = state.dispatcher();
        Callback::from(move |text: String| dispatcher.dispatch(Action::Edit(text)))
    };
    let on_select = {
        let dispatcher = state.dispatcher();
        let analysis = analysis.clone();
        Callback::from(move |(index, focus_editor): (usize, bool)| {
            if let Some(d) = analysis.result.diagnostics.get(index) {
                let line = analysis.lines.line(d.range.start);
                dispatcher.dispatch(Action::Select { line, code: d.rule.code, focus_editor });
            }
        })
    };
    let on_apply = {
        let dispatcher = state.dispatcher();
        let analysis = analysis.clone();
        Callback::from(move |index: usize| {
            if let Some(fix) = analysis.result.diagnostics.get(index).and_then(|d| d.fix.as_ref()) {
                let (text, _) = shipshape::fix::apply(&analysis.source, &[fix]);
                dispatcher.dispatch(Action::Load(text));
            }
        })
    };
    let on_fix_all = {
        let dispatcher = state.dispatcher();
        let analysis = analysis.clone();
        Callback::from(move |level: Applicability| {
            let result = analysis.fix(&|fix| fix.applicability >= level);
            dispatcher.dispatch(Action::Load(result.output));
        })
    };
    let on_close_docs = {
        let dispatcher = state.dispatcher();
        Callback::from(move |()| dispatcher.dispatch(Action::CloseDocs))
    };
    let on_toggle_unsafe = {
        let dispatcher = state.dispatcher();
        Callback::from(move |on: bool| dispatcher.dispatch(Action::SetFixedUnsafe(on)))
    };
    let on_load = {
        let dispatcher = state.dispatcher();
        Callback::from(move |text: String| dispatcher.dispatch(Action::Load(text)))
    };
    let on_format = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_| {
            crate::formatting::format_editor();
            dispatcher.dispatch(Action::FormatOutput);
        })
    };
    // A file with a syntax error is not formatted: the findings say where the error is.
    let unformattable = analysis.result.parse.errors.iter().any(|e| e.message != "file with no instructions");
    let on_dockerignore = {
        let dispatcher = state.dispatcher();
        Callback::from(move |text: String| dispatcher.dispatch(Action::SetDockerignore(text)))
    };

    let tokens = use_memo(analysis.clone(), |a| highlight::tokens(&a.result.parse.file));
    let marks = use_memo(analysis.clone(), |a| line_marks(a));
    let plain = state.source.len() > LARGE_INPUT;
    let notice = props.notice.as_ref().map(ToString::to_string).or_else(|| analysis.notice.clone());
    let selected = state.selection.map(|s| (s.line, s.code));
    let readonly = props.readonly;
    // A tab the widget does not offer (an old link's) falls back to the first one.
    let current =
        if props.tabs.contains(&state.tab) { state.tab } else { props.tabs.first().copied().unwrap_or(Tab::Findings) };

    let announcement = use_announcement(analysis.clone());
    let on_tab_keys = Callback::from(move_between_tabs);
    let tab_button = |tab: Tab| {
        let dispatcher = state.dispatcher();
        let onclick = Callback::from(move |_| dispatcher.dispatch(Action::SetTab(tab)));
        let active = current == tab;
        let count = match tab {
            Tab::Findings => Some(analysis.result.diagnostics.len()),
            _ => None,
        };
        // One tab stop for the list, on the tab shown; the arrow keys move between the tabs.
        html! {
            <button role="tab" id={format!("tab-{}", tab.id())} aria-selected={active.to_string()} aria-controls="panel"
                tabindex={if active { "0" } else { "-1" }}
                class={classes!("tab", active.then_some("active"))} data-testid={format!("tab-{}", tab.id())} {onclick}>
                { tab.label() }
                if let Some(n) = count { <span class="count">{ n }</span> }
            </button>
        }
    };

    let panel = match current {
        Tab::Findings => html! {
            <Findings analysis={analysis.clone()} {selected} on_select={on_select} on_apply={on_apply}
                on_fix_all={on_fix_all} on_close_docs={on_close_docs} stale={state.is_stale()} {readonly}
                shellcheck={analysis.has_run().then_some(state.shellcheck)} />
        },
        Tab::Fixed => html! {
            <Fixed analysis={analysis.clone()} include_unsafe={state.fixed_unsafe} on_toggle_unsafe={on_toggle_unsafe}
                format={state.format_output} on_use={on_load} {readonly} />
        },
        Tab::Distroless => html! {
            <DistrolessTab analysis={analysis.clone()} format={state.format_output} on_use={on_load.clone()} {readonly} />
        },
        Tab::Dockerignore => html! {
            <DockerignoreTab analysis={analysis.clone()} value={state.dockerignore.clone()} on_change={on_dockerignore} {readonly} />
        },
    };

    html! {
        <>
            <div class="visually-hidden" aria-live="polite" data-testid="announcer">{ announcement }</div>
            if let Some(notice) = notice {
                <div class="notice" role="status" data-testid="notice">{ notice }</div>
            }
            <div class={classes!("panes", props.compact.then_some("compact"))}>
                <section class="pane editor-pane" aria-label="Editor">
                    <Editor source={state.source.clone()} tokens={tokens} marks={marks} selection={state.selection} {plain} {readonly} on_input={on_input} />
                    if !props.compact {
                        <div class="status">
                            <span>{ status_line(&analysis) }</span>
                            if !readonly {
                                <button class="button small" onclick={on_format} disabled={unformattable} data-testid="format"
                                    title={if unformattable { "Fix the syntax error first" } else { "Format the file" }}>
                                    { "Format" }
                                </button>
                            }
                        </div>
                    }
                </section>
                <section class="pane results-pane" aria-label="Results">
                    <div class="tabs">
                        <div class="tab-list" role="tablist" aria-label="Results" onkeydown={on_tab_keys}>
                            { for props.tabs.iter().copied().map(tab_button) }
                        </div>
                        <span class="spacer"></span>
                        { props.tab_bar_end.clone() }
                    </div>
                    <div class="panel" id="panel" role="tabpanel" aria-labelledby={format!("tab-{}", current.id())}>{ panel }</div>
                </section>
            </div>
        </>
    }
}

/// The arrow keys, Home and End move the focus along the tab list (Enter or Space opens the
/// tab), as in every tab list.
fn move_between_tabs(e: KeyboardEvent) {
    let Some(tab) = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
    let Some(list) = tab.parent_element() else { return };
    let next = match e.key().as_str() {
        "ArrowRight" => tab.next_element_sibling().or_else(|| list.first_element_child()),
        "ArrowLeft" => tab.previous_element_sibling().or_else(|| list.last_element_child()),
        "Home" => list.first_element_child(),
        "End" => list.last_element_child(),
        _ => return,
    };
    if let Some(next) = next.and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok()) {
        e.prevent_default();
        let _ = next.focus();
    }
}

/// The worst severity on each line that has findings.
fn line_marks(analysis: &Analysis) -> Vec<(u32, Severity)> {
    let mut marks: Vec<(u32, Severity)> = Vec::new();
    for d in analysis.result.diagnostics.iter().take(analysis::MAX_FINDINGS_SHOWN) {
        let line = analysis.lines.line(first_line_offset(d.range));
        match marks.iter_mut().find(|(l, _)| *l == line) {
            Some((_, severity)) => *severity = (*severity).max(d.severity),
            None => marks.push((line, d.severity)),
        }
    }
    marks
}

fn first_line_offset(range: TextRange) -> u32 {
    range.start
}

fn status_line(analysis: &Analysis) -> String {
    let file = &analysis.result.parse.file;
    let stages = analysis.result.model.stages.len();
    let errors = analysis.result.parse.errors.len();
    let mut parts = vec![
        format!("{} line{}", analysis.lines.line_count(), if analysis.lines.line_count() == 1 { "" } else { "s" }),
        format!("{} instruction{}", file.instructions.len(), if file.instructions.len() == 1 { "" } else { "s" }),
        format!("{stages} stage{}", if stages == 1 { "" } else { "s" }),
    ];
    if analysis.stack != shipshape::semantic::stack::Stack::Generic {
        parts.push(analysis.stack.as_str().to_string());
    }
    if errors > 0 {
        parts.push(format!("{errors} syntax error{}", if errors == 1 { "" } else { "s" }));
    }
    parts.join(" · ")
}
