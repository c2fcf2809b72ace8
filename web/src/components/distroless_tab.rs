//! The Distroless tab: the file converted to a multi-stage build on a distroless (or
//! Chainguard) image, with what changed, what to check and the image before and after — or
//! the reason it cannot be converted.
//!
//! The converter is a third of the engine's weight and most visits never open this tab, so it
//! lives in a module of its own (`web/converter`) that the tab loads on first use. That module
//! drafts the conversion without any rule; the tab polishes the draft with the engine the page
//! already has (`shipshape::distroless::polish`), so the rules are not downloaded twice.

use std::rc::Rc;

use js_sys::Reflect;
use shipshape::distroless::{self, NoteKind, RuntimeFamily};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

use super::output::Output;
use crate::analysis::{self, Analysis};
use crate::formatting::formatted;
use crate::markdown::inline;

#[wasm_bindgen(module = "/js/converter.js")]
extern "C" {
    /// Loads the converter module on first use and drafts the conversion; resolves to the
    /// object `web/converter/src/lib.rs` documents.
    #[wasm_bindgen(js_name = draft)]
    fn draft_in_module(source: &str, runtime: &str) -> js_sys::Promise;
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub analysis: Rc<Analysis>,
    pub on_use: Callback<String>,
    /// The converted file is formatted (the editor's text was).
    pub format: bool,
    #[prop_or_default]
    pub readonly: bool,
}

/// One side of the before/after comparison, as the converter module describes it.
#[derive(Clone, Debug, Default, PartialEq)]
struct Summary {
    image: String,
    os: String,
    shell: Option<bool>,
    package_manager: String,
    user: String,
    size: String,
    size_source: String,
    /// OS packages the Dockerfile installs on top of the image: most of what the final image
    /// sheds, and why it shrinks even when the distroless base is the larger one.
    packages: Vec<String>,
}

/// A converted Dockerfile with what the page shows beside it.
#[derive(Clone, Debug, PartialEq)]
struct Conversion {
    unchanged: bool,
    image: String,
    dockerfile: String,
    notes: Vec<(NoteKind, String)>,
    before: Summary,
    after: Summary,
}

#[derive(Clone, Debug, PartialEq)]
enum State {
    Loading,
    Converted(Box<Conversion>),
    Refused {
        reason: String,
        line: Option<u32>,
    },
    /// The converter module could not be loaded (an offline copy of the site without it).
    Unavailable,
}

fn text(object: &JsValue, key: &str) -> String {
    Reflect::get(object, &JsValue::from_str(key)).ok().and_then(|v| v.as_string()).unwrap_or_default()
}

