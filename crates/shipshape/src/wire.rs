//! Rule metadata and findings as one string, for a front end that runs two builds of the core
//! side by side: the playground's page holds the Dockerfile rules, and a WebAssembly module it
//! loads after its first paint holds the ShellCheck rules (`linter::check_shellcheck`). A
//! string is the one value two such modules pass cheaply; a length before every field lets any
//! text through unchanged (a message, or a fix that copies a line holding a tab or a control
//! character).
//!
//! Every field is its length in bytes, `:`, and its text. A rule is seven fields: code, name,
//! category, fix availability, `1` when on by default, hadolint code (empty for none), summary.
//! A finding is its rule's code, severity, start, end and message, then its fix: the
//! applicability (empty for no fix), the title, the number of edits and each edit's start, end
//! and text. A reader stops at the first thing it cannot read, keeping what came before.

use crate::diagnostic::Diagnostic;
use crate::fix::{Applicability, Edit, Fix};
use crate::meta::{Category, FixAvailability, RuleMeta, Severity};
use crate::text::TextRange;

fn field(out: &mut String, text: &str) {
    out.push_str(&text.len().to_string());
    out.push(':');
    out.push_str(text);
}

/// The fields of a text, in order.
struct Fields<'a>(&'a str);

impl<'a> Iterator for Fields<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let (len, rest) = self.0.split_once(':')?;
        let text = rest.get(..len.parse().ok()?)?;
        self.0 = &rest[text.len()..];
        Some(text)
    }
}

fn number(fields: &mut Fields) -> Option<u32> {
    fields.next()?.parse().ok()
}

const FIX_AVAILABILITY: [FixAvailability; 3] =
    [FixAvailability::Always, FixAvailability::Sometimes, FixAvailability::Never];
const APPLICABILITY: [Applicability; 3] = [Applicability::Safe, Applicability::Unsafe, Applicability::DisplayOnly];
const SEVERITY: [Severity; 4] = [Severity::Error, Severity::Warning, Severity::Info, Severity::Style];

/// The metadata of `rules` (their docs stay behind: front ends fetch the generated pages).
pub fn write_rules<'r>(rules: impl IntoIterator<Item = &'r RuleMeta>) -> String {
    let mut out = String::new();
    for rule in rules {
        for text in [
            rule.code,
            rule.name,
            rule.category.as_str(),
            rule.fix.as_str(),
            if rule.default_enabled { "1" } else { "0" },
            rule.hadolint.unwrap_or(""),
            rule.summary,
        ] {
            field(&mut out, text);
        }
    }
    out
}

/// The rules [`write_rules`] wrote. Their texts must live as long as the program: `keep`
/// makes each one so (the playground leaks them, once per page).
pub fn read_rules(text: &str, keep: &mut dyn FnMut(&str) -> &'static str) -> Vec<RuleMeta> {
    let mut fields = Fields(text);
    let mut rules = Vec::new();
    let mut read = || -> Option<RuleMeta> {
        let [code, name, category, fix, enabled, hadolint, summary] = std::array::from_fn(|_| fields.next());
        Some(RuleMeta {
            code: keep(code?),
            name: keep(name?),
            category: Category::ALL.into_iter().find(|c| Some(c.as_str()) == category)?,
            fix: FIX_AVAILABILITY.into_iter().find(|f| Some(f.as_str()) == fix)?,
            hadolint: hadolint.filter(|h| !h.is_empty()).map(&mut *keep),
            buildkit: None,
            default_enabled: enabled? == "1",
            summary: keep(summary?),
            docs: "",
        })
    };
    while let Some(rule) = read() {
        rules.push(rule);
    }
    rules
}

/// `diagnostics`, for [`read_diagnostics`].
pub fn write_diagnostics(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        field(&mut out, d.rule.code);
        field(&mut out, d.severity.as_str());
        field(&mut out, &d.range.start.to_string());
        field(&mut out, &d.range.end.to_string());
        field(&mut out, &d.message);
        match &d.fix {
            None => field(&mut out, ""),
            Some(fix) => {
                field(&mut out, fix.applicability.as_str());
                field(&mut out, &fix.title);
                field(&mut out, &fix.edits().len().to_string());
                for edit in fix.edits() {
                    field(&mut out, &edit.range.start.to_string());
                    field(&mut out, &edit.range.end.to_string());
                    field(&mut out, &edit.content);
                }
            }
        }
    }
    out
}

