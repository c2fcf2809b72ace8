use super::report_all;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for a backslash before an ordinary character outside quotes in a RUN script, such as
    /// `\d` or `\u`.
    ///
    /// ## Why is this bad?
    /// Outside quotes, `\x` is just `x`: the backslash is dropped. It usually means the backslash
    /// was meant for another program (a `sed` or `grep` pattern, a Windows path) and is lost before
    /// that program sees it. Quote the word to keep it: `grep '\d'`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN grep -q \d /etc/issue
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN grep -q '\d' /etc/issue
    /// ```
    code: "SC1001",
    name: "useless-escape",
    category: Style,
    fix: Never,
    hadolint: Some("SC1001"),
    buildkit: None,
    summary: "Backslash before a letter that needs no escaping",
    check: check,
}

fn check(ctx: &mut Checker) {
    report_all(ctx, RULE.meta.code, |script| {
        script.tree.issues.iter().filter(|i| i.code == 1001).map(|i| (i.range, i.message.clone(), None)).collect()
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
                "FROM alpine:3.21\nRUN grep -q '\\d' /etc/issue\n",
                "FROM alpine:3.21\nRUN echo \\$HOME \\* \\. a\\ b\n",
            ])
            .fail(&["FROM alpine:3.21\nRUN grep -q \\d /etc/issue\n", "FROM alpine:3.21\nRUN apt-get \\update\n"])
            .run();
    }
}
