//! `shipshape`: the command-line front end. This crate owns argv, files, output formats and
//! exit codes; everything else is the core's.

mod args;
mod commands;
mod format_command;
mod input;
mod output;

use std::process::ExitCode;

use clap::Parser;

use crate::args::{Cli, ColorChoice, Commands, Format, LineEndingArg, Selection};

/// How a command ended: the exit code, and a one-line reason for exit code 2.
pub enum Outcome {
    Clean,
    Findings,
    Failed(String),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let outcome = match cli.command {
        Commands::Check(args) => {
            let color = match args.color {
                ColorChoice::Always => true,
                ColorChoice::Never => false,
                ColorChoice::Auto => commands::stdout_is_color_terminal(),
            };
            commands::check(&args.paths, args.format, &args.selection, args.failure_threshold, args.no_fail, color)
        }
        Commands::Fix(args) => commands::fix(&args.paths, args.unsafe_fixes, args.write, args.diff, &args.selection),
        Commands::Rules(args) => commands::rules(args.format == Format::Json),
        Commands::Explain { rule } => commands::explain(&rule),
        Commands::Dockerignore { path } => commands::dockerignore(&path),
        Commands::Distroless(args) => {
            commands::distroless(&args.path, args.format == Format::Json, args.runtime, args.context.as_deref())
        }
        Commands::Format(args) => {
            let mode = match (args.write, args.check, args.diff) {
                (true, _, _) => format_command::Mode::Write,
                (_, true, _) => format_command::Mode::Check,
                (_, _, true) => format_command::Mode::Diff,
                _ => format_command::Mode::Print,
            };
            let flags = shipshape_config::hadolint::FormatterConfig {
                indent_width: args.indent_width,
                break_long_runs: args.break_long_runs,
                line_ending: args.line_ending.map(|l| match l {
                    LineEndingArg::Auto => shipshape::format::LineEnding::Auto,
                    LineEndingArg::Lf => shipshape::format::LineEnding::Lf,
                    LineEndingArg::Crlf => shipshape::format::LineEnding::CrLf,
                }),
            };
            let selection = Selection { config: args.config, no_config: args.no_config, ..Selection::default() };
            format_command::run(&args.paths, mode, &flags, &selection)
        }
        Commands::Server { stdio: _ } => return ExitCode::from(shipshape_server::run_stdio()),
    };
    match outcome {
        Outcome::Clean => ExitCode::SUCCESS,
        Outcome::Findings => ExitCode::from(1),
        Outcome::Failed(reason) => {
            eprintln!("shipshape: {reason}");
            ExitCode::from(2)
        }
    }
}
