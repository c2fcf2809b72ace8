use super::{Finding, report_all};
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for `egrep` in a RUN script.
    ///
    /// ## Why is this bad?
    /// `egrep` is a deprecated alias of `grep -E`; recent GNU grep prints a warning for every use,
    /// and some minimal images do not ship it.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN egrep -q '^ID=(debian|ubuntu)' /etc/os-release && apt-get update
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN grep -Eq '^ID=(debian|ubuntu)' /etc/os-release && apt-get update
    /// ```
    ///
    /// The fix writes `grep -E`, which is what `egrep` runs: it is safe.
    code: "SC2196",
    name: "egrep",
    category: Style,
    fix: Always,
    hadolint: Some("SC2196"),
    buildkit: None,
    summary: "`egrep` is deprecated: use `grep -E`",
    check: check,
}

fn check(ctx: &mut Checker) {
    report_all(ctx, RULE.meta.code, |script| {
        let mut out: Vec<Finding> = Vec::new();
        for (_, simple, _) in script.simple.iter().copied() {
            if simple.name() == Some("egrep") {
                let source = script.tree.source_range(simple.words[0].range);
                let fix = crate::fix::Fix::safe("Use `grep -E`", vec![crate::fix::Edit::replace(source, "grep -E")]);
                out.push((
                    simple.words[0].range,
                    "egrep is non-standard and deprecated. Use grep -E instead".to_string(),
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
                "FROM alpine:3.21\nRUN grep -Eq '^ID=(debian|ubuntu)' /etc/os-release && apt-get update\n",
                "FROM alpine:3.21\nRUN grep -E x f\n",
            ])
            .fail(&["FROM alpine:3.21\nRUN egrep -q '^ID=(debian|ubuntu)' /etc/os-release && apt-get update\n"])
            .fix(&[(
                "FROM alpine:3.21\nRUN egrep -i x /etc/group\n",
                "FROM alpine:3.21\nRUN grep -E -i x /etc/group\n",
            )])
            .run();
    }
}
