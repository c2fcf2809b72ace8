//! The sub-commands, one file each. A command takes its parsed arguments and returns how it
//! ended; `main` turns that into the exit code. The helpers here are the ones several commands
//! share: printing, the configuration file and the diff.

use std::io::{IsTerminal, Write};

use shipshape::Settings;
use shipshape_config::{Config, hadolint};

use crate::args::Selection;
use crate::input::Source;

/// `print!` that does not panic when the reader went away (`shipshape rules | head`): a closed
/// pipe ends the program quietly, as Unix tools do; any other write error is reported.
macro_rules! out {
    ($($arg:tt)*) => { $crate::commands::write_stdout(format_args!($($arg)*)) };
}

// After the macro, so that the commands can use it.
pub mod check;
pub mod distroless;
pub mod dockerignore;
pub mod fix;
pub mod format;
pub mod rules;

/// How a command ended: the exit code, and a one-line reason for exit code 2.
pub enum Outcome {
    Clean,
    Findings,
    Failed(String),
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

/// The settings for one file: the flags and the configuration file, merged, and the
/// `.dockerignore` of its build context.
pub fn settings_for(selection: &Selection, config: Option<&Config>, source: &Source) -> Result<Settings, String> {
    let dockerignore = shipshape_config::find_dockerignore(
        source.path.as_deref(),
        selection.context.as_deref().map(std::path::Path::new),
    );
    shipshape_config::settings(&selection.options(), config, dockerignore)
}

/// A unified diff of one file, as `git diff` prints it: `a/` and `b/` prefixes (without
/// doubling the slash of an absolute path) and three lines of context. Empty when nothing
/// changed.
pub fn unified_diff(source: &Source, changed: &str) -> String {
    let name = source.display.trim_start_matches('/');
    similar::TextDiff::from_lines(source.text.as_str(), changed)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{name}"), &format!("b/{name}"))
        .to_string()
}
