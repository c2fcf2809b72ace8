use std::collections::HashSet;

use super::undefined_arg_in_from::AUTOMATIC_PLATFORM_ARGS;
use crate::rules::prelude::*;
use crate::semantic::vars;
use crate::text::{code, did_you_mean};

declare_rule! {
    /// ## What it does
    /// Checks the variables that Docker itself expands in `COPY`, `ADD`, `ENV`, `LABEL`,
    /// `WORKDIR`, `USER`, `VOLUME`, `STOPSIGNAL` and `ARG` defaults, and reports those that no
    /// `ARG` or `ENV` of the stage (or of the stages it builds on) has defined by then. It does
    /// not look inside `RUN`, `CMD` and `ENTRYPOINT`: the shell expands those when the command
    /// runs, with the container's whole environment.
    ///
    /// The most common causes:
    /// - a global `ARG` (declared before the first `FROM`) used in a stage that does not
    ///   repeat `ARG <name>`;
    /// - `$TARGETARCH` and the other automatic platform arguments, which a stage only sees
    ///   after `ARG TARGETARCH`;
    /// - a variable used above the `ARG` or `ENV` that defines it, or misspelled.
    ///
    /// Variables the base image sets (`$JAVA_HOME`, `$GOPATH`) are fine. shipshape knows
    /// that plain OS images (`alpine`, `debian`, `ubuntu`, …) and `scratch` set only `PATH`;
    /// for other images, whose environment it cannot see, it reports only the causes above.
    /// `${NAME:-default}` and the other forms with a fallback are not reported.
    ///
    /// ## Why is this bad?
    /// An undefined variable silently expands to an empty string. `COPY bin/$TARGETARCH/app /`
    /// becomes `COPY bin//app /` and the build fails, `WORKDIR /opt/$APP_NAME` becomes
    /// `WORKDIR /opt/`, and a label ends up empty, all without any error from Docker.
    ///
    /// ## Example
    /// ```dockerfile
    /// ARG VERSION=1.4.2
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.version=$VERSION
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// ARG VERSION=1.4.2
    /// FROM alpine:3.20
    /// ARG VERSION
    /// LABEL org.opencontainers.image.version=$VERSION
    /// ```
    code: "SS106",
    name: "undefined-var",
    category: Suspicious,
    fix: Never,
    hadolint: None,
    buildkit: Some("UndefinedVar"),
    summary: "A variable is used before any ARG or ENV defines it",
    check: check,
}

/// Build arguments Docker predefines, usable without `ARG`.
const PREDEFINED: &[&str] = &[
    "PATH",
    "HTTP_PROXY",
    "http_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "FTP_PROXY",
    "ftp_proxy",
    "NO_PROXY",
    "no_proxy",
    "ALL_PROXY",
    "all_proxy",
];

/// The environment of official OS images: `PATH` and, for some, a few more. Other images
/// set variables shipshape cannot see.
fn image_env(image: &ImageRef) -> Option<&'static [&'static str]> {
    if image.registry_host() != "docker.io" {
        return None;
    }
    let repository = image.repository.strip_prefix("library/").unwrap_or(&image.repository);
    match repository {
        "alpine"
        | "busybox"
        | "debian"
        | "ubuntu"
        | "centos"
        | "rockylinux"
        | "almalinux"
        | "amazonlinux"
        | "oraclelinux"
        | "archlinux"
        | "buildpack-deps"
        | "opensuse/leap"
        | "opensuse/tumbleweed" => Some(&[]),
        "fedora" => Some(&["DISTTAG", "FGC", "FBR", "container"]),
        _ => None,
    }
}

struct Stage<'a> {
    /// Names an ARG or ENV has defined so far (in this stage or the ones it builds on).
    defined: HashSet<String>,
    /// The base image's variables, when shipshape knows them all.
    image_env: Option<&'static [&'static str]>,
    /// `(instruction, name)` of every ARG and ENV of the stage, to spot uses above them.
    declarations: Vec<(usize, &'a str)>,
    /// Variables the `FROM` lines of the stage and its ancestors use.
    in_from: HashSet<String>,
}

