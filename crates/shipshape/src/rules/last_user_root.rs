use super::nonroot;
use crate::rules::prelude::*;
use crate::text::code;

declare_rule! {
    /// ## What it does
    /// Checks for stages whose last `USER` is `root` (or uid `0`).
    ///
    /// ## Why is this bad?
    /// A container that runs as root turns any bug in the application into root access to the
    /// container, and often to the host through mounted volumes or a kernel flaw. Switching to
    /// root for installation steps is fine; switching back to an unprivileged user before the
    /// image is used is what matters.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN addgroup -S -g 10001 app && adduser -S -u 10001 -G app app
    /// USER root
    /// CMD ["./server"]
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN addgroup -S -g 10001 app && adduser -S -u 10001 -G app app
    /// USER 10001:10001
    /// CMD ["./server"]
    /// ```
    ///
    /// ## Fix safety
    /// The fix switches back to the last unprivileged user of the stage, or creates one with the
    /// image's own tools. The application may need files it can no longer write, so the fix is
    /// unsafe.
    code: "DL3002",
    name: "last-user-root",
    category: Suspicious,
    fix: Sometimes,
    hadolint: Some("DL3002"),
    buildkit: None,
    summary: "The last USER of a stage is root",
    check: check,
}

fn check(ctx: &mut Checker) {
    let model = ctx.model;
    let last_stage = model.stages.len().saturating_sub(1);
    for stage in &model.stages {
        // A file without FROM has no image to run, as in hadolint.
        if stage.from.is_none() {
            continue;
        }
        let Some(last) = stage.instructions.clone().rev().find(|&i| ctx.file.instructions[i].kind == Kind::User) else {
            continue;
        };
        let instruction = &ctx.file.instructions[last];
        let Some(user) = nonroot::user_of(instruction) else {
            continue;
        };
        if !nonroot::is_root(user) {
            continue;
        }
        let fix = if stage.index == last_stage { fix(ctx, stage, last) } else { None };
        let message = if stage.index == last_stage {
            format!("The image runs as {}: switch to an unprivileged user after the steps that need root", code(user))
        } else {
            format!(
                "Stage {} ends as {}, and stages built on it inherit that user",
                stage.name.as_deref().unwrap_or(&stage.index.to_string()),
                code(user)
            )
        };
        ctx.report_fix(instruction.range, message, fix);
    }
}

fn fix(ctx: &Checker, stage: &Stage, root_user: usize) -> Option<Fix> {
    // Switch back to the last unprivileged USER before the root one, when there is one.
    let earlier = ctx.model.lineage(stage.index).find_map(|s| {
        s.instructions
            .clone()
            .rev()
            .filter(|&i| i < root_user)
            .find_map(|i| nonroot::user_of(&ctx.file.instructions[i]).filter(|u| !nonroot::is_root(u)))
    });
    let Some(user) = earlier else {
        return nonroot::fix(ctx, stage);
    };
    let instructions = &ctx.file.instructions;
    let range = stage.instructions.clone();
    let anchor = range.clone().rev().find(|&i| instructions[i].kind == Kind::Run).unwrap_or(root_user).max(root_user);
    let edit = match (anchor + 1..range.end).find(|&i| matches!(instructions[i].kind, Kind::Cmd | Kind::Entrypoint)) {
        Some(b) => ctx.insert_before(&instructions[b], &format!("USER {user}")),
        None => ctx.insert_after(&instructions[range.end - 1], &format!("USER {user}")),
    };
    Some(Fix::unsafe_edit(format!("Switch back to {}", code(user)), vec![edit]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(&RULE)
            .pass(&[
                "FROM alpine:3.20\nUSER app\n",
                "FROM alpine:3.20\nUSER root\nRUN apk add --no-cache curl\nUSER app\n",
                "FROM alpine:3.20 AS build\nUSER root\nUSER 1000\nFROM scratch\nUSER 65532\n",
                "USER root\n",
            ])
            .fail(&[
                "FROM alpine:3.20\nUSER root\n",
                "FROM alpine:3.20\nUSER 0:0\n",
                "FROM debian:12 AS base\nUSER root\nRUN true\nFROM scratch\nUSER foo\n",
            ])
            .fix(&[
                (
                    "FROM python:3.13-slim\nUSER app\nRUN echo hi\nUSER root\nRUN apt-get update\nCMD [\"python\", \"app.py\"]\n",
                    "FROM python:3.13-slim\nUSER app\nRUN echo hi\nUSER root\nRUN apt-get update\nUSER app\nCMD [\"python\", \"app.py\"]\n",
                ),
                (
                    "FROM alpine:3.20\nCOPY . /app\nUSER root\nCMD [\"/app/run\"]\n",
                    "FROM alpine:3.20\nRUN addgroup -S -g 10001 app && adduser -S -u 10001 -G app app\nCOPY --chown=app:app . /app\nUSER root\nUSER 10001:10001\nCMD [\"/app/run\"]\n",
                ),
            ])
            .run();
    }
}
