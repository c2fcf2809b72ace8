//! The sub-commands.

use std::io::{IsTerminal, Write};

use shipshape::distroless::{self, Conversion, RuntimeFamily};
use shipshape::dockerignore;
use shipshape::render::Color;
use shipshape::semantic::{Model, stack};
use shipshape::text::LineIndex;
use shipshape::{Applicability, Settings, Severity, rules};

use crate::Outcome;
use crate::args::{CheckFormat, Runtime, Selection, Threshold};
use crate::input::{self, Source};
use crate::output::{self, FileFindings, json};
use shipshape_config::{Config, hadolint};

/// `print!` that does not panic when the reader went away (`shipshape rules | head`): a closed
/// pipe ends the program quietly, as Unix tools do; any other write error is reported.
macro_rules! out {
    ($($arg:tt)*) => { write_stdout(format_args!($($arg)*)) };
}

pub fn write_stdout(args: std::fmt::Arguments) {
    if let Err(error) = std::io::stdout().lock().write_fmt(args) {
        if error.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("shipshape: cannot write the output: {error}");
        std::process::exit(2);
    }
}

pub fn stdout_is_color_terminal() -> bool {
    std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal()
}

/// The configuration file in effect for this run, with a warning for keys it does not know.
pub fn load_config(selection: &Selection) -> Result<Option<Config>, String> {
    if selection.no_config {
        return Ok(None);
    }
    let config = hadolint::load(selection.config.as_deref().map(std::path::Path::new), std::path::Path::new(""))?;
    if let Some(config) = &config {
        for key in &config.unknown_keys {
            eprintln!("shipshape: warning: {}: unknown {key}", config.path.display());
        }
    }
    Ok(config)
}

fn settings_for(selection: &Selection, config: Option<&Config>, source: &Source) -> Result<Settings, String> {
    let dockerignore = shipshape_config::find_dockerignore(
        source.path.as_deref(),
        selection.context.as_deref().map(std::path::Path::new),
    );
    shipshape_config::settings(&selection.options(), config, dockerignore)
}

fn threshold(t: Threshold) -> Severity {
    match t {
        Threshold::Error => Severity::Error,
        Threshold::Warning => Severity::Warning,
        Threshold::Info => Severity::Info,
        Threshold::Style => Severity::Style,
    }
}

pub fn check(
    paths: &[String],
    format: CheckFormat,
    selection: &Selection,
    fail_at: Option<Threshold>,
    no_fail: bool,
    color: bool,
) -> Outcome {
    let config = match load_config(selection) {
        Ok(config) => config,
        Err(reason) => return Outcome::Failed(reason),
    };
    let paths = match input::expand(paths) {
        Ok(paths) => paths,
        Err(reason) => return Outcome::Failed(reason),
    };
    let mut sources = Vec::with_capacity(paths.len());
    for path in &paths {
        match input::read(path) {
            Ok(source) => sources.push(source),
            Err(reason) => return Outcome::Failed(reason),
        }
    }
    let mut results = Vec::with_capacity(sources.len());
    for source in &sources {
        let settings = match settings_for(selection, config.as_ref(), source) {
            Ok(settings) => settings,
            Err(reason) => return Outcome::Failed(reason),
        };
        results.push(shipshape::check(&source.text, &settings));
    }
    // The command line's threshold wins over the config's; `none` in a config never fails.
    let limit = match (fail_at, config.as_ref().and_then(|c| c.failure_threshold)) {
        (Some(t), _) => Some(threshold(t)),
        (None, Some(from_config)) => from_config,
        (None, None) => Some(Severity::Style),
    };
    let no_fail = no_fail || config.as_ref().is_some_and(|c| c.no_fail);
    let failing = limit.is_some_and(|limit| results.iter().flatten().any(|d| d.severity >= limit));
    let files: Vec<FileFindings> = sources
        .iter()
        .zip(&results)
        .map(|(source, diagnostics)| FileFindings { path: &source.display, source: &source.text, diagnostics })
        .collect();
    let color = if color { Color::Always } else { Color::Never };
    out!("{}", output::render(format, &files, color));
    if failing && !no_fail { Outcome::Findings } else { Outcome::Clean }
}

