use super::package_manager;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for `dnf` and `microdnf` commands that install, upgrade or remove packages without
    /// `-y` (`--assumeyes`).
    ///
    /// ## Why is this bad?
    /// Before it changes anything, dnf asks "Is this ok [y/N]". A build has no terminal to
    /// answer, so dnf reads end-of-input, prints "Operation aborted" and fails the build.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM fedora:42
    /// RUN dnf install httpd-2.4.63 && dnf clean all
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM fedora:42
    /// RUN dnf install -y httpd-2.4.63 && dnf clean all
    /// ```
    code: "DL3038",
    name: "dnf-without-yes",
    category: Suspicious,
    fix: Always,
    hadolint: Some("DL3038"),
    buildkit: None,
    summary: "`dnf install` may stop at a confirmation prompt",
    check: check,
}

fn check(ctx: &mut Checker) {
    package_manager::report_missing_yes(ctx, &["dnf", "dnf5", "microdnf"]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(&RULE)
            .pass(&[
                "RUN dnf install -y httpd-2.4.63 && dnf clean all\n",
                "RUN microdnf install -y httpd-2.4.63 && microdnf clean all\n",
                "RUN dnf -y upgrade\n",
                "RUN dnf --assumeyes module enable nodejs:20\n",
                "RUN dnf makecache && dnf repolist\n",
                "RUN notdnf install httpd\n",
                "RUN yum install httpd\n",
            ])
            .fail(&[
                "RUN dnf install httpd-2.4.63 && dnf clean all\n",
                "RUN microdnf install httpd-2.4.63 && microdnf clean all\n",
                "RUN dnf5 in git-2.49.0\n",
                "RUN dnf module install nodejs:20\n",
                "RUN dnf --setopt=install_weak_deps=False upgrade\n",
                "ONBUILD RUN dnf install git-2.49.0\n",
            ])
            .fix(&[
                ("RUN dnf install httpd-2.4.63\n", "RUN dnf install -y httpd-2.4.63\n"),
                (
                    "RUN microdnf --nodocs install git-2.47.1 \\\n    && microdnf clean all\n",
                    "RUN microdnf --nodocs install -y git-2.47.1 \\\n    && microdnf clean all\n",
                ),
                ("RUN dnf group install \"Development Tools\"\n", "RUN dnf group install -y \"Development Tools\"\n"),
            ])
            .run();
    }
}
