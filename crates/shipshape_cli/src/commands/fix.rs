//! `shipshape fix`: one file printed fixed, or any number rewritten in place (`--write`) or
//! shown as a diff (`--diff`). A summary per file goes to stderr.

use shipshape::{Applicability, FixResult};

use super::{Outcome, load_config, settings_for, unified_diff};
use crate::args::FixArgs;
use crate::input::{self, Source};

pub fn fix(args: &FixArgs) -> Outcome {
    run(args).unwrap_or_else(Outcome::Failed)
}

fn run(args: &FixArgs) -> Result<Outcome, String> {
    let paths = input::expand(&args.paths)?;
    if paths.len() > 1 && !args.write && !args.diff {
        return Err(format!(
            "{} files to fix: add --write to fix them in place, or --diff to see the changes",
            paths.len()
        ));
    }
    let config = load_config(&args.selection)?;
    // Read everything first, so a bad path stops the run before any file is rewritten.
    let mut sources = Vec::with_capacity(paths.len());
    for path in &paths {
        let source = input::read(path)?;
        if args.write && source.path.is_none() {
            return Err("--write needs a file, not standard input".to_string());
        }
        sources.push(source);
    }
    let level = if args.unsafe_fixes { Applicability::Unsafe } else { Applicability::Safe };
    let mut changed = false;
    for source in &sources {
        let settings = settings_for(&args.selection, config.as_ref(), source)?;
        let result = shipshape::fix(&source.text, &settings, level);
        eprintln!("{}", summary(source, &result, args.unsafe_fixes));
        if args.diff {
            let text = unified_diff(source, &result.output);
            out!("{text}");
            changed |= !text.is_empty();
        } else if args.write {
            if result.output != source.text {
                let path = source.path.as_ref().expect("checked above");
                std::fs::write(path, &result.output).map_err(|e| format!("cannot write {}: {e}", source.display))?;
            }
        } else {
            out!("{}", result.output);
        }
    }
    Ok(if args.diff && changed { Outcome::Findings } else { Outcome::Clean })
}

/// `Dockerfile: fixed 3 problems (DL3042, SS007 ×2); 4 remaining, 1 fixable with --unsafe`.
fn summary(source: &Source, result: &FixResult, unsafe_fixes: bool) -> String {
    let fixed: Vec<String> =
        result.fixed.iter().map(|(code, n)| if *n == 1 { code.to_string() } else { format!("{code} ×{n}") }).collect();
    let count = result.fix_count();
    let more_unsafe = result
        .remaining
        .iter()
        .filter(|d| d.fix.as_ref().is_some_and(|f| f.applicability == Applicability::Unsafe))
        .count();
    let mut note = if count == 0 {
        format!("{}: nothing to fix", source.display)
    } else {
        format!("{}: fixed {count} problem{} ({})", source.display, if count == 1 { "" } else { "s" }, fixed.join(", "))
    };
    note.push_str(&format!("; {} remaining", result.remaining.len()));
    if !unsafe_fixes && more_unsafe > 0 {
        note.push_str(&format!(", {more_unsafe} fixable with --unsafe"));
    }
    if !result.converged {
        note.push_str("; stopped before the fixes converged (please report this file)");
    }
    note
}
