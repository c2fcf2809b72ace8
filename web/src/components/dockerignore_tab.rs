//! The .dockerignore tab: paste yours (the checks then use it), or take the one recommended
//! for the detected stack.

use std::rc::Rc;

use shipshape::dockerignore;
use wasm_bindgen::JsCast;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use super::output::Output;
use crate::analysis::Analysis;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub analysis: Rc<Analysis>,
    pub value: Rc<str>,
    pub on_change: Callback<String>,
    #[prop_or_default]
    pub readonly: bool,
}

#[function_component]
pub fn DockerignoreTab(props: &Props) -> Html {
    let recommended = use_memo(props.analysis.stack, |stack| dockerignore::recommended(*stack));
    let on_input = {
        let cb = props.on_change.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(area) = e.target().and_then(|t| t.dyn_into::<HtmlTextAreaElement>().ok()) {
                cb.emit(area.value());
            }
        })
    };
    let use_recommended = {
        let cb = props.on_change.clone();
        let text = recommended.clone();
        Callback::from(move |_| cb.emit((*text).clone()))
    };
    let status = if props.value.trim().is_empty() {
        "No .dockerignore yet: the checks assume there is none."
    } else {
        "The checks use this .dockerignore (missing-dockerignore, copy-ignored-file)."
    };
    html! {
        <div class="dockerignore-panel">
            <div class="column">
                <h3>{ "Your .dockerignore" }</h3>
                <p class="hint">{ status }</p>
                <textarea class="small-editor" data-testid="dockerignore-input" aria-label="Your .dockerignore"
                    spellcheck="false" placeholder="Paste your .dockerignore here" value={props.value.to_string()} oninput={on_input}
                    readonly={props.readonly} />
            </div>
            <div class="column">
                <h3>{ format!("Recommended for a {} project", props.analysis.stack.as_str()) }</h3>
                <p class="hint">
                    { "Keeps secrets, version control and build output out of the build context. " }
                    if !props.readonly {
                        <button class="link" onclick={use_recommended} data-testid="use-recommended">{ "Use it" }</button>
                    }
                </p>
                <Output text={AttrValue::from((*recommended).clone())} filename=".dockerignore" testid={AttrValue::from("dockerignore-output")} />
            </div>
        </div>
    }
}
