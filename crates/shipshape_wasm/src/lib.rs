//! The shipshape JavaScript API: the core compiled to WebAssembly, for documentation pages,
//! editors and Node scripts that are not the playground.
//!
//! `cargo xtask dist` builds it with wasm-bindgen (`--target web`) into `dist/pkg/shipshape.js`
//! and `dist/pkg/shipshape_bg.wasm`; `docs/embedding.md` shows how to use it.
//!
//! Every function returns plain objects. Those that can fail return
//! `{ ok: true, ...result }` or `{ ok: false, error: "why" }`: bad input — a source that is not
//! a string, unknown options, an unknown rule — is an error value, never an exception.
//!
//! This is the only crate that knows `JsValue`; `api` is the same API in plain Rust.

pub mod api;
pub mod format;

use std::cell::RefCell;

use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** A finding's or an edit's severity. */
export type Severity = "error" | "warning" | "info" | "style";

/** Options of `check`, `fix` and `distroless`. Unknown fields are an error. */
export interface Options {
  /** Only these rules: codes (`"DL3042"`), names, BuildKit names, code prefixes (`"DL30"`) or
   * `"ALL"`, as an array or one comma-separated string. Default: the rules that are on by
   * default. */
  select?: string[] | string;
  /** These rules on top of the selected ones (e.g. rules that are off by default). */
  extendSelect?: string[] | string;
  /** Not these rules; wins over `select`. */
  ignore?: string[] | string;
  /** The text of the build context's `.dockerignore`; without it, shipshape assumes there is
   * none. */
  dockerignore?: string;
  /** Severity overrides by selector: `{ "DL3042": "error" }`. */
  severity?: Record<string, Severity>;
  /** Registries FROM may pull from (DL3026). Empty: any. */
  trustedRegistries?: string[];
  /** `# hadolint ignore=` / `# shipshape ignore=` pragmas have no effect. */
  disableIgnorePragma?: boolean;
  /** `fix` only: also apply fixes that may change what the build does. */
  unsafe?: boolean;
  /** `distroless` only: the family of runtime images, `"distroless"` (gcr.io/distroless, the
   * default) or `"chainguard"` (cgr.dev/chainguard). */
  runtime?: "distroless" | "chainguard";
  /** `distroless` only: files of the build context (lock and requirement files,
   * `package.json`), as paths relative to it and their text. */
  context?: { path: string; text: string }[];
}

/** A text edit. Lines and columns are 1-based; columns count UTF-16 code units (JavaScript
 * string indices + 1). The end is exclusive. */
export interface Edit {
  line: number;
  column: number;
  end_line: number;
  end_column: number;
  content: string;
}

export interface Fix {
  /** `safe` keeps the build's behaviour; `unsafe` may change it (review it). */
  applicability: "safe" | "unsafe" | "display-only";
  /** Imperative, e.g. "Add `--no-cache-dir`". Backquotes mark code. */
  title: string;
  edits: Edit[];
}

/** One finding, in the shape of `shipshape check --format json`. */
export interface Diagnostic {
  code: string;
  name: string;
  severity: Severity;
  /** One sentence: what is wrong and why. Backquotes mark code. */
  message: string;
  line: number;
  column: number;
  end_line: number;
  end_column: number;
  fix: Fix | null;
}

/** A failed call: bad input or options. Nothing is thrown. */
export interface Failure {
  ok: false;
  error: string;
}

export type CheckResult = { ok: true; diagnostics: Diagnostic[] } | Failure;

export type FixResult = {
  ok: true;
  /** The Dockerfile with the fixes applied. */
  output: string;
  /** How many fixes of each rule were applied. */
  fixed: { code: string; count: number }[];
  /** The findings left, positioned in `output`. */
  remaining: Diagnostic[];
  /** False when fixing stopped at its bound of passes while fixes were still applying. */
  converged: boolean;
} | Failure;

/** A base image, before or after the conversion. */
export interface ImageSummary {
  image: string;
  os: string;
  /** `null` when unknown. */
  shell: boolean | null;
  /** `apk`, `apt`, `dnf`, `none` or `unknown`. */
  package_manager: string;
  user: string;
  /** The estimated compressed size, when shipshape's table has one. */
  size: { megabytes: number; approximate: boolean; source: string; date: string } | null;
  /** The OS packages the Dockerfile installs on top of the image. */
  packages: string[];
}

