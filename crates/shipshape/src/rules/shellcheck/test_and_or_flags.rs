use super::{Finding, report_all};
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for `-a` and `-o` used to join two tests inside one `[ … ]` in a RUN script.
    ///
    /// ## Why is this bad?
    /// POSIX marks `-a` and `-o` in `test` as obsolescent: with some operands the expression is
    /// ambiguous (a value of `!` or `(` changes how it parses) and shells disagree. Two tests
    /// joined by the shell, `[ p ] && [ q ]`, mean exactly that everywhere.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN if [ "$INSTALL_DEV" = true -a "$TARGETARCH" = amd64 ]; then make dev; fi
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN if [ "$INSTALL_DEV" = true ] && [ "$TARGETARCH" = amd64 ]; then make dev; fi
    /// ```
    code: "SC2166",
    name: "test-and-or-flags",
    category: Suspicious,
    fix: Never,
    hadolint: Some("SC2166"),
    buildkit: None,
    summary: "`[ p -a q ]` or `[ p -o q ]`: ambiguous, use `[ p ] && [ q ]`",
    check: check,
}

fn check(ctx: &mut Checker) {
    report_all(ctx, RULE.meta.code, |script| {
        let mut out: Vec<Finding> = Vec::new();
        for (_, simple, _) in script.simple.iter() {
            if !simple.is("[") {
                continue;
            }
            let args = simple.args();
            let n = args.len().saturating_sub(1);
            for (i, arg) in args.iter().enumerate() {
                let Some(op) = arg.plain().filter(|o| matches!(*o, "-a" | "-o")) else { continue };
                if i == 0 || i + 1 >= n {
                    continue;
                }
                let (joined, with) = if op == "-a" { ("&&", "-a") } else { ("||", "-o") };
                out.push((
                    arg.range,
                    format!("Prefer [ p ] {joined} [ q ] as [ p {with} q ] is not well defined"),
                    None,
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
                "FROM alpine:3.21\nRUN if [ \"$INSTALL_DEV\" = true ] && [ \"$TARGETARCH\" = amd64 ]; then make dev; fi\n",
                "FROM alpine:3.21\nRUN [ -a /etc/x ] || true\n",
                "FROM alpine:3.21\nRUN [ \"$x\" = \"-a\" ] || true\n",
                "FROM alpine:3.21\nRUN test -f a -a -f b\n",
            ])
            .fail(&[
                "FROM alpine:3.21\nRUN if [ \"$INSTALL_DEV\" = true -a \"$TARGETARCH\" = amd64 ]; then make dev; fi\n",
                "FROM alpine:3.21\nRUN [ -f a -o -f b ] && echo y\n",
            ])
            .run();
    }
}
