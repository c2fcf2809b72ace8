use crate::rules::prelude::*;
use crate::semantic::paths::workdir_text;
pub(crate) use crate::semantic::paths::{Cwd, join};
use crate::text::code;

declare_rule! {
    /// ## What it does
    /// Checks for a `WORKDIR` whose path is relative (`WORKDIR app` rather than
    /// `WORKDIR /app`). Paths that start with a variable (`WORKDIR $HOME`) and Windows paths
    /// with a drive letter (`WORKDIR C:\app`) are left alone.
    ///
    /// ## Why is this bad?
    /// A relative `WORKDIR` is resolved against the working directory in effect before it: the
    /// previous `WORKDIR` of the stage, or whatever the base image set. The directory the rest
    /// of the stage runs in then depends on instructions far away, or on the base image, which
    /// can change under you with a new tag. An absolute path says where you are.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22-slim
    /// WORKDIR app
    /// COPY . .
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:22-slim
    /// WORKDIR /app
    /// COPY . .
    /// ```
    ///
    /// ## Fix safety
    /// When an earlier absolute `WORKDIR` of the stage (or of the stage it builds on) decides
    /// where the relative path leads, the fix writes that absolute path, which changes nothing:
    /// it is safe. In a stage built `FROM scratch` the starting directory is `/`, so prefixing
    /// `/` is safe too. Otherwise the fix prefixes `/`, which assumes the base image's working
    /// directory is `/`; images such as `node` or `python` may set another, so that fix is
    /// unsafe. No fix is offered when an earlier `WORKDIR` uses a variable.
    code: "DL3000",
    name: "relative-workdir",
    category: Correctness,
    fix: Sometimes,
    hadolint: Some("DL3000"),
    buildkit: Some("WorkdirRelativePath"),
    summary: "WORKDIR uses a relative path",
    check: check,
}

/// True for a path WORKDIR does not resolve against the previous one: `/x`, `$VAR…`,
/// `C:\x`, `C:/x`, `\x`.
fn is_absolute_or_variable(path: &str) -> bool {
    let mut chars = path.chars();
    let drive = matches!((chars.next(), chars.next()), (Some(letter), Some(':')) if letter.is_ascii_alphabetic());
    path.starts_with(['/', '$', '\\']) || drive
}

/// The working directory just before instruction `index` (see [`Model::cwd_before`]); a WORKDIR
/// that uses a variable makes it unknown.
pub(crate) fn cwd_before(ctx: &Checker, index: usize) -> Cwd {
    match ctx.model.cwd_before(ctx.file, ctx.source, index, &|_, _| None) {
        Cwd::UnderBaseImage(_) => Cwd::Unknown,
        cwd => cwd,
    }
}

