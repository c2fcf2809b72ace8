use std::collections::HashMap;

use super::undefined_arg_in_from::AUTOMATIC_PLATFORM_ARGS;
use crate::rules::prelude::*;
use crate::semantic::image::is_valid_reference;
use crate::semantic::vars;
use crate::text::code;

declare_rule! {
    /// ## What it does
    /// Checks that each `FROM` that uses global build arguments names a valid image when the
    /// arguments keep their defaults, that is, when the image is built without `--build-arg`.
    ///
    /// ## Why is this bad?
    /// An `ARG` without a default is empty. `ARG TAG` followed by `FROM busybox:${TAG}` becomes
    /// `FROM busybox:`, which is not an image name, so a plain `docker build .` fails and only
    /// works for those who know which `--build-arg` to pass. Give the argument a default, or a
    /// fallback in the reference itself (`${TAG:-1.36}`). An empty value is fine where it
    /// still leaves a valid name (`FROM busybox:stable${VARIANT}`).
    ///
    /// ## Example
    /// ```dockerfile
    /// ARG TAG
    /// FROM busybox:${TAG}
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// ARG TAG=1.36
    /// FROM busybox:${TAG}
    /// ```
    code: "SS108",
    name: "invalid-default-arg-in-from",
    category: Suspicious,
    fix: Never,
    hadolint: None,
    buildkit: Some("InvalidDefaultArgInFrom"),
    summary: "With its ARG defaults, a FROM names no valid image",
    check: check,
}

/// A plausible value of each automatic platform argument, for judging the expanded name.
fn automatic_value(name: &str) -> &'static str {
    match name {
        "BUILDPLATFORM" | "TARGETPLATFORM" => "linux/amd64",
        "BUILDOS" | "TARGETOS" => "linux",
        "BUILDARCH" | "TARGETARCH" => "amd64",
        _ => "",
    }
}

fn check(ctx: &mut Checker) {
    // Global ARGs in order, each default expanded with the ones before it, as BuildKit does.
    let mut values: HashMap<&str, String> = HashMap::new();
    for arg in &ctx.model.global_args {
        match &arg.default {
            Some(default) => {
                let expanded = vars::expand(default, &|name| Some(lookup(&values, name))).unwrap_or_default();
                values.insert(arg.name.as_str(), expanded);
            }
            None => {
                values.entry(arg.name.as_str()).or_default();
            }
        }
    }
    for (_, instruction) in ctx.instructions() {
        if instruction.kind != Kind::From {
            continue;
        }
        let Args::From(args) = &instruction.args else { continue };
        let Some(image) = &args.image else { continue };
        if !image.value.contains('$') {
            continue;
        }
        let references = vars::references(&image.value, ctx.file.escape);
        // An undeclared variable is undefined-arg-in-from's finding.
        if references
            .iter()
            .any(|r| !values.contains_key(r.name.as_str()) && !AUTOMATIC_PLATFORM_ARGS.contains(&r.name.as_str()))
        {
            continue;
        }
        let Some(expanded) = vars::expand(&image.value, &|name| Some(lookup(&values, name))) else {
            continue;
        };
        if is_valid_reference(&expanded) {
            continue;
        }
        let mut empty: Vec<&str> = references
            .iter()
            .map(|r| r.name.as_str())
            .filter(|n| values.get(n).is_some_and(String::is_empty))
            .collect();
        empty.dedup();
        let advice = match empty.as_slice() {
            [] => "change the defaults".to_string(),
            [one] => format!("give {} a default", code(&format!("ARG {one}"))),
            many => {
                format!(
                    "give {} defaults",
                    many.iter().map(|n| code(&format!("ARG {n}")).to_string()).collect::<Vec<_>>().join(", ")
                )
            }
        };
        let shown = if expanded.is_empty() { "an empty name".to_string() } else { code(&expanded).to_string() };
        ctx.report(
            image.range,
            format!(
                "Without `--build-arg`, {} becomes {shown}, which is not a valid image: {advice}",
                code(&format!("FROM {}", image.value))
            ),
        );
    }
}

fn lookup(values: &HashMap<&str, String>, name: &str) -> String {
    values.get(name).cloned().unwrap_or_else(|| automatic_value(name).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(&RULE)
            .pass(&[
                // Adapted from BuildKit's docs and tests for InvalidDefaultArgInFrom.
                "ARG TAG=latest\nFROM busybox:${TAG}\n",
                // Docker reads an uppercase first component as a registry host.
                "ARG REPO=MyCompany/app\nFROM ${REPO}:1.0\n",
                "ARG VARIANT\nFROM busybox:stable${VARIANT}\n",
                "ARG TAG\nFROM alpine:${TAG:-3.14}\n",
                "ARG VERSION=\"latest\"\nFROM busybox:${VERSION}\n",
                "ARG REGISTRY=docker.io\nARG IMAGE=$REGISTRY/library/alpine\nFROM ${IMAGE}:3.20\n",
                "FROM --platform=$BUILDPLATFORM golang:1.23-${TARGETOS}\n",
                "FROM busybox:${UNDECLARED}\n",
                "ARG BASE=build\nFROM alpine:3.20 AS build\nFROM ${BASE}\n",
            ])
            .fail(&[
                "ARG TAG\nFROM busybox:${TAG}\n",
                "ARG VERSION\nFROM busybox:$VERSION\n",
                "ARG IMAGE\nFROM $IMAGE\n",
                "ARG SFX=\"box:\"\nFROM busy${SFX}\n",
                "ARG REPO=team/MyApp\nFROM ${REPO}:1.0\n",
                "ARG A\nARG B\nFROM ${A}/${B}:1\n",
            ])
            .run();
    }
}