/// `shipshape fix`: one file printed fixed, or any number rewritten in place (`--write`) or
/// shown as a diff (`--diff`). A summary per file goes to stderr.
pub fn fix(paths: &[String], unsafe_fixes: bool, write: bool, diff: bool, selection: &Selection) -> Outcome {
    let paths = match input::expand(paths) {
        Ok(paths) => paths,
        Err(reason) => return Outcome::Failed(reason),
    };
    if paths.len() > 1 && !write && !diff {
        return Outcome::Failed(format!(
            "{} files to fix: add --write to fix them in place, or --diff to see the changes",
            paths.len()
        ));
    }
    let config = match load_config(selection) {
        Ok(config) => config,
        Err(reason) => return Outcome::Failed(reason),
    };
    // Read everything first, so a bad path stops the run before any file is rewritten.
    let mut sources = Vec::with_capacity(paths.len());
    for path in &paths {
        match input::read(path) {
            Ok(source) if write && source.path.is_none() => {
                return Outcome::Failed("--write needs a file, not standard input".to_string());
            }
            Ok(source) => sources.push(source),
            Err(reason) => return Outcome::Failed(reason),
        }
    }
    let mut changed = false;
    for source in &sources {
        let settings = match settings_for(selection, config.as_ref(), source) {
            Ok(settings) => settings,
            Err(reason) => return Outcome::Failed(reason),
        };
        let level = if unsafe_fixes { Applicability::Unsafe } else { Applicability::Safe };
        let result = shipshape::fix(&source.text, &settings, level);
        eprintln!("{}", fix_summary(source, &result, unsafe_fixes));
        if diff {
            // git's `a/` and `b/` prefixes, without doubling the slash of an absolute path.
            let name = source.display.trim_start_matches('/');
            let text = similar::TextDiff::from_lines(&source.text, &result.output)
                .unified_diff()
                .context_radius(3)
                .header(&format!("a/{name}"), &format!("b/{name}"))
                .to_string();
            out!("{text}");
            changed |= !text.is_empty();
        } else if write {
            if result.output != source.text {
                let path = source.path.as_ref().expect("checked above");
                if let Err(e) = std::fs::write(path, &result.output) {
                    return Outcome::Failed(format!("cannot write {}: {e}", source.display));
                }
            }
        } else {
            out!("{}", result.output);
        }
    }
    if diff && changed { Outcome::Findings } else { Outcome::Clean }
}

/// `Dockerfile: fixed 3 problems (DL3042, SS007 ×2); 4 remaining, 1 fixable with --unsafe`.
fn fix_summary(source: &Source, result: &shipshape::FixResult, unsafe_fixes: bool) -> String {
    let summary: Vec<String> =
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
        format!(
            "{}: fixed {count} problem{} ({})",
            source.display,
            if count == 1 { "" } else { "s" },
            summary.join(", ")
        )
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

pub fn rules(json_output: bool) -> Outcome {
    if json_output {
        let _ = serde_json::to_writer_pretty(std::io::stdout().lock(), &json::rules());
        out!("\n");
        return Outcome::Clean;
    }
    let mut out = std::io::stdout().lock();
    for rule in rules::RULES {
        let m = &rule.meta;
        let fix = match m.fix {
            shipshape::meta::FixAvailability::Always => "fix",
            shipshape::meta::FixAvailability::Sometimes => "fix?",
            shipshape::meta::FixAvailability::Never => "",
        };
        let off = if m.default_enabled { "" } else { " (off by default)" };
        let _ =
            writeln!(out, "{:<7} {:<36} {:<8} {:<4} {}{off}", m.code, m.name, m.severity().as_str(), fix, m.summary);
    }
    Outcome::Clean
}

pub fn explain(code: &str) -> Outcome {
    let Some(rule) = rules::find(code) else {
        return Outcome::Failed(format!("no rule `{code}` (see `shipshape rules`)"));
    };
    let m = &rule.meta;
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

pub fn dockerignore(path: &str) -> Outcome {
    let source = match input::read(path) {
        Ok(source) => source,
        Err(reason) => return Outcome::Failed(reason),
    };
    let parse = shipshape::parse(&source.text);
    let model = Model::build(&parse.file, &source.text);
    out!("{}", dockerignore::recommended(stack::detect(&parse.file, &model)));
    Outcome::Clean
}

/// `shipshape distroless`: the converted Dockerfile on stdout (so it can be redirected to a
/// file) and the notes and comparison on stderr; or one JSON object. A refusal exits with 2
/// and its reason.
pub fn distroless(path: &str, json_output: bool, runtime: Runtime, context: Option<&std::path::Path>) -> Outcome {
    let source = match input::read(path) {
        Ok(source) => source,
        Err(reason) => return Outcome::Failed(reason),
    };
    let runtime = match runtime {
        Runtime::Distroless => RuntimeFamily::Distroless,
        Runtime::Chainguard => RuntimeFamily::Chainguard,
    };
    let context = match context.map(|dir| input::context_files(dir, &distroless::context_wanted(&source.text))) {
        None => Vec::new(),
        Some(Ok(files)) => files,
        Some(Err(reason)) => return Outcome::Failed(reason),
    };
    let read: Vec<String> = context.iter().map(|f| f.path.clone()).collect();
    let conversion = distroless::convert(&source.text, &distroless::Options { runtime, context });
    match conversion {
        Conversion::Refused(refusal) => {
            // `(line 8, needs-shell)`: where, and what kind of change would let it convert.
            let at = match refusal.range {
                Some(r) => format!(" (line {}, {})", LineIndex::new(&source.text).line(r.start) + 1, refusal.class),
                None => format!(" ({})", refusal.class),
            };
            if json_output {
                let _ = serde_json::to_writer_pretty(
                    std::io::stdout().lock(),
                    &json::refusal(&refusal, &source.text, &read),
                );
                out!("\n");
            } else if !read.is_empty() {
                eprintln!("read from the build context: {}", read.join(", "));
            }
            Outcome::Failed(format!("cannot convert {}{at}: {}", source.display, refusal.reason))
        }
        Conversion::Converted(converted) => {
            if json_output {
                let _ = serde_json::to_writer_pretty(std::io::stdout().lock(), &json::conversion(&converted, &read));
                out!("\n");
            } else {
                out!("{}", converted.dockerfile);
                if !read.is_empty() {
                    eprintln!("read from the build context: {}", read.join(", "));
                }
                eprint!("{}", converted.report());
            }
            Outcome::Clean
        }
    }
}
