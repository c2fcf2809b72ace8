use crate::rules::prelude::*;
use crate::text::code;

declare_rule! {
    /// ## What it does
    /// Checks for an `EXPOSE` protocol written in uppercase or mixed case: `80/TCP` rather
    /// than `80/tcp`.
    ///
    /// ## Why is this bad?
    /// Docker accepts any casing and stores the protocol in lowercase, so the image is the same;
    /// writing it as Docker shows it (`docker inspect`, `docker ps`) keeps the file consistent
    /// with what people see elsewhere.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM nginx:1.27
    /// EXPOSE 80/TCP
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM nginx:1.27
    /// EXPOSE 80/tcp
    /// ```
    code: "SS111",
    name: "expose-proto-casing",
    category: Style,
    fix: Always,
    hadolint: None,
    buildkit: Some("ExposeProtoCasing"),
    summary: "An EXPOSE protocol is not lowercase",
    check: check,
}

fn check(ctx: &mut Checker) {
    for (_, instruction) in ctx.of_kind(Kind::Expose) {
        let Args::Words(words) = &instruction.args else { continue };
        for word in words {
            // A variable may expand to anything; BuildKit judges the expanded value.
            if word.value.contains('$') {
                continue;
            }
            let Some((port, protocol)) = word.value.split_once('/') else {
                continue;
            };
            let lower = protocol.to_ascii_lowercase();
            if protocol == lower {
                continue;
            }
            let raw = ctx.text(word.range);
            let Some(slash) = raw.find('/') else { continue };
            let fixed = format!("{}{}", &raw[..slash], raw[slash..].to_ascii_lowercase());
            ctx.report_fix(
                word.range,
                format!(
                    "Protocol {} in {} is not lowercase: write {}",
                    code(protocol),
                    code(&format!("EXPOSE {}", word.value)),
                    code(&format!("{port}/{lower}"))
                ),
                Some(Fix::safe(
                    format!("Write {}", code(&format!("{port}/{lower}"))),
                    vec![Edit::replace(word.range, fixed)],
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(&RULE)
            .pass(&[
                // From BuildKit's docs for ExposeProtoCasing.
                "FROM alpine\nEXPOSE 80/tcp\n",
                "FROM alpine\nEXPOSE 80 443 53/udp 9000-9005/sctp\n",
                "FROM alpine\nARG PROTO=TCP\nEXPOSE 80/$PROTO\n",
            ])
            .fail(&[
                "FROM alpine\nEXPOSE 80/TcP\n",
                "FROM scratch\nEXPOSE 80/TcP 8080/TCP 8080/udp\n",
                "FROM scratch\nONBUILD EXPOSE 53/UDP\n",
            ])
            .fix(&[
                ("FROM scratch\nEXPOSE 80/TcP 8080/TCP 8080/udp\n", "FROM scratch\nEXPOSE 80/tcp 8080/tcp 8080/udp\n"),
                (
                    "FROM scratch\nEXPOSE \"53/UDP\" \\\n    8000-8001/SCTP\n",
                    "FROM scratch\nEXPOSE \"53/udp\" \\\n    8000-8001/sctp\n",
                ),
            ])
            .run();
    }
}
