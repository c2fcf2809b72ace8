use super::{label_formats, labels};
use crate::rules::prelude::*;
use crate::settings::LabelType;

declare_rule! {
    /// ## What it does
    /// Checks that labels the label schema types as `url` hold an absolute URL, with a scheme such as
    /// `https://` (RFC 3986).
    ///
    /// The rule runs only for labels named in the label schema (hadolint's `label-schema`
    /// setting). An empty value is left to `empty-label-value`, and a value that expands a
    /// build argument or an ENV (`org.opencontainers.image.source=$VALUE`) can change at build time, so it is not
    /// judged.
    ///
    /// ## Why is this bad?
    /// Tools turn these labels into links: a registry shows `org.opencontainers.image.source` as
    /// "view source", a scanner reports where to file issues. `github.com/acme/web` without its
    /// scheme is not a URL, and neither is an scp-style git address such as
    /// `git@github.com:acme/web.git`; they show up as broken links or are dropped.
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
    /// LABEL org.opencontainers.image.source="github.com/acme/web"
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.source="https://github.com/acme/web"
    /// ```
    code: "DL3052",
    name: "label-not-url",
    category: Suspicious,
    fix: Never,
    hadolint: Some("DL3052"),
    buildkit: None,
    summary: "A label the schema types as `url` does not hold a URL",
    check: check,
}

fn check(ctx: &mut Checker) {
    labels::check_typed(ctx, LabelType::Url, "a URL", label_formats::url);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::Settings;
    use crate::test_util::RuleTest;

    #[test]
    fn cases() {
        let schema = vec![("org.opencontainers.image.source".to_string(), LabelType::Url)];
        RuleTest::new(&RULE)
            .settings(Settings { label_schema: schema, ..Settings::default() })
            .pass(&[
                "FROM alpine:3.20\nLABEL org.opencontainers.image.source=\"https://github.com/acme/web\"\n",
                "FROM alpine:3.20\nLABEL org.opencontainers.image.source=\"http://example.com\"\n",
                "FROM alpine:3.20\nLABEL org.opencontainers.image.source=\"https://example.com/a%20b?x=1#top\"\n",
                "FROM alpine:3.20\nLABEL org.opencontainers.image.source=\"mailto:ops@example.com\"\n",
                "FROM alpine:3.20\nLABEL other=\"github.com/acme/web\"\n",
                "FROM alpine:3.20\nLABEL org.opencontainers.image.source=\"\"\n",
                "FROM alpine:3.20\nARG VALUE\nLABEL org.opencontainers.image.source=$VALUE\n",
            ])
            .fail(&[
                "FROM alpine:3.20\nLABEL org.opencontainers.image.source=\"not-url\"\n",
                "FROM alpine:3.20\nLABEL org.opencontainers.image.source=\"github.com/acme/web\"\n",
                "FROM alpine:3.20\nLABEL org.opencontainers.image.source=\"git@github.com:acme/web.git\"\n",
                "FROM alpine:3.20\nLABEL org.opencontainers.image.source=\"https://example.com/my project\"\n",
                "FROM alpine:3.20\nLABEL org.opencontainers.image.source=\"https://\"\n",
                "FROM alpine:3.20\nONBUILD LABEL org.opencontainers.image.source=\"github.com/acme/web\"\n",
                "FROM alpine:3.20\nLABEL org.opencontainers.image.source='$VALUE'\n",
            ])
            .run();
    }

    #[test]
    fn silent_without_a_schema() {
        RuleTest::new(&RULE)
            .pass(&["FROM alpine:3.20\nLABEL org.opencontainers.image.source=\"github.com/acme/web\"\n"])
            .without_snapshot()
            .run();
    }
}
