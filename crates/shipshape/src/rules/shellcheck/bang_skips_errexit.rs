use super::{report_all, Finding};
use crate::shell::ast::{Command, CommandKind, List};
use crate::rules::prelude::*;

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
        collect(&script.tree.body, &mut out);
        out
    });
}

/// Lone `! cmd` items that are not the last of their list.
fn collect(list: &List, out: &mut Vec<Finding>) {
    struct Lists<'t>(Vec<(&'t List, bool)>);
    impl<'t> crate::shell::visit::Visitor<'t> for Lists<'t> {
        fn command(&mut self, command: &'t Command, scope: crate::shell::visit::Scope) {
            match &command.kind {
                CommandKind::Brace(l) | CommandKind::Subshell(l) => self.0.push((l, scope.condition)),
                CommandKind::If { branches, otherwise } => {
                    self.0.extend(branches.iter().map(|(_, b)| (b, scope.condition)));
                    self.0.extend(otherwise.iter().map(|b| (b, scope.condition)));
                }
                CommandKind::Loop { body, .. } | CommandKind::For { body, .. } => self.0.push((body, scope.condition)),
                CommandKind::Case { arms, .. } => self.0.extend(arms.iter().map(|a| (&a.body, scope.condition))),
                _ => {}
            }
        }
    }
    let mut lists = Lists(vec![(list, false)]);
    crate::shell::visit::walk(list, &mut lists);
    for (list, in_condition) in lists.0 {
        if in_condition {
            continue;
        }
        let n = list.items.len();
        for (i, item) in list.items.iter().enumerate() {
            if let Some(bang) = item.first.bang
                && item.rest.is_empty()
                && i + 1 < n
            {
                out.push((bang, "This ! is not on a condition and skips errexit. Use `&& exit 1` instead, or make sure $? is checked".to_string(), None));
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
            ])
            .fail(&[
                "FROM alpine:3.21\nRUN set -e; ! grep -q \"^root:\" /etc/shadow-; echo checked\n",
            ])
            .run();
    }
}
