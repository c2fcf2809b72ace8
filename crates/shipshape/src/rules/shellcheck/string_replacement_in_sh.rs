use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for pattern replacement, `${var/old/new}` or `${var//old/new}`, in a RUN script run
    /// by `/bin/sh`.
    ///
    /// ## Why is this bad?
    /// Replacement is bash's. dash, Debian's and Ubuntu's `/bin/sh`, fails with `Bad substitution`.
    /// Use `sed`, or `${var%…}` and `${var#…}` to cut a known suffix or prefix.
    ///
    /// A RUN runs with `/bin/sh -c` unless `SHELL` says otherwise (or a heredoc script's
    /// shebang names another shell); under bash, ksh or zsh this rule stays quiet.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:13
    /// RUN v="$(cat /VERSION)" && echo "${v//./-}" > /TAG
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:13
    /// RUN sed 's/\./-/g' /VERSION > /TAG
    /// ```
    code: "SC3060",
    name: "string-replacement-in-sh",
    category: Suspicious,
    fix: Never,
    hadolint: Some("SC3060"),
    buildkit: None,
    summary: "Replacement expansion `${var/a/b}` in a script /bin/sh runs",
    check: check,
}

fn check(ctx: &mut Checker) {
    super::bashisms::report(ctx, 3060, RULE.meta.code);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(&RULE)
            .pass(&[
                "FROM debian:13\nRUN sed 's/\\./-/g' /VERSION > /TAG\n",
                "FROM debian:13\nSHELL [\"/bin/bash\", \"-c\"]\nRUN v=\"$(cat /VERSION)\" && echo \"${v//./-}\" > /TAG\n",
                "FROM debian:13\nRUN <<EOF\n#!/bin/bash\nv=\"$(cat /VERSION)\" && echo \"${v//./-}\" > /TAG\nEOF\n",
            ])
            .fail(&[
                "FROM debian:13\nRUN v=\"$(cat /VERSION)\" && echo \"${v//./-}\" > /TAG\n",
                "FROM debian:13\nRUN <<EOF\nv=\"$(cat /VERSION)\" && echo \"${v//./-}\" > /TAG\nEOF\n",
            ])
            .run();
    }
}
