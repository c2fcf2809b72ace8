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
type Key = String;

fn key(d: &shipshape::Diagnostic) -> Key {
    format!("{} {}", d.rule.code, d.message)
}

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
    analysis.result.diagnostics.iter().map(key).collect()
}

/// What changed since `before`, in a sentence, or `None` when nothing did.
pub fn announcement(before: &[Key], analysis: &Analysis) -> Option<String> {
    // Each earlier finding matches one finding now, at most: what is left over was resolved.
    // Counted in a map, so that tens of thousands of findings (a pasted megabyte) cost no more
    // than a pass over them; the map's type is the fix loop's, whose code the page has already.
    let mut left: std::collections::HashMap<&str, i64> = std::collections::HashMap::new();
    for k in before {
        *left.entry(k.as_str()).or_insert(0) += 1;
    }
    let diagnostics = &analysis.result.diagnostics;
    let mut new = Vec::new();
    for d in diagnostics {
        match left.get_mut(key(d).as_str()) {
            Some(n) if *n > 0 => *n -= 1,
            _ => new.push(d),
        }
    }
    let resolved = usize::try_from(left.values().sum::<i64>()).unwrap_or(0);
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

    #[test]
    fn counts_repeated_findings_each_once() {
        let one = analyze("FROM alpine:3.20\nRUN apk add curl\n");
        let two = analyze("FROM alpine:3.20\nRUN apk add curl\nRUN apk add curl\n");
        let said = announcement(&keys(&one), &two).unwrap();
        // The second DL3018 and DL3019 are new although the first of each stays, and DL3059.
        assert!(said.starts_with("3 new findings: DL3059 on line 3") && said.contains("; DL3018 on line 3"), "{said}");
        assert!(said.ends_with("6 findings in all."), "{said}");
        assert_eq!(announcement(&keys(&two), &one).unwrap(), "3 findings resolved, 3 findings left.");
        // Tens of thousands of findings, unchanged: nothing to say, at once.
        let many = analyze(&"RUN apk add curl\n".repeat(20_000));
        assert_eq!(announcement(&keys(&many), &many), None);
    }
}
