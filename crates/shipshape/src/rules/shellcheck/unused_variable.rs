use super::{Finding, report_all};
use crate::rules::prelude::*;
use crate::shell::ast::{AssignValue, CommandKind, Part, PartKind, Word};
use crate::shell::visit::{Role, Scope, Visitor};
use crate::text::TextRange;

declare_rule! {
    /// ## What it does
    /// Checks for variables a RUN script assigns (`name=value`, a `for` loop variable, `read name`,
    /// `local name=value`) and never reads, exports or passes on.
    ///
    /// ## Why is this bad?
    /// A variable that is set and never used is usually a typo in its name where it is used
    /// (`$apkArch` set, `$apk_arch` read), or a leftover: an assignment that was meant for a child
    /// process but is not exported, so the child never sees it. Use it, export it, or remove it.
    /// Variables the stage's ARG and ENV define are exported already, and assignments to them count
    /// as used.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN apkArch="$(apk --print-arch)"; wget -O /usr/local/bin/tool "https://example.com/tool-$arch"
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN apkArch="$(apk --print-arch)"; wget -O /usr/local/bin/tool "https://example.com/tool-$apkArch"
    /// ```
    code: "SC2034",
    name: "unused-variable",
    category: Suspicious,
    fix: Never,
    hadolint: Some("SC2034"),
    buildkit: None,
    summary: "Variable assigned in the script but never used",
    check: check,
}

/// Variables the shell itself reads.
const SHELL_VARIABLES: &[&str] = &[
    "IFS",
    "PS1",
    "PS2",
    "PS3",
    "PS4",
    "PATH",
    "HOME",
    "PWD",
    "OLDPWD",
    "OPTIND",
    "OPTARG",
    "OPTERR",
    "LANG",
    "LANGUAGE",
    "TERM",
    "SHELL",
    "TMPDIR",
    "TZ",
    "PROMPT_COMMAND",
    "CDPATH",
    "ENV",
    "MAIL",
    "MAILPATH",
    "HISTFILE",
    "HISTSIZE",
    "BASH_ENV",
    "SHELLOPTS",
    "POSIXLY_CORRECT",
    "COLUMNS",
    "LINES",
    "_",
];

fn check(ctx: &mut Checker) {
    report_all(ctx, RULE.meta.code, |script| {
        let mut collect = Collect::default();
        for &(command, scope) in &script.commands {
            collect.command(command, scope);
        }
        collect.exported.sort_unstable();
        collect.assigned.retain(|&(name, _)| {
            !(collect.exported.binary_search(&name).is_ok()
                || script.known.contains(name)
                || SHELL_VARIABLES.contains(&name)
                || name.starts_with("LC_"))
        });
        // Most scripts assign nothing that could be unused: the text is only scanned for
        // what it reads when something could be.
        if collect.assigned.is_empty() {
            return Vec::new();
        }
        let mut used = Vec::new();
        referenced_names(&script.tree.text, &mut used);
        referenced_names(&script.heredoc_input, &mut used);
        used.sort_unstable();
        used.dedup();
        let mut out: Vec<Finding> = Vec::new();
        for (name, range) in collect.assigned {
            if used.binary_search(&name).is_err() {
                out.push((range, format!("{name} appears unused. Verify use (or export if used externally)"), None));
            }
        }
        out
    });
}

/// The names are the tree's own text: most scripts assign a few, and none is copied.
#[derive(Default)]
struct Collect<'t> {
    assigned: Vec<(&'t str, TextRange)>,
    exported: Vec<&'t str>,
}

impl<'t> Visitor<'t> for Collect<'t> {
    fn command(&mut self, command: &'t crate::shell::ast::Command, _scope: Scope) {
        match &command.kind {
            CommandKind::For { name, name_range, .. } => self.assigned.push((name, *name_range)),
            CommandKind::Simple(simple) => {
                if simple.words.is_empty() {
                    for a in &simple.assignments {
                        if matches!(a.value, AssignValue::Scalar(_) | AssignValue::Array(_)) {
                            self.assigned.push((&a.name, a.range));
                        }
                    }
                }
                let args = simple.args();
                if simple.is("export") {
                    for arg in args {
                        if let Some(name) = name_of(arg) {
                            self.exported.push(name);
                        }
                    }
                } else if simple.is_any_of(&["local", "declare", "typeset", "readonly"]) {
                    for arg in args {
                        if let Some(name) = name_of(arg) {
                            // `declare -x name=value` exports.
                            if args.iter().any(|a| a.plain().is_some_and(|f| f.starts_with('-') && f.contains('x'))) {
                                self.exported.push(name);
                            } else if arg.plain().is_some_and(|s| s.contains('=')) || has_equals(arg) {
                                self.assigned.push((name, arg.range));
                            }
                        }
                    }
                } else if simple.is("read") {
                    for arg in args.iter().filter(|a| a.plain().is_some_and(super::is_name)) {
                        self.assigned.push((arg.plain().unwrap_or_default(), arg.range));
                    }
                }
            }
            _ => {}
        }
    }

    fn word(&mut self, _word: &'t Word, _role: Role<'t>, _scope: Scope) {}
}

