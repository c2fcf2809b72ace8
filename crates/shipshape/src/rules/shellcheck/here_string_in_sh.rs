use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for here-strings, `cmd <<< "$text"`, in a RUN script run by `/bin/sh`.
    ///
    /// ## Why is this bad?
    /// Here-strings are a bash, ksh and zsh feature; dash, Debian's and Ubuntu's `/bin/sh`, rejects
    /// them with a syntax error. Pipe the text in with `printf '%s\n' "$text" | cmd`, or run the
    /// RUN with bash through `SHELL`.
    ///
    /// A RUN runs with `/bin/sh -c` unless `SHELL` says otherwise (or a heredoc script's
    /// shebang names another shell); under bash, ksh or zsh this rule stays quiet.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:13
    /// RUN read -r major minor <<< "$(cat /VERSION)"
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:13
    /// RUN IFS=. read -r major minor < /VERSION
    /// ```
    code: "SC3011",
    name: "here-string-in-sh",
    category: Suspicious,
    fix: Never,
    hadolint: Some("SC3011"),
    buildkit: None,
    summary: "Here-string `<<<` in a script /bin/sh runs",
    check: check,
}

fn check(ctx: &mut Checker) {
    super::bashisms::report(ctx, 3011, RULE.meta.code);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(&RULE)
            .pass(&[
                "FROM debian:13\nRUN IFS=. read -r major minor < /VERSION\n",
                "FROM debian:13\nSHELL [\"/bin/bash\", \"-c\"]\nRUN read -r major minor <<< \"$(cat /VERSION)\"\n",
                "FROM debian:13\nRUN <<EOF\n#!/bin/bash\nread -r major minor <<< \"$(cat /VERSION)\"\nEOF\n",
            ])
            .fail(&[
                "FROM debian:13\nRUN read -r major minor <<< \"$(cat /VERSION)\"\n",
                "FROM debian:13\nRUN grep -q x <<< \"$y\"\n",
                "FROM debian:13\nRUN <<EOF\nread -r major minor <<< \"$(cat /VERSION)\"\nEOF\n",
            ])
            .run();
    }
}
