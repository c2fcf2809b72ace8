use crate::rules::prelude::*;
use crate::semantic::ShellKind;
use crate::syntax::Heredoc;
use crate::text::code;

declare_rule! {
    /// ## What it does
    /// Checks for RUN instructions with a pipe (`a | b`) whose shell does not have the
    /// `pipefail` option: neither the `SHELL` in effect (as in
    /// `SHELL ["/bin/bash", "-o", "pipefail", "-c"]`) nor a `set -o pipefail` earlier in the same
    /// RUN.
    ///
    /// The shell is recognised by its name wherever it is installed (`/usr/bin/bash`,
    /// `/usr/local/bin/zsh`). `-o pipefail` counts for bash, zsh, ksh, mksh and ash, and for
    /// `/bin/sh` where it is known to support it: Alpine and BusyBox (ash), Wolfi, and the RHEL
    /// and SUSE families (bash). Debian's and Ubuntu's `/bin/sh` is dash, which has no
    /// `pipefail` in the versions those images ship. PowerShell and cmd stages are not checked.
    ///
    /// ## Why is this bad?
    /// A pipeline's exit status is the status of its last command. In
    /// `RUN curl -fsSL https://example.com/install.sh | sh`, a failed download feeds `sh` an
    /// empty script, `sh` succeeds, and the build goes on without the software. With
    /// `pipefail`, the pipeline fails when any of its commands fails, and so does the build.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN curl -fsSL https://example.com/install.sh | sh
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12-slim
    /// SHELL ["/bin/bash", "-o", "pipefail", "-c"]
    /// RUN curl -fsSL https://example.com/install.sh | sh
    /// ```
    ///
    /// ## Fix safety
    /// Where the shell supports `pipefail`, the fix turns it on in the RUN itself: it adds
    /// `-o pipefail` to a `set` that starts the script (`set -eux` becomes
    /// `set -eux -o pipefail`), or starts the command with `set -o pipefail &&`, or adds a
    /// `set -o pipefail` line at the top of a heredoc script. On Debian and Ubuntu, whose
    /// `/bin/sh` (dash) cannot, it switches the stage to bash, which those images always have,
    /// with `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` before the first such RUN — unless a
    /// `SHELL` was chosen on purpose. Elsewhere (an image of unknown family, a shell that may
    /// lack `pipefail`) it offers no fix, because bash may not be there: Alpine, for one, has
    /// no bash by default, and gets the `set` fix for its `/bin/sh` instead.
    ///
    /// All these fixes are unsafe: a pipeline that succeeded may now fail the build, on
    /// purpose (the download did fail) or not (`yes | head -1`, or `grep -q` closing its input
    /// early). bash also differs from dash in other ways, which matters for scripts written
    /// for dash.
    code: "DL4006",
    name: "pipe-without-pipefail",
    category: Suspicious,
    fix: Sometimes,
    hadolint: Some("DL4006"),
    buildkit: None,
    summary: "RUN has a pipe but the shell does not set pipefail",
    check: check,
}

const BASH_PIPEFAIL: &str = "SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]";

/// The program that runs a part of a RUN.
struct Interpreter {
    /// The executable's basename: `bash`, `sh`.
    name: String,
    /// Started with `-o pipefail`.
    pipefail: bool,
    /// The RUN's `SHELL` runs it, so a new `SHELL` instruction would change it.
    from_shell_instruction: bool,
}

/// True when `-o pipefail` works in `name` on an image of `os`.
fn supports_pipefail(name: &str, os: Os) -> bool {
    match name {
        "bash" | "zsh" | "ksh" | "ksh93" | "mksh" | "ash" | "busybox" => true,
        // `/bin/sh` is BusyBox ash on Alpine, BusyBox and Wolfi, and bash on the RHEL and SUSE
        // families; on Debian and Ubuntu it is dash, which lacks `pipefail`.
        "sh" => matches!(os, Os::Alpine | Os::Busybox | Os::Wolfi | Os::Rhel | Os::Suse),
        _ => false,
    }
}

fn basename(exe: &str) -> String {
    exe.rsplit(['/', '\\']).next().unwrap_or(exe).to_ascii_lowercase()
}

