use crate::rules::prelude::*;
use crate::text::code;

declare_rule! {
    /// ## What it does
    /// Checks for a stage whose last `USER` names the user (`USER app`, `USER app:app`) rather
    /// than giving its numeric UID (`USER 10001`): the user a container of that stage runs as.
    ///
    /// ## Why is this bad?
    /// The builder looks a user name up in the image's `/etc/passwd`, but nothing outside the
    /// image can. Kubernetes' `runAsNonRoot` refuses to start a container whose user is a name
    /// ("cannot verify user is non-root"), and volume permissions and `securityContext` rules
    /// are written in numbers. A UID says plainly who the process is.
    ///
    /// Only the last `USER` of each stage is checked: an earlier one (`USER root` to install
    /// something, then back) is resolved by the builder and never seen outside. Windows images,
    /// whose users have no numeric IDs, and values from variables whose value is unknown are
    /// not reported.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM gcr.io/distroless/static-debian12:nonroot
    /// USER nonroot
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM gcr.io/distroless/static-debian12:nonroot
    /// USER 65532
    /// ```
    ///
    /// ## Fix safety
    /// The fix is offered only where the UID is known for certain: `root` is 0 everywhere,
    /// `nonroot` is 65532 in distroless and Chainguard images, `node` is 1000 in the official
    /// Node.js images, and a user the file creates with an explicit ID (`useradd -u 10001 app`)
    /// has that ID. It is unsafe because a user name also sets the supplementary
    /// groups and can be re-mapped by the image; check that the process still has the access it
    /// needs.
    code: "DL3066",
    name: "non-numeric-user",
    category: Style,
    fix: Sometimes,
    hadolint: Some("DL3066"),
    buildkit: None,
    summary: "The stage's user is a name rather than a numeric UID",
    check: check,
}

fn check(ctx: &mut Checker) {
    let model = ctx.model;
    for stage in &model.stages {
        let Some(index) = stage.instructions.clone().rev().find(|&i| ctx.file.instructions[i].kind == Kind::User)
        else {
            continue;
        };
        // Windows users have no numeric IDs.
        if stage.os == Os::Windows || !model.shell_of.get(index).is_none_or(|s| s.is_posix()) {
            continue;
        }
        let instruction = &ctx.file.instructions[index];
        let Args::Text(word) = &instruction.args else { continue };
        // A variable counts with its ARG/ENV value; an unknown one is not judged.
        let Some(value) = model.resolve(index, &word.value) else { continue };
        let user = value.split(':').next().unwrap_or(&value).trim();
        if user.is_empty() || user.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        let fix = if word.value.contains('$') { None } else { fix(ctx, stage, word) };
        ctx.report_fix(
            word.range,
            format!("{} names the user: tools outside the image (such as Kubernetes' `runAsNonRoot`) cannot resolve a name, so give the numeric UID", code(&format!("USER {}", word.value))),
            fix,
        );
    }
}

/// The numeric form of a user or group name, where it is known for certain.
fn numeric(ctx: &Checker, stage: &Stage, name: &str, group: bool) -> Option<String> {
    if !name.is_empty() && name.chars().all(|c| c.is_ascii_digit()) {
        return Some(name.to_string());
    }
    let image = ctx.model.root_image(stage.index);
    let id = match name {
        "root" => "0",
        "nonroot" if matches!(stage.os, Os::Distroless | Os::Wolfi) => "65532",
        "node" if image.is_some_and(|i| i.name() == "node" && i.registry_host() == "docker.io") => "1000",
        "bun" if image.is_some_and(|i| i.is_oven_bun()) && stage.os != Os::Distroless => "1000",
        _ => return created_with_id(ctx, stage, name, group),
    };
    Some(id.to_string())
}

