use super::{Finding, report_all};
use crate::rules::prelude::*;
use crate::shell::ast::{Part, PartKind};

declare_rule! {
    /// ## What it does
    /// Checks for `rm -r` (or `-rf`) in a RUN script on a path built from a variable that, when the
    /// variable is empty or unset, is `/`, `/*`, `/usr`, `/etc` or another system directory.
    ///
    /// ## Why is this bad?
    /// `rm -rf "$PREFIX/bin"` with `PREFIX` unset removes `/bin`. In an image build that usually
    /// breaks the image rather than a machine, but it fails late and confusingly. `${PREFIX:?}`
    /// stops the RUN with an error when the variable is empty.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN rm -rf "$BUILD_DIR"/*
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN rm -rf "${BUILD_DIR:?}"/*
    /// ```
    code: "SC2115",
    name: "rm-with-empty-variable",
    category: Suspicious,
    fix: Never,
    hadolint: Some("SC2115"),
    buildkit: None,
    summary: "`rm -r` of a path that becomes a system directory when a variable is empty",
    check: check,
}

/// Directories that must not be removed whole.
const IMPORTANT: &[&str] = &[
    "/",
    "/*",
    "/*/*",
    "/bin",
    "/boot",
    "/dev",
    "/etc",
    "/home",
    "/lib",
    "/lib64",
    "/media",
    "/mnt",
    "/opt",
    "/proc",
    "/root",
    "/run",
    "/sbin",
    "/srv",
    "/sys",
    "/usr",
    "/usr/bin",
    "/usr/lib",
    "/usr/local",
    "/usr/share",
    "/var",
];

fn check(ctx: &mut Checker) {
    report_all(ctx, RULE.meta.code, |script| {
        let mut out: Vec<Finding> = Vec::new();
        for (_, simple, _) in script.simple.iter() {
            if !simple.is("rm") {
                continue;
            }
            let recursive = simple.args().iter().any(|a| {
                a.literal().is_some_and(|s| {
                    s == "--recursive" || (s.starts_with('-') && !s.starts_with("--") && s.contains(['r', 'R']))
                })
            });
            if !recursive {
                continue;
            }
            for arg in simple.args() {
                let Some(without) = without_variables(&arg.parts) else { continue };
                let trimmed = if without.len() > 1 { without.trim_end_matches('/') } else { without.as_str() };
                let trimmed = if trimmed.is_empty() && !without.is_empty() { "/" } else { trimmed };
                if IMPORTANT.contains(&trimmed) || IMPORTANT.iter().any(|d| format!("{d}/*") == trimmed) {
                    out.push((
                        arg.range,
                        format!(
                            "Use \"${{var:?}}\" to ensure this never expands to {trimmed} (the variable may be empty)"
                        ),
                        None,
                    ));
                }
            }
        }
        out
    });
}

/// The word with every expansion that may be empty removed; `None` without such an
/// expansion, or with one that cannot be empty (`${x:?}`, `${x:-/tmp}`).
fn without_variables(parts: &[Part]) -> Option<String> {
    fn walk(parts: &[Part], out: &mut String, found: &mut bool) -> bool {
        for part in parts {
            match &part.kind {
                PartKind::Literal(s) | PartKind::SingleQuoted(s) => out.push_str(s),
                PartKind::Escaped(c) => out.push(*c),
                PartKind::DoubleQuoted(inner) => {
                    if !walk(inner, out, found) {
                        return false;
                    }
                }
                PartKind::Param(p) => {
                    if p.op.starts_with([':', '?', '-', '=', '+'])
                        || p.length
                        || matches!(p.name.as_str(), "#" | "?" | "$" | "!")
                    {
                        return false;
                    }
                    *found = true;
                }
                _ => return false,
            }
        }
        true
    }
    let mut out = String::new();
    let mut found = false;
    (walk(parts, &mut out, &mut found) && found).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(&RULE)
            .pass(&[
                "FROM alpine:3.21\nRUN rm -rf \"${BUILD_DIR:?}\"/*\n",
                "FROM alpine:3.21\nRUN rm -rf \"$x/tmp\"\n",
                "FROM alpine:3.21\nRUN rm -rf \"${x:?}\"/*\n",
                "FROM alpine:3.21\nRUN rm -f \"$x\"/*\n",
                "FROM alpine:3.21\nRUN rm -rf \"$HOME/.cache\"\n",
            ])
            .fail(&[
                "FROM alpine:3.21\nRUN rm -rf \"$BUILD_DIR\"/*\n",
                "FROM alpine:3.21\nRUN rm -rf \"$ROOT/usr/local\"\n",
                "FROM alpine:3.21\nRUN rm -r $x/\n",
            ])
            .run();
    }
}
