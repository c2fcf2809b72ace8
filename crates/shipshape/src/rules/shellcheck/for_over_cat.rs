use super::{Finding, report_all};
use crate::rules::prelude::*;
use crate::shell::ast::{Command, CommandKind, Part, PartKind};

declare_rule! {
    /// ## What it does
    /// Checks for `for` loops in a RUN script over the output of `cat`: `for url in $(cat
    /// urls.txt)`.
    ///
    /// ## Why is this bad?
    /// The output is split at every blank and each piece globbed, so a line with a space becomes
    /// several iterations and a `*` in the file expands to file names. To read lines, use `while
    /// IFS= read -r line; do …; done < file`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN for url in $(cat /tmp/urls.txt); do wget -q "$url"; done
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN while IFS= read -r url; do wget -q "$url"; done < /tmp/urls.txt
    /// ```
    code: "SC2013",
    name: "for-over-cat",
    category: Style,
    fix: Never,
    hadolint: Some("SC2013"),
    buildkit: None,
    summary: "`for x in $(cat file)` loops over words, not lines",
    check: check,
}

fn check(ctx: &mut Checker) {
    report_all(ctx, RULE.meta.code, |script| {
        let mut out: Vec<Finding> = Vec::new();
        for (command, _) in script.commands.iter().copied() {
            let CommandKind::For { items: Some(items), .. } = &command.kind else { continue };
            let [word] = items.as_slice() else { continue };
            let [Part { kind: PartKind::CommandSub { body, .. }, range }] = word.parts.as_slice() else { continue };
            let starts_with_cat = body
                .items
                .first()
                .is_some_and(|i| i.first.commands.first().and_then(Command::simple).is_some_and(|s| s.is("cat")));
            if starts_with_cat {
                out.push((
                    *range,
                    "To read lines rather than words, pipe/redirect to a 'while read' loop".to_string(),
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
                "FROM alpine:3.21\nRUN while IFS= read -r url; do wget -q \"$url\"; done < /tmp/urls.txt\n",
                "FROM alpine:3.21\nRUN for x in $(cat f) a; do echo \"$x\"; done\n",
                "FROM alpine:3.21\nRUN for x in \"$(cat f)\"; do echo \"$x\"; done\n",
            ])
            .fail(&[
                "FROM alpine:3.21\nRUN for url in $(cat /tmp/urls.txt); do wget -q \"$url\"; done\n",
                "FROM alpine:3.21\nRUN for x in `cat f | grep a`; do echo \"$x\"; done\n",
            ])
            .run();
    }
}