/// `-o pipefail` (or `-eo pipefail`, `-euxo pipefail`) among `args`.
fn has_pipefail_option<'a>(args: impl IntoIterator<Item = &'a str>) -> bool {
    let args: Vec<&str> = args.into_iter().collect();
    args.windows(2)
        .any(|w| w[0].starts_with('-') && !w[0].starts_with("--") && w[0].ends_with('o') && w[1] == "pipefail")
}

/// `set -o pipefail` and its combined forms.
fn sets_pipefail(command: &SimpleCommand) -> bool {
    command.is("set") && has_pipefail_option(command.args().iter().map(|w| w.value.as_str()))
}

/// A `set` that only sets options, so `-o pipefail` can be appended to it.
fn is_options_only_set(command: &SimpleCommand) -> bool {
    if !command.is("set") || command.args().is_empty() || !command.redirects.is_empty() {
        return false;
    }
    let mut expects_name = false;
    for word in command.args() {
        let v = word.value.as_str();
        if expects_name {
            expects_name = false;
            if v.starts_with(['-', '+']) || word.dynamic {
                return false;
            }
            continue;
        }
        let flags = v.strip_prefix(['-', '+']).unwrap_or("");
        if flags.is_empty() || flags.starts_with('-') || word.dynamic || !flags.chars().all(|c| c.is_ascii_alphabetic())
        {
            return false;
        }
        expects_name = flags.ends_with('o');
    }
    !expects_name
}

/// Where a command of the RUN comes from: the instruction line, or heredoc `n`.
fn region_of(run: &Instruction, command: &SimpleCommand) -> Option<usize> {
    run.heredocs.iter().position(|h| h.body.contains_range(command.range))
}

/// The interpreter of a heredoc body: its shebang, the shell command fed with it
/// (`bash <<EOF`), or else the RUN's shell.
fn heredoc_interpreter(ctx: &Checker, line: &[&SimpleCommand], heredoc: &Heredoc, shell: &Interpreter) -> Interpreter {
    let body = heredoc.body.slice(ctx.source);
    if let Some(shebang) = body.strip_prefix("#!") {
        let mut parts = shebang.lines().next().unwrap_or("").split_whitespace();
        let mut exe = parts.next().unwrap_or("");
        if exe.ends_with("/env") {
            exe = parts.next().unwrap_or("");
        }
        let args: Vec<&str> = parts.collect();
        return Interpreter { name: basename(exe), pipefail: has_pipefail_option(args), from_shell_instruction: false };
    }
    let feeding = line.iter().find(|c| {
        c.redirects.iter().any(|r| r.op.starts_with("<<") && r.target.as_ref().is_some_and(|t| t.value == heredoc.name))
    });
    match feeding.and_then(|c| c.program().map(|p| (c, p))) {
        Some((command, program)) => Interpreter {
            name: program.to_ascii_lowercase(),
            pipefail: has_pipefail_option(command.args().iter().map(|w| w.value.as_str())),
            from_shell_instruction: false,
        },
        None => Interpreter { name: shell.name.clone(), pipefail: shell.pipefail, from_shell_instruction: true },
    }
}

/// Where the pipeline of `pipe` is, and the message for it.
fn describe(commands: &[&SimpleCommand], pipe: TextRange) -> (TextRange, String) {
    const WHY: &str = "a pipeline returns the status of its last command unless `pipefail` is set";
    let is_pipe =
        |c: &SimpleCommand| c.end.is_some_and(|op| matches!(op.kind, OperatorKind::Pipe | OperatorKind::PipeAll));
    if let Some(first) = commands.iter().position(|c| c.end.is_some_and(|op| op.range == pipe)) {
        let mut last = first;
        while last + 1 < commands.len() && is_pipe(commands[last]) {
            last += 1;
        }
        let range = commands[first].range.cover(commands[last].range);
        if let (Some(a), Some(b)) = (commands[first].program(), commands[last].program()) {
            let shown = if last - first == 1 { format!("{a} | {b}") } else { format!("{a} | … | {b}") };
            return (range, format!("{} succeeds even if {} fails: {WHY}", code(&shown), code(a)));
        }
        return (range, format!("This pipeline succeeds even if a command before the last fails: {WHY}"));
    }
    // The pipe follows a compound command: `{ …; } | tee`, `done | sort`.
    match commands.iter().find(|c| c.range.start >= pipe.end) {
        Some(next) => {
            let shown = next.program().map_or_else(String::new, |p| format!(" into {}", code(p)));
            (
                pipe.cover(next.range),
                format!("The pipeline{shown} succeeds even if the commands before `|` fail: {WHY}"),
            )
        }
        None => (pipe, format!("This pipeline succeeds even if the commands before `|` fail: {WHY}")),
    }
}

