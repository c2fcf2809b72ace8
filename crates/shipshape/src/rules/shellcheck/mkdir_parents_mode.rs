use super::{report_all, simple_commands, Finding};
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
        for (_, simple, _) in simple_commands(script) {
            if !simple.is("mkdir") {
                continue;
            }
            let args = simple.args();
            let Some(p) = args.iter().position(|a| a.is_plain("-p")) else { continue };
            if let Some(m) = args[p + 1..].iter().find(|a| a.plain().is_some_and(|s| s.starts_with("-m"))) {
                out.push((m.range, "When used with -p, -m only applies to the deepest directory".to_string(), None));
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
                "FROM alpine:3.21\nRUN mkdir -m 755 -p /a\n",
                "FROM alpine:3.21\nRUN mkdir -m 755 /a\n",
            ])
            .fail(&[
                "FROM alpine:3.21\nRUN mkdir -p -m 0700 /home/app/.ssh\n",
                "FROM alpine:3.21\nRUN mkdir -p /a/b -m 755\n",
            ])
            .run();
    }
}
