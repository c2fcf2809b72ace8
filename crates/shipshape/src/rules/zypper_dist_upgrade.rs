use crate::rules::prelude::*;
use crate::semantic::invocation::zypper_action;
use crate::text::code;

declare_rule! {
    /// ## What it does
    /// Checks for `zypper dist-upgrade` (`zypper dup`) in a RUN.
    ///
    /// ## Why is this bad?
    /// `dist-upgrade` moves every package to whatever the repositories offer on the day of the
    /// build, switching vendors and even distribution releases if it must. Two builds of the same
    /// Dockerfile then produce different systems, and a build can break on a release upgrade no
    /// one asked for.
    ///
    /// Pick the release with the base image tag instead, and update packages with
    /// `zypper update` or `zypper patch`, which stay within the release.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM opensuse/tumbleweed
    /// RUN zypper -n dist-upgrade && zypper clean --all
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper -n patch && zypper clean --all
    /// ```
    code: "DL3035",
    name: "zypper-dist-upgrade",
    category: Suspicious,
    fix: Never,
    hadolint: Some("DL3035"),
    buildkit: None,
    summary: "`zypper dist-upgrade` makes the build depend on the day it runs",
    check: check,
}

fn check(ctx: &mut Checker) {
    for (_, _, script) in ctx.scripts() {
        for command in script.find("zypper") {
            let Some((action, _)) = zypper_action(command) else { continue };
            if matches!(action.value.as_str(), "dist-upgrade" | "dup") {
                ctx.report(
                    command.range,
                    format!(
                        "{} upgrades the whole distribution to whatever the repositories hold on build day: pick the release with the base image tag",
                        code(&format!("zypper {}", action.value))
                    ),
                );
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
                "RUN zypper -n update && zypper clean\n",
                "RUN zypper -n patch\n",
                "RUN zypper -n install dup\n",
                "RUN apt-get dist-upgrade -y\n",
            ])
            .fail(&["RUN zypper dist-upgrade\n", "RUN zypper -n dup --no-recommends\n", "ONBUILD RUN zypper dup\n"])
            .run();
    }
}
