use super::{label_formats, labels};
use crate::rules::prelude::*;
use crate::settings::LabelType;

declare_rule! {
    /// ## What it does
    /// Checks that labels the label schema types as `email` hold an email address as RFC 5322
    /// defines it: `name@example.com`, optionally with a display name, `Jane Doe <jane@example.com>`.
    ///
    /// The rule runs only for labels named in the label schema (hadolint's `label-schema`
    /// setting). An empty value is left to `empty-label-value`, and a value that expands a
    /// build argument or an ENV (`org.opencontainers.image.authors=$VALUE`) can change at build time, so it is not
    /// judged.
    ///
    /// ## Why is this bad?
    /// The label tells people who to contact about the image. A name alone, or an address with a
    /// typo such as a missing `@` or a doubled `.`, leaves them nobody to write to.
    ///
    /// ## Options
    /// ```yaml
    /// label-schema:
    ///   org.opencontainers.image.authors: email
    /// ```
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.authors="Web team"
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.authors="Web team <web@example.com>"
    /// ```
    code: "DL3058",
    name: "label-not-email",
    category: Suspicious,
    fix: Never,
    hadolint: Some("DL3058"),
    buildkit: None,
    summary: "A label the schema types as `email` does not hold an email address",
    check: check,
}

fn check(ctx: &mut Checker) {
    labels::check_typed(ctx, LabelType::Email, "an email address", label_formats::email);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::Settings;
    use crate::test_util::RuleTest;

    #[test]
    fn cases() {
        let schema = vec![("org.opencontainers.image.authors".to_string(), LabelType::Email)];
        RuleTest::new(&RULE)
            .settings(Settings { label_schema: schema, ..Settings::default() })
            .pass(&[
                "FROM alpine:3.20\nLABEL org.opencontainers.image.authors=\"abcd@google.com\"\n",
                "FROM alpine:3.20\nLABEL org.opencontainers.image.authors=\"Jane Doe <jane@example.com>\"\n",
                "FROM alpine:3.20\nLABEL org.opencontainers.image.authors=\"first.last+docker@example.co.uk\"\n",
                "FROM alpine:3.20\nLABEL other=\"Web team\"\n",
                "FROM alpine:3.20\nLABEL org.opencontainers.image.authors=\"\"\n",
                "FROM alpine:3.20\nARG VALUE\nLABEL org.opencontainers.image.authors=$VALUE\n",
            ])
            .fail(&[
                "FROM alpine:3.20\nLABEL org.opencontainers.image.authors=\"not-email\"\n",
                "FROM alpine:3.20\nLABEL org.opencontainers.image.authors=\"Web team\"\n",
                "FROM alpine:3.20\nLABEL org.opencontainers.image.authors=\"jane@\"\n",
                "FROM alpine:3.20\nLABEL org.opencontainers.image.authors=\"jane..doe@example.com\"\n",
                "FROM alpine:3.20\nLABEL org.opencontainers.image.authors=\"Jane <jane@example.com\"\n",
                "FROM alpine:3.20\nONBUILD LABEL org.opencontainers.image.authors=\"Web team\"\n",
                "FROM alpine:3.20\nLABEL org.opencontainers.image.authors='$VALUE'\n",
            ])
            .run();
    }

    #[test]
    fn silent_without_a_schema() {
        RuleTest::new(&RULE)
            .pass(&["FROM alpine:3.20\nLABEL org.opencontainers.image.authors=\"Web team\"\n"])
            .without_snapshot()
            .run();
    }
}
