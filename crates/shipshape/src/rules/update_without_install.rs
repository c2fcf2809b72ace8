use crate::rules::prelude::*;
use crate::text::code;

declare_rule! {
    /// ## What it does
    /// Checks for a RUN that refreshes a package index (`apt-get update`, `apk update`,
    /// `dnf makecache`, `zypper refresh`) and installs nothing with it.
    ///
    /// `yum update`, `dnf update` and `zypper update` upgrade the installed packages rather
    /// than refresh an index, so they are not reported. A RUN that also runs a script or
    /// another program the rule cannot see into is not reported either: it may install.
    ///
    /// ## Why is this bad?
    /// Each RUN is a cached layer. A RUN that only runs `apt-get update` is cached with the
    /// package index of the day it first ran; later builds reuse it, and the
    /// `apt-get install` in the next RUN installs outdated versions, or fails once the
    /// mirror has dropped them. Refresh the index in the same RUN as the install, so both are
    /// rebuilt together. Trivy (DS017) and Checkov (CKV_DOCKER_5) report it too.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN apt-get update
    /// RUN apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Fix safety
    /// When the next instruction is a RUN that installs with the same package manager, the fix
    /// moves the update to the start of that RUN. That changes the layers and what the build
    /// cache reuses, so the fix is unsafe.
    code: "SS202",
    name: "update-without-install",
    category: Suspicious,
    fix: Sometimes,
    hadolint: None,
    buildkit: None,
    summary: "A RUN refreshes the package index but installs nothing",
    check: check,
}

struct Manager {
    programs: &'static [&'static str],
    /// Subcommands that refresh the index.
    refresh: &'static [&'static str],
    /// Subcommands that neither refresh nor use the index.
    inert: &'static [&'static str],
}

const MANAGERS: &[Manager] = &[
    Manager {
        programs: &["apt-get", "apt", "aptitude"],
        refresh: &["update"],
        inert: &["clean", "autoclean", "autoremove", "remove", "purge"],
    },
    Manager { programs: &["apk"], refresh: &["update"], inert: &["cache", "del"] },
    Manager {
        programs: &["yum", "dnf", "microdnf", "tdnf"],
        refresh: &["makecache"],
        inert: &["clean", "remove", "erase"],
    },
    Manager { programs: &["zypper"], refresh: &["refresh", "ref"], inert: &["clean", "cc", "remove", "rm"] },
];

/// Commands that cannot install packages, which may share a RUN with a lone update.
const HARMLESS: &[&str] = &["set", "true", ":", "echo", "printf", "rm", "mkdir", "export", "cd", "sleep", "ls"];

fn check(ctx: &mut Checker) {
    for (index, run, script) in ctx.scripts() {
        // With a cache mount on the lists, the index never lands in the layer.
        let index_mounted = mounts(run).any(|(kind, target)| {
            matches!(kind, "cache" | "tmpfs")
                && target.is_some_and(|t| t.starts_with("/var/lib/apt") || t.starts_with("/var/cache/apk"))
        });
        if index_mounted {
            continue;
        }
        for manager in MANAGERS {
            let Some(update) = script
                .commands
                .iter()
                .find(|c| c.is_any(manager.programs) && c.subcommand().is_some_and(|s| manager.refresh.contains(&s)))
            else {
                continue;
            };
            let alone = script.commands.iter().all(|c| {
                if c.words.is_empty() || c.is_any(HARMLESS) {
                    return true;
                }
                // Another package-manager command is fine as long as it does not use an index.
                MANAGERS.iter().any(|m| c.is_any(m.programs)) && !uses_index(c)
            });
            if !alone {
                continue;
            }
            let name = format!("{} {}", update.program().unwrap_or(""), update.subcommand().unwrap_or(""));
            let fix = merge_fix(ctx, index, run, script, update, manager, &name);
            ctx.report_fix(
                update.range,
                format!(
                    "{} runs in a RUN that installs nothing: the cached layer keeps an old index, and a later install in another RUN gets outdated packages or fails",
                    code(&name)
                ),
                fix,
            );
        }
    }
}

/// True for a package-manager command that reads the index (an install, a download).
fn uses_index(command: &SimpleCommand) -> bool {
    MANAGERS.iter().any(|m| {
        command.is_any(m.programs)
            && command.subcommand().is_some_and(|s| !m.refresh.contains(&s) && !m.inert.contains(&s))
    })
}

