use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for substring expansion, `${var:1:3}`, in a RUN script run by `/bin/sh`.
    ///
    /// ## Why is this bad?
    /// Substrings by offset are bash's. dash, Debian's and Ubuntu's `/bin/sh`, fails with `Bad
    /// substitution`. Use `cut -c`, or `${var#prefix}`/`${var%suffix}` where the pattern is known.
    ///
    /// A RUN runs with `/bin/sh -c` unless `SHELL` says otherwise (or a heredoc script's
    /// shebang names another shell); under bash, ksh or zsh this rule stays quiet.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:13
    /// RUN v="$(cat /VERSION)" && echo "${v:0:3}" > /MAJOR
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:13
    /// RUN cut -c1-3 /VERSION > /MAJOR
    /// ```
    code: "SC3057",
    name: "string-indexing-in-sh",
    category: Suspicious,
    fix: Never,
    hadolint: Some("SC3057"),
    buildkit: None,
    summary: "Substring expansion `${var:offset:length}` in a script /bin/sh runs",
    check: check,
}

fn check(ctx: &mut Checker) {
    super::bashisms::report(ctx, 3057, RULE.meta.code);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(&RULE)
            .pass(&[
                "FROM debian:13\nRUN cut -c1-3 /VERSION > /MAJOR\n",
                "FROM debian:13\nRUN echo \"${v:-x}\"\n",
                "FROM debian:13\nSHELL [\"/bin/bash\", \"-c\"]\nRUN v=\"$(cat /VERSION)\" && echo \"${v:0:3}\" > /MAJOR\n",
                "FROM debian:13\nRUN <<EOF\n#!/bin/bash\nv=\"$(cat /VERSION)\" && echo \"${v:0:3}\" > /MAJOR\nEOF\n",
            ])
            .fail(&[
                "FROM debian:13\nRUN v=\"$(cat /VERSION)\" && echo \"${v:0:3}\" > /MAJOR\n",
                "FROM debian:13\nRUN <<EOF\nv=\"$(cat /VERSION)\" && echo \"${v:0:3}\" > /MAJOR\nEOF\n",
            ])
            .run();
    }
}
