use super::labels;
use crate::rules::prelude::*;
use crate::text::code;

declare_rule! {
    /// ## What it does
    /// With strict labels on (hadolint's `strict-labels` setting), checks that every label is
    /// one the label schema names.
    ///
    /// ## Why is this bad?
    /// A strict schema is a team's agreement on which labels images carry. A label outside it
    /// is usually a typo of a schema label (`org.opencontainers.image.sources`) or metadata
    /// that nobody reads, and it silently drifts from what the dashboards and policies expect.
    /// Add the label to the schema if it is needed, or remove it.
    ///
    /// ## Options
    /// ```yaml
    /// label-schema:
    ///   org.opencontainers.image.source: url
    /// strict-labels: true
    /// ```
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.source="https://github.com/acme/web" build-host="ci-7"
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.source="https://github.com/acme/web"
    /// ```
    code: "DL3050",
    name: "label-not-in-schema",
    category: Style,
    fix: Never,
    hadolint: Some("DL3050"),
    buildkit: None,
    summary: "A label is not in the label schema, and strict labels are on",
    check: check,
}

fn check(ctx: &mut Checker) {
    if !ctx.settings.strict_labels {
        return;
    }
    let mut found = Vec::new();
    for label in labels::labels(ctx) {
        let Some(key) = &label.key else { continue };
        if !key.is_empty() && labels::schema_type(ctx, key).is_none() {
            found.push((
                label.key_range(),
                format!("Label {} is not in the label schema, and strict labels allow no others", code(key)),
            ));
        }
    }
    for (range, message) in found {
        ctx.report(range, message);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::{LabelType, Settings};
    use crate::test_util::RuleTest;

    #[test]
    fn cases() {
        let settings = Settings {
            label_schema: vec![("org.opencontainers.image.source".to_string(), LabelType::Url)],
            strict_labels: true,
            ..Settings::default()
        };
        RuleTest::new(&RULE)
            .settings(settings)
            .pass(&[
                "FROM alpine:3.20\n",
                "FROM alpine:3.20\nLABEL org.opencontainers.image.source=https://example.com/web\n",
                "FROM alpine:3.20\nARG KEY\nLABEL $KEY=x\n",
            ])
            .fail(&[
                "FROM alpine:3.20\nLABEL org.opencontainers.image.sources=https://example.com/web\n",
                "FROM alpine:3.20\nLABEL org.opencontainers.image.source=https://example.com/web \\\n      build-host=ci-7 \\\n      team=web\n",
            ])
            .run();
    }

    #[test]
    fn silent_unless_strict() {
        let settings = Settings {
            label_schema: vec![("org.opencontainers.image.source".to_string(), LabelType::Url)],
            ..Settings::default()
        };
        RuleTest::new(&RULE).settings(settings).pass(&["FROM alpine:3.20\nLABEL other=x\n"]).without_snapshot().run();
    }
}
