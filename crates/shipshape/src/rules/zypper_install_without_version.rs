use super::yum_install_without_version::list;
use crate::rules::prelude::*;
use crate::semantic::invocation::{not_a_package_name, zypper_action};
use crate::text::code;

declare_rule! {
    /// ## What it does
    /// Checks for `zypper install` of packages without a version constraint (`curl` rather
    /// than `curl=8.6.0` or `'curl>=8.6'`).
    ///
    /// ## Why is this bad?
    /// Without a version, zypper installs whatever the repositories offer on the day of the
    /// build. Two builds of the same Dockerfile then contain different software, and a new
    /// release can break the image without any change to the Dockerfile.
    ///
    /// Files (`x.rpm`), patterns and patches (`-t pattern`), capabilities and variables are not
    /// reported. Quote or escape `<` and `>` so the shell does not read them as redirections.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper -n install curl && zypper clean --all
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper -n install curl=8.6.0 && zypper clean --all
    /// ```
    code: "DL3037",
    name: "zypper-install-without-version",
    category: Suspicious,
    fix: Never,
    hadolint: Some("DL3037"),
    buildkit: None,
    summary: "`zypper install` without package versions",
    check: check,
}

fn check(ctx: &mut Checker) {
    for (_, _, script) in ctx.scripts() {
        for command in script.find("zypper") {
            let Some((action, operands)) = zypper_action(command) else { continue };
            if !matches!(action.value.as_str(), "install" | "in")
                || command.flag_value(&["-t", "--type"]).is_some_and(|t| t != "package")
            {
                continue;
            }
            let unpinned: Vec<&str> = operands
                .iter()
                .filter(|w| !not_a_package_name(w))
                .map(|w| w.value.as_str())
                .filter(|p| !p.contains(['=', '<', '>']))
                .collect();
            if unpinned.is_empty() {
                continue;
            }
            ctx.report(
                command.range,
                format!(
                    "{} without a version for {}: write `name=version` so rebuilds get the same packages",
                    code(&format!("zypper {}", action.value)),
                    list(&unpinned)
                ),
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
                "RUN zypper install -y tomcat=9.0.39 && zypper clean\n",
                "RUN zypper install -y tomcat\\>=9.0 'curl<9' \"vim>9\"\n",
                "RUN zypper install -y tomcat-9.0.39-1.rpm\n",
                "RUN zypper -n in -t pattern devel_basis\n",
                "RUN zypper -n in --type=pattern devel_basis\n",
                "RUN zypper -n in 'pkgconfig(openssl)'\n",
                "RUN zypper -n update\n",
            ])
            .fail(&[
                "RUN zypper install -y tomcat && zypper clean\n",
                "RUN zypper -n --gpg-auto-import-keys in --no-recommends curl=8.6.0 git\n",
                "RUN zypper -n in -r repo-oss -t package vim\n",
                "ONBUILD RUN zypper install -y tomcat\n",
            ])
            .run();
    }
}
