use super::report_all;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks that the script of each RUN (and each heredoc script the shell runs) is valid shell:
    /// quotes, `$(…)`, `${…}` and backquotes closed, `if`/`fi`, `do`/`done`, `case`/`esac`, `{`/`}`
    /// and `(`/`)` matched, a command after every `&&`, `||` and `|`.
    ///
    /// ## Why is this bad?
    /// The build fails at this RUN with a syntax error from the shell, or, when the shell reads the
    /// script differently than intended, runs something else. The finding points at the first
    /// error, where the shell stops; the other ShellCheck rules still look at the rest of the
    /// script, read as well as it can be.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN if [ -f /etc/alpine-release ]; then apk add curl; else apt-get install -y curl
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN if [ -f /etc/alpine-release ]; then apk add curl; else apt-get install -y curl; fi
    /// ```
    code: "SC1072",
    name: "shell-syntax-error",
    category: Correctness,
    fix: Never,
    hadolint: Some("SC1072"),
    buildkit: None,
    summary: "The RUN script is not valid shell syntax",
    check: check,
}

fn check(ctx: &mut Checker) {
    report_all(ctx, RULE.meta.code, |script| {
        // The shell stops at the first error; what follows it is read on a guess.
        let first = script.tree.issues.iter().find(|i| i.is_fatal());
        first
            .map(|i| {
                (i.range, format!("{} The shell cannot run this script: fix the mentioned problem", i.message), None)
            })
            .into_iter()
            .collect()
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
                "FROM alpine:3.21\nRUN if [ -f /etc/alpine-release ]; then apk add curl; else apt-get install -y curl; fi\n",
                "FROM alpine:3.21\nRUN echo 'a' \"b\" $(c) `d` ${e}\n",
                "FROM alpine:3.21\nRUN case $x in a) echo ;; esac\n",
            ])
            .fail(&[
                "FROM alpine:3.21\nRUN if [ -f /etc/alpine-release ]; then apk add curl; else apt-get install -y curl\n",
                "FROM alpine:3.21\nRUN echo \"unclosed\n",
                "FROM alpine:3.21\nRUN make &&\n",
                "FROM alpine:3.21\nRUN <<EOF\ncase $x in\na) echo a ;;\nEOF\n",
                "FROM alpine:3.21\nRUN echo $(date\n",
            ])
            .run();
    }
}
