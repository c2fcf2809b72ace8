use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for POSIX builtins called with a flag only bash has: `read -a`, `printf -v`, `ulimit
    /// -n`, `export -f`, `cd -e` and others, in a RUN script run by `/bin/sh`.
    ///
    /// ## Why is this bad?
    /// dash, Debian's and Ubuntu's `/bin/sh`, rejects the flag with `Illegal option`, and the RUN
    /// fails (or, after `||`, silently does something else). Use a POSIX form, or run the RUN with
    /// bash through `SHELL`.
    ///
    /// A RUN runs with `/bin/sh -c` unless `SHELL` says otherwise (or a heredoc script's
    /// shebang names another shell); under bash, ksh or zsh this rule stays quiet.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:13
    /// RUN printf -v today "%(%F)T" -1 && echo "$today" > /built
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:13
    /// RUN date +%F > /built
    /// ```
    code: "SC3045",
    name: "command-flag-in-sh",
    category: Suspicious,
    fix: Never,
    hadolint: Some("SC3045"),
    buildkit: None,
    summary: "A builtin called with a flag /bin/sh lacks (`read -a`, `ulimit -n`…)",
    check: check,
}

fn check(ctx: &mut Checker) {
    super::bashisms::report(ctx, 3045, RULE.meta.code);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(&RULE)
            .pass(&[
                "FROM debian:13\nRUN date +%F > /built\n",
                "FROM debian:13\nRUN read -r line < /f\n",
                "FROM debian:13\nRUN cd -P /x\n",
                "FROM debian:13\nSHELL [\"/bin/bash\", \"-c\"]\nRUN printf -v today \"%(%F)T\" -1 && echo \"$today\" > /built\n",
                "FROM debian:13\nRUN <<EOF\n#!/bin/bash\nprintf -v today \"%(%F)T\" -1 && echo \"$today\" > /built\nEOF\n",
            ])
            .fail(&[
                "FROM debian:13\nRUN printf -v today \"%(%F)T\" -1 && echo \"$today\" > /built\n",
                "FROM debian:13\nRUN ulimit -n 4096 && ./server --check\n",
                "FROM debian:13\nRUN <<EOF\nprintf -v today \"%(%F)T\" -1 && echo \"$today\" > /built\nEOF\n",
            ])
            .run();
    }
}