/** `shipshape distroless --format json`: a conversion, or a refusal with its reason. */
export type DistrolessResult = {
  ok: true;
  converted: true;
  /** The multi-stage Dockerfile whose final image is distroless. */
  dockerfile: string;
  /** What changed and why; those the user must check start with `Check:`. */
  notes: string[];
  comparison: { before: ImageSummary; after: ImageSummary };
  stack: "python" | "node" | "bun" | "go" | "java" | "rust" | "ruby" | "php" | "static-binary" | "static-web" | "dotnet" | "native";
  tools: string[];
  /** The final stage's image. */
  image: string;
  /** True when the file already ran on a distroless image and was left as it is. */
  unchanged: boolean;
  /** The context files given, and those the conversion used. */
  context_read: string[];
  context_used: string[];
} | {
  ok: true;
  converted: false;
  /** Why the file was not converted (it needs a shell at run time, …). */
  refused: string;
  /** The class of the reason: what kind of change would let the file convert. */
  class: "invalid-input" | "windows" | "unknown-base" | "no-command" | "not-an-app" | "needs-shell"
    | "needs-context" | "unknown-program" | "not-published" | "unsupported-version"
    | "run-time-packages" | "build-change" | "converter-limit";
  /** The 1-based line the reason is about. */
  line: number | null;
} | Failure;

export type DockerignoreResult = {
  ok: true;
  /** The detected ecosystem. */
  stack: "python" | "node" | "go" | "java" | "rust" | "ruby" | "php" | "dotnet" | "generic";
  /** A recommended `.dockerignore` for it. */
  content: string;
} | Failure;

/** A rule, as `shipshape rules --format json` lists it. */
export interface Rule {
  code: string;
  name: string;
  category: "correctness" | "security" | "suspicious" | "performance" | "style" | "pedantic";
  severity: Severity;
  fix: "always" | "sometimes" | "never";
  hadolint: string | null;
  buildkit: string | null;
  summary: string;
  /** False for rules that run only when selected. */
  enabled_by_default: boolean;
}

/** Options of `format`. Unknown fields are an error. */
export interface FormatOptions {
  /** Spaces per level of continuation-line indentation, 1 to 16. Default 4. */
  indentWidth?: number;
  /** One command per line, operator first, in a long `&&`/`||` chain of a RUN. Default true. */
  breakLongRuns?: boolean;
  /** `"auto"` keeps the file's own (CRLF when its first line ends with one). Default `"auto"`. */
  lineEnding?: "auto" | "lf" | "crlf";
}

/** `format`: the formatted file, or why it was not formatted. A file with a syntax error is
 * not formatted; the failure says where the error is (1-based, UTF-16 columns). */
export type FormatResult = {
  ok: true;
  /** The formatted Dockerfile. */
  text: string;
  /** False when the file was formatted already. */
  changed: boolean;
} | {
  ok: false;
  error: string;
  line?: number;
  column?: number;
  end_line?: number;
  end_column?: number;
};

export type ExplainResult = {
  ok: true;
  rule: Rule;
  /** The rule's documentation in Markdown: What it does, Why is this bad?, Example, Use
   * instead. */
  docs: string;
} | Failure;
"#;

thread_local! {
    /// Set by the panic hook. WebAssembly cannot unwind, so the call that panicked throws a
    /// `RuntimeError`; every later call then returns this as an error value instead of running
    /// on state the panic may have left half-changed. A panic is a bug: the core promises none.
    static POISONED: RefCell<Option<String>> = const { RefCell::new(None) };
}

#[wasm_bindgen(start)]
fn start() {
    std::panic::set_hook(Box::new(|info| {
        let message = info.to_string();
        POISONED.with(|p| *p.borrow_mut() = Some(message));
    }));
}

fn poisoned() -> Option<String> {
    POISONED.with(|p| p.borrow().clone())
}

/// Plain JavaScript data from a Rust value: objects, arrays, strings, numbers, booleans and
/// `null` for `None`. (serde-wasm-bindgen measured 6 kB smaller gzipped than JSON text through
/// `JSON.parse`, both ways included; see `docs/embedding.md`.)
fn to_js<T: Serialize>(value: &T) -> JsValue {
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).unwrap_or(JsValue::NULL)
}

#[derive(Serialize)]
struct Success<'a, T> {
    ok: bool,
    #[serde(flatten)]
    value: &'a T,
}

#[derive(Serialize)]
struct Failure<'a> {
    ok: bool,
    error: &'a str,
}

/// `{ ok: true, ...value }` or `{ ok: false, error }`.
fn result<T: Serialize>(value: Result<T, String>) -> JsValue {
    match value {
        Ok(value) => to_js(&Success { ok: true, value: &value }),
        Err(error) => to_js(&Failure { ok: false, error: &error }),
    }
}

/// The source text, or why it cannot be one.
fn source_of(value: &JsValue) -> Result<String, String> {
    if let Some(message) = poisoned() {
        return Err(format!("shipshape stopped after an internal error ({message}); load the module again"));
    }
    value.as_string().ok_or_else(|| format!("the source must be a string, not {}", type_name(value)))
}

/// Options from a JavaScript value: `undefined` and `null` mean the defaults.
fn options_of<T: DeserializeOwned + Default>(value: &JsValue) -> Result<T, String> {
    options_with_keys(value, api::OPTION_KEYS)
}

