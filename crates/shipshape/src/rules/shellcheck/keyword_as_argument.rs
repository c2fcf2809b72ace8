use super::report_all;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for shell keywords such as `do`, `then`, `done`, `fi` or `esac` used as plain
    /// arguments in a RUN script.
    ///
    /// ## Why is this bad?
    /// A keyword is only a keyword where a command starts. `for x in a b do …` is missing the `;`
    /// before `do`, so `do` is one of the loop's words and the loop never closes. When the word is
    /// meant as an argument (`mix do compile`), quote it to say so.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN mix do deps.get, compile
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN mix "do" deps.get, compile
    /// ```
    code: "SC1010",
    name: "keyword-as-argument",
    category: Suspicious,
    fix: Never,
    hadolint: Some("SC1010"),
    buildkit: None,
    summary: "A shell keyword (`do`, `then`, `done`, `fi`…) as an argument",
    check: check,
}

fn check(ctx: &mut Checker) {
    report_all(ctx, RULE.meta.code, |script| {
        script.tree.issues.iter().filter(|i| i.code == 1010).map(|i| (i.range, i.message.clone(), None)).collect()
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
                "FROM alpine:3.21\nRUN mix \"do\" deps.get, compile\n",
                "FROM alpine:3.21\nRUN echo \"fi\" 'done'\n",
            ])
            .fail(&["FROM alpine:3.21\nRUN mix do deps.get, compile\n", "FROM alpine:3.21\nRUN echo then\n"])
            .run();
    }
}
