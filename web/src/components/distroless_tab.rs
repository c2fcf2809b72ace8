//! The Distroless tab: the file converted to a multi-stage build on a distroless (or
//! Chainguard) image, with what changed, what to check and the image before and after — or
//! the reason it cannot be converted.

use std::rc::Rc;

use shipshape::distroless::{self, Conversion, ImageSummary, NoteKind, RuntimeFamily};
use yew::prelude::*;

use super::output::Output;
use crate::analysis::Analysis;
use crate::markdown::inline;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub analysis: Rc<Analysis>,
    pub on_use: Callback<String>,
    #[prop_or_default]
    pub readonly: bool,
}

#[function_component]
pub fn DistrolessTab(props: &Props) -> Html {
    let runtime = use_state(RuntimeFamily::default);
    let conversion = use_memo((props.analysis.clone(), *runtime), |(analysis, runtime)| {
        distroless::convert(&analysis.source, &distroless::Options { runtime: *runtime })
    });
    let choose = |family: RuntimeFamily, label: &'static str| {
        let runtime = runtime.clone();
        let active = *runtime == family;
        let onclick = Callback::from(move |_| runtime.set(family));
        html! {
            <button class={classes!("nav-item", active.then_some("current"))} aria-pressed={active.to_string()}
                data-testid={format!("runtime-{}", family.as_str())} {onclick}>{ label }</button>
        }
    };
    let body = match &*conversion {
        Conversion::Refused(refusal) => {
            let line = refusal.range.map(|r| props.analysis.lines.line(r.start) + 1);
            html! {
                <div class="refusal" data-testid="distroless-refusal">
                    <strong>{ "Not converted: " }</strong>{ inline(&refusal.reason) }
                    if let Some(line) = line { { format!(" (line {line})") } }
                </div>
            }
        }
        Conversion::Converted(c) => {
            let use_it = {
                let cb = props.on_use.clone();
                let text = c.dockerfile.clone();
                Callback::from(move |_| cb.emit(text.clone()))
            };
            let notes = c.notes.iter().map(|note| {
                let check = note.kind == NoteKind::Check;
                html! {
                    <li class={classes!(check.then_some("note-check"))}>
                        if check { <strong>{ "Check: " }</strong> }
                        { inline(&note.message) }
                    </li>
                }
            });
            html! {
                <>
                    <div class="toolbar">
                        <span class="summary">
                            { if c.unchanged { "Already distroless: ".to_string() } else { "Final image: ".to_string() } }
                            <code>{ c.image.clone() }</code>
                        </span>
                        <span class="spacer"></span>
                        if !props.readonly && !c.unchanged {
                            <button class="button" onclick={use_it} data-testid="use-distroless">{ "Use in editor" }</button>
                        }
                    </div>
                    { comparison(&c.comparison.before, &c.comparison.after) }
                    <ul class="notes">{ for notes }</ul>
                    <Output text={AttrValue::from(c.dockerfile.clone())} filename="Dockerfile" testid={AttrValue::from("distroless-output")} label="Distroless Dockerfile" />
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

fn comparison(before: &ImageSummary, after: &ImageSummary) -> Html {
    let size = |s: &ImageSummary| {
        s.size.map_or("unknown".to_string(), |size| {
            format!("{}{:.0} MB", if size.approximate { "≈ " } else { "" }, size.megabytes)
        })
    };
    let shell = |s: &ImageSummary| match s.shell {
        Some(true) => "yes",
        Some(false) => "no",
        None => "unknown",
    };
    let row = |label: &'static str, a: String, b: String| {
        html! { <tr><th scope="row">{ label }</th><td>{ a }</td><td>{ b }</td></tr> }
    };
    html! {
        <table class="comparison" data-testid="distroless-comparison">
            <thead><tr><th></th><th>{ "Before" }</th><th>{ "After" }</th></tr></thead>
            <tbody>
                { row("Image", before.image.clone(), after.image.clone()) }
                { row("OS", before.os.clone(), after.os.clone()) }
                { row("Shell", shell(before).to_string(), shell(after).to_string()) }
                { row("Package manager", before.package_manager.clone(), after.package_manager.clone()) }
                { row("User", before.user.clone(), after.user.clone()) }
                { row("Size (compressed)", size(before), size(after)) }
            </tbody>
        </table>
    }
}
