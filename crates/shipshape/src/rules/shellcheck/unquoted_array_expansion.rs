use super::{Finding, report_all};
use crate::rules::prelude::*;
use crate::shell::ast::PartKind;

declare_rule! {
    /// ## What it does
    /// Checks for `$@` and `${name[@]}` outside double quotes in a RUN script.
    ///
    /// ## Why is this bad?
    /// `"$@"` expands to the arguments exactly as they were given; unquoted, each one is split
    /// again at blanks and globbed, so an argument with a space becomes two. Quote it.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN set -- --prefix=/usr "--with-extra=a b" && ./configure $@
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN set -- --prefix=/usr "--with-extra=a b" && ./configure "$@"
    /// ```
    ///
    /// The fix quotes the expansion, which keeps each element one argument, as `$@` is meant to: it
    /// is safe.
    code: "SC2068",
    name: "unquoted-array-expansion",
    category: Correctness,
    fix: Always,
    hadolint: Some("SC2068"),
    buildkit: None,
    summary: "`$@` or `${array[@]}` without double quotes",
    check: check,
}

fn check(ctx: &mut Checker) {
    report_all(ctx, RULE.meta.code, |script| {
        let mut out: Vec<Finding> = Vec::new();
        for (word, role, _) in script.words.iter().copied() {
            if !matches!(
                role,
                crate::shell::visit::Role::Arg(..)
                    | crate::shell::visit::Role::ForItem
                    | crate::shell::visit::Role::ArrayItem(_)
            ) {
                continue;
            }
            for part in &word.parts {
                if let PartKind::Param(p) = &part.kind
                    && (p.name == "@" || p.op.starts_with("[@]"))
                    && !p.length
                {
                    let source = script.tree.source_range(part.range);
                    let fix = crate::fix::Fix::safe(
                        "Put the expansion in double quotes",
                        vec![crate::fix::Edit::insert(source.start, "\""), crate::fix::Edit::insert(source.end, "\"")],
                    );
                    out.push((
                        part.range,
                        "Double quote array expansions to avoid re-splitting elements".to_string(),
                        Some(fix),
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
                "FROM alpine:3.21\nRUN set -- --prefix=/usr \"--with-extra=a b\" && ./configure \"$@\"\n",
                "FROM alpine:3.21\nRUN echo \"$@\" \"${#a[@]}\"\n",
            ])
            .fail(&[
                "FROM alpine:3.21\nRUN set -- --prefix=/usr \"--with-extra=a b\" && ./configure $@\n",
                "FROM alpine:3.21\nSHELL [\"/bin/bash\", \"-c\"]\nRUN a=(x y) && ls ${a[@]}\n",
            ])
            .fix(&[("FROM alpine:3.21\nRUN exec $@\n", "FROM alpine:3.21\nRUN exec \"$@\"\n")])
            .run();
    }
}
