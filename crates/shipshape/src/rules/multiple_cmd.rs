use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for stages with more than one `CMD`.
    ///
    /// ## Why is this bad?
    /// A stage has one default command: each `CMD` replaces the previous one, so only the last
    /// takes effect. An earlier `CMD` is dead code that misleads the reader about what the
    /// container runs — often a leftover from an edit, or a `CMD` meant for another stage.
    ///
    /// Each later `CMD` is reported. `CMD`s in different stages, and `ONBUILD CMD` triggers,
    /// are independent.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.13-slim
    /// CMD ["python", "manage.py", "migrate"]
    /// COPY . /app
    /// CMD ["gunicorn", "app:app"]
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.13-slim
    /// COPY . /app
    /// CMD ["gunicorn", "app:app"]
    /// ```
    ///
    /// ## Fix safety
    /// The fix deletes the earlier `CMD`s of the same stage, which never take effect, so it is
    /// safe. It keeps comment lines around them, and offers no fix when a comment sits inside
    /// the instruction to delete.
    code: "DL4003",
    name: "multiple-cmd",
    category: Suspicious,
    fix: Sometimes,
    hadolint: Some("DL4003"),
    buildkit: Some("MultipleInstructionsDisallowed"),
    summary: "A stage has more than one CMD",
    check: check,
}

fn check(ctx: &mut Checker) {
    check_repeated(ctx, Kind::Cmd);
}

/// Reports every instruction of `kind` that follows another one in the same stage, with a
/// fix that deletes the one before it.
pub(super) fn check_repeated(ctx: &mut Checker, kind: Kind) {
    let keyword = kind.as_str();
    let mut found = Vec::new();
    for stage in &ctx.model.stages {
        let mut previous: Option<usize> = None;
        for i in stage.instructions.clone() {
            let instruction = &ctx.file.instructions[i];
            if instruction.kind != kind {
                continue;
            }
            if let Some(p) = previous {
                let earlier = &ctx.file.instructions[p];
                let line = ctx.line_of(earlier.range.start);
                let fix = earlier.comments.is_empty().then(|| {
                    Fix::safe(
                        format!("Delete the ignored {keyword} on line {line}"),
                        vec![ctx.delete_instruction(earlier)],
                    )
                });
                found.push((
                    instruction.range,
                    format!(
                        "Only the last {keyword} of a stage takes effect, so the {keyword} on line {line} is ignored"
                    ),
                    fix,
                ));
            }
            previous = Some(i);
        }
    }
    for (range, message, fix) in found {
        ctx.report_fix(range, message, fix);
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
                "FROM debian:12\nCMD [\"bash\"]\n",
                "FROM debian:12 AS a\nCMD [\"a\"]\nFROM debian:12 AS b\nCMD [\"b\"]\n",
                "FROM debian:12\nONBUILD CMD [\"a\"]\nCMD [\"b\"]\n",
                "FROM debian:12\nHEALTHCHECK CMD [\"true\"]\nCMD [\"b\"]\n",
                "CMD [\"true\"]\n",
            ])
            .fail(&[
                "FROM debian:12\nCMD [\"a\"]\nRUN make\nCMD [\"b\"]\n",
                "FROM debian:12 AS a\nCMD [\"a\"]\nCMD [\"b\"]\nCMD [\"c\"]\nFROM a\nCMD [\"d\"]\n",
                "FROM debian:12\nCMD echo \\\n# first try\n  a\nCMD [\"b\"]\n",
            ])
            .fix(&[
                (
                    "FROM debian:12\n# migrate first\nCMD [\"migrate\"]\nRUN make\nCMD [\"serve\"]\n",
                    "FROM debian:12\n# migrate first\nRUN make\nCMD [\"serve\"]\n",
                ),
                (
                    "FROM debian:12 AS a\nCMD [\"a\"]\nCMD [\"b\"]\nCMD [\"c\"]\nFROM a\nCMD [\"d\"]\n",
                    "FROM debian:12 AS a\nCMD [\"c\"]\nFROM a\nCMD [\"d\"]\n",
                ),
                ("FROM debian:12\nCMD bash -c \\\n    'echo a'\nCMD [\"b\"]", "FROM debian:12\nCMD [\"b\"]"),
            ])
            .run();
    }
}
