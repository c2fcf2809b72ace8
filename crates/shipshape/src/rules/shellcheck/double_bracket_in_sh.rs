use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for the `[[ … ]]` test in a RUN script run by `/bin/sh`.
    ///
    /// ## Why is this bad?
    /// `[[` is a bash and ksh keyword. dash, Debian's and Ubuntu's `/bin/sh`, looks for a command
    /// named `[[`, fails with `not found`, and the test is false: an `if [[ … ]]` silently takes
    /// the other branch. Use `[ … ]` (quoting the variables), or run the RUN with bash through
    /// `SHELL`.
    ///
    /// A RUN runs with `/bin/sh -c` unless `SHELL` says otherwise (or a heredoc script's
    /// shebang names another shell); under bash, ksh or zsh this rule stays quiet.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:13
    /// RUN if [[ -f /etc/alpine-release ]]; then apk add curl; fi
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:13
    /// RUN if [ -f /etc/alpine-release ]; then apk add curl; fi
    /// ```
    code: "SC3010",
    name: "double-bracket-in-sh",
    category: Suspicious,
    fix: Never,
    hadolint: Some("SC3010"),
    buildkit: None,
    summary: "`[[ … ]]` test in a script /bin/sh runs",
    check: check,
}

fn check(ctx: &mut Checker) {
    super::bashisms::report(ctx, 3010, RULE.meta.code);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(&RULE)
            .pass(&[
                "FROM debian:13\nRUN if [ -f /etc/alpine-release ]; then apk add curl; fi\n",
                "FROM debian:13\nSHELL [\"/bin/bash\", \"-c\"]\nRUN if [[ -f /etc/alpine-release ]]; then apk add curl; fi\n",
                "FROM debian:13\nRUN <<EOF\n#!/bin/bash\nif [[ -f /etc/alpine-release ]]; then apk add curl; fi\nEOF\n",
            ])
            .fail(&[
                "FROM debian:13\nRUN if [[ -f /etc/alpine-release ]]; then apk add curl; fi\n",
                "FROM debian:13\nRUN [[ \"$x\" == y* ]] && echo ok\n",
                "FROM debian:13\nRUN <<EOF\nif [[ -f /etc/alpine-release ]]; then apk add curl; fi\nEOF\n",
            ])
            .run();
    }
}
