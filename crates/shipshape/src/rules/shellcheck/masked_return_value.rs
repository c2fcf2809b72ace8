use super::{Finding, report_all};
use crate::rules::prelude::*;
use crate::shell::ast::{Part, PartKind};

declare_rule! {
    /// ## What it does
    /// Checks for `export`, `local`, `declare`, `readonly` or `typeset` in a RUN script that assign
    /// a command substitution in the same word: `export GNUPGHOME="$(mktemp -d)"`.
    ///
    /// ## Why is this bad?
    /// The exit status of `export NAME="$(cmd)"` is `export`'s, which succeeds: when `cmd` fails,
    /// `set -e` and `&&` do not see it, and the build goes on with an empty value. Assign first,
    /// then export: `NAME="$(cmd)" && export NAME`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN set -eux; export GNUPGHOME="$(mktemp -d)"; gpg --batch --recv-keys "$KEY"
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN set -eux; GNUPGHOME="$(mktemp -d)"; export GNUPGHOME; gpg --batch --recv-keys "$KEY"
    /// ```
    code: "SC2155",
    name: "masked-return-value",
    category: Suspicious,
    fix: Never,
    hadolint: Some("SC2155"),
    buildkit: None,
    summary: "`export`/`local` with a command substitution hides the command's failure",
    check: check,
}

fn check(ctx: &mut Checker) {
    report_all(ctx, RULE.meta.code, |script| {
        let mut out: Vec<Finding> = Vec::new();
        for (_, simple, _) in script.simple.iter() {
            if !simple.is_any_of(&["export", "local", "declare", "readonly", "typeset"]) {
                continue;
            }
            for arg in simple.args() {
                let is_assignment = matches!(arg.parts.first(), Some(Part { kind: PartKind::Literal(s), .. })
                    if s.split_once('=').is_some_and(|(n, _)| super::is_name(n)));
                if is_assignment && has_substitution(&arg.parts) {
                    out.push((
                        arg.range,
                        "Declare and assign separately to avoid masking return values: the command's failure is lost"
                            .to_string(),
                        None,
                    ));
                }
            }
        }
        out
    });
}

fn has_substitution(parts: &[Part]) -> bool {
    parts.iter().any(|p| match &p.kind {
        PartKind::CommandSub { .. } => true,
        PartKind::DoubleQuoted(inner) => has_substitution(inner),
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(&RULE)
            .pass(&[
                "FROM alpine:3.21\nRUN set -eux; GNUPGHOME=\"$(mktemp -d)\"; export GNUPGHOME; gpg --batch --recv-keys \"$KEY\"\n",
                "FROM alpine:3.21\nRUN export A=$((1+2))\n",
                "FROM alpine:3.21\nRUN A=$(x) && export A\n",
            ])
            .fail(&[
                "FROM alpine:3.21\nRUN set -eux; export GNUPGHOME=\"$(mktemp -d)\"; gpg --batch --recv-keys \"$KEY\"\n",
                "FROM alpine:3.21\nRUN export A=`x`\n",
                "FROM alpine:3.21\nSHELL [\"/bin/bash\", \"-c\"]\nRUN f() { local v=$(cat /v); echo \"$v\"; } && f\n",
            ])
            .run();
    }
}
