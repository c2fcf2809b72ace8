use super::report;
use crate::rules::prelude::*;
use crate::shell::ast::{List, PartKind, Simple};
use crate::shell::visit::Role;

declare_rule! {
    /// ## What it does
    /// Checks for command substitutions, `$(…)` or backquotes, outside double quotes in a RUN
    /// script.
    ///
    /// ## Why is this bad?
    /// The output of an unquoted substitution is split at every space, tab and newline, and
    /// each piece is expanded as a file-name pattern. `cd $(dirname "$f")` breaks on a
    /// directory with a space, and output holding `*` expands to the files in the working
    /// directory. Quote it to keep the output one word; when a list is meant (`apk add $(cat
    /// packages)`), say so with `xargs` or a `while read` loop, or silence the finding where
    /// the words are known to be plain.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN mkdir -p $(dirname /opt/app/bin/tool)
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN mkdir -p "$(dirname /opt/app/bin/tool)"
    /// ```
    code: "SC2046",
    name: "unquoted-command-substitution",
    category: Suspicious,
    fix: Never,
    hadolint: Some("SC2046"),
    buildkit: None,
    summary: "Command substitution without double quotes: its output is split into words and globbed",
    check: check,
}

fn check(ctx: &mut Checker) {
    for script in ctx.shell_scripts() {
        let mut found = Vec::new();
        for (word, role, _) in script.words.iter().copied() {
            match role {
                Role::Arg(simple, n) if !names_a_command(simple, n) => {}
                Role::Redirect(_) => {}
                _ => continue,
            }
            for part in &word.parts {
                if let PartKind::CommandSub { body, .. } = &part.kind
                    && !body.items.is_empty()
                    && !only_numbers(body)
                {
                    found.push(part.range);
                }
            }
        }
        for range in found {
            report(
                ctx,
                RULE.meta.code,
                script,
                range,
                "Quote this to prevent word splitting: the output is split at spaces and its `*`, `?` and `[` match file names",
                None,
            );
        }
    }
}

/// `exec $(cmd)` and `command $(cmd)` run the output as a command.
fn names_a_command(simple: &Simple, n: usize) -> bool {
    n == 1 && simple.is_any_of(&["exec", "command"])
}

/// `$(seq …)` prints numbers only.
fn only_numbers(body: &List) -> bool {
    matches!(body.items.as_slice(), [item] if item.rest.is_empty()
        && matches!(item.first.commands.as_slice(), [c] if c.simple().is_some_and(|s| s.is("seq"))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(&RULE)
            .pass(&[
                "FROM alpine:3.21\nRUN echo \"$(date)\" && v=$(cat /v) && echo $(seq 1 3)\n",
                "FROM alpine:3.21\nRUN $(which python3) -V && exec $(cmd)\n",
                "FROM alpine:3.21\nRUN echo '$(date)'\n",
            ])
            .fail(&[
                "FROM alpine:3.21\nRUN echo $(date)\n",
                "FROM alpine:3.21\nRUN make -j`nproc`\n",
                "FROM alpine:3.21\nRUN export GNUPGHOME=$(mktemp -d)\n",
                "FROM alpine:3.21\nRUN <<EOF\napk add $(cat /packages)\nEOF\n",
                "FROM alpine:3.21\nRUN [ $(id -u) = 0 ] || echo > $(mktemp)\n",
            ])
            .run();
    }
}
