use super::report_all;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for `\t`, `\n` or `\r` outside quotes in a RUN script.
    ///
    /// ## Why is this bad?
    /// Outside quotes the shell drops the backslash: `\t` is the letter `t`, not a tab. To pass a
    /// tab or a line break, use `"$(printf '\t')"`, or quote the whole word when the program itself
    /// reads the escape (`sed 's/\t/ /'`).
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN sed -i s/\t/\ \ /g /etc/config
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN sed -i 's/\t/  /g' /etc/config
    /// ```
    code: "SC1012",
    name: "escaped-control-letter",
    category: Suspicious,
    fix: Never,
    hadolint: Some("SC1012"),
    buildkit: None,
    summary: "`\t`, `\n` or `\r` outside quotes is a plain letter",
    check: check,
}

fn check(ctx: &mut Checker) {
    report_all(ctx, RULE.meta.code, |script| {
        script.tree.issues.iter().filter(|i| i.code == 1012).map(|i| (i.range, i.message.clone(), None)).collect()
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(&RULE)
            .pass(&["FROM alpine:3.21\nRUN sed -i 's/\\t/  /g' /etc/config\n"])
            .fail(&["FROM alpine:3.21\nRUN sed -i s/\\t/\\ \\ /g /etc/config\n"])
            .run();
    }
}
