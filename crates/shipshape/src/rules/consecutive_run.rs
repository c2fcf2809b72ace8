use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for consecutive `RUN` instructions with the same flags that each run a single
    /// command. Comments between them do not count as a separation; heredoc RUNs, RUNs with
    /// different `--mount` flags and RUNs that already chain commands are left alone, since
    /// splitting them is usually deliberate.
    ///
    /// ## Why is this bad?
    /// Every RUN adds a layer. Files a later RUN deletes still take space in the earlier layer,
    /// and many tiny layers make the image slower to pull and the build log harder to read.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add --no-cache curl
    /// RUN apk add --no-cache git
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add --no-cache curl \
    ///     && apk add --no-cache git
    /// ```
    ///
    /// ## Fix safety
    /// Merging changes the layer cache: a change to the second command re-runs the first.
    /// It is not offered when the first command changes shell state (`cd`, `export`, `set`,
    /// `source`) that the second would then inherit.
    code: "DL3059",
    name: "consecutive-run",
    category: Performance,
    fix: Sometimes,
    hadolint: Some("DL3059"),
    buildkit: None,
    summary: "Consecutive RUN instructions could be one",
    check: check,
}

const STATEFUL: &[&str] =
    &["cd", "export", "set", "source", ".", "umask", "alias", "unset", "shopt", "pushd", "popd", "ulimit", "trap"];

fn check(ctx: &mut Checker) {
    let instructions = &ctx.file.instructions;
    let mut previous: Option<usize> = None;
    for (index, instruction) in instructions.iter().enumerate() {
        if instruction.kind != Kind::Run {
            previous = None;
            continue;
        }
        let single = |i: usize| instructions[i].heredocs.is_empty() && command_count(ctx, i) <= 1;
        if let Some(prev) = previous {
            let same_flags = flags_text(ctx, &instructions[prev]) == flags_text(ctx, instruction);
            if same_flags && single(prev) && single(index) {
                let fix = merge(ctx, prev, index);
                ctx.report_fix(
                    instruction.range,
                    "Consecutive RUN instructions add a layer each: merge them into one",
                    fix,
                );
            }
        }
        previous = Some(index);
    }
}

/// Commands a RUN runs, counted as hadolint does: test brackets are conditions, not commands;
/// an exec-form RUN or one for a non-POSIX shell is one command.
fn command_count(ctx: &Checker, index: usize) -> usize {
    match ctx.model.script(index) {
        Some(script) => script.commands.iter().filter(|c| !c.is_any(&["[", "[[", "test"])).count(),
        None => 1,
    }
}

fn flags_text(ctx: &Checker, instruction: &Instruction) -> Vec<String> {
    instruction.flags.iter().map(|f| ctx.text(f.range).to_string()).collect()
}

fn merge(ctx: &Checker, first: usize, second: usize) -> Option<Fix> {
    let instructions = &ctx.file.instructions;
    let (Some(Command::Shell(a)), Some(Command::Shell(b))) =
        (instructions[first].command(), instructions[second].command())
    else {
        return None;
    };
    let script = ctx.model.script(first)?;
    if script.commands.iter().any(|c| c.is_any(STATEFUL)) || !instructions[first].comments.is_empty() {
        return None;
    }
    // Keep comment lines between the two RUNs: they stay valid inside the continuation.
    let nl = ctx.newline();
    let escape = ctx.file.escape;
    let between = TextRange::new(a.range.end, b.range.start);
    let comments: String = ctx
        .file
        .comments
        .iter()
        .filter(|c| between.contains_range(c.range))
        .map(|c| format!("{}{}{nl}", ctx.indentation(c.range.start), ctx.text(c.range)))
        .collect();
    let content = format!(" {escape}{nl}{comments}    && ");
    Some(Fix::unsafe_edit("Merge into the previous RUN with `&&`", vec![Edit::replace(between, content)]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(&RULE)
            .pass(&[
                "RUN /foo.sh\n",
                "RUN /foo.sh\nWORKDIR /\nRUN /bar.sh\n",
                "RUN --mount=type=secret,id=foo /foo.sh\nRUN /bar.sh\n",
                "RUN foo && bar\nRUN foobar\n",
                "RUN foobar\nRUN foo; bar\n",
                "RUN [\"ls\"]\nWORKDIR /\nRUN [\"ls\"]\n",
                "RUN <<EOF\nfoo\nEOF\nRUN bar\n",
            ])
            .fail(&[
                "RUN /foo.sh\nRUN /bar.sh\n",
                "RUN /foo.sh\n# a comment\nRUN /bar.sh\n",
                "RUN --mount=type=secret,id=foo /foo.sh\nRUN --mount=type=secret,id=foo /bar.sh\n",
                "RUN foo && bar\nRUN foo\nRUN bar\n",
                "RUN cd /src\nRUN make\n",
                "RUN [\"ls\", \"-la\"]\nRUN [\"echo\", \"1\"]\n",
                "RUN a\nRUN if [ -n \"$X\" ]; then echo x >> /etc/y; fi\n",
            ])
            .fix(&[
                (
                    "FROM alpine:3.20\nRUN apk add --no-cache curl\nRUN apk add --no-cache git\n",
                    "FROM alpine:3.20\nRUN apk add --no-cache curl \\\n    && apk add --no-cache git\n",
                ),
                ("RUN a\n# why b\n\nRUN b\nRUN c\n", "RUN a \\\n# why b\n    && b \\\n    && c\n"),
            ])
            .run();
    }
}
