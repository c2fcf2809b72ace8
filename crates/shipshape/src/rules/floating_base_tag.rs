use crate::rules::prelude::*;
use crate::text::code;

declare_rule! {
    /// ## What it does
    /// Checks for `FROM` tags that float: a major version only (`python:3`, `node:22-alpine`)
    /// or a moving alias (`node:lts`, `nginx:stable`, `python:slim`). Distribution releases
    /// (`debian:12`, `ubuntu:jammy`, `buildpack-deps:bookworm`), digests and distroless images
    /// are precise enough; a tag still holding an ARG without a default is not judged.
    ///
    /// ## Why is this bad?
    /// A floating tag moves to new minor releases on its own. `python:3` went from 3.12 to 3.13
    /// in a rebuild, and compiled wheels, deprecated modules and changed defaults came with it.
    /// A precise base image makes rebuilds predictable; update it on purpose.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3-slim
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.13-slim
    /// ```
    code: "SS002",
    name: "floating-base-tag",
    category: Suspicious,
    fix: Never,
    hadolint: None,
    buildkit: None,
    summary: "A FROM tag floats to new minor versions",
    check: check,
}

/// Images whose versions are language or application releases: a major version alone floats.
const VERSIONED: &[&str] = &[
    "python",
    "node",
    "golang",
    "ruby",
    "php",
    "openjdk",
    "eclipse-temurin",
    "rust",
    "perl",
    "maven",
    "gradle",
    "elixir",
    "erlang",
    "haskell",
    "julia",
    "bun",
    "nginx",
    "httpd",
    "postgres",
    "mysql",
    "mariadb",
    "redis",
    "mongo",
    "alpine",
    "amazoncorretto",
    "ibm-semeru-runtimes",
    "sapmachine",
    "dart",
    "swift",
    "deno",
    "traefik",
    "caddy",
    "memcached",
    "rabbitmq",
    "elasticsearch",
    "kibana",
    "tomcat",
    "jetty",
    "gcc",
    "pypy",
    "composer",
];

/// Tags that move by design.
const ALIASES: &[&str] = &[
    "lts",
    "current",
    "stable",
    "edge",
    "rolling",
    "mainline",
    "alpine",
    "slim",
    "jdk",
    "jre",
    "fpm",
    "apache",
    "cli",
    "windowsservercore",
    "nanoserver",
];

fn leading_version(tag: &str) -> Option<Vec<&str>> {
    let tag = tag.strip_prefix('v').unwrap_or(tag);
    let end = tag.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(tag.len());
    let version = tag[..end].trim_end_matches('.');
    if version.is_empty() || !version.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    Some(version.split('.').collect())
}

/// Why `image:tag` floats, or `None` when it is precise enough.
fn floating(image: &ImageRef) -> Option<String> {
    let tag = image.tag.as_deref()?;
    // A `$` left in the tag is an ARG without a default: the version comes at build time.
    if tag == "latest" || image.digest.is_some() || tag.contains('$') {
        return None;
    }
    let host = image.registry_host();
    if (host == "gcr.io" && image.repository.starts_with("distroless/")) || host == "cgr.dev" {
        return None;
    }
    let name = image.name();
    let versioned = VERSIONED.contains(&name);
    match leading_version(tag) {
        Some(parts) => {
            let single = parts.len() == 1 && parts[0].len() < 4;
            (single && versioned).then(|| format!("{} follows every {}.x release", code(&image.raw), parts[0]))
        }
        None => {
            let first = tag.split(['-', '_']).next().unwrap_or(tag);
            // A distribution codename (`bookworm`) is the version of an image that has no
            // versions of its own (`buildpack-deps:bookworm`); on `python:bookworm` the Python
            // version floats, which the next branch says.
            if ALIASES.contains(&first) && !matches!(name, "debian" | "ubuntu") {
                Some(format!("{} is a moving alias, not a version", code(&image.raw)))
            } else if versioned && !tag.chars().any(|c| c.is_ascii_digit()) {
                Some(format!("{} does not name a {name} version", code(&image.raw)))
            } else {
                None
            }
        }
    }
}

fn check(ctx: &mut Checker) {
    for stage in &ctx.model.stages {
        let (Some(from), Base::Image(image)) = (stage.from, &stage.base) else {
            continue;
        };
        let Some(why) = floating(image) else { continue };
        let Args::From(args) = &ctx.file.instructions[from].args else {
            continue;
        };
        let Some(word) = &args.image else { continue };
        let advice = if VERSIONED.contains(&image.name()) {
            format!("pin at least a minor version, as in {}", code(&format!("{}:<major>.<minor>", image.repository)))
        } else {
            "pin a version tag, or a digest (`@sha256:…`) where the image has none".to_string()
        };
        ctx.report(word.range, format!("{why}: {advice}"));
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
                "FROM python:3.13-slim\n",
                "FROM python:3.12-alpine3.18\n",
                "FROM debian:12-slim\n",
                "FROM ubuntu:jammy\n",
                "FROM debian:bookworm-20240101\n",
                "FROM gcr.io/distroless/python3-debian13:nonroot\n",
                "FROM node:22.11.0-alpine\n",
                "FROM golang:1.26@sha256:abcd\n",
                "FROM mcr.microsoft.com/windows/servercore:ltsc2022\n",
                "FROM example.com/team/app:production\n",
                "FROM node:latest\n",
                "FROM node\n",
                "FROM build\n",
                "FROM buildpack-deps:bookworm-scm\n",
                "FROM mcr.microsoft.com/vscode/devcontainers/base:buster\n",
                "ARG GO_VERSION\nFROM golang:${GO_VERSION}-alpine\n",
                "ARG GO=1.26.7\nARG IMAGE=golang:${GO}-bookworm\nFROM ${IMAGE}\n",
            ])
            .fail(&[
                "FROM python:3\n",
                "FROM python:3-slim\n",
                "FROM node:lts\n",
                "FROM node:22-alpine\n",
                "FROM nginx:stable-alpine\n",
                "FROM python:slim\n",
                "FROM alpine:3\n",
                "ARG NODE=20\nFROM node:${NODE}\n",
                "FROM python:bookworm\n",
                "FROM rust:1-bullseye\n",
                "FROM webdevops/apache:alpine\n",
            ])
            .run();
    }
}
