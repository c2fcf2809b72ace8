//! The one helper every rule test goes through. It checks the rule's cases and the invariants
//! every rule owes: declared fix availability matches behaviour, fixes have titles, fixed
//! output re-parses, converges, and no longer triggers the rule. It also snapshots the
//! diagnostics and fix diffs of the failing cases.

use std::fmt::Write as _;

use crate::diagnostic::Diagnostic;
use crate::fix::Applicability;
use crate::linter::{check, fix};
use crate::meta::FixAvailability;
use crate::render::{self, Color};
use crate::rules::{self, Rule};
use crate::settings::Settings;
use crate::syntax;

pub struct RuleTest {
    rule: &'static Rule,
    settings: Settings,
    pass: Vec<&'static str>,
    fail: Vec<&'static str>,
    fix: Vec<(&'static str, &'static str)>,
    snapshot: bool,
}

impl RuleTest {
    pub fn new(rule: &Rule) -> RuleTest {
        let rule = rules::find(rule.meta.code).expect("every rule is in the registry");
        let settings = Settings { select: vec![rule.meta.code.to_string()], ..Settings::default() };
        RuleTest { rule, settings, pass: Vec::new(), fail: Vec::new(), fix: Vec::new(), snapshot: true }
    }

    /// Settings for every case; the rule itself is always selected.
    pub fn settings(mut self, mut settings: Settings) -> RuleTest {
        settings.select = vec![self.rule.meta.code.to_string()];
        self.settings = settings;
        self
    }

    /// Inputs on which the rule must stay quiet.
    pub fn pass(mut self, cases: &[&'static str]) -> RuleTest {
        self.pass.extend_from_slice(cases);
        self
    }

    /// Inputs on which the rule must report.
    pub fn fail(mut self, cases: &[&'static str]) -> RuleTest {
        self.fail.extend_from_slice(cases);
        self
    }

    /// `(input, output)`: applying the rule's fixes (unsafe included) to the input gives the
    /// output.
    pub fn fix(mut self, cases: &[(&'static str, &'static str)]) -> RuleTest {
        self.fix.extend_from_slice(cases);
        self
    }

    pub fn without_snapshot(mut self) -> RuleTest {
        self.snapshot = false;
        self
    }

    fn diagnostics(&self, source: &str) -> Vec<Diagnostic> {
        check(source, &self.settings).into_iter().filter(|d| d.rule.code == self.rule.meta.code).collect()
    }

    pub fn run(self) {
        let meta = &self.rule.meta;
        for case in &self.pass {
            let found = self.diagnostics(case);
            assert!(
                found.is_empty(),
                "{}: expected no finding on\n{case}\nbut got:\n{}",
                meta.code,
                render::diagnostics(case, "Dockerfile", &found, Color::Never)
            );
        }
        let mut snapshot = String::new();
        for case in &self.fail {
            let found = self.diagnostics(case);
            assert!(!found.is_empty(), "{}: expected a finding on\n{case}", meta.code);
            for d in &found {
                self.check_invariants(d);
            }
            let _ = writeln!(snapshot, "--- input ---\n{case}");
            let _ = writeln!(
                snapshot,
                "--- diagnostics ---\n{}",
                render::diagnostics(case, "Dockerfile", &found, Color::Never).trim_end()
            );
            if found.iter().any(|d| d.fix.is_some()) {
                let fixed = fix(case, &self.settings, Applicability::Unsafe);
                let _ = writeln!(snapshot, "--- fix ---\n{}", unified_diff(case, &fixed.output));
            }
            snapshot.push('\n');
        }
        if meta.fix != FixAvailability::Never {
            assert!(!self.fix.is_empty(), "{}: a fixable rule needs fix cases", meta.code);
        }
        for (input, expected) in &self.fix {
            let result = fix(input, &self.settings, Applicability::Unsafe);
            assert_eq!(&result.output, expected, "{}: fix of\n{input}", meta.code);
            assert!(result.converged, "{}: fixes did not converge on\n{input}", meta.code);
            let before = syntax::parse(input).errors.len();
            let after = syntax::parse(&result.output).errors;
            assert!(after.len() <= before, "{}: fix introduced syntax errors {after:?}", meta.code);
            let again = fix(&result.output, &self.settings, Applicability::Unsafe);
            assert_eq!(again.output, result.output, "{}: fixing twice changes the output", meta.code);
            let left: Vec<_> = self.diagnostics(&result.output).into_iter().filter(|d| d.fix.is_some()).collect();
            assert!(
                left.is_empty(),
                "{}: fixed output still has fixable findings:\n{}",
                meta.code,
                render::diagnostics(&result.output, "Dockerfile", &left, Color::Never)
            );
            for comment in syntax::parse(input).file.comments {
                let text = comment.range.slice(input);
                assert!(result.output.contains(text), "{}: the fix lost the comment {text:?}", meta.code);
            }
        }
        if self.snapshot && !snapshot.is_empty() {
            insta::with_settings!({ snapshot_path => "rules/snapshots", prepend_module_to_snapshot => false, omit_expression => true }, {
                insta::assert_snapshot!(meta.code, snapshot);
            });
        }
    }

    fn check_invariants(&self, d: &Diagnostic) {
        let meta = &self.rule.meta;
        match meta.fix {
            FixAvailability::Never => assert!(d.fix.is_none(), "{}: declared unfixable but offered a fix", meta.code),
            FixAvailability::Always => assert!(
                d.fix.is_some(),
                "{}: declared always fixable but offered no fix for {:?}",
                meta.code,
                d.message
            ),
            FixAvailability::Sometimes => {}
        }
        if let Some(fix) = &d.fix {
            assert!(!fix.title.is_empty(), "{}: a fix needs a title", meta.code);
            assert!(!fix.edits().is_empty(), "{}: a fix needs edits", meta.code);
        }
        assert!(!d.message.is_empty());
    }
}

/// A unified diff of two texts, for snapshots.
pub fn unified_diff(old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new).unified_diff().context_radius(2).header("before", "after").to_string()
}
