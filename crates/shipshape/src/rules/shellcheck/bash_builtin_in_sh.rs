use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for commands that only bash (or ksh) has as builtins — `declare`, `typeset`, `let`,
    /// `pushd`, `popd`, `shopt`, `mapfile`, `readarray` and others — in a RUN script run by
    /// `/bin/sh`.
    ///
    /// ## Why is this bad?
    /// dash, Debian's and Ubuntu's `/bin/sh`, does not have them: the RUN fails with `not found`.
    /// Use the POSIX form (plain assignments, `cd` and `cd -`, `$((…))`), or run the RUN with bash
    /// through `SHELL`.
    ///
    /// A RUN runs with `/bin/sh -c` unless `SHELL` says otherwise (or a heredoc script's
    /// shebang names another shell); under bash, ksh or zsh this rule stays quiet.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:13
    /// RUN pushd /src && make
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:13
    /// RUN cd /src && make
    /// ```
    code: "SC3044",
    name: "bash-builtin-in-sh",
    category: Suspicious,
    fix: Never,
    hadolint: Some("SC3044"),
    buildkit: None,
    summary: "A bash builtin (`declare`, `pushd`, `let`…) in a script /bin/sh runs",
    check: check,
}

fn check(ctx: &mut Checker) {
    super::bashisms::report(ctx, 3044, RULE.meta.code);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(&RULE)
            .pass(&[
                "FROM debian:13\nRUN cd /src && make\n",
                "FROM debian:13\nSHELL [\"/bin/bash\", \"-c\"]\nRUN pushd /src && make\n",
                "FROM debian:13\nRUN <<EOF\n#!/bin/bash\npushd /src && make && popd\nEOF\n",
            ])
            .fail(&[
                "FROM debian:13\nRUN pushd /src && make\n",
                "FROM debian:13\nRUN declare -x A=1\n",
                "FROM debian:13\nRUN <<EOF\npushd /src && make && popd\nEOF\n",
            ])
            .run();
    }
}