fn check(ctx: &mut Checker) {
    let mut found = Vec::new();
    // Per stage, the SHELL edit shared by the RUNs that need bash.
    let mut shell_edits: Vec<(usize, Edit)> = Vec::new();
    for (index, run, script) in ctx.scripts() {
        let ShellKind::Posix { path, pipefail } = &ctx.model.shell_of[index] else { continue };
        let outer = &ctx.file.instructions[index];
        let onbuild = outer.kind == Kind::Onbuild;
        let stage = ctx.model.stage_of[index];
        let os = stage.map_or(Os::Unknown, |s| ctx.model.stages[s].os);
        let shell = Interpreter { name: basename(path), pipefail: *pipefail, from_shell_instruction: true };
        let line: Vec<&SimpleCommand> = script.commands.iter().filter(|c| region_of(run, c).is_none()).collect();
        for region in std::iter::once(None).chain((0..run.heredocs.len()).map(Some)) {
            let in_region = |r: TextRange| run.heredocs.iter().position(|h| h.body.contains_range(r)) == region;
            let Some(&pipe) = script.pipes.iter().find(|&&p| in_region(p)) else { continue };
            let commands: Vec<&SimpleCommand> = script.commands.iter().filter(|c| in_region(c.range)).collect();
            let interpreter = match region {
                None => {
                    Interpreter { name: shell.name.clone(), pipefail: shell.pipefail, from_shell_instruction: true }
                }
                Some(h) => heredoc_interpreter(ctx, &line, &run.heredocs[h], &shell),
            };
            let supported = supports_pipefail(&interpreter.name, os);
            if (interpreter.pipefail && supported)
                || commands.iter().any(|c| c.range.start < pipe.start && sets_pipefail(c))
            {
                continue;
            }
            let (range, message) = describe(&commands, pipe);
            let fix = if supported {
                prefix_fix(ctx, run, region, &commands)
            } else if interpreter.from_shell_instruction && !onbuild && os.is_debian_like() {
                shell_fix(ctx, index, &mut shell_edits)
            } else {
                None
            };
            found.push((range, message, fix));
        }
    }
    for (range, message, fix) in found {
        ctx.report_fix(range, message, fix);
    }
}

/// Turns `pipefail` on inside the script: appended to a `set` that starts it, or as a new
/// first command.
fn prefix_fix(ctx: &Checker, run: &Instruction, region: Option<usize>, commands: &[&SimpleCommand]) -> Option<Fix> {
    // Where the script starts: the RUN's text, or the heredoc body after any shebang line.
    let (start, heredoc) = match region {
        None => {
            let Some(Command::Shell(shell)) = run.command() else { return None };
            (shell.range.start, None)
        }
        Some(h) => {
            let heredoc = &run.heredocs[h];
            let body = heredoc.body.slice(ctx.source);
            let skip = if body.starts_with("#!") { body.find('\n')? + 1 } else { 0 };
            (heredoc.body.start + crate::text::to_u32(skip), Some(heredoc))
        }
    };
    // Only a `set` that runs first in the script's own shell (not inside a group or a pipeline,
    // which run in a subshell) sets the option for what follows.
    let leading_set = commands.iter().find(|c| c.range.start >= start).filter(|c| {
        c.depth == 0
            && is_options_only_set(c)
            && ctx.text(TextRange::new(start, c.range.start)).trim().is_empty()
            && !c.end.is_some_and(|op| matches!(op.kind, OperatorKind::Pipe | OperatorKind::PipeAll))
    });
    if let Some(set) = leading_set {
        let end = set.words.last()?.range.end;
        return Some(Fix::unsafe_edit("Add `-o pipefail` to `set`", vec![Edit::insert(end, " -o pipefail")]));
    }
    match heredoc {
        None => {
            // A heredoc-only RUN has nothing on its line to prefix.
            if commands.iter().all(|c| c.words.is_empty()) {
                return None;
            }
            Some(Fix::unsafe_edit(
                "Start the RUN with `set -o pipefail &&`",
                vec![Edit::insert(start, "set -o pipefail && ")],
            ))
        }
        Some(heredoc) => {
            let tabs = if heredoc.chomp { "\t" } else { "" };
            Some(Fix::unsafe_edit(
                "Add `set -o pipefail` to the script",
                vec![Edit::insert(start, format!("{tabs}set -o pipefail{}", ctx.newline()))],
            ))
        }
    }
}

