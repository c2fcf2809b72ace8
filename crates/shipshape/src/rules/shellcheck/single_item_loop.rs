use super::{Finding, report_all};
use crate::rules::prelude::*;
use crate::shell::ast::{CommandKind, PartKind};

declare_rule! {
    /// ## What it does
    /// Checks for `for` loops in a RUN script whose list is one plain word: `for f in "a b c"` or
    /// `for p in curl`.
    ///
    /// ## Why is this bad?
    /// A loop over one word runs once. Usually the list was meant to be several words and got
    /// quoted into one (`for pkg in "curl git"`), or an expansion or glob is missing: the loop then
    /// does its work on a single, wrong value.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN for pkg in "curl git jq"; do apk add --no-cache "$pkg"; done
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN for pkg in curl git jq; do apk add --no-cache "$pkg"; done
    /// ```
    code: "SC2043",
    name: "single-item-loop",
    category: Suspicious,
    fix: Never,
    hadolint: Some("SC2043"),
    buildkit: None,
    summary: "`for` loop over a single word: it runs once",
    check: check,
}

fn check(ctx: &mut Checker) {
    report_all(ctx, RULE.meta.code, |script| {
        let mut out: Vec<Finding> = Vec::new();
        for (command, _) in script.commands.iter().copied() {
            let CommandKind::For { items: Some(items), .. } = &command.kind else { continue };
            let [word] = items.as_slice() else { continue };
            let Some(value) = word.literal() else { continue };
            let unquoted_glob = word.parts.iter().any(|p| {
                matches!(&p.kind, PartKind::Literal(t) if t.contains(['*', '?', '[']) || (t.contains('{') && t.contains('}')))
            });
            if !unquoted_glob {
                let _ = value;
                out.push((
                    word.range,
                    "This loop will only ever run once: is a quote, a glob or an expansion missing?".to_string(),
                    None,
                ));
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
                "FROM alpine:3.21\nRUN for pkg in curl git jq; do apk add --no-cache \"$pkg\"; done\n",
                "FROM alpine:3.21\nRUN for f in /etc/*.conf; do cat \"$f\"; done\n",
                "FROM alpine:3.21\nRUN for f in $FILES; do cat \"$f\"; done\n",
                "FROM alpine:3.21\nRUN for x in a b; do echo \"$x\"; done\n",
            ])
            .fail(&[
                "FROM alpine:3.21\nRUN for pkg in \"curl git jq\"; do apk add --no-cache \"$pkg\"; done\n",
                "FROM alpine:3.21\nRUN for d in /opt/app; do chown -R app \"$d\"; done\n",
            ])
            .run();
    }
}
