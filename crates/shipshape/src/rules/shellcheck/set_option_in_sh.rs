use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for `set -o <option>` with an option that POSIX sh (as ShellCheck 0.11 knows it) does
    /// not define, such as `pipefail`, in a RUN script run by `/bin/sh`.
    ///
    /// ## Why is this bad?
    /// The dash that Debian's and Ubuntu's images ship as `/bin/sh` stops with `set: Illegal
    /// option -o pipefail`, failing the build; shells that know the option run on. To get
    /// pipefail for every RUN, set it where the shell is chosen:
    /// `SHELL ["/bin/bash", "-o", "pipefail", "-c"]`.
    ///
    /// A RUN runs with `/bin/sh -c` unless `SHELL` says otherwise (or a heredoc script's
    /// shebang names another shell); under bash, ksh or zsh this rule stays quiet.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:13
    /// RUN set -o pipefail && curl -fsSL https://example.com/install.sh | sh
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:13
    /// RUN curl -fsSL -o /tmp/install.sh https://example.com/install.sh && sh /tmp/install.sh
    /// ```
    code: "SC3040",
    name: "set-option-in-sh",
    category: Suspicious,
    fix: Never,
    hadolint: Some("SC3040"),
    buildkit: None,
    summary: "`set -o` with an option /bin/sh lacks, such as pipefail",
    check: check,
}

fn check(ctx: &mut Checker) {
    super::bashisms::report(ctx, 3040, RULE.meta.code);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(&RULE)
            .pass(&[
                "FROM debian:13\nRUN curl -fsSL -o /tmp/install.sh https://example.com/install.sh && sh /tmp/install.sh\n",
                "FROM debian:13\nRUN set -o errexit -o nounset; make\n",
                "FROM debian:13\nSHELL [\"/bin/bash\", \"-c\"]\nRUN set -o pipefail && curl -fsSL https://example.com/install.sh | sh\n",
                "FROM debian:13\nRUN <<EOF\n#!/bin/bash\nset -o pipefail && curl -fsSL https://example.com/install.sh | sh\nEOF\n",
            ])
            .fail(&[
                "FROM debian:13\nRUN set -o pipefail && curl -fsSL https://example.com/install.sh | sh\n",
                "FROM debian:13\nRUN set -eo pipefail; make\n",
                "FROM debian:13\nRUN <<EOF\nset -o pipefail && curl -fsSL https://example.com/install.sh | sh\nEOF\n",
            ])
            .run();
    }
}
