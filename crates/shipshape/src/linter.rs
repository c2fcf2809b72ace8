//! Checking and fixing: parse, build the model, run the enabled rules, drop what pragmas
//! silence; and ruff's fix loop on top.

use std::collections::HashSet;

use crate::diagnostic::Diagnostic;
use crate::fix::{self, Applicability, Fix};
use crate::rules::{self, Checker, Rule};
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
    check_rules(source, parse, model, settings, rules::enabled_rules(settings))
}

/// The findings of the ShellCheck rules alone that `settings` enables, filtered by pragmas and
/// sorted as every check's are. The playground runs this in a WebAssembly module of its own
/// (loaded after the page, which holds the other rules) and merges the findings into its own
/// with [`check_full_with`]: the same list as a check with every rule.
#[cfg(feature = "shellcheck")]
pub fn check_shellcheck(source: &str, settings: &Settings) -> Vec<Diagnostic> {
    let parse = syntax::parse(source);
    let model = Model::build(&parse.file, source);
    let enabled = rules::shellcheck::RULES.iter().filter(|rule| settings.is_enabled(&rule.meta));
    check_rules(source, &parse, &model, settings, enabled)
}

/// Runs `rules` (those of them `settings` enables are the caller's choice) and drops what
/// pragmas silence. [`check_parsed`] runs every enabled rule; the playground's ShellCheck
/// module runs the ShellCheck rules alone ([`check_shellcheck`]), so that its build holds
/// no other rule.
pub(crate) fn check_rules(
    source: &str,
    parse: &Parse,
    model: &Model,
    settings: &Settings,
    rules: impl Iterator<Item = &'static Rule>,
) -> Vec<Diagnostic> {
    let rules: Vec<&'static Rule> = rules.collect();
    let lines = LineIndex::new(source);
    #[cfg(feature = "shellcheck")]
    let (shell_rules, rules): (Vec<&'static Rule>, Vec<&'static Rule>) =
        rules.into_iter().partition(|r| r.meta.code.starts_with("SC"));
    let mut checker = Checker::new(source, &parse.file, &parse.errors, model, settings, &lines);
    for rule in rules {
        checker.run(rule);
    }
    // The ShellCheck rules run RUN by RUN: each script is read into a syntax tree once, every
    // rule runs on it while it is fresh, and it is dropped before the next is read, so a file's
    // scripts are never all in memory at once. The findings are sorted below, so their order
    // is the same as rule by rule.
    #[cfg(feature = "shellcheck")]
    if !shell_rules.is_empty() {
        crate::rules::shellcheck::for_each_script(&parse.file, source, model, |script| {
            let view = crate::rules::shellcheck::ScriptView::new(&script);
            let mut shell = checker.for_scripts(std::slice::from_ref(&view));
            for &rule in &shell_rules {
                shell.run(rule);
            }
            let found = shell.diagnostics;
            checker.diagnostics.extend(found);
        });
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
    sort(&mut diagnostics);
    diagnostics
}

/// The order of every list of findings: by position, then rule code; a finding reported twice
/// (same rule, range and message) is kept once.
pub fn sort(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics
        .sort_by(|a, b| (a.range.start, a.rule.code, a.range.end).cmp(&(b.range.start, b.rule.code, b.range.end)));
    diagnostics.dedup_by(|a, b| a.rule.code == b.rule.code && a.range == b.range && a.message == b.message);
}

/// Findings of rules this build of the core does not hold, on a text: the playground's
/// ShellCheck rules, which live in a WebAssembly module of their own. They are already
/// filtered by pragmas and settings.
pub type MoreFindings<'a> = &'a dyn Fn(&str) -> Vec<Diagnostic>;

/// [`check_full`] with the findings of `more` merged in, in the order of [`sort`]: the same
/// list a build holding those rules reports.
pub fn check_full_with(source: &str, settings: &Settings, more: MoreFindings) -> CheckResult {
    let mut result = check_full(source, settings);
    let extra = more(source);
    if !extra.is_empty() {
        result.diagnostics.extend(extra);
        sort(&mut result.diagnostics);
    }
    result
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
    fix_with_more(source, settings, accept, &|_| Vec::new())
}

/// [`fix_with`] where every check of the loop also takes the findings of `more` (see
/// [`check_full_with`]), so their fixes go through the same loop, with the same rejection of
/// fixes that break the file and the same handling of overlapping edits.
pub fn fix_with_more(
    source: &str,
    settings: &Settings,
    accept: &dyn Fn(&Fix) -> bool,
    more: MoreFindings,
) -> FixResult {
    let mut current = source.to_string();
    let mut fixed: Vec<(&'static str, usize)> = Vec::new();
    // A rejected fix is known by its rule, its title and the text its finding is about, so that
    // the same fix elsewhere in the file (another `apt-get install`) is still applied.
    let mut rejected: HashSet<(&'static str, String, String)> = HashSet::new();
    let mut result = check_full_with(&current, settings, more);
    let baseline_errors = result.parse.errors.len();
    // Parser directives decide how the whole file is read: a fix must never add, drop or change
    // one (deleting the instructions above `# escape=`` would turn that comment into one).
    let baseline_directives = directives(&result.parse);
    let mut iterations = 0;
    let mut converged = true;
    let mut second_chance = true;
    loop {
        let candidates: Vec<&Diagnostic> = result
            .diagnostics
            .iter()
            .filter(|d| d.fix.as_ref().is_some_and(|f| accept(f) && !f.edits().is_empty()))
            .filter(|d| rejected.is_empty() || !rejected.contains(&rejection(d, &current)))
            // A fix that would delete a comment is never applied (a stage name that spans a
            // line continuation holds the comment lines between its parts).
            .filter(|d| d.fix.as_ref().is_none_or(|f| !drops_a_comment(f, &current, &result.parse)))
            .collect();
        if candidates.is_empty() {
            // A fix rejected next to another one's edits may apply cleanly now that the others
            // are done: one more try for all of them, so that fixing the result changes nothing.
            if second_chance && !rejected.is_empty() {
                second_chance = false;
                rejected.clear();
                continue;
            }
            break;
        }
        if iterations == MAX_ITERATIONS {
            converged = false;
            break;
        }
        iterations += 1;
        let fixes: Vec<&Fix> = candidates.iter().filter_map(|d| d.fix.as_ref()).collect();
        let (output, applied) = fix::apply(&current, &fixes);
        let next = check_full_with(&output, settings, more);
        // Whether `text` (parsed as `parsed`) adds a syntax error, changes a directive or loses
        // a comment of the current text.
        let breaks_parsed = |text: &str, parsed: &Parse| {
            parsed.errors.len() > baseline_errors.max(result.parse.errors.len())
                || directives(parsed) != baseline_directives
                || loses_a_comment(&current, &result.parse, text, parsed)
        };
        let (output, applied, next) = if breaks_parsed(&output, &next.parse) {
            // Find the fixes that break it, reject them, and apply the rest.
            let breaks = |text: &str| breaks_parsed(text, &syntax::parse(text));
            let alike = |a: usize, b: usize| rejection(candidates[a], &current) == rejection(candidates[b], &current);
            let (kept, bad) = isolate_breakers(&current, &fixes, applied, &breaks, &alike);
            for i in bad {
                rejected.insert(rejection(candidates[i], &current));
            }
            let chosen: Vec<&Fix> = kept.iter().map(|&i| fixes[i]).collect();
            let (text, _) = fix::apply(&current, &chosen);
            let next = check_full_with(&text, settings, more);
            (text, kept, next)
        } else {
            (output, applied, next)
        };
        if output == current {
            break;
        }
        // A fix must resolve what it fixes. One whose finding is still there after the pass,
        // at the same place with the same message and still fixable (say, a USER appended inside an
        // unterminated heredoc), would be applied again on every pass: drop the pass, reject
        // that fix, and go on without it. Fixes that move on to the next case (`cd /a`, then
        // `cd /b`) or whose rule finds something new elsewhere are progress.
        let stuck = stuck_fixes(&candidates, &fixes, &applied, &next.diagnostics);
        let (output, applied, next) = if stuck.is_empty() {
            (output, applied, next)
        } else {
            for &i in &stuck {
                rejected.insert(rejection(candidates[i], &current));
            }
            // The others still make their progress in this pass. A stuck fix is known by its
            // finding's text, so each time another fix edits that text it comes back once:
            // dropping the whole pass then cost a pass each time, and a line with several
            // fixes ran out of passes.
            let kept: Vec<usize> = applied.iter().copied().filter(|i| !stuck.contains(i)).collect();
            let chosen: Vec<&Fix> = kept.iter().map(|&i| fixes[i]).collect();
            let (text, took) = fix::apply(&current, &chosen);
            let kept: Vec<usize> = took.iter().map(|&j| kept[j]).collect();
            if kept.is_empty() {
                // Every fix of the pass was stuck: nothing changed, so there is nothing to
                // re-check (on a large file, a whole check for nothing).
                continue;
            }
            let next = check_full_with(&text, settings, more);
            if breaks_parsed(&text, &next.parse)
                || !stuck_fixes(&candidates, &fixes, &kept, &next.diagnostics).is_empty()
            {
                continue;
            }
            (text, kept, next)
        };
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

/// How the fix loop remembers a fix it will not apply again.
fn rejection(d: &Diagnostic, text: &str) -> (&'static str, String, String) {
    (d.rule.code, d.fix.as_ref().map(|f| f.title.clone()).unwrap_or_default(), d.range.slice(text).to_string())
}

/// Splits a pass's fixes into those that apply together without breaking the file and those
/// that break it. Each breaker is found by bisecting the list for the shortest prefix that
/// breaks, so a pass with one bad fix among hundreds costs a few parses, not hundreds.
fn isolate_breakers(
    source: &str,
    fixes: &[&Fix],
    mut good: Vec<usize>,
    breaks: &dyn Fn(&str) -> bool,
    alike: &dyn Fn(usize, usize) -> bool,
) -> (Vec<usize>, Vec<usize>) {
    let applied = |subset: &[usize]| {
        let chosen: Vec<&Fix> = subset.iter().map(|&i| fixes[i]).collect();
        fix::apply(source, &chosen).0
    };
    let mut bad = Vec::new();
    while !good.is_empty() && breaks(&applied(&good)) {
        // The whole list breaks and the empty one does not: narrow to the fix that tips it.
        let (mut lo, mut hi) = (0, good.len());
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if breaks(&applied(&good[..mid])) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        let tipping = good[hi - 1];
        if !breaks(&applied(&[tipping])) {
            // No fix breaks the file alone, but together they do: they pass a limit, such as
            // the 64 KiB BuildKit reads of a line. Peeling them off one bisection at a time
            // took seconds on a long line; keep the prefix that fits and leave the rest to the
            // next pass.
            good.truncate(hi - 1);
            bad.push(tipping);
            break;
        }
        // The loop rejects a fix with every one just like it (the same rule, title and text):
        // set those aside now, instead of bisecting for each (a long line of the same
        // command near BuildKit's limit had hundreds).
        let (alike, rest): (Vec<usize>, Vec<usize>) = good.into_iter().partition(|&i| alike(i, tipping));
        bad.extend(alike);
        good = rest;
    }
    (good, bad)
}

/// Whether `fix` replaces text holding a comment without writing the comment back.
fn drops_a_comment(fix: &Fix, text: &str, parse: &Parse) -> bool {
    let comments = &parse.file.comments;
    fix.edits().iter().filter(|e| !e.range.is_empty()).any(|e| {
        let first = comments.partition_point(|c| c.range.end <= e.range.start);
        comments[first..]
            .iter()
            .take_while(|c| c.range.start < e.range.end)
            .any(|c| !e.content.contains(c.range.slice(text)))
    })
}

/// Whether a comment of `before` is missing from `after` (counted by text, so a fix may move
/// one). A word that spans a line continuation can hold a comment line; a fix that rewrote
/// the word would take the comment with it.
fn loses_a_comment(before: &str, before_parse: &Parse, after: &str, after_parse: &Parse) -> bool {
    let mut counts: std::collections::HashMap<&str, i64> = std::collections::HashMap::new();
    for comment in &before_parse.file.comments {
        *counts.entry(comment.range.slice(before)).or_insert(0) += 1;
    }
    for comment in &after_parse.file.comments {
        if let Some(n) = counts.get_mut(comment.range.slice(after)) {
            *n -= 1;
        }
    }
    counts.values().any(|&n| n > 0)
}

/// The parser directives of a file, by name and value.
fn directives(parse: &Parse) -> Vec<(String, String)> {
    parse.file.directives.iter().map(|d| (d.name.clone(), d.value.clone())).collect()
}

/// The applied fixes whose finding survives them: the same rule and message, still fixable, at
/// the place the finding's start moved to.
fn stuck_fixes(candidates: &[&Diagnostic], fixes: &[&Fix], applied: &[usize], next: &[Diagnostic]) -> Vec<usize> {
    let edits = fix::applied_edits(fixes, applied);
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
    applied
        .iter()
        .copied()
        .filter(|&i| {
            let before = candidates[i];
            let Some(start) = moved(before.range.start) else { return false };
            let from = next.partition_point(|d| d.range.start < start);
            next[from..].iter().take_while(|d| d.range.start == start).any(|d| {
                // The fix itself may differ (one that copies text of the file grows with it).
                d.rule.code == before.rule.code && d.message == before.message && d.fix.is_some()
            })
        })
        .collect()
}
