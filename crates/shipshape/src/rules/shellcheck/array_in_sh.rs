use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for array assignments, `name=(a b c)`, in a RUN script run by `/bin/sh`.
    ///
    /// ## Why is this bad?
    /// POSIX sh has no arrays: dash, Debian's and Ubuntu's `/bin/sh`, rejects `pkgs=(a b)` with a
    /// syntax error. Use a space-separated string and let it split, the positional parameters (`set
    /// -- a b`), or run the RUN with bash through `SHELL`.
    ///
    /// A RUN runs with `/bin/sh -c` unless `SHELL` says otherwise (or a heredoc script's
    /// shebang names another shell); under bash, ksh or zsh this rule stays quiet.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:13
    /// RUN pkgs=(curl git) && apk add "${pkgs[@]}"
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:13
    /// RUN pkgs="curl git" && apk add $pkgs
    /// ```
    code: "SC3030",
    name: "array-in-sh",
    category: Suspicious,
    fix: Never,
    hadolint: Some("SC3030"),
    buildkit: None,
    summary: "Array assignment `x=(…)` in a script /bin/sh runs",
    check: check,
}

fn check(ctx: &mut Checker) {
    super::bashisms::report(ctx, 3030, RULE.meta.code);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(&RULE)
            .pass(&[
                "FROM debian:13\nRUN pkgs=\"curl git\" && apk add $pkgs\n",
                "FROM debian:13\nSHELL [\"/bin/bash\", \"-c\"]\nRUN pkgs=(curl git) && apk add \"${pkgs[@]}\"\n",
                "FROM debian:13\nRUN <<EOF\n#!/bin/bash\npkgs=(curl git) && apk add \"${pkgs[@]}\"\nEOF\n",
            ])
            .fail(&[
                "FROM debian:13\nRUN pkgs=(curl git) && apk add \"${pkgs[@]}\"\n",
                "FROM debian:13\nRUN <<EOF\npkgs=(curl git) && apk add \"${pkgs[@]}\"\nEOF\n",
            ])
            .run();
    }
}
