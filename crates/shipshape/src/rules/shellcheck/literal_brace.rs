use super::report_all;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for `{` and `}` in unquoted words of a RUN script that are neither a brace group nor
    /// a brace expansion: `{{.Version}}`, `x}`.
    ///
    /// ## Why is this bad?
    /// A brace that is not a group (`{ cmd; }`) or an expansion (`{a,b}`) stays in the word as it
    /// is, which is often a sign of a missing `;` before a closing `}` or of a template placeholder
    /// that was never filled in. Quote the word when the braces are meant literally.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN docker-gen -notify-output {{.Name}} /etc/nginx.tmpl
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN docker-gen -notify-output '{{.Name}}' /etc/nginx.tmpl
    /// ```
    code: "SC1083",
    name: "literal-brace",
    category: Suspicious,
    fix: Never,
    hadolint: Some("SC1083"),
    buildkit: None,
    summary: "`{` or `}` that the shell keeps as a literal character",
    check: check,
}

fn check(ctx: &mut Checker) {
    report_all(ctx, RULE.meta.code, |script| {
        // One finding per word: `{{.Name}}` is one placeholder, not four mistakes.
        let mut out: Vec<super::Finding> = Vec::new();
        let mut last_end: Option<u32> = None;
        for issue in script.tree.issues.iter().filter(|i| i.code == 1083) {
            let same_word = last_end.is_some_and(|end| {
                !script.tree.slice(crate::text::TextRange::new(end, issue.range.start)).contains(char::is_whitespace)
            });
            last_end = Some(issue.range.end);
            if !same_word {
                out.push((issue.range, issue.message.clone(), None));
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
                "FROM alpine:3.21\nRUN docker-gen -notify-output '{{.Name}}' /etc/nginx.tmpl\n",
                "FROM alpine:3.21\nRUN find . -exec rm {} + && echo {a,b} ${x}\n",
            ])
            .fail(&["FROM alpine:3.21\nRUN docker-gen -notify-output {{.Name}} /etc/nginx.tmpl\n"])
            .run();
    }
}