fn check(ctx: &mut Checker) {
    let escape = ctx.file.escape;
    let globals: HashSet<&str> = ctx.model.global_args.iter().map(|a| a.name.as_str()).collect();
    let mut stage_end: Vec<HashSet<String>> = Vec::with_capacity(ctx.model.stages.len());
    for stage in &ctx.model.stages {
        let inherited = match stage.base {
            Base::Stage(parent) => stage_end.get(parent).cloned().unwrap_or_default(),
            _ => HashSet::new(),
        };
        let root = ctx.model.lineage(stage.index).last().map(|s| &s.base);
        let env = match root {
            Some(Base::Scratch) => Some(&[][..]),
            Some(Base::Image(image)) => image_env(image),
            _ => None,
        };
        if stage.from.is_none() || stage.os == Os::Windows {
            stage_end.push(inherited);
            continue;
        }
        let declarations = stage
            .instructions
            .clone()
            .filter_map(|i| match (&ctx.file.instructions[i].kind, &ctx.file.instructions[i].args) {
                (Kind::Arg | Kind::Env, Args::Pairs(pairs)) => {
                    Some(pairs.iter().map(move |p| (i, p.key.value.as_str())))
                }
                _ => None,
            })
            .flatten()
            .collect();
        let in_from = ctx
            .model
            .lineage(stage.index)
            .filter_map(|s| s.from)
            .filter_map(|from| match &ctx.file.instructions[from].args {
                Args::From(args) => args.image.as_ref(),
                _ => None,
            })
            .flat_map(|image| vars::references(&image.value, escape))
            .map(|r| r.name)
            .collect();
        let mut scope = Stage { defined: inherited, image_env: env, declarations, in_from };
        for index in stage.instructions.clone() {
            let instruction = &ctx.file.instructions[index];
            match (&instruction.kind, &instruction.args) {
                (Kind::Arg, Args::Pairs(pairs)) => {
                    // ARG reads its defaults one by one, each seeing the ones before.
                    for pair in pairs {
                        if let Some(value) = &pair.value {
                            report(ctx, &scope, &globals, index, value.range, None);
                        }
                        scope.defined.insert(pair.key.value.clone());
                    }
                }
                (Kind::Env, Args::Pairs(pairs)) => {
                    // ENV expands all its values before setting any of them.
                    for pair in pairs {
                        if let Some(value) = &pair.value {
                            report(ctx, &scope, &globals, index, value.range, Some(&pair.key.value));
                        }
                    }
                    scope.defined.extend(pairs.iter().map(|p| p.key.value.clone()));
                }
                _ => {
                    for range in expanded_words(instruction) {
                        report(ctx, &scope, &globals, index, range, None);
                    }
                }
            }
        }
        stage_end.push(scope.defined);
    }
}

/// The words of an instruction that Docker expands variables in (ARG and ENV aside).
fn expanded_words(instruction: &Instruction) -> Vec<TextRange> {
    let mut ranges = Vec::new();
    match (&instruction.kind, &instruction.args) {
        (Kind::Copy | Kind::Add, Args::Copy(copy)) => {
            ranges.extend(copy.paths.iter().filter(|w| !w.value.starts_with("<<")).map(|w| w.range));
            ranges.extend(
                instruction
                    .flags
                    .iter()
                    .filter(|f| matches!(f.name.as_str(), "chown" | "chmod"))
                    .filter_map(|f| f.value_range),
            );
        }
        (Kind::Label, Args::Pairs(pairs)) => {
            for pair in pairs {
                ranges.push(pair.key.range);
                ranges.extend(pair.value.as_ref().map(|v| v.range));
            }
        }
        (Kind::Workdir | Kind::User | Kind::Stopsignal, Args::Text(word)) => ranges.push(word.range),
        (Kind::Volume, Args::Words(words)) => ranges.extend(words.iter().map(|w| w.range)),
        _ => {}
    }
    ranges
}

