use super::labels;
use crate::rules::prelude::*;
use crate::text::code;

declare_rule! {
    /// ## What it does
    /// Checks that labels the label schema (hadolint's `label-schema` setting) names are not
    /// empty.
    ///
    /// ## Why is this bad?
    /// An empty label satisfies a "this label must exist" check while carrying no information,
    /// which is worse than a missing one: dashboards show a blank, and nobody notices the
    /// metadata is gone. It is often a placeholder from a template that was never filled in,
    /// or a variable that is defined nowhere (`LABEL com.example.team=$TEAM` without an `ARG
    /// TEAM` or `ENV TEAM`), which Docker silently replaces with nothing. A value from a build
    /// argument is only known at build time and is not judged.
    ///
    /// ## Options
    /// ```yaml
    /// label-schema:
    ///   com.example.team: text
    /// ```
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL com.example.team=""
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL com.example.team="payments"
    /// ```
    code: "DL3051",
    name: "empty-label-value",
    category: Suspicious,
    fix: Never,
    hadolint: Some("DL3051"),
    buildkit: None,
    summary: "A label the label schema names is empty",
    check: check,
}

fn check(ctx: &mut Checker) {
    if ctx.settings.label_schema.is_empty() {
        return;
    }
    let mut found = Vec::new();
    for label in labels::labels(ctx) {
        let Some(key) = &label.key else { continue };
        if labels::schema_type(ctx, key).is_none() {
            continue;
        }
        let (value, undefined) = label.value_expansion(ctx);
        if label.pair.value.is_some() && !value.is_some_and(|v| v.trim().is_empty()) {
            continue;
        }
        let message = match undefined.first() {
            Some(name) => {
                format!(
                    "Label {} is empty: {} is not defined, so Docker replaces it with nothing",
                    code(key),
                    code(&format!("${name}"))
                )
            }
            None => {
                format!("Label {} is empty, so it carries none of the information the label schema asks for", code(key))
            }
        };
        found.push((label.pair.range, message));
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
        let settings =
            Settings { label_schema: vec![("com.example.team".to_string(), LabelType::Text)], ..Settings::default() };
        RuleTest::new(&RULE)
            .settings(settings)
            .pass(&[
                "FROM alpine:3.20\nLABEL com.example.team=payments\n",
                "FROM alpine:3.20\nLABEL other=\"\"\n",
                "FROM alpine:3.20\nARG TEAM\nLABEL com.example.team=$TEAM\n",
            ])
            .fail(&[
                "FROM alpine:3.20\nLABEL com.example.team=\"\"\n",
                "FROM alpine:3.20\nLABEL com.example.team=''\n",
                "FROM alpine:3.20\nLABEL com.example.team=\"  \"\n",
                "FROM alpine:3.20\nLABEL version=1 com.example.team=\n",
                "FROM alpine:3.20\nLABEL com.example.team=$TEAM\n",
            ])
            .run();
    }
}
