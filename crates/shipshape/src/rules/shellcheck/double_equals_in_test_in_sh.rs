use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for `==` as the comparison of `[ ]` or `test` in a RUN script run by `/bin/sh`.
    ///
    /// ## Why is this bad?
    /// POSIX `test` compares strings with a single `=`. dash, Debian's and Ubuntu's `/bin/sh`,
    /// fails on `[ a == b ]` with `unexpected operator`, which makes the test false: the build
    /// takes the other branch without an error. Use `=`.
    ///
    /// A RUN runs with `/bin/sh -c` unless `SHELL` says otherwise (or a heredoc script's
    /// shebang names another shell); under bash, ksh or zsh this rule stays quiet.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:13
    /// RUN if [ "$TARGETARCH" == "arm64" ]; then echo arm; fi
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:13
    /// RUN if [ "$TARGETARCH" = "arm64" ]; then echo arm; fi
    /// ```
    code: "SC3014",
    name: "double-equals-in-test-in-sh",
    category: Suspicious,
    fix: Never,
    hadolint: Some("SC3014"),
    buildkit: None,
    summary: "`==` in a `[ ]` test in a script /bin/sh runs",
    check: check,
}

fn check(ctx: &mut Checker) {
    super::bashisms::report(ctx, 3014, RULE.meta.code);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(&RULE)
            .pass(&[
                "FROM debian:13\nRUN if [ \"$TARGETARCH\" = \"arm64\" ]; then echo arm; fi\n",
                "FROM debian:13\nRUN [ \"$a\" = \"==\" ]\n",
                "FROM debian:13\nSHELL [\"/bin/bash\", \"-c\"]\nRUN if [ \"$TARGETARCH\" == \"arm64\" ]; then echo arm; fi\n",
                "FROM debian:13\nRUN <<EOF\n#!/bin/bash\nif [ \"$TARGETARCH\" == \"arm64\" ]; then echo arm; fi\nEOF\n",
            ])
            .fail(&[
                "FROM debian:13\nRUN if [ \"$TARGETARCH\" == \"arm64\" ]; then echo arm; fi\n",
                "FROM debian:13\nRUN test \"$a\" == b || exit 1\n",
                "FROM debian:13\nRUN <<EOF\nif [ \"$TARGETARCH\" == \"arm64\" ]; then echo arm; fi\nEOF\n",
            ])
            .run();
    }
}
