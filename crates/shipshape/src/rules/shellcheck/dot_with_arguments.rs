use super::{Finding, report_all};
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for `. script arg…` in a RUN script run by `/bin/sh`.
    ///
    /// ## Why is this bad?
    /// In POSIX sh and dash, `.` takes only the file: the arguments are ignored, and the sourced
    /// script sees the positional parameters of the RUN (none) instead. bash passes them. Set
    /// variables before sourcing, or run the script as a command.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN . /clone.sh assets https://github.com/example/assets.git
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN /clone.sh assets https://github.com/example/assets.git
    /// ```
    code: "SC2240",
    name: "dot-with-arguments",
    category: Suspicious,
    fix: Never,
    hadolint: Some("SC2240"),
    buildkit: None,
    summary: "`.` (source) with arguments, which sh ignores",
    check: check,
}

fn check(ctx: &mut Checker) {
    report_all(ctx, RULE.meta.code, |script| {
        let mut out: Vec<Finding> = Vec::new();
        if !script.tree.dialect.is_sh() {
            return out;
        }
        for (_, simple, _) in script.simple.iter() {
            if simple.name() == Some(".") && simple.args().len() > 1 {
                out.push((
                    simple.args()[1].range,
                    "The dot command does not support arguments in sh/dash. Set them as variables".to_string(),
                    None,
                ));
            }
        }
        out
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(&RULE)
            .pass(&[
                "FROM alpine:3.21\nRUN /clone.sh assets https://github.com/example/assets.git\n",
                "FROM alpine:3.21\nRUN . /etc/os-release && echo \"$ID\"\n",
                "FROM alpine:3.21\nSHELL [\"/bin/bash\", \"-c\"]\nRUN . /x.sh a\n",
            ])
            .fail(&["FROM alpine:3.21\nRUN . /clone.sh assets https://github.com/example/assets.git\n"])
            .run();
    }
}
