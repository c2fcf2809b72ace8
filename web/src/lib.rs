//! The shipshape playground: a Yew app over the core engine, compiled to WebAssembly.
//!
//! Three views: the playground, the embed widget for documentation pages (`embed.html`), and
//! the workshop exercises (`exercises/`, a binary of its own). The app calls the core directly (no JS
//! boundary): the same `check`, `fix` and rule metadata as the CLI. Nothing leaves the page;
//! the Dockerfile lives in the editor and, compressed, in the URL fragment.

pub mod analysis;
pub mod app;
pub mod browser;
pub mod components;
pub mod diff;
pub mod embed;
pub mod examples;
pub mod exercises;
pub mod formatting;
pub mod highlight;
pub mod lz;
pub mod markdown;
pub mod playground;
pub mod share;
pub mod shellcheck;
pub mod state;

/// Mounts the playground (or the embed widget) on `<main id="app">` (or the body).
pub fn start() {
    match gloo::utils::document().get_element_by_id("app") {
        Some(root) => {
            yew::Renderer::<app::App>::with_root(root).render();
        }
        None => {
            yew::Renderer::<app::App>::new().render();
        }
    }
}

/// Mounts the exercises page.
pub fn start_exercises() {
    match gloo::utils::document().get_element_by_id("app") {
        Some(root) => {
            yew::Renderer::<app::ExercisesApp>::with_root(root).render();
        }
        None => {
            yew::Renderer::<app::ExercisesApp>::new().render();
        }
    }
}
