use super::nonroot;
use crate::rules::prelude::*;
use crate::semantic::Model;
use crate::syntax::Dockerfile;

declare_rule! {
    /// ## What it does
    /// Checks for `sudo` in RUN.
    ///
    /// ## Why is this bad?
    /// A build step runs as the user the last `USER` set, root by default: as root `sudo` is
    /// useless, and as another user it only works if the image ships sudo with a password-less
    /// rule, which then stays in the image for anyone who gets a shell in the container. sudo
    /// also asks for a terminal and resets the environment in ways that surprise. To run
    /// something as root, switch with `USER root`, run it, and switch back.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM ubuntu:24.04
    /// RUN sudo apt-get update
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM ubuntu:24.04
    /// RUN apt-get update
    /// ```
    ///
    /// ## Fix safety
    /// The fix drops `sudo` (and its `-E`/`-n` options) when the step already runs as root:
    /// no `USER` switched away from root, and the base image is not one known to run
    /// unprivileged. It is unsafe because sudo resets `PATH` and other variables, and a command
    /// that relied on that may behave differently. `sudo -u <user>` and other options that
    /// change the user or the environment are not fixed.
    code: "DL3004",
    name: "sudo-in-run",
    category: Security,
    fix: Sometimes,
    hadolint: Some("DL3004"),
    buildkit: None,
    summary: "RUN uses `sudo`",
    check: check,
}

/// Who the steps of the file run as, found in one pass: for each instruction the last USER
/// before it in its stage, and for each stage its last USER.
struct Users<'a> {
    before: Vec<Option<&'a str>>,
    last_of_stage: Vec<Option<&'a str>>,
}

fn users<'a>(file: &'a Dockerfile, model: &Model) -> Users<'a> {
    let mut before = Vec::with_capacity(file.instructions.len());
    let mut last_of_stage = vec![None; model.stages.len()];
    let mut stage = None;
    let mut current = None;
    for (i, instruction) in file.instructions.iter().enumerate() {
        if model.stage_of[i] != stage {
            stage = model.stage_of[i];
            current = None;
        }
        before.push(current);
        if let Some(user) = nonroot::user_of(instruction) {
            current = Some(user);
            if let Some(s) = stage {
                last_of_stage[s] = Some(user);
            }
        }
    }
    Users { before, last_of_stage }
}

/// True when instruction `index` runs as root: no USER before it in its stage (or the stages
/// it builds on) switched away, and the base image does not start unprivileged.
fn runs_as_root(ctx: &Checker, users: &Users, index: usize) -> bool {
    let Some(stage) = ctx.model.stage_of.get(index).copied().flatten() else {
        return false;
    };
    if let Some(user) = users.before[index] {
        return nonroot::is_root(user);
    }
    if let Some(user) = ctx.model.lineage(stage).skip(1).find_map(|s| users.last_of_stage[s.index]) {
        return nonroot::is_root(user);
    }
    let root_stage = ctx.model.lineage(stage).last();
    match root_stage.map(|s| &s.base) {
        Some(Base::Image(image)) => !nonroot::runs_unprivileged(image),
        Some(Base::Scratch) => true,
        _ => false,
    }
}

fn check(ctx: &mut Checker) {
    let file = ctx.file;
    let users = users(file, ctx.model);
    for (index, _, script) in ctx.scripts() {
        let onbuild = file.instructions[index].kind == Kind::Onbuild;
        let as_root = !onbuild && runs_as_root(ctx, &users, index);
        for command in script.find("sudo") {
            let fix = if as_root { drop_sudo(ctx, command) } else { None };
            ctx.report_fix(
                command.range,
                "`sudo` in RUN is useless as root and, for another user, leaves a privilege escalation in the image: switch with `USER root` instead",
                fix,
            );
        }
    }
}

/// Deletes `sudo` and harmless options up to the command it runs.
fn drop_sudo(ctx: &Checker, command: &SimpleCommand) -> Option<Fix> {
    let mut words = command.words.iter().skip(1);
    let next = loop {
        let word = words.next()?;
        match word.value.as_str() {
            "-E" | "-n" | "-En" | "-nE" | "--preserve-env" | "--non-interactive" => continue,
            "--" => continue,
            value if value.starts_with('-') || value.contains('=') || word.dynamic => return None,
            _ => break word,
        }
    };
    let sudo = &command.words[0];
    if !command.assignments.is_empty() || sudo.range.start > next.range.start {
        return None;
    }
    let range = TextRange::new(sudo.range.start, next.range.start);
    // A comment line inside the continuation would go with it.
    if ctx.text(range).contains('#') {
        return None;
    }
    Some(Fix::unsafe_edit("Remove `sudo`", vec![Edit::delete(range)]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(&RULE)
            .pass(&[
                "FROM ubuntu:24.04\nRUN apt-get install -y sudo\n",
                "FROM ubuntu:24.04\nRUN echo sudo\n",
                "FROM ubuntu:24.04\nRUN [\"sudo\", \"ls\"]\n",
            ])
            .fail(&[
                "RUN sudo apt-get update\n",
                "FROM ubuntu:24.04\nRUN apt-get update && sudo apt-get install -y curl\n",
                "FROM ubuntu:24.04\nUSER app\nRUN sudo make install\n",
                "FROM ubuntu:24.04\nRUN sudo -u app make\n",
                "FROM ubuntu:24.04\nONBUILD RUN sudo make\n",
                "FROM gcr.io/distroless/base-debian12:nonroot\nRUN sudo ls\n",
            ])
            .fix(&[
                ("FROM ubuntu:24.04\nRUN sudo apt-get update\n", "FROM ubuntu:24.04\nRUN apt-get update\n"),
                (
                    "FROM ubuntu:24.04\nUSER app\nRUN ls\nUSER root\nRUN sudo -E make install && sudo ldconfig\n",
                    "FROM ubuntu:24.04\nUSER app\nRUN ls\nUSER root\nRUN make install && ldconfig\n",
                ),
                (
                    "FROM ubuntu:24.04 AS base\nFROM base\nRUN sudo ls\n",
                    "FROM ubuntu:24.04 AS base\nFROM base\nRUN ls\n",
                ),
                (
                    "FROM ubuntu:24.04\nRUN set -x \\\n    && sudo \\\n       make\n",
                    "FROM ubuntu:24.04\nRUN set -x \\\n    && make\n",
                ),
            ])
            .run();
    }
}
