use super::{Finding, report_all};
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for `[ "$var" ]` tests in a RUN script that test a value without an operator.
    ///
    /// ## Why is this bad?
    /// `[ "$x" ]` is true when `$x` is not empty, but only by a rule of `test` with one argument:
    /// with a value such as `-n` or `=` the meaning changes. `[ -n "$x" ]` says what is tested.
    /// ShellCheck makes this check optional, and so does shipshape: select `SC2244` to turn it on.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN if [ "$DEBUG" ]; then apk add strace; fi
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN if [ -n "$DEBUG" ]; then apk add strace; fi
    /// ```
    ///
    /// The fix adds `-n`, which is what a one-operand test does: it is safe.
    code: "SC2244",
    name: "implicit-non-empty-test",
    category: Pedantic,
    fix: Always,
    hadolint: Some("SC2244"),
    buildkit: None,
    enabled: false,
    summary: "`[ \"$var\" ]` instead of `[ -n \"$var\" ]`",
    check: check,
}

fn check(ctx: &mut Checker) {
    report_all(ctx, RULE.meta.code, |script| {
        let mut out: Vec<Finding> = Vec::new();
        for (_, simple, _) in script.simple.iter() {
            let args = simple.args();
            let operand = match (simple.name(), args) {
                (Some("["), [operand, close]) if close.is_plain("]") => operand,
                (Some("test"), [operand]) => operand,
                _ => continue,
            };
            if operand.has_expansion() {
                let source = script.tree.source_range(operand.range);
                let fix = crate::fix::Fix::safe("Add `-n`", vec![crate::fix::Edit::insert(source.start, "-n ")]);
                out.push((
                    operand.range,
                    "Prefer explicit -n to check non-empty string (or use =/-ne to check boolean/integer)".to_string(),
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
                "FROM alpine:3.21\nRUN if [ -n \"$DEBUG\" ]; then apk add strace; fi\n",
                "FROM alpine:3.21\nRUN [ -n \"$x\" ] && [ \"$x\" = y ]\n",
            ])
            .fail(&["FROM alpine:3.21\nRUN if [ \"$DEBUG\" ]; then apk add strace; fi\n"])
            .fix(&[(
                "FROM alpine:3.21\nRUN true && [ \"$x\" ] && echo y\n",
                "FROM alpine:3.21\nRUN true && [ -n \"$x\" ] && echo y\n",
            )])
            .run();
    }
}
