use super::{Finding, report_all};
use crate::rules::prelude::*;
use crate::shell::ast::{CommandKind, List};

declare_rule! {
    /// ## What it does
    /// Checks for a command negated with `!` on its own, not as a condition, in a RUN script that
    /// uses `set -e`.
    ///
    /// ## Why is this bad?
    /// `set -e` ignores the status of a negated command, so `! grep -q bad /log` does not stop the
    /// script when `bad` is found: the line looks like an assertion but asserts nothing (unless it
    /// is the last command). Write `if grep -q bad /log; then exit 1; fi`, or `grep -q bad /log &&
    /// exit 1`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN set -e; ! grep -q "^root:" /etc/shadow-; echo checked
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN set -e; if grep -q "^root:" /etc/shadow-; then exit 1; fi; echo checked
    /// ```
    code: "SC2251",
    name: "bang-skips-errexit",
    category: Style,
    fix: Never,
    hadolint: Some("SC2251"),
    buildkit: None,
    summary: "`! cmd` under `set -e` does not stop the script",
    check: check,
}

fn check(ctx: &mut Checker) {
    report_all(ctx, RULE.meta.code, |script| {
        let mut out: Vec<Finding> = Vec::new();
        if !script.vars.errexit {
            return out;
        }
        collect(&script.tree.body, true, &mut out);
        out
    });
}

/// Lone `! cmd` items that do not end their script, function or subshell (whose status
/// would then be the script's). `tail`: this list ends one of those.
fn collect(list: &List, tail: bool, out: &mut Vec<Finding>) {
    let n = list.items.len();
    for (i, item) in list.items.iter().enumerate() {
        let last = tail && i + 1 == n;
        if let Some(bang) = item.first.bang
            && item.rest.is_empty()
            && !last
        {
            out.push((
                bang,
                "This ! is not on a condition and skips errexit. Use `&& exit 1` instead, or make sure $? is checked"
                    .to_string(),
                None,
            ));
        }
        // Only commands run for their status are looked into; conditions are not.
        if !item.rest.is_empty() {
            continue;
        }
        for command in &item.first.commands {
            let tail = last && item.first.commands.len() == 1;
            match &command.kind {
                CommandKind::Brace(body) => collect(body, tail, out),
                CommandKind::Subshell(body) => collect(body, true, out),
                CommandKind::If { branches, otherwise } => {
                    for (_, body) in branches {
                        collect(body, tail, out);
                    }
                    if let Some(body) = otherwise {
                        collect(body, tail, out);
                    }
                }
                CommandKind::Case { arms, .. } => {
                    for arm in arms {
                        collect(&arm.body, tail, out);
                    }
                }
                CommandKind::Loop { body, .. } | CommandKind::For { body, .. } | CommandKind::ArithFor { body } => {
                    collect(body, false, out);
                }
                CommandKind::Function { body, .. } => {
                    if let CommandKind::Brace(b) | CommandKind::Subshell(b) = &body.kind {
                        collect(b, true, out);
                    }
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(&RULE)
            .pass(&[
                "FROM alpine:3.21\nRUN set -e; if grep -q \"^root:\" /etc/shadow-; then exit 1; fi; echo checked\n",
                "FROM alpine:3.21\nRUN ! grep x f; echo y\n",
                "FROM alpine:3.21\nRUN set -e; if ! a; then :; fi; b\n",
                "FROM alpine:3.21\nRUN set -e; a && ! b; c\n",
                "FROM alpine:3.21\nRUN set -e; ! a\n",
                "FROM alpine:3.21\nRUN set -e; if [ -f x ]; then ! grep -q y x; fi\n",
            ])
            .fail(&["FROM alpine:3.21\nRUN set -e; ! grep -q \"^root:\" /etc/shadow-; echo checked\n"])
            .run();
    }
}
