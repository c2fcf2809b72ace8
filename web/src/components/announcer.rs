//! A polite live region for screen readers: once typing pauses, it says which findings are new
//! (the first three, with their lines) or how many were resolved. It waits for the pause, so a
//! burst of keystrokes is one announcement, and it says nothing while the findings stay the
//! same (a keystroke that moves them down a line changes nothing worth hearing).

use std::rc::Rc;

use yew::prelude::*;

use crate::analysis::Analysis;
use crate::{browser, markdown};

/// How long the findings must stay the same before they are announced.
const PAUSE_MS: u32 = 1000;

/// A finding as the reader tells it apart: its rule and message, not its line.
type Key = (&'static str, String);

/// What the polite live region says about `analysis`: updated once the findings have stayed
/// the same for a pause, and only when they changed. A hook of the workbench rather than a
/// component of its own, which would cost the page's download more than its code.
#[hook]
pub fn use_announcement(analysis: Rc<Analysis>) -> String {
    let text = use_state(String::new);
    // What the reader was last told about; `None` until the first findings settle, which the
    // page shows and needs no announcement.
    let told = use_mut_ref(|| None::<Vec<Key>>);
    {
        let (text, told) = (text.clone(), told.clone());
        use_effect_with(analysis, move |analysis| {
            let analysis = analysis.clone();
            let timer = browser::after(
                PAUSE_MS,
                Callback::from(move |()| {
                    let message = told.borrow().as_ref().and_then(|before| announcement(before, &analysis));
                    *told.borrow_mut() = Some(keys(&analysis));
                    if let Some(message) = message {
                        text.set(message);
                    }
                }),
            );
            move || drop(timer)
        });
    }
    (*text).clone()
}

fn keys(analysis: &Analysis) -> Vec<Key> {
    analysis.result.diagnostics.iter().map(|d| (d.rule.code, d.message.clone())).collect()
}

/// What changed since `before`, in a sentence, or `None` when nothing did.
pub fn announcement(before: &[Key], analysis: &Analysis) -> Option<String> {
    // Each earlier finding matches one finding now, at most: what is left over was resolved.
    let mut left: Vec<Option<&Key>> = before.iter().map(Some).collect();
    let diagnostics = &analysis.result.diagnostics;
    let mut new = Vec::new();
    for d in diagnostics {
        let same = |k: &Option<&Key>| k.is_some_and(|(code, message)| *code == d.rule.code && *message == d.message);
        match left.iter_mut().find(|k| same(k)) {
            Some(slot) => *slot = None,
            None => new.push(d),
        }
    }
    let resolved = left.iter().flatten().count();
    let total = diagnostics.len();
    let findings = |n: usize| if n == 1 { "1 finding".to_string() } else { format!("{n} findings") };
    if !new.is_empty() {
        let told: Vec<String> = new
            .iter()
            .take(3)
            .map(|d| {
                let line = analysis.lines.line(d.range.start) + 1;
                format!("{} on line {line}: {}", d.rule.code, markdown::plain(&d.message))
            })
            .collect();
        let more = if new.len() > 3 { format!(" and {} more", new.len() - 3) } else { String::new() };
        let heading = if new.len() == 1 { "New finding".to_string() } else { format!("{} new findings", new.len()) };
        Some(format!("{heading}: {}{more}. {} in all.", told.join("; "), findings(total)))
    } else if resolved > 0 {
        Some(if total == 0 {
            "No problems left.".to_string()
        } else {
            format!("{} resolved, {} left.", findings(resolved), findings(total))
        })
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis;

    fn analyze(text: &str) -> Analysis {
        analysis::analyze(text, analysis::settings("", &[], &[]), false)
    }

    #[test]
    fn says_what_is_new_and_what_was_resolved() {
        let before = analyze("FROM python:3.12-slim\nUSER 1000\n");
        let after = analyze("FROM python:3.12-slim\nUSER 1000\nRUN pip install flask==3.1.0\n");
        let said = announcement(&keys(&before), &after).unwrap();
        // The message as it is heard: no backticks.
        assert!(said.starts_with("New finding: DL3042 on line 3: pip install without --no-cache-dir"), "{said}");
        assert!(said.ends_with(&format!("{} findings in all.", after.result.diagnostics.len())), "{said}");
        let back = announcement(&keys(&after), &before).unwrap();
        assert!(back.starts_with("1 finding resolved"), "{back}");
        // The same findings on other lines: nothing to say.
        let moved = analyze("FROM python:3.12-slim\n\nUSER 1000\nRUN pip install flask==3.1.0\n");
        assert_eq!(announcement(&keys(&after), &moved), None);
    }
}
