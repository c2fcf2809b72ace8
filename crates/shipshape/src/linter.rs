//! Checking and fixing: parse, build the model, run the enabled rules, drop what pragmas
//! silence; and ruff's fix loop on top.

use crate::diagnostic::Diagnostic;
use crate::fix::{self, Applicability, Fix};
use crate::rules::Checker;
use crate::semantic::Model;
use crate::settings::Settings;
use crate::suppression;
use crate::syntax::{self, Parse};
use crate::text::LineIndex;

/// Everything a check produced.
#[derive(Clone, Debug)]
pub struct CheckResult {
    pub parse: Parse,
    pub model: Model,
    /// Sorted by position, then rule code.
    pub diagnostics: Vec<Diagnostic>,
}

/// Checks `source` under `settings`.
pub fn check(source: &str, settings: &Settings) -> Vec<Diagnostic> {
    check_full(source, settings).diagnostics
}

/// Like [`check`], keeping the tree and model for callers that need them too.
pub fn check_full(source: &str, settings: &Settings) -> CheckResult {
    let parse = syntax::parse(source);
    let model = Model::build(&parse.file, source);
    let diagnostics = check_parsed(source, &parse, &model, settings);
    CheckResult { parse, model, diagnostics }
}

pub fn check_parsed(source: &str, parse: &Parse, model: &Model, settings: &Settings) -> Vec<Diagnostic> {
    let lines = LineIndex::new(source);
    let mut checker = Checker::new(source, &parse.file, &parse.errors, model, settings, &lines);
    for rule in settings.enabled_rules() {
        checker.run(rule);
    }
    let mut diagnostics = checker.diagnostics;
    let skips = suppression::buildkit_skips(&parse.file);
    if !skips.is_empty() {
        diagnostics.retain(|d| !suppression::is_skipped_by_directive(&skips, d.rule));
    }
    if !settings.disable_ignore_pragma {
        let pragmas = suppression::pragmas(&parse.file, model);
        diagnostics.retain(|d| !suppression::is_suppressed(&pragmas, &parse.file, model, d.rule, d.range));
    }
    diagnostics
        .sort_by(|a, b| (a.range.start, a.rule.code, a.range.end).cmp(&(b.range.start, b.rule.code, b.range.end)));
    diagnostics.dedup_by(|a, b| a.rule.code == b.rule.code && a.range == b.range && a.message == b.message);
    diagnostics
}

