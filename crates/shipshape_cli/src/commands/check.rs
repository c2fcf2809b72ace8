//! `shipshape check`: the findings in Dockerfiles, in one of the report formats, and an exit
//! code that says whether any reached the failure threshold.

use shipshape::Severity;
use shipshape::render::Color;

use super::{Outcome, load_config, settings_for, stdout_is_color_terminal};
use crate::args::{CheckArgs, ColorChoice, Threshold};
use crate::input;
use crate::output::{self, FileFindings};

pub fn check(args: &CheckArgs) -> Outcome {
    run(args).unwrap_or_else(Outcome::Failed)
}

fn run(args: &CheckArgs) -> Result<Outcome, String> {
    let config = load_config(&args.selection)?;
    let paths = input::expand(&args.paths)?;
    let sources = paths.iter().map(|path| input::read(path)).collect::<Result<Vec<_>, _>>()?;
    let mut results = Vec::with_capacity(sources.len());
    for source in &sources {
        let settings = settings_for(&args.selection, config.as_ref(), source)?;
        results.push(shipshape::check(&source.text, &settings));
    }
    // The command line's threshold wins over the config's; `none` in a config never fails.
    let limit = match (args.failure_threshold, config.as_ref().and_then(|c| c.failure_threshold)) {
        (Some(t), _) => Some(severity(t)),
        (None, Some(from_config)) => from_config,
        (None, None) => Some(Severity::Style),
    };
    let no_fail = args.no_fail || config.as_ref().is_some_and(|c| c.no_fail);
    let failing = limit.is_some_and(|limit| results.iter().flatten().any(|d| d.severity >= limit));
    let files: Vec<FileFindings> = sources
        .iter()
        .zip(&results)
        .map(|(source, diagnostics)| FileFindings { path: &source.display, source: &source.text, diagnostics })
        .collect();
    out!("{}", output::render(args.format, &files, color(args.color)));
    Ok(if failing && !no_fail { Outcome::Findings } else { Outcome::Clean })
}

fn color(choice: ColorChoice) -> Color {
    match choice {
        ColorChoice::Always => Color::Always,
        ColorChoice::Never => Color::Never,
        ColorChoice::Auto if stdout_is_color_terminal() => Color::Always,
        ColorChoice::Auto => Color::Never,
    }
}

fn severity(threshold: Threshold) -> Severity {
    match threshold {
        Threshold::Error => Severity::Error,
        Threshold::Warning => Severity::Warning,
        Threshold::Info => Severity::Info,
        Threshold::Style => Severity::Style,
    }
}
