//! Shared by the label rules (`invalid-label-key` and the label-schema rules DL3049-DL3058):
//! the LABEL pairs of a file with their keys and values as Docker reads them, and the check
//! every typed schema rule runs.

use super::Checker;
use crate::semantic::vars;
use crate::settings::LabelType;
use crate::syntax::{Args, Instruction, Kind, Pair, Word, words};
use crate::text::{TextRange, code};

/// One `key=value` of a LABEL instruction.
pub struct Label<'a> {
    /// The index of the instruction (the ONBUILD wrapper for `ONBUILD LABEL`).
    pub index: usize,
    /// The LABEL instruction itself.
    pub instruction: &'a Instruction,
    pub pair: &'a Pair,
    /// The key as the image will have it; `None` when it depends on a build argument.
    pub key: Option<String>,
    /// Variables the key expands that are never defined: Docker replaces them with nothing.
    pub undefined: Vec<String>,
}

impl Label<'_> {
    pub fn key_range(&self) -> TextRange {
        self.pair.key.range
    }

    /// The key as written, quotes removed.
    pub fn written_key(&self, ctx: &Checker) -> String {
        words::unquote(&raw(self.instruction, &self.pair.key), ctx.file.escape)
    }

    /// True for a LABEL written directly in a stage (not an ONBUILD trigger).
    pub fn is_direct(&self, ctx: &Checker) -> bool {
        ctx.file.instructions[self.index].kind == Kind::Label
    }

    /// The value as the image will have it, when it is known without building: `None` when it
    /// depends on a build argument or an ENV (`$VERSION`, `${BUILD_DATE}`).
    pub fn value(&self, ctx: &Checker) -> Option<String> {
        self.value_expansion(ctx).0
    }

    /// [`Label::value`] and the variables it expands that are never defined.
    pub fn value_expansion(&self, ctx: &Checker) -> (Option<String>, Vec<String>) {
        match &self.pair.value {
            Some(value) => expand(ctx, self.index, &raw(self.instruction, value)),
            None => (None, Vec::new()),
        }
    }
}

/// Every LABEL pair of the file, ONBUILD LABEL included, in order.
pub fn labels<'a>(ctx: &Checker<'a>) -> Vec<Label<'a>> {
    let mut out = Vec::new();
    for (index, instruction) in ctx.of_kind(Kind::Label) {
        let Args::Pairs(pairs) = &instruction.args else { continue };
        for pair in pairs {
            let (key, undefined) = expand(ctx, index, &raw(instruction, &pair.key));
            out.push(Label { index, instruction, pair, key, undefined });
        }
    }
    out
}

/// A word as written (quotes included), continuation lines removed.
fn raw(instruction: &Instruction, word: &Word) -> String {
    let text = instruction.logical.text_of(word.range);
    if text.is_empty() { word.value.clone() } else { text.to_string() }
}

/// A LABEL word as Docker evaluates it before instruction `index`: quotes removed and
/// variables expanded. `None` when a variable is an ARG or ENV of the stage, whose value may
/// be set at build time; a variable defined nowhere expands to nothing, as in Docker, and is
/// returned in the list.
fn expand(ctx: &Checker, index: usize, raw: &str) -> (Option<String>, Vec<String>) {
    let escape = ctx.file.escape;
    let text = words::unquote(raw, escape);
    if !is_dynamic(raw, escape) {
        return (Some(text), Vec::new());
    }
    let undefined = std::cell::RefCell::new(Vec::new());
    let declared = std::cell::Cell::new(false);
    let expanded = vars::expand(&text, &|name| match ctx.model.variable(index, name) {
        Some(_) => {
            declared.set(true);
            None
        }
        None => {
            undefined.borrow_mut().push(name.to_string());
            Some(String::new())
        }
    });
    let value = if declared.get() { None } else { expanded };
    (value, undefined.into_inner())
}

/// True when `raw` (as written, quotes included) expands a variable: a `$` followed by a name
/// or `{`, outside single quotes and not escaped.
pub fn is_dynamic(raw: &str, escape: char) -> bool {
    let mut chars = raw.chars().peekable();
    let mut single = false;
    let mut double = false;
    while let Some(c) = chars.next() {
        match c {
            '\'' if !double => single = !single,
            '"' if !single => double = !double,
            c if c == escape && !single => {
                chars.next();
            }
            '$' if !single && chars.peek().is_some_and(|n| n.is_ascii_alphanumeric() || *n == '_' || *n == '{') => {
                return true;
            }
            _ => {}
        }
    }
    false
}

/// The schema's type for `key`, if the schema names it.
pub fn schema_type(ctx: &Checker, key: &str) -> Option<LabelType> {
    ctx.settings.label_schema.iter().find(|(name, _)| name == key).map(|(_, kind)| *kind)
}

/// `value` shortened for a message.
pub fn shown(value: &str) -> String {
    const MAX: usize = 60;
    if value.chars().count() <= MAX {
        value.to_string()
    } else {
        let cut: String = value.chars().take(MAX).collect();
        format!("{cut}…")
    }
}

/// The check of a typed schema rule: every label the schema gives type `kind` must hold a
/// value that `valid` accepts. `what` completes "must be …" in the message. Empty values are
/// left to `empty-label-value`, and values that expand a build argument are only known at build
/// time.
pub fn check_typed(ctx: &mut Checker, kind: LabelType, what: &str, valid: fn(&str) -> Result<(), String>) {
    // Without the feature (the page and the JS API, which take no schema) the validators are
    // left out of the build.
    if !cfg!(feature = "label-schema") || !ctx.settings.label_schema.iter().any(|(_, k)| *k == kind) {
        return;
    }
    let mut found = Vec::new();
    for label in labels(ctx) {
        let Some(key) = &label.key else { continue };
        if schema_type(ctx, key) != Some(kind) {
            continue;
        }
        let Some(value) = &label.pair.value else { continue };
        let Some(text) = label.value(ctx) else { continue };
        if text.trim().is_empty() {
            continue;
        }
        if let Err(reason) = valid(&text) {
            let range = if value.range.is_empty() { label.pair.range } else { value.range };
            found.push((range, format!("Label {} must be {what}, but {} {reason}", code(key), code(&shown(&text)))));
        }
    }
    for (range, message) in found {
        ctx.report(range, message);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dynamic_values() {
        assert!(is_dynamic("$VERSION", '\\'));
        assert!(is_dynamic("\"${BUILD_DATE}\"", '\\'));
        assert!(is_dynamic("v$X", '\\'));
        assert!(!is_dynamic("'$VERSION'", '\\'));
        assert!(!is_dynamic("\\$VERSION", '\\'));
        // BuildKit expands `$5` (to nothing); a lone `$` stays.
        assert!(is_dynamic("costs $5", '\\'));
        assert!(!is_dynamic("costs $", '\\'));
        assert!(!is_dynamic("1.0.0", '\\'));
        assert!(is_dynamic("\"it's $X\"", '\\'));
    }

    #[test]
    fn shortens_long_values() {
        assert_eq!(shown("abc"), "abc");
        assert!(shown(&"x".repeat(100)).ends_with('…'));
    }
}
