use super::{label_formats, labels};
use crate::rules::prelude::*;
use crate::settings::LabelType;

declare_rule! {
    /// ## What it does
    /// Checks that labels the label schema types as `rfc3339` hold a date and time in RFC 3339
    /// format: `2024-05-01T12:30:00Z` or `2024-05-01T14:30:00+02:00`.
    ///
    /// The rule runs only for labels named in the label schema (hadolint's `label-schema`
    /// setting). An empty value is left to `empty-label-value`, and a value that expands a
    /// build argument or an ENV (`org.opencontainers.image.created=$VALUE`) can change at build time, so it is not
    /// judged.
    ///
    /// ## Why is this bad?
    /// Build dates are compared and sorted by tools. RFC 3339 is the one format they all read: it
    /// has a time zone, so it means the same instant everywhere. `05/01/2024`, a Unix timestamp or a
    /// date without a time are ambiguous or unreadable for them. The OCI annotation
    /// `org.opencontainers.image.created` requires RFC 3339.
    ///
    /// ## Options
    /// ```yaml
    /// label-schema:
    ///   org.opencontainers.image.created: rfc3339
    /// ```
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.created="2024-05-01"
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.created="2024-05-01T12:30:00Z"
    /// ```
    code: "DL3053",
    name: "label-not-rfc3339",
    category: Suspicious,
    fix: Never,
    hadolint: Some("DL3053"),
    buildkit: None,
    summary: "A label the schema types as `rfc3339` does not hold an RFC 3339 time",
    check: check,
}

fn check(ctx: &mut Checker) {
    labels::check_typed(ctx, LabelType::Rfc3339, "an RFC 3339 time", label_formats::rfc3339);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::Settings;
    use crate::test_util::RuleTest;

    #[test]
    fn cases() {
        let schema = vec![("org.opencontainers.image.created".to_string(), LabelType::Rfc3339)];
        RuleTest::new(&RULE)
            .settings(Settings { label_schema: schema, ..Settings::default() })
            .pass(&[
                "FROM alpine:3.20\nLABEL org.opencontainers.image.created=\"2024-05-01T12:30:00Z\"\n",
                "FROM alpine:3.20\nLABEL org.opencontainers.image.created=\"2021-03-10T10:26:33.564595127+01:00\"\n",
                "FROM alpine:3.20\nLABEL other=\"2024-05-01\"\n",
                "FROM alpine:3.20\nLABEL org.opencontainers.image.created=\"\"\n",
                "FROM alpine:3.20\nARG VALUE\nLABEL org.opencontainers.image.created=$VALUE\n",
            ])
            .fail(&[
                "FROM alpine:3.20\nLABEL org.opencontainers.image.created=\"not-date\"\n",
                "FROM alpine:3.20\nLABEL org.opencontainers.image.created=\"2024-05-01\"\n",
                "FROM alpine:3.20\nLABEL org.opencontainers.image.created=\"05/01/2024 12:30\"\n",
                "FROM alpine:3.20\nLABEL org.opencontainers.image.created=\"2024-05-01T12:30:00\"\n",
                "FROM alpine:3.20\nLABEL org.opencontainers.image.created=\"1714566600\"\n",
                "FROM alpine:3.20\nLABEL org.opencontainers.image.created=\"2023-02-30T00:00:00Z\"\n",
                "FROM alpine:3.20\nONBUILD LABEL org.opencontainers.image.created=\"2024-05-01\"\n",
                "FROM alpine:3.20\nLABEL org.opencontainers.image.created='$VALUE'\n",
            ])
            .run();
    }

    #[test]
    fn silent_without_a_schema() {
        RuleTest::new(&RULE)
            .pass(&["FROM alpine:3.20\nLABEL org.opencontainers.image.created=\"2024-05-01\"\n"])
            .without_snapshot()
            .run();
    }
}
