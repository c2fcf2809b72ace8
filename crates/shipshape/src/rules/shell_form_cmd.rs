use crate::rules::prelude::*;
use crate::semantic::ShellKind;
use crate::syntax::json::quote;
use crate::text::code;

declare_rule! {
    /// ## What it does
    /// Checks for `CMD` and `ENTRYPOINT` in shell form (`CMD python app.py` rather than
    /// `CMD ["python", "app.py"]`). `HEALTHCHECK CMD` is a different instruction and is not
    /// reported.
    ///
    /// ## Why is this bad?
    /// In shell form Docker runs the command as `/bin/sh -c "…"`. The shell becomes PID 1 and
    /// does not forward `SIGTERM`, so `docker stop` waits ten seconds and then kills the
    /// application without a clean shutdown. Images without a shell (distroless, scratch) cannot
    /// run shell form at all.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.13-slim
    /// CMD gunicorn --bind 0.0.0.0:8000 app:app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.13-slim
    /// CMD ["gunicorn", "--bind", "0.0.0.0:8000", "app:app"]
    /// ```
    ///
    /// ## Fix safety
    /// When the command is plain words (no variables, pipes, redirections, globs or `&&`) the
    /// fix writes them as a JSON array, which is safe. Otherwise it wraps the command in the
    /// stage's shell, `["/bin/sh", "-c", "…"]`: that keeps the behaviour but not the signal
    /// handling, and is unsafe. A shell-form `ENTRYPOINT` ignores `CMD`; in exec form it would
    /// receive it as arguments, so that conversion is unsafe too.
    code: "DL3025",
    name: "shell-form-cmd",
    category: Suspicious,
    fix: Sometimes,
    hadolint: Some("DL3025"),
    buildkit: Some("JSONArgsRecommended"),
    summary: "CMD or ENTRYPOINT uses shell form",
    check: check,
}

/// The words of a shell command when it is nothing but plain words.
fn plain_words(text: &str) -> Option<Vec<String>> {
    if text.contains(['$', '`', '|', '&', ';', '<', '>', '(', ')', '*', '?', '[', '~', '{', '}', '#', '\n', '\\']) {
        return None;
    }
    let script = crate::shell::parse(text, 0, text.len(), &|r| r);
    let [command] = script.commands.as_slice() else {
        return None;
    };
    if !command.assignments.is_empty() || !command.redirects.is_empty() || !script.errors.is_empty() {
        return None;
    }
    Some(command.words.iter().map(|w| w.value.clone()).collect())
}

fn check(ctx: &mut Checker) {
    for (index, instruction) in ctx.instructions() {
        let instruction = instruction.effective();
        if !matches!(instruction.kind, Kind::Cmd | Kind::Entrypoint) {
            continue;
        }
        let Some(Command::Shell(shell)) = instruction.command() else {
            continue;
        };
        let fix = fix(ctx, index, instruction, &shell.text, shell.range);
        let keyword = instruction.kind.as_str();
        ctx.report_fix(
            instruction.range,
            format!("{keyword} in shell form runs under `/bin/sh -c`, which does not pass on stop signals: use the JSON (exec) form"),
            fix,
        );
    }
}

fn fix(ctx: &Checker, index: usize, instruction: &Instruction, text: &str, range: TextRange) -> Option<Fix> {
    if !instruction.comments.is_empty() || !instruction.empty_continuation_lines.is_empty() {
        return None;
    }
    let json = |words: &[String]| format!("[{}]", words.iter().map(|w| quote(w)).collect::<Vec<_>>().join(", "));
    let stage_has_cmd = || {
        ctx.model.stage_of[index].is_some_and(|s| {
            ctx.model.stages[s].instructions.clone().any(|i| ctx.file.instructions[i].kind == Kind::Cmd)
        })
    };
    if let Some(words) = plain_words(text) {
        let edit = Edit::replace(range, json(&words));
        let fix = if instruction.kind == Kind::Entrypoint && stage_has_cmd() {
            Fix::unsafe_edit("Use the JSON (exec) form", vec![edit])
        } else {
            Fix::safe("Use the JSON (exec) form", vec![edit])
        };
        return Some(fix);
    }
    let mut shell: Vec<String> = match &ctx.model.shell_of[index] {
        ShellKind::Posix { path, .. } => vec![path.clone(), "-c".into()],
        ShellKind::Cmd => vec!["cmd".into(), "/S".into(), "/C".into()],
        ShellKind::PowerShell | ShellKind::Other(_) => return None,
    };
    shell.push(text.trim().to_string());
    Some(Fix::unsafe_edit(
        format!("Wrap the command in {} exec form", code(&format!("{} -c", shell[0]))),
        vec![Edit::replace(range, json(&shell))],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(&RULE)
            .pass(&[
                "FROM scratch\nENTRYPOINT [\"foo\", \"bar\"]\n",
                "FROM scratch\nCMD [ \"foo\", \"bar\" ]\n",
                "HEALTHCHECK CMD foobar\n",
                "CMD [ \"/bin/sh\", \"-c\", \\\n      \"echo foo && \\\n       echo bar\" \\\n    ]\n",
            ])
            .fail(&["FROM node:22\nENTRYPOINT something\n", "FROM node:22\nCMD something\n", "FROM node:22\nONBUILD CMD npm start\n"])
            .fix(&[
                ("FROM python:3.13\nCMD python app.py\n", "FROM python:3.13\nCMD [\"python\", \"app.py\"]\n"),
                ("FROM python:3.13\nCMD python \"my app.py\" --port 80\n", "FROM python:3.13\nCMD [\"python\", \"my app.py\", \"--port\", \"80\"]\n"),
                (
                    "FROM python:3.13\nCMD gunicorn --bind 0.0.0.0:$PORT app:app\n",
                    "FROM python:3.13\nCMD [\"/bin/sh\", \"-c\", \"gunicorn --bind 0.0.0.0:$PORT app:app\"]\n",
                ),
                (
                    "FROM alpine:3.20\nENTRYPOINT /entrypoint.sh\nCMD [\"serve\"]\n",
                    "FROM alpine:3.20\nENTRYPOINT [\"/entrypoint.sh\"]\nCMD [\"serve\"]\n",
                ),
                ("FROM alpine:3.20\nSHELL [\"/bin/bash\", \"-c\"]\nCMD echo a | tee b\n", "FROM alpine:3.20\nSHELL [\"/bin/bash\", \"-c\"]\nCMD [\"/bin/bash\", \"-c\", \"echo a | tee b\"]\n"),
            ])
            .run();
    }
}