/// The result of fixing.
#[derive(Clone, Debug)]
pub struct FixResult {
    pub output: String,
    /// `(rule code, number of fixes applied)`, in order of first application.
    pub fixed: Vec<(&'static str, usize)>,
    /// What is left after fixing.
    pub remaining: Vec<Diagnostic>,
    pub iterations: usize,
    /// False when the loop hit its bound while fixes were still being applied.
    pub converged: bool,
}

impl FixResult {
    pub fn fix_count(&self) -> usize {
        self.fixed.iter().map(|(_, n)| n).sum()
    }
}

/// Upper bound on fix passes. Real files settle in two or three.
pub const MAX_ITERATIONS: usize = 12;

/// Applies every fix at or above `threshold`, re-checking and repeating until nothing changes.
/// A pass that would add a syntax error is rolled back fix by fix, so a broken fix can never
/// damage the file.
pub fn fix(source: &str, settings: &Settings, threshold: Applicability) -> FixResult {
    fix_with(source, settings, &|fix| fix.applicability >= threshold)
}

/// [`fix`] with a custom choice of which fixes to apply (the playground's per-finding
/// "apply" uses it).
pub fn fix_with(source: &str, settings: &Settings, accept: &dyn Fn(&Fix) -> bool) -> FixResult {
    let mut current = source.to_string();
    let mut fixed: Vec<(&'static str, usize)> = Vec::new();
    let mut rejected: Vec<(&'static str, String)> = Vec::new();
    let mut result = check_full(&current, settings);
    let baseline_errors = result.parse.errors.len();
    let mut iterations = 0;
    let mut converged = true;
    loop {
        let candidates: Vec<&Diagnostic> = result
            .diagnostics
            .iter()
            .filter(|d| d.fix.as_ref().is_some_and(|f| accept(f) && !f.edits.is_empty()))
            .filter(|d| {
                !rejected
                    .iter()
                    .any(|(code, title)| *code == d.rule.code && Some(title) == d.fix.as_ref().map(|f| &f.title))
            })
            .collect();
        if candidates.is_empty() {
            break;
        }
        if iterations == MAX_ITERATIONS {
            converged = false;
            break;
        }
        iterations += 1;
        let fixes: Vec<&Fix> = candidates.iter().filter_map(|d| d.fix.as_ref()).collect();
        let (output, applied) = fix::apply(&current, &fixes);
        let next = check_full(&output, settings);
        let (output, applied, next) = if next.parse.errors.len() > baseline_errors.max(result.parse.errors.len()) {
            // Some fix broke the syntax: retry one fix at a time and keep the good ones.
            let mut text = current.clone();
            let mut kept = Vec::new();
            for &i in &applied {
                let (attempt, _) = fix::apply(&text, &[fixes[i]]);
                if syntax::parse(&attempt).errors.len() <= baseline_errors {
                    text = attempt;
                    kept.push(i);
                } else {
                    rejected.push((candidates[i].rule.code, fixes[i].title.clone()));
                }
                // Later fixes were computed on the old text; stop after the first success
                // and let the next pass regenerate them.
                if !kept.is_empty() {
                    break;
                }
            }
            let next = check_full(&text, settings);
            (text, kept, next)
        } else {
            (output, applied, next)
        };
        if output == current {
            break;
        }
        // A fix must resolve what it fixes. One whose finding is still there after the pass,
        // at the same place with the same message and fix (say, a USER appended inside an
        // unterminated heredoc), would be applied again on every pass: drop the pass, reject
        // that fix, and go on without it. Fixes that move on to the next case (`cd /a`, then
        // `cd /b`) or whose rule finds something new elsewhere are progress.
        let stuck = stuck_fixes(&candidates, &fixes, &applied, &next.diagnostics);
        if !stuck.is_empty() {
            for i in stuck {
                rejected.push((candidates[i].rule.code, fixes[i].title.clone()));
            }
            continue;
        }
        for i in applied {
            let code = candidates[i].rule.code;
            match fixed.iter_mut().find(|(c, _)| *c == code) {
                Some((_, n)) => *n += 1,
                None => fixed.push((code, 1)),
            }
        }
        current = output;
        result = next;
    }
    FixResult { output: current, fixed, remaining: result.diagnostics, iterations, converged }
}

/// The applied fixes whose finding survives them: the same rule, message and fix at the place
/// the finding's start moved to.
fn stuck_fixes(candidates: &[&Diagnostic], fixes: &[&Fix], applied: &[usize], next: &[Diagnostic]) -> Vec<usize> {
    // Sorted as `fix::apply` sorts them (`Edit`'s order is by range first), which also keeps
    // one sort routine in the playground's WebAssembly instead of two.
    let mut edits: Vec<fix::Edit> = applied.iter().flat_map(|&i| fixes[i].edits.iter().cloned()).collect();
    edits.sort();
    edits.dedup();
    // shift[k]: how far text after the first k edits moved.
    let mut shift = Vec::with_capacity(edits.len() + 1);
    shift.push(0i64);
    for e in &edits {
        shift.push(shift.last().copied().unwrap_or(0) + e.content.len() as i64 - i64::from(e.range.len()));
    }
    let moved = |offset: u32| -> Option<u32> {
        let k = edits.partition_point(|e| e.range.end <= offset);
        if edits.get(k).is_some_and(|e| e.range.start < offset) {
            return None; // rewritten by an edit: not the same finding
        }
        u32::try_from(i64::from(offset) + shift[k]).ok()
    };
    let same_fix = |a: &Fix, b: &Fix| {
        a.title == b.title && a.edits.iter().map(|e| &e.content).eq(b.edits.iter().map(|e| &e.content))
    };
    applied
        .iter()
        .copied()
        .filter(|&i| {
            let before = candidates[i];
            let Some(start) = moved(before.range.start) else { return false };
            let from = next.partition_point(|d| d.range.start < start);
            next[from..].iter().take_while(|d| d.range.start == start).any(|d| {
                d.rule.code == before.rule.code
                    && d.message == before.message
                    && d.fix.as_ref().is_some_and(|f| same_fix(f, fixes[i]))
            })
        })
        .collect()
}