/// The variable a `name` or `name=value` argument names.
fn name_of(word: &Word) -> Option<&str> {
    let Some(Part { kind: PartKind::Literal(first), .. }) = word.parts.first() else { return None };
    let name = first.split('=').next().unwrap_or("");
    super::is_name(name).then_some(name)
}

fn has_equals(word: &Word) -> bool {
    matches!(word.parts.first(), Some(Part { kind: PartKind::Literal(s), .. }) if s.contains('='))
}

/// Every name the text may read: after `$` or `${` (also `${#` and `${!`), and every word in
/// an arithmetic expression, anywhere in the text (heredoc bodies and strings for other
/// programs included, which can only hide a finding, never make one up).
fn referenced_names<'a>(text: &'a str, out: &mut Vec<&'a str>) {
    let bytes = text.as_bytes();
    let mut i = 0;
    // Every slice below starts and ends next to an ASCII byte, so on a character boundary.
    while i < bytes.len() {
        if bytes[i] == b'$' {
            let arithmetic = bytes[i + 1..].starts_with(b"((");
            let mut j = i + 1;
            while j < bytes.len() && matches!(bytes[j], b'{' | b'#' | b'!' | b'(') {
                j += 1;
            }
            let start = j;
            while j < bytes.len() && (bytes[j].is_ascii_alphanumeric() || bytes[j] == b'_') {
                j += 1;
            }
            if j > start {
                out.push(&text[start..j]);
            }
            if arithmetic {
                let end = find(bytes, j, b"))");
                out.extend(words(&text[j..end]));
                j = end;
            }
            i = j.max(i + 1);
        } else if bytes[i..].starts_with(b"((") {
            let end = find(bytes, i, b"))");
            out.extend(words(&text[i..end]));
            i = end.max(i + 1);
        } else if bytes[i..].starts_with(b"-v ") {
            // `[ -v name ]` and `[[ -v name ]]`.
            out.extend(words(&text[i + 3..]).take(1));
            i += 3;
        } else {
            // On to the next byte any of the cases above starts with.
            i += 1;
            i += bytes[i..].iter().position(|&b| matches!(b, b'$' | b'(' | b'-')).unwrap_or(bytes.len() - i);
        }
    }
}

/// The offset of `needle` at or after `from`, or the end.
fn find(bytes: &[u8], from: usize, needle: &[u8]) -> usize {
    bytes[from..].windows(needle.len()).position(|w| w == needle).map_or(bytes.len(), |p| from + p)
}

fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).filter(|w| !w.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(&RULE)
            .pass(&[
                "FROM alpine:3.21\nRUN apkArch=\"$(apk --print-arch)\"; wget -O /usr/local/bin/tool \"https://example.com/tool-$apkArch\"\n",
                "FROM alpine:3.21\nRUN x=1; export x\n",
                "FROM alpine:3.21\nRUN x=1; echo $((x + 1))\n",
                "FROM alpine:3.21\nRUN IFS=:; echo\n",
                "FROM alpine:3.21\nRUN x=1; cat <<EOF > /f\n$x\nEOF\n",
                "FROM alpine:3.21\nARG DEBIAN_FRONTEND\nRUN DEBIAN_FRONTEND=noninteractive\n",
                "FROM alpine:3.21\nRUN x=1 make\n",
            ])
            .fail(&[
                "FROM alpine:3.21\nRUN apkArch=\"$(apk --print-arch)\"; wget -O /usr/local/bin/tool \"https://example.com/tool-$arch\"\n",
                "FROM alpine:3.21\nRUN for i in a b; do echo; done\n",
                "FROM alpine:3.21\nRUN <<EOF\nread -r line < /etc/hostname\nEOF\n",
            ])
            .run();
    }
}
