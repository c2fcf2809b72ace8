use super::package_manager::{cache_mounted, image_keeps, left_uncleaned, removes_dir};
use crate::rules::prelude::*;
use crate::semantic::invocation::{RPM_WITH_VALUE, operands, rpm_describe, rpm_fills_cache};
use crate::text::code;

declare_rule! {
    /// ## What it does
    /// Checks that a RUN which installs or upgrades packages with `dnf` (or `microdnf`) also
    /// runs `dnf clean all` (`microdnf clean all`) afterwards, in the final stage and in stages
    /// other stages build on.
    ///
    /// ## Why is this bad?
    /// dnf keeps the repository metadata and the downloaded packages in `/var/cache/dnf`
    /// (`/var/cache/libdnf5` for dnf5, `/var/cache/yum` for microdnf), often over a hundred
    /// megabytes. Unless the same RUN removes them they stay in the layer; cleaning up in a
    /// later RUN does not shrink the image.
    ///
    /// Each tool cleans its own cache: `microdnf clean all` does not remove what `dnf` left.
    /// Removing the cache directory with `rm -rf`, or a BuildKit cache or tmpfs mount on it,
    /// also satisfies the rule. A builder stage that is only copied from is not checked.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM fedora:42
    /// RUN dnf install -y httpd-2.4.63
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM fedora:42
    /// RUN dnf install -y httpd-2.4.63 && dnf clean all
    /// ```
    code: "DL3040",
    name: "dnf-cache-not-removed",
    category: Suspicious,
    fix: Sometimes,
    hadolint: Some("DL3040"),
    buildkit: None,
    summary: "dnf's package cache is left in the image",
    check: check,
}

const CACHE: &[&str] = &["/var/cache/dnf", "/var/cache/libdnf5", "/var/cache/yum"];

/// The tools, each with the programs whose `clean all` removes its cache.
const FAMILIES: &[(&[&str], &[&str])] = &[(&["dnf", "dnf5"], &["dnf", "dnf5", "yum"]), (&["microdnf"], &["microdnf"])];

fn clean_all(command: &SimpleCommand, programs: &[&str]) -> bool {
    let ops = operands(command.args(), RPM_WITH_VALUE, true);
    (command.is_any(programs)
        && ops.first().is_some_and(|w| w.value == "clean")
        && ops.iter().any(|w| w.value == "all"))
        || removes_dir(command, CACHE)
}

fn check(ctx: &mut Checker) {
    for (index, run, script) in ctx.scripts() {
        if !image_keeps(ctx, index) || cache_mounted(run, CACHE) {
            continue;
        }
        for (programs, cleaners) in FAMILIES {
            let Some(install) =
                left_uncleaned(script, |c| c.is_any(programs) && rpm_fills_cache(c), |c| clean_all(c, cleaners))
            else {
                continue;
            };
            let program = install.program().unwrap_or(programs[0]);
            let clean = format!("{program} clean all");
            let fix = ctx
                .append_command(run, script, &clean)
                .map(|edit| Fix::safe(format!("Add {} at the end of the RUN", code(&clean)), vec![edit]));
            ctx.report_fix(
                install.range,
                format!(
                    "{} without {} after it in the same RUN leaves {program}'s package cache in the image",
                    code(&rpm_describe(install)),
                    code(&clean)
                ),
                fix,
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
                "RUN dnf install -y mariadb-10.4 && dnf clean all\n",
                "RUN microdnf install -y mariadb-10.4 && microdnf clean all\n",
                "RUN dnf in -y mariadb-10.4 && rm -rf /var/cache/dnf\n",
                "RUN microdnf install -y mariadb-10.4 && rm -rf /var/cache/yum/*\n",
                "RUN --mount=type=cache,target=/var/cache/libdnf5 dnf install -y mariadb-10.4\n",
                "RUN --mount=type=tmpfs,target=/var/cache dnf -y upgrade\n",
                "FROM fedora:42 AS build\nRUN dnf install -y gcc-15.1.1\nFROM scratch\nCOPY --from=build /a /a\n",
                "RUN dnf -y module enable nodejs:20 && dnf -y install nodejs-20.19.2 && dnf clean all\n",
                "RUN notdnf install mariadb\n",
                "RUN yum install -y git-2.39.3\n",
            ])
            .fail(&[
                "RUN dnf install -y mariadb-10.4\n",
                "RUN microdnf install -y mariadb-10.4\n",
                "RUN dnf install -y mariadb-10.4 && microdnf clean all\n",
                "RUN rm -rf /var/cache/libdnf5 && dnf in -y mariadb-10.4\n",
                "RUN dnf -y upgrade-minimal\n",
                "RUN dnf -y group install 'Development Tools'\n",
                "ONBUILD RUN dnf -y reinstall mariadb-10.4\n",
            ])
            .fix(&[
                ("RUN dnf install -y mariadb-10.4\n", "RUN dnf install -y mariadb-10.4 && dnf clean all\n"),
                (
                    "RUN microdnf install -y git-2.47.1 \\\n && microdnf -y update\n",
                    "RUN microdnf install -y git-2.47.1 \\\n && microdnf -y update \\\n && microdnf clean all\n",
                ),
                (
                    "RUN dnf install -y a-1.0 && microdnf install -y b-1.0\n",
                    "RUN dnf install -y a-1.0 && microdnf install -y b-1.0 && dnf clean all && microdnf clean all\n",
                ),
            ])
            .run();
    }
}
