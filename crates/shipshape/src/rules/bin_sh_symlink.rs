use crate::rules::prelude::*;
use crate::semantic::ShellKind;
use crate::text::code;

declare_rule! {
    /// ## What it does
    /// Checks for RUN commands that replace `/bin/sh` with a link to another shell, as in
    /// `ln -sf /bin/bash /bin/sh`.
    ///
    /// ## Why is this bad?
    /// The link is usually meant to make RUN use bash. But it changes the shell of every
    /// program in the image, at build time and at run time: scripts written for the image's
    /// `/bin/sh` (dash on Debian, BusyBox on Alpine), package maintainer scripts and the
    /// application's own `system()` calls all get another shell. The `SHELL` instruction
    /// chooses the shell for RUN, CMD and ENTRYPOINT in shell form, and nothing else.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN ln -sf /bin/bash /bin/sh
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12-slim
    /// SHELL ["/bin/bash", "-c"]
    /// ```
    ///
    /// ## Fix safety
    /// The fix removes the `ln` command and adds `SHELL ["<the linked shell>", "-c"]` after the
    /// RUN (or replaces the RUN when `ln` was all it did). It is unsafe: programs that
    /// relied on the link at run time now get the original `/bin/sh`. It is offered only when
    /// `ln` is a top-level command chained with `&&` or `;`, links a known POSIX shell, and no
    /// comment sits in the text it removes.
    code: "DL4005",
    name: "bin-sh-symlink",
    category: Suspicious,
    fix: Sometimes,
    hadolint: Some("DL4005"),
    buildkit: None,
    summary: "`/bin/sh` is replaced with a link instead of using SHELL",
    check: check,
}

/// For `ln … <shell> /bin/sh`, the linked shell as written.
fn linked_shell(command: &SimpleCommand) -> Option<&ShellWord> {
    if !command.is("ln") || command.has_any_flag(&["-t", "--target-directory"]) {
        return None;
    }
    let positional: Vec<&ShellWord> = command.args().iter().filter(|w| !w.value.starts_with('-')).collect();
    let [.., source, target] = positional.as_slice() else { return None };
    matches!(target.value.as_str(), "/bin/sh" | "/usr/bin/sh").then_some(*source)
}

fn check(ctx: &mut Checker) {
    let mut found = Vec::new();
    for (index, run, script) in ctx.scripts() {
        for (k, command) in script.commands.iter().enumerate() {
            let Some(source) = linked_shell(command) else { continue };
            let fix = fix(ctx, index, run, script, k, source);
            found.push((
                command.range,
                format!(
                    "Linking {} to `/bin/sh` changes the shell of every program in the image: use `SHELL` to choose the shell RUN uses",
                    code(&source.value)
                ),
                fix,
            ));
        }
    }
    for (range, message, fix) in found {
        ctx.report_fix(range, message, fix);
    }
}

