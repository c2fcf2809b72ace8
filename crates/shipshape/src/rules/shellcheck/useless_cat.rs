use super::{Finding, report_all};
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for `cat` of a single file piped into another command in a RUN script: `cat file |
    /// grep x`.
    ///
    /// ## Why is this bad?
    /// The extra process and pipe add nothing: `grep x file` or `grep x < file` read the file
    /// directly, and the command sees a real file it can seek in. ShellCheck makes this check
    /// optional, and so does shipshape: select `SC2002` to turn it on.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN cat /etc/os-release | grep -q alpine
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN grep -q alpine /etc/os-release
    /// ```
    code: "SC2002",
    name: "useless-cat",
    category: Pedantic,
    fix: Never,
    hadolint: Some("SC2002"),
    buildkit: None,
    enabled: false,
    summary: "`cat file | cmd` where `cmd < file` would do",
    check: check,
}

fn check(ctx: &mut Checker) {
    report_all(ctx, RULE.meta.code, |script| {
        let mut out: Vec<Finding> = Vec::new();
        for pipeline in script.pipelines() {
            let [first, _, ..] = pipeline.commands.as_slice() else { continue };
            let Some(cat) = first.simple() else { continue };
            if cat.is("cat")
                && cat.args().len() == 1
                && first.redirects.is_empty()
                && !cat.args()[0].plain().is_some_and(|s| s.starts_with('-'))
            {
                out.push((
                    first.range,
                    "Useless cat. Consider 'cmd < file | ..' or 'cmd file | ..' instead".to_string(),
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
                "FROM alpine:3.21\nRUN grep -q alpine /etc/os-release\n",
                "FROM alpine:3.21\nRUN cat a b | grep x\n",
                "FROM alpine:3.21\nRUN cat -n a | grep x\n",
            ])
            .fail(&["FROM alpine:3.21\nRUN cat /etc/os-release | grep -q alpine\n"])
            .run();
    }
}
