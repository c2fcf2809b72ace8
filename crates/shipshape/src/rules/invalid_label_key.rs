use super::labels;
use crate::rules::prelude::*;
use crate::text::code;

declare_rule! {
    /// ## What it does
    /// Checks that label keys follow Docker's naming convention: lower-case letters, digits,
    /// `.` and `-` (`_` and `/` are tolerated inside, as hadolint does), starting with a letter,
    /// ending with a letter or digit, with no `..` or `--`, and outside the namespaces Docker
    /// reserves for itself (`com.docker.*`, `io.docker.*`, `org.dockerproject.*`).
    ///
    /// A key built from a build argument (`LABEL ${VENDOR}.team=web`) is only known at build
    /// time and is not judged; a key that uses a variable defined nowhere is reported, because
    /// Docker silently replaces the variable with nothing.
    ///
    /// ## Why is this bad?
    /// Labels are read by tools — registries, scanners, orchestrators — that expect keys in
    /// reverse-DNS form such as `org.opencontainers.image.source`. A key like `BuildDate` or
    /// `com.docker.version` is easy to mistype, collides with other tools, or claims a
    /// namespace that belongs to Docker. Keys are case-sensitive, so `Version` and `version`
    /// are two different labels.
    ///
    /// Docker Desktop extensions must use `com.docker.desktop.extension.*` and
    /// `com.docker.extension.*` labels, so those are accepted.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL BuildDate="2024-05-01T12:30:00Z"
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.created="2024-05-01T12:30:00Z"
    /// ```
    code: "DL3048",
    name: "invalid-label-key",
    category: Pedantic,
    fix: Never,
    hadolint: Some("DL3048"),
    buildkit: None,
    summary: "A label key breaks Docker's naming convention",
    check: check,
}

/// Why `key` is not a valid label key, as the end of a sentence, or `None` if it is valid.
fn problem(key: &str) -> Option<String> {
    let reserved = ["com.docker.", "io.docker.", "org.dockerproject."];
    // Docker Desktop requires these on extension images.
    let required = ["com.docker.desktop.extension.", "com.docker.extension."];
    if let Some(ns) = reserved.iter().find(|ns| key.starts_with(*ns))
        && !required.iter().any(|r| key.starts_with(r))
    {
        return Some(format!("uses the {} namespace, which Docker reserves for itself", code(&format!("{ns}*"))));
    }
    const ALLOWED: &str = "label keys use lower-case letters, digits, `.` and `-` (and `_` or `/` within a part)";
    if key.chars().any(|c| c.is_ascii_uppercase()) {
        return Some(format!("has upper-case letters: {ALLOWED}"));
    }
    if let Some(bad) =
        key.chars().find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_' | '/')))
    {
        let bad = if bad.is_whitespace() { "a space".to_string() } else { code(&bad.to_string()).to_string() };
        return Some(format!("contains {bad}: {ALLOWED}"));
    }
    if !key.starts_with(|c: char| c.is_ascii_lowercase()) {
        return Some("must start with a lower-case letter".to_string());
    }
    if !key.ends_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit()) {
        return Some("must end with a lower-case letter or a digit".to_string());
    }
    if key.contains("..") || key.contains("--") {
        return Some("has `..` or `--`; separate the parts with a single `.` or `-`".to_string());
    }
    None
}

fn check(ctx: &mut Checker) {
    let mut found = Vec::new();
    for label in labels::labels(ctx) {
        if let Some(name) = label.undefined.first() {
            let written = label.written_key(ctx);
            found.push((
                label.key_range(),
                format!(
                    "Label key {} uses {}, which is not defined, so Docker replaces it with nothing: write the key literally",
                    code(&written),
                    code(&format!("${name}"))
                ),
            ));
            continue;
        }
        // A key built from a build argument is only known at build time.
        let Some(key) = &label.key else { continue };
        if key.is_empty() {
            continue;
        }
        if let Some(problem) = problem(key) {
            found.push((label.key_range(), format!("Label key {} {problem}", code(key))));
        }
    }
    for (range, message) in found {
        ctx.report(range, message);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::RuleTest;

    #[test]
    fn problems() {
        assert_eq!(problem("org.opencontainers.image.version"), None);
        assert_eq!(problem("maintainer"), None);
        assert_eq!(problem("com.example.build-2"), None);
        assert_eq!(problem("com.docker.desktop.extension.api.version"), None);
        assert!(problem("com.docker.compose.project").is_some());
        assert!(problem("io.docker.x").is_some());
        assert!(problem("org.dockerproject.x").is_some());
        assert!(problem("Version").is_some());
        assert_eq!(problem("build_version"), None);
        assert_eq!(problem("com.example/team"), None);
        assert!(problem("_private").is_some());
        assert!(problem("a:b").is_some());
        assert!(problem("2fa").is_some());
        assert!(problem("-x").is_some());
        assert!(problem("x.").is_some());
        assert!(problem("a..b").is_some());
        assert!(problem("a--b").is_some());
    }

    #[test]
    fn cases() {
        RuleTest::new(&RULE)
            .pass(&[
                "FROM alpine:3.20\nLABEL org.opencontainers.image.title=\"web\" maintainer=\"ops@example.com\"\n",
                "FROM alpine:3.20\nLABEL \"com.example.vendor\"=\"ACME\"\n",
                "FROM alpine:3.20\nLABEL version 1.0\n",
                "FROM alpine:3.20\nLABEL com.docker.desktop.extension.api.version=\">= 0.3.0\"\n",
                "FROM alpine:3.20\nARG KEY\nLABEL $KEY=value\n",
                "FROM alpine:3.20\nARG VENDOR=acme\nLABEL com.${VENDOR}.team=web\n",
                "FROM alpine:3.20\nLABEL web.port3=\"80\"\n",
                "FROM alpine:3.20\nARG VERSION\nLABEL build_version=\"version ${VERSION}\"\n",
            ])
            .fail(&[
                "FROM alpine:3.20\nLABEL BuildDate=\"2024-05-01T12:30:00Z\"\n",
                "FROM alpine:3.20\nLABEL build:date=\"2024-05-01T12:30:00Z\"\n",
                "FROM alpine:3.20\nLABEL com.docker.compose.project=web\n",
                "FROM alpine:3.20\nLABEL \\\n    org.opencontainers.image.title=web \\\n    org..example=x\n",
                "FROM alpine:3.20\nLABEL 9lives=yes\n",
                "FROM alpine:3.20\nONBUILD LABEL Team=web\n",
                "FROM alpine:3.20\nLABEL \"my label\"=x\n",
                "FROM alpine:3.20\nLABEL com.example.build$id=1\n",
            ])
            .run();
    }
}
