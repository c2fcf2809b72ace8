use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks that the final image has a `HEALTHCHECK` instruction — its own, or one inherited
    /// from an earlier stage it builds on (`FROM <stage>`). `HEALTHCHECK NONE` counts: it
    /// states that the image deliberately has none.
    ///
    /// The rule is off by default, like hadolint's DL3057: many images (CLI tools, batch jobs,
    /// build stages) have nothing to probe. shipshape's own `missing-healthcheck` (SS006) is
    /// on by default instead: it only reports images that run a service (`EXPOSE`, or a server
    /// such as gunicorn or nginx) and can write the health check for you. Enable this rule
    /// when your policy is that every image declares one.
    ///
    /// ## Why is this bad?
    /// Without a health check, Docker and orchestrators only know whether the main process is
    /// running, not whether it works. A deadlocked service looks healthy, keeps receiving
    /// traffic, and is never restarted.
    ///
    /// The rule offers no fix: a useful probe depends on what the image runs and which tools
    /// it contains. `missing-healthcheck` fixes the cases it can judge.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.13-slim
    /// COPY worker.py /app/
    /// CMD ["python", "/app/worker.py"]
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.13-slim
    /// COPY worker.py /app/
    /// HEALTHCHECK --interval=30s CMD ["python", "/app/worker.py", "--ping"]
    /// CMD ["python", "/app/worker.py"]
    /// ```
    code: "DL3057",
    name: "image-without-healthcheck",
    category: Suspicious,
    fix: Never,
    hadolint: Some("DL3057"),
    buildkit: None,
    enabled: false,
    summary: "The final image has no HEALTHCHECK",
    check: check,
}

fn check(ctx: &mut Checker) {
    let Some(stage) = ctx.model.final_stage() else { return };
    let Some(from) = stage.from else { return };
    let instructions = &ctx.file.instructions;
    let has_healthcheck = ctx
        .model
        .lineage(stage.index)
        .flat_map(|s| s.instructions.clone())
        .any(|i| instructions[i].kind == Kind::Healthcheck);
    if !has_healthcheck {
        ctx.report(
            instructions[from].range,
            "The final image has no HEALTHCHECK, so Docker cannot tell a broken container from a healthy one",
        );
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
                "FROM alpine:3.20\nHEALTHCHECK CMD [\"/app\", \"health\"]\nCMD [\"/app\"]\n",
                "FROM alpine:3.20\nHEALTHCHECK NONE\n",
                "FROM alpine:3.20 AS base\nHEALTHCHECK CMD [\"/app\", \"health\"]\nFROM base AS app\nFROM app\nCMD [\"/app\"]\n",
                "FROM alpine:3.20 AS build\nRUN make\nFROM alpine:3.20\nHEALTHCHECK NONE\n",
                "HEALTHCHECK NONE\n",
            ])
            .fail(&[
                "FROM alpine:3.20\nCMD [\"/app\"]\n",
                "FROM alpine:3.20 AS base\nHEALTHCHECK CMD [\"/app\", \"health\"]\nFROM alpine:3.20\nCMD [\"/app\"]\n",
                "FROM alpine:3.20 AS a\nFROM a AS b\nHEALTHCHECK NONE\nFROM a AS c\n",
                "FROM alpine:3.20\nONBUILD HEALTHCHECK CMD [\"/app\", \"health\"]\n",
            ])
            .run();
    }
}
