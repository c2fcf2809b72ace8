use super::report;
use crate::rules::prelude::*;
use crate::shell::ast::{Part, PartKind};
use crate::shell::visit::Role;

declare_rule! {
    /// ## What it does
    /// Checks for command substitutions written with backquotes, `` `cmd` ``, in a RUN script.
    ///
    /// ## Why is this bad?
    /// Backquotes are the old form of `$(cmd)`. They do not nest without escaping, backslashes
    /// inside them mean something different than anywhere else, and they are easy to mistake
    /// for single quotes. `$(cmd)` nests, reads clearly and works in every POSIX shell.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN echo "built on `date +%F`" > /etc/build-info
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN echo "built on $(date +%F)" > /etc/build-info
    /// ```
    ///
    /// The fix rewrites the backquotes as `$(…)`, removing the backslashes that only escaped
    /// `` ` ``, `$` or `\` inside them; it means the same.
    code: "SC2006",
    name: "backticks",
    category: Pedantic,
    fix: Sometimes,
    hadolint: Some("SC2006"),
    buildkit: None,
    summary: "Command substitution with backquotes instead of `$(…)`",
    check: check,
}

fn check(ctx: &mut Checker) {
    for script in ctx.shell_scripts() {
        let mut found = Vec::new();
        for (word, _, _) in script.words.iter().copied() {
            collect(&word.parts, &mut found);
        }
        let _ = Role::ForItem;
        for range in found {
            let text = script.tree.slice(range);
            let source = script.tree.source_range(range);
            // A substitution that spans a line continuation of the Dockerfile is left as it is.
            let fix = (ctx.text(source) == text).then(|| {
                let inner = &text[1..text.len().saturating_sub(1)];
                Fix::safe(
                    "Use `$(…)` instead of backquotes",
                    vec![Edit::replace(source, format!("$({})", unescape(inner)))],
                )
            });
            report(
                ctx,
                RULE.meta.code,
                script,
                range,
                "Use $(...) notation instead of legacy backticks `...`: it nests and reads clearly",
                fix,
            );
        }
    }
}

fn collect(parts: &[Part], out: &mut Vec<TextRange>) {
    for part in parts {
        match &part.kind {
            // `` `# a comment` `` is an idiom for a comment inside a command line.
            PartKind::CommandSub { backtick: true, body } if !body.items.is_empty() => out.push(part.range),
            PartKind::DoubleQuoted(inner) => collect(inner, out),
            _ => {}
        }
    }
}

/// Inside backquotes, `\``, `\$` and `\\` stand for the character; inside `$(…)` they do not.
fn unescape(inner: &str) -> String {
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && matches!(chars.peek(), Some('`' | '$' | '\\')) {
            out.push(chars.next().unwrap_or('\\'));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(&RULE)
            .pass(&[
                "FROM alpine:3.21\nRUN echo \"$(date)\" '`date`'\n",
                "FROM alpine:3.21\nRUN [\"echo\", \"`date`\"]\n",
            ])
            .fail(&[
                "FROM alpine:3.21\nRUN echo `date`\n",
                "FROM alpine:3.21\nRUN <<EOF\nv=\"`cat /v`\"\nEOF\n",
                "FROM alpine:3.21\nSHELL [\"/bin/bash\", \"-c\"]\nRUN echo \"`uname -m`\"\n",
            ])
            .fix(&[
                (
                    "FROM alpine:3.21\nRUN echo 2.0.`date +%Y%m%d` > /VERSION\n",
                    "FROM alpine:3.21\nRUN echo 2.0.$(date +%Y%m%d) > /VERSION\n",
                ),
                (
                    "FROM alpine:3.21\nRUN x=\"`echo \\$HOME`\" \\\n && echo $x\n",
                    "FROM alpine:3.21\nRUN x=\"$(echo $HOME)\" \\\n && echo $x\n",
                ),
                (
                    "FROM alpine:3.21\nRUN <<EOF\necho `uname`\nEOF\n",
                    "FROM alpine:3.21\nRUN <<EOF\necho $(uname)\nEOF\n",
                ),
            ])
            .run();
    }
}
