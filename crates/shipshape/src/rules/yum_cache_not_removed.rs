use super::package_manager::{cache_mounted, image_keeps, left_uncleaned, removes_dir};
use crate::rules::prelude::*;
use crate::semantic::invocation::{RPM_WITH_VALUE, operands, rpm_describe, rpm_fills_cache};
use crate::text::code;

declare_rule! {
    /// ## What it does
    /// Checks that a RUN which installs or updates packages with `yum` also runs
    /// `yum clean all` afterwards, in the final stage and in stages other stages build on.
    ///
    /// ## Why is this bad?
    /// yum keeps the repository metadata and the downloaded packages in `/var/cache/yum`, often
    /// over a hundred megabytes. Unless the same RUN removes them they stay in the layer;
    /// cleaning up in a later RUN does not shrink the image, because the earlier layer still
    /// holds the files.
    ///
    /// `yum clean all`, `rm -rf /var/cache/yum`, or a BuildKit cache or tmpfs mount on
    /// `/var/cache/yum` all satisfy the rule. A builder stage that is only copied from is not
    /// checked: its cache never reaches the final image.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM centos:7
    /// RUN yum install -y httpd-2.4.6
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM centos:7
    /// RUN yum install -y httpd-2.4.6 && yum clean all
    /// ```
    code: "DL3032",
    name: "yum-cache-not-removed",
    category: Suspicious,
    fix: Sometimes,
    hadolint: Some("DL3032"),
    buildkit: None,
    summary: "yum's package cache is left in the image",
    check: check,
}

const CACHE: &[&str] = &["/var/cache/yum", "/var/cache/dnf"];

/// `yum clean all`, or `dnf clean all` (yum is dnf on RHEL 8 and later).
fn cleans(command: &SimpleCommand) -> bool {
    let ops = operands(command.args(), RPM_WITH_VALUE, true);
    (command.is_any(&["yum", "dnf"])
        && ops.first().is_some_and(|w| w.value == "clean")
        && ops.iter().any(|w| w.value == "all"))
        || removes_dir(command, CACHE)
}

fn check(ctx: &mut Checker) {
    for (index, run, script) in ctx.scripts() {
        if !image_keeps(ctx, index) || cache_mounted(run, CACHE) {
            continue;
        }
        let Some(install) = left_uncleaned(script, |c| c.is("yum") && rpm_fills_cache(c), cleans) else {
            continue;
        };
        let fix = ctx
            .append_command(run, script, "yum clean all")
            .map(|edit| Fix::safe("Add `yum clean all` at the end of the RUN", vec![edit]));
        ctx.report_fix(
            install.range,
            format!(
                "{} without `yum clean all` after it in the same RUN leaves yum's package cache in the image",
                code(&rpm_describe(install))
            ),
            fix,
        );
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
                "RUN yum install -y mariadb-10.4 && yum clean all\n",
                "RUN yum install -y mariadb-10.4 && rm -rf /var/cache/yum/*\n",
                "RUN yum -y update && yum -y install git-2.39.3 && yum -y clean all && rm -rf /tmp/*\n",
                "RUN --mount=type=cache,target=/var/cache/yum yum install -y git-2.39.3\n",
                "RUN yum install -y git-2.39.3 && dnf clean all\n",
                "FROM centos:7 AS build\nRUN yum install -y gcc-4.8.5\nFROM scratch\nCOPY --from=build /a /a\n",
                "RUN yum makecache\n",
                "RUN dnf install -y git-2.39.3\n",
            ])
            .fail(&[
                "RUN yum install -y mariadb-10.4\n",
                "RUN yum clean all && yum install -y git-2.39.3\n",
                "RUN yum install -y a-1.0 && yum clean all && yum install -y b-1.0\n",
                "RUN --mount=type=cache,target=/var/cache/apt yum install -y git-2.39.3\n",
                "FROM centos:7 AS base\nRUN yum update -y\nFROM base\nRUN make\n",
                "FROM centos:7 AS build\nONBUILD RUN yum install -y git-2.39.3\nFROM scratch\n",
            ])
            .fix(&[
                ("RUN yum install -y mariadb-10.4\n", "RUN yum install -y mariadb-10.4 && yum clean all\n"),
                (
                    "RUN yum update -y \\\n    && yum install -y git-2.39.3\n",
                    "RUN yum update -y \\\n    && yum install -y git-2.39.3 \\\n    && yum clean all\n",
                ),
                (
                    "RUN set -eux; \\\n\tyum install -y git-2.39.3; \\\n\tgit --version\n",
                    "RUN set -eux; \\\n\tyum install -y git-2.39.3; \\\n\tgit --version; \\\n\tyum clean all\n",
                ),
                // After the compound command, not inside its body.
                (
                    "RUN if [ -f x ]; then yum install -y a-1.0; fi\n",
                    "RUN if [ -f x ]; then yum install -y a-1.0; fi; yum clean all\n",
                ),
                (
                    "RUN for p in a-1.0 b-1.0; do \\\n      yum install -y \"$p\"; \\\n    done && \\\n    echo ok\n",
                    "RUN for p in a-1.0 b-1.0; do \\\n      yum install -y \"$p\"; \\\n    done && \\\n    echo ok; \\\n    yum clean all\n",
                ),
                (
                    "RUN if true; then \\\n      yum install -y a-1.0; \\\n    fi\n",
                    "RUN if true; then \\\n      yum install -y a-1.0; \\\n    fi; \\\n    yum clean all\n",
                ),
                (
                    "RUN <<EOF\nset -e\nyum install -y git-2.39.3\nEOF\n",
                    "RUN <<EOF\nset -e\nyum install -y git-2.39.3\nyum clean all\nEOF\n",
                ),
            ])
            .run();
    }
}