/// Reports the undefined variables of the word at `range`; `own_key` is the variable an ENV
/// pair sets, whose earlier value the word may use on purpose (`PATH=/x:$PATH`).
fn report(
    ctx: &mut Checker,
    scope: &Stage,
    globals: &HashSet<&str>,
    index: usize,
    range: TextRange,
    own_key: Option<&str>,
) {
    let raw = ctx.text(range);
    if !raw.contains('$') {
        return;
    }
    let references = vars::references(raw, ctx.file.escape);
    // A fallback (`${NAME:-x}`, `${NAME:+x}`) shows the author expects it may be unset, and
    // what the fallback holds only counts when it is used.
    let guarded: Vec<std::ops::Range<usize>> =
        references.iter().filter(|r| !r.modifier.is_empty()).map(|r| r.range.clone()).collect();
    for reference in &references {
        let nested = guarded.iter().any(|g| g.start < reference.range.start && reference.range.end <= g.end);
        if nested || matches!(reference.modifier.as_str(), "-" | ":-" | "+" | ":+" | "?" | ":?") {
            continue;
        }
        let same_env = ctx.file.instructions[index].kind == Kind::Env && own_key != Some(reference.name.as_str());
        let Some(message) = judge(&reference.name, scope, globals, index, same_env) else { continue };
        let at = TextRange::new(
            range.start + crate::text::to_u32(reference.range.start),
            range.start + crate::text::to_u32(reference.range.end),
        );
        ctx.report(at, message);
    }
}

