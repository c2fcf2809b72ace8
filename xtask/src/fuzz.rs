//! `cargo xtask fuzz`: the coverage-guided fuzz targets in `fuzz/` (cargo-fuzz, libFuzzer),
//! built with the nightly toolchain, seeded from `../shared/corpus` and `../shared/realworld`,
//! run one after the other, with a summary of executions and coverage per target.
//!
//! `cargo xtask test` runs each target for a short time from its seeds alone (a fresh corpus
//! in `target/fuzz-ci/`), so that CI's time stays predictable; `cargo xtask fuzz` keeps what
//! it learns in `fuzz/corpus/<target>/` (git-ignored), so long runs build on each other. A
//! crash stops the run with the input libFuzzer saved and the command that replays it; the
//! input then becomes a regression test in the crate's tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::{cargo, project_root, run, shared_dir};

/// The fuzz targets, in the order they run.
pub const TARGETS: &[&str] = &["parse", "check", "fix", "format", "distroless", "shell", "lsp"];

const CARGO_FUZZ_VERSION: &str = "0.13.2";

/// Inputs above this size are cut: a real Dockerfile is rarely larger, and smaller inputs
/// let the fuzzer try more of them. Large inputs are the hostile-shape benchmark's business.
const MAX_LEN: usize = 8192;

const USAGE: &str = "usage: cargo xtask fuzz [--seconds N] [--runs N] [TARGET...]   \
     (targets: parse check fix format distroless shell lsp)";

/// How long each target runs: for `seconds`, or until it has run `runs` inputs if that comes
/// first (a long run is "an hour or ten million executions", whichever is sooner).
#[derive(Clone, Copy)]
struct Limit {
    seconds: u64,
    runs: Option<u64>,
}

/// `cargo xtask fuzz [--seconds N] [--runs N] [TARGET...]`: every target (or those named) for
/// N seconds each (60 by default) or N executions, keeping the corpus in `fuzz/corpus/`.
pub fn command(args: &[String]) -> Result<(), String> {
    let mut limit = Limit { seconds: 60, runs: None };
    let mut targets: Vec<&str> = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--seconds" => {
                limit.seconds = args.next().and_then(|s| s.parse().ok()).ok_or_else(|| USAGE.to_string())?;
            }
            "--runs" => {
                limit.runs = Some(args.next().and_then(|s| s.parse().ok()).ok_or_else(|| USAGE.to_string())?);
            }
            name => match TARGETS.iter().find(|t| **t == name) {
                Some(target) => targets.push(target),
                None => return Err(format!("unknown fuzz target `{name}`\n{USAGE}")),
            },
        }
    }
    if targets.is_empty() {
        targets = TARGETS.to_vec();
    }
    fuzz(&targets, limit, &project_root().join("fuzz/corpus"))
}

/// CI's short run: every target for `seconds`, from the seeds alone.
pub fn smoke(seconds: u64) -> Result<(), String> {
    let corpus = project_root().join("target/fuzz-ci");
    let _ = std::fs::remove_dir_all(&corpus);
    lint()?;
    fuzz(TARGETS, Limit { seconds, runs: None }, &corpus)
}

/// What one target's run reported.
struct Outcome {
    target: &'static str,
    seconds: f64,
    executions: u64,
    coverage: String,
    corpus: String,
}

