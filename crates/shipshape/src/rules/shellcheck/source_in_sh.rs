use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for `source file` in a RUN script run by `/bin/sh`.
    ///
    /// ## Why is this bad?
    /// `source` is bash's name for `.`. dash, Debian's and Ubuntu's `/bin/sh`, does not have it, so
    /// `source /venv/bin/activate` fails with `not found`. Write `. /venv/bin/activate`.
    ///
    /// A RUN runs with `/bin/sh -c` unless `SHELL` says otherwise (or a heredoc script's
    /// shebang names another shell); under bash, ksh or zsh this rule stays quiet.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:13
    /// RUN source /opt/venv/bin/activate && pip install -r requirements.txt
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:13
    /// RUN . /opt/venv/bin/activate && pip install -r requirements.txt
    /// ```
    code: "SC3046",
    name: "source-in-sh",
    category: Suspicious,
    fix: Never,
    hadolint: Some("SC3046"),
    buildkit: None,
    summary: "`source` instead of `.` in a script /bin/sh runs",
    check: check,
}

fn check(ctx: &mut Checker) {
    super::bashisms::report(ctx, 3046, RULE.meta.code);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(&RULE)
            .pass(&[
                "FROM debian:13\nRUN . /opt/venv/bin/activate && pip install -r requirements.txt\n",
                "FROM debian:13\nSHELL [\"/bin/bash\", \"-c\"]\nRUN source /opt/venv/bin/activate && pip install -r requirements.txt\n",
                "FROM debian:13\nRUN <<EOF\n#!/bin/bash\nsource /opt/venv/bin/activate && pip install -r requirements.txt\nEOF\n",
            ])
            .fail(&[
                "FROM debian:13\nRUN source /opt/venv/bin/activate && pip install -r requirements.txt\n",
                "FROM debian:13\nRUN <<EOF\nsource /opt/venv/bin/activate && pip install -r requirements.txt\nEOF\n",
            ])
            .run();
    }
}
