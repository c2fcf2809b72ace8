//! Project automation, the rust-analyzer way: `cargo xtask <command>`. No shell scripts, no
//! Makefile; each command is a function here.

mod codegen;
mod conformance;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  test          everything CI runs: fmt, clippy, tests, wasm32 build, conformance
  conformance   compare the parser with BuildKit on ../shared/corpus
  codegen       regenerate docs/rules/*.md from the rule metadata (--check to verify)
  bench         run the criterion benchmarks
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("test") => test(),
        Some("conformance") => run_conformance(),
        Some("codegen") => codegen::run(args.iter().any(|a| a == "--check")),
        Some("bench") => run(Command::new(cargo()).args(["bench", "-p", "shipshape", "--bench", "check"])),
        Some("help" | "--help" | "-h") | None => {
            print!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(format!("unknown command `{other}`\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

pub fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the workspace").to_path_buf()
}

/// `../shared` beside the checkout, or `$SHIPSHAPE_SHARED`.
pub fn shared_dir() -> PathBuf {
    std::env::var_os("SHIPSHAPE_SHARED").map_or_else(|| project_root().join("../shared"), PathBuf::from)
}

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string())
}

/// Runs a command in the project root, echoing it; fails when it fails.
fn run(command: &mut Command) -> Result<(), String> {
    command.current_dir(project_root());
    let shown = format!(
        "{} {}",
        command.get_program().to_string_lossy(),
        command.get_args().map(|a| a.to_string_lossy()).collect::<Vec<_>>().join(" ")
    );
    eprintln!("\n==> {shown}");
    let started = Instant::now();
    let status = command.status().map_err(|e| format!("cannot run `{shown}`: {e}"))?;
    eprintln!("    ({:.1}s)", started.elapsed().as_secs_f64());
    if status.success() { Ok(()) } else { Err(format!("`{shown}` failed ({status})")) }
}

fn ensure_wasm_target() -> Result<(), String> {
    let installed = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .map_err(|e| format!("cannot run rustup: {e}"))?;
    if String::from_utf8_lossy(&installed.stdout).lines().any(|l| l.trim() == "wasm32-unknown-unknown") {
        return Ok(());
    }
    eprintln!("==> installing the wasm32-unknown-unknown target");
    run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
}

fn test() -> Result<(), String> {
    let started = Instant::now();
    run(Command::new(cargo()).args(["fmt", "--all", "--check"]))?;
    run(Command::new(cargo()).args(["clippy", "--workspace", "--all-targets", "--locked", "--", "-D", "warnings"]))?;
    run(Command::new(cargo()).args(["test", "--workspace", "--locked"]))?;
    ensure_wasm_target()?;
    run(Command::new(cargo()).args([
        "build",
        "-p",
        "shipshape",
        "--target",
        "wasm32-unknown-unknown",
        "--release",
        "--locked",
    ]))?;
    run_conformance()?;
    eprintln!("\nall checks passed in {:.0}s", started.elapsed().as_secs_f64());
    Ok(())
}

fn run_conformance() -> Result<(), String> {
    let corpus = shared_dir().join("corpus");
    if !corpus.join("buildkit.jsonl").is_file() {
        let message = format!("{} is missing: conformance was not measured", corpus.display());
        if std::env::var("CI").as_deref() == Ok("true") {
            return Err(message);
        }
        eprintln!("WARNING: {message}");
        return Ok(());
    }
    let f = conformance::parser(&corpus)?;
    print!("{}", f.report);
    println!("\nBuildKit parser conformance (../shared/corpus, BuildKit v0.12.5):");
    println!(
        "  files:        {}/{} agree (instruction sequence, lines, flags, JSON form, heredocs)",
        f.agree, f.oracle_parses
    );
    println!("  instructions: {}/{} agree", f.instructions_agree, f.instructions);
    println!("  values:       {}/{} agree", f.values_agree, f.instructions);
    println!("  negatives:    {}/{} rejected files give syntax errors", f.negatives_with_errors, f.negatives);
    if f.agree != f.oracle_parses || f.negatives_with_errors != f.negatives || f.instructions_agree != f.instructions {
        return Err("the parser disagrees with BuildKit (see above)".to_string());
    }
    Ok(())
}
