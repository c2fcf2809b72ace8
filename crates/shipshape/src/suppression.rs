//! Inline suppression pragmas, as hadolint reads them and with shipshape's own prefix:
//!
//! - `# hadolint ignore=DL3008,DL3015` silences those rules on the next instruction;
//! - `# hadolint global ignore=DL3003` silences them in the whole file;
//! - `# hadolint stage ignore=DL3011` silences them in the stage the next FROM starts.
//!
//! `shipshape` works in place of `hadolint`, and a pragma may name rules by code or name. A
//! reason may follow after another `#`.

use crate::meta::RuleMeta;
use crate::semantic::Model;
use crate::settings::selector_matches;
use crate::syntax::{Dockerfile, Kind};
use crate::text::TextRange;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    NextInstruction,
    Stage,
    Global,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pragma {
    /// The comment holding the pragma.
    pub range: TextRange,
    pub scope: Scope,
    pub selectors: Vec<String>,
    /// The instruction (for [`Scope::NextInstruction`]) or stage (for [`Scope::Stage`]) it
    /// applies to.
    pub target: Option<usize>,
}

/// Reads a pragma from a comment's text (after `#`), if it is one.
pub fn parse_pragma(text: &str) -> Option<(Scope, Vec<String>)> {
    let rest = text.strip_prefix("hadolint").or_else(|| text.strip_prefix("shipshape"))?;
    if !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let mut rest = rest.trim_start();
    let mut scope = Scope::NextInstruction;
    for (word, s) in [("global", Scope::Global), ("stage", Scope::Stage)] {
        if let Some(r) = rest.strip_prefix(word).filter(|r| r.starts_with(char::is_whitespace)) {
            scope = s;
            rest = r.trim_start();
        }
    }
    let list = rest.strip_prefix("ignore")?.trim_start().strip_prefix('=')?;
    let list = list.split('#').next().unwrap_or("");
    // Any whitespace separates, a lone carriage return included: a selector is one word.
    let selectors: Vec<String> =
        list.split(|c: char| c == ',' || c.is_whitespace()).filter(|s| !s.is_empty()).map(str::to_string).collect();
    (!selectors.is_empty()).then_some((scope, selectors))
}

/// Every pragma of the file, resolved to what it applies to.
pub fn pragmas(file: &Dockerfile, model: &Model) -> Vec<Pragma> {
    let mut out = Vec::new();
    for comment in file.comments.iter().filter(|c| c.inside.is_none()) {
        let Some((scope, selectors)) = parse_pragma(&comment.text) else {
            continue;
        };
        let next = file.instructions.partition_point(|i| i.range.start < comment.range.end);
        let target = match scope {
            Scope::Global => None,
            Scope::NextInstruction => (next < file.instructions.len()).then_some(next),
            Scope::Stage => file.instructions[next..]
                .iter()
                .position(|i| i.kind == Kind::From)
                .and_then(|offset| model.stage_of[next + offset]),
        };
        out.push(Pragma { range: comment.range, scope, selectors, target });
    }
    out
}

/// True when a finding of `rule` at `range` is silenced by a pragma.
pub fn is_suppressed(pragmas: &[Pragma], file: &Dockerfile, model: &Model, rule: &RuleMeta, range: TextRange) -> bool {
    if pragmas.is_empty() {
        return false;
    }
    let instruction = instruction_at(file, range.start);
    pragmas.iter().any(|p| {
        let applies = match p.scope {
            Scope::Global => true,
            Scope::NextInstruction => p.target.is_some() && p.target == instruction,
            Scope::Stage => p.target.is_some() && instruction.and_then(|i| model.stage_of[i]) == p.target,
        };
        applies && p.selectors.iter().any(|s| selector_matches(s, rule))
    })
}

/// The BuildKit check names a `# check=skip=A,B` directive turns off (`all` for every check).
/// Several settings may be joined with `;`, as in `# check=skip=A;error=true`.
pub fn buildkit_skips(file: &Dockerfile) -> Vec<String> {
    file.directives
        .iter()
        .filter(|d| d.name == "check")
        .flat_map(|d| d.value.split(';'))
        .filter_map(|setting| setting.trim().strip_prefix("skip="))
        .flat_map(|list| list.split(','))
        .map(|name| name.trim().to_string())
        .filter(|name| !name.is_empty())
        .collect()
}

/// True when the `# check=skip=` directive silences `rule`.
pub fn is_skipped_by_directive(skips: &[String], rule: &RuleMeta) -> bool {
    let Some(name) = rule.buildkit else { return false };
    skips.iter().any(|s| s == "all" || s == name)
}

/// The index of the instruction containing `offset`.
pub fn instruction_at(file: &Dockerfile, offset: u32) -> Option<usize> {
    let i = file.instructions.partition_point(|i| i.range.start <= offset).checked_sub(1)?;
    (offset <= file.instructions[i].range.end).then_some(i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_pragmas() {
        assert_eq!(
            parse_pragma("hadolint ignore=DL3008,DL3015"),
            Some((Scope::NextInstruction, vec!["DL3008".into(), "DL3015".into()]))
        );
        assert_eq!(parse_pragma("hadolint global ignore=DL3003"), Some((Scope::Global, vec!["DL3003".into()])));
        assert_eq!(
            parse_pragma("shipshape stage ignore = missing-user # a reason"),
            Some((Scope::Stage, vec!["missing-user".into()]))
        );
        assert_eq!(
            parse_pragma("hadolint ignore=DL3006  # pinned elsewhere"),
            Some((Scope::NextInstruction, vec!["DL3006".into()]))
        );
        assert_eq!(parse_pragma("hadolint shell=powershell"), None);
        assert_eq!(parse_pragma("hadolintignore=DL3006"), None);
        assert_eq!(parse_pragma("just a comment"), None);
    }

    #[test]
    fn reads_check_directives() {
        let parse = crate::syntax::parse("# check=skip=JSONArgsRecommended,StageNameCasing;error=true\nFROM a\n");
        assert_eq!(buildkit_skips(&parse.file), ["JSONArgsRecommended", "StageNameCasing"]);
        let settings = crate::Settings::default();
        let found = crate::check("# check=skip=JSONArgsRecommended\nFROM a:1.0\nCMD run it\n", &settings);
        assert!(found.iter().all(|d| d.rule.code != "DL3025"));
    }
}
