use super::relative_workdir::{Cwd, cwd_before, join};
use crate::rules::prelude::*;
use crate::text::code;

declare_rule! {
    /// ## What it does
    /// Checks for `cd` in RUN.
    ///
    /// ## Why is this bad?
    /// A `cd` lasts until the end of its RUN: the next instruction starts again in the
    /// directory WORKDIR set. A RUN that starts with `cd /app && …` hides where the stage
    /// works, and the next `COPY` or `RUN` easily ends up in the wrong place. `WORKDIR` sets
    /// the directory for every instruction that follows, creates it when needed, and reads as
    /// what it is.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.26
    /// COPY . /src
    /// RUN cd /src && go build -o /bin/app .
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM golang:1.26
    /// WORKDIR /src
    /// COPY . .
    /// RUN go build -o /bin/app .
    /// ```
    ///
    /// ## Fix safety
    /// When a RUN starts with `cd <dir> &&` and `<dir>` is already the working directory, the
    /// fix removes the `cd`, which changes nothing: it is safe. Otherwise the fix turns the
    /// leading `cd <dir> &&` into `WORKDIR <dir>` before the RUN (an absolute path, resolved
    /// against the earlier WORKDIR when `<dir>` is relative). The instructions after the RUN
    /// then run in `<dir>` too, and WORKDIR creates `<dir>` where `cd` would have failed, so
    /// that fix is unsafe. A `cd` further into the command, in a subshell or to a variable is
    /// not fixed.
    code: "DL3003",
    name: "cd-in-run",
    category: Suspicious,
    fix: Sometimes,
    hadolint: Some("DL3003"),
    buildkit: None,
    summary: "RUN changes directory with `cd` instead of WORKDIR",
    check: check,
}

fn check(ctx: &mut Checker) {
    // Per stage, the WORKDIR a fix below inserts after the stage's last WORKDIR. The fixes of
    // later RUNs of the stage (and of stages built on it) must not rely on the working
    // directory the file has now: see `fix`.
    let mut moved: Vec<Option<String>> = vec![None; ctx.model.stages.len()];
    let mut last_workdir_seen = 0;
    for (index, run, script) in ctx.scripts() {
        for i in last_workdir_seen..index {
            if ctx.file.instructions[i].kind == Kind::Workdir
                && let Some(s) = ctx.model.stage_of[i]
            {
                moved[s] = None;
            }
        }
        last_workdir_seen = index;
        let Some(cd) = script.commands.iter().filter(|c| c.is("cd")).min_by_key(|c| c.range.start) else {
            continue;
        };
        let stage = ctx.model.stage_of[index];
        let pending = stage.and_then(|s| ctx.model.lineage(s).find_map(|l| moved[l.index].clone()));
        let fix = fix(ctx, index, run, script, pending.as_deref());
        if let (Some(s), Some((_, Some(inserted)))) = (stage, &fix) {
            moved[s] = Some(inserted.clone());
        }
        let fix = fix.map(|(fix, _)| fix);
        ctx.report_fix(
            cd.range,
            "`cd` in RUN only lasts until the end of this RUN: set the directory with WORKDIR, which the instructions that follow see too",
            fix,
        );
    }
}

/// Turns a leading `cd <dir> &&` into `WORKDIR <dir>` (and returns `<dir>`), or drops it when
/// `<dir>` is already the working directory.
///
/// `pending` is a WORKDIR that the fix of an earlier RUN inserts, in the same pass of the fix
/// loop, after the last WORKDIR this RUN sees. Applied together, it changes this RUN's working
/// directory, so the fix of a relative `cd`, or of a `cd` to that same directory (which would
/// insert it twice), waits for the next pass; a `cd` to another absolute directory inserts its
/// own WORKDIR either way.
fn fix(
    ctx: &Checker,
    index: usize,
    run: &Instruction,
    script: &Script,
    pending: Option<&str>,
) -> Option<(Fix, Option<String>)> {
    if ctx.file.instructions[index].kind == Kind::Onbuild {
        return None;
    }
    let Some(Command::Shell(shell)) = run.command() else { return None };
    let first = script.commands.iter().filter(|c| shell.range.contains_range(c.range)).min_by_key(|c| c.range.start)?;
    // Nothing but the `cd` may come before: not `set -e &&`, not an opening `(` or `if`.
    let before = TextRange::new(shell.range.start, first.range.start);
    if !first.is("cd") || first.depth != 0 || !ctx.text(before).trim().is_empty() {
        return None;
    }
    let [_, dir] = first.words.as_slice() else { return None };
    let and = first.end.filter(|op| op.kind == OperatorKind::And)?;
    if !first.assignments.is_empty()
        || !first.redirects.is_empty()
        || dir.dynamic
        || dir.value.is_empty()
        || dir.value.starts_with(['-', '~'])
        || dir.value.contains(['$', '\\', '\n'])
    {
        return None;
    }
    // A directory mounted for this RUN only exists during it: WORKDIR would leave an empty
    // one behind.
    if mounts(run).any(|(_, target)| target.is_some_and(|t| dir.value.starts_with(t.trim_end_matches('/')))) {
        return None;
    }
    let cwd = match pending {
        Some(_) if !dir.value.starts_with('/') => return None,
        Some(_) => Cwd::Unknown,
        None => cwd_before(ctx, index),
    };
    let target = if dir.value.starts_with('/') {
        join("/", &dir.value)
    } else {
        match &cwd {
            Cwd::Known(base) => join(base, &dir.value),
            _ => return None,
        }
    };
    if pending == Some(target.as_str()) {
        return None;
    }
    let end = skip_blanks(ctx, and.range.end)?;
    let delete = Edit::delete(TextRange::new(first.range.start, end));
    if cwd == Cwd::Known(target.clone()) {
        let fix =
            Fix::safe(format!("Remove the `cd`: the working directory is already {}", code(&target)), vec![delete]);
        return Some((fix, None));
    }
    let fix = Fix::unsafe_edit(
        format!("Replace the `cd` with {}", code(&format!("WORKDIR {target}"))),
        vec![ctx.insert_before(run, &format!("WORKDIR {target}")), delete],
    );
    Some((fix, Some(target)))
}

