use super::labels;
use crate::rules::prelude::*;
use crate::text::code;

declare_rule! {
    /// ## What it does
    /// Checks that the final image sets every label the label schema (hadolint's
    /// `label-schema` setting) names. Labels set in an earlier stage that the final stage
    /// builds on (`FROM <stage>`) count, since they are inherited.
    ///
    /// ## Why is this bad?
    /// A team's label schema lists the metadata every image must carry — where its source
    /// lives, who owns it, which revision it was built from. Registries, scanners and
    /// dashboards rely on it; an image without it cannot be traced back to its owners or its
    /// code.
    ///
    /// Only the final stage is checked: labels on build stages never reach the image you
    /// ship. Labels the base image may set are not known here, so set the required ones in
    /// your own Dockerfile. The rule offers no fix, because only you know the values.
    ///
    /// ## Options
    /// ```yaml
    /// label-schema:
    ///   org.opencontainers.image.source: url
    /// ```
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// CMD ["/app"]
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.source="https://github.com/acme/web"
    /// CMD ["/app"]
    /// ```
    code: "DL3049",
    name: "missing-required-label",
    category: Style,
    fix: Never,
    hadolint: Some("DL3049"),
    buildkit: None,
    summary: "The final image lacks a label the label schema requires",
    check: check,
}

fn check(ctx: &mut Checker) {
    if ctx.settings.label_schema.is_empty() {
        return;
    }
    let Some(stage) = ctx.model.final_stage() else { return };
    let Some(from) = stage.from else { return };
    let lineage: Vec<usize> = ctx.model.lineage(stage.index).flat_map(|s| s.instructions.clone()).collect();
    let present: Vec<String> = labels::labels(ctx)
        .into_iter()
        .filter(|label| label.is_direct(ctx) && lineage.contains(&label.index))
        .filter_map(|label| label.key)
        .collect();
    let range = ctx.file.instructions[from].range;
    let missing: Vec<String> =
        ctx.settings.label_schema.iter().map(|(name, _)| name.clone()).filter(|name| !present.contains(name)).collect();
    for name in missing {
        ctx.report(range, format!("The final image has no label {}, which the label schema requires", code(&name)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::{LabelType, Settings};
    use crate::test_util::RuleTest;

    fn schema() -> Settings {
        Settings {
            label_schema: vec![
                ("org.opencontainers.image.source".to_string(), LabelType::Url),
                ("com.example.team".to_string(), LabelType::Text),
            ],
            ..Settings::default()
        }
    }

    #[test]
    fn cases() {
        RuleTest::new(&RULE)
            .settings(schema())
            .pass(&[
                "FROM alpine:3.20\nLABEL org.opencontainers.image.source=https://example.com/web com.example.team=web\n",
                "FROM alpine:3.20\nLABEL org.opencontainers.image.source=https://example.com/web\nLABEL com.example.team web\n",
                "FROM alpine:3.20 AS base\nLABEL org.opencontainers.image.source=https://example.com/web com.example.team=web\nFROM base\nCMD [\"/app\"]\n",
                "FROM golang:1.23 AS build\nRUN go build -o /app\nFROM alpine:3.20\nLABEL \"org.opencontainers.image.source\"=https://example.com/web \"com.example.team\"=web\nCOPY --from=build /app /app\n",
                "LABEL com.example.team=web\n",
            ])
            .fail(&[
                "FROM alpine:3.20\nCMD [\"/app\"]\n",
                "FROM alpine:3.20\nLABEL com.example.team=web\n",
                "FROM alpine:3.20 AS build\nLABEL org.opencontainers.image.source=https://example.com/web com.example.team=web\nFROM alpine:3.20\nCOPY --from=build /app /app\n",
                "FROM alpine:3.20\nONBUILD LABEL org.opencontainers.image.source=https://example.com/web com.example.team=web\n",
            ])
            .run();
    }

    #[test]
    fn silent_without_a_schema() {
        RuleTest::new(&RULE).pass(&["FROM alpine:3.20\n"]).without_snapshot().run();
    }
}
