//! The shipshape playground: a Yew app over the core engine, compiled to WebAssembly.
//!
//! The app calls the core directly (no JS boundary): the same `check`, `fix` and rule metadata
//! as the CLI. Nothing leaves the page; the Dockerfile lives in the editor and, compressed, in
//! the URL fragment.

pub mod analysis;
pub mod app;
pub mod browser;
pub mod components;
pub mod diff;
pub mod examples;
pub mod highlight;
pub mod markdown;
pub mod share;
pub mod state;

/// Mounts the app on `<main id="app">` (or the body).
pub fn start() {
    let document = gloo::utils::document();
    match document.get_element_by_id("app") {
        Some(root) => {
            yew::Renderer::<app::App>::with_root(root).render();
        }
        None => {
            yew::Renderer::<app::App>::new().render();
        }
    }
}
