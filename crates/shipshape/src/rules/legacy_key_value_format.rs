use crate::rules::prelude::*;
use crate::syntax::words;
use crate::text::code;

declare_rule! {
    /// ## What it does
    /// Checks for `ENV` and `LABEL` written in the legacy form `ENV key value`, with a space
    /// instead of `=` between key and value.
    ///
    /// ## Why is this bad?
    /// The legacy form is deprecated. It sets exactly one variable, and everything after the
    /// key, spaces included, becomes the value: `ENV A 1 B 2` sets `A` to `1 B 2`, which is
    /// rarely what was meant. `ENV key=value` reads the same in every instruction and can set
    /// several variables at once.
    ///
    /// The fix writes `key=value`, quoting the value when it holds spaces:
    /// `ENV PATH /opt/bin:$PATH` becomes `ENV PATH=/opt/bin:$PATH`, and `ENV GREETING hello world`
    /// becomes `ENV GREETING="hello world"`. Quotes and escapes inside the value keep their
    /// meaning (`'$5'` becomes `\$5` inside the double quotes). It is not offered when a comment
    /// line sits inside the value.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ENV APP_HOME /srv/app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ENV APP_HOME=/srv/app
    /// ```
    code: "SS107",
    name: "legacy-key-value-format",
    category: Style,
    fix: Sometimes,
    hadolint: None,
    buildkit: Some("LegacyKeyValueFormat"),
    summary: "ENV or LABEL uses the legacy `key value` form",
    check: check,
}

fn check(ctx: &mut Checker) {
    for (_, instruction) in ctx.instructions() {
        let instruction = instruction.effective();
        if !matches!(instruction.kind, Kind::Env | Kind::Label) {
            continue;
        }
        let Args::Pairs(pairs) = &instruction.args else { continue };
        for pair in pairs.iter().filter(|p| p.legacy) {
            let Some(value) = &pair.value else { continue };
            let keyword = instruction.kind.as_str();
            let fix = fix(ctx, instruction, &pair.key, value);
            ctx.report_fix(
                pair.range,
                format!(
                    "{} uses the deprecated `key value` form: write {}",
                    code(&format!("{keyword} {} …", pair.key.value)),
                    code(&format!("{keyword} {}=…", pair.key.value))
                ),
                fix,
            );
        }
    }
}

/// `key value` → `key=value`, or `key="value"` when the value is more than one word.
fn fix(ctx: &Checker, instruction: &Instruction, key: &Word, value: &Word) -> Option<Fix> {
    let escape = ctx.file.escape;
    let raw = instruction.logical.text_of(value.range);
    if raw.is_empty() {
        return None;
    }
    let single_word = words::parse_words(raw, 0, raw.len(), escape) == [(0, raw.len())];
    let separator = TextRange::new(key.range.end, value.range.start);
    let holds_extra_lines = |range: TextRange| {
        instruction.comments.iter().any(|c| range.contains_range(*c))
            || instruction.empty_continuation_lines.iter().any(|l| range.contains_range(*l))
    };
    // The separator may hold a line continuation with comment lines; keep those intact.
    if holds_extra_lines(separator) {
        return None;
    }
    let edits = if single_word {
        vec![Edit::replace(separator, "=")]
    } else if !raw.contains(['"', '\'', escape]) {
        vec![Edit::replace(separator, "=\""), Edit::insert(value.range.end, "\"")]
    } else {
        // Quotes or escapes inside several words: rewrite the value as one double-quoted word.
        let whole = TextRange::new(separator.start, value.range.end);
        if holds_extra_lines(whole) {
            return None;
        }
        vec![Edit::replace(whole, format!("=\"{}\"", requote(raw, escape)?))]
    };
    Some(Fix::safe(format!("Write {}", code(&format!("{}=…", key.value))), edits))
}

/// The content of a double-quoted word that means the same as `raw`: single-quoted text gets
/// its `"`, `$` and escape characters escaped, an escape outside quotes keeps only the escapes
/// a double-quoted word needs, double-quoted text is kept as it is.
fn requote(raw: &str, escape: char) -> Option<String> {
    let special = |c: char| c == '"' || c == '$' || c == escape;
    let mut out = String::with_capacity(raw.len() + 8);
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' => loop {
                match chars.next()? {
                    '\'' => break,
                    c => {
                        if special(c) {
                            out.push(escape);
                        }
                        out.push(c);
                    }
                }
            },
            '"' => loop {
                match chars.next()? {
                    '"' => break,
                    c if c == escape => {
                        out.push(c);
                        out.push(chars.next()?);
                    }
                    c => out.push(c),
                }
            },
            c if c == escape => {
                let next = chars.next()?;
                if special(next) {
                    out.push(escape);
                }
                out.push(next);
            }
            c => out.push(c),
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(&RULE)
            .pass(&[
                "FROM alpine\nENV testkey=value\nLABEL key=value\n",
                "FROM alpine\nENV A=1 B=\"two words\"\n",
                "FROM alpine\nARG foo bar\n",
                "FROM alpine\nRUN echo ENV a b\n",
            ])
            .fail(&[
                "FROM scratch\nENV testkey value\nLABEL key value\n",
                "FROM alpine\nENV PATH /usr/local/bin:$PATH\n",
                "FROM alpine\nENV A 1 B 2\n",
                "FROM alpine\nONBUILD ENV MODE production\n",
                "FROM alpine\nENV MSG 'it''s \"quoted\"' now\n",
            ])
            .fix(&[
                (
                    "FROM scratch\nENV testkey value\nLABEL key value\n",
                    "FROM scratch\nENV testkey=value\nLABEL key=value\n",
                ),
                ("FROM alpine\nENV PATH /usr/local/bin:$PATH\n", "FROM alpine\nENV PATH=/usr/local/bin:$PATH\n"),
                ("FROM alpine\nENV A 1 B 2\n", "FROM alpine\nENV A=\"1 B 2\"\n"),
                ("FROM alpine\nENV GREETING \"hello world\"\n", "FROM alpine\nENV GREETING=\"hello world\"\n"),
                ("FROM alpine\nENV GREETING hello\\ world\n", "FROM alpine\nENV GREETING=hello\\ world\n"),
                (
                    "FROM alpine\nLABEL description \\\n    multi line \\\n    text\n",
                    "FROM alpine\nLABEL description=\"multi line \\\n    text\"\n",
                ),
                ("FROM alpine\nENV MSG 'it''s \"quoted\"' now\n", "FROM alpine\nENV MSG=\"its \\\"quoted\\\" now\"\n"),
                (
                    "FROM alpine\nENV JAVA_OPTS -Xmx1g -Dname=\"a b\" -Dcost='$5' \\$HOME\\ x\n",
                    "FROM alpine\nENV JAVA_OPTS=\"-Xmx1g -Dname=a b -Dcost=\\$5 \\$HOME x\"\n",
                ),
                (
                    "FROM alpine\nENV A \"x y\" \\\n    # note\n    z\n",
                    "FROM alpine\nENV A \"x y\" \\\n    # note\n    z\n",
                ),
                ("FROM alpine\nONBUILD ENV MODE production\n", "FROM alpine\nONBUILD ENV MODE=production\n"),
            ])
            .run();
    }
}
