//! `shipshape format`: one file to standard output, or many rewritten (`--write`), listed
//! (`--check`) or shown as a diff (`--diff`).

use shipshape::format::{FormatError, FormatOptions, LineEnding};
use shipshape::text::{ColumnUnit, LineIndex};
use shipshape_config::hadolint::FormatterConfig;

use super::{Outcome, load_config, unified_diff};
use crate::args::{FormatArgs, LineEndingArg, Selection};
use crate::input::{self, Source};

/// What to do with the formatted text.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Print,
    Write,
    Check,
    Diff,
}

pub fn format(args: &FormatArgs) -> Outcome {
    run(args).unwrap_or_else(Outcome::Failed)
}

fn run(args: &FormatArgs) -> Result<Outcome, String> {
    let mode = match (args.write, args.check, args.diff) {
        (true, _, _) => Mode::Write,
        (_, true, _) => Mode::Check,
        (_, _, true) => Mode::Diff,
        _ => Mode::Print,
    };
    let paths = input::expand(&args.paths)?;
    if paths.len() > 1 && mode == Mode::Print {
        return Err(format!(
            "{} files to format: add --write to format them in place, --check to list the ones that would change, or --diff to see the changes",
            paths.len()
        ));
    }
    // The same configuration file as `check` and `fix` read: its `formatter:` mapping, then
    // the flags over it.
    let selection = Selection { config: args.config.clone(), no_config: args.no_config, ..Selection::default() };
    let file = load_config(&selection)?.map(|c| c.formatter).unwrap_or_default();
    let options = flags(args).apply(file.apply(FormatOptions::default()));
    // Read everything first, so a bad path stops the run before any file is rewritten.
    let mut sources = Vec::with_capacity(paths.len());
    for path in &paths {
        let source = input::read(path)?;
        if mode == Mode::Write && source.path.is_none() {
            return Err("--write needs a file, not standard input".to_string());
        }
        sources.push(source);
    }

    let (mut changed, mut unchanged, mut failed) = (Vec::new(), 0usize, Vec::new());
    for source in &sources {
        let output = match shipshape::format::format(&source.text, &options) {
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
                std::fs::write(path, &output).map_err(|e| format!("cannot write {}: {e}", source.display))?;
            }
            Mode::Diff if output != source.text => out!("{}", unified_diff(source, &output)),
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
        return Err(one.clone());
    }
    if !failed.is_empty() {
        let n = failed.len();
        return Err(format!("{n} of {} files could not be formatted", sources.len()));
    }
    Ok(match mode {
        Mode::Check | Mode::Diff if !changed.is_empty() => Outcome::Findings,
        _ => Outcome::Clean,
    })
}

/// The options given on the command line; each wins over the configuration file.
fn flags(args: &FormatArgs) -> FormatterConfig {
    FormatterConfig {
        indent_width: args.indent_width,
        break_long_runs: args.break_long_runs,
        line_ending: args.line_ending.map(|l| match l {
            LineEndingArg::Auto => LineEnding::Auto,
            LineEndingArg::Lf => LineEnding::Lf,
            LineEndingArg::Crlf => LineEnding::CrLf,
        }),
    }
}

/// `Dockerfile:3:1: the file has a syntax error, …`
fn reason(source: &Source, error: &FormatError) -> String {
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