fn fuzz(targets: &[&'static str], limit: Limit, corpus_root: &Path) -> Result<(), String> {
    ensure_tools()?;
    build()?;
    let seeds = write_seeds()?;
    let mut outcomes = Vec::new();
    for target in targets {
        outcomes.push(run_target(target, limit, &corpus_root.join(target), &seeds)?);
    }
    let runs = limit.runs.map(|n| format!(" or {n} executions")).unwrap_or_default();
    println!("\nfuzzing: {} s{runs} per target, inputs up to {MAX_LEN} bytes", limit.seconds);
    println!("  {:<11} {:>8} {:>12} {:>8}  coverage (libFuzzer)   corpus", "target", "seconds", "executions", "exec/s");
    for o in &outcomes {
        println!(
            "  {:<11} {:>8.0} {:>12} {:>8.0}  {:<22} {}",
            o.target,
            o.seconds,
            o.executions,
            o.executions as f64 / o.seconds.max(1.0),
            o.coverage,
            o.corpus
        );
    }
    Ok(())
}

fn fuzz_dir() -> PathBuf {
    project_root().join("fuzz")
}

fn binary(target: &str) -> PathBuf {
    fuzz_dir().join("target/x86_64-unknown-linux-gnu/release").join(target)
}

/// The nightly toolchain (libFuzzer's instrumentation needs it) and cargo-fuzz in `.tools/`.
pub fn ensure_tools() -> Result<(), String> {
    let toolchains =
        Command::new("rustup").args(["toolchain", "list"]).output().map_err(|e| format!("cannot run rustup: {e}"))?;
    if !String::from_utf8_lossy(&toolchains.stdout).lines().any(|l| l.starts_with("nightly")) {
        eprintln!("==> installing the nightly toolchain (the fuzz targets need it)");
        run(Command::new("rustup").args(["toolchain", "install", "nightly", "--profile", "minimal"]))?;
    }
    let tools = crate::web::tools_dir();
    let installed = Command::new(tools.join("bin/cargo-fuzz")).arg("--version").output();
    let ready = installed.is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim().ends_with(CARGO_FUZZ_VERSION));
    if !ready {
        eprintln!("==> installing cargo-fuzz {CARGO_FUZZ_VERSION} into .tools (about 3 minutes, once)");
        run(Command::new(cargo())
            .args(["install", "--locked", "cargo-fuzz", "--version", CARGO_FUZZ_VERSION, "--root"])
            .arg(&tools))?;
    }
    Ok(())
}

/// Builds every target: optimised, with debug assertions and overflow checks (cargo-fuzz's
/// default) and no sanitizer (the code is safe Rust; the address sanitizer would halve the
/// executions and find nothing more).
fn build() -> Result<(), String> {
    let mut command = Command::new(crate::web::tools_dir().join("bin/cargo-fuzz"));
    command.args(["build", "--sanitizer", "none", "--fuzz-dir"]).arg(fuzz_dir()).env("RUSTUP_TOOLCHAIN", "nightly");
    run(&mut command)
}

/// fmt and clippy for the fuzz crate, which the main workspace's checks do not see.
fn lint() -> Result<(), String> {
    let manifest = fuzz_dir().join("Cargo.toml");
    run(Command::new(cargo()).args(["fmt", "--check", "--manifest-path"]).arg(&manifest))?;
    run(Command::new(cargo())
        .args(["clippy", "--all-targets", "--manifest-path"])
        .arg(&manifest)
        .args(["--", "-D", "warnings"])
        .env("RUSTUP_TOOLCHAIN", "nightly")
        .env("CARGO_TARGET_DIR", fuzz_dir().join("target/clippy")))
}

/// The seed directories of each target, written fresh under `target/fuzz-seeds/`: the real
/// files for the targets that read a Dockerfile; the scripts of their RUNs (heredoc bodies
/// included) for `shell`; for `lsp`, each file followed by bytes that make a session of it.
struct Seeds {
    files: Vec<PathBuf>,
    scripts: PathBuf,
    sessions: PathBuf,
}

fn write_seeds() -> Result<Seeds, String> {
    let shared = shared_dir();
    let files: Vec<PathBuf> =
        ["corpus/files", "realworld"].iter().map(|d| shared.join(d)).filter(|d| d.is_dir()).collect();
    if files.len() < 2 {
        let message =
            format!("{}/corpus/files and realworld are missing: the fuzz targets have no seeds", shared.display());
        if std::env::var("CI").as_deref() == Ok("true") {
            return Err(message);
        }
        eprintln!("WARNING: {message}");
    }
    let root = project_root().join("target/fuzz-seeds");
    let (scripts, sessions) = (root.join("shell"), root.join("lsp"));
    for dir in [&scripts, &sessions] {
        let _ = std::fs::remove_dir_all(dir);
        std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let mut n = 0;
    for dir in &files {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "Dockerfile"))
            .collect();
        paths.sort();
        for path in paths {
            let bytes = std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            let source = String::from_utf8_lossy(&bytes);
            for (k, script) in scripts_of(&source).into_iter().enumerate() {
                let name = format!("{n}-{k}.sh");
                std::fs::write(scripts.join(name), script).map_err(|e| e.to_string())?;
            }
            // A session: the file, then the first bytes of the file again as the steps, which
            // gives every seed a different mix of edits and requests.
            let mut session = bytes.clone();
            session.push(0xFF);
            session.extend(bytes.iter().take(64));
            std::fs::write(sessions.join(format!("{n}.session")), session).map_err(|e| e.to_string())?;
            n += 1;
        }
    }
    Ok(Seeds { files, scripts, sessions })
}