/// The findings [`write_diagnostics`] wrote, each with its rule from `rules` (a finding of a
/// rule not there ends the list).
pub fn read_diagnostics(text: &str, rules: &'static [RuleMeta]) -> Vec<Diagnostic> {
    let mut fields = Fields(text);
    let mut diagnostics = Vec::new();
    let mut read = || -> Option<Diagnostic> {
        let code = fields.next()?;
        let rule = rules.iter().find(|r| r.code == code)?;
        let severity = fields.next()?;
        let severity = SEVERITY.into_iter().find(|s| s.as_str() == severity)?;
        let range = TextRange::new(number(&mut fields)?, number(&mut fields)?);
        let message = fields.next()?.to_string();
        let applicability = fields.next()?;
        let fix = match APPLICABILITY.into_iter().find(|a| a.as_str() == applicability) {
            None => None,
            Some(applicability) => {
                let title = fields.next()?;
                let mut edits = Vec::new();
                for _ in 0..number(&mut fields)? {
                    let range = TextRange::new(number(&mut fields)?, number(&mut fields)?);
                    edits.push(Edit::replace(range, fields.next()?));
                }
                Some(Fix::new(applicability, title, edits))
            }
        };
        Some(Diagnostic { rule, severity, range, message, fix })
    };
    while let Some(d) = read() {
        diagnostics.push(d);
    }
    diagnostics
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RULES;

    fn leak(text: &str) -> &'static str {
        Box::leak(text.to_string().into_boxed_str())
    }

    #[test]
    fn rules_arrive_as_they_left_without_their_docs() {
        let read = read_rules(&write_rules(RULES.iter().map(|r| &r.meta)), &mut leak);
        assert_eq!(read.len(), RULES.len());
        for (rule, back) in RULES.iter().zip(&read) {
            assert_eq!(*back, RuleMeta { docs: "", buildkit: None, ..rule.meta });
        }
    }

    /// Findings with fixes, and texts no separator could carry: a field holding `:` and digits,
    /// a tab, a line break and control characters.
    #[test]
    fn findings_arrive_as_they_left() {
        let rules: &'static [RuleMeta] = read_rules(&write_rules(RULES.iter().map(|r| &r.meta)), &mut leak).leak();
        let source = "FROM python:3.12\nRUN cd /app; pip install flask\tx\nWORKDIR app\nCOPY 12:ab \u{1e}\u{1f} /\n";
        let mut diagnostics = crate::check(source, &crate::Settings::default());
        assert!(diagnostics.iter().filter(|d| d.fix.is_some()).count() >= 2, "{diagnostics:#?}");
        diagnostics[0].message = "3:abc\t\n\u{1e}".to_string();
        let back = read_diagnostics(&write_diagnostics(&diagnostics), rules);
        let shape = |d: &Diagnostic| (d.rule.code, d.rule.name, d.severity, d.range, d.message.clone(), d.fix.clone());
        assert_eq!(back.iter().map(shape).collect::<Vec<_>>(), diagnostics.iter().map(shape).collect::<Vec<_>>());
    }

    #[test]
    fn a_damaged_text_keeps_what_came_before() {
        let rules: &'static [RuleMeta] = read_rules(&write_rules(RULES.iter().map(|r| &r.meta)), &mut leak).leak();
        let diagnostics = crate::check("FROM python\nFROM python\n", &crate::Settings::default());
        let text = write_diagnostics(&diagnostics);
        let shape = |d: &Diagnostic| (d.rule.code, d.range, d.message.clone(), d.fix.clone());
        for cut in (0..text.len()).filter(|&cut| text.is_char_boundary(cut)) {
            let back = read_diagnostics(&text[..cut], rules);
            assert!(back.len() < diagnostics.len() && back.iter().zip(&diagnostics).all(|(a, b)| shape(a) == shape(b)));
        }
        assert!(read_diagnostics("7:UNKNOWN", rules).is_empty());
        assert!(read_rules("99:short", &mut leak).is_empty());
    }
}
