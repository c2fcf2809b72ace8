//! Project automation, the rust-analyzer way: `cargo xtask <command>`. No shell scripts, no
//! Makefile; each command is a function here.

mod bench_cli;
mod codegen;
mod conformance;
mod distroless;
mod editors;
mod format_conformance;
mod fuzz;
mod readme;
mod serve;
mod shapes;
mod shellcheck;
mod web;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  test          everything CI runs: fmt, clippy, tests, wasm32 build, conformance, fuzz targets,
                wasm tests (Node and headless Chromium), dist/ with its size budget, e2e
  conformance   compare the parser with BuildKit on ../shared/corpus, and the formatter's
                output with BuildKit's reading of the original on corpus and realworld
                (--other NAME=DIR adds another formatter's outputs as a column)
  distroless    the distroless converter on ../shared/realworld: converted, and refused per
                class, with both runtime families (--files: every file; --corpus: the corpus;
                --contexts DIR: the build context of NAME.Dockerfile in DIR/NAME/)
  codegen       regenerate docs/rules/*.md from the rule metadata (--check to verify)
  bench         run the criterion benchmarks, then `shapes`
  bench-cli     the whole `shipshape check` process against a baseline commit's, on the corpus and
                large.Dockerfile, in turn: CPU and wall medians and ratios
                (--baseline REV, default a9d27e0; --batches N, default 11; --per-batch K, default 20)
  shapes        time every entry point, the CLI and the server on the hostile shapes (10 MB,
                a million lines, 10,000 nested `$(`, 10,000 stages, ...) at n and 2n and fail
                when a ratio is above 3 (--full: the core at the named sizes; --core: no processes;
                --shape NAME: one shape)
  dist          build the site into dist/: the playground, embed.html, the JS API in
                dist/pkg/ and an example host page (installs its tools on first use)
  serve         serve the playground on http://127.0.0.1:8080, rebuilt on change
                (--port N for another port)
  serve-check   check that serve works on a clean copy of the checkout (part of test)
  readme        run the README's commands as written (part of test)
  e2e           build dist/ and run the browser tests in tests/e2e/ (or the scripts named:
                e2e hostile.mjs)
  vsix          typecheck, test and package the VS Code extension (editors/vscode) into target/vsix/
  editors       the VS Code and Zed extensions' checks and the Neovim end-to-end test of the server
  fuzz          run the fuzz targets in fuzz/ (nightly, cargo-fuzz): [--seconds N] [--runs N] [TARGET...]
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("test") => test(),
        Some("conformance") => run_conformance(&args[1..]),
        Some("distroless") => distroless::run(&args[1..]),
        Some("codegen") => codegen::run(args.iter().any(|a| a == "--check")),
        Some("dist") => web::dist(),
        Some("serve") => serve::serve(&args[1..]),
        Some("serve-check") => serve::serve_check(),
        Some("readme") => readme::readme_check(),
        Some("e2e") => web::build_dist().and_then(|over| {
            web::e2e(&args[1..], shapes::page_size)?;
            if over.is_empty() { Ok(()) } else { Err(over.join("; ")) }
        }),
        Some("bench") => run(Command::new(cargo()).args(["bench", "-p", "shipshape", "--bench", "check"]))
            .and_then(|()| run(Command::new(cargo()).args(["bench", "-p", "shipshape", "--bench", "hostile"])))
            .and_then(|()| run(Command::new(cargo()).args(["bench", "-p", "shipshape_server", "--bench", "latency"])))
            .and_then(|()| shapes::command(&[])),
        Some("shapes") => shapes::command(&args[1..]),
        Some("bench-cli") => bench_cli::command(&args[1..]),
        Some("vsix") => editors::vsix().map(|_| ()),
        Some("fuzz") => fuzz::command(&args[1..]),
        Some("editors") => editors::vsix().and_then(|_| editors::zed_extension()).and_then(|()| editors::neovim_e2e()),
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

pub fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string())
}

/// Runs a command in the project root (unless it names its own directory), echoing it; fails
/// when it fails.
pub fn run(command: &mut Command) -> Result<(), String> {
    if command.get_current_dir().is_none() {
        command.current_dir(project_root());
    }
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

pub fn ensure_wasm_target() -> Result<(), String> {
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
    // The core as the playground builds it: without the docs and the SPDX list.
    run(Command::new(cargo()).args([
        "clippy",
        "-p",
        "shipshape",
        "--no-default-features",
        "--locked",
        "--",
        "-D",
        "warnings",
    ]))?;
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
    run_conformance(&[])?;
    // Every fuzz target for a short while from the real files: a smoke test of the targets and
    // a chance at a finding on every run (`cargo xtask fuzz` runs them for longer).
    fuzz::smoke(20)?;
    editors::vsix()?;
    editors::zed_extension()?;
    editors::neovim_e2e()?;
    web::wasm_tests()?;
    let over_budget = web::build_dist()?;
    web::e2e(&[], shapes::page_size)?;
    serve::serve_check()?;
    readme::readme_check()?;
    if !over_budget.is_empty() {
        return Err(over_budget.join("; "));
    }
    eprintln!("\nall checks passed in {:.0}s", started.elapsed().as_secs_f64());
    Ok(())
}

/// The formatter on every corpus and realworld file; `--other NAME=DIR` adds another
/// formatter's outputs as a column (see `format_conformance`).
fn formatter_conformance(args: &[String]) -> Result<Vec<String>, String> {
    let shared = shared_dir();
    let inputs = format_conformance::inputs(&shared)?;
    let oracle = format_conformance::oracle(&shared.join("corpus"))?;
    let ours = format_conformance::ours(&inputs, &oracle);
    let others: Vec<(String, format_conformance::Figures)> = args
        .iter()
        .enumerate()
        .filter(|(_, a)| *a == "--other")
        .filter_map(|(i, _)| args.get(i + 1)?.split_once('='))
        .map(|(name, dir)| (name.to_string(), format_conformance::others(&inputs, &oracle, Path::new(dir))))
        .collect();
    let mut columns = vec![("shipshape", &ours)];
    columns.extend(others.iter().map(|(n, f)| (n.as_str(), f)));
    for problem in &ours.problems {
        println!("  {problem}");
    }
    if args.iter().any(|a| a == "--verbose" || a == "-v") {
        for (name, figures) in &others {
            for problem in &figures.problems {
                println!("  {name}: {problem}");
            }
        }
    }
    print!("{}", format_conformance::report(&columns));
    Ok(if ours.problems.is_empty() {
        Vec::new()
    } else {
        vec![format!("the formatter: {} problems on the corpus and realworld files", ours.problems.len())]
    })
}

fn run_conformance(args: &[String]) -> Result<(), String> {
    let corpus = shared_dir().join("corpus");
    let peer = shared_dir().join("peer");
    if !corpus.join("buildkit.jsonl").is_file() || !peer.join("hadolint-cases.jsonl").is_file() {
        let message = format!("{} is missing: conformance was not measured", shared_dir().display());
        if std::env::var("CI").as_deref() == Ok("true") {
            return Err(message);
        }
        eprintln!("WARNING: {message}");
        return Ok(());
    }
    let only_rule = args.iter().position(|a| a == "--rule").and_then(|i| args.get(i + 1)).cloned();
    let verbose = args.iter().any(|a| a == "--verbose" || a == "-v") || only_rule.is_some();
    let mut failures = Vec::new();

    if args.iter().any(|a| a == "--shellcheck") {
        return shellcheck_conformance(verbose);
    }
    let f = conformance::parser(&corpus)?;
    if only_rule.is_none() {
        print!("{}", f.report);
        println!("BuildKit parser conformance (../shared/corpus, BuildKit v0.12.5):");
        println!(
            "  files:        {}/{} agree (instruction sequence, lines, flags, JSON form, heredocs)",
            f.agree, f.oracle_parses
        );
        println!("  instructions: {}/{} agree", f.instructions_agree, f.instructions);
        println!(
            "  values:       {}/{} agree (the one difference is the oracle dropping a NUL from a JSON string)",
            f.values_agree, f.instructions
        );
        println!("  negatives:    {}/{} rejected files give syntax errors", f.negatives_with_errors, f.negatives);
        if f.agree != f.oracle_parses
            || f.negatives_with_errors != f.negatives
            || f.instructions_agree != f.instructions
        {
            failures.push("the parser disagrees with BuildKit".to_string());
        }
    }

    if only_rule.is_none() {
        failures.extend(formatter_conformance(args)?);
    }

    let documented = std::fs::read_to_string(project_root().join("docs/hadolint-differences.md")).unwrap_or_default();
    let h = conformance::hadolint_cases(&peer)?;
    let (mut cases, mut agree) = (0, 0);
    println!("\nhadolint's rule tests (../shared/peer/hadolint-cases.jsonl):");
    for (rule, a) in &h.per_rule {
        if only_rule.as_ref().is_some_and(|r| r != rule) {
            continue;
        }
        cases += a.cases;
        agree += a.agree;
        let mark = if a.differ.is_empty() { "" } else { "  <-" };
        if verbose || !a.differ.is_empty() {
            println!("  {rule}: {}/{} agree{mark}", a.agree, a.cases);
        }
        for (it, hit, onbuild) in &a.differ {
            let listed =
                documented.lines().any(|l| l.contains(&format!("**{rule}**")) && l.contains(&format!("`{it}`")));
            let expected = if *hit { "hit" } else { "no hit" };
            let variant = if *onbuild { " (ONBUILD variant)" } else { "" };
            println!(
                "      {}expected {expected}{variant}: {it}",
                if listed { "documented: " } else { "UNDOCUMENTED: " }
            );
            if !listed {
                failures
                    .push(format!("{rule}: `{it}` differs from hadolint and is not in docs/hadolint-differences.md"));
            }
        }
    }
    let rate = if cases == 0 { 1.0 } else { agree as f64 / cases as f64 };
    println!("  total: {agree}/{cases} cases agree ({:.1}%) over {} implemented rules", rate * 100.0, h.per_rule.len());
    if !h.not_implemented.is_empty() {
        let missing: Vec<String> = h.not_implemented.iter().map(|(r, n)| format!("{r} ({n})")).collect();
        println!("  not implemented: {}", missing.join(", "));
    }
    if rate < 0.97 {
        failures.push(format!("agreement with hadolint's tests is {:.1}%, below 97%", rate * 100.0));
    }

    println!(
        "\nhadolint 2.15.1 on the corpus, per rule, at line level (precision = ours confirmed by hadolint, recall = hadolint's found by us):"
    );
    println!("  {:<8} {:>8} {:>6} {:>6} {:>9} {:>7}", "rule", "hadolint", "ours", "both", "precision", "recall");
    for (rule, c) in conformance::hadolint_corpus(&corpus)? {
        if only_rule.as_ref().is_some_and(|r| *r != rule) {
            continue;
        }
        let precision = if c.ours == 0 { 1.0 } else { c.both as f64 / c.ours as f64 };
        let recall = if c.theirs == 0 { 1.0 } else { c.both as f64 / c.theirs as f64 };
        let low = precision < 0.9 || recall < 0.9;
        let explained = documented.lines().any(|l| l.starts_with(&format!("| {rule} ")));
        let mark = match (low, explained) {
            (false, _) => "",
            (true, true) => "  (explained)",
            (true, false) => "  UNEXPLAINED",
        };
        println!("  {rule:<8} {:>8} {:>6} {:>6} {precision:>9.2} {recall:>7.2}{mark}", c.theirs, c.ours, c.both);
        if verbose {
            for (file, line) in c.only_ours.iter().take(12) {
                println!("      only ours:     {file}:{line}");
            }
            for (file, line) in c.only_theirs.iter().take(12) {
                println!("      only hadolint: {file}:{line}");
            }
        }
        if low && !explained {
            failures.push(format!("{rule}: precision {precision:.2} / recall {recall:.2} on the corpus, not explained in docs/hadolint-differences.md"));
        }
    }
    if only_rule.is_none()
        && let Some(report) = distroless::measure(false)?
    {
        println!();
        print!("{}", report.table());
    }
    if only_rule.is_none()
        && let Err(e) = shellcheck_conformance(verbose)
    {
        failures.push(e);
    }
    if failures.is_empty() { Ok(()) } else { Err(format!("conformance:\n  {}", failures.join("\n  "))) }
}

/// The SC rules against hadolint and ShellCheck (`conformance --shellcheck` runs only this).
fn shellcheck_conformance(verbose: bool) -> Result<(), String> {
    let shared = shared_dir();
    let implemented: std::collections::BTreeSet<String> = shipshape::rules::RULES
        .iter()
        .filter(|r| r.meta.code.starts_with("SC"))
        .map(|r| r.meta.code.to_string())
        .collect();
    let mut failures = Vec::new();
    for (name, dir, stored) in [
        ("../shared/corpus", shared.join("corpus/files"), Some(shared.join("corpus/hadolint.jsonl"))),
        ("../shared/realworld", shared.join("realworld"), None),
    ] {
        let set = shellcheck::DataSet::read(name.trim_start_matches("../shared/"), &dir, stored)?;
        let figures = shellcheck::measure(&set)?;
        failures.extend(shellcheck::report(name, &figures, verbose, &implemented));
    }
    if failures.is_empty() { Ok(()) } else { Err(failures.join("\n  ")) }
}