/// Switches the stage to bash with `pipefail`, once per stage: every RUN of the stage that
/// needs it shares the same edit, so it is applied once. Not when a SHELL is already chosen.
fn shell_fix(ctx: &Checker, index: usize, shell_edits: &mut Vec<(usize, Edit)>) -> Option<Fix> {
    let stage = ctx.model.stage_of[index]?;
    let chosen = ctx
        .model
        .lineage(stage)
        .flat_map(|s| s.instructions.clone())
        .any(|i| i < index && ctx.file.instructions[i].effective().kind == Kind::Shell);
    if chosen {
        return None;
    }
    // A stage built on one that gets the SHELL inherits it: share that edit rather than
    // inserting the same SHELL again.
    let lineage: Vec<usize> = ctx.model.lineage(stage).map(|s| s.index).collect();
    let edit = match shell_edits.iter().find(|(s, _)| lineage.contains(s)) {
        Some((_, edit)) => edit.clone(),
        None => {
            let edit = ctx.insert_before(&ctx.file.instructions[index], BASH_PIPEFAIL);
            shell_edits.push((stage, edit.clone()));
            edit
        }
    };
    Some(Fix::unsafe_edit(format!("Switch the stage to `{BASH_PIPEFAIL}`"), vec![edit]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::RuleTest;

    #[test]
    fn options_only_set() {
        let text = "set -eux; set -o errexit; set -- a; set -o; set +x -e";
        let script = crate::shell::parse(text, 0, text.len(), &|r| r);
        let verdicts: Vec<bool> = script.commands.iter().map(is_options_only_set).collect();
        assert_eq!(verdicts, [true, true, false, false, true]);
    }

    #[test]
    fn cases() {
        RuleTest::new(&RULE)
            .pass(&[
                "FROM debian:12\nRUN curl -fsSL https://example.com/x && sh x\n",
                "FROM debian:12\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN curl -fsSL https://example.com/x | sh\n",
                "FROM debian:12\nSHELL [\"/usr/bin/bash\", \"-euo\", \"pipefail\", \"-c\"]\nRUN curl -fsSL https://example.com/x | sh\n",
                "FROM debian:12\nSHELL [\"/usr/local/bin/zsh\", \"-o\", \"pipefail\", \"-c\"]\nRUN a | b\n",
                "FROM alpine:3.20\nSHELL [\"/bin/sh\", \"-o\", \"pipefail\", \"-c\"]\nRUN a | b\n",
                "FROM alpine:3.20\nRUN set -o pipefail && wget -qO- https://example.com/x | tar xz\n",
                "FROM debian:12\nRUN set -euxo pipefail; \\\n    curl -fsSL https://example.com/x | tar xz\n",
                "FROM debian:12\nRUN a || b\n",
                "FROM debian:12\nRUN case \"$x\" in a|b) echo ;; esac\n",
                "FROM mcr.microsoft.com/powershell:lts-ubuntu-22.04\nSHELL [\"pwsh\", \"-c\"]\nRUN Get-ChildItem | Select-Object Name\n",
                "FROM debian:12 AS base\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nFROM base\nRUN a | b\n",
                "FROM debian:12\nRUN <<EOF\nset -eo pipefail\ncurl -fsSL https://example.com/x | sh\nEOF\n",
                "FROM debian:12\nRUN bash -o pipefail <<EOF\ncurl -fsSL https://example.com/x | sh\nEOF\n",
                "FROM debian:12\nRUN <<EOF\n#!/bin/bash -o pipefail\ncurl -fsSL https://example.com/x | sh\nEOF\n",
                "FROM debian:12\nRUN [\"sh\", \"-c\", \"a | b\"]\n",
            ])
            .fail(&[
                "FROM debian:12\nRUN curl -fsSL https://example.com/install.sh | sh\n",
                "FROM scratch\nSHELL [\"/bin/sh\", \"-o\", \"pipefail\", \"-c\"]\nRUN a | b\n",
                "FROM debian:12\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nSHELL [\"/bin/sh\", \"-c\"]\nRUN a | b\n",
                "FROM debian:12\nRUN a | b; set -o pipefail\n",
                "FROM debian:12\nRUN echo $(curl -fsSL https://example.com/v | head -1)\n",
                "FROM alpine:3.20\nRUN <<EOF\nwget -qO- https://example.com/x | tar xz\nEOF\n",
                "FROM debian:12\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN <<EOF\n#!/bin/bash\ncurl -fsSL https://example.com/x | sh\nEOF\n",
                "FROM example.com/custom:1.0\nRUN a | b\n",
                "FROM ubuntu:24.04\nONBUILD RUN a | b\n",
                "FROM alpine:3.20\nRUN { \\\n\techo '[web]'; \\\n\techo 'port=80'; \\\n} | tee /etc/web.ini\n",
            ])
            .fix(&[
                (
                    "FROM debian:12-slim\nRUN apt-get update\nRUN curl -fsSL https://example.com/install.sh | sh\nRUN echo ok | tee /ok\n",
                    "FROM debian:12-slim\nRUN apt-get update\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN curl -fsSL https://example.com/install.sh | sh\nRUN echo ok | tee /ok\n",
                ),
                (
                    "FROM debian:12 AS base\nRUN a | b\nFROM base AS test\nRUN c | d\nFROM debian:12\nRUN e | f\n",
                    "FROM debian:12 AS base\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN a | b\nFROM base AS test\nRUN c | d\nFROM debian:12\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN e | f\n",
                ),
                (
                    "FROM alpine:3.20\nRUN wget -qO- https://example.com/x.tgz | tar xz\n",
                    "FROM alpine:3.20\nRUN set -o pipefail && wget -qO- https://example.com/x.tgz | tar xz\n",
                ),
                (
                    "FROM alpine:3.20\nRUN set -eux; \\\n    wget -qO- https://example.com/x.tgz | tar xz\n",
                    "FROM alpine:3.20\nRUN set -eux -o pipefail; \\\n    wget -qO- https://example.com/x.tgz | tar xz\n",
                ),
                (
                    "FROM debian:12\nSHELL [\"/bin/bash\", \"-c\"]\nRUN curl -fsSL https://example.com/x | sh\n",
                    "FROM debian:12\nSHELL [\"/bin/bash\", \"-c\"]\nRUN set -o pipefail && curl -fsSL https://example.com/x | sh\n",
                ),
                (
                    "FROM fedora:40\nRUN <<EOF\nset -e\ncurl -fsSL https://example.com/x | sh\nEOF\n",
                    "FROM fedora:40\nRUN <<EOF\nset -e -o pipefail\ncurl -fsSL https://example.com/x | sh\nEOF\n",
                ),
                (
                    "FROM debian:12\nRUN <<EOF\n#!/bin/bash\ncurl -fsSL https://example.com/x | sh\nEOF\n",
                    "FROM debian:12\nRUN <<EOF\n#!/bin/bash\nset -o pipefail\ncurl -fsSL https://example.com/x | sh\nEOF\n",
                ),
                (
                    "FROM ubuntu:24.04\nRUN <<EOF\ncurl -fsSL https://example.com/x | sh\nEOF\n",
                    "FROM ubuntu:24.04\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN <<EOF\ncurl -fsSL https://example.com/x | sh\nEOF\n",
                ),
                (
                    "FROM alpine:3.20\nRUN { set -e; echo a; } | tee /x\n",
                    "FROM alpine:3.20\nRUN set -o pipefail && { set -e; echo a; } | tee /x\n",
                ),
                (
                    "FROM debian:12\nSHELL [\"/bin/sh\", \"-c\"]\nRUN a | b\n",
                    "FROM debian:12\nSHELL [\"/bin/sh\", \"-c\"]\nRUN a | b\n",
                ),
            ])
            .run();
    }
}
