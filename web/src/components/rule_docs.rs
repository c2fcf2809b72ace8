//! A rule's documentation, from the same metadata the CLI's `explain` prints. The playground's
//! build leaves the text out of the WebAssembly (it is most of the rules' weight) and loads the
//! page `cargo xtask codegen` generated from it, `rules/<CODE>.md`, when a finding is opened.

use shipshape::rules;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

use crate::markdown;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub code: &'static str,
    pub on_close: Callback<()>,
}

#[derive(Clone, PartialEq)]
enum Docs {
    Loading,
    Loaded(String),
    Failed,
}

#[function_component]
pub fn RuleDocs(props: &Props) -> Html {
    let docs = use_state(|| Docs::Loading);
    {
        let docs = docs.clone();
        use_effect_with(props.code, move |code| {
            let code = *code;
            match rules::find(code).map(|r| r.meta.docs_markdown()).filter(|d| !d.trim().is_empty()) {
                // Built with the docs inside (native tests): use them.
                Some(text) => docs.set(Docs::Loaded(text)),
                None => {
                    docs.set(Docs::Loading);
                    wasm_bindgen_futures::spawn_local(async move {
                        docs.set(match fetch_text(&format!("{}rules/{code}.md", crate::browser::root())).await {
                            Some(page) => Docs::Loaded(body_of(&page)),
                            None => Docs::Failed,
                        });
                    });
                }
            }
        });
    }
    let Some(rule) = rules::find(props.code) else { return Html::default() };
    let m = &rule.meta;
    let close = {
        let cb = props.on_close.clone();
        Callback::from(move |_| cb.emit(()))
    };
    let mut facts = vec![format!("{} · default severity {}", m.category.as_str(), m.severity().as_str())];
    if let Some(h) = m.hadolint {
        facts.push(format!("hadolint {h}"));
    }
    if let Some(b) = m.buildkit {
        facts.push(format!("BuildKit {b}"));
    }
    let body = match &*docs {
        Docs::Loading => html! { <p class="hint">{ "Loading the documentation…" }</p> },
        Docs::Loaded(text) => markdown::render(text),
        Docs::Failed => html! {
            <p class="hint">{ "The documentation could not be loaded; " }<code>{ format!("shipshape explain {}", m.code) }</code>{ " prints it." }</p>
        },
    };
    html! {
        <aside class="rule-docs" data-testid="rule-docs" aria-label={format!("Documentation of {}", m.name)}>
            <div class="rule-docs-head">
                <h3><span class="code">{ m.code }</span>{ " " }{ m.name }</h3>
                <button class="button close" onclick={close} aria-label="Close the rule's documentation">{ "×" }</button>
            </div>
            <p class="rule-summary">{ markdown::inline(m.summary) }</p>
            <p class="rule-facts">{ facts.join(" · ") }</p>
            { body }
        </aside>
    }
}

/// The generated page from its first section on (its title and facts table the panel shows
/// from the metadata already).
fn body_of(page: &str) -> String {
    page.find("## What it does").map_or_else(|| page.to_string(), |i| page[i..].to_string())
}

async fn fetch_text(url: &str) -> Option<String> {
    let window = gloo::utils::window();
    let response = JsFuture::from(window.fetch_with_str(url)).await.ok()?;
    let response: web_sys::Response = response.dyn_into().ok()?;
    if !response.ok() {
        return None;
    }
    let text = JsFuture::from(response.text().ok()?).await.ok()?;
    text.as_string()
}
