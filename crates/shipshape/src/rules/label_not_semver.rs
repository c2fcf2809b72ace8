use super::{label_formats, labels};
use crate::rules::prelude::*;
use crate::settings::LabelType;

declare_rule! {
    /// ## What it does
    /// Checks that labels the label schema types as `semver` hold a semantic version
    /// ([SemVer 2.0.0](https://semver.org)): `MAJOR.MINOR.PATCH`, optionally followed by a
    /// pre-release (`-rc.1`) and build metadata (`+build.5`).
    ///
    /// The rule runs only for labels named in the label schema (hadolint's `label-schema`
    /// setting). An empty value is left to `empty-label-value`, and a value that expands a
    /// build argument or an ENV (`org.opencontainers.image.version=$VALUE`) can change at build time, so it is not
    /// judged.
    ///
    /// ## Why is this bad?
    /// Tools compare versions to find the newest image or to decide whether an upgrade is
    /// breaking. That only works when every version has the same shape: `v1.2`, `1.2` or `latest`
    /// cannot be ordered against `1.10.0`.
    ///
    /// ## Options
    /// ```yaml
    /// label-schema:
    ///   org.opencontainers.image.version: semver
    /// ```
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.version="v1.4"
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.version="1.4.0"
    /// ```
    code: "DL3056",
    name: "label-not-semver",
    category: Suspicious,
    fix: Never,
    hadolint: Some("DL3056"),
    buildkit: None,
    summary: "A label the schema types as `semver` does not hold a semantic version",
    check: check,
}

fn check(ctx: &mut Checker) {
    labels::check_typed(ctx, LabelType::Semver, "a semantic version", label_formats::semver);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::Settings;
    use crate::test_util::RuleTest;

    #[test]
    fn cases() {
        let schema = vec![("org.opencontainers.image.version".to_string(), LabelType::Semver)];
        RuleTest::new(&RULE)
            .settings(Settings { label_schema: schema, ..Settings::default() })
            .pass(&[
                "FROM alpine:3.20\nLABEL org.opencontainers.image.version=\"1.0.0\"\n",
                "FROM alpine:3.20\nLABEL org.opencontainers.image.version=\"2.0.1-rc1\"\n",
                "FROM alpine:3.20\nLABEL org.opencontainers.image.version=\"1.0.0-alpha.1+build.5\"\n",
                "FROM alpine:3.20\nLABEL other=\"v1.4\"\n",
                "FROM alpine:3.20\nLABEL org.opencontainers.image.version=\"\"\n",
                "FROM alpine:3.20\nARG VALUE\nLABEL org.opencontainers.image.version=$VALUE\n",
            ])
            .fail(&[
                "FROM alpine:3.20\nLABEL org.opencontainers.image.version=\"not-sem-ver\"\n",
                "FROM alpine:3.20\nLABEL org.opencontainers.image.version=\"v1.4.0\"\n",
                "FROM alpine:3.20\nLABEL org.opencontainers.image.version=\"1.4\"\n",
                "FROM alpine:3.20\nLABEL org.opencontainers.image.version=\"latest\"\n",
                "FROM alpine:3.20\nLABEL org.opencontainers.image.version=\"01.2.3\"\n",
                "FROM alpine:3.20\nONBUILD LABEL org.opencontainers.image.version=\"v1.4\"\n",
                "FROM alpine:3.20\nLABEL org.opencontainers.image.version='$VALUE'\n",
            ])
            .run();
    }

    #[test]
    fn silent_without_a_schema() {
        RuleTest::new(&RULE)
            .pass(&["FROM alpine:3.20\nLABEL org.opencontainers.image.version=\"v1.4\"\n"])
            .without_snapshot()
            .run();
    }
}
