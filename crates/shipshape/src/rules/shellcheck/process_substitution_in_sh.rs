use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for process substitution, `<(cmd)` or `>(cmd)`, in a RUN script run by `/bin/sh`.
    ///
    /// ## Why is this bad?
    /// Process substitution is a bash, ksh and zsh feature. Debian's and Ubuntu's `/bin/sh` is
    /// dash, which reads `<(` as a syntax error, and the build fails there while it works on an
    /// image whose `/bin/sh` is bash. Use a pipe or a temporary file, or run the RUN with bash
    /// through `SHELL`.
    ///
    /// A RUN runs with `/bin/sh -c` unless `SHELL` says otherwise (or a heredoc script's
    /// shebang names another shell); under bash, ksh or zsh this rule stays quiet.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:13
    /// RUN diff <(sort a.txt) b.txt
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:13
    /// RUN sort a.txt | diff - b.txt
    /// ```
    code: "SC3001",
    name: "process-substitution-in-sh",
    category: Suspicious,
    fix: Never,
    hadolint: Some("SC3001"),
    buildkit: None,
    summary: "Process substitution `<(…)` in a script /bin/sh runs",
    check: check,
}

fn check(ctx: &mut Checker) {
    super::bashisms::report(ctx, 3001, RULE.meta.code);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(&RULE)
            .pass(&[
                "FROM debian:13\nRUN sort a.txt | diff - b.txt\n",
                "FROM debian:13\nSHELL [\"/bin/bash\", \"-c\"]\nRUN diff <(sort a.txt) b.txt\n",
                "FROM debian:13\nRUN <<EOF\n#!/bin/bash\ndiff <(sort a.txt) b.txt\nEOF\n",
            ])
            .fail(&[
                "FROM debian:13\nRUN diff <(sort a.txt) b.txt\n",
                "FROM debian:13\nRUN tee >(gzip > /log.gz) < /in\n",
                "FROM debian:13\nRUN <<EOF\ndiff <(sort a.txt) b.txt\nEOF\n",
            ])
            .run();
    }
}
