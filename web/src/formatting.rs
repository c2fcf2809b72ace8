//! The formatter, from the module the page loads the first time it formats (`web/formatter`).
//!
//! The page is at its download budget, so the glue is as small as it can be: the editor's
//! Format button hands the click to the loader, which formats the editor's text as typing
//! would change it (an `input` event), and an output is formatted at render time once the
//! module is loaded. Loading it re-sends the editor's `input`, so the page renders again with
//! it.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/converter.js")]
extern "C" {
    /// Formats the editor's text, as typing would change it (an `input` event); a text with
    /// a syntax error is left alone (the findings say where the error is).
    #[wasm_bindgen(js_name = formatEditor)]
    pub fn format_editor();

    /// `text` formatted, if the formatter is loaded and the text parses; otherwise `None`,
    /// and the module starts loading.
    #[wasm_bindgen(js_name = formatLoaded)]
    fn format_loaded(text: &str) -> Option<String>;
}

/// `text` formatted when `on` and the formatter can, else `text` as it is.
pub fn formatted(text: &str, on: bool) -> String {
    on.then(|| format_loaded(text)).flatten().unwrap_or_else(|| text.to_string())
}
