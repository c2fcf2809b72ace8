use super::report_all;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for an assignment with nothing after `=` followed by another word in a RUN script:
    /// `VERSION= 1.2`.
    ///
    /// ## Why is this bad?
    /// `VERSION= 1.2` sets `VERSION` to the empty string for a command named `1.2`, which is not
    /// found. Remove the space to assign the value; write `VERSION=''` when an empty value was
    /// meant.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN PREFIX= /usr/local && echo "$PREFIX"
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN PREFIX=/usr/local && echo "$PREFIX"
    /// ```
    code: "SC1007",
    name: "space-after-assignment",
    category: Suspicious,
    fix: Never,
    hadolint: Some("SC1007"),
    buildkit: None,
    summary: "`name= value`: the space makes `value` a command",
    check: check,
}

fn check(ctx: &mut Checker) {
    report_all(ctx, RULE.meta.code, |script| {
        script.tree.issues.iter().filter(|i| i.code == 1007).map(|i| (i.range, i.message.clone(), None)).collect()
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
                "FROM alpine:3.21\nRUN PREFIX=/usr/local && echo \"$PREFIX\"\n",
                "FROM alpine:3.21\nRUN X= && echo\n",
                "FROM alpine:3.21\nRUN X=''\n",
            ])
            .fail(&["FROM alpine:3.21\nRUN PREFIX= /usr/local && echo \"$PREFIX\"\n"])
            .run();
    }
}
