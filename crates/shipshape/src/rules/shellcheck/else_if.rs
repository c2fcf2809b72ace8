use super::report_all;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for `else if` on one line in a RUN script.
    ///
    /// ## Why is this bad?
    /// `else if` starts a new `if` inside the `else` branch, which needs its own `fi`: with one
    /// `fi` for both the script does not parse; with two, it works but reads badly. `elif` is the
    /// shell's else-if.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN if [ -f a ]; then echo a; else if [ -f b ]; then echo b; fi; fi
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN if [ -f a ]; then echo a; elif [ -f b ]; then echo b; fi
    /// ```
    code: "SC1075",
    name: "else-if",
    category: Correctness,
    fix: Never,
    hadolint: Some("SC1075"),
    buildkit: None,
    summary: "`else if` on one line opens a second `if` that needs its own `fi`",
    check: check,
}

fn check(ctx: &mut Checker) {
    report_all(ctx, RULE.meta.code, |script| {
        script.tree.issues.iter().filter(|i| i.code == 1075).map(|i| (i.range, i.message.clone(), None)).collect()
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(&RULE)
            .pass(&["FROM alpine:3.21\nRUN if [ -f a ]; then echo a; elif [ -f b ]; then echo b; fi\n"])
            .fail(&["FROM alpine:3.21\nRUN if [ -f a ]; then echo a; else if [ -f b ]; then echo b; fi; fi\n"])
            .run();
    }
}
