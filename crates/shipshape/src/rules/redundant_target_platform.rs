use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for `FROM --platform=$TARGETPLATFORM`.
    ///
    /// ## Why is this bad?
    /// A stage is built for the target platform unless told otherwise, so the flag repeats the
    /// default and only adds noise. It also hides the cases that matter: a `--platform` flag is
    /// worth reading when it says something else, typically `$BUILDPLATFORM` for a stage that
    /// cross-compiles.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM --platform=$TARGETPLATFORM alpine:3.22
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.22
    /// ```
    code: "DL3065",
    name: "redundant-target-platform",
    category: Suspicious,
    fix: Always,
    hadolint: Some("DL3065"),
    buildkit: Some("RedundantTargetPlatform"),
    summary: "`FROM --platform=$TARGETPLATFORM` repeats the default",
    check: check,
}

fn check(ctx: &mut Checker) {
    // A global `ARG TARGETPLATFORM=...` with a value changes what the variable holds.
    if ctx
        .model
        .global_args
        .iter()
        .any(|a| a.name == "TARGETPLATFORM" && a.default.as_deref().is_some_and(|d| !d.is_empty()))
    {
        return;
    }
    for (_, from) in ctx.instructions() {
        if from.kind != Kind::From {
            continue;
        }
        for flag in from.flags_named("platform") {
            if !matches!(flag.value.as_deref(), Some("$TARGETPLATFORM" | "${TARGETPLATFORM}")) {
                continue;
            }
            let fix = Fix::safe("Remove the `--platform` flag", vec![Edit::delete(removal(ctx, flag.range))]);
            ctx.report_fix(
                flag.range,
                "`--platform=$TARGETPLATFORM` is redundant: a stage is built for the target platform by default",
                Some(fix),
            );
        }
    }
}

/// The flag and the blanks after it (or, when a line continuation follows, before it).
fn removal(ctx: &Checker, flag: TextRange) -> TextRange {
    let after = &ctx.source[flag.end as usize..];
    let blanks = after.len() - after.trim_start_matches([' ', '\t']).len();
    let next = after[blanks..].chars().next();
    if next.is_some_and(|c| c != '\n' && c != '\r' && c != ctx.file.escape) {
        return TextRange::new(flag.start, flag.end + crate::text::to_u32(blanks));
    }
    let before = &ctx.source[..flag.start as usize];
    let blanks = before.len() - before.trim_end_matches([' ', '\t']).len();
    TextRange::new(flag.start - crate::text::to_u32(blanks), flag.end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(&RULE)
            .pass(&[
                "FROM alpine:3.22\n",
                "FROM --platform=$FOOBAR alpine:3.22\n",
                "FROM --platform=$BUILDPLATFORM golang:1.26 AS build\n",
                "FROM --platform=linux/arm64 alpine:3.22\n",
                "ARG TARGETPLATFORM=linux/amd64\nFROM --platform=$TARGETPLATFORM alpine:3.22\n",
            ])
            .fail(&[
                "FROM --platform=$TARGETPLATFORM alpine:3.22\n",
                "FROM --platform=${TARGETPLATFORM} alpine:3.22 AS base\n",
                "FROM --platform=\"$TARGETPLATFORM\" alpine:3.22\n",
            ])
            .fix(&[
                ("FROM --platform=$TARGETPLATFORM alpine:3.22\n", "FROM alpine:3.22\n"),
                (
                    "FROM   --platform=${TARGETPLATFORM}   nginx:alpine AS web\nRUN true\n",
                    "FROM   nginx:alpine AS web\nRUN true\n",
                ),
                ("FROM --platform=$TARGETPLATFORM \\\n    alpine:3.22\n", "FROM \\\n    alpine:3.22\n"),
            ])
            .run();
    }
}
