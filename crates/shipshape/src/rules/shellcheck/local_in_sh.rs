use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for `local` in a RUN script run by `/bin/sh`.
    ///
    /// ## Why is this bad?
    /// `local` is not in POSIX. dash and busybox sh have it, but a `/bin/sh` that is a strictly
    /// POSIX shell (such as ksh93's) does not, so a function that declares locals fails there. In a
    /// RUN, a function's variables rarely need to be local; where they do, run the RUN with bash
    /// through `SHELL`.
    ///
    /// A RUN runs with `/bin/sh -c` unless `SHELL` says otherwise (or a heredoc script's
    /// shebang names another shell); under bash, ksh or zsh this rule stays quiet.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:13
    /// RUN fetch() { local url="$1"; curl -fsSLO "$url"; } && fetch https://example.com/a.tgz
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:13
    /// RUN fetch() { curl -fsSLO "$1"; } && fetch https://example.com/a.tgz
    /// ```
    code: "SC3043",
    name: "local-in-sh",
    category: Suspicious,
    fix: Never,
    hadolint: Some("SC3043"),
    buildkit: None,
    summary: "`local` in a script /bin/sh runs",
    check: check,
}

fn check(ctx: &mut Checker) {
    super::bashisms::report(ctx, 3043, RULE.meta.code);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(&RULE)
            .pass(&[
                "FROM debian:13\nRUN fetch() { curl -fsSLO \"$1\"; } && fetch https://example.com/a.tgz\n",
                "FROM debian:13\nSHELL [\"/bin/bash\", \"-c\"]\nRUN fetch() { local url=\"$1\"; curl -fsSLO \"$url\"; } && fetch https://example.com/a.tgz\n",
                "FROM debian:13\nRUN <<EOF\n#!/bin/bash\nfetch() { local url=\"$1\"; curl -fsSLO \"$url\"; } && fetch https://example.com/a.tgz\nEOF\n",
            ])
            .fail(&[
                "FROM debian:13\nRUN fetch() { local url=\"$1\"; curl -fsSLO \"$url\"; } && fetch https://example.com/a.tgz\n",
                "FROM debian:13\nRUN <<EOF\nfetch() { local url=\"$1\"; curl -fsSLO \"$url\"; } && fetch https://example.com/a.tgz\nEOF\n",
            ])
            .run();
    }
}
