use crate::rules::prelude::*;
use crate::text::code;

declare_rule! {
    /// ## What it does
    /// Checks for `FROM` images without a tag or digest. Global `ARG` defaults are substituted
    /// first, and a `FROM` naming an earlier stage is not an image.
    ///
    /// ## Why is this bad?
    /// An untagged image means `:latest`, which changes whenever the publisher pushes. The same
    /// Dockerfile then builds different images from one day to the next, and a rebuild can
    /// break or change behaviour without any change in your repository.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.13-slim
    /// ```
    code: "DL3006",
    name: "untagged-base-image",
    category: Suspicious,
    fix: Never,
    hadolint: Some("DL3006"),
    buildkit: None,
    summary: "A FROM image has no tag",
    check: check,
}

fn check(ctx: &mut Checker) {
    for stage in &ctx.model.stages {
        let (Some(from), Base::Image(image)) = (stage.from, &stage.base) else {
            continue;
        };
        if image.tag.is_some() || image.digest.is_some() {
            continue;
        }
        let Args::From(args) = &ctx.file.instructions[from].args else {
            continue;
        };
        let Some(word) = &args.image else { continue };
        ctx.report(
            word.range,
            format!(
                "{} has no tag, so it means `:latest`: pin a version, as in {}",
                code(&image.raw),
                code(&format!("{}:<version>", image.raw))
            ),
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
                "FROM ruby@sha256:f1dbca0f5dbc9\n",
                "FROM ruby:2\n",
                "FROM ${VALUE}\n",
                "FROM scratch\n",
                "FROM golang:1.23-alpine AS build\nFROM build AS test\n",
                "ARG BASE=python:3.13-slim\nFROM $BASE\n",
            ])
            .fail(&[
                "FROM debian\n",
                "FROM debian AS builder\n",
                "ARG BASE=python\nFROM ${BASE}\n",
                "FROM golang:1.23 AS build\nFROM node AS web\n",
            ])
            .run();
    }
}