/// The ID a user (or group) created in the stage or a stage it builds on was given explicitly:
/// `useradd -u 10001 app`, `adduser -S -u 10001 app`, `groupadd -g 10001 app`.
fn created_with_id(ctx: &Checker, stage: &Stage, name: &str, group: bool) -> Option<String> {
    let (programs, id_flags): (&[&str], &[&str]) =
        if group { (&["groupadd", "addgroup"], &["-g", "--gid"]) } else { (&["useradd", "adduser"], &["-u", "--uid"]) };
    let model = ctx.model;
    model.lineage(stage.index).find_map(|s| {
        s.instructions.clone().rev().find_map(|i| {
            let script = model.script(i)?;
            script.commands.iter().rev().find_map(|c| {
                if !c.is_any(programs) || c.args().last().is_none_or(|w| w.value != name) {
                    return None;
                }
                let id = c.flag_value(id_flags)?;
                (!id.is_empty() && id.chars().all(|ch| ch.is_ascii_digit())).then(|| id.to_string())
            })
        })
    })
}

fn fix(ctx: &Checker, stage: &Stage, word: &Word) -> Option<Fix> {
    let parts = word
        .value
        .split(':')
        .enumerate()
        .map(|(i, part)| numeric(ctx, stage, part, i > 0))
        .collect::<Option<Vec<_>>>()?;
    let value = parts.join(":");
    Some(Fix::unsafe_edit(format!("Use {}", code(&format!("USER {value}"))), vec![Edit::replace(word.range, value)]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(&RULE)
            .pass(&[
                "USER 12345\n",
                "USER 1234:5678\n",
                "ARG APP_UID\nFROM foobar:barfoo\nUSER ${APP_UID}\n",
                "FROM python:3.13\nARG UID=10001\nUSER $UID\n",
                "FROM python:3.13\nUSER ${APP_UID:-1654}\n",
                "FROM debian:12\nUSER root\nRUN apt-get update\nUSER 10001\n",
                "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nUSER ContainerUser\n",
                "FROM python:3.13\nUSER $APP_UID\n",
            ])
            .fail(&[
                "USER foobar\n",
                "USER foobar:barfoo\n",
                "FROM python:3.13\nARG NAME=app\nUSER $NAME\n",
                "FROM debian:12 AS build\nUSER builder\nFROM debian:12\nUSER 1000\n",
                "FROM debian:12\nUSER root\n",
            ])
            .fix(&[
                ("FROM debian:12\nUSER root\n", "FROM debian:12\nUSER 0\n"),
                ("FROM debian:12\nUSER root:root\n", "FROM debian:12\nUSER 0:0\n"),
                (
                    "FROM gcr.io/distroless/static-debian12:nonroot\nUSER nonroot:nonroot\n",
                    "FROM gcr.io/distroless/static-debian12:nonroot\nUSER 65532:65532\n",
                ),
                ("FROM node:22-slim\nUSER node\n", "FROM node:22-slim\nUSER 1000\n"),
                ("FROM oven/bun:1.2-alpine\nUSER bun:bun\n", "FROM oven/bun:1.2-alpine\nUSER 1000:1000\n"),
                ("FROM python:3.13\nUSER nonroot\n", "FROM python:3.13\nUSER nonroot\n"),
                (
                    "FROM python:3.13\nRUN groupadd -g 10001 app && useradd -u 10001 -g app app\nUSER app:app\n",
                    "FROM python:3.13\nRUN groupadd -g 10001 app && useradd -u 10001 -g app app\nUSER 10001:10001\n",
                ),
                (
                    "FROM alpine:3.22 AS base\nRUN adduser -S -u 10001 app\nFROM base\nUSER app\n",
                    "FROM alpine:3.22 AS base\nRUN adduser -S -u 10001 app\nFROM base\nUSER 10001\n",
                ),
                (
                    "FROM alpine:3.22\nRUN adduser -S app\nUSER app\n",
                    "FROM alpine:3.22\nRUN adduser -S app\nUSER app\n",
                ),
                ("FROM node:22-slim\nUSER node:staff\n", "FROM node:22-slim\nUSER node:staff\n"),
            ])
            .run();
    }
}
