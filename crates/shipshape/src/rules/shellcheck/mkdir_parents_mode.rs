use super::{Finding, report_all};
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for `mkdir -p … -m MODE` in a RUN script.
    ///
    /// ## Why is this bad?
    /// With `-p`, `mkdir` creates the missing parents with the default mode and applies `-m` only
    /// to the deepest directory. `mkdir -p -m 700 /home/app/.ssh` leaves `/home/app` as `755`; when
    /// the parents matter, create them first or `chmod` each.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN mkdir -p -m 0700 /home/app/.ssh
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN mkdir -p /home/app/.ssh && chmod 0700 /home/app/.ssh
    /// ```
    code: "SC2174",
    name: "mkdir-parents-mode",
    category: Suspicious,
    fix: Never,
    hadolint: Some("SC2174"),
    buildkit: None,
    summary: "`mkdir -p -m`: the mode only applies to the last directory",
    check: check,
}

fn check(ctx: &mut Checker) {
    report_all(ctx, RULE.meta.code, |script| {
        let mut out: Vec<Finding> = Vec::new();
        for (_, simple, _) in script.simple.iter() {
            if !simple.is("mkdir") {
                continue;
            }
            let args = simple.args();
            fn flags(w: &crate::shell::ast::Word) -> Option<&str> {
                w.plain().filter(|s| s.starts_with('-') && !s.starts_with("--"))
            }
            let parents = args.iter().any(|a| flags(a).is_some_and(|f| f.contains('p')) || a.is_plain("--parents"));
            let mode = args.iter().find(|a| {
                flags(a).is_some_and(|f| f.contains('m')) || a.plain().is_some_and(|s| s.starts_with("--mode"))
            });
            // A single name has no parent to create.
            let nested = args.iter().any(|a| {
                !a.plain().is_some_and(|s| s.starts_with('-'))
                    && a.loose(&script.tree.text).trim_end_matches('/').contains('/')
            });
            if parents
                && nested
                && let Some(mode) = mode
            {
                out.push((mode.range, "When used with -p, -m only applies to the deepest directory".to_string(), None));
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
                "FROM alpine:3.21\nRUN mkdir -p /home/app/.ssh && chmod 0700 /home/app/.ssh\n",
                "FROM alpine:3.21\nRUN mkdir -m 755 -p x\n",
                "FROM alpine:3.21\nRUN mkdir -m 755 /a\n",
            ])
            .fail(&[
                "FROM alpine:3.21\nRUN mkdir -p -m 0700 /home/app/.ssh\n",
                "FROM alpine:3.21\nRUN mkdir -m 0700 -p /run/user/1000\n",
                "FROM alpine:3.21\nRUN mkdir -pm 755 /a/b\n",
            ])
            .run();
    }
}
