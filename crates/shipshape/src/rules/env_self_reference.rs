use crate::rules::prelude::*;
use crate::syntax::Pair;
use crate::text::code;

declare_rule! {
    /// ## What it does
    /// Checks for an `ENV` that sets several variables and refers to one of them in the same
    /// instruction: `ENV A=1 B=$A`.
    ///
    /// ## Why is this bad?
    /// Docker expands every `$VAR` of an `ENV` with the values from *before* the instruction.
    /// In `ENV APP_HOME=/app PATH=$APP_HOME/bin:$PATH`, `$APP_HOME` is not `/app` but whatever
    /// it was before (usually empty), so `PATH` silently gets `/bin` instead of `/app/bin`.
    ///
    /// A variable that refers to its own old value (`ENV PATH=/opt/bin:$PATH`) is fine.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12-slim
    /// ENV APP_HOME=/app PATH=$APP_HOME/bin:$PATH
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12-slim
    /// ENV APP_HOME=/app
    /// ENV PATH=$APP_HOME/bin:$PATH
    /// ```
    ///
    /// ## Fix safety
    /// When the variable is set earlier in the instruction, the fix splits the `ENV` in two just
    /// before the reference, so it sees the value written above it, which is what the line
    /// reads as. When the variable is only set later in the same `ENV`, there is no fix:
    /// reorder the variables by hand.
    code: "DL3044",
    name: "env-self-reference",
    category: Correctness,
    fix: Sometimes,
    hadolint: Some("DL3044"),
    buildkit: None,
    summary: "ENV refers to a variable set in the same instruction",
    check: check,
}

/// The names a raw ENV value refers to (`$NAME`, `${NAME}`, `${NAME:-x}`), outside single
/// quotes and not escaped.
fn references(raw: &str, escape: char) -> Vec<&str> {
    let mut out = Vec::new();
    let mut chars = raw.char_indices().peekable();
    let mut single = false;
    let mut double = false;
    while let Some((i, c)) = chars.next() {
        if c == escape && !single {
            chars.next();
            continue;
        }
        match c {
            '\'' if !double => single = !single,
            '"' if !single => double = !double,
            '$' if !single => {
                let rest = &raw[i + 1..];
                let inner = rest.strip_prefix('{').unwrap_or(rest);
                let len = inner.bytes().take_while(|b| b.is_ascii_alphanumeric() || *b == b'_').count();
                if len > 0 && !inner.starts_with(|c: char| c.is_ascii_digit()) {
                    out.push(&inner[..len]);
                }
            }
            _ => {}
        }
    }
    out
}

fn check(ctx: &mut Checker) {
    for (index, outer) in ctx.instructions() {
        let env = outer.effective();
        let Args::Pairs(pairs) = &env.args else { continue };
        if env.kind != Kind::Env || pairs.len() < 2 {
            continue;
        }
        let Some((j, name, earlier)) = first_reference(ctx, index, pairs) else { continue };
        let pair = &pairs[j];
        let range = pair.value.as_ref().map_or(pair.range, |v| v.range);
        let fix = if earlier { split(ctx, outer, env, &pairs[j - 1], pair) } else { None };
        let message = if earlier {
            format!(
                "{} expands to the value {} had before this ENV, not to the {} set earlier in it: set them in separate ENV instructions",
                code(&format!("${name}")),
                code(&name),
                code(&format!("{name}="))
            )
        } else {
            format!(
                "{} expands to the value {} had before this ENV (none in this file), not to the {} set later in it",
                code(&format!("${name}")),
                code(&name),
                code(&format!("{name}="))
            )
        };
        ctx.report_fix(range, message, fix);
    }
}

/// The first pair whose value refers to a variable another pair of the same ENV sets:
/// `(pair index, name, set by an earlier pair)`. A reference to a variable set only by a later
/// pair is reported only when nothing set it before (hadolint's rule): otherwise it plainly
/// means the old value.
fn first_reference(ctx: &Checker, index: usize, pairs: &[Pair]) -> Option<(usize, String, bool)> {
    let escape = ctx.file.escape;
    for (j, pair) in pairs.iter().enumerate() {
        let Some(value) = &pair.value else { continue };
        for name in references(ctx.text(value.range), escape) {
            let earlier = pairs[..j].iter().any(|p| p.key.value == name);
            let later = pairs[j + 1..].iter().any(|p| p.key.value == name) && pair.key.value != name;
            if earlier || (later && ctx.model.variable(index, name).is_none()) {
                return Some((j, name.to_string(), earlier));
            }
        }
    }
    None
}

