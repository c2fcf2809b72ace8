use super::{Finding, report_all};
use crate::rules::prelude::*;
use crate::shell::ast::{AndOrOp, CommandKind, Pipeline};

declare_rule! {
    /// ## What it does
    /// Checks for `A && B || C` in a RUN script, where `C` is more than a message or an exit.
    ///
    /// ## Why is this bad?
    /// `A && B || C` reads like `if A; then B; else C; fi`, but it is not: when `A` succeeds and
    /// `B` fails, `C` runs too. A checksum test written `[ "$sum" = "$want" ] && echo ok || (echo
    /// bad && exit 1)` is fine, but `download && install || cleanup` cleans up after a failed
    /// install of a good download. Use `if` when `C` must only run when `A` fails.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN test -f /etc/debian_version && apt-get update || apk update
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN if test -f /etc/debian_version; then apt-get update; else apk update; fi
    /// ```
    code: "SC2015",
    name: "and-or-not-if-else",
    category: Style,
    fix: Never,
    hadolint: Some("SC2015"),
    buildkit: None,
    summary: "`A && B || C` used as if-then-else: C also runs when B fails",
    check: check,
}

fn check(ctx: &mut Checker) {
    report_all(ctx, RULE.meta.code, |script| {
        let mut out: Vec<Finding> = Vec::new();
        for (item, scope) in script.and_ors.iter().copied() {
            if scope.condition {
                continue;
            }
            for (i, (op, pipeline)) in item.rest.iter().enumerate() {
                // Only the last `||` of a chain: an earlier one is the left side of what
                // follows, a condition itself.
                let last = i + 1 == item.rest.len();
                if *op != AndOrOp::Or
                    || !last
                    || i == 0
                    || item.rest[i - 1].0 != AndOrOp::And
                    || harmless(pipeline)
                    || is_test(&item.rest[i - 1].1)
                {
                    continue;
                }
                out.push((
                    item.ops[i - 1],
                    "Note that A && B || C is not if-then-else: C may run when A is true (when B fails)".to_string(),
                    None,
                ));
            }
        }
        out
    });
}

/// `|| true`, `|| exit 1`, `|| echo …`: what runs is a message or an exit, which is fine
/// after either command.
fn harmless(pipeline: &Pipeline) -> bool {
    matches!(pipeline.commands.as_slice(), [c] if c.simple().is_some_and(|s| {
        (s.words.is_empty() && !s.assignments.is_empty())
            || s.is_any_of(&["echo", "exit", "return", "printf", "true", ":"])
    }))
}

/// `A && [ test ] || C` reads as a test with a fallback, which it is.
fn is_test(pipeline: &Pipeline) -> bool {
    matches!(pipeline.commands.as_slice(), [c] if matches!(&c.kind, CommandKind::Test(_))
        || c.simple().is_some_and(|s| s.is_any_of(&["[", "test"])))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(&RULE)
            .pass(&[
                "FROM alpine:3.21\nRUN if test -f /etc/debian_version; then apt-get update; else apk update; fi\n",
                "FROM alpine:3.21\nRUN a && b || true\n",
                "FROM alpine:3.21\nRUN a && b || exit 1\n",
                "FROM alpine:3.21\nRUN a || b && c\n",
                "FROM alpine:3.21\nRUN if a && b || c; then :; fi\n",
            ])
            .fail(&[
                "FROM alpine:3.21\nRUN test -f /etc/debian_version && apt-get update || apk update\n",
                "FROM alpine:3.21\nRUN [ \"$a\" = \"$b\" ] && echo OK || (echo \"checksum mismatch\" && exit 1)\n",
                "FROM alpine:3.21\nRUN a && b && c || d\n",
            ])
            .run();
    }
}
