use super::{Finding, report_all};
use crate::rules::prelude::*;
use crate::shell::ast::{Part, PartKind};

declare_rule! {
    /// ## What it does
    /// Checks for arguments that start with a glob, `*` or `?`, given to a command in a RUN script
    /// (`rm -f *.log`).
    ///
    /// ## Why is this bad?
    /// The glob expands to file names, and a file whose name starts with `-` becomes an option: a
    /// file named `-rf` in the directory turns `rm *` into `rm -rf …`. Prefix the glob with `./`
    /// (`rm -f ./*.log`) or end the options with `--` (`rm -f -- *.log`).
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN cd /tmp/build && rm -f *.o
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN cd /tmp/build && rm -f ./*.o
    /// ```
    ///
    /// The fix prefixes the glob with `./`, which matches the same files.
    code: "SC2035",
    name: "glob-as-option",
    category: Style,
    fix: Always,
    hadolint: Some("SC2035"),
    buildkit: None,
    summary: "Glob argument starting with `*`: a file named like an option becomes one",
    check: check,
}

fn check(ctx: &mut Checker) {
    report_all(ctx, RULE.meta.code, |script| {
        let mut out: Vec<Finding> = Vec::new();
        for (_, simple, _) in script.simple.iter().copied() {
            if simple.words.is_empty() || simple.is_any_of(&["echo", "printf"]) {
                continue;
            }
            for arg in simple.args() {
                if matches!(arg.plain(), Some("--" | ":::" | "::::")) {
                    break;
                }
                if let Some(Part { kind: PartKind::Literal(text), .. }) = arg.parts.first()
                    && text.starts_with(['*', '?'])
                {
                    let source = script.tree.source_range(arg.range);
                    let fix = crate::fix::Fix::safe(
                        "Prefix the glob with `./`",
                        vec![crate::fix::Edit::insert(source.start, "./")],
                    );
                    out.push((
                        arg.range,
                        "Use ./*glob* or -- *glob* so names with dashes won't become options".to_string(),
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
                "FROM alpine:3.21\nRUN cd /tmp/build && rm -f ./*.o\n",
                "FROM alpine:3.21\nRUN echo *\n",
                "FROM alpine:3.21\nRUN rm -- *.txt\n",
                "FROM alpine:3.21\nRUN ls ./*.txt\n",
                "FROM alpine:3.21\nRUN rm \"*.txt\"\n",
            ])
            .fail(&[
                "FROM alpine:3.21\nRUN cd /tmp/build && rm -f *.o\n",
                "FROM alpine:3.21\nRUN dpkg -i *.deb\n",
                "FROM alpine:3.21\nRUN tar -czf /out.tgz *\n",
            ])
            .fix(&[("FROM alpine:3.21\nRUN rm -f *.o\n", "FROM alpine:3.21\nRUN rm -f ./*.o\n")])
            .run();
    }
}
