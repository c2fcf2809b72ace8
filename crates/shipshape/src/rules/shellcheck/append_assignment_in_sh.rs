use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for `name+=value` in a RUN script run by `/bin/sh`.
    ///
    /// ## Why is this bad?
    /// Appending with `+=` is bash's. In dash, Debian's and Ubuntu's `/bin/sh`, `FLAGS+=-O2` is not
    /// an assignment but a command named `FLAGS+=-O2`, which is not found. Write `FLAGS="$FLAGS
    /// -O2"`.
    ///
    /// A RUN runs with `/bin/sh -c` unless `SHELL` says otherwise (or a heredoc script's
    /// shebang names another shell); under bash, ksh or zsh this rule stays quiet.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:13
    /// RUN FLAGS=-g && FLAGS+=" -O2" && make CFLAGS="$FLAGS"
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:13
    /// RUN FLAGS=-g && FLAGS="$FLAGS -O2" && make CFLAGS="$FLAGS"
    /// ```
    code: "SC3024",
    name: "append-assignment-in-sh",
    category: Suspicious,
    fix: Never,
    hadolint: Some("SC3024"),
    buildkit: None,
    summary: "`+=` assignment in a script /bin/sh runs",
    check: check,
}

fn check(ctx: &mut Checker) {
    super::bashisms::report(ctx, 3024, RULE.meta.code);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(&RULE)
            .pass(&[
                "FROM debian:13\nRUN FLAGS=-g && FLAGS=\"$FLAGS -O2\" && make CFLAGS=\"$FLAGS\"\n",
                "FROM debian:13\nSHELL [\"/bin/bash\", \"-c\"]\nRUN FLAGS=-g && FLAGS+=\" -O2\" && make CFLAGS=\"$FLAGS\"\n",
                "FROM debian:13\nRUN <<EOF\n#!/bin/bash\nFLAGS=-g && FLAGS+=\" -O2\" && make CFLAGS=\"$FLAGS\"\nEOF\n",
            ])
            .fail(&[
                "FROM debian:13\nRUN FLAGS=-g && FLAGS+=\" -O2\" && make CFLAGS=\"$FLAGS\"\n",
                "FROM debian:13\nRUN <<EOF\nFLAGS=-g && FLAGS+=\" -O2\" && make CFLAGS=\"$FLAGS\"\nEOF\n",
            ])
            .run();
    }
}
