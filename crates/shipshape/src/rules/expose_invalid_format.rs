use crate::rules::prelude::*;
use crate::text::code;

declare_rule! {
    /// ## What it does
    /// Checks for `EXPOSE` ports written with a host port or an IP address, the way
    /// `docker run -p` takes them: `EXPOSE 8080:80`, `EXPOSE 127.0.0.1:80:80`,
    /// `EXPOSE 0.0.0.0:80`.
    ///
    /// ## Why is this bad?
    /// `EXPOSE` only records which port the container listens on; it cannot publish a port or
    /// bind an address. Docker keeps the last part (the container port) and silently drops the
    /// rest, so the file suggests a mapping that never happens. BuildKit warns about it, and a
    /// future release will fail the build. Publish ports when you run the container
    /// (`docker run -p 8080:80`).
    ///
    /// The fix keeps only the container port, which is exactly what Docker records today.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM nginx:1.27
    /// EXPOSE 8080:80
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM nginx:1.27
    /// EXPOSE 80
    /// ```
    code: "SS112",
    name: "expose-invalid-format",
    category: Suspicious,
    fix: Always,
    hadolint: None,
    buildkit: Some("ExposeInvalidFormat"),
    summary: "EXPOSE names a host port or an IP address",
    check: check,
}

/// BuildKit's `splitParts`: `[ip:]host:container` (an IPv6 address may hold colons).
pub(crate) fn split_parts(spec: &str) -> (&str, &str, &str) {
    let parts: Vec<&str> = spec.split(':').collect();
    match parts.len() {
        1 => ("", "", parts[0]),
        2 => ("", parts[0], parts[1]),
        n => {
            let ip_end = spec.len() - parts[n - 1].len() - parts[n - 2].len() - 2;
            (&spec[..ip_end], parts[n - 2], parts[n - 1])
        }
    }
}

fn check(ctx: &mut Checker) {
    for (_, instruction) in ctx.of_kind(Kind::Expose) {
        let Args::Words(words) = &instruction.args else { continue };
        for word in words {
            if word.value.contains('$') {
                continue;
            }
            let (ip, host, container) = split_parts(&word.value);
            if (ip.is_empty() && host.is_empty()) || container.is_empty() || container.starts_with('/') {
                continue;
            }
            // `0.0.0.0:80` has two parts, so BuildKit reads the address as the host port.
            let what = if ip.is_empty() && !host.contains(['.', '[']) { "a host port" } else { "an IP address" };
            ctx.report_fix(
                word.range,
                format!(
                    "{} names {what}, which EXPOSE cannot publish: only the container port {} is recorded",
                    code(&format!("EXPOSE {}", word.value)),
                    code(container)
                ),
                Some(Fix::safe(
                    format!("Keep only the container port {}", code(container)),
                    vec![Edit::replace(word.range, container)],
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
    fn splits_like_buildkit() {
        assert_eq!(split_parts("80"), ("", "", "80"));
        assert_eq!(split_parts("5000:5000"), ("", "5000", "5000"));
        assert_eq!(split_parts("127.0.0.1:80:80/tcp"), ("127.0.0.1", "80", "80/tcp"));
        assert_eq!(split_parts("[::1]:8080:8080"), ("[::1]", "8080", "8080"));
        assert_eq!(split_parts("::::80"), ("::", "", "80"));
    }

    #[test]
    fn cases() {
        RuleTest::new(&RULE)
            .pass(&[
                // From BuildKit's docs for ExposeInvalidFormat.
                "FROM alpine\nEXPOSE 80\n",
                "FROM alpine\nEXPOSE 80/udp 8000-8010 9000/tcp\n",
                "FROM alpine\nARG PORT=8080\nEXPOSE ${PORT}\n",
            ])
            .fail(&[
                "FROM alpine\nEXPOSE 127.0.0.1:80:80\n",
                "FROM alpine\nEXPOSE 80:80\n",
                "FROM scratch\nEXPOSE 127.0.0.1:80:80 [::1]:8080:8080 5000:5000 8000\n",
                "FROM alpine\nEXPOSE 0.0.0.0:80\n",
                "FROM alpine\nONBUILD EXPOSE 8080:80/udp\n",
            ])
            .fix(&[
                (
                    "FROM scratch\nEXPOSE 127.0.0.1:80:80 [::1]:8080:8080 5000:5000 8000\n",
                    "FROM scratch\nEXPOSE 80 8080 5000 8000\n",
                ),
                ("FROM alpine\nEXPOSE 0.0.0.0:1234-1235:3333-3334/tcp\n", "FROM alpine\nEXPOSE 3333-3334/tcp\n"),
            ])
            .run();
    }
}
