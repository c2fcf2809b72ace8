use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for `echo` with `-n`, `-e`, `-E` or `-s` in a RUN script run by `/bin/sh`.
    ///
    /// ## Why is this bad?
    /// POSIX leaves `echo`'s options undefined, and shells differ: dash, Debian's and Ubuntu's
    /// `/bin/sh`, prints `-e` as text and always interprets backslash escapes, bash only with `-e`.
    /// The same RUN writes different files on different base images. `printf` behaves the same
    /// everywhere: `printf '%s\n'` for text, `printf 'a\tb\n'` for escapes.
    ///
    /// A RUN runs with `/bin/sh -c` unless `SHELL` says otherwise (or a heredoc script's
    /// shebang names another shell); under bash, ksh or zsh this rule stays quiet.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:13
    /// RUN echo -e "[global]\nindex-url = https://pypi.example/simple" > /etc/pip.conf
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:13
    /// RUN printf '[global]\nindex-url = https://pypi.example/simple\n' > /etc/pip.conf
    /// ```
    code: "SC3037",
    name: "echo-flags-in-sh",
    category: Suspicious,
    fix: Never,
    hadolint: Some("SC3037"),
    buildkit: None,
    summary: "`echo -n` or `echo -e` in a script /bin/sh runs",
    check: check,
}

fn check(ctx: &mut Checker) {
    super::bashisms::report(ctx, 3037, RULE.meta.code);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(&RULE)
            .pass(&[
                "FROM debian:13\nRUN printf '[global]\\nindex-url = https://pypi.example/simple\\n' > /etc/pip.conf\n",
                "FROM debian:13\nRUN echo \"-n\" x\n",
                "FROM debian:13\nSHELL [\"/bin/bash\", \"-c\"]\nRUN echo -e \"[global]\\nindex-url = https://pypi.example/simple\" > /etc/pip.conf\n",
                "FROM debian:13\nRUN <<EOF\n#!/bin/bash\necho -e \"[global]\\nindex-url = https://pypi.example/simple\" > /etc/pip.conf\nEOF\n",
            ])
            .fail(&[
                "FROM debian:13\nRUN echo -e \"[global]\\nindex-url = https://pypi.example/simple\" > /etc/pip.conf\n",
                "FROM debian:13\nRUN echo -n x > /f\n",
                "FROM debian:13\nRUN <<EOF\necho -e \"[global]\\nindex-url = https://pypi.example/simple\" > /etc/pip.conf\nEOF\n",
            ])
            .run();
    }
}
