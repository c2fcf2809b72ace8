use super::report;
use crate::rules::prelude::*;
use crate::shell::ast::{PartKind, Simple};
use crate::shell::visit::Role;

declare_rule! {
    /// ## What it does
    /// Checks for `$VAR`, `${…}`, `$(…)` or backquotes inside single quotes in a RUN script.
    ///
    /// ## Why is this bad?
    /// Single quotes keep everything literal: `echo 'home is $HOME'` prints `$HOME`, not the
    /// directory. When the expansion is meant to happen now, use double quotes. Often it is
    /// meant for later (a line written into a `.bashrc`, a config file that expands its own
    /// variables, a `sed` or `awk` program): then this finding is a note to check, and a
    /// `# shellcheck disable=SC2016` comment in the script records the intent. Programs that
    /// expand their own arguments (`sh -c`, `awk`, `perl`, `jq`, `trap`, `eval`, `ssh`…) are
    /// not reported.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN echo 'installed in $HOME/.local' > /etc/motd
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN echo "installed in $HOME/.local" > /etc/motd
    /// ```
    code: "SC2016",
    name: "single-quoted-expansion",
    category: Style,
    fix: Never,
    hadolint: Some("SC2016"),
    buildkit: None,
    summary: "Expansion inside single quotes, where it stays literal",
    check: check,
}

/// Programs that expand the text themselves, where single quotes are the point.
const OWN_EXPANSION: &[&str] = &[
    "trap",
    "sh",
    "bash",
    "ksh",
    "zsh",
    "dash",
    "ash",
    "ssh",
    "eval",
    "xprop",
    "alias",
    "sudo",
    "docker",
    "podman",
    "dpkg-query",
    "jq",
    "rename",
    "rg",
    "unset",
    "git filter-branch",
];

fn check(ctx: &mut Checker) {
    for script in ctx.shell_scripts() {
        let mut found = Vec::new();
        for (word, role, _) in script.words.iter().copied() {
            let command = match role {
                Role::Name(simple) | Role::Arg(simple, _) => Some(simple),
                Role::Assign(a) if matches!(a.name.as_str(), "PS1" | "PS2" | "PS3" | "PS4" | "PROMPT_COMMAND") => {
                    continue;
                }
                _ => None,
            };
            for part in &word.parts {
                let PartKind::SingleQuoted(text) = &part.kind else { continue };
                if !looks_like_expansion(text) {
                    continue;
                }
                let ok = match command.map(command_name) {
                    Some(name) if name == "sed" => sed_ok(text),
                    Some(name) => {
                        OWN_EXPANSION.contains(&name.as_str()) || name.ends_with("awk") || name.starts_with("perl")
                    }
                    None => false,
                };
                if !ok {
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
                "Expressions don't expand in single quotes, use double quotes for that (or keep them if the text is meant literally)",
                None,
            );
        }
    }
}

/// `$name`, `${`, `$(`, `$1` or a backquoted command.
fn looks_like_expansion(text: &str) -> bool {
    let bytes = text.as_bytes();
    let dollar =
        bytes.windows(2).any(|w| w[0] == b'$' && (w[1].is_ascii_alphanumeric() || matches!(w[1], b'_' | b'{' | b'(')));
    let backquoted = text.split('`').count() > 2 && text.split('`').skip(1).step_by(2).any(|s| !s.is_empty());
    dollar || backquoted
}

/// In a sed program, `$` is the last line and `${`/`$p`… are commands.
fn sed_ok(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| {
        b == b'$'
            && bytes.get(i + 1).is_some_and(|c| b"{dpsaic".contains(c))
            && bytes.get(i + 2).is_none_or(|c| !c.is_ascii_alphabetic())
    })
}

/// The command a word belongs to, as ShellCheck names it: `find -exec cmd` gives `cmd`, `git
/// filter-branch` its two words.
fn command_name(simple: &Simple) -> String {
    let name = simple.program().unwrap_or("").to_string();
    let args: Vec<Option<String>> = simple.args().iter().map(|w| w.literal()).collect();
    match name.as_str() {
        "find" => {
            let exec = args.iter().position(|a| matches!(a.as_deref(), Some("-exec" | "-execdir")));
            match exec.and_then(|i| args.get(i + 1)) {
                Some(Some(cmd)) => cmd.rsplit('/').next().unwrap_or(cmd).to_string(),
                _ => name,
            }
        }
        "git" if args.first().and_then(|a| a.as_deref()) == Some("filter-branch") => "git filter-branch".to_string(),
        _ => name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(&RULE)
            .pass(&[
                "FROM alpine:3.21\nRUN echo \"$HOME\" '$' 'cost: 5$'\n",
                "FROM alpine:3.21\nRUN awk '{ print $1 }' /f && sh -c 'echo $0' && sed -i '$d' /f\n",
                "FROM alpine:3.21\nRUN find . -exec sh -c 'echo $1' _ {} +\n",
                "FROM alpine:3.21\nRUN PS1='$PWD> ' && trap 'rm -f $tmp' EXIT\n",
            ])
            .fail(&[
                "FROM alpine:3.21\nRUN echo 'export PATH=\"$HOME/bin:$PATH\"' >> /root/.bashrc\n",
                "FROM alpine:3.21\nRUN printf '%s\\n' 'a=${b}'\n",
                "FROM alpine:3.21\nRUN sed -i 's/$OLD/new/' /f\n",
                "FROM alpine:3.21\nRUN <<EOF\necho 'today is `date`'\nEOF\n",
            ])
            .run();
    }
}
