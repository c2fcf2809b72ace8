use super::{Finding, report_all};
use crate::rules::prelude::*;
use crate::shell::ast::PartKind;
use crate::text::TextRange;

declare_rule! {
    /// ## What it does
    /// Checks for unquoted bracket expressions that repeat a character, `[gevent]` or `[aa]`, in a
    /// RUN script.
    ///
    /// ## Why is this bad?
    /// `[…]` in an unquoted word is a glob that matches one character out of the set, so the
    /// repeated letter is a hint that the brackets were meant literally. The classic case is pip's
    /// extras: `pip install gunicorn[gevent]` is a glob, which matches a file named `gunicorne` if
    /// there is one, and is passed as it is otherwise. Quote the word: `pip install
    /// "gunicorn[gevent]"`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN pip install --no-cache-dir gunicorn[gevent]
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN pip install --no-cache-dir "gunicorn[gevent]"
    /// ```
    code: "SC2102",
    name: "duplicate-range-characters",
    category: Style,
    fix: Never,
    hadolint: Some("SC2102"),
    buildkit: None,
    summary: "Glob bracket expression with repeated characters, such as `pkg[extra]`",
    check: check,
}

fn check(ctx: &mut Checker) {
    report_all(ctx, RULE.meta.code, |script| {
        let mut out: Vec<Finding> = Vec::new();
        for (word, role, _) in script.words.iter().copied() {
            if matches!(role, crate::shell::visit::Role::Test | crate::shell::visit::Role::Name(_)) {
                continue;
            }
            if let crate::shell::visit::Role::Arg(simple, _) = role
                && simple.is_any_of(&["[", "test"])
            {
                continue;
            }
            for part in &word.parts {
                let PartKind::Literal(text) = &part.kind else { continue };
                if let Some(offset) = duplicate_range(text) {
                    let at = part.range.start + crate::text::to_u32(offset);
                    let source = script.tree.source_range(word.range);
                    let _ = source;
                    out.push((TextRange::new(at, at + 1), "Ranges can only match single chars (mentioned due to duplicates): quote the word if the brackets are literal".to_string(), None));
                }
            }
        }
        out
    });
}

/// The offset of a `[…]` whose characters repeat.
fn duplicate_range(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(open) = bytes[i..].iter().position(|&b| b == b'[').map(|p| p + i) {
        let close = bytes[open + 1..].iter().position(|&b| b == b']').map(|p| p + open + 1)?;
        let inner = &bytes[open + 1..close];
        let plain = !inner.is_empty()
            && !inner.contains(&b'-')
            && !inner.starts_with(b":")
            && !inner.starts_with(b"!")
            && !inner.starts_with(b"^");
        if plain && inner.iter().enumerate().any(|(k, b)| inner[..k].contains(b)) {
            return Some(open);
        }
        i = close + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(&RULE)
            .pass(&[
                "FROM alpine:3.21\nRUN pip install --no-cache-dir \"gunicorn[gevent]\"\n",
                "FROM alpine:3.21\nRUN pip install x[a]\n",
                "FROM alpine:3.21\nRUN echo [ab] x[1-2]\n",
                "FROM alpine:3.21\nRUN [ -n \"$x\" ]\n",
            ])
            .fail(&[
                "FROM alpine:3.21\nRUN pip install --no-cache-dir gunicorn[gevent]\n",
                "FROM alpine:3.21\nRUN echo [aa]\n",
            ])
            .run();
    }
}
