use super::{Finding, report_all};
use crate::rules::prelude::*;
use crate::shell::ast::PartKind;

declare_rule! {
    /// ## What it does
    /// Checks for commands in a RUN script whose name is an unquoted glob: `/tmp/tool-*/install`.
    ///
    /// ## Why is this bad?
    /// The shell expands the glob and runs the first match with the other matches as its arguments.
    /// When the pattern matches nothing, the command fails with a confusing name; when it matches
    /// two versions, the wrong one runs with the other as an argument. Resolve the path first, or
    /// name it exactly.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN /tmp/newrelic-php5-*/newrelic-install install
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN /tmp/newrelic-php5-10.15.0.4-linux/newrelic-install install
    /// ```
    code: "SC2211",
    name: "glob-as-command",
    category: Suspicious,
    fix: Never,
    hadolint: Some("SC2211"),
    buildkit: None,
    summary: "Glob used as a command name",
    check: check,
}

fn check(ctx: &mut Checker) {
    report_all(ctx, RULE.meta.code, |script| {
        let mut out: Vec<Finding> = Vec::new();
        for (_, simple, _) in script.simple.iter().copied() {
            let Some(name) = simple.words.first() else { continue };
            let glob = name.parts.iter().any(|p| matches!(&p.kind, PartKind::Literal(t) if t.contains(['*', '?'])));
            if glob {
                out.push((name.range, "This is a glob used as a command name. Was it supposed to be in ${..}, array, or is it missing quoting?".to_string(), None));
            }
        }
        out
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(&RULE)
            .pass(&[
                "FROM alpine:3.21\nRUN /tmp/newrelic-php5-10.15.0.4-linux/newrelic-install install\n",
                "FROM alpine:3.21\nRUN \"/tmp/a*\"/x\n",
                "FROM alpine:3.21\nRUN ls /tmp/*\n",
            ])
            .fail(&["FROM alpine:3.21\nRUN /tmp/newrelic-php5-*/newrelic-install install\n"])
            .run();
    }
}