/// Why `name` is undefined at instruction `index`, or `None` when it is (or may be) defined.
fn judge(name: &str, scope: &Stage, globals: &HashSet<&str>, index: usize, same_env: bool) -> Option<String> {
    if scope.defined.contains(name) || PREDEFINED.contains(&name) || name.starts_with("BUILDKIT_") {
        return None;
    }
    let known_env = scope.image_env;
    if known_env.is_some_and(|env| env.contains(&name)) {
        return None;
    }
    if AUTOMATIC_PLATFORM_ARGS.contains(&name) {
        return Some(format!(
            "{} is set by BuildKit, but a stage only sees it after {}: here it expands to an empty string",
            code(&format!("${name}")),
            code(&format!("ARG {name}"))
        ));
    }
    // An image chosen with a global ARG (`FROM ruby:$RUBY_VERSION`) often sets a variable of
    // the same name; only a known environment rules that out.
    if globals.contains(name) && (known_env.is_some() || !scope.in_from.contains(name)) {
        return Some(format!(
            "{} is a global ARG (declared before the first FROM), which a stage only sees after repeating {}: here it expands to an empty string",
            code(&format!("${name}")),
            code(&format!("ARG {name}"))
        ));
    }
    if same_env && scope.declarations.iter().any(|&(i, n)| i == index && n == name) {
        return Some(format!(
            "{} is set by this same ENV, which expands all its values before setting any: here it is not defined yet; use a second ENV",
            code(&format!("${name}"))
        ));
    }
    if scope.declarations.iter().any(|&(i, n)| i > index && n == name) {
        return Some(format!(
            "{} is used above the ARG or ENV that defines it, so here it expands to an empty string",
            code(&format!("${name}"))
        ));
    }
    if name == "HOME" {
        // Only the shell of RUN sets HOME; Docker does not when it reads the Dockerfile.
        return known_env.map(|_| {
            "`$HOME` is not set when Docker reads the Dockerfile (only RUN's shell sets it): here it expands to an empty string; write the path".to_string()
        });
    }
    let defined = scope.defined.iter().map(String::as_str);
    match known_env {
        Some(env) => {
            let hint = did_you_mean(name, defined.chain(env.iter().copied()).chain(["PATH"]));
            Some(format!(
                "{} is not defined by any ARG or ENV before this line, so it expands to an empty string{}",
                code(&format!("${name}")),
                hint.map(|h| format!(" (did you mean {}?)", code(&format!("${h}")))).unwrap_or_default()
            ))
        }
        // The image may set it; only a near-miss of one of the file's own names is reported.
        None => did_you_mean(name, defined).map(|hint| {
            format!(
                "{} is not defined by any ARG or ENV before this line (did you mean {}?)",
                code(&format!("${name}")),
                code(&format!("${hint}"))
            )
        }),
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
                // Adapted from BuildKit's tests for UndefinedVar.
                "FROM scratch\nARG foo\nCOPY Dockerfile${foo} .\n",
                "FROM alpine AS base\nARG foo=Dockerfile\n\nFROM base\nCOPY $foo .\n",
                "FROM alpine\nRUN echo $PATH\n",
                "FROM alpine\nENV PATH=/opt/bin:$PATH\n",
                // The shell expands RUN, CMD and ENTRYPOINT at run time.
                "FROM alpine\nRUN echo $UNDEFINED\nCMD echo $ALSO\n",
                "FROM alpine\nRUN <<EOF\necho $UNDEFINED\nEOF\n",
                "FROM alpine\nONBUILD COPY $LATER /x\n",
                // The base image may set it.
                "FROM golang:1.23\nWORKDIR $GOPATH/src/app\n",
                "FROM eclipse-temurin:21\nCOPY app.jar $JAVA_HOME/lib/\n",
                "FROM example.com/team/base:1\nWORKDIR $APP_HOME\n",
                "FROM $BASE\nWORKDIR $APP_HOME\n",
                "FROM fedora:40\nLABEL release=$FGC\n",
                // Declared in the stage, or in a stage it builds on.
                "ARG VERSION=1\nFROM alpine\nARG VERSION\nLABEL version=$VERSION\n",
                "FROM alpine AS base\nENV APP=/srv/app\nFROM base\nWORKDIR $APP\n",
                "FROM alpine\nARG TARGETARCH\nCOPY bin/$TARGETARCH/app /app\n",
                "FROM alpine\nARG A=1 B=$A\n",
                "FROM alpine\nENV HTTP_PROXY=$HTTP_PROXY\n",
                "FROM alpine\nCOPY '$literal' \\$escaped /x/\n",
                "FROM alpine\nWORKDIR ${APP_DIR:-/app}\n",
                "# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nWORKDIR $env:ProgramFiles\n",
                "FROM node:22\nWORKDIR $HOME/app\n",
                // Adapted from official images: appending to a variable the image may set.
                "FROM eclipse-temurin:21\nENV LD_LIBRARY_PATH ${LD_LIBRARY_PATH:+$LD_LIBRARY_PATH:}/usr/local/lib\n",
                "ARG RUBY_VERSION=3.4\nFROM ruby:$RUBY_VERSION-slim\nENV PATH=/bundle/ruby/$RUBY_VERSION/bin:$PATH\n",
            ])
            .fail(&[
                "FROM alpine AS base\nCOPY $foo .\n",
                "FROM alpine\nCOPY $foo .\nARG foo=bar\nRUN echo $foo\n",
                "FROM alpine\nARG DIR_BINARIES=binaries/\nARG DIR_ASSETS=assets/\nCOPY $DIR_ASSET .\n",
                "FROM alpine\nENV PATH=$PAHT:/tmp/bin\n",
                "ARG VERSION=1\nFROM alpine\nLABEL version=$VERSION\n",
                "FROM golang:1.23\nCOPY --from=build /out/app-$TARGETOS-$TARGETARCH /app\n",
                "FROM python:3.13\nENV APP_HOME=/srv\nWORKDIR $APP_HOEM\n",
                "FROM debian:12\nWORKDIR $HOME/app\n",
                "FROM scratch\nENV A=1 B=$A\n",
                "ARG ALPINE_VERSION=3.20\nFROM alpine:$ALPINE_VERSION\nLABEL alpine=$ALPINE_VERSION\n",
                "FROM debian:12\nENV LD_LIBRARY_PATH=${LD_LIBRARY_PATH:+$LD_LIBRARY_PATH:}$LIBDIR\n",
                "FROM node:22\nCOPY --chown=$APP_USER:$APP_USER . /app\nARG APP_USER=node\n",
                "FROM ubuntu:24.04\nUSER $APP_USER\nVOLUME [\"$DATA_DIR\"]\n",
            ])
            .run();
    }
}
