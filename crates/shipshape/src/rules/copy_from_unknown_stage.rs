use crate::rules::prelude::*;
use crate::text::code;

declare_rule! {
    /// ## What it does
    /// Checks `COPY --from=<name>` for a name that is neither a stage defined earlier in the
    /// file nor an image reference.
    ///
    /// A name with a tag, digest, registry or path (`nginx:1.27`, `ghcr.io/org/tool`) is an
    /// image and is fine. A bare name such as `--from=build` that no earlier stage carries is
    /// reported: it is usually a typo, or a stage defined further down. A stage index
    /// (`--from=0`) must name an earlier stage. A name given through a global `ARG` is
    /// checked with the ARG's default, and left alone without one.
    ///
    /// ## Why is this bad?
    /// When `--from` names no stage, BuildKit treats it as an image and pulls it from Docker
    /// Hub: a misspelt stage name either fails the build with a confusing "pull access
    /// denied", or worse, copies files from a stranger's image of that name. A stage defined
    /// after the COPY cannot be used either: stages can only copy from earlier ones.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.26 AS builder
    /// RUN go build -o /out/app .
    /// FROM gcr.io/distroless/static-debian12
    /// COPY --from=build /out/app /app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM golang:1.26 AS builder
    /// RUN go build -o /out/app .
    /// FROM gcr.io/distroless/static-debian12
    /// COPY --from=builder /out/app /app
    /// ```
    code: "DL3022",
    name: "copy-from-unknown-stage",
    category: Suspicious,
    fix: Never,
    hadolint: Some("DL3022"),
    buildkit: None,
    summary: "`COPY --from` names no earlier stage",
    check: check,
}

fn check(ctx: &mut Checker) {
    let model = ctx.model;
    for (index, copy) in ctx.instructions() {
        // ONBUILD COPY --from refers to the stages of the build that uses this image.
        if copy.kind != Kind::Copy {
            continue;
        }
        let Some(flag) = copy.flag("from") else { continue };
        let Some(value) = flag.value.as_deref() else { continue };
        let Some(name) = model.substitute_global(value) else { continue };
        let Some(stage) = model.stage_of[index] else { continue };
        let lower = name.to_ascii_lowercase();
        // Its own stage is DL3023's business.
        if model.stage_named(&name, stage).is_some() || model.stages[stage].name.as_deref() == Some(lower.as_str()) {
            continue;
        }
        let range = flag.range;
        if let Ok(number) = name.parse::<usize>() {
            // A stage naming its own index is DL3023's business; a snippet without FROM has
            // no stage 0 to copy from.
            if number != stage || model.stages[stage].from.is_none() {
                ctx.report(range, format!("{} names no earlier stage: stages are numbered from 0 in file order, and a stage can only copy from the ones before it", code(&format!("--from={name}"))));
            }
            continue;
        }
        let later = model.stage_names.get(&lower).and_then(|stages| stages.iter().find(|&&s| s > stage));
        if let Some(later) = later.map(|&s| &model.stages[s]) {
            let line = later.from.map_or(0, |from| ctx.line_of(ctx.file.instructions[from].range.start));
            ctx.report(
                range,
                format!(
                    "Stage {} is defined later, on line {line}: a stage can only copy from the stages before it",
                    code(&name)
                ),
            );
            continue;
        }
        if name.contains([':', '/', '@', '.']) || name.eq_ignore_ascii_case("scratch") {
            continue;
        }
        ctx.report(
            range,
            format!("No earlier stage is called {}, so BuildKit would pull an image of that name from Docker Hub: fix the stage name, or write the image with its tag", code(&name)),
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
                "FROM golang:1.26 AS build\nRUN make\nFROM scratch\nCOPY --from=build /out /\n",
                "FROM golang:1.26 AS Build\nFROM scratch\nCOPY --from=BUILD /out /\n",
                "FROM golang:1.26\nFROM scratch\nCOPY --from=0 /out /\n",
                "FROM scratch\nCOPY --from=nginx:1.27 /etc/nginx /etc/nginx\n",
                "FROM scratch\nCOPY --from=ghcr.io/org/tool /bin/tool /bin/\n",
                "ARG TOOLS=golang:1.26\nFROM scratch\nCOPY --from=$TOOLS /usr/local/go /go\n",
                "ARG STAGE\nFROM scratch\nCOPY --from=$STAGE /out /\n",
                "FROM scratch AS self\nCOPY --from=self /a /b\n",
                "FROM scratch\nONBUILD COPY --from=build /out /\n",
            ])
            .fail(&[
                "COPY --from=foo bar .\n",
                "FROM scratch\nCOPY --from=build /out /\nFROM golang:1.26 AS build\n",
                "FROM scratch\nCOPY --from=1 /out /\n",
                "ARG STAGE=buidl\nFROM golang:1.26 AS build\nFROM scratch\nCOPY --from=${STAGE} /out /\n",
            ])
            .run();
    }
}