/// Splits the ENV between `previous` and `pair`: the text between them becomes a line break
/// and a new `ENV` keyword, keeping any comment lines in between.
fn split(ctx: &Checker, outer: &Instruction, env: &Instruction, previous: &Pair, pair: &Pair) -> Option<Fix> {
    let mut keyword = ctx.text(outer.keyword).to_string();
    if outer.kind == Kind::Onbuild {
        keyword = format!("{keyword} {}", ctx.text(env.keyword));
    }
    let indent = ctx.indentation(outer.range.start);
    let nl = ctx.newline();
    let gap = TextRange::new(previous.range.end, pair.range.start);
    let text = ctx.text(gap);
    let edits = match text.find('\n') {
        None => vec![Edit::replace(gap, format!("{nl}{indent}{keyword} "))],
        Some(newline) => {
            // `A=1 \` + newline + (comment lines) + indentation: drop the continuation, keep the
            // lines, and put the keyword where the indentation was.
            let newline = if text[..newline].ends_with('\r') { newline - 1 } else { newline };
            let before = text[..newline].trim_end_matches([' ', '\t']);
            if !before.trim_start_matches([' ', '\t']).starts_with(ctx.file.escape) {
                return None;
            }
            let line_start = ctx.line_start(pair.range.start);
            vec![
                Edit::delete(TextRange::new(gap.start, gap.start + crate::text::to_u32(newline))),
                Edit::replace(TextRange::new(line_start, pair.range.start), format!("{indent}{keyword} ")),
            ]
        }
    };
    Some(Fix::safe("Split the ENV before the reference", edits))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::RuleTest;

    #[test]
    fn finds_references() {
        assert_eq!(references("\"${BLA}/x\" $FOO-$B_2 ${C:-d}", '\\'), ["BLA", "FOO", "B_2", "C"]);
        assert_eq!(references("'$A' \\$B $1 $", '\\'), Vec::<&str>::new());
    }

    #[test]
    fn cases() {
        RuleTest::new(&RULE)
            .pass(&[
                "ENV BLA=\"blubb\"\nENV BLUBB=\"${BLA}/blubb\"\n",
                "ENV BLA=\"blubb\" BLUBB=\"${FOOBLA}/blubb\"\n",
                "ENV BLA=\"blubb\" BLUBB=\"$BLAFOO/blubb\"\n",
                "ENV BLA=\"blubb\" BLUBB='$BLA/blubb'\n",
                "ENV BLA=\"blubb\" BLUBB=\\$BLA\n",
                "ENV PATH=/bla:${PATH}\n",
                "ENV PATH=/bla:${PATH}\nENV PATH=/blubb:${PATH}\n",
                "ARG B=1\nENV A=$B B=2\n",
                "ENV BLA blubb\n",
            ])
            .fail(&[
                "ENV BLA=\"blubb\" BLUBB=\"${BLA}/blubb\"\n",
                "ENV BLA=\"blubb\" BLUBB=\"$BLA/$BLAFOO/blubb\"\n",
                "ENV PATH=/bla:${PATH} PATH=/blubb:${PATH}\n",
                "ENV A=$B B=2\n",
                "ONBUILD ENV A=1 B=$A\n",
            ])
            .fix(&[
                (
                    "FROM debian:12\nENV APP_HOME=/app PATH=$APP_HOME/bin:$PATH\n",
                    "FROM debian:12\nENV APP_HOME=/app\nENV PATH=$APP_HOME/bin:$PATH\n",
                ),
                (
                    "FROM debian:12\nenv A=1 \\\n    B=2 \\\n    # uses A\n    C=${A}/c \\\n    D=4\n",
                    "FROM debian:12\nenv A=1 \\\n    B=2\n    # uses A\nenv C=${A}/c \\\n    D=4\n",
                ),
                (
                    "FROM debian:12\n  ONBUILD ENV A=1 B=$A C=$B\n",
                    "FROM debian:12\n  ONBUILD ENV A=1\n  ONBUILD ENV B=$A\n  ONBUILD ENV C=$B\n",
                ),
                ("ENV A=$B B=2\n", "ENV A=$B B=2\n"),
            ])
            .run();
    }
}
