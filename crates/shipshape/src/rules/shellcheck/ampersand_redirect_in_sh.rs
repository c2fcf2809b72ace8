use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for `&>` and `&>>`, which send both output streams to a file, in a RUN script run by
    /// `/bin/sh`.
    ///
    /// ## Why is this bad?
    /// `&>` is bash's. dash, Debian's and Ubuntu's `/bin/sh`, reads `cmd &> file` as `cmd &` (run
    /// it in the background) followed by `> file` (truncate the file): the command's output is not
    /// redirected and the RUN no longer waits for it. Write `> file 2>&1`.
    ///
    /// A RUN runs with `/bin/sh -c` unless `SHELL` says otherwise (or a heredoc script's
    /// shebang names another shell); under bash, ksh or zsh this rule stays quiet.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:13
    /// RUN make test &> /tmp/test.log
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:13
    /// RUN make test > /tmp/test.log 2>&1
    /// ```
    code: "SC3020",
    name: "ampersand-redirect-in-sh",
    category: Suspicious,
    fix: Never,
    hadolint: Some("SC3020"),
    buildkit: None,
    summary: "`&>` redirection in a script /bin/sh runs",
    check: check,
}

fn check(ctx: &mut Checker) {
    super::bashisms::report(ctx, 3020, RULE.meta.code);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(&RULE)
            .pass(&[
                "FROM debian:13\nRUN make test > /tmp/test.log 2>&1\n",
                "FROM debian:13\nSHELL [\"/bin/bash\", \"-c\"]\nRUN make test &> /tmp/test.log\n",
                "FROM debian:13\nRUN <<EOF\n#!/bin/bash\nmake test &> /tmp/test.log\nEOF\n",
            ])
            .fail(&[
                "FROM debian:13\nRUN make test &> /tmp/test.log\n",
                "FROM debian:13\nRUN ./configure &>> /log\n",
                "FROM debian:13\nRUN <<EOF\nmake test &> /tmp/test.log\nEOF\n",
            ])
            .run();
    }
}