/// The offset after the spaces, tabs and line continuations from `pos`; `None` when a comment
/// line of the continuation follows, which removing the `cd` would pull into the command.
fn skip_blanks(ctx: &Checker, mut pos: u32) -> Option<u32> {
    let source = ctx.source.as_bytes();
    let escape = ctx.file.escape as u8;
    loop {
        match source.get(pos as usize) {
            Some(b' ' | b'\t') => pos += 1,
            Some(&c) if c == escape => {
                let rest = &source[pos as usize + 1..];
                let newline = if rest.starts_with(b"\r\n") {
                    2
                } else if rest.starts_with(b"\n") {
                    1
                } else {
                    return Some(pos);
                };
                pos += 1 + newline;
                // Blank or comment lines inside a continuation.
                let line_end =
                    source[pos as usize..].iter().position(|&b| b == b'\n').map_or(source.len(), |n| n + pos as usize);
                let line = std::str::from_utf8(&source[pos as usize..line_end]).ok()?;
                if line.trim_start().starts_with('#') {
                    return None;
                }
            }
            _ => return Some(pos),
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
                "FROM alpine:3.20\nWORKDIR /opt\nRUN make\n",
                "FROM alpine:3.20\nRUN echo cd /tmp\n",
                "FROM alpine:3.20\nRUN [\"cd\", \"/tmp\"]\n",
            ])
            .fail(&[
                "FROM alpine:3.20\nRUN cd /opt\n",
                "FROM alpine:3.20\nRUN make && cd build && make install\n",
                "FROM alpine:3.20\nRUN (cd /src && make)\n",
                "FROM alpine:3.20\nRUN cd $HOME && ls\n",
                "FROM alpine:3.20\nRUN cd src && make\n",
                "FROM alpine:3.20\nONBUILD RUN cd /src && make\n",
                "FROM alpine:3.20\nRUN cd /src; make\n",
                "FROM alpine:3.20\nRUN cd /src && \\\n# build it\n    make\n",
                "FROM alpine:3.20\nRUN --mount=type=bind,target=/src cd /src/app && make\n",
            ])
            .fix(&[
                (
                    "FROM golang:1.26\nCOPY . /src\nRUN cd /src && go build -o /bin/app .\n",
                    "FROM golang:1.26\nCOPY . /src\nWORKDIR /src\nRUN go build -o /bin/app .\n",
                ),
                (
                    "FROM golang:1.26\nWORKDIR /src\nCOPY . .\nRUN cd /src && go build .\n",
                    "FROM golang:1.26\nWORKDIR /src\nCOPY . .\nRUN go build .\n",
                ),
                (
                    "FROM golang:1.26\nWORKDIR /src\nRUN cd cmd/app \\\n    && go build .\n",
                    "FROM golang:1.26\nWORKDIR /src\nWORKDIR /src/cmd/app\nRUN go build .\n",
                ),
                (
                    "FROM golang:1.26\nRUN --mount=type=cache,target=/root/.cache cd \"/my src\" && \\\n\tgo build .\n",
                    "FROM golang:1.26\nWORKDIR /my src\nRUN --mount=type=cache,target=/root/.cache go build .\n",
                ),
                (
                    "FROM golang:1.26\n    RUN cd /a && make && cd /b && make\n",
                    "FROM golang:1.26\n    WORKDIR /a\n    RUN make && cd /b && make\n",
                ),
                // One WORKDIR for two RUNs that go to the same place.
                (
                    "FROM golang:1.26\nRUN cd /src && make\nRUN cd /src && make install\n",
                    "FROM golang:1.26\nWORKDIR /src\nRUN make\nRUN make install\n",
                ),
                (
                    "FROM golang:1.26 AS base\nRUN cd /src && make\nFROM base\nRUN cd /src && make test\n",
                    "FROM golang:1.26 AS base\nWORKDIR /src\nRUN make\nFROM base\nRUN make test\n",
                ),
                (
                    "FROM golang:1.26\nRUN cd /a && make\nRUN cd /b && make\n",
                    "FROM golang:1.26\nWORKDIR /a\nRUN make\nWORKDIR /b\nRUN make\n",
                ),
                (
                    "FROM golang:1.26\nRUN cd /a && make\nRUN cd b && make\nRUN cd /a && make\n",
                    "FROM golang:1.26\nWORKDIR /a\nRUN make\nWORKDIR /a/b\nRUN make\nWORKDIR /a\nRUN make\n",
                ),
            ])
            .run();
    }
}
