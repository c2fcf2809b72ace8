//! `shipshape format`: one file to standard output, or many rewritten (`--write`), listed
//! (`--check`) or shown as a diff (`--diff`).

use shipshape::format::{self, FormatOptions};
use shipshape::text::{ColumnUnit, LineIndex};
use shipshape_config::hadolint::FormatterConfig;

use crate::Outcome;
use crate::args::Selection;
use crate::commands::{load_config, write_stdout};
use crate::input::{self, Source};

macro_rules! out {
    ($($arg:tt)*) => { write_stdout(format_args!($($arg)*)) };
}

/// What to do with the formatted text.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Print,
    Write,
    Check,
    Diff,
}

/// `flags` are the options given on the command line; each wins over the configuration file.
pub fn run(paths: &[String], mode: Mode, flags: &FormatterConfig, selection: &Selection) -> Outcome {
    let paths = match input::expand(paths) {
        Ok(paths) => paths,
        Err(reason) => return Outcome::Failed(reason),
    };
    if paths.len() > 1 && mode == Mode::Print {
        return Outcome::Failed(format!(
            "{} files to format: add --write to format them in place, --check to list the ones that would change, or --diff to see the changes",
            paths.len()
        ));
    }
    let options = match load_config(selection) {
        Ok(config) => {
            let file = config.map(|c| c.formatter).unwrap_or_default();
            flags.apply(file.apply(FormatOptions::default()))
        }
        Err(reason) => return Outcome::Failed(reason),
    };
    // Read everything first, so a bad path stops the run before any file is rewritten.
    let mut sources = Vec::with_capacity(paths.len());
    for path in &paths {
        match input::read(path) {
            Ok(source) if mode == Mode::Write && source.path.is_none() => {
                return Outcome::Failed("--write needs a file, not standard input".to_string());
            }
            Ok(source) => sources.push(source),
            Err(reason) => return Outcome::Failed(reason),
        }
    }

    let (mut changed, mut unchanged, mut failed) = (Vec::new(), 0usize, Vec::new());
    for source in &sources {
        let output = match format::format(&source.text, &options) {
            Ok(output) => output,
            Err(error) => {
                if sources.len() > 1 {
                    eprintln!("shipshape: {}", reason(source, &error));
                }
                failed.push(reason(source, &error));
                continue;
            }
        };
        if output == source.text {
            unchanged += 1;
        } else {
            changed.push(source.display.clone());
        }
        match mode {
            Mode::Print => out!("{output}"),
            Mode::Write if output != source.text => {
                let path = source.path.as_ref().expect("checked above");
                if let Err(e) = std::fs::write(path, &output) {
                    return Outcome::Failed(format!("cannot write {}: {e}", source.display));
                }
            }
            Mode::Diff if output != source.text => {
                // git's `a/` and `b/` prefixes, without doubling the slash of an absolute path.
                let name = source.display.trim_start_matches('/');
                let diff = similar::TextDiff::from_lines(&source.text, &output)
                    .unified_diff()
                    .context_radius(3)
                    .header(&format!("a/{name}"), &format!("b/{name}"))
                    .to_string();
                out!("{diff}");
            }
            Mode::Check if output != source.text => out!("Would reformat: {}\n", source.display),
            Mode::Write | Mode::Diff | Mode::Check => {}
        }
    }

    if mode != Mode::Print {
        eprintln!("{}", summary(mode, changed.len(), unchanged));
    }
    if let [one] = failed.as_slice()
        && sources.len() == 1
    {
        return Outcome::Failed(one.clone());
    }
    if !failed.is_empty() {
        let n = failed.len();
        return Outcome::Failed(format!("{n} of {} files could not be formatted", sources.len()));
    }
    match mode {
        Mode::Check | Mode::Diff if !changed.is_empty() => Outcome::Findings,
        _ => Outcome::Clean,
    }
}

/// `Dockerfile:3:1: the file has a syntax error, …`
fn reason(source: &Source, error: &format::FormatError) -> String {
    let index = LineIndex::new(&source.text);
    let at = index.line_col(&source.text, error.range.start, ColumnUnit::Char);
    format!("{}:{}:{}: {}", source.display, at.line + 1, at.col + 1, error.message)
}

/// `2 files reformatted, 3 already formatted`, in the words of the mode.
fn summary(mode: Mode, changed: usize, unchanged: usize) -> String {
    let files = if changed == 1 { "1 file".to_string() } else { format!("{changed} files") };
    let verb = if mode == Mode::Write { "reformatted" } else { "would be reformatted" };
    format!("{files} {verb}, {unchanged} already formatted")
}
