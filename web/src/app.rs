//! The App: one reducer for the state, the analysis memoised on the text, and the layout.

use std::rc::Rc;

use gloo::timers::callback::Timeout;
use shipshape::text::TextRange;
use shipshape::{Applicability, Severity, rules};
use wasm_bindgen::JsCast;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::analysis::{self, Analysis, LARGE_INPUT};
use crate::components::distroless_tab::DistrolessTab;
use crate::components::dockerignore_tab::DockerignoreTab;
use crate::components::editor::Editor;
use crate::components::findings::Findings;
use crate::components::fixed::Fixed;
use crate::state::{Action, State, Tab};
use crate::{browser, examples, highlight, share};

/// How long after the last keystroke a large input is checked.
const DEBOUNCE_MS: u32 = 300;

/// The state a visit starts in: the Dockerfile and tab from the share link, else the first
/// example. A damaged link says so instead of failing.
fn initial_state() -> (State, Option<String>) {
    let fragment = browser::fragment();
    let tab = share::fragment_value(&fragment, "tab").and_then(Tab::from_id).unwrap_or(Tab::Findings);
    match share::fragment_value(&fragment, share::CODE_KEY) {
        Some(value) => match share::decode(value) {
            Some(text) => (State::new(&text, tab), None),
            None => (
                State::new(examples::default_source(), tab),
                Some("The share link is damaged or incomplete: showing an example instead.".to_string()),
            ),
        },
        None => (State::new(examples::default_source(), tab), None),
    }
}

