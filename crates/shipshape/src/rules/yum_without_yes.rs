use super::package_manager;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for `yum` commands that install, update or remove packages without `-y`
    /// (`--assumeyes`).
    ///
    /// ## Why is this bad?
    /// Before it changes anything, yum asks "Is this ok [y/N]". A build has no terminal to
    /// answer, so yum reads end-of-input, takes it as "no", prints "Exiting on user command" and
    /// fails the build.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM centos:7
    /// RUN yum install httpd-2.4.6 && yum clean all
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM centos:7
    /// RUN yum install -y httpd-2.4.6 && yum clean all
    /// ```
    code: "DL3030",
    name: "yum-without-yes",
    category: Suspicious,
    fix: Always,
    hadolint: Some("DL3030"),
    buildkit: None,
    summary: "`yum install` may stop at a confirmation prompt",
    check: check,
}

fn check(ctx: &mut Checker) {
    package_manager::report_missing_yes(ctx, &["yum"]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(&RULE)
            .pass(&[
                "RUN yum install -y httpd-2.4.6 && yum clean all\n",
                "RUN yum -y install httpd-2.4.6\n",
                "RUN yum install --assumeyes nginx-1.20.1\n",
                "RUN yum -qy update\n",
                "RUN yum --setopt=assumeyes=1 install git-2.39.3\n",
                "RUN yum clean all && yum makecache\n",
                "RUN yum list installed\n",
                "RUN dnf install git\n",
                "RUN echo yum install git\n",
            ])
            .fail(&[
                "RUN yum install httpd-2.4.6 && yum clean all\n",
                "RUN yum update\n",
                "RUN yum --enablerepo epel groupinstall 'Development Tools'\n",
                "RUN yum group install 'Development Tools'\n",
                "RUN yum remove -q httpd\n",
                "ONBUILD RUN yum install git-2.39.3\n",
                "RUN <<EOF\nyum install git-2.39.3\nEOF\n",
            ])
            .fix(&[
                ("RUN yum install httpd-2.4.6\n", "RUN yum install -y httpd-2.4.6\n"),
                (
                    "RUN yum update \\\n && yum group install 'Development Tools' \\\n && yum clean all\n",
                    "RUN yum update -y \\\n && yum group install -y 'Development Tools' \\\n && yum clean all\n",
                ),
                (
                    "RUN /usr/bin/yum --nogpgcheck localinstall /tmp/x.rpm\n",
                    "RUN /usr/bin/yum --nogpgcheck localinstall -y /tmp/x.rpm\n",
                ),
            ])
            .run();
    }
}
