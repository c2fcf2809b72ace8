use super::{Finding, report_all};
use crate::rules::prelude::*;
use crate::shell::ast::PartKind;

declare_rule! {
    /// ## What it does
    /// Checks for `$*` and `${name[*]}` outside double quotes in a RUN script.
    ///
    /// ## Why is this bad?
    /// Unquoted `$*` joins the arguments and splits them again at blanks, so an argument with a
    /// space becomes two, and globs expand. `"$@"` keeps each argument as it was; `"$*"` joins them
    /// into one word.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN set -- a "b c" && printf "%s\n" $*
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN set -- a "b c" && printf "%s\n" "$@"
    /// ```
    code: "SC2048",
    name: "unquoted-dollar-star",
    category: Suspicious,
    fix: Never,
    hadolint: Some("SC2048"),
    buildkit: None,
    summary: "`$*` without double quotes",
    check: check,
}

fn check(ctx: &mut Checker) {
    report_all(ctx, RULE.meta.code, |script| {
        let mut out: Vec<Finding> = Vec::new();
        for (word, role, _) in script.words.iter().copied() {
            if !matches!(role, crate::shell::visit::Role::Arg(..) | crate::shell::visit::Role::ForItem) {
                continue;
            }
            for part in &word.parts {
                if let PartKind::Param(p) = &part.kind
                    && (p.name == "*" || p.op.starts_with("[*]"))
                    && !p.length
                {
                    out.push((part.range, "Use \"$@\" (with quotes) to prevent whitespace problems".to_string(), None));
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
                "FROM alpine:3.21\nRUN set -- a \"b c\" && printf \"%s\\n\" \"$@\"\n",
                "FROM alpine:3.21\nRUN echo \"$*\"\n",
            ])
            .fail(&["FROM alpine:3.21\nRUN set -- a \"b c\" && printf \"%s\\n\" $*\n"])
            .run();
    }
}
