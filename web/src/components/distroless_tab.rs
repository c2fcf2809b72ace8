//! The Distroless tab: the Dockerfile rewritten as a multi-stage build on a distroless (or
//! Chainguard) runtime, with the notes that say what changed and what to check, and the size
//! and attack-surface comparison. A refusal explains why the file cannot be converted.

use std::rc::Rc;

use shipshape::distroless::{self, Conversion, ImageSummary, NoteKind, Options, RuntimeFamily};
use yew::prelude::*;

use super::output::Output;
use crate::analysis::Analysis;
use crate::markdown::inline;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub analysis: Rc<Analysis>,
    pub chainguard: bool,
    pub on_toggle_chainguard: Callback<bool>,
}

#[function_component]
pub fn DistrolessTab(props: &Props) -> Html {
    let runtime = if props.chainguard { RuntimeFamily::Chainguard } else { RuntimeFamily::Distroless };
    let conversion = use_memo((props.analysis.clone(), runtime), |(analysis, runtime)| {
        distroless::convert(&analysis.source, &Options { runtime: *runtime })
    });
    let toggle = {
        let cb = props.on_toggle_chainguard.clone();
        let on = props.chainguard;
        Callback::from(move |_| cb.emit(!on))
    };
    let body = match &*conversion {
        Conversion::Refused(refusal) => html! {
            <div class="refusal" data-testid="distroless-refusal" role="status">
                <strong>{ "This Dockerfile is not converted. " }</strong>{ inline(&refusal.reason) }
            </div>
        },
        Conversion::Converted(converted) => html! {
            <>
                <p class="fix-summary">
                    { format!("A {} app, on ", converted.stack.as_str()) }<code>{ converted.image.clone() }</code>
                    { if converted.unchanged { " already: the file is left as it is." } else { "." } }
                </p>
                { comparison(&converted.comparison.before, &converted.comparison.after) }
                <ul class="notes" data-testid="distroless-notes">
                    { for converted.notes.iter().map(|note| html! {
                        <li class={classes!(matches!(note.kind, NoteKind::Check).then_some("note-check"))}>
                            if matches!(note.kind, NoteKind::Check) { <strong>{ "Check: " }</strong> }
                            { inline(&note.message) }
                        </li>
                    }) }
                </ul>
                <Output text={AttrValue::from(converted.dockerfile.clone())} filename="Dockerfile.distroless"
                    testid={AttrValue::from("distroless-output")} label="Distroless Dockerfile" />
            </>
        },
    };
    html! {
        <div class="distroless-panel">
            <div class="toolbar">
                <label class="toggle">
                    <input type="checkbox" checked={props.chainguard} onchange={toggle} data-testid="chainguard" />
                    { " Use Chainguard images instead of Google's distroless" }
                </label>
            </div>
            { body }
        </div>
    }
}

fn comparison(before: &ImageSummary, after: &ImageSummary) -> Html {
    let size = |s: &ImageSummary| match &s.size {
        Some(size) => format!("{}{:.0} MB", if size.approximate { "≈ " } else { "" }, size.megabytes),
        None => "unknown".to_string(),
    };
    let source =
        |s: &ImageSummary| s.size.as_ref().map(|size| format!("{}, {}", size.source, size.date)).unwrap_or_default();
    let yes_no = |v: Option<bool>| match v {
        Some(true) => "yes",
        Some(false) => "no",
        None => "unknown",
    };
    html! {
        <table class="comparison" data-testid="distroless-comparison">
            <thead><tr><th></th><th>{ "Before" }</th><th>{ "After" }</th></tr></thead>
            <tbody>
                <tr><th>{ "Runtime image" }</th><td><code>{ before.image.clone() }</code></td><td><code>{ after.image.clone() }</code></td></tr>
                <tr><th>{ "Estimated size (compressed)" }</th><td title={source(before)}>{ size(before) }</td><td title={source(after)}>{ size(after) }</td></tr>
                <tr><th>{ "Base OS" }</th><td>{ before.os.clone() }</td><td>{ after.os.clone() }</td></tr>
                <tr><th>{ "Shell" }</th><td>{ yes_no(before.shell) }</td><td>{ yes_no(after.shell) }</td></tr>
                <tr><th>{ "Package manager" }</th><td>{ before.package_manager.clone() }</td><td>{ after.package_manager.clone() }</td></tr>
                <tr><th>{ "User" }</th><td>{ before.user.clone() }</td><td>{ after.user.clone() }</td></tr>
            </tbody>
        </table>
    }
}