#[function_component]
pub fn App() -> Html {
    let initial = use_memo((), |_| initial_state());
    let state = {
        let initial = initial.clone();
        use_reducer(move || initial.0.clone())
    };
    let analysis: Rc<Analysis> = {
        let key = (state.analyzed.clone(), state.dockerignore.clone());
        use_memo(key, |(text, ignore)| analysis::analyze(text, analysis::settings(ignore)))
    };

    // Large inputs: check once typing pauses.
    {
        let dispatcher = state.dispatcher();
        let stale = state.is_stale();
        use_effect_with(state.source.clone(), move |_| {
            let timeout = stale.then(|| Timeout::new(DEBOUNCE_MS, move || dispatcher.dispatch(Action::Analyze)));
            move || drop(timeout)
        });
    }
    // Keep the share link in the address bar up to date (not for megabyte inputs).
    {
        let tab = state.tab;
        use_effect_with((state.analyzed.clone(), tab), move |(text, tab)| {
            let timeout = (text.len() <= LARGE_INPUT).then(|| {
                let text = text.clone();
                let tab = *tab;
                Timeout::new(150, move || {
                    browser::set_fragment(&format!("#{}={}&tab={}", share::CODE_KEY, share::encode(&text), tab.id()));
                })
            });
            move || drop(timeout)
        });
    }
    // Mark the moment the page became interactive, for the end-to-end timing.
    use_effect_with((), |_| {
        if let Some(body) = gloo::utils::document().body() {
            let _ = body.set_attribute("data-ready", &format!("{:.0}", browser::now()));
        }
    });

    let on_input = {
        let dispatcher = state.dispatcher();
        Callback::from(move |text: String| dispatcher.dispatch(Action::Edit(text)))
    };
    let on_example = {
        let dispatcher = state.dispatcher();
        Callback::from(move |e: Event| {
            if let Some(select) = e.target().and_then(|t| t.dyn_into::<HtmlSelectElement>().ok()) {
                if let Some(example) = examples::find(&select.value()) {
                    dispatcher.dispatch(Action::Load(example.source.to_string()));
                }
                select.set_value("");
            }
        })
    };
    let on_select = {
        let dispatcher = state.dispatcher();
        let analysis = analysis.clone();
        Callback::from(move |index: usize| {
            if let Some(d) = analysis.result.diagnostics.get(index) {
                dispatcher.dispatch(Action::Select { line: analysis.lines.line(d.range.start), code: d.rule.code });
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
            let result = shipshape::fix(&analysis.source, &analysis.settings, level);
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
    let on_toggle_chainguard = {
        let dispatcher = state.dispatcher();
        Callback::from(move |on: bool| dispatcher.dispatch(Action::SetChainguard(on)))
    };
    let on_load = {
        let dispatcher = state.dispatcher();
        Callback::from(move |text: String| dispatcher.dispatch(Action::Load(text)))
    };
    let on_dockerignore = {
        let dispatcher = state.dispatcher();
        Callback::from(move |text: String| dispatcher.dispatch(Action::SetDockerignore(text)))
    };
    let share_link = {
        let copied = use_state(|| false);
        let onclick = {
            let copied = copied.clone();
            Callback::from(move |_| {
                browser::copy(&browser::href());
                copied.set(true);
            })
        };
        (onclick, *copied)
    };

    let tokens = use_memo(analysis.clone(), |a| highlight::tokens(&a.result.parse.file));
    let marks = use_memo(analysis.clone(), |a| line_marks(a));
    let plain = state.source.len() > LARGE_INPUT;
    let notice = initial.1.clone().or_else(|| analysis.notice.clone());
    let selected = state.selection.map(|s| (s.line, s.code));

    let tab_button = |tab: Tab| {
        let dispatcher = state.dispatcher();
        let onclick = Callback::from(move |_| dispatcher.dispatch(Action::SetTab(tab)));
        let active = state.tab == tab;
        let count = match tab {
            Tab::Findings => Some(analysis.result.diagnostics.len()),
            _ => None,
        };
        html! {
            <button role="tab" id={format!("tab-{}", tab.id())} aria-selected={active.to_string()} aria-controls="panel"
                class={classes!("tab", active.then_some("active"))} data-testid={format!("tab-{}", tab.id())} {onclick}>
                { tab.label() }
                if let Some(n) = count { <span class="count">{ n }</span> }
            </button>
        }
    };

    let panel = match state.tab {
        Tab::Findings => html! {
            <>
                <Findings analysis={analysis.clone()} {selected} on_select={on_select} on_apply={on_apply}
                    on_fix_all={on_fix_all} on_close_docs={on_close_docs} stale={state.is_stale()} />
            </>
        },
        Tab::Fixed => html! {
            <Fixed analysis={analysis.clone()} include_unsafe={state.fixed_unsafe} on_toggle_unsafe={on_toggle_unsafe} on_use={on_load} />
        },
        Tab::Distroless => html! {
            <DistrolessTab analysis={analysis.clone()} chainguard={state.chainguard} on_toggle_chainguard={on_toggle_chainguard} />
        },
        Tab::Dockerignore => html! {
            <DockerignoreTab analysis={analysis.clone()} value={state.dockerignore.clone()} on_change={on_dockerignore} />
        },
    };

    html! {
        <div class="shell">
            <header class="top">
                <div class="brand">
                    <span class="logo" aria-hidden="true">{ "⚓" }</span>
                    <h1>{ "shipshape" }</h1>
                    <span class="tagline">{ "Dockerfile linter, fixer and distroless converter" }</span>
                </div>
                <div class="top-actions">
                    <label class="examples">
                        <span class="visually-hidden">{ "Load an example" }</span>
                        <select onchange={on_example} data-testid="examples" aria-label="Load an example">
                            <option value="" selected=true>{ "Examples…" }</option>
                            { for examples::EXAMPLES.iter().map(|e| html! { <option value={e.id}>{ e.title }</option> }) }
                        </select>
                    </label>
                    <button class="button" onclick={share_link.0} data-testid="share" title="Copy a link that reproduces this Dockerfile; it never leaves your browser">
                        { if share_link.1 { "Link copied" } else { "Copy share link" } }
                    </button>
                </div>
            </header>
            if let Some(notice) = notice {
                <div class="notice" role="status" data-testid="notice">{ notice }</div>
            }
            <main class="panes">
                <section class="pane editor-pane" aria-label="Editor">
                    <Editor source={state.source.clone()} tokens={tokens} marks={marks} selection={state.selection} {plain} on_input={on_input} />
                    <div class="status">{ status_line(&analysis) }</div>
                </section>
                <section class="pane results-pane" aria-label="Results">
                    <nav class="tabs" role="tablist" aria-label="Results">{ for Tab::ALL.into_iter().map(tab_button) }</nav>
                    <div class="panel" id="panel" role="tabpanel" aria-labelledby={format!("tab-{}", state.tab.id())}>{ panel }</div>
                </section>
            </main>
            <footer class="foot">
                { "Everything runs in your browser: nothing you paste leaves this page. " }
                { format!("{} rules · shipshape {}", rules::RULES.len(), shipshape::VERSION) }
            </footer>
        </div>
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
