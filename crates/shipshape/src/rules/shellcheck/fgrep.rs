use super::{Finding, report_all};
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for `fgrep` in a RUN script.
    ///
    /// ## Why is this bad?
    /// `fgrep` is a deprecated alias of `grep -F`; recent GNU grep prints a warning for every use,
    /// and some minimal images do not ship it.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN fgrep -q 'nameserver' /etc/resolv.conf
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN grep -Fq 'nameserver' /etc/resolv.conf
    /// ```
    ///
    /// The fix writes `grep -F`, which is what `fgrep` runs: it is safe.
    code: "SC2197",
    name: "fgrep",
    category: Style,
    fix: Always,
    hadolint: Some("SC2197"),
    buildkit: None,
    summary: "`fgrep` is deprecated: use `grep -F`",
    check: check,
}

fn check(ctx: &mut Checker) {
    report_all(ctx, RULE.meta.code, |script| {
        let mut out: Vec<Finding> = Vec::new();
        for (_, simple, _) in script.simple.iter().copied() {
            if simple.name() == Some("fgrep") {
                let source = script.tree.source_range(simple.words[0].range);
                let fix = crate::fix::Fix::safe("Use `grep -F`", vec![crate::fix::Edit::replace(source, "grep -F")]);
                out.push((
                    simple.words[0].range,
                    "fgrep is non-standard and deprecated. Use grep -F instead".to_string(),
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
                "FROM alpine:3.21\nRUN grep -Fq 'nameserver' /etc/resolv.conf\n",
                "FROM alpine:3.21\nRUN grep -F x f\n",
            ])
            .fail(&["FROM alpine:3.21\nRUN fgrep -q 'nameserver' /etc/resolv.conf\n"])
            .fix(&[("FROM alpine:3.21\nRUN fgrep x f\n", "FROM alpine:3.21\nRUN grep -F x f\n")])
            .run();
    }
}
