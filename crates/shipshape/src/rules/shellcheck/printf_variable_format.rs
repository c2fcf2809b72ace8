use super::{Finding, report_all};
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for `printf` in a RUN script whose format string (its first argument) holds a
    /// variable and no `%` directive.
    ///
    /// ## Why is this bad?
    /// `printf` interprets `%` and `\` sequences in its format. A value put into the format gets
    /// interpreted too: a `%` in it eats an argument or prints garbage, a `\` disappears. Keep the
    /// format constant and pass the value as an argument: `printf '%s\n' "$value"`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN version="$(cat /VERSION)" && printf "$version\n" > /etc/app-version
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN version="$(cat /VERSION)" && printf '%s\n' "$version" > /etc/app-version
    /// ```
    code: "SC2059",
    name: "printf-variable-format",
    category: Style,
    fix: Never,
    hadolint: Some("SC2059"),
    buildkit: None,
    summary: "Variable in the format string of `printf`",
    check: check,
}

fn check(ctx: &mut Checker) {
    report_all(ctx, RULE.meta.code, |script| {
        let mut out: Vec<Finding> = Vec::new();
        for (_, simple, _) in script.simple.iter() {
            if !simple.is("printf") {
                continue;
            }
            let mut args = simple.args();
            if args.first().is_some_and(|a| a.is_plain("-v")) {
                args = args.get(2..).unwrap_or(&[]);
            }
            if args.first().is_some_and(|a| a.is_plain("--")) {
                args = &args[1..];
            }
            let Some(format) = args.first() else { continue };
            if format.literal().is_none() && !format.loose(&script.tree.text).contains('%') {
                out.push((
                    format.range,
                    "Don't use variables in the printf format string. Use printf '..%s..' \"$foo\"".to_string(),
                    None,
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
                "FROM alpine:3.21\nRUN version=\"$(cat /VERSION)\" && printf '%s\\n' \"$version\" > /etc/app-version\n",
                "FROM alpine:3.21\nRUN printf \"%s\" \"$x\"\n",
                "FROM alpine:3.21\nRUN printf \"${x}%s\" y\n",
                "FROM alpine:3.21\nRUN printf 'a\\n'\n",
            ])
            .fail(&[
                "FROM alpine:3.21\nRUN version=\"$(cat /VERSION)\" && printf \"$version\\n\" > /etc/app-version\n",
                "FROM alpine:3.21\nRUN printf $x\n",
                "FROM alpine:3.21\nRUN printf -- \"$x\"\n",
            ])
            .run();
    }
}
