use super::package_manager::{cache_mounted, image_keeps, left_uncleaned, removes_dir};
use crate::rules::prelude::*;
use crate::semantic::invocation::zypper_action;
use crate::text::code;

declare_rule! {
    /// ## What it does
    /// Checks that a RUN which installs or updates packages with `zypper` also runs
    /// `zypper clean` afterwards, in the final stage and in stages other stages build on.
    ///
    /// ## Why is this bad?
    /// zypper keeps repository metadata and downloaded packages in `/var/cache/zypp`. Unless the
    /// same RUN removes them they stay in the layer; cleaning up in a later RUN does not shrink
    /// the image, because the earlier layer still holds the files.
    ///
    /// `zypper clean` (`zypper cc`), `rm -rf /var/cache/zypp`, or a BuildKit cache or tmpfs
    /// mount on `/var/cache/zypp` all satisfy the rule. A builder stage that is only copied
    /// from is not checked.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper -n install curl=8.6.0
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper -n install curl=8.6.0 && zypper clean --all
    /// ```
    code: "DL3036",
    name: "zypper-cache-not-removed",
    category: Suspicious,
    fix: Sometimes,
    hadolint: Some("DL3036"),
    buildkit: None,
    summary: "zypper's package cache is left in the image",
    check: check,
}

const CACHE: &[&str] = &["/var/cache/zypp"];

fn fills(command: &SimpleCommand) -> bool {
    command.is("zypper")
        && zypper_action(command).is_some_and(|(action, _)| {
            matches!(
                action.value.as_str(),
                "install"
                    | "in"
                    | "update"
                    | "up"
                    | "patch"
                    | "dist-upgrade"
                    | "dup"
                    | "source-install"
                    | "si"
                    | "install-new-recommends"
                    | "inr"
            )
        })
}

fn cleans(command: &SimpleCommand) -> bool {
    (command.is("zypper")
        && zypper_action(command).is_some_and(|(action, _)| matches!(action.value.as_str(), "clean" | "cc")))
        || removes_dir(command, CACHE)
}

fn check(ctx: &mut Checker) {
    for (index, run, script) in ctx.scripts() {
        if !image_keeps(ctx, index) || cache_mounted(run, CACHE) {
            continue;
        }
        let Some(install) = left_uncleaned(script, fills, cleans) else { continue };
        let fix = ctx
            .append_command(run, script, "zypper clean --all")
            .map(|edit| Fix::safe("Add `zypper clean --all` at the end of the RUN", vec![edit]));
        ctx.report_fix(
            install.range,
            format!(
                "{} without `zypper clean` after it in the same RUN leaves zypper's package cache in the image",
                code(&format!("zypper {}", zypper_action(install).map_or("", |(action, _)| action.value.as_str())))
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
                "RUN zypper install -y mariadb=10.4 && zypper clean\n",
                "RUN zypper -n in mariadb=10.4 && zypper cc -a\n",
                "RUN zypper -n in mariadb=10.4 && rm -rf /var/cache/zypp/*\n",
                "RUN --mount=type=cache,target=/var/cache/zypp zypper install -y mariadb\n",
                "FROM opensuse/leap:15.6 AS build\nRUN zypper -n in gcc=7\nFROM scratch\nCOPY --from=build /a /a\n",
                "RUN zypper refresh\n",
            ])
            .fail(&[
                "RUN zypper install -y mariadb=10.4\n",
                "RUN zypper clean && zypper install -y mariadb=10.4\n",
                "RUN zypper -n patch\n",
                "ONBUILD RUN zypper -n in curl=8.6.0\n",
            ])
            .fix(&[
                ("RUN zypper install -y mariadb=10.4\n", "RUN zypper install -y mariadb=10.4 && zypper clean --all\n"),
                (
                    "RUN zypper -n ref && \\\n    zypper -n in curl=8.6.0\n",
                    "RUN zypper -n ref && \\\n    zypper -n in curl=8.6.0 && \\\n    zypper clean --all\n",
                ),
            ])
            .run();
    }
}
