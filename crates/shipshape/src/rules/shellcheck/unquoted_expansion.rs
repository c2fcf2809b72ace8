use super::{ScriptView, report};
use crate::rules::prelude::*;
use crate::shell::ast::{Dialect, Part, PartKind, Word};

declare_rule! {
    /// ## What it does
    /// Checks for variables expanded outside double quotes in a RUN script: `$VAR` or
    /// `${VAR}` as a command argument, a `[` operand or a redirection target.
    ///
    /// ## Why is this bad?
    /// The shell splits an unquoted expansion at every space, tab and newline, and expands
    /// `*`, `?` and `[…]` in the pieces as file names. A path with a space in it becomes two
    /// arguments, an empty value disappears (`[ $x = y ]` becomes `[ = y ]`, a syntax error),
    /// and a value holding `*` turns into the names of the files in the working directory.
    /// Quoting keeps the value one word, exactly as it is.
    ///
    /// Variables the script only ever sets to plain words (`arch=amd64`, a loop over literal
    /// words), and those defined by the stage's ARG and ENV instructions, are not reported,
    /// as ShellCheck does in hadolint: their value cannot split.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN target="$(mktemp -d)" && tar -xzf /tmp/app.tgz -C $target
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN target="$(mktemp -d)" && tar -xzf /tmp/app.tgz -C "$target"
    /// ```
    ///
    /// ## Fix safety
    /// The fix puts the expansion in double quotes. Where splitting cannot be what was meant
    /// (a redirection target, the directory of `cd`, an operand of `[`), that is safe.
    /// Elsewhere the unquoted expansion may be a list on purpose (`apk add $PACKAGES`), which
    /// quoting would pass as one argument: the fix is unsafe there.
    code: "SC2086",
    name: "unquoted-expansion",
    category: Style,
    fix: Always,
    hadolint: Some("SC2086"),
    buildkit: None,
    summary: "Variable expanded without double quotes: it is split into words and globbed",
    check: check,
}

const MESSAGE: &str = "Double quote to prevent globbing and word splitting: the value is split at spaces and its `*`, `?` and `[` match file names";

fn check(ctx: &mut Checker) {
    for script in ctx.shell_scripts() {
        let mut found = Vec::new();
        let mut param_parts = |word: &Word, safe_fix: bool| {
            for part in &word.parts {
                // A `${` left open is SC1072's: it runs to the end of the script, line break
                // included, and quoting it would put a quote on the heredoc's last line.
                if let PartKind::Param(param) = &part.kind
                    && (!param.braced || script.tree.slice(part.range).ends_with('}'))
                    && !unquoted_is_fine(script, part, param)
                {
                    found.push((part.range, safe_fix));
                }
            }
        };
        // Per command rather than per word: what the command is decides for all its words.
        for &(command, _) in &script.commands {
            if let Some(simple) = command.simple() {
                let declares = declares(simple, script.tree.dialect);
                let safe_fix = simple.is("cd") || simple.is_any_of(&["[", "test"]);
                for word in simple.args() {
                    if !(declares && is_assignment_word(word)) {
                        param_parts(word, safe_fix);
                    }
                }
            }
            for target in command.redirects.iter().filter_map(|r| r.target.as_ref()) {
                param_parts(target, true);
            }
        }
        found.sort_by_key(|(range, _)| range.start);
        for (range, safe_fix) in found {
            let source = script.tree.source_range(range);
            let edits = vec![Edit::insert(source.start, "\""), Edit::insert(source.end, "\"")];
            let fix = if safe_fix {
                Fix::safe("Put the expansion in double quotes", edits)
            } else {
                Fix::unsafe_edit("Put the expansion in double quotes (a list meant to split becomes one word)", edits)
            };
            report(ctx, RULE.meta.code, script, range, MESSAGE, Some(fix));
        }
    }
}

/// True when ShellCheck leaves this unquoted expansion alone: `$@`/`$*` (their own rules),
/// array elements, and variables whose value cannot split.
fn unquoted_is_fine(script: &ScriptView, part: &Part, param: &crate::shell::ast::Param) -> bool {
    if matches!(param.name.as_str(), "@" | "*") || param.op.starts_with("[@]") || param.op.starts_with("[*]") {
        return true;
    }
    script.vars.is_safe(part)
}

/// In bash, `export`, `local`, `declare` and friends take assignments as arguments, which do
/// not split; in POSIX sh they are ordinary arguments.
pub(crate) fn declares(simple: &crate::shell::ast::Simple, dialect: Dialect) -> bool {
    !dialect.is_sh() && simple.is_any_of(&["export", "local", "declare", "typeset", "readonly"])
}

fn is_assignment_word(word: &Word) -> bool {
    matches!(word.parts.first(), Some(Part { kind: PartKind::Literal(s), .. })
        if s.split_once('=').is_some_and(|(name, _)| super::is_name(name)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(&RULE)
            .pass(&[
                "FROM alpine:3.21\nRUN echo \"$HOME\" \"${x}\"\n",
                // Set to plain words only: cannot split.
                "FROM alpine:3.21\nRUN arch=amd64; echo $arch; for p in a b; do echo $p; done\n",
                // ARG and ENV variables are known, as hadolint tells ShellCheck.
                "FROM alpine:3.21\nARG VERSION=1.2\nRUN echo $VERSION\n",
                "FROM alpine:3.21\nRUN echo $# $? ${#x} $((x + 1)) ${y:+--flag}\n",
                "FROM alpine:3.21\nRUN x=$y; case $y in a) ;; esac; [[ -n $y ]] && echo ok\n",
                "FROM alpine:3.21\nSHELL [\"/bin/bash\", \"-c\"]\nRUN export PATH=$PATH:/x\n",
                "FROM alpine:3.21\nRUN [\"echo\", \"$x\"]\n",
                "FROM alpine:3.21\n# shellcheck disable=SC2086\nRUN <<EOF\n# shellcheck disable=SC2086\necho $x\nEOF\n",
            ])
            .fail(&[
                "FROM alpine:3.21\nRUN echo $HOME\n",
                "FROM alpine:3.21\nRUN dir=\"$(mktemp -d)\"; cd $dir && make\n",
                "FROM alpine:3.21\nRUN export PATH=$PATH:/x\n",
                "FROM alpine:3.21\nRUN [ $x = y ] && echo > $out\n",
                "FROM alpine:3.21\nRUN <<EOF\nset -e\necho ${name%.*}\nEOF\n",
                "FROM alpine:3.21\nARG V\nRUN V=\"$(cat /v)\"; echo $V\n",
            ])
            .fix(&[
                (
                    "FROM alpine:3.21\nRUN dir=\"$(mktemp -d)\" && \\\n    cd $dir\n",
                    "FROM alpine:3.21\nRUN dir=\"$(mktemp -d)\" && \\\n    cd \"$dir\"\n",
                ),
                ("FROM alpine:3.21\nRUN apk add $PACKAGES\n", "FROM alpine:3.21\nRUN apk add \"$PACKAGES\"\n"),
                (
                    "FROM alpine:3.21\nRUN <<EOF\necho x > $out/y\nEOF\n",
                    "FROM alpine:3.21\nRUN <<EOF\necho x > \"$out\"/y\nEOF\n",
                ),
            ])
            .run();
    }
}
