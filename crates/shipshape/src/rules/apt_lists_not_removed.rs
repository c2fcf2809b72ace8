use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks that a RUN which runs `apt-get update` also removes `/var/lib/apt/lists`, in the
    /// final stage and in stages other stages build on.
    ///
    /// ## Why is this bad?
    /// `apt-get update` downloads the package lists, tens of megabytes that stay in the layer
    /// unless the same RUN deletes them. Deleting them in a later RUN does not shrink the image:
    /// the earlier layer still holds them.
    ///
    /// `rm -rf /var/lib/apt/lists/*`, `apt-get dist-clean` (Debian 13 and later), or a BuildKit
    /// cache or tmpfs mount on `/var/lib/apt/lists` (or on both `/var/lib/apt` and
    /// `/var/cache/apt`) all satisfy the rule.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
    /// ```
    code: "DL3009",
    name: "apt-lists-not-removed",
    category: Performance,
    fix: Sometimes,
    hadolint: Some("DL3009"),
    buildkit: None,
    summary: "The apt package lists are left in the image",
    check: check,
}

fn check(ctx: &mut Checker) {
    let model = ctx.model;
    let last_stage = model.stages.len().saturating_sub(1);
    for (index, run, script) in ctx.scripts() {
        let in_onbuild = ctx.file.instructions[index].kind == Kind::Onbuild;
        // Intermediate stages only matter when something builds on them; ONBUILD triggers run
        // in whatever image builds on this one.
        let stage = model.stage_of[index];
        let matters = in_onbuild
            || stage.is_none_or(|s| s == last_stage || model.is_base_of_later(s) || model.stages[s].from.is_none());
        if !matters {
            continue;
        }
        let Some(update) =
            script.commands.iter().find(|c| c.is_any(&["apt-get", "apt", "aptitude"]) && c.has_arg("update"))
        else {
            continue;
        };
        let cleaned = script.commands.iter().any(|c| {
            (c.is("rm") && c.args().iter().any(|w| w.value.starts_with("/var/lib/apt/lists")))
                || (c.is_any(&["apt-get", "apt"]) && c.has_arg("dist-clean"))
        });
        let mounted = |dir: &str| {
            mounts(run)
                .any(|(kind, target)| matches!(kind, "cache" | "tmpfs") && target.is_some_and(|t| t.starts_with(dir)))
        };
        if cleaned || mounted("/var/lib/apt/lists") || (mounted("/var/lib/apt") && mounted("/var/cache/apt")) {
            continue;
        }
        // Only a RUN that also installs may remove the lists: after a lone `apt-get update`,
        // removing them would break the install in the next RUN.
        let installs = script.commands.iter().any(|c| {
            c.is_any(&["apt-get", "apt", "aptitude"])
                && c.positional().any(|w| {
                    matches!(w.value.as_str(), "install" | "upgrade" | "dist-upgrade" | "full-upgrade" | "build-dep")
                })
        });
        let fix = installs
            .then(|| ctx.append_command(run, script, "rm -rf /var/lib/apt/lists/*"))
            .flatten()
            .map(|edit| Fix::safe("Remove the apt lists in the same RUN", vec![edit]));
        ctx.report_fix(update.range, "`apt-get update` without `rm -rf /var/lib/apt/lists/*` in the same RUN leaves the package lists in the image", fix);
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
                "FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n",
                "FROM debian:13\nRUN apt-get update && apt-get install -y curl && apt-get dist-clean\n",
                "RUN --mount=type=cache,target=/var/lib/apt/lists apt-get update && apt-get install -y curl\n",
                "RUN --mount=type=cache,target=/var/lib/apt --mount=type=tmpfs,target=/var/cache/apt apt-get update\n",
                "FROM ubuntu:24.04 AS build\nRUN apt-get update && apt-get install -y gcc\nFROM scratch\nCOPY --from=build /a /a\n",
                "FROM alpine:3.20\nRUN apk add --no-cache curl\n",
            ])
            .fail(&[
                "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n",
                "FROM ubuntu:24.04 AS base\nRUN apt-get update && apt-get install -y gcc\nFROM base\nRUN make\n",
                "RUN --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y curl\n",
                "FROM ubuntu:24.04 AS build\nONBUILD RUN apt-get update\nFROM scratch\n",
                // A lone update is reported, but removing the lists there would break the next RUN.
                "FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl\n",
            ])
            .fix(&[
                (
                    "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n",
                    "FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n",
                ),
                (
                    "FROM debian:12\nRUN apt-get update \\\n    && apt-get install -y curl\n",
                    "FROM debian:12\nRUN apt-get update \\\n    && apt-get install -y curl \\\n    && rm -rf /var/lib/apt/lists/*\n",
                ),
                (
                    "FROM debian:12\nRUN apt-get update && \\\n    apt-get install -y curl\n",
                    "FROM debian:12\nRUN apt-get update && \\\n    apt-get install -y curl && \\\n    rm -rf /var/lib/apt/lists/*\n",
                ),
                (
                    "FROM debian:12\nRUN set -eux; \\\n\tapt-get update; \\\n\tapt-get install -y curl;\n",
                    "FROM debian:12\nRUN set -eux; \\\n\tapt-get update; \\\n\tapt-get install -y curl; \\\n\trm -rf /var/lib/apt/lists/*\n",
                ),
                (
                    "FROM debian:12\nRUN <<EOF\nset -e\napt-get update\napt-get install -y curl\nEOF\nCMD [\"curl\"]\n",
                    "FROM debian:12\nRUN <<EOF\nset -e\napt-get update\napt-get install -y curl\nrm -rf /var/lib/apt/lists/*\nEOF\nCMD [\"curl\"]\n",
                ),
                (
                    "FROM debian:12\nRUN apt-get update && apt-get install -y curl # tools\n",
                    "FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/* # tools\n",
                ),
            ])
            .run();
    }
}
