use crate::rules::prelude::*;
use crate::text::code;

declare_rule! {
    /// ## What it does
    /// Checks for `FROM` images tagged `:latest` without a digest.
    ///
    /// ## Why is this bad?
    /// `latest` is whatever the publisher pushed last. Builds stop being reproducible, and a new
    /// major version of the base image can arrive in any rebuild.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:latest
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:22.11-bookworm-slim
    /// ```
    code: "DL3007",
    name: "latest-base-tag",
    category: Suspicious,
    fix: Never,
    hadolint: Some("DL3007"),
    buildkit: None,
    summary: "A FROM image uses the `latest` tag",
    check: check,
}

fn check(ctx: &mut Checker) {
    for stage in &ctx.model.stages {
        let (Some(from), Base::Image(image)) = (stage.from, &stage.base) else {
            continue;
        };
        if image.tag.as_deref() != Some("latest") || image.digest.is_some() {
            continue;
        }
        let Args::From(args) = &ctx.file.instructions[from].args else {
            continue;
        };
        let Some(word) = &args.image else { continue };
        ctx.report(
            word.range,
            format!("{} follows whatever was pushed last: pin a version tag or a digest", code(&image.raw)),
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
                "FROM debian:jessie\n",
                "FROM hub.docker.io/debian:latest@sha256:7959ed6f7e35f8b1aaa06d1d8259d4ee25aa85a086d5c125480c333183f9deeb\n",
                "FROM debian\n",
            ])
            .fail(&["FROM debian:latest\n", "FROM debian:latest AS builder\n", "ARG TAG=latest\nFROM node:$TAG\n"])
            .run();
    }
}
