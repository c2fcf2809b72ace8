use crate::rules::prelude::*;
use crate::text::code;

declare_rule! {
    /// ## What it does
    /// Checks `EXPOSE` for port numbers above 65535, alone (`80000`) or in a range
    /// (`40000-80000/tcp`). Ports given as variables are left alone.
    ///
    /// ## Why is this bad?
    /// TCP and UDP ports are 16-bit numbers, from 0 to 65535. A larger number is a typo,
    /// often a digit too many, and the port the application really listens on is not
    /// documented; tools that read the image's exposed ports reject it.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM nginx:1.27
    /// EXPOSE 80800
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM nginx:1.27
    /// EXPOSE 8080
    /// ```
    code: "DL3011",
    name: "expose-port-out-of-range",
    category: Correctness,
    fix: Never,
    hadolint: Some("DL3011"),
    buildkit: None,
    summary: "EXPOSE names a port above 65535",
    check: check,
}

/// The ports of one EXPOSE word that are out of range: `80000` in `40000-80000/tcp`.
fn out_of_range(word: &str) -> Vec<&str> {
    let ports = word.split_once('/').map_or(word, |(ports, _)| ports);
    ports
        .split('-')
        .filter(|port| !port.is_empty() && port.chars().all(|c| c.is_ascii_digit()))
        .filter(|port| port.trim_start_matches('0').len() > 5 || port.parse::<u32>().is_ok_and(|p| p > 65535))
        .collect()
}

fn check(ctx: &mut Checker) {
    for (_, expose) in ctx.of_kind(Kind::Expose) {
        let Args::Words(words) = &expose.args else { continue };
        for word in words {
            for port in out_of_range(&word.value) {
                ctx.report(
                    word.range,
                    format!(
                        "Port {} does not exist: ports range from 0 to 65535, so this is likely a typo",
                        code(port)
                    ),
                );
            }
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
                "EXPOSE 80 443/tcp 53/udp\n",
                "EXPOSE 0 65535\n",
                "EXPOSE 40000-60000/tcp\n",
                "EXPOSE $PORT\n",
                "EXPOSE 8000-${MAX_PORT}\n",
            ])
            .fail(&[
                "EXPOSE 65536\n",
                "EXPOSE 80 80800\n",
                "EXPOSE 40000-80000/tcp\n",
                "EXPOSE 99999999999999999999/udp\n",
                "ONBUILD EXPOSE 70000\n",
            ])
            .run();
    }
}
