use crate::rules::prelude::*;
use crate::text::code;

declare_rule! {
    /// ## What it does
    /// Checks for a `WORKDIR` in a system directory: `/proc`, `/sys`, `/dev`, `/boot`,
    /// `/initrd`, `/lost+found`, or below one of them.
    ///
    /// ## Why is this bad?
    /// At run time the container engine mounts its own `/proc`, `/sys` and `/dev` over the
    /// image's, so anything the build puts there disappears and the application works inside
    /// the kernel's interface to the host. `/boot`, `/initrd` and `/lost+found` belong to the
    /// operating system, not to applications. Trivy (DS030) reports it as a possible
    /// container breakout. Use a directory of your own, such as `/app` or `/srv/<name>`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// WORKDIR /proc/app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// WORKDIR /app
    /// ```
    code: "SS203",
    name: "workdir-in-system-directory",
    category: Suspicious,
    fix: Never,
    hadolint: None,
    buildkit: None,
    summary: "WORKDIR points into a system directory",
    check: check,
}

const RUNTIME_MOUNTS: &[&str] = &["/proc", "/sys", "/dev"];
const SYSTEM: &[&str] = &["/boot", "/initrd", "/lost+found"];

/// `path` with `.` segments, repeated and trailing slashes removed.
fn normalize(path: &str) -> String {
    let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty() && *p != ".").collect();
    format!("/{}", parts.join("/"))
}

fn check(ctx: &mut Checker) {
    for (_, instruction) in ctx.of_kind(Kind::Workdir) {
        let Args::Text(word) = &instruction.args else { continue };
        let path = word.value.trim();
        if !path.starts_with('/') || path.contains('$') {
            continue;
        }
        let path = normalize(path);
        let inside = |dir: &&&str| path == **dir || path.starts_with(&format!("{dir}/"));
        let place = |dir: &str| {
            if path == dir { format!("is {} itself", code(dir)) } else { format!("is inside {}", code(dir)) }
        };
        let message = if let Some(dir) = RUNTIME_MOUNTS.iter().find(inside) {
            format!(
                "WORKDIR {} {}, which the container engine replaces with its own mount at run time: files the build puts there are hidden",
                code(&path),
                place(dir)
            )
        } else if let Some(dir) = SYSTEM.iter().find(inside) {
            format!(
                "WORKDIR {} {}, a directory of the operating system: use one of your own, such as `/app`",
                code(&path),
                place(dir)
            )
        } else {
            continue;
        };
        ctx.report(word.range, message);
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
                "FROM alpine\nWORKDIR /app\n",
                "FROM alpine\nWORKDIR /srv/devices\n",
                "FROM alpine\nWORKDIR /process\n",
                "FROM alpine\nWORKDIR /usr/src/dev\n",
                "FROM alpine\nWORKDIR dev\n",
                "FROM alpine\nARG DIR=/proc\nWORKDIR $DIR\n",
            ])
            .fail(&[
                "FROM alpine\nWORKDIR /proc\n",
                "FROM alpine\nWORKDIR /proc/app\n",
                "FROM alpine\nWORKDIR //sys/./kernel/\n",
                "FROM alpine\nWORKDIR /dev/app\n",
                "FROM alpine\nWORKDIR /boot/app\n",
                "FROM alpine\nWORKDIR \"/lost+found\"\n",
                "FROM alpine\nONBUILD WORKDIR /initrd\n",
            ])
            .run();
    }
}
