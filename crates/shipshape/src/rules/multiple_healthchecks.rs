use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for a stage with more than one `HEALTHCHECK` and reports the ones before the
    /// last.
    ///
    /// ## Why is this bad?
    /// Only the last `HEALTHCHECK` of a stage takes effect; the earlier ones are silently
    /// ignored. Someone reading the file may believe an earlier check runs, or edit the wrong
    /// one. Keep one health check per stage.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM nginx:1.27
    /// HEALTHCHECK CMD curl -f http://localhost/ || exit 1
    /// HEALTHCHECK --interval=30s CMD curl -f http://localhost/health || exit 1
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM nginx:1.27
    /// HEALTHCHECK --interval=30s CMD curl -f http://localhost/health || exit 1
    /// ```
    code: "DL3012",
    name: "multiple-healthchecks",
    category: Correctness,
    fix: Sometimes,
    hadolint: Some("DL3012"),
    buildkit: Some("MultipleInstructionsDisallowed"),
    summary: "A stage has more than one HEALTHCHECK",
    check: check,
}

fn check(ctx: &mut Checker) {
    for stage in &ctx.model.stages {
        let checks: Vec<usize> =
            stage.instructions.clone().filter(|&i| ctx.file.instructions[i].kind == Kind::Healthcheck).collect();
        let Some((&last, earlier)) = checks.split_last() else { continue };
        let last_line = ctx.line_of(ctx.file.instructions[last].range.start);
        for &i in earlier {
            let instruction = &ctx.file.instructions[i];
            // Deleting an instruction with comment lines inside would lose them.
            let fix = instruction
                .comments
                .is_empty()
                .then(|| Fix::safe("Remove the ignored HEALTHCHECK", vec![ctx.delete_instruction(instruction)]));
            ctx.report_fix(
                instruction.range,
                format!("This HEALTHCHECK is ignored: only the last one of a stage counts, and another follows on line {last_line}"),
                fix,
            );
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
                "FROM scratch\n",
                "FROM scratch\nHEALTHCHECK CMD [\"/healthcheck\"]\n",
                "FROM scratch\nHEALTHCHECK CMD [\"/a\"]\nFROM scratch\nHEALTHCHECK CMD [\"/b\"]\n",
                "FROM scratch\nHEALTHCHECK CMD [\"/a\"]\nONBUILD HEALTHCHECK CMD [\"/b\"]\n",
            ])
            .fail(&[
                "FROM scratch\nHEALTHCHECK CMD [\"/a\"]\nHEALTHCHECK NONE\n",
                "FROM scratch\nHEALTHCHECK \\\n# first try\n  CMD [\"/a\"]\nHEALTHCHECK CMD [\"/b\"]\n",
            ])
            .fix(&[
                (
                    "FROM alpine:3.20\nHEALTHCHECK CMD [\"/a\"]\nRUN true\nHEALTHCHECK CMD [\"/b\"]\nHEALTHCHECK CMD [\"/c\"]\nFROM alpine:3.20\nHEALTHCHECK CMD [\"/d\"]\n",
                    "FROM alpine:3.20\nRUN true\nHEALTHCHECK CMD [\"/c\"]\nFROM alpine:3.20\nHEALTHCHECK CMD [\"/d\"]\n",
                ),
                (
                    "FROM alpine:3.20\n# the old check\nHEALTHCHECK --interval=5s \\\n  CMD [\"/a\"]\nHEALTHCHECK CMD [\"/b\"]",
                    "FROM alpine:3.20\n# the old check\nHEALTHCHECK CMD [\"/b\"]",
                ),
            ])
            .run();
    }
}
