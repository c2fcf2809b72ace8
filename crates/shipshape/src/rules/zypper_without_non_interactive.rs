use crate::rules::prelude::*;
use crate::semantic::invocation::{ZYPPER_CHANGING, zypper_action};
use crate::text::code;

declare_rule! {
    /// ## What it does
    /// Checks for `zypper` commands that install, update or remove packages without
    /// `-n` (`--non-interactive`) or `-y` (`--no-confirm`).
    ///
    /// ## Why is this bad?
    /// zypper asks "Continue? [y/n/v/...? shows all options] (y)" before it changes anything. A
    /// build has no terminal to answer, so the command is aborted and the build fails.
    ///
    /// `-n` is a global option: it goes before the command (`zypper -n install curl`) and
    /// makes zypper take the default answer to every question.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper install curl=8.6.0 && zypper clean --all
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper -n install curl=8.6.0 && zypper clean --all
    /// ```
    code: "DL3034",
    name: "zypper-without-non-interactive",
    category: Suspicious,
    fix: Always,
    hadolint: Some("DL3034"),
    buildkit: None,
    summary: "`zypper install` may stop at a confirmation prompt",
    check: check,
}

fn check(ctx: &mut Checker) {
    for (_, _, script) in ctx.scripts() {
        for command in script.find("zypper") {
            let Some((action, _)) = zypper_action(command) else { continue };
            if !ZYPPER_CHANGING.contains(&action.value.as_str())
                || command.has_any_flag(&["-n", "--non-interactive", "-y", "--no-confirm"])
            {
                continue;
            }
            let Some(program) = command.words.first() else { continue };
            let fix = Fix::safe("Add `-n` (`--non-interactive`)", vec![Edit::insert(program.range.end, " -n")]);
            ctx.report_fix(
                command.range,
                format!(
                    "{} without `-n` stops at a confirmation prompt that no one can answer in a build, and the build fails",
                    code(&format!("zypper {}", action.value))
                ),
                Some(fix),
            );
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
                "RUN zypper -n install curl=8.6.0 && zypper clean\n",
                "RUN zypper --non-interactive in curl=8.6.0\n",
                "RUN zypper install -y curl=8.6.0\n",
                "RUN zypper install --no-confirm curl=8.6.0\n",
                "RUN zypper refresh && zypper search curl\n",
                "RUN zypper addrepo https://example.com/repo.repo\n",
            ])
            .fail(&[
                "RUN zypper install curl=8.6.0 && zypper clean\n",
                "RUN zypper --gpg-auto-import-keys ref && zypper up\n",
                "RUN zypper rm -u vim\n",
                "RUN zypper --root /target in -t pattern devel_basis\n",
                "ONBUILD RUN zypper patch\n",
            ])
            .fix(&[
                ("RUN zypper install curl=8.6.0\n", "RUN zypper -n install curl=8.6.0\n"),
                (
                    "RUN zypper --gpg-auto-import-keys refresh \\\n && zypper dup \\\n && zypper clean -a\n",
                    "RUN zypper --gpg-auto-import-keys refresh \\\n && zypper -n dup \\\n && zypper clean -a\n",
                ),
            ])
            .run();
    }
}