/// The shell scripts of a Dockerfile's RUNs: each shell-form RUN's joined line, and each
/// heredoc body.
fn scripts_of(source: &str) -> Vec<String> {
    use shipshape::syntax::{Args, Command as Cmd};
    let parse = shipshape::parse(source);
    let mut scripts = Vec::new();
    for instruction in &parse.file.instructions {
        if let Args::Command(Cmd::Shell(shell)) = &instruction.effective().args
            && !shell.text.trim().is_empty()
        {
            scripts.push(shell.text.clone());
        }
        for heredoc in &instruction.heredocs {
            scripts.push(heredoc.body.slice(source).to_string());
        }
    }
    scripts
}

fn run_target(target: &'static str, limit: Limit, corpus: &Path, seeds: &Seeds) -> Result<Outcome, String> {
    let artifacts = fuzz_dir().join("artifacts").join(target);
    for dir in [corpus, artifacts.as_path()] {
        std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let seed_dirs: Vec<&Path> = match target {
        "shell" => vec![seeds.scripts.as_path()],
        "lsp" => vec![seeds.sessions.as_path()],
        _ => seeds.files.iter().map(PathBuf::as_path).collect(),
    };
    let mut command = Command::new(binary(target));
    command
        .arg(corpus)
        .args(&seed_dirs)
        .arg(format!("-dict={}", fuzz_dir().join("dockerfile.dict").display()))
        .arg(format!("-max_total_time={}", limit.seconds))
        .args(limit.runs.map(|n| format!("-runs={n}")))
        .arg(format!("-max_len={MAX_LEN}"))
        // An input that takes a minute is a hang or a quadratic path: a finding too.
        .arg("-timeout=60")
        .arg("-rss_limit_mb=4096")
        .arg("-print_final_stats=1")
        .arg(format!("-artifact_prefix={}/", artifacts.display()));
    // libFuzzer reports on stderr; a long run's progress can be followed in the log.
    let log_path = fuzz_dir().join("artifacts").join(format!("{target}.log"));
    let log_file =
        std::fs::File::create(&log_path).map_err(|e| format!("cannot create {}: {e}", log_path.display()))?;
    command.stdout(Stdio::null()).stderr(log_file);
    let runs = limit.runs.map(|n| format!(" or {n} executions")).unwrap_or_default();
    eprintln!("\n==> fuzz {target} for {} s{runs} ({}; log: {})", limit.seconds, corpus.display(), log_path.display());
    let started = Instant::now();
    let status = command.status().map_err(|e| format!("cannot run {}: {e}", binary(target).display()))?;
    let elapsed = started.elapsed().as_secs_f64();
    let log = std::fs::read_to_string(&log_path).unwrap_or_default();
    if !status.success() {
        let written =
            log.lines().find_map(|l| l.split_once("Test unit written to ").map(|(_, p)| p.trim().to_string()));
        let panic: Vec<&str> = log
            .lines()
            .skip_while(|l| !l.contains("panicked at"))
            .take(6)
            .chain(log.lines().filter(|l| l.contains("SUMMARY")))
            .collect();
        return Err(format!(
            "fuzz target `{target}` found a failure after {elapsed:.0} s:\n{}\ninput: {}\nreplay: {} {}\nlog: {}",
            panic.join("\n"),
            written.as_deref().unwrap_or("(none written)"),
            binary(target).display(),
            written.as_deref().unwrap_or("<input>"),
            log_path.display()
        ));
    }
    let done = log.lines().rev().find(|l| l.contains("DONE") || l.contains("pulse") || l.contains("INITED"));
    let field = |name: &str| {
        done.and_then(|l| l.split_whitespace().skip_while(|w| *w != name).nth(1)).unwrap_or("?").to_string()
    };
    let executions = log
        .lines()
        .find_map(|l| l.strip_prefix("stat::number_of_executed_units: "))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0);
    Ok(Outcome {
        target,
        seconds: elapsed,
        executions,
        coverage: format!("cov {} ft {}", field("cov:"), field("ft:")),
        corpus: field("corp:"),
    })
}
