use crate::rules::prelude::*;
use crate::text::code;

declare_rule! {
    /// ## What it does
    /// Checks for `FROM --platform=<constant>`, such as `FROM --platform=linux/amd64`.
    ///
    /// Platforms given by a variable (`--platform=$BUILDPLATFORM`, `$TARGETPLATFORM`) are
    /// left alone, and so is a constant platform in a stage whose name says which platform it
    /// is for (`FROM --platform=linux/arm64 alpine AS tools-arm64`), the pattern for stages
    /// that only make sense on one platform.
    ///
    /// ## Why is this bad?
    /// A constant platform forces the stage onto that platform for every build. Built for
    /// another platform (`docker build --platform linux/arm64`, or on an Apple silicon or
    /// Graviton machine) the image still contains amd64 binaries that run under slow emulation,
    /// or not at all, and a multi-platform build of the file is impossible. Leave the platform
    /// to the build command, or use `$BUILDPLATFORM` for stages that only produce files (such
    /// as a cross-compiling build stage).
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM --platform=linux/amd64 python:3.13-slim
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.13-slim
    /// ```
    ///
    /// ## Fix safety
    /// The fix removes the flag, so the stage follows the platform the build asks for. That
    /// changes the image built on machines of another platform, and fails when the base image
    /// is not published for it, so the fix is unsafe.
    code: "DL3029",
    name: "constant-from-platform",
    category: Suspicious,
    fix: Always,
    hadolint: Some("DL3029"),
    buildkit: Some("FromPlatformFlagConstDisallowed"),
    summary: "FROM forces a constant `--platform`",
    check: check,
}

fn check(ctx: &mut Checker) {
    for (index, from) in ctx.instructions() {
        if from.kind != Kind::From {
            continue;
        }
        let Some(flag) = from.flag("platform") else { continue };
        let Some(value) = flag.value.as_deref() else { continue };
        if value.is_empty() || value.contains('$') {
            continue;
        }
        // `FROM --platform=linux/arm64 … AS build-arm64`: a stage meant for one platform.
        let stage_name = ctx.model.stage_of[index].and_then(|s| ctx.model.stages[s].name.clone()).unwrap_or_default();
        let named_for_it =
            value.to_ascii_lowercase().split(['/', ',']).any(|part| !part.is_empty() && stage_name.contains(part));
        if named_for_it {
            continue;
        }
        // Remove the flag and the blanks after it.
        let rest = &ctx.source[flag.range.end as usize..];
        let blanks = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        let range = TextRange::new(flag.range.start, flag.range.end + blanks as u32);
        let fix = Fix::unsafe_edit("Remove `--platform`", vec![Edit::delete(range)]);
        ctx.report_fix(
            flag.range,
            format!("{} forces this stage onto one platform whatever the build targets: leave the platform to the build, or use `$BUILDPLATFORM`", code(&format!("--platform={value}"))),
            Some(fix),
        );
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
                "FROM debian:12\n",
                "FROM --platform=$BUILDPLATFORM golang:1.26 AS build\n",
                "FROM --platform=\"${TARGETPLATFORM:-linux/amd64}\" debian:12\n",
                "FROM --platform=$TARGETOS/$TARGETARCH debian:12\n",
                "FROM --platform=linux/arm64 alpine:3.21 AS tools-arm64\n",
            ])
            .fail(&["FROM --platform=linux debian:12\n", "FROM --platform=linux/amd64 debian:12 AS build\n"])
            .fix(&[
                ("FROM --platform=linux/amd64 python:3.13-slim\n", "FROM python:3.13-slim\n"),
                ("from   --platform=linux/arm64\tnode:22 AS web\n", "from   node:22 AS web\n"),
            ])
            .run();
    }
}
