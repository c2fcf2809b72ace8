use super::{Finding, report_all};
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for `ln` in a RUN script given one path and no destination.
    ///
    /// ## Why is this bad?
    /// `ln -s /opt/tool/bin/tool` creates the link in the current directory, named after the
    /// target: it works only when that directory is the one meant, which the line does not say.
    /// Name the destination, `.` if the current directory is meant.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN cd /usr/local/bin && ln -s /opt/poetry/bin/poetry
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN ln -s /opt/poetry/bin/poetry /usr/local/bin/poetry
    /// ```
    ///
    /// The fix adds `.` as the destination, which is what `ln` does without one: it is safe.
    code: "SC2226",
    name: "ln-without-destination",
    category: Suspicious,
    fix: Always,
    hadolint: Some("SC2226"),
    buildkit: None,
    summary: "`ln` with a single path: no destination",
    check: check,
}

fn check(ctx: &mut Checker) {
    report_all(ctx, RULE.meta.code, |script| {
        let mut out: Vec<Finding> = Vec::new();
        for (command, simple, _) in script.simple.iter().copied() {
            if !simple.is("ln") {
                continue;
            }
            let args = simple.args();
            if args.iter().any(|a| {
                a.is_plain("--") || a.plain().is_some_and(|s| s.starts_with("-t") || s.starts_with("--target"))
            }) {
                continue;
            }
            let paths = args.iter().filter(|a| !a.plain().is_some_and(|s| s.starts_with('-'))).count();
            if paths == 1 {
                // After the last word, before any line break the command's range ends with
                // (a `${` left open runs to the end of the script): after it would be the
                // heredoc's last line.
                let written = script.tree.slice(command.range).trim_end();
                let end = command.range.start + crate::text::to_u32(written.len());
                let source = script.tree.source_range(TextRange::new(command.range.start, end));
                let fix = crate::fix::Fix::safe(
                    "Add `.` as the destination",
                    vec![crate::fix::Edit::insert(source.end, " .")],
                );
                out.push((
                    command.range,
                    "This ln has no destination. Check the arguments, or specify '.' explicitly".to_string(),
                    Some(fix),
                ));
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
                "FROM alpine:3.21\nRUN ln -s /opt/poetry/bin/poetry /usr/local/bin/poetry\n",
                "FROM alpine:3.21\nRUN ln -s a b\n",
                "FROM alpine:3.21\nRUN ln -s -- a\n",
                "FROM alpine:3.21\nRUN ln -st /x a\n",
            ])
            .fail(&[
                "FROM alpine:3.21\nRUN cd /usr/local/bin && ln -s /opt/poetry/bin/poetry\n",
                "FROM alpine:3.21\nRUN ln -sf /a\n",
            ])
            .fix(&[(
                "FROM alpine:3.21\nRUN cd /x && ln -s /opt/a && ls\n",
                "FROM alpine:3.21\nRUN cd /x && ln -s /opt/a . && ls\n",
            )])
            .run();
    }
}
