use super::{Finding, report_all};
use crate::rules::prelude::*;
use crate::shell::ast::{CommandKind, Part, PartKind, Word};
use crate::shell::visit::{Role, Scope, Visitor};
use crate::text::TextRange;
use std::collections::HashSet;

declare_rule! {
    /// ## What it does
    /// Checks for variables with lowercase letters that a RUN script reads (`$name`) but never
    /// assigns, and that no ARG or ENV of the stage defines.
    ///
    /// ## Why is this bad?
    /// Environment variables are uppercase by convention, so a lowercase name that nothing assigns
    /// is most often a typo (`$pkgname` for `$pkg_name`) or a variable of another RUN: every RUN
    /// starts a new shell, and a variable set in one is gone in the next. It expands to nothing,
    /// silently. Define it with ARG or ENV, or set it in this RUN.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN arch="$(uname -m)" && curl -fsSLO "https://example.com/tool-$archh.tar.gz"
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN arch="$(uname -m)" && curl -fsSLO "https://example.com/tool-$arch.tar.gz"
    /// ```
    code: "SC2154",
    name: "unassigned-variable",
    category: Suspicious,
    fix: Never,
    hadolint: Some("SC2154"),
    buildkit: None,
    summary: "Lowercase variable used but never assigned",
    check: check,
}

fn check(ctx: &mut Checker) {
    report_all(ctx, RULE.meta.code, |script| {
        let mut collect = Collect::default();
        for &(command, scope) in &script.commands {
            collect.command(command, scope);
        }
        for &(word, role, scope) in &script.words {
            collect.word(word, role, scope);
        }
        let mut seen: HashSet<&str> = HashSet::new();
        let mut out: Vec<Finding> = Vec::new();
        for (name, range) in &collect.references {
            if collect.assigned.contains(*name) || script.known.contains(name) || !seen.insert(name) {
                continue;
            }
            out.push((
                *range,
                format!(
                    "{name} is referenced but not assigned: each RUN starts a new shell, so set it here or with ARG/ENV"
                ),
                None,
            ));
        }
        out
    });
}

#[derive(Default)]
struct Collect<'t> {
    references: Vec<(&'t str, TextRange)>,
    assigned: HashSet<&'t str>,
}

impl<'t> Visitor<'t> for Collect<'t> {
    fn command(&mut self, command: &'t crate::shell::ast::Command, _scope: Scope) {
        match &command.kind {
            CommandKind::For { name, .. } => {
                self.assigned.insert(name);
            }
            CommandKind::Simple(simple) => {
                self.assigned.extend(simple.assignments.iter().map(|a| a.name.as_str()));
                // Commands that set the variables they are given.
                if simple.is_any_of(&[
                    "read",
                    "export",
                    "local",
                    "declare",
                    "typeset",
                    "readonly",
                    "getopts",
                    "mapfile",
                    "readarray",
                    "printf",
                    "unset",
                    "eval",
                ]) {
                    for arg in simple.args() {
                        if let Some(Part { kind: PartKind::Literal(first), .. }) = arg.parts.first() {
                            self.assigned.insert(first.split('=').next().unwrap_or(""));
                        }
                    }
                }
            }
            _ => {}
        }
    }

    fn word(&mut self, word: &'t Word, _role: Role<'t>, _scope: Scope) {
        self.parts(&word.parts);
    }
}

impl<'t> Collect<'t> {
    fn parts(&mut self, parts: &'t [Part]) {
        for part in parts {
            match &part.kind {
                PartKind::Param(p) => {
                    let defaulted = p.op.starts_with([':', '-', '=', '?', '+']) || p.length;
                    let lower = p.name.chars().any(|c| c.is_ascii_lowercase());
                    if lower && !defaulted && super::is_name(&p.name) && !p.op.starts_with('[') {
                        self.references.push((&p.name, part.range));
                    }
                }
                PartKind::DoubleQuoted(inner) => self.parts(inner),
                _ => {}
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
                "FROM alpine:3.21\nRUN arch=\"$(uname -m)\" && curl -fsSLO \"https://example.com/tool-$arch.tar.gz\"\n",
                "FROM alpine:3.21\nRUN echo $HOME ${x:-d} $1\n",
                "FROM alpine:3.21\nRUN for f in a; do echo $f; done\n",
                "FROM alpine:3.21\nRUN read -r line; echo $line\n",
                "FROM alpine:3.21\nARG version\nRUN echo $version\n",
                "FROM alpine:3.21\nRUN f() { local v=1; echo $v; }\n",
            ])
            .fail(&[
                "FROM alpine:3.21\nRUN arch=\"$(uname -m)\" && curl -fsSLO \"https://example.com/tool-$archh.tar.gz\"\n",
                "FROM alpine:3.21\nRUN echo $Abc\n",
                "FROM alpine:3.21\nRUN <<EOF\necho \"$name\"\nEOF\n",
            ])
            .run();
    }
}
