use super::{label_formats, labels};
use crate::rules::prelude::*;
use crate::settings::LabelType;

declare_rule! {
    /// ## What it does
    /// Checks that labels the label schema types as `hash` hold a git commit hash: 7 to 40
    /// hexadecimal digits (a full or abbreviated SHA-1), or 64 (SHA-256).
    ///
    /// The rule runs only for labels named in the label schema (hadolint's `label-schema`
    /// setting). An empty value is left to `empty-label-value`, and a value that expands a
    /// build argument or an ENV (`org.opencontainers.image.revision=$VALUE`) can change at build time, so it is not
    /// judged.
    ///
    /// ## Why is this bad?
    /// The revision label ties an image to the exact source it was built from. A branch name or a
    /// tag moves over time, so it does not identify the commit; `git rev-parse HEAD` prints the
    /// hash to use.
    ///
    /// ## Options
    /// ```yaml
    /// label-schema:
    ///   org.opencontainers.image.revision: hash
    /// ```
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.revision="main"
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.revision="43c572f1272b6b3171dd1db9e41b7027128ce080"
    /// ```
    code: "DL3055",
    name: "label-not-git-hash",
    category: Suspicious,
    fix: Never,
    hadolint: Some("DL3055"),
    buildkit: None,
    summary: "A label the schema types as `hash` does not hold a git commit hash",
    check: check,
}

fn check(ctx: &mut Checker) {
    labels::check_typed(ctx, LabelType::Hash, "a git commit hash", label_formats::git_hash);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::Settings;
    use crate::test_util::RuleTest;

    #[test]
    fn cases() {
        let schema = vec![("org.opencontainers.image.revision".to_string(), LabelType::Hash)];
        RuleTest::new(&RULE)
            .settings(Settings { label_schema: schema, ..Settings::default() })
            .pass(&[
                "FROM alpine:3.20\nLABEL org.opencontainers.image.revision=\"2dbfae9\"\n",
                "FROM alpine:3.20\nLABEL org.opencontainers.image.revision=\"43c572f1272b6b3171dd1db9e41b7027128ce080\"\n",
                "FROM alpine:3.20\nLABEL other=\"main\"\n",
                "FROM alpine:3.20\nLABEL org.opencontainers.image.revision=\"\"\n",
                "FROM alpine:3.20\nARG VALUE\nLABEL org.opencontainers.image.revision=$VALUE\n",
            ])
            .fail(&[
                "FROM alpine:3.20\nLABEL org.opencontainers.image.revision=\"not-git-hash\"\n",
                "FROM alpine:3.20\nLABEL org.opencontainers.image.revision=\"main\"\n",
                "FROM alpine:3.20\nLABEL org.opencontainers.image.revision=\"v1.2.3\"\n",
                "FROM alpine:3.20\nLABEL org.opencontainers.image.revision=\"2dbf\"\n",
                "FROM alpine:3.20\nLABEL org.opencontainers.image.revision=\"43c572f1272b6b3171dd1db9e41b7027128ce080 \"\n",
                "FROM alpine:3.20\nONBUILD LABEL org.opencontainers.image.revision=\"main\"\n",
                "FROM alpine:3.20\nLABEL org.opencontainers.image.revision='$VALUE'\n",
            ])
            .run();
    }

    #[test]
    fn silent_without_a_schema() {
        RuleTest::new(&RULE)
            .pass(&["FROM alpine:3.20\nLABEL org.opencontainers.image.revision=\"main\"\n"])
            .without_snapshot()
            .run();
    }
}
