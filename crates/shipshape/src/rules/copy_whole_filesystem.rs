use crate::rules::prelude::*;
use crate::text::code;

declare_rule! {
    /// ## What it does
    /// Checks for `COPY --from=<stage or image> / /`, which copies another image's whole
    /// filesystem over the current one.
    ///
    /// ## Why is this bad?
    /// The copy brings everything along: the other image's `/etc/passwd`, package database,
    /// shell and libraries overwrite this stage's own, so the result is neither image and tools
    /// such as package managers and scanners see an inconsistent system. It also duplicates
    /// every file in a new layer. Copy only the directories you need.
    ///
    /// A stage built `FROM scratch` holds only what the file put in it, so copying all of it is
    /// not reported.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.26 AS build
    /// RUN go build -o /out/app .
    /// FROM debian:12-slim
    /// COPY --from=build / /
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM golang:1.26 AS build
    /// RUN go build -o /out/app .
    /// FROM debian:12-slim
    /// COPY --from=build /out/app /usr/local/bin/app
    /// ```
    code: "DL3067",
    name: "copy-whole-filesystem",
    category: Suspicious,
    fix: Never,
    hadolint: Some("DL3067"),
    buildkit: None,
    summary: "`COPY --from` copies another image's whole filesystem",
    check: check,
}

fn check(ctx: &mut Checker) {
    for (index, copy) in ctx.of_kind(Kind::Copy) {
        let Some(from) = copy.flag("from").and_then(|f| f.value.as_deref()) else { continue };
        let Args::Copy(args) = &copy.args else { continue };
        if args.destination().is_none_or(|d| d.value != "/") || !args.sources().iter().any(|s| s.value == "/") {
            continue;
        }
        let current = ctx.model.stage_of[index].unwrap_or(ctx.model.stages.len());
        let from_scratch = ctx
            .model
            .stage_named(from, current)
            .is_some_and(|s| ctx.model.lineage(s).any(|stage| stage.base == Base::Scratch));
        if from_scratch {
            continue;
        }
        ctx.report(
            copy.range,
            format!(
                "{} copies the whole filesystem of {} over this one: copy only the directories you need",
                code(&format!("COPY --from={from} / /")),
                code(from)
            ),
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
                "COPY / /\n",
                "COPY --from=build /app /\n",
                "COPY --from=build / /app\n",
                "FROM scratch AS files\nCOPY etc /etc\nFROM alpine:3.22\nCOPY --from=files / /\n",
            ])
            .fail(&[
                "COPY --from=build / /\n",
                "COPY --from=build \"/\" \"/\"\n",
                "FROM tonistiigi/xx AS xx\nFROM alpine:3.22\nCOPY --link --from=xx / /\n",
                "FROM alpine:3.22\nONBUILD COPY --from=docker:cli / /\n",
            ])
            .run();
    }
}
