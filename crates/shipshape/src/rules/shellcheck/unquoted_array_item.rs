use super::{Finding, report_all};
use crate::rules::prelude::*;
use crate::shell::ast::PartKind;

declare_rule! {
    /// ## What it does
    /// Checks for unquoted variables in the elements of an array assignment, `files=($list)`, in a
    /// RUN script.
    ///
    /// ## Why is this bad?
    /// The value is split at blanks and globbed into elements, which is rarely exact: a path with a
    /// space becomes two elements and a `*` the names of files. Quote it for one element, or split
    /// deliberately with `read -ra` or `mapfile`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:13
    /// SHELL ["/bin/bash", "-c"]
    /// RUN list="$(ls /opt)" && dirs=($list) && echo "${dirs[0]}"
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:13
    /// SHELL ["/bin/bash", "-c"]
    /// RUN list="$(ls /opt)" && dirs=("$list") && echo "${dirs[0]}"
    /// ```
    code: "SC2206",
    name: "unquoted-array-item",
    category: Suspicious,
    fix: Never,
    hadolint: Some("SC2206"),
    buildkit: None,
    summary: "Unquoted expansion in an array assignment `a=($x)`",
    check: check,
}

fn check(ctx: &mut Checker) {
    report_all(ctx, RULE.meta.code, |script| {
        let mut out: Vec<Finding> = Vec::new();
        for (word, role, _) in script.words.iter().copied() {
            if !matches!(role, crate::shell::visit::Role::ArrayItem(_)) {
                continue;
            }
            for part in &word.parts {
                if let PartKind::Param(p) = &part.kind
                    && !matches!(p.name.as_str(), "@" | "*")
                    && !p.op.starts_with("[@]")
                    && !script.vars.is_safe(part)
                {
                    out.push((
                        part.range,
                        "Quote to prevent word splitting/globbing, or split robustly with mapfile or read -a"
                            .to_string(),
                        None,
                    ));
                }
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
                "FROM debian:13\nSHELL [\"/bin/bash\", \"-c\"]\nRUN list=\"$(ls /opt)\" && dirs=(\"$list\") && echo \"${dirs[0]}\"\n",
                "FROM debian:13\nSHELL [\"/bin/bash\", \"-c\"]\nRUN a=(\"$x\" 1 2)\n",
            ])
            .fail(&[
                "FROM debian:13\nSHELL [\"/bin/bash\", \"-c\"]\nRUN list=\"$(ls /opt)\" && dirs=($list) && echo \"${dirs[0]}\"\n",
            ])
            .run();
    }
}
