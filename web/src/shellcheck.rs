//! The ShellCheck rules, from the module the page loads after its first paint
//! (`web/shellcheck`), once the Dockerfile has a RUN.
//!
//! The page's own build of the core leaves the rules out (they would take it over its download
//! budget). Loading the module gives their metadata, kept for the page's lifetime; from then on
//! every check asks the module for the findings of the ShellCheck rules and merges them into
//! the core's ([`shipshape::check_full_with`]), and every fix loop does the same
//! ([`shipshape::fix_with_more`]), so their findings sit in the list where a full check puts
//! them and "Fix all" applies their fixes with the others.

use std::cell::Cell;

use shipshape::meta::RuleMeta;
use shipshape::{Diagnostic, Settings, wire};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/js/converter.js")]
extern "C" {
    /// Loads the module; resolves to the rules' metadata (`wire::write_rules`).
    #[wasm_bindgen(js_name = loadShellcheck)]
    fn load_module() -> js_sys::Promise;

    /// The findings of the loaded module (`wire::write_diagnostics`).
    #[wasm_bindgen(js_name = shellcheckFindings)]
    fn module_findings(source: &str, select: &str, ignore: &str) -> String;
}

thread_local! {
    static RULES: Cell<Option<&'static [RuleMeta]>> = const { Cell::new(None) };
}

/// The rules' metadata, once the module is loaded.
pub fn rules() -> Option<&'static [RuleMeta]> {
    RULES.with(Cell::get)
}

/// Loads the module (once for the page; later calls return at once). False when it cannot be
/// loaded.
pub async fn load() -> bool {
    if rules().is_some() {
        return true;
    }
    let Some(text) = JsFuture::from(load_module()).await.ok().and_then(|t| t.as_string()) else { return false };
    // Read once per page: leaking the texts gives them the lifetime findings need.
    let table = wire::read_rules(&text, &mut |s| Box::leak(s.into())).leak();
    RULES.with(|r| r.set(Some(table)));
    !table.is_empty()
}

/// The ShellCheck findings on `source` under `settings`' selectors; none before the module is
/// loaded.
pub fn findings(source: &str, settings: &Settings) -> Vec<Diagnostic> {
    let Some(rules) = rules() else { return Vec::new() };
    // Every RUN spells `run` in some case: a text without one (a megabyte of pasted garbage)
    // need not be read again.
    if shipshape::text::find_ignore_ascii_case(source, "run").is_none() {
        return Vec::new();
    }
    wire::read_diagnostics(&module_findings(source, &settings.select.join(","), &settings.ignore.join(",")), rules)
}

/// A ShellCheck rule by code, once the module is loaded.
pub fn find(code: &str) -> Option<&'static RuleMeta> {
    rules()?.iter().find(|r| r.code == code)
}

/// Whether `selector` can name ShellCheck rules: a code or a code prefix (`SC2086`, `SC3`).
/// The page knows the rules' names only once the module is loaded, after the embed has read
/// its selectors.
pub fn is_selector(selector: &str) -> bool {
    let s = selector.trim();
    s.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("sc"))
        && s.get(2..).is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}
