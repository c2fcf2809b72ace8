use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports text that is not a valid Dockerfile: an unknown instruction (`FRMO`, or a line
    /// starting with `&&` after a lost `\`), an unterminated heredoc, a JSON array that holds
    /// something other than strings, `ENV` without a value, a file with no instructions.
    ///
    /// ## Why is this bad?
    /// `docker build` stops at the first syntax error. shipshape keeps reading after it, so
    /// the rest of the file is still checked, but the build will not run until it is fixed.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ENV DEBUG
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ENV DEBUG=1
    /// ```
    code: "DL1000",
    name: "syntax-error",
    category: Correctness,
    fix: Never,
    hadolint: Some("DL1000"),
    buildkit: None,
    summary: "The Dockerfile cannot be parsed",
    check: check,
}

fn check(ctx: &mut Checker) {
    let errors = ctx.errors;
    for error in errors {
        ctx.report(error.range, error.message.clone());
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
                "FROM alpine:3.20\nRUN <<EOF\necho hi\nEOF\n",
                "FROM a\nCMD [\"x\"]\n",
                "FROM a\nHEALTHCHECK --interval=5s cmd [\"/app\", \"health\"]\nHEALTHCHECK none\n",
            ])
            .fail(&[
                "",
                "# only a comment\n",
                "FROM alpine:3.20\nENV DEBUG\n",
                "FROM alpine:3.20\nCMD [\"echo\", [\"nested\"]]\n",
                "FROM alpine:3.20\nRUN <<EOF\necho never ends\n",
                "# escape=x\nFROM alpine:3.20\n",
                "# escape=`\n# escape=`\nFROM alpine:3.20\n",
                // `docker build` stops on an unknown instruction, though BuildKit's parser takes it.
                "FROM alpine:3.20\nFRMO x\n",
                "FROM alpine:3.20\nRUN apk add curl \\\\\n    && rm -rf /var/cache/apk/*\n",
                "FROM alpine:3.20\nINSTALL curl\n",
                // BuildKit's reading of HEALTHCHECK: a type it knows, as written, with or without a command.
                "FROM alpine:3.20\nHEALTHCHECK D y\n",
                "FROM alpine:3.20\nHEALTHCHECK \"CMD\" true\n",
                "FROM alpine:3.20\nHEALTHCHECK NONE true\n",
                "FROM alpine:3.20\nHEALTHCHECK CMD\n",
            ])
            .run();
    }
}
