//! `cargo xtask bench-cli`: the whole `shipshape check` process of this checkout against the
//! one of a baseline commit, on the corpus (one process over all its files) and on
//! `large.Dockerfile`, as a user runs it. Criterion measures the core in-process; this measures
//! what a user waits for: start-up, reading files, checking, printing and freeing.
//!
//! The machine may be shared, so the two binaries run in turn, batch against batch, in
//! alternating order, and the figures are medians. CPU time (user + system) is the children's
//! time the kernel accounts to this process (`/proc/self/stat`, in clock ticks), so a batch runs
//! the command several times to measure well above the tick; wall time is measured too.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::{cargo, project_root, run, shared_dir};

/// The commit before the ShellCheck rules: "checking with them stays within 1.5× of it".
const DEFAULT_BASELINE: &str = "a9d27e0";

struct Options {
    baseline: String,
    batches: usize,
    per_batch: usize,
}

fn options(args: &[String]) -> Result<Options, String> {
    // Twenty runs a batch: the kernel counts CPU time in ticks of 10 ms, half a millisecond a run.
    let mut o = Options { baseline: DEFAULT_BASELINE.to_string(), batches: 11, per_batch: 20 };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--baseline" => o.baseline = value()?.clone(),
            "--batches" => o.batches = value()?.parse().map_err(|e| format!("--batches: {e}"))?,
            "--per-batch" => o.per_batch = value()?.parse().map_err(|e| format!("--per-batch: {e}"))?,
            _ => return Err(format!("bench-cli: unknown argument {arg}")),
        }
    }
    if o.batches == 0 || o.per_batch == 0 {
        return Err("bench-cli: --batches and --per-batch must be at least 1".into());
    }
    Ok(o)
}

pub fn command(args: &[String]) -> Result<(), String> {
    let o = options(args)?;
    let root = project_root();
    let shared = shared_dir();
    if !shared.join("corpus/large.Dockerfile").exists() {
        return Err(format!("{} has no corpus/large.Dockerfile", shared.display()));
    }
    run(Command::new(cargo()).args(["build", "--release", "-p", "shipshape_cli"]))?;
    let current = root.join("target/release/shipshape");
    let baseline = build_baseline(&root, &o.baseline)?;

    let corpus = shared.join("corpus/files");
    let large = shared.join("corpus/large.Dockerfile");
    println!(
        "whole process, `shipshape check PATH --format concise`; {} batches of {} runs each, in turn; medians per run",
        o.batches, o.per_batch
    );
    println!(
        "{:<18} {:>16} {:>16} {:>8} {:>16} {:>16} {:>8}",
        "", "cpu now", "cpu base", "ratio", "wall now", "wall base", "ratio"
    );
    for (name, path) in [("corpus (1 process)", &corpus), ("large.Dockerfile", &large)] {
        let m = compare(&current, &baseline, path, &o)?;
        println!(
            "{name:<18} {:>13.1} ms {:>13.1} ms {:>7.2}x {:>13.1} ms {:>13.1} ms {:>7.2}x",
            m.cpu.0, m.cpu.1, m.cpu_ratio, m.wall.0, m.wall.1, m.wall_ratio
        );
    }
    Ok(())
}

/// Builds the baseline's CLI in a worktree of its own (with its own target directory) under
/// target/, once per commit.
fn build_baseline(root: &Path, rev: &str) -> Result<PathBuf, String> {
    let output = Command::new("git")
        .args(["rev-parse", "--verify", &format!("{rev}^{{commit}}")])
        .current_dir(root)
        .output()
        .map_err(|e| format!("git: {e}"))?;
    if !output.status.success() {
        return Err(format!("bench-cli: {rev} is not a commit here"));
    }
    let commit = String::from_utf8_lossy(&output.stdout).trim().to_string();
    let dir = root.join("target/bench-baseline").join(&commit[..12]);
    let source = dir.join("src");
    if !source.exists() {
        run(Command::new("git").args(["worktree", "add", "--detach"]).arg(&source).arg(&commit))?;
    }
    let target = dir.join("target");
    run(Command::new(cargo())
        .args(["build", "--release", "-p", "shipshape_cli"])
        .env("CARGO_TARGET_DIR", &target)
        .current_dir(&source))?;
    Ok(target.join("release/shipshape"))
}

struct Measured {
    /// (now, baseline) medians in milliseconds per run.
    cpu: (f64, f64),
    wall: (f64, f64),
    /// Medians of the batch-by-batch ratios now / baseline.
    cpu_ratio: f64,
    wall_ratio: f64,
}

fn compare(current: &Path, baseline: &Path, path: &Path, o: &Options) -> Result<Measured, String> {
    // A warm-up of each, for the page cache.
    batch(current, path, 1)?;
    batch(baseline, path, 1)?;
    let (mut now, mut base) = (Vec::new(), Vec::new());
    for i in 0..o.batches {
        if i % 2 == 0 {
            now.push(batch(current, path, o.per_batch)?);
            base.push(batch(baseline, path, o.per_batch)?);
        } else {
            base.push(batch(baseline, path, o.per_batch)?);
            now.push(batch(current, path, o.per_batch)?);
        }
    }
    let ratios = |f: fn(&(f64, f64)) -> f64| median(now.iter().zip(&base).map(|(a, b)| f(a) / f(b)).collect());
    Ok(Measured {
        cpu: (median(now.iter().map(|m| m.0).collect()), median(base.iter().map(|m| m.0).collect())),
        wall: (median(now.iter().map(|m| m.1).collect()), median(base.iter().map(|m| m.1).collect())),
        cpu_ratio: ratios(|m| m.0),
        wall_ratio: ratios(|m| m.1),
    })
}

/// Runs `shipshape check PATH` `n` times; the CPU and wall time per run in milliseconds.
fn batch(exe: &Path, path: &Path, n: usize) -> Result<(f64, f64), String> {
    let cpu_before = children_cpu_ms();
    let start = Instant::now();
    for _ in 0..n {
        // Exit code 1 means findings: expected.
        Command::new(exe)
            .arg("check")
            .arg(path)
            .args(["--format", "concise"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .map_err(|e| format!("{}: {e}", exe.display()))?;
    }
    let wall = start.elapsed().as_secs_f64() * 1000.0;
    let cpu = children_cpu_ms() - cpu_before;
    Ok((cpu / n as f64, wall / n as f64))
}

/// The user and system time of the children this process has waited for, in milliseconds
/// (Linux's `/proc/self/stat`, fields 16 and 17, in ticks of 1/100 s); NaN elsewhere.
fn children_cpu_ms() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else { return f64::NAN };
    // The command name (field 2) is in parentheses and may hold spaces: count after it.
    let Some(rest) = stat.rsplit_once(')').map(|(_, r)| r) else { return f64::NAN };
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // `rest` starts at field 3.
    let tick = |i: usize| fields.get(i - 3).and_then(|f| f.parse::<f64>().ok()).unwrap_or(f64::NAN);
    (tick(16) + tick(17)) * 10.0
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    match v.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
}
