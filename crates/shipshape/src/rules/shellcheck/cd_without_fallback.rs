use super::{Finding, report_all};
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for `cd` in a RUN script whose failure nothing checks: not in a condition, not
    /// followed by `|| exit`, in a script without `set -e`.
    ///
    /// ## Why is this bad?
    /// When `cd` fails (a typo, a directory an earlier step did not create), the shell stays where
    /// it was and runs the next commands there: `cd /opt/app; rm -rf *` then empties the working
    /// directory instead. In a RUN, make the failure stop the build: `cd /opt/app || exit`, `cd
    /// /opt/app && …`, or `set -e` at the start.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN cd /usr/src/app; make install
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN cd /usr/src/app || exit; make install
    /// ```
    ///
    /// The fix adds `|| exit` after the `cd`, so a failed `cd` fails the RUN, as it should have: it
    /// is safe.
    code: "SC2164",
    name: "cd-without-fallback",
    category: Suspicious,
    fix: Always,
    hadolint: Some("SC2164"),
    buildkit: None,
    summary: "`cd` whose failure goes unnoticed",
    check: check,
}

fn check(ctx: &mut Checker) {
    report_all(ctx, RULE.meta.code, |script| {
        let mut out: Vec<Finding> = Vec::new();
        if script.vars.errexit {
            return out;
        }
        for (command, simple, scope) in script.simple.iter().copied() {
            if scope.condition
                || !simple.is_any_of(&["cd", "pushd", "popd"])
                || simple.args().iter().any(|a| a.is_plain(".."))
            {
                continue;
            }
            let source = script.tree.source_range(command.range);
            let fix = crate::fix::Fix::safe(
                "Add `|| exit` after the `cd`",
                vec![crate::fix::Edit::insert(source.end, " || exit")],
            );
            out.push((command.range, "Use 'cd ... || exit' or 'cd ... || return' in case cd fails: otherwise the next commands run in the wrong directory".to_string(), Some(fix)));
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
                "FROM alpine:3.21\nRUN cd /usr/src/app || exit; make install\n",
                "FROM alpine:3.21\nRUN cd /x && make\n",
                "FROM alpine:3.21\nRUN set -e; cd /x; make\n",
                "FROM alpine:3.21\nRUN cd /x || exit 1; make\n",
                "FROM alpine:3.21\nRUN if cd /x; then make; fi\n",
                "FROM alpine:3.21\nRUN cd ..; ls\n",
            ])
            .fail(&[
                "FROM alpine:3.21\nRUN cd /usr/src/app; make install\n",
                "FROM alpine:3.21\nRUN (cd /x; make)\n",
                "FROM alpine:3.21\nRUN <<EOF\ncd /src\nmake\nEOF\n",
            ])
            .fix(&[
                (
                    "FROM alpine:3.21\nRUN cd /usr/src/app; make install\n",
                    "FROM alpine:3.21\nRUN cd /usr/src/app || exit; make install\n",
                ),
                (
                    "FROM alpine:3.21\nRUN cd /src; \\\n    make\n",
                    "FROM alpine:3.21\nRUN cd /src || exit; \\\n    make\n",
                ),
                (
                    "FROM alpine:3.21\nRUN <<EOF\ncd /src\nmake\nEOF\n",
                    "FROM alpine:3.21\nRUN <<EOF\ncd /src || exit\nmake\nEOF\n",
                ),
            ])
            .run();
    }
}
