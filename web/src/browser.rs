//! The few browser facilities the page uses: the URL fragment, the clipboard and downloads.
//! Failures are ignored on purpose: the page keeps working without them.

use wasm_bindgen::JsCast;

pub fn fragment() -> String {
    gloo::utils::window().location().hash().unwrap_or_default()
}

/// Replaces the fragment without adding a history entry or scrolling.
pub fn set_fragment(fragment: &str) {
    let window = gloo::utils::window();
    if let Ok(history) = window.history() {
        let url = format!(
            "{}{}{fragment}",
            window.location().pathname().unwrap_or_default(),
            window.location().search().unwrap_or_default()
        );
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

/// Emits `callback` once, `ms` milliseconds from now, unless the returned timer is dropped
/// first. Every delayed action of the page goes through this one closure type, which keeps
/// the WebAssembly smaller than a closure per timer.
pub fn after(ms: u32, callback: yew::Callback<()>) -> gloo::timers::callback::Timeout {
    gloo::timers::callback::Timeout::new(ms, move || callback.emit(()))
}

pub fn href() -> String {
    gloo::utils::window().location().href().unwrap_or_default()
}

pub fn copy(text: &str) {
    let clipboard = gloo::utils::window().navigator().clipboard();
    let _ = clipboard.write_text(text);
}

/// Offers `text` as a file download.
pub fn download(filename: &str, text: &str) {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/plain;charset=utf-8");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    let document = gloo::utils::document();
    if let Ok(element) = document.create_element("a")
        && let Ok(anchor) = element.dyn_into::<web_sys::HtmlAnchorElement>()
    {
        anchor.set_href(&url);
        anchor.set_download(filename);
        anchor.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// Milliseconds since navigation, for the timing marks the end-to-end tests read.
pub fn now() -> f64 {
    gloo::utils::window().performance().map_or(0.0, |p| p.now())
}

/// The site's root relative to the current page (`./`, or `../` in `exercises/`), from the
/// page's `<meta name="shipshape-root">`: shared files (rule docs, the converter) live there.
pub fn root() -> String {
    gloo::utils::document()
        .query_selector("meta[name=shipshape-root]")
        .ok()
        .flatten()
        .and_then(|m| m.get_attribute("content"))
        .unwrap_or_else(|| "./".to_string())
}
