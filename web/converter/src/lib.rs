//! The playground's distroless converter, as a WebAssembly module of its own.
//!
//! The converter is a third of the engine's weight, and most visitors never open the
//! Distroless tab, so the page loads this module only then. It runs the rule-free part of the
//! conversion, [`shipshape::distroless::draft`]; the page finishes it with
//! [`shipshape::distroless::polish`] and the engine it already has, so the rules are not
//! shipped twice. The result is a plain object, ready to display:
//!
//! ```text
//! { ok: true, unchanged, stack, image, dockerfile, notes: [{ kind, message }],
//!   comparison: { before: Summary, after: Summary } }
//! { ok: false, reason, line }          // line: 1-based, or null
//! Summary = { image, os, shell, package_manager, user, size, size_source, packages }
//! ```

use js_sys::{Array, Object, Reflect};
use shipshape::distroless::{self, ImageSummary, Options, RuntimeFamily};
use shipshape::text::LineIndex;
use wasm_bindgen::prelude::*;

fn set(object: &Object, key: &str, value: impl Into<JsValue>) {
    let _ = Reflect::set(object, &JsValue::from_str(key), &value.into());
}

fn summary(s: &ImageSummary) -> Object {
    let object = Object::new();
    set(&object, "image", s.image.as_str());
    set(&object, "os", s.os.as_str());
    set(&object, "shell", s.shell.map_or(JsValue::NULL, JsValue::from_bool));
    set(&object, "package_manager", s.package_manager.as_str());
    set(&object, "user", s.user.as_str());
    match &s.size {
        Some(size) => {
            let approx = if size.approximate { "≈ " } else { "" };
            set(&object, "size", format!("{approx}{:.0} MB", size.megabytes));
            set(&object, "size_source", format!("{}, {}", size.source, size.date));
        }
        None => {
            set(&object, "size", "unknown");
            set(&object, "size_source", "");
        }
    }
    let packages: Array = s.packages.iter().map(|p| JsValue::from_str(p)).collect();
    set(&object, "packages", packages);
    object
}

/// The draft conversion of `source` onto `runtime` (`"distroless"` or `"chainguard"`).
#[wasm_bindgen]
pub fn draft(source: &str, runtime: &str) -> JsValue {
    let options = Options { runtime: RuntimeFamily::parse(runtime).unwrap_or_default(), ..Options::default() };
    let object = Object::new();
    match distroless::draft(source, &options) {
        Ok(c) => {
            set(&object, "ok", true);
            set(&object, "unchanged", c.unchanged);
            set(&object, "stack", c.stack.as_str());
            set(&object, "image", c.image.as_str());
            set(&object, "dockerfile", c.dockerfile.as_str());
            let notes: Array = c
                .notes
                .iter()
                .map(|note| {
                    let n = Object::new();
                    set(&n, "kind", note.kind.as_str());
                    set(&n, "message", note.message.as_str());
                    JsValue::from(n)
                })
                .collect();
            set(&object, "notes", notes);
            let comparison = Object::new();
            set(&comparison, "before", summary(&c.comparison.before));
            set(&comparison, "after", summary(&c.comparison.after));
            set(&object, "comparison", comparison);
        }
        Err(refusal) => {
            set(&object, "ok", false);
            set(&object, "reason", refusal.reason.as_str());
            set(&object, "class", refusal.class.as_str());
            let line = refusal.range.map(|r| LineIndex::new(source).line(r.start) + 1);
            set(&object, "line", line.map_or(JsValue::NULL, JsValue::from));
        }
    }
    object.into()
}
