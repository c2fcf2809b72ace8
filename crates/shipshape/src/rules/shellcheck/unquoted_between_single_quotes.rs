use super::{Finding, report_all};
use crate::rules::prelude::*;
use crate::shell::ast::PartKind;

declare_rule! {
    /// ## What it does
    /// Checks for a bare word glued between two single-quoted strings in a RUN script:
    /// `'s/a/'TLS'/'`.
    ///
    /// ## Why is this bad?
    /// It looks like one quoted string with quotes inside, but the middle word is outside the
    /// quotes: it is split and globbed like any unquoted text. Usually the inner quotes were meant
    /// literally; write them as `'\''` or use double quotes around the whole.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN sed -i 's/^MinProtocol.*/MinProtocol = 'TLSv1.2'/' /etc/ssl/openssl.cnf
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN sed -i 's/^MinProtocol.*/MinProtocol = TLSv1.2/' /etc/ssl/openssl.cnf
    /// ```
    code: "SC2026",
    name: "unquoted-between-single-quotes",
    category: Style,
    fix: Never,
    hadolint: Some("SC2026"),
    buildkit: None,
    summary: "A word between two single-quoted strings is not quoted",
    check: check,
}

fn check(ctx: &mut Checker) {
    report_all(ctx, RULE.meta.code, |script| {
        let mut out: Vec<Finding> = Vec::new();
        for (word, _, _) in script.words.iter().copied() {
            for w in word.parts.windows(3) {
                if let (PartKind::SingleQuoted(_), PartKind::Literal(middle), PartKind::SingleQuoted(_)) =
                    (&w[0].kind, &w[1].kind, &w[2].kind)
                    && middle.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
                    && middle
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '@' | '_' | '-' | ':' | '/' | '='))
                {
                    out.push((
                        w[1].range,
                        "This word is outside of quotes. Did you intend to 'nest '\"'single quotes'\"' instead'?"
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
                "FROM alpine:3.21\nRUN sed -i 's/^MinProtocol.*/MinProtocol = TLSv1.2/' /etc/ssl/openssl.cnf\n",
                "FROM alpine:3.21\nRUN echo 'a'\"$x\"'b'\n",
                "FROM alpine:3.21\nRUN echo 'a' 'b'\n",
            ])
            .fail(&[
                "FROM alpine:3.21\nRUN sed -i 's/^MinProtocol.*/MinProtocol = 'TLSv1.2'/' /etc/ssl/openssl.cnf\n",
                "FROM alpine:3.21\nRUN echo 'a'b'c'\n",
            ])
            .run();
    }
}