/// Moves a lone `apt-get update` RUN to the start of the next RUN when that one installs.
fn merge_fix(
    ctx: &Checker,
    index: usize,
    run: &Instruction,
    script: &Script,
    update: &SimpleCommand,
    manager: &Manager,
    name: &str,
) -> Option<Fix> {
    let outer = &ctx.file.instructions[index];
    let simple = outer.kind == Kind::Run
        && run.flags.is_empty()
        && run.heredocs.is_empty()
        && run.comments.is_empty()
        && run.empty_continuation_lines.is_empty()
        && script.commands.len() == 1
        && update.redirects.is_empty();
    if !simple {
        return None;
    }
    let next = ctx.file.instructions.get(index + 1)?;
    if next.kind != Kind::Run || ctx.model.stage_of[index + 1] != ctx.model.stage_of[index] || !next.heredocs.is_empty()
    {
        return None;
    }
    let Some(Command::Shell(shell)) = next.command() else { return None };
    let next_script = ctx.model.script(index + 1)?;
    let installs = next_script.commands.iter().any(|c| c.depth == 0 && c.is_any(manager.programs) && uses_index(c));
    if !installs {
        return None;
    }
    let text = ctx.text(update.range);
    Some(Fix::unsafe_edit(
        format!("Move {} into the next RUN", code(name)),
        vec![ctx.delete_instruction(outer), Edit::insert(shell.range.start, format!("{text} && "))],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(&RULE)
            .pass(&[
                "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n",
                "FROM debian:12\nRUN apt-get update && apt-get upgrade -y\n",
                "FROM debian:12\nRUN apt-get update && apt-get download curl\n",
                "FROM alpine:3.20\nRUN apk update && apk add curl\n",
                "FROM alpine:3.20\nRUN apk add --update curl\n",
                "FROM fedora:40\nRUN dnf update -y && dnf clean all\n",
                "FROM centos:7\nRUN yum -y update\n",
                "FROM opensuse/leap:15.6\nRUN zypper refresh && zypper install -y curl\n",
                // A script may install; the rule cannot see into it.
                "FROM debian:12\nRUN apt-get update && ./install-deps.sh\n",
                "FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt/lists apt-get update\n",
                "FROM debian:12\nRUN <<EOF\napt-get update\napt-get install -y curl\nEOF\n",
            ])
            .fail(&[
                "FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl\n",
                "FROM debian:12\nRUN apt-get update -qq && apt-get clean\n",
                "FROM debian:12\nRUN set -eux; apt-get update; echo done\n",
                "FROM alpine:3.20\nRUN apk update\n",
                "FROM fedora:40\nRUN dnf makecache\n",
                "FROM opensuse/leap:15.6\nRUN zypper --non-interactive refresh\n",
                "FROM debian:12\nRUN <<EOF\nset -e\napt-get update\nEOF\n",
                "FROM debian:12\nONBUILD RUN apt-get update\n",
            ])
            .fix(&[
                (
                    "FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl\n",
                    "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n",
                ),
                (
                    "FROM debian:12\n# refresh first\nRUN DEBIAN_FRONTEND=noninteractive apt-get update -qq\nRUN apt-get install -y \\\n    curl \\\n && rm -rf /var/lib/apt/lists/*\n",
                    "FROM debian:12\n# refresh first\nRUN DEBIAN_FRONTEND=noninteractive apt-get update -qq && apt-get install -y \\\n    curl \\\n && rm -rf /var/lib/apt/lists/*\n",
                ),
                (
                    "FROM alpine:3.20\nRUN apk update\nRUN --mount=type=cache,target=/etc/apk/cache apk add curl\n",
                    "FROM alpine:3.20\nRUN --mount=type=cache,target=/etc/apk/cache apk update && apk add curl\n",
                ),
                // No install follows: nothing to merge into.
                ("FROM debian:12\nRUN apt-get update\nCOPY . /app\n", "FROM debian:12\nRUN apt-get update\nCOPY . /app\n"),
                // The next RUN installs with another package manager.
                ("FROM debian:12\nRUN apt-get update\nRUN pip install flask\n", "FROM debian:12\nRUN apt-get update\nRUN pip install flask\n"),
            ])
            .run();
    }
}
