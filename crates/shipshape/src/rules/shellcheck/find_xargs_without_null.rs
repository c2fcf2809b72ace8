use super::{Finding, report_all};
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for `find … | xargs …` in a RUN script where `find` does not print with `-print0` or
    /// `xargs` does not read with `-0`.
    ///
    /// ## Why is this bad?
    /// `xargs` splits its input at blanks and treats quotes and backslashes specially, so a file
    /// name with a space becomes two arguments and one with a quote stops the command. `find
    /// -print0 | xargs -0` separates names with NUL bytes, which no name contains; `find -exec cmd
    /// {} +` needs no pipe at all.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN find /usr/local -name '*.pyc' | xargs rm -f
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN find /usr/local -name '*.pyc' -exec rm -f {} +
    /// ```
    code: "SC2038",
    name: "find-xargs-without-null",
    category: Suspicious,
    fix: Never,
    hadolint: Some("SC2038"),
    buildkit: None,
    summary: "`find | xargs` without `-print0`/`-0`: file names with spaces break",
    check: check,
}

fn check(ctx: &mut Checker) {
    report_all(ctx, RULE.meta.code, |script| {
        let mut out: Vec<Finding> = Vec::new();
        for pipeline in script.pipelines() {
            for pair in pipeline.commands.windows(2) {
                let (Some(find), Some(xargs)) = (pair[0].simple(), pair[1].simple()) else { continue };
                if !find.is("find") || !xargs.is("xargs") {
                    continue;
                }
                let find_null =
                    find.args().iter().any(|a| matches!(a.literal().as_deref(), Some("-print0" | "-printf")));
                let xargs_null = xargs.args().iter().any(|a| {
                    a.literal().is_some_and(|s| {
                        s == "--null" || (s.starts_with('-') && !s.starts_with("--") && s.contains('0'))
                    })
                });
                if !(find_null && xargs_null) {
                    out.push((
                        pair[0].range,
                        "Use 'find .. -print0 | xargs -0 ..' or 'find .. -exec .. +' to allow non-alphanumeric filenames".to_string(),
                        None,
                    ));
                }
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
                "FROM alpine:3.21\nRUN find /usr/local -name '*.pyc' -exec rm -f {} +\n",
                "FROM alpine:3.21\nRUN find . -print0 | xargs -0 rm\n",
                "FROM alpine:3.21\nRUN find . | grep x | xargs rm\n",
            ])
            .fail(&[
                "FROM alpine:3.21\nRUN find /usr/local -name '*.pyc' | xargs rm -f\n",
                "FROM alpine:3.21\nRUN find . -type f | xargs -r chmod 644\n",
            ])
            .run();
    }
}
