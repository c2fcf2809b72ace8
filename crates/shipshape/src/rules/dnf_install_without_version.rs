use super::yum_install_without_version::{list, unpinned};
use crate::rules::prelude::*;
use crate::text::code;

declare_rule! {
    /// ## What it does
    /// Checks for `dnf install` (and `microdnf install`) of packages without a version
    /// (`httpd` rather than `httpd-2.4.63`), and for `dnf module install` of modules without
    /// a stream (`nodejs` rather than `nodejs:20`).
    ///
    /// ## Why is this bad?
    /// Without a version, dnf installs whatever the repositories offer on the day of the build.
    /// Two builds of the same Dockerfile then contain different software, and a new release can
    /// break the image without any change to the Dockerfile.
    ///
    /// A dash alone is not a version: `rpm-sign` is a package name. Files, URLs, groups
    /// (`@core`, `dnf group install`) and variables are not reported.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM fedora:42
    /// RUN dnf install -y httpd && dnf clean all
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM fedora:42
    /// RUN dnf install -y httpd-2.4.63 && dnf clean all
    /// ```
    code: "DL3041",
    name: "dnf-install-without-version",
    category: Suspicious,
    fix: Never,
    hadolint: Some("DL3041"),
    buildkit: None,
    summary: "`dnf install` without package versions",
    check: check,
}

fn check(ctx: &mut Checker) {
    for (_, _, script) in ctx.scripts() {
        for command in script.commands.iter().filter(|c| c.is_any(&["dnf", "dnf5", "microdnf"])) {
            let Some((packages, module)) = unpinned(command) else { continue };
            let program = command.program().unwrap_or("dnf");
            let message = if module {
                format!(
                    "{} without a stream for {}: write `name:stream` so rebuilds get the same module",
                    code(&format!("{program} module install")),
                    list(&packages)
                )
            } else {
                format!(
                    "{} without a version for {}: write `name-version` so rebuilds get the same packages",
                    code(&format!("{program} install")),
                    list(&packages)
                )
            };
            ctx.report(command.range, message);
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
                "RUN dnf install -y tomcat-9.0.1 && dnf clean all\n",
                "RUN microdnf install -y rpm-sign-4.16.1.3 gcc-c++-1.1.1 openssl-1:1.1.1k\n",
                "RUN dnf module install -y tomcat:9\n",
                "RUN dnf -y group install \"Development Tools\"\n",
                "RUN dnf -y --setopt=group_package_types=mandatory groupinstall \"Development Tools\"\n",
                "RUN dnf install -y 'dnf-command(config-manager)' /usr/bin/python3\n",
                "RUN notdnf install tomcat\n",
                "RUN yum install -y tomcat\n",
            ])
            .fail(&[
                "RUN dnf install -y tomcat && dnf clean all\n",
                "RUN microdnf install -y rpm-sign\n",
                "RUN dnf module install -y tomcat\n",
                "RUN dnf5 in -y git\n",
                "ONBUILD RUN dnf install -y tomcat\n",
            ])
            .run();
    }
}