fn fix(ctx: &Checker, index: usize, run: &Instruction, script: &Script, k: usize, source: &ShellWord) -> Option<Fix> {
    let outer = &ctx.file.instructions[index];
    if outer.kind == Kind::Onbuild || source.dynamic || !run.heredocs.is_empty() {
        return None;
    }
    let exe = if source.value.starts_with('/') { source.value.clone() } else { format!("/bin/{}", source.value) };
    if !ShellKind::from_executable(&exe, &[]).is_posix() || exe.contains(['"', '\\']) {
        return None;
    }
    let shell = format!("SHELL [\"{exe}\", \"-c\"]");
    let commands = &script.commands;
    let command = &commands[k];
    if command.depth != 0 || !command.redirects.is_empty() || !command.assignments.is_empty() {
        return None;
    }
    let chained = |c: &SimpleCommand| c.end.is_some_and(|op| matches!(op.kind, OperatorKind::And | OperatorKind::Semi));
    // Only whitespace and line continuations may lie between the commands the edit joins, so
    // nothing else (`then`, `do`, a comment) is removed with them.
    let escape = ctx.file.escape;
    let glue = |from: u32, to: u32| {
        let text = ctx.text(TextRange::new(from, to.max(from)));
        text.replace(&format!("{escape}\r\n"), "").replace(&format!("{escape}\n"), "").trim().is_empty()
    };
    let after = |c: &SimpleCommand| c.end.map_or(c.range.end, |op| op.range.end);
    let Some(Command::Shell(text)) = run.command() else { return None };
    let removed = if commands.len() == 1 {
        if !glue(text.range.start, command.range.start) || !glue(after(command), text.range.end) {
            return None;
        }
        None
    } else if k + 1 < commands.len() && chained(command) && glue(after(command), commands[k + 1].range.start) {
        Some(TextRange::new(command.range.start, commands[k + 1].range.start))
    } else if k > 0
        && k + 1 == commands.len()
        && chained(&commands[k - 1])
        && glue(after(&commands[k - 1]), command.range.start)
        && glue(after(command), text.range.end)
    {
        Some(TextRange::new(commands[k - 1].range.end, after(command)))
    } else {
        return None;
    };
    let already = match &ctx.model.shell_of[index] {
        ShellKind::Posix { path, .. } => path == &exe,
        _ => false,
    };
    let next_is_shell = ctx.file.instructions.get(index + 1).is_some_and(|i| i.kind == Kind::Shell);
    let title = format!("Use {} instead of the link", code(&shell));
    match removed {
        None if outer.comments.is_empty() => Some(Fix::unsafe_edit(title, vec![Edit::replace(outer.range, shell)])),
        None => None,
        Some(range) => {
            if outer.comments.iter().any(|c| range.overlaps(*c)) {
                return None;
            }
            let mut edits = vec![Edit::delete(range)];
            if !already && !next_is_shell {
                edits.push(ctx.insert_after(outer, &shell));
            }
            Some(Fix::unsafe_edit(title, edits))
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
                "FROM debian:12\nRUN ln -sf /bin/true /sbin/initctl\n",
                "FROM debian:12\nRUN ln -s foo bar && something_with /bin/sh\n",
                "FROM debian:12\nRUN ln -s /bin/sh /usr/local/bin/mysh\n",
                "FROM debian:12\nSHELL [\"/bin/bash\", \"-c\"]\n",
            ])
            .fail(&[
                "FROM debian:12\nRUN ln -sfv /bin/bash /bin/sh\n",
                "FROM debian:12\nONBUILD RUN ln -sf bash /bin/sh\n",
                "FROM debian:12\nRUN if true; then ln -sf /bin/bash /bin/sh; fi\n",
                "FROM debian:12\nRUN ln -sf \"$SHELL_PATH\" /bin/sh\n",
            ])
            .fix(&[
                ("FROM debian:12\nRUN ln -sf /bin/bash /bin/sh\nRUN echo ok\n", "FROM debian:12\nSHELL [\"/bin/bash\", \"-c\"]\nRUN echo ok\n"),
                (
                    "FROM debian:12\nRUN apt-get update \\\n    && apt-get install -y --no-install-recommends zsh \\\n    && ln -sf /usr/bin/zsh /bin/sh\nRUN echo ok\n",
                    "FROM debian:12\nRUN apt-get update \\\n    && apt-get install -y --no-install-recommends zsh\nSHELL [\"/usr/bin/zsh\", \"-c\"]\nRUN echo ok\n",
                ),
                (
                    "FROM debian:12\nRUN ln -sf bash /bin/sh && \\\n    echo ok",
                    "FROM debian:12\nRUN echo ok\nSHELL [\"/bin/bash\", \"-c\"]",
                ),
                (
                    "FROM debian:12\nRUN set -eux; ln -sf /bin/bash /bin/sh; echo done\nSHELL [\"/bin/bash\", \"-c\"]\n",
                    "FROM debian:12\nRUN set -eux; echo done\nSHELL [\"/bin/bash\", \"-c\"]\n",
                ),
            ])
            .run();
    }
}
