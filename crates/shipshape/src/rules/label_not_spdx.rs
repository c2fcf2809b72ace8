use super::{label_formats, labels};
use crate::rules::prelude::*;
use crate::settings::LabelType;

declare_rule! {
    /// ## What it does
    /// Checks that labels the label schema types as `spdx` hold an SPDX license expression: identifiers
    /// from the [SPDX License List](https://spdx.org/licenses/) such as `MIT` or `Apache-2.0`, or
    /// `LicenseRef-…` for a license of your own, combined with `AND`, `OR`, `WITH` and parentheses
    /// (`MIT OR Apache-2.0`, `GPL-2.0-or-later WITH Classpath-exception-2.0`).
    ///
    /// The rule runs only for labels named in the label schema (hadolint's `label-schema`
    /// setting). An empty value is left to `empty-label-value`, and a value that expands a
    /// build argument or an ENV (`org.opencontainers.image.licenses=$VALUE`) can change at build time, so it is not
    /// judged.
    ///
    /// ## Why is this bad?
    /// License scanners and SBOM tools read `org.opencontainers.image.licenses` to decide whether an
    /// image may be used. They match SPDX identifiers exactly: `Apache 2.0`, `Apache2` or `BSD` are
    /// not identifiers and leave the image's license unknown.
    ///
    /// ## Options
    /// ```yaml
    /// label-schema:
    ///   org.opencontainers.image.licenses: spdx
    /// ```
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.licenses="Apache 2.0"
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.licenses="Apache-2.0"
    /// ```
    code: "DL3054",
    name: "label-not-spdx",
    category: Suspicious,
    fix: Never,
    hadolint: Some("DL3054"),
    buildkit: None,
    summary: "A label the schema types as `spdx` does not hold an SPDX license expression",
    check: check,
}

fn check(ctx: &mut Checker) {
    labels::check_typed(ctx, LabelType::Spdx, "an SPDX license expression", label_formats::spdx);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::Settings;
    use crate::test_util::RuleTest;

    #[test]
    fn cases() {
        let schema = vec![("org.opencontainers.image.licenses".to_string(), LabelType::Spdx)];
        RuleTest::new(&RULE)
            .settings(Settings { label_schema: schema, ..Settings::default() })
            .pass(&[
                "FROM alpine:3.20\nLABEL org.opencontainers.image.licenses=\"MIT\"\n",
                "FROM alpine:3.20\nLABEL org.opencontainers.image.licenses=\"Apache-2.0 OR MIT\"\n",
                "FROM alpine:3.20\nLABEL org.opencontainers.image.licenses=\"GPL-2.0-or-later WITH Classpath-exception-2.0\"\n",
                "FROM alpine:3.20\nLABEL org.opencontainers.image.licenses=\"LicenseRef-Proprietary\"\n",
                "FROM alpine:3.20\nLABEL org.opencontainers.image.licenses=\"(MIT AND BSD-3-Clause)\"\n",
                "FROM alpine:3.20\nLABEL other=\"Apache 2.0\"\n",
                "FROM alpine:3.20\nLABEL org.opencontainers.image.licenses=\"\"\n",
                "FROM alpine:3.20\nARG VALUE\nLABEL org.opencontainers.image.licenses=$VALUE\n",
            ])
            .fail(&[
                "FROM alpine:3.20\nLABEL org.opencontainers.image.licenses=\"not-spdx\"\n",
                "FROM alpine:3.20\nLABEL org.opencontainers.image.licenses=\"Apache 2.0\"\n",
                "FROM alpine:3.20\nLABEL org.opencontainers.image.licenses=\"MIT/Apache-2.0\"\n",
                "FROM alpine:3.20\nLABEL org.opencontainers.image.licenses=\"GPLv3\"\n",
                "FROM alpine:3.20\nLABEL org.opencontainers.image.licenses=\"MIT OR\"\n",
                "FROM alpine:3.20\nONBUILD LABEL org.opencontainers.image.licenses=\"Apache 2.0\"\n",
                "FROM alpine:3.20\nLABEL org.opencontainers.image.licenses='$VALUE'\n",
            ])
            .run();
    }

    #[test]
    fn silent_without_a_schema() {
        RuleTest::new(&RULE)
            .pass(&["FROM alpine:3.20\nLABEL org.opencontainers.image.licenses=\"Apache 2.0\"\n"])
            .without_snapshot()
            .run();
    }
}
