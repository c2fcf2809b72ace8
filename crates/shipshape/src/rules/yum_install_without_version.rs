use crate::rules::prelude::*;
use crate::semantic::invocation::{not_a_package_name, rpm_action, rpm_package_pinned};
use crate::text::code;

declare_rule! {
    /// ## What it does
    /// Checks for `yum install` of packages without a version (`httpd` rather than
    /// `httpd-2.4.6`), and for `yum module install` of modules without a stream
    /// (`nodejs` rather than `nodejs:20`).
    ///
    /// ## Why is this bad?
    /// Without a version, yum installs whatever the repositories offer on the day of the build.
    /// Two builds of the same Dockerfile then contain different software, and a new release can
    /// break the image without any change to the Dockerfile.
    ///
    /// Files (`/tmp/x.rpm`), URLs, groups (`@core`) and variables are not reported.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM centos:7
    /// RUN yum install -y httpd && yum clean all
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM centos:7
    /// RUN yum install -y httpd-2.4.6 && yum clean all
    /// ```
    code: "DL3033",
    name: "yum-install-without-version",
    category: Suspicious,
    fix: Never,
    hadolint: Some("DL3033"),
    buildkit: None,
    summary: "`yum install` without package versions",
    check: check,
}

/// The packages (or modules) an rpm-family install names without a version, and whether they
/// are modules.
pub(crate) fn unpinned(command: &SimpleCommand) -> Option<(Vec<&str>, bool)> {
    let (action, operands) = rpm_action(command)?;
    let action: Vec<&str> = action.iter().map(|w| w.value.as_str()).collect();
    let module = match action.as_slice() {
        ["install" | "in"] => false,
        ["module", "install"] => true,
        _ => return None,
    };
    let unpinned: Vec<&str> = operands
        .iter()
        .filter(|w| !not_a_package_name(w))
        .map(|w| w.value.as_str())
        .filter(|p| if module { !p.contains(':') } else { !rpm_package_pinned(p) })
        .collect();
    (!unpinned.is_empty()).then_some((unpinned, module))
}

/// "`a`, `b` and 2 more".
pub(crate) fn list(names: &[&str]) -> String {
    let shown: Vec<String> = names.iter().take(3).map(|n| code(n).to_string()).collect();
    match names.len() {
        0..=3 => shown.join(", "),
        n => format!("{} and {} more", shown.join(", "), n - 3),
    }
}

fn check(ctx: &mut Checker) {
    for (_, _, script) in ctx.scripts() {
        for command in script.find("yum") {
            let Some((packages, module)) = unpinned(command) else { continue };
            let message = if module {
                format!(
                    "`yum module install` without a stream for {}: write `name:stream` so rebuilds get the same module",
                    list(&packages)
                )
            } else {
                format!(
                    "`yum install` without a version for {}: write `name-version` so rebuilds get the same packages",
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
                "RUN yum install -y tomcat-9.2 && yum clean all\n",
                "RUN yum install -y openssl-1:1.1.1k rpm-sign-4.16.1.3 gcc-c++-1.1.1\n",
                "RUN yum module install -y tomcat:9\n",
                "RUN yum install -y /tmp/app-1.rpm https://example.com/x.rpm @core $PACKAGES\n",
                "RUN yum --enablerepo epel install -y jq-1.6\n",
                "RUN yum update -y\n",
                "RUN dnf install -y tomcat\n",
            ])
            .fail(&[
                "RUN yum install -y tomcat && yum clean all\n",
                "RUN yum install -y python3-pip-9.0.3 python3-devel\n",
                "RUN yum module install -y tomcat\n",
                "RUN yum install -y a b c d e\n",
                "ONBUILD RUN yum install -y tomcat\n",
            ])
            .run();
    }
}
