use super::packages::{name_list, package_names, pin_hint};
use crate::rules::prelude::*;
use crate::semantic::invocation::{APT_WITH_VALUE, packages};

declare_rule! {
    /// ## What it does
    /// Checks for packages in `apt-get install` without a version (`curl` rather than
    /// `curl=8.5.0-2ubuntu10.6`).
    ///
    /// Packages given as a variable (`$BUILD_DEPS`), `.deb` files and paths, and packages
    /// pinned to a release (`curl/bookworm-backports`) are not reported, and the release given
    /// with `-t` is not mistaken for a package.
    ///
    /// ## Why is this bad?
    /// Without a version, apt installs whatever the mirror offers on the day of the build. Two
    /// builds of the same Dockerfile then differ, and a new upstream release can break the
    /// image without any change on your side. Pinning makes the build repeatable and makes
    /// upgrades a visible change in review.
    ///
    /// Debian removes superseded versions from its mirrors, so a pin needs maintenance: a
    /// tool such as Renovate can keep pins current.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u12 && rm -rf /var/lib/apt/lists/*
    /// ```
    code: "DL3008",
    name: "unpinned-apt-get-install",
    category: Suspicious,
    fix: Never,
    hadolint: Some("DL3008"),
    buildkit: None,
    summary: "`apt-get install` without package versions",
    check: check,
}

/// `pkg=1.2`, `pkg/bookworm`, `./local.deb`, `/tmp/x.deb`.
fn is_pinned(package: &str) -> bool {
    package.contains(['=', '/']) || package.ends_with(".deb")
}

fn check(ctx: &mut Checker) {
    for (index, _, script) in ctx.scripts() {
        for command in script.find("apt-get") {
            let Some(words) = packages(command, &["install"], APT_WITH_VALUE, true) else { continue };
            let unpinned: Vec<String> =
                package_names(ctx, index, script, command, &words).into_iter().filter(|p| !is_pinned(p)).collect();
            let Some(first) = unpinned.first() else { continue };
            let message = format!(
                "`apt-get install` without a version for {} installs whatever the mirror has on build day: {}",
                name_list(&unpinned),
                pin_hint(unpinned.len(), &format!("{first}=<version>"))
            );
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
                "RUN apt-get install -y curl=8.5.0-2ubuntu10.6\n",
                "RUN apt-get -y --no-install-recommends install git=1:2.39.5-0+deb12u2 \\\n  ca-certificates=20230311\n",
                "RUN apt-get install -y ./google-chrome-stable_current_amd64.deb\n",
                "RUN apt-get install -y /tmp/pkg.deb\n",
                "RUN apt-get install -y -t bookworm-backports golang-go=2:1.23~1~bpo12+1\n",
                "RUN apt-get install -y curl/bookworm-backports\n",
                "RUN apt-get install -y $BUILD_DEPS\n",
                "FROM debian:12\nENV DEPS=\"curl=7.88.1-10+deb12u12 git=1:2.39.5-0+deb12u2\"\nRUN apt-get install -y $DEPS\n",
                "RUN apt-get install -y \"python3=${PYTHON_VERSION}\"\n",
                "RUN apt-get -o Dpkg::Options::=--force-confold install -y vim=2:9.0.1378-2\n",
                "RUN apt-get update && apt-get upgrade -y\n",
                "RUN apt install curl\n",
            ])
            .fail(&[
                "RUN apt-get update && apt-get install -y curl\n",
                "RUN apt-get install -y --no-install-recommends \\\n    ca-certificates=20230311 \\\n    curl \\\n    git\n",
                "RUN apt-get install -y a b c d e\n",
                "RUN apt-get install -y -t bookworm-backports golang-go\n",
                "ONBUILD RUN apt-get install -y curl\n",
                "RUN apt-get install -y postgresql-${PG_MAJOR}\n",
                "FROM debian:12\nARG DEPS=\"curl git\"\nRUN apt-get install -y $DEPS\n",
                "RUN set -ex; fetchDeps=\" gnupg dirmngr \"; apt-get install -y \"$fetchDeps\"\n",
            ])
            .run();
    }
}