fn field(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn summary(object: &JsValue) -> Summary {
    Summary {
        image: text(object, "image"),
        os: text(object, "os"),
        shell: field(object, "shell").as_bool(),
        package_manager: text(object, "package_manager"),
        user: text(object, "user"),
        size: text(object, "size"),
        size_source: text(object, "size_source"),
        packages: js_sys::Array::from(&field(object, "packages")).iter().filter_map(|p| p.as_string()).collect(),
    }
}

/// The module's draft, polished with this page's engine.
fn read(result: &JsValue) -> State {
    if field(result, "ok").as_bool() != Some(true) {
        let line = field(result, "line").as_f64().map(|l| l as u32);
        return State::Refused { reason: text(result, "reason"), line };
    }
    let mut notes: Vec<(NoteKind, String)> = js_sys::Array::from(&field(result, "notes"))
        .iter()
        .map(|n| {
            let kind = if text(&n, "kind") == "check" { NoteKind::Check } else { NoteKind::Changed };
            (kind, text(&n, "message"))
        })
        .collect();
    let unchanged = field(result, "unchanged").as_bool().unwrap_or(false);
    let mut dockerfile = text(result, "dockerfile");
    if !unchanged {
        match distroless::polish(&dockerfile) {
            Ok((polished, polish_notes)) => {
                dockerfile = polished;
                notes.extend(polish_notes.into_iter().map(|n| (n.kind, n.message)));
            }
            Err(refusal) => return State::Refused { reason: refusal.reason, line: None },
        }
    }
    let comparison = field(result, "comparison");
    State::Converted(Box::new(Conversion {
        unchanged,
        image: text(result, "image"),
        dockerfile,
        notes,
        before: summary(&field(&comparison, "before")),
        after: summary(&field(&comparison, "after")),
    }))
}

#[function_component]
pub fn DistrolessTab(props: &Props) -> Html {
    let runtime = use_state(RuntimeFamily::default);
    let state = use_state(|| State::Loading);
    {
        let state = state.clone();
        use_effect_with((props.analysis.clone(), *runtime), move |(analysis, runtime)| {
            if analysis.too_large {
                let reason = analysis::too_large_notice(analysis.source.len());
                state.set(State::Refused { reason, line: None });
                return;
            }
            let source = analysis.source.clone();
            let runtime = runtime.as_str();
            wasm_bindgen_futures::spawn_local(async move {
                let result = JsFuture::from(draft_in_module(&source, runtime)).await;
                state.set(match result {
                    Ok(value) => read(&value),
                    Err(_) => State::Unavailable,
                });
            });
        });
    }
    let choose = |family: RuntimeFamily, label: &'static str| {
        let runtime = runtime.clone();
        let active = *runtime == family;
        let onclick = Callback::from(move |_| runtime.set(family));
        html! {
            <button class={classes!("nav-item", active.then_some("current"))} aria-pressed={active.to_string()}
                data-testid={format!("runtime-{}", family.as_str())} {onclick}>{ label }</button>
        }
    };
    let body = match &*state {
        State::Loading => html! { <p class="hint" data-testid="distroless-loading">{ "Loading the converter…" }</p> },
        State::Unavailable => html! {
            <div class="refusal">{ "The converter could not be loaded. " }<code>{ "shipshape distroless Dockerfile" }</code>{ " converts the file from the command line." }</div>
        },
        State::Refused { reason, line } => html! {
            <div class="refusal" data-testid="distroless-refusal">
                <strong>{ "Not converted: " }</strong>{ inline(reason) }
                if let Some(line) = line { { format!(" (line {line})") } }
            </div>
        },
        State::Converted(conversion) => {
            let Conversion { unchanged, image, dockerfile, notes, before, after } = &**conversion;
            let dockerfile = &formatted(dockerfile, props.format);
            let use_it = {
                let cb = props.on_use.clone();
                let text = dockerfile.clone();
                Callback::from(move |_| cb.emit(text.clone()))
            };
            let notes = notes.iter().map(|(kind, message)| {
                let check = *kind == NoteKind::Check;
                html! {
                    <li class={classes!(check.then_some("note-check"))}>
                        if check { <strong>{ "Check: " }</strong> }
                        { inline(message) }
                    </li>
                }
            });
            html! {
                <>
                    <div class="toolbar">
                        <span class="summary">
                            { if *unchanged { "Already distroless: " } else { "Final image: " } }
                            <code>{ image.clone() }</code>
                        </span>
                        <span class="spacer"></span>
                        if !props.readonly && !*unchanged {
                            <button class="button" onclick={use_it} data-testid="use-distroless">{ "Use in editor" }</button>
                        }
                    </div>
                    { comparison(before, after) }
                    <ul class="notes">{ for notes }</ul>
                    <Output text={AttrValue::from(dockerfile.clone())} filename="Dockerfile" testid={AttrValue::from("distroless-output")} label="Distroless Dockerfile" />
                </>
            }
        }
    };
    html! {
        <div class="distroless-panel">
            <div class="toolbar">
                <span class="hint">{ "Runtime images:" }</span>
                <span class="nav">
                    { choose(RuntimeFamily::Distroless, "distroless") }
                    { choose(RuntimeFamily::Chainguard, "Chainguard") }
                </span>
            </div>
            { body }
        </div>
    }
}

fn comparison(before: &Summary, after: &Summary) -> Html {
    let shell = |s: &Summary| match s.shell {
        Some(true) => "yes",
        Some(false) => "no",
        None => "unknown",
    };
    let row = |label: &'static str, a: String, b: String| {
        html! { <tr><th scope="row">{ label }</th><td>{ a }</td><td>{ b }</td></tr> }
    };
    let packages = |s: &Summary| if s.packages.is_empty() { "none".to_string() } else { s.packages.join(" ") };
    html! {
        <table class="comparison" data-testid="distroless-comparison">
            <thead><tr><th></th><th>{ "Before" }</th><th>{ "After" }</th></tr></thead>
            <tbody>
                { row("Image", before.image.clone(), after.image.clone()) }
                { row("OS", before.os.clone(), after.os.clone()) }
                { row("Shell", shell(before).to_string(), shell(after).to_string()) }
                { row("Package manager", before.package_manager.clone(), after.package_manager.clone()) }
                { row("User", before.user.clone(), after.user.clone()) }
                <tr>
                    <th scope="row">{ "Base image size (compressed)" }</th>
                    <td title={before.size_source.clone()}>{ before.size.clone() }</td>
                    <td title={after.size_source.clone()}>{ after.size.clone() }</td>
                </tr>
                { row("OS packages added", packages(before), packages(after)) }
            </tbody>
            <caption>
                { "Sizes are of the compressed base image (linux/amd64) before the packages and files the Dockerfile adds; hover a size for its source and date." }
            </caption>
        </table>
    }
}
