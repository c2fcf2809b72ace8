//! `shipshape rules`, every rule as a table or as JSON, and `shipshape explain`, one rule's
//! documentation.

use std::io::Write;

use shipshape::meta::FixAvailability;
use shipshape::rules;

use super::Outcome;
use crate::args::{Format, RulesArgs};
use crate::output::json;

pub fn rules(args: &RulesArgs) -> Outcome {
    if args.format == Format::Json {
        let _ = serde_json::to_writer_pretty(std::io::stdout().lock(), &json::rules());
        out!("\n");
        return Outcome::Clean;
    }
    let mut out = std::io::stdout().lock();
    for rule in rules::RULES {
        let m = &rule.meta;
        let fix = match m.fix {
            FixAvailability::Always => "fix",
            FixAvailability::Sometimes => "fix?",
            FixAvailability::Never => "",
        };
        let off = if m.default_enabled { "" } else { " (off by default)" };
        let _ =
            writeln!(out, "{:<7} {:<36} {:<8} {:<4} {}{off}", m.code, m.name, m.severity().as_str(), fix, m.summary);
    }
    Outcome::Clean
}

/// `rule` is a code, a name or a BuildKit name.
pub fn explain(rule: &str) -> Outcome {
    let Some(found) = rules::find(rule) else {
        return Outcome::Failed(format!("no rule `{rule}` (see `shipshape rules`)"));
    };
    let m = &found.meta;
    out!("# {} ({})\n\n", m.name, m.code);
    out!("{}\n\n", m.summary);
    let mut facts = vec![
        format!("Category: {} (default severity: {})", m.category.as_str(), m.severity().as_str()),
        format!("Fix: {}", m.fix.as_str()),
    ];
    if let Some(h) = m.hadolint {
        facts.push(format!("hadolint: {h}"));
    }
    if let Some(b) = m.buildkit {
        facts.push(format!("BuildKit check: {b}"));
    }
    if !m.default_enabled {
        facts.push("Off by default: enable it with --extend-select".to_string());
    }
    out!("{}\n\n", facts.join(" · "));
    out!("{}", m.docs_markdown());
    Outcome::Clean
}
