use crate::rules::prelude::*;
use crate::semantic::invocation::{APT_WITH_VALUE, operands};
use crate::text::code;

declare_rule! {
    /// ## What it does
    /// Checks for `apt` in RUN, where `apt-get` or `apt-cache` belong.
    ///
    /// ## Why is this bad?
    /// `apt` is the command-line tool for people at a terminal: its output and behaviour may
    /// change between releases, and it warns "apt does not have a stable CLI interface. Use
    /// with caution in scripts." `apt-get` and `apt-cache` are the stable interfaces meant
    /// for scripts such as a Dockerfile.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM ubuntu:24.04
    /// RUN apt update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM ubuntu:24.04
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Fix safety
    /// The fix renames the command to its stable equivalent, which does the same:
    /// `apt install`, `update`, `remove`, `purge`, `autoremove`, `clean` and friends become
    /// `apt-get …`; `apt upgrade` becomes `apt-get upgrade --with-new-pkgs` (apt's upgrade
    /// installs new dependencies, apt-get's does not unless asked); `apt full-upgrade` becomes
    /// `apt-get dist-upgrade`; `apt show`, `search`, `policy`, `depends` and `rdepends` become
    /// `apt-cache …`. Other subcommands (`apt list`) have no equivalent and are not fixed.
    code: "DL3027",
    name: "apt-instead-of-apt-get",
    category: Suspicious,
    fix: Sometimes,
    hadolint: Some("DL3027"),
    buildkit: None,
    summary: "RUN uses `apt` instead of `apt-get`",
    check: check,
}

fn check(ctx: &mut Checker) {
    for (_, _, script) in ctx.scripts() {
        for command in script.find("apt") {
            let name = &command.words[0];
            let subcommand = operands(command.args(), APT_WITH_VALUE, true).first().filter(|w| !w.dynamic).copied();
            let sub = subcommand.map(|w| w.value.as_str());
            // The program word's basename, so `/usr/bin/apt` keeps its directory.
            let program = TextRange::new(name.range.end - 3, name.range.end);
            let fix = match sub {
                Some(
                    "install" | "update" | "remove" | "purge" | "autoremove" | "autopurge" | "clean" | "autoclean"
                    | "source" | "build-dep" | "download" | "changelog" | "satisfy",
                ) if ctx.text(program) == "apt" => {
                    Some(Fix::safe("Use `apt-get`", vec![Edit::replace(program, "apt-get")]))
                }
                Some("upgrade") if ctx.text(program) == "apt" && !command.has_long_flag("with-new-pkgs") => subcommand
                    .map(|upgrade| {
                        Fix::safe(
                            "Use `apt-get upgrade --with-new-pkgs`",
                            vec![
                                Edit::replace(program, "apt-get"),
                                Edit::insert(upgrade.range.end, " --with-new-pkgs"),
                            ],
                        )
                    }),
                Some("full-upgrade") if ctx.text(program) == "apt" => subcommand.map(|upgrade| {
                    Fix::safe(
                        "Use `apt-get dist-upgrade`",
                        vec![Edit::replace(program, "apt-get"), Edit::replace(upgrade.range, "dist-upgrade")],
                    )
                }),
                Some("show" | "search" | "policy" | "depends" | "rdepends") if ctx.text(program) == "apt" => {
                    Some(Fix::safe("Use `apt-cache`", vec![Edit::replace(program, "apt-cache")]))
                }
                _ => None,
            };
            let replacement = match (sub, &fix) {
                (Some("show" | "search" | "policy" | "depends" | "rdepends"), _) => "`apt-cache`",
                (_, Some(_)) => "`apt-get`",
                _ => "`apt-get` or `apt-cache`",
            };
            let shown = sub.map_or_else(|| "apt".to_string(), |s| format!("apt {s}"));
            ctx.report_fix(
                command.range,
                format!(
                    "{} is meant for people at a terminal and has no stable interface for scripts: use {replacement}",
                    code(&shown)
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
                "RUN apt-get install -y python3\n",
                "RUN apt-cache policy curl\n",
                "RUN echo apt install\n",
                "RUN rm -rf /var/lib/apt/lists/*\n",
            ])
            .fail(&["RUN apt list --installed\n", "RUN apt $CMD\n", "ONBUILD RUN apt install -y curl\n"])
            .fix(&[
                ("FROM ubuntu:24.04\nRUN apt install python3\n", "FROM ubuntu:24.04\nRUN apt-get install python3\n"),
                (
                    "RUN apt update && apt -y upgrade && /usr/bin/apt -o Debug::pkgProblemResolver=1 full-upgrade -y\n",
                    "RUN apt-get update && apt-get -y upgrade --with-new-pkgs && /usr/bin/apt-get -o Debug::pkgProblemResolver=1 dist-upgrade -y\n",
                ),
                ("RUN apt show curl | head\n", "RUN apt-cache show curl | head\n"),
                ("ONBUILD RUN apt remove -y vim\n", "ONBUILD RUN apt-get remove -y vim\n"),
            ])
            .run();
    }
}
