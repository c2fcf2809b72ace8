use super::{Finding, report_all};
use crate::rules::prelude::*;
use crate::shell::ast::{Part, PartKind};

declare_rule! {
    /// ## What it does
    /// Checks for `echo` arguments holding `\n`, `\t` or `\r` in a RUN script.
    ///
    /// ## Why is this bad?
    /// Whether `echo` turns `\n` into a line break depends on the shell: dash, Debian's and
    /// Ubuntu's `/bin/sh`, does, bash does not (unless given `-e`, which dash prints as text). A
    /// line written into a config file changes with the base image. `printf` interprets escapes the
    /// same everywhere.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN echo 'listen 80;\nserver_name _;' > /etc/nginx/conf.d/site.conf
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN printf 'listen 80;\nserver_name _;\n' > /etc/nginx/conf.d/site.conf
    /// ```
    code: "SC2028",
    name: "echo-escape-sequences",
    category: Style,
    fix: Never,
    hadolint: Some("SC2028"),
    buildkit: None,
    summary: "`echo` with a backslash escape, which shells print differently",
    check: check,
}

fn check(ctx: &mut Checker) {
    report_all(ctx, RULE.meta.code, |script| {
        let mut out: Vec<Finding> = Vec::new();
        for (_, simple, _) in script.simple.iter() {
            if !simple.is("echo") {
                continue;
            }
            // `echo -e` asks for the escapes (SC3037 reports the flag under sh).
            if simple.args().iter().any(|a| a.plain().is_some_and(|s| s.starts_with('-') && s.contains('e'))) {
                continue;
            }
            for arg in simple.args() {
                if has_escape(&arg.parts, script) {
                    out.push((
                        arg.range,
                        "echo may not expand escape sequences: use printf, which does everywhere".to_string(),
                        None,
                    ));
                }
            }
        }
        out
    });
}

fn has_escape(parts: &[Part], script: &super::RunScript) -> bool {
    parts.iter().any(|p| match &p.kind {
        PartKind::SingleQuoted(s) => escape_in(s),
        PartKind::DoubleQuoted(_) => escape_in(script.tree.slice(p.range)),
        _ => false,
    })
}

fn escape_in(text: &str) -> bool {
    text.as_bytes().windows(2).any(|w| w[0] == b'\\' && matches!(w[1], b'n' | b't' | b'r'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(&RULE)
            .pass(&[
                "FROM alpine:3.21\nRUN printf 'listen 80;\\nserver_name _;\\n' > /etc/nginx/conf.d/site.conf\n",
                "FROM alpine:3.21\nRUN echo '<FilesMatch \\.php$>'\n",
                "FROM alpine:3.21\nRUN echo -e 'a\\nb'\n",
                "FROM alpine:3.21\nRUN echo a\\nb\n",
            ])
            .fail(&[
                "FROM alpine:3.21\nRUN echo 'listen 80;\\nserver_name _;' > /etc/nginx/conf.d/site.conf\n",
                "FROM alpine:3.21\nRUN echo \"#!/bin/sh\\n\" > /entrypoint.sh\n",
                "FROM alpine:3.21\nRUN <<EOF\necho 'a\\tb'\nEOF\n",
            ])
            .run();
    }
}