fn check(ctx: &mut Checker) {
    for (index, outer) in ctx.instructions() {
        let instruction = outer.effective();
        if instruction.kind != Kind::Workdir {
            continue;
        }
        let Some(path) = workdir_text(ctx.source, instruction) else { continue };
        if is_absolute_or_variable(path) {
            continue;
        }
        let Args::Text(word) = &instruction.args else { continue };
        let raw = ctx.text(word.range);
        // The path inside its quotes, if any.
        let inner_start = word.range.start + (raw.len() - raw.trim_start_matches(['"', '\'']).len()) as u32;
        let inner = TextRange::new(inner_start, inner_start + path.len() as u32);
        let onbuild = outer.kind == Kind::Onbuild;
        let cwd = if onbuild || path.contains('\\') { Cwd::Unknown } else { cwd_before(ctx, index) };
        if path == "~" || path.starts_with("~/") {
            ctx.report(
                instruction.range,
                format!("WORKDIR does not expand `~`: {} makes a directory literally named `~` in the current one; write the home directory's absolute path, such as `/root` or `/home/<user>`", code(&format!("WORKDIR {path}"))),
            );
            continue;
        }
        let (message, fix) = match cwd {
            Cwd::Known(base) => {
                let absolute = join(&base, path);
                (
                    format!(
                        "{} leads to {} only through the working directory set before it: write the absolute path so it is clear where it is set",
                        code(&format!("WORKDIR {path}")),
                        code(&absolute)
                    ),
                    Some(Fix::safe(
                        format!("Use the absolute path {}", code(&absolute)),
                        vec![Edit::replace(inner, absolute)],
                    )),
                )
            }
            Cwd::BaseImage => {
                let absolute = join("/", path);
                (
                    format!(
                        "{} is relative to the base image's working directory, which the image may change: use an absolute path",
                        code(&format!("WORKDIR {path}"))
                    ),
                    Some(Fix::unsafe_edit(format!("Use {}", code(&absolute)), vec![Edit::replace(inner, absolute)])),
                )
            }
            Cwd::Unknown if onbuild => (
                format!(
                    "{} is relative to the working directory of whatever image builds on this one: use an absolute path",
                    code(&format!("WORKDIR {path}"))
                ),
                None,
            ),
            Cwd::Unknown | Cwd::UnderBaseImage(_) => (
                format!(
                    "{} is relative to an earlier WORKDIR whose path is only known at build time: use an absolute path",
                    code(&format!("WORKDIR {path}"))
                ),
                None,
            ),
        };
        ctx.report_fix(instruction.range, message, fix);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::RuleTest;

    #[test]
    fn joins_paths() {
        assert_eq!(join("/app", "src"), "/app/src");
        assert_eq!(join("/app/", "./src/../lib/"), "/app/lib");
        assert_eq!(join("/", ".."), "/");
    }

    #[test]
    fn cases() {
        RuleTest::new(&RULE)
            .pass(&[
                "FROM alpine:3.20\nWORKDIR /srv/app\n",
                "FROM alpine:3.20\nWORKDIR \"/srv/my app\"\n",
                "FROM alpine:3.20\nWORKDIR $HOME\n",
                "FROM alpine:3.20\nWORKDIR ${APP_DIR:-/app}\n",
                "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nWORKDIR C:\\app\n",
                "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nWORKDIR d:/work\n",
            ])
            .fail(&[
                "FROM node:22-slim\nWORKDIR app\n",
                "FROM node:22-slim\nWORKDIR /srv\nWORKDIR 'web/static'\n",
                "FROM node:22-slim\nWORKDIR $BASE\nWORKDIR app\n",
                "FROM node:22-slim\nONBUILD WORKDIR app\n",
                "FROM node:22-slim\nWORKDIR ~/app\n",
            ])
            .fix(&[
                (
                    "FROM node:22-slim\nWORKDIR /srv\nWORKDIR web\n",
                    "FROM node:22-slim\nWORKDIR /srv\nWORKDIR /srv/web\n",
                ),
                (
                    "FROM node:22-slim\nWORKDIR /srv/www\nRUN make\nWORKDIR ../opt\n",
                    "FROM node:22-slim\nWORKDIR /srv/www\nRUN make\nWORKDIR /srv/opt\n",
                ),
                ("FROM node:22-slim\nWORKDIR \"my app\"\n", "FROM node:22-slim\nWORKDIR \"/my app\"\n"),
                (
                    "FROM node:22-slim AS base\nWORKDIR /srv\nFROM base\nWORKDIR api\n",
                    "FROM node:22-slim AS base\nWORKDIR /srv\nFROM base\nWORKDIR /srv/api\n",
                ),
                ("FROM scratch\nWORKDIR app\n", "FROM scratch\nWORKDIR /app\n"),
                ("FROM scratch\nWORKDIR .\n", "FROM scratch\nWORKDIR /\n"),
                ("FROM python:3.13\nWORKDIR ./app/\n", "FROM python:3.13\nWORKDIR /app\n"),
                // Two relative WORKDIRs in a row: both resolve against the base image's.
                ("FROM python:3.13\nWORKDIR a\nWORKDIR b\n", "FROM python:3.13\nWORKDIR /a\nWORKDIR /a/b\n"),
            ])
            .run();
    }
}
