//! The playground's formatter, as a WebAssembly module of its own.
//!
//! The page's own module is at its download budget, and formatting is something a visitor
//! asks for, so the page loads this module the first time it formats. It formats with the
//! default options (`docs/formatting.md`): the text, or an exception whose value is the
//! reason, `line 3: …`, ready to show.

use shipshape::format::{self, FormatOptions};
use shipshape::text::LineIndex;
use wasm_bindgen::prelude::*;

/// `source` formatted, or why it cannot be.
#[wasm_bindgen]
pub fn format(source: &str) -> Result<String, String> {
    format::format(source, &FormatOptions::default()).map_err(|error| {
        let line = LineIndex::new(source).line(error.range.start) + 1;
        format!("line {line}: {}", error.message)
    })
}
