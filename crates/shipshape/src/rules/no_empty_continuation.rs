use crate::rules::prelude::*;
use crate::text::code;

declare_rule! {
    /// ## What it does
    /// Checks for empty lines inside an instruction that continues over several lines with
    /// `\`.
    ///
    /// ## Why is this bad?
    /// BuildKit skips such lines today, but the syntax is deprecated and a future release will
    /// fail the build on it. An empty line also looks like the end of the instruction, so a
    /// reader may take the next lines for a separate instruction when they are still part of
    /// this one. A comment line is fine: it does not count as empty.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add --no-cache \
    ///
    ///     gnupg \
    ///     curl
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add --no-cache \
    ///     # signature checks
    ///     gnupg \
    ///     curl
    /// ```
    code: "SS103",
    name: "no-empty-continuation",
    category: Suspicious,
    fix: Always,
    hadolint: None,
    buildkit: Some("NoEmptyContinuation"),
    summary: "An empty line sits inside a line continuation",
    check: check,
}

fn check(ctx: &mut Checker) {
    for (_, instruction) in ctx.instructions() {
        let Some(first) = instruction.empty_continuation_lines.first() else {
            continue;
        };
        let count = instruction.empty_continuation_lines.len();
        let edits = instruction
            .empty_continuation_lines
            .iter()
            .map(|line| Edit::delete(TextRange::new(ctx.line_start(line.start), ctx.next_line_start(line.start))))
            .collect();
        let (lines, them) = if count == 1 { ("an empty line", "it") } else { ("empty lines", "them") };
        let keyword = ctx.text(instruction.keyword);
        ctx.report_fix(
            TextRange::new(ctx.line_start(first.start), first.end),
            format!(
                "{} continues over {lines}: BuildKit deprecates {them}, and a future release will fail the build",
                code(keyword)
            ),
            Some(Fix::safe(if count == 1 { "Remove the empty line" } else { "Remove the empty lines" }, edits)),
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
                // From BuildKit's docs for NoEmptyContinuation: comments do not count as empty.
                "FROM alpine\nEXPOSE \\\n# Port\n80\n",
                "FROM alpine\nRUN echo a \\\n    b\n\nRUN echo c\n",
                "FROM alpine\nRUN <<EOF\necho a\n\necho b\nEOF\n",
            ])
            .fail(&[
                "FROM alpine\nEXPOSE \\\n\n80\n",
                "FROM alpine\nRUN apk add \\\n\n    gnupg \\\n  \t\n    curl\n",
                "FROM alpine\nONBUILD RUN echo a \\\n\n    b\n",
            ])
            .fix(&[
                ("FROM alpine\nEXPOSE \\\n\n80\n", "FROM alpine\nEXPOSE \\\n80\n"),
                (
                    "FROM alpine\nRUN apk add \\\n\n    gnupg \\\n    # tools\n  \t\n    curl\nCMD [\"sh\"]\n",
                    "FROM alpine\nRUN apk add \\\n    gnupg \\\n    # tools\n    curl\nCMD [\"sh\"]\n",
                ),
                ("FROM alpine\r\nRUN echo a \\\r\n\r\n    b\r\n", "FROM alpine\r\nRUN echo a \\\r\n    b\r\n"),
                // The empty line swallows the next instruction into the RUN; the fix keeps that meaning.
                ("FROM alpine\nRUN echo a \\\n\nCMD b\n", "FROM alpine\nRUN echo a \\\nCMD b\n"),
            ])
            .run();
    }
}
