use super::{Finding, report_all};
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for `find` in a RUN script called without a path before its expression: `find -name
    /// '*.pyc'`.
    ///
    /// ## Why is this bad?
    /// GNU find searches the current directory when no path is given, but BSD and busybox find
    /// (Alpine's) require one and fail. Say `find . …`; it also makes clear where the search
    /// starts.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN find -name '*.pyc' -delete
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN find . -name '*.pyc' -delete
    /// ```
    ///
    /// The fix adds `.`, which is what GNU find does without a path: it is safe.
    code: "SC2185",
    name: "find-without-path",
    category: Style,
    fix: Always,
    hadolint: Some("SC2185"),
    buildkit: None,
    summary: "`find` without a starting directory",
    check: check,
}

fn check(ctx: &mut Checker) {
    report_all(ctx, RULE.meta.code, |script| {
        let mut out: Vec<Finding> = Vec::new();
        for (_, simple, _) in script.simple.iter().copied() {
            if !simple.is("find") {
                continue;
            }
            let first = simple
                .args()
                .iter()
                .map(|a| a.loose(&script.tree.text))
                .find(|a| !matches!(a.as_str(), "-H" | "-L" | "-P"));
            if first.as_ref().is_none_or(|a| a.starts_with('-') || a.starts_with('(') || a == "!") {
                let source = script.tree.source_range(simple.words[0].range);
                let fix =
                    crate::fix::Fix::safe("Add `.` as the path", vec![crate::fix::Edit::insert(source.end, " .")]);
                out.push((
                    simple.words[0].range,
                    "Some finds don't have a default path: specify '.' explicitly".to_string(),
                    Some(fix),
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
                "FROM alpine:3.21\nRUN find . -name '*.pyc' -delete\n",
                "FROM alpine:3.21\nRUN find /x -name y\n",
                "FROM alpine:3.21\nRUN find -L /x\n",
            ])
            .fail(&["FROM alpine:3.21\nRUN find -name '*.pyc' -delete\n", "FROM alpine:3.21\nRUN find\n"])
            .fix(&[("FROM alpine:3.21\nRUN find -type f -delete\n", "FROM alpine:3.21\nRUN find . -type f -delete\n")])
            .run();
    }
}
