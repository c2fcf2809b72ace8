use super::expose_invalid_format::split_parts;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for `EXPOSE 22`, the SSH port (also `22/tcp`, a range holding 22, or a
    /// `host:22` mapping).
    ///
    /// ## Why is this bad?
    /// A container is not a virtual machine: you get a shell in it with `docker exec`, and
    /// `docker cp` copies files. An SSH server in the image is one more long-running service
    /// with keys or passwords to manage and patch, and an open door for anyone who reaches the
    /// port. Trivy (DS004) and Checkov (CKV_DOCKER_1) report it too. An image whose job is to
    /// serve SSH (a Git server, a bastion) can silence the rule with
    /// `# shipshape ignore=ssh-port-exposed`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12-slim
    /// EXPOSE 22 8080
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12-slim
    /// EXPOSE 8080
    /// ```
    ///
    /// ## Fix safety
    /// The fix removes port 22 from `EXPOSE` (the whole instruction when it is the only port).
    /// Tools that rely on the exposed ports, such as `docker run -P`, stop publishing it, so the
    /// fix is unsafe. It is not offered for ranges.
    code: "SS201",
    name: "ssh-port-exposed",
    category: Security,
    fix: Sometimes,
    hadolint: None,
    buildkit: None,
    summary: "EXPOSE publishes the SSH port 22",
    check: check,
}

/// True for `22` or a range `a-b` holding it.
fn holds_22(port: &str) -> bool {
    match port.split_once('-') {
        Some((a, b)) => a.parse::<u32>().is_ok_and(|a| a <= 22) && b.parse::<u32>().is_ok_and(|b| b >= 22),
        None => port == "22",
    }
}

fn check(ctx: &mut Checker) {
    for (_, outer) in ctx.instructions() {
        let instruction = outer.effective();
        if instruction.kind != Kind::Expose {
            continue;
        }
        let Args::Words(words) = &instruction.args else { continue };
        let port_of = |word: &Word| {
            let (_, _, container) = split_parts(&word.value);
            container.split('/').next().unwrap_or("").to_string()
        };
        // When every port goes, the whole instruction goes: an empty EXPOSE is an error.
        let only_22 = words.iter().all(|w| port_of(w) == "22");
        for word in words {
            if word.value.contains('$') {
                continue;
            }
            let port = port_of(word);
            if !holds_22(&port) {
                continue;
            }
            let fix = if port != "22" {
                None
            } else if !only_22 {
                ctx.delete_word(word.range).map(|edit| Fix::unsafe_edit("Remove port 22 from EXPOSE", vec![edit]))
            } else if outer.comments.is_empty() {
                Some(Fix::unsafe_edit("Remove the EXPOSE of port 22", vec![ctx.delete_instruction(outer)]))
            } else {
                None
            };
            ctx.report_fix(
                word.range,
                "Port 22 (SSH) is exposed: an SSH server in a container is one more service to secure, and `docker exec` already gives a shell",
                fix,
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
                "FROM alpine\nEXPOSE 8080\n",
                "FROM alpine\nEXPOSE 2222 220 122/tcp\n",
                "FROM alpine\nARG PORT=22\nEXPOSE $PORT\n",
                "FROM alpine\nRUN echo 22\n",
                "FROM alpine\n# shipshape ignore=ssh-port-exposed\nEXPOSE 22\n",
            ])
            .fail(&[
                "FROM alpine\nEXPOSE 22\n",
                "FROM alpine\nEXPOSE 80 22/tcp 443\n",
                "FROM alpine\nEXPOSE 20-25\n",
                "FROM alpine\nEXPOSE 2222:22\n",
                "FROM alpine\nONBUILD EXPOSE 22\n",
            ])
            .fix(&[
                ("FROM alpine\nEXPOSE 22\nCMD [\"sshd\"]\n", "FROM alpine\nCMD [\"sshd\"]\n"),
                ("FROM alpine\nEXPOSE 80 22/tcp 443\n", "FROM alpine\nEXPOSE 80 443\n"),
                ("FROM alpine\nEXPOSE 22 \\\n    8080\n", "FROM alpine\nEXPOSE \\\n    8080\n"),
                ("FROM alpine\nEXPOSE 20-25\n", "FROM alpine\nEXPOSE 20-25\n"),
                ("FROM alpine\nEXPOSE 22 22/udp\nUSER app\n", "FROM alpine\nUSER app\n"),
                ("FROM alpine\nONBUILD EXPOSE 22\nEXPOSE 22", "FROM alpine\n"),
            ])
            .run();
    }
}
