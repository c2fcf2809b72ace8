use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for `apt-get install` without `--no-install-recommends`.
    ///
    /// ## Why is this bad?
    /// By default apt also installs every package the requested ones *recommend*: documentation,
    /// optional helpers, sometimes whole toolchains. They make the image larger and widen its
    /// attack surface without being needed to run the software.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Fix safety
    /// A recommended package may be needed at run time (`ca-certificates` for `curl` to reach
    /// HTTPS sites is the classic case), so the fix is unsafe.
    code: "DL3015",
    name: "apt-without-no-install-recommends",
    category: Performance,
    fix: Always,
    hadolint: Some("DL3015"),
    buildkit: None,
    summary: "`apt-get install` also installs recommended packages",
    check: check,
}

fn check(ctx: &mut Checker) {
    for (_, _, script) in ctx.scripts() {
        for command in script.find("apt-get") {
            let Some(install) = command.positional().find(|w| w.value == "install") else {
                continue;
            };
            let disabled_by_option = command.args().iter().any(|w| {
                w.value.contains("APT::Install-Recommends=false") || w.value.contains("APT::Install-Recommends=0")
            });
            if command.has_long_flag("no-install-recommends") || disabled_by_option {
                continue;
            }
            let fix = Fix::unsafe_edit(
                "Add `--no-install-recommends`",
                vec![Edit::insert(install.range.end, " --no-install-recommends")],
            );
            ctx.report_fix(
                command.range,
                "`apt-get install` without `--no-install-recommends` also installs recommended packages",
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
                "RUN apt-get install -y --no-install-recommends python3\n",
                "RUN apt-get -o APT::Install-Recommends=false install python3\n",
            ])
            .fail(&["RUN apt-get install python3\n", "RUN apt-get -y install python3\n"])
            .fix(&[(
                "RUN apt-get update \\\n && apt-get install -y \\\n    curl\n",
                "RUN apt-get update \\\n && apt-get install --no-install-recommends -y \\\n    curl\n",
            )])
            .run();
    }
}
