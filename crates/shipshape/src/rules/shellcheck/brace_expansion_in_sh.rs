use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for brace expansion, `{a,b}` or `{1..3}`, in a RUN script run by `/bin/sh`.
    ///
    /// ## Why is this bad?
    /// Brace expansion is not POSIX. dash, Debian's and Ubuntu's `/bin/sh`, passes `{a,b}` through
    /// as it is, so `mkdir -p /srv/{logs,data}` creates one directory named `{logs,data}` and the
    /// build goes on as if it had worked. Spell the words out, or run the RUN with bash through
    /// `SHELL`.
    ///
    /// A RUN runs with `/bin/sh -c` unless `SHELL` says otherwise (or a heredoc script's
    /// shebang names another shell); under bash, ksh or zsh this rule stays quiet.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:13
    /// RUN mkdir -p /srv/{logs,data}
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:13
    /// RUN mkdir -p /srv/logs /srv/data
    /// ```
    code: "SC3009",
    name: "brace-expansion-in-sh",
    category: Suspicious,
    fix: Never,
    hadolint: Some("SC3009"),
    buildkit: None,
    summary: "Brace expansion `{a,b}` in a script /bin/sh runs",
    check: check,
}

fn check(ctx: &mut Checker) {
    super::bashisms::report(ctx, 3009, RULE.meta.code);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(&RULE)
            .pass(&[
                "FROM debian:13\nRUN mkdir -p /srv/logs /srv/data\n",
                "FROM debian:13\nRUN find . -exec rm {} +\n",
                "FROM debian:13\nSHELL [\"/bin/bash\", \"-c\"]\nRUN mkdir -p /srv/{logs,data}\n",
                "FROM debian:13\nRUN <<EOF\n#!/bin/bash\nmkdir -p /srv/{logs,data}\nEOF\n",
            ])
            .fail(&[
                "FROM debian:13\nRUN mkdir -p /srv/{logs,data}\n",
                "FROM debian:13\nRUN touch /x/{1..3}.txt\n",
                "FROM debian:13\nRUN <<EOF\nmkdir -p /srv/{logs,data}\nEOF\n",
            ])
            .run();
    }
}
