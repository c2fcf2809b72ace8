use crate::rules::prelude::*;
use crate::semantic::vars;
use crate::text::{code, did_you_mean};

declare_rule! {
    /// ## What it does
    /// Checks that every variable a `FROM` line uses (in the image or in `--platform`) is
    /// declared by an `ARG` before the first `FROM`, or is one of BuildKit's automatic platform
    /// arguments (`BUILDPLATFORM`, `TARGETPLATFORM`, `TARGETARCH`, …).
    ///
    /// ## Why is this bad?
    /// `FROM` only sees global build arguments, the ones declared before the first `FROM`. Any
    /// other variable expands to an empty string: `FROM python:${PY_VERSION}-slim` becomes
    /// `FROM python:-slim` and the build fails, or silently pulls an image you did not mean.
    /// An `ARG` declared inside a stage does not help, because it only exists in that stage.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:${PY_VERSION}-slim
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// ARG PY_VERSION=3.13
    /// FROM python:${PY_VERSION}-slim
    /// ```
    code: "SS105",
    name: "undefined-arg-in-from",
    category: Correctness,
    fix: Never,
    hadolint: None,
    buildkit: Some("UndefinedArgInFrom"),
    summary: "FROM uses a variable no global ARG declares",
    check: check,
}

/// The build arguments BuildKit defines for every build, usable in `FROM` without `ARG`.
pub(crate) const AUTOMATIC_PLATFORM_ARGS: &[&str] = &[
    "BUILDPLATFORM",
    "BUILDOS",
    "BUILDARCH",
    "BUILDVARIANT",
    "TARGETPLATFORM",
    "TARGETOS",
    "TARGETARCH",
    "TARGETVARIANT",
];

fn check(ctx: &mut Checker) {
    let escape = ctx.file.escape;
    let globals: Vec<&str> = ctx.model.global_args.iter().map(|a| a.name.as_str()).collect();
    for (index, instruction) in ctx.instructions() {
        if instruction.kind != Kind::From {
            continue;
        }
        let Args::From(args) = &instruction.args else { continue };
        let mut places: Vec<TextRange> = args.image.iter().map(|w| w.range).collect();
        places.extend(instruction.flag("platform").and_then(|f| f.value_range));
        for range in places {
            for reference in vars::references(ctx.text(range), escape) {
                let name = reference.name.as_str();
                if globals.contains(&name) || AUTOMATIC_PLATFORM_ARGS.contains(&name) {
                    continue;
                }
                let at = TextRange::new(
                    range.start + crate::text::to_u32(reference.range.start),
                    range.start + crate::text::to_u32(reference.range.end),
                );
                let in_stage = ctx.instructions().any(|(i, other)| {
                    i < index
                        && ctx.model.stage_of[i].is_some()
                        && other.kind == Kind::Arg
                        && matches!(&other.args, Args::Pairs(pairs) if pairs.iter().any(|p| p.key.value == name))
                });
                let message = if in_stage {
                    format!(
                        "{} is declared by an ARG inside an earlier stage, which FROM cannot see: declare {} before the first FROM",
                        code(&format!("${name}")),
                        code(&format!("ARG {name}"))
                    )
                } else {
                    let hint =
                        did_you_mean(name, globals.iter().copied().chain(AUTOMATIC_PLATFORM_ARGS.iter().copied()))
                            .map(|s| format!(" (did you mean {}?)", code(&format!("${s}"))))
                            .unwrap_or_default();
                    format!(
                        "{} is not declared by an ARG before the first FROM, so FROM expands it to an empty string{hint}",
                        code(&format!("${name}"))
                    )
                };
                ctx.report(at, message);
            }
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
                // Adapted from BuildKit's tests for UndefinedArgInFrom.
                "ARG base=scratch\nFROM $base\nCOPY Dockerfile .\n",
                "ARG BUILDPLATFORM=linux/amd64\nFROM --platform=$BUILDPLATFORM scratch\n",
                "FROM --platform=$BUILDPLATFORM scratch\n",
                "ARG DEBUG\nFROM scratch${DEBUG}\n",
                "ARG DEBUG\nFROM scra${DEBUG:-tch}\n",
                "ARG TAG=3.20\nFROM alpine:$TAG AS base\nFROM base\n",
                "ARG IMAGE=alpine\nARG TAG=3.20\nFROM ${IMAGE}:${TAG}\n",
                "FROM alpine:3.20\nARG VERSION=1\nRUN echo $VERSION\n",
                "FROM alpine:'$literal'\n",
            ])
            .fail(&[
                "FROM --platform=$BULIDPLATFORM scratch\n",
                "ARG MY_OS=linux\nARG MY_ARCH=amd64\nFROM --platform=linux/${MYARCH} busybox\n",
                "ARG tag=latest\nFROM busybox:${tag}${version} AS b\n",
                "FROM alpine:3.20 AS base\nARG VERSION=1\nFROM node:${VERSION}\n",
                "FROM alpine:${ALPINE_VERSION:-3.20}\n",
            ])
            .run();
    }
}
