//! The playground page: a header with the examples and the share link, the workbench with
//! every tab, and the share link kept in the address bar.

use std::rc::Rc;

use gloo::timers::callback::Timeout;
use shipshape::rules;
use wasm_bindgen::JsCast;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::analysis::LARGE_INPUT;
use crate::components::top_bar::{Nav, TopBar};
use crate::components::workbench::Workbench;
use crate::state::{Action, State, Tab};
use crate::{browser, examples, share};

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

#[derive(Properties, PartialEq)]
pub struct Props {
    pub on_nav: Callback<Nav>,
}

#[function_component]
pub fn Playground(props: &Props) -> Html {
    let initial = use_memo((), |_| initial_state());
    let state = {
        let initial = initial.clone();
        use_reducer(move || initial.0.clone())
    };

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
    let tabs: Rc<[Tab]> = Rc::from(Tab::ALL);

    html! {
        <div class="shell">
            <TopBar current={Nav::Playground} on_nav={props.on_nav.clone()}>
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
            </TopBar>
            <Workbench state={state.clone()} {tabs} notice={initial.1.clone().map(AttrValue::from)} />
            <footer class="foot">
                { "Everything runs in your browser: nothing you paste leaves this page. " }
                { format!("{} rules · shipshape {}", rules::RULES.len() + crate::shellcheck::rules().map_or(0, <[_]>::len), shipshape::VERSION) }
            </footer>
        </div>
    }
}
