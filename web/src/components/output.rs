//! A text output with copy and download buttons, used by the Fixed, Distroless and
//! .dockerignore tabs.

use yew::prelude::*;

use crate::browser;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub text: AttrValue,
    pub filename: AttrValue,
    /// The `data-testid` of the `<pre>`.
    #[prop_or_default]
    pub testid: Option<AttrValue>,
    #[prop_or_default]
    pub label: AttrValue,
}

#[function_component]
pub fn Output(props: &Props) -> Html {
    let copied = use_state(|| false);
    let copy = {
        let text = props.text.clone();
        let copied = copied.clone();
        Callback::from(move |_| {
            browser::copy(&text);
            copied.set(true);
        })
    };
    let download = {
        let text = props.text.clone();
        let filename = props.filename.clone();
        Callback::from(move |_| browser::download(&filename, &text))
    };
    html! {
        <div class="output">
            <div class="output-bar">
                <span class="output-label">{ props.label.clone() }</span>
                <button class="button" onclick={copy}>{ if *copied { "Copied" } else { "Copy" } }</button>
                <button class="button" onclick={download}>{ format!("Download {}", props.filename) }</button>
            </div>
            <pre class="output-text" tabindex="0" data-testid={props.testid.clone()}>{ props.text.clone() }</pre>
        </div>
    }
}
