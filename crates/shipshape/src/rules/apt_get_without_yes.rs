use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for `apt-get install` without `-y` (or `--yes`, `--assume-yes`, `-qq`).
    ///
    /// ## Why is this bad?
    /// A build has no terminal to answer apt's "Do you want to continue?" prompt. Without `-y`
    /// the install is aborted as soon as apt wants confirmation, and the build fails.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN apt-get update && apt-get install --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
    /// ```
    code: "DL3014",
    name: "apt-get-without-yes",
    category: Suspicious,
    fix: Always,
    hadolint: Some("DL3014"),
    buildkit: None,
    summary: "`apt-get install` may stop at a confirmation prompt",
    check: check,
}

/// `-qq`, `-q -q`, `-q=2` and `--quiet --quiet` imply `-y`.
fn assumes_yes(command: &SimpleCommand) -> bool {
    if command.has_any_flag(&["-y", "--yes", "--assume-yes"]) {
        return true;
    }
    let quiet: usize = command
        .args()
        .iter()
        .map(|w| match w.value.as_str() {
            "--quiet" | "-q" => 1,
            "-q=2" | "--quiet=2" => 2,
            v if v.starts_with('-') && !v.starts_with("--") => v.matches('q').count(),
            _ => 0,
        })
        .sum();
    quiet >= 2
}

fn check(ctx: &mut Checker) {
    for (_, _, script) in ctx.scripts() {
        for command in script.find("apt-get") {
            let Some(install) = command.positional().find(|w| w.value == "install") else {
                continue;
            };
            if assumes_yes(command) {
                continue;
            }
            let fix = Fix::safe("Add `-y`", vec![Edit::insert(install.range.end, " -y")]);
            ctx.report_fix(
                command.range,
                "`apt-get install` without `-y` fails when apt asks for confirmation",
                Some(fix),
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
                "RUN apt-get install -yq python3\n",
                "RUN apt-get -y install python3\n",
                "RUN apt-get --assume-yes install python3\n",
                "RUN apt-get install -qq python3\n",
                "RUN apt-get install -q -q python3\n",
                "RUN apt-get install -q=2 python3\n",
                "RUN apt-get update\n",
            ])
            .fail(&[
                "RUN apt-get install python3\n",
                "RUN apt-get install -q python3\n",
                "RUN apt-get install --quiet python3\n",
            ])
            .fix(&[(
                "RUN apt-get update && apt-get install python3\n",
                "RUN apt-get update && apt-get install -y python3\n",
            )])
            .run();
    }
}
