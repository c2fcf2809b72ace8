//! `shipshape`: the command-line front end. This crate owns argv, files, output formats and
//! exit codes; everything else is the core's.
//!
//! `main` parses the command line (`args`), runs one command (`commands`) and turns how it
//! ended into the exit code. The commands read Dockerfiles through `input` and print reports
//! through `output`.

mod args;
mod commands;
mod input;
mod output;

use std::process::ExitCode;

use clap::Parser;

use crate::args::{Cli, Commands};
use crate::commands::Outcome;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let outcome = match &cli.command {
        Commands::Check(args) => commands::check::check(args),
        Commands::Fix(args) => commands::fix::fix(args),
        Commands::Rules(args) => commands::rules::rules(args),
        Commands::Explain { rule } => commands::rules::explain(rule),
        Commands::Dockerignore { path } => commands::dockerignore::dockerignore(path),
        Commands::Distroless(args) => commands::distroless::distroless(args),
        Commands::Format(args) => commands::format::format(args),
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
