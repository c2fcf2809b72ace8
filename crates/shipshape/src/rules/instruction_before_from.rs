use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for instructions other than `ARG` before the first `FROM` (comments and parser
    /// directives are fine).
    ///
    /// ## Why is this bad?
    /// Every instruction but `ARG` belongs to a build stage, and a stage starts with `FROM`.
    /// Before it there is no image to add a label to or run a command in, so the build fails
    /// with "no build stage in current context".
    ///
    /// ## Example
    /// ```dockerfile
    /// LABEL org.opencontainers.image.source="https://example.com/app"
    /// FROM alpine:3.22
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.22
    /// LABEL org.opencontainers.image.source="https://example.com/app"
    /// ```
    code: "DL3061",
    name: "instruction-before-from",
    category: Correctness,
    fix: Never,
    hadolint: Some("DL3061"),
    buildkit: None,
    summary: "An instruction other than ARG comes before the first FROM",
    check: check,
}

fn check(ctx: &mut Checker) {
    // A word that is no instruction at all (`FRMO`) is the syntax error's finding, not this one's.
    let before: Vec<&Instruction> = ctx
        .file
        .instructions
        .iter()
        .take_while(|i| i.kind != Kind::From)
        .filter(|i| !matches!(i.kind, Kind::Arg | Kind::Unknown))
        .collect();
    for instruction in before {
        // As a code span, which shows a line continuation inside the keyword (`CM\` and `D` on
        // the next line) as `\n`: a message is one line.
        let keyword = ctx.text(instruction.keyword).to_ascii_uppercase();
        ctx.report(
            instruction.range,
            format!(
                "{} before the first `FROM`: only `ARG` may come before `FROM`, so the build fails here",
                crate::text::code(&keyword)
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(&RULE)
            .pass(&[
                "FROM foo\nLABEL foo=bar\n",
                "ARG A=B\nFROM foo\nLABEL foo=bar\n",
                "# syntax=docker/dockerfile:1\n# a comment\nFROM node:22-alpine\n",
                "FROM foo\nARG A=B\nRUN echo bla\n",
                "FRMO alpine:3.20\n",
                "",
            ])
            .fail(&["LABEL foo=bar\nFROM foo\n", "ARG A=B\nRUN echo hi\nFROM foo\n", "CMD [\"a\"]\n"])
            .run();
    }
}
