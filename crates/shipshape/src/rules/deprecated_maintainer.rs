use super::labels;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for the `MAINTAINER` instruction.
    ///
    /// ## Why is this bad?
    /// `MAINTAINER` has been deprecated since Docker 1.13. It fills the image's legacy `Author`
    /// field, which registries and scanners ignore. The OCI label
    /// `org.opencontainers.image.authors` is the standard place for the same information, and
    /// the one they read.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// MAINTAINER Jane Doe <jane@example.com>
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"
    /// ```
    ///
    /// ## Fix safety
    /// The fix writes the same text as a `LABEL org.opencontainers.image.authors`, quoted so that
    /// Docker reads it back unchanged. When the stage already has that label with the same
    /// text, it only removes `MAINTAINER`. It offers no fix when the stage's label holds
    /// something else, or when comments sit inside the instruction.
    code: "DL4000",
    name: "deprecated-maintainer",
    category: Correctness,
    fix: Sometimes,
    hadolint: Some("DL4000"),
    buildkit: Some("MaintainerDeprecated"),
    summary: "MAINTAINER is deprecated",
    check: check,
}

const AUTHORS: &str = "org.opencontainers.image.authors";

/// `value` as a double-quoted Dockerfile word that reads back as `value`.
fn quoted(value: &str, escape: char) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        if c == '"' || c == '$' || c == escape {
            out.push(escape);
        }
        out.push(c);
    }
    out.push('"');
    out
}

fn check(ctx: &mut Checker) {
    let escape = ctx.file.escape;
    let all_labels = labels::labels(ctx);
    let mut found = Vec::new();
    for (index, maintainer) in ctx.of_kind(Kind::Maintainer) {
        let value = match &maintainer.args {
            Args::Text(text) => text.value.trim(),
            _ => "",
        };
        let stage = ctx.model.stage_of[index].map(|s| &ctx.model.stages[s]);
        // Existing authors labels of the same stage, and whether one already says the same.
        let existing: Vec<Option<String>> = all_labels
            .iter()
            .filter(|l| stage.is_some_and(|s| s.instructions.contains(&l.index)) && l.key.as_deref() == Some(AUTHORS))
            .map(|l| l.value(ctx))
            .collect();
        let fixable = !value.is_empty()
            && ctx.file.instructions[index].comments.is_empty()
            && stage.is_some_and(|s| s.from.is_some())
            && existing.iter().all(|v| v.as_deref().map(str::trim) == Some(value));
        let fix = fixable.then(|| {
            if existing.is_empty() {
                let label = format!("LABEL {AUTHORS}={}", quoted(value, escape));
                Fix::safe(format!("Replace with `LABEL {AUTHORS}`"), vec![Edit::replace(maintainer.range, label)])
            } else {
                let outer = &ctx.file.instructions[index];
                Fix::safe(
                    format!("Remove `MAINTAINER`: the `{AUTHORS}` label already says the same"),
                    vec![ctx.delete_instruction(outer)],
                )
            }
        });
        found.push((
            maintainer.range,
            format!("`MAINTAINER` is deprecated: record the author with `LABEL {AUTHORS}`, which tools read"),
            fix,
        ));
    }
    for (range, message, fix) in found {
        ctx.report_fix(range, message, fix);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(&RULE)
            .pass(&["FROM alpine:3.20\nLABEL org.opencontainers.image.authors=\"Jane Doe <jane@example.com>\"\n"])
            .fail(&[
                "FROM alpine:3.20\nMAINTAINER Jane Doe <jane@example.com>\n",
                "MAINTAINER jane@example.com\nFROM alpine:3.20\n",
                "FROM alpine:3.20\nLABEL org.opencontainers.image.authors=\"ops@example.com\"\nMAINTAINER jane@example.com\n",
                "FROM alpine:3.20\nMAINTAINER Jane \\\n# the lead\n  Doe\n",
                "FROM alpine:3.20\nMAINTAINER\n",
            ])
            .fix(&[
                (
                    "FROM alpine:3.20\nMAINTAINER Jane Doe <jane@example.com>\nRUN true\n",
                    "FROM alpine:3.20\nLABEL org.opencontainers.image.authors=\"Jane Doe <jane@example.com>\"\nRUN true\n",
                ),
                (
                    "FROM alpine:3.20\nmaintainer \"Jane \\\"JD\\\" Doe\" costs $5\n",
                    "FROM alpine:3.20\nLABEL org.opencontainers.image.authors=\"Jane \\\"JD\\\" Doe costs \\$5\"\n",
                ),
                (
                    "# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nMAINTAINER ACME\\Ops `\n    <ops@example.com>",
                    "# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nLABEL org.opencontainers.image.authors=\"ACME\\Ops     <ops@example.com>\"",
                ),
                (
                    "FROM alpine:3.20\nLABEL org.opencontainers.image.authors=\"jane@example.com\"\nMAINTAINER jane@example.com\nRUN true\n",
                    "FROM alpine:3.20\nLABEL org.opencontainers.image.authors=\"jane@example.com\"\nRUN true\n",
                ),
                ("FROM alpine:3.20\nONBUILD MAINTAINER Jane\n", "FROM alpine:3.20\nONBUILD LABEL org.opencontainers.image.authors=\"Jane\"\n"),
            ])
            .run();
    }
}
