use super::{Finding, report_all};
use crate::rules::prelude::*;
use crate::shell::ast::{List, Part, PartKind};

declare_rule! {
    /// ## What it does
    /// Checks for command substitutions in a RUN script that only run `echo`: `cmd $(echo foo)`.
    ///
    /// ## Why is this bad?
    /// `$(echo $x)` runs a subshell to print what could be written directly, and on the way splits
    /// and globs the value and eats a leading `-n` or `-e`. Write the words (`cmd foo`, `cmd
    /// "$x"`), or compute them with the command that produces them.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN export DOC_ROOT="$(echo /var/www/html)"
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN export DOC_ROOT=/var/www/html
    /// ```
    code: "SC2116",
    name: "useless-echo",
    category: Pedantic,
    fix: Never,
    hadolint: Some("SC2116"),
    buildkit: None,
    summary: "`$(echo …)` where the words themselves would do",
    check: check,
}

fn check(ctx: &mut Checker) {
    report_all(ctx, RULE.meta.code, |script| {
        let mut out: Vec<Finding> = Vec::new();
        for (word, _, _) in script.words.iter().copied() {
            collect(&word.parts, &mut out);
        }
        out
    });
}

fn collect(parts: &[Part], out: &mut Vec<Finding>) {
    for part in parts {
        match &part.kind {
            PartKind::CommandSub { body, .. } if only_echo(body) => {
                out.push((
                    part.range,
                    "Useless echo? Instead of 'cmd $(echo foo)', just use 'cmd foo'".to_string(),
                    None,
                ));
            }
            PartKind::DoubleQuoted(inner) => collect(inner, out),
            _ => {}
        }
    }
}

fn only_echo(body: &List) -> bool {
    matches!(body.items.as_slice(), [item] if item.rest.is_empty() && item.first.bang.is_none()
    && matches!(item.first.commands.as_slice(), [c] if c.redirects.is_empty() && c.simple().is_some_and(|s| {
        s.is("echo") && s.assignments.is_empty() && !s.args().iter().any(|a| a.plain().is_some_and(|t| t.starts_with('-')))
    })))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(&RULE)
            .pass(&[
                "FROM alpine:3.21\nRUN export DOC_ROOT=/var/www/html\n",
                "FROM alpine:3.21\nRUN x=$(echo \"$y\" | tr a b)\n",
                "FROM alpine:3.21\nRUN x=$(echo -n a)\n",
            ])
            .fail(&[
                "FROM alpine:3.21\nRUN export DOC_ROOT=\"$(echo /var/www/html)\"\n",
                "FROM alpine:3.21\nRUN cmd $(echo $x)\n",
                "FROM alpine:3.21\nRUN x=`echo a`\n",
            ])
            .run();
    }
}