/// Options whose fields are `keys`.
fn options_with_keys<T: DeserializeOwned + Default>(value: &JsValue, keys: &[&str]) -> Result<T, String> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    if !value.is_object() || js_sys::Array::is_array(value) {
        return Err(format!("the options must be an object, not {}", type_name(value)));
    }
    // Getters run while the options are read; one that throws must give an error value, so
    // read them once through JSON.stringify, which reports the exception.
    if js_sys::JSON::stringify(value).is_err() {
        return Err("the options cannot be read: one of their properties throws or is not data".to_string());
    }
    // serde-wasm-bindgen reads only the fields it knows, so `deny_unknown_fields` never sees a
    // typo: look at the keys here.
    for key in js_sys::Object::keys(value.unchecked_ref::<js_sys::Object>()).iter().filter_map(|k| k.as_string()) {
        if !keys.contains(&key.as_str()) {
            return Err(format!("bad options: unknown field `{key}`, expected one of {}", keys.join(", ")));
        }
    }
    serde_wasm_bindgen::from_value(value.clone()).map_err(|e| format!("bad options: {e}"))
}

fn type_name(value: &JsValue) -> String {
    if value.is_null() {
        "null".to_string()
    } else if js_sys::Array::is_array(value) {
        "an array".to_string()
    } else {
        value.js_typeof().as_string().unwrap_or_else(|| "unknown".to_string())
    }
}

/// Checks a Dockerfile: `{ ok: true, diagnostics }` sorted by position, or `{ ok: false, error }`.
#[wasm_bindgen(unchecked_return_type = "CheckResult")]
pub fn check(
    #[wasm_bindgen(unchecked_param_type = "string")] source: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Options")] options: JsValue,
) -> JsValue {
    result(source_of(&source).and_then(|source| api::check(&source, &options_of(&options)?)))
}

/// Applies every safe fix (every fix with `{ unsafe: true }`), re-checking until nothing
/// changes, exactly as `shipshape fix` does.
#[wasm_bindgen(unchecked_return_type = "FixResult")]
pub fn fix(
    #[wasm_bindgen(unchecked_param_type = "string")] source: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Options")] options: JsValue,
) -> JsValue {
    result(source_of(&source).and_then(|source| api::fix(&source, &options_of(&options)?)))
}

/// Converts the Dockerfile to a multi-stage build whose final image is distroless (or
/// Chainguard with `{ runtime: "chainguard" }`), or says why it cannot, as
/// `shipshape distroless` does.
#[wasm_bindgen(unchecked_return_type = "DistrolessResult")]
pub fn distroless(
    #[wasm_bindgen(unchecked_param_type = "string")] source: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Options")] options: JsValue,
) -> JsValue {
    result(source_of(&source).and_then(|source| api::distroless(&source, &options_of(&options)?)))
}

/// Formats a Dockerfile as `shipshape format` does (`docs/formatting.md`): `{ ok: true, text,
/// changed }`, or `{ ok: false, error }` with the position of a syntax error.
#[wasm_bindgen(unchecked_return_type = "FormatResult")]
pub fn format(
    #[wasm_bindgen(unchecked_param_type = "string")] source: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "FormatOptions")] options: JsValue,
) -> JsValue {
    let formatted = source_of(&source)
        .and_then(|source| Ok((source, options_with_keys(&options, format::OPTION_KEYS)?)))
        .map_err(format::FormatFailure::from)
        .and_then(|(source, options)| format::format(&source, &options));
    match formatted {
        Ok(output) => to_js(&Success { ok: true, value: &output }),
        Err(failure) => to_js(&Success { ok: false, value: &failure }),
    }
}

/// The `.dockerignore` recommended for the stack the Dockerfile builds.
#[wasm_bindgen(unchecked_return_type = "DockerignoreResult")]
pub fn dockerignore(#[wasm_bindgen(unchecked_param_type = "string")] source: JsValue) -> JsValue {
    result(source_of(&source).and_then(|source| api::dockerignore(&source)))
}

/// Every rule, in the order of `shipshape rules`.
#[wasm_bindgen(unchecked_return_type = "Rule[]")]
pub fn rules() -> JsValue {
    to_js(&api::rules())
}

/// A rule's documentation, by code, name or BuildKit name (case-insensitive).
#[wasm_bindgen(unchecked_return_type = "ExplainResult")]
pub fn explain(#[wasm_bindgen(unchecked_param_type = "string")] code: JsValue) -> JsValue {
    let code = match code.as_string() {
        Some(code) => Ok(code),
        None => Err(format!("the rule must be a string, not {}", type_name(&code))),
    };
    result(code.and_then(|code| api::explain(&code)))
}

/// The version of shipshape, e.g. `"0.1.0"`.
#[wasm_bindgen]
pub fn version() -> String {
    shipshape::VERSION.to_string()
}
