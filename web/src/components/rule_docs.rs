//! A rule's documentation, from the same metadata the CLI's `explain` prints. The playground's
//! build leaves the text out of the WebAssembly (it is most of the rules' weight) and loads the
//! page `cargo xtask codegen` generated from it, `rules/<CODE>.md`, when a finding is opened.

use shipshape::meta::RuleMeta;
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
            match meta(code).map(RuleMeta::docs_markdown).filter(|d| !d.trim().is_empty()) {
                // Built with the docs inside (native tests): use them.
                Some(text) => docs.set(Docs::Loaded(text)),
                None => {
                    docs.set(Docs::Loading);
                    wasm_bindgen_futures::spawn_local(async move {
                        docs.set(match fetch_text(&format!("{}rules/{code}.md", crate::browser::root())).await {
                            Some(page) => Docs::Loaded(page),
                            None => Docs::Failed,
                        });
                    });
                }
            }
        });
    }
    let Some(m) = meta(props.code) else { return Html::default() };
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
    // The page's build holds no summaries: the generated page has it, above its sections.
    let summary = match &*docs {
        Docs::Loaded(text) if m.summary.is_empty() => summary_of(text),
        _ => m.summary,
    };
    let body = match &*docs {
        Docs::Loading => html! { <p class="hint">{ "Loading the documentation…" }</p> },
        Docs::Loaded(text) => markdown::render(body_of(text)),
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
            if !summary.is_empty() {
                <p class="rule-summary">{ markdown::inline(summary) }</p>
            }
            <p class="rule-facts">{ facts.join(" · ") }</p>
            { body }
        </aside>
    }
}

/// A rule of the core's, or one of the ShellCheck rules the page loaded.
fn meta(code: &str) -> Option<&'static RuleMeta> {
    rules::find(code).map(|r| &r.meta).or_else(|| crate::shellcheck::find(code))
}

/// The generated page from its first section on (its title and facts table the panel shows
/// from the metadata already).
fn body_of(page: &str) -> &str {
    page.find("## What it does").map_or(page, |i| &page[i..])
}

/// The generated page's summary: its first paragraph that is no comment, title or table.
fn summary_of(page: &str) -> &str {
    page.split("\n\n").map(str::trim).find(|p| !p.is_empty() && !p.starts_with(['<', '#', '|'])).unwrap_or("")
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
