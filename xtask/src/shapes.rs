//! `cargo xtask shapes`: time grows in proportion to size on every hostile shape
//! (`shipshape::hostile`), for every entry point of the core, for the whole CLI and language
//! server processes, for the JS API in Node and for the page in Chromium. The core's table comes
//! from `crates/shipshape/examples/linearity.rs`, the JS API's and the page's from
//! `tests/e2e/hostile.mjs`; the
//! processes are timed here, at half the size each shape is named after and at that size, and
//! each pair's ratio must stay under 3 (linear is 2, quadratic 4).

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use shipshape::hostile::{SHAPES, Shape};

use crate::{cargo, project_root, run, web};

const MAX_RATIO: f64 = 3.0;

/// Writes each shape at the sizes `sizes` gives it (none: left out) into `dir`, and a manifest of them (name,
/// unit, sizes, paths) for the scripts in `tests/e2e/`; returns the manifest's path.
pub fn write_shapes(dir: &Path, sizes: impl Fn(&Shape) -> Vec<usize>) -> Result<PathBuf, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let mut manifest = Vec::new();
    for (i, shape) in SHAPES.iter().enumerate() {
        let sizes = sizes(shape);
        if sizes.is_empty() {
            continue;
        }
        let mut paths = Vec::new();
        for (k, &size) in sizes.iter().enumerate() {
            let path = dir.join(format!("{i}-{k}.Dockerfile"));
            std::fs::write(&path, (shape.generate)(size))
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            paths.push(path);
        }
        manifest.push(json!({ "name": shape.name, "unit": shape.unit, "sizes": sizes, "paths": paths }));
    }
    let path = dir.join("manifest.json");
    std::fs::write(&path, Value::Array(manifest).to_string())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(path)
}

/// For the page: the size a shape is named after, halved until its text fits what the page
/// checks. The deep shapes (nesting, stages) are small and keep their named size.
pub fn page_size(shape: &Shape) -> Vec<usize> {
    let mut size = shape.full;
    while size > 1 && (shape.generate)(size).len() > shipshape::text::MAX_PAGE_LEN {
        size /= 2;
    }
    vec![size]
}

/// For the page's table: half of what the page checks of a shape, and that.
pub fn page_sizes(shape: &Shape) -> Vec<usize> {
    let size = page_size(shape)[0];
    vec![size / 2, size]
}

/// `--full` measures the core at the sizes the shapes are named after (minutes, not seconds);
/// `--core` leaves out the processes and the JS API; `--shape NAME` measures one shape.
pub fn command(args: &[String]) -> Result<(), String> {
    let mut example = Command::new(cargo());
    example.args(["run", "--release", "--locked", "-q", "-p", "shipshape", "--example", "linearity", "--"]);
    if args.iter().any(|a| a == "--full") {
        example.arg("--full");
    }
    let only = args.iter().position(|a| a == "--shape").and_then(|i| args.get(i + 1));
    if let Some(name) = only {
        example.args(["--shape", name]);
    }
    let core = run(&mut example);
    if args.iter().any(|a| a == "--core") {
        return core;
    }
    run(Command::new(cargo()).args(["build", "--release", "--locked", "-p", "shipshape_cli"]))?;
    let processes = processes(&project_root().join("target/release/shipshape"), only.map(String::as_str));
    let js_api = js_api(only.map(String::as_str));
    let page = page(only.map(String::as_str));
    [core, processes, js_api, page].into_iter().collect()
}

/// The page in Chromium (the site as `cargo xtask dist` builds it): from the paste to the
/// findings, and the Fixed and Distroless tabs' first showing, on each shape at half the size the
/// page checks and at that size (`tests/e2e/hostile.mjs` with two sizes per shape).
fn page(only: Option<&str>) -> Result<(), String> {
    web::build_dist()?;
    println!();
    web::e2e(&["hostile.mjs".to_string()], |shape| {
        if only.is_none_or(|o| o == shape.name) { page_sizes(shape) } else { Vec::new() }
    })
    .map_err(|_| "the page is not linear on every shape (see the table)".to_string())
}

/// The JS API (`pkg/shipshape.js`, built as `dist/` has it) in Node: each entry point on each
/// shape at the size it is measured at (`Shape::measure`) and twice that, as the core's table
/// (`tests/e2e/hostile.mjs measure`).
fn js_api(only: Option<&str>) -> Result<(), String> {
    web::ensure_tools(false)?;
    let dir = web::target_dir().join("shapes-js");
    web::build_js_api(&dir.join("pkg"))?;
    let manifest = write_shapes(&dir.join("shapes"), |shape| {
        if only.is_none_or(|o| o == shape.name) { vec![shape.measure, 2 * shape.measure] } else { Vec::new() }
    })?;
    println!();
    let measured = run(Command::new("node")
        .arg(project_root().join("tests/e2e/hostile.mjs"))
        .arg("measure")
        .arg(&manifest)
        .env("SHIPSHAPE_DIST", &dir)
        .env("SHIPSHAPE_NODE_MODULES", web::tools_dir().join("npm/node_modules")));
    let _ = std::fs::remove_dir_all(dir.join("shapes"));
    measured.map_err(|_| "the JS API is not linear on every shape (see the table)".to_string())
}

/// `shipshape check` and `shipshape server` (from `didOpen` to the diagnostics) on each shape
/// at half its full size and at its full size.
fn processes(binary: &Path, only: Option<&str>) -> Result<(), String> {
    let dir = std::env::temp_dir().join(format!("shipshape-shapes-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let mut failures = Vec::new();
    println!("\n| shape | size | process | time(n/2) | time(n) | ratio |");
    println!("|---|---|---|---:|---:|---:|");
    for shape in SHAPES.iter().filter(|s| only.is_none_or(|o| o == s.name)) {
        let texts = [(shape.generate)(shape.full / 2), (shape.generate)(shape.full)];
        let mut cli = Vec::new();
        let mut server = Vec::new();
        for (k, text) in texts.iter().enumerate() {
            let path = dir.join(format!("{k}.Dockerfile"));
            std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            cli.push(best_of(|| check_process(binary, &path))?);
            server.push(best_of(|| server_process(binary, text))?);
        }
        for (process, times) in [("shipshape check", &cli), ("shipshape server", &server)] {
            let ratio = times[1].as_secs_f64() / times[0].as_secs_f64().max(1e-3);
            println!(
                "| {} | {} {} | {process} | {:.0} ms | {:.0} ms | {ratio:.2} |",
                shape.name,
                shape.full,
                shape.unit,
                times[0].as_secs_f64() * 1e3,
                times[1].as_secs_f64() * 1e3
            );
            if ratio > MAX_RATIO && times[1] > Duration::from_millis(50) {
                failures.push(format!("{} ({process}): time(n)/time(n/2) = {ratio:.2}", shape.name));
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    if failures.is_empty() { Ok(()) } else { Err(format!("not linear: {}", failures.join("; "))) }
}

/// The shortest of up to three runs, as many as fit in a few seconds: other work on the
/// machine only ever adds time.
fn best_of(mut measure: impl FnMut() -> Result<Duration, String>) -> Result<Duration, String> {
    let mut best = measure()?;
    let mut spent = best;
    for _ in 0..2 {
        if spent > Duration::from_secs(3) {
            break;
        }
        let time = measure()?;
        spent += time;
        best = best.min(time);
    }
    Ok(best)
}

/// The wall time of `shipshape check FILE`, the process included.
fn check_process(binary: &Path, path: &Path) -> Result<Duration, String> {
    let started = Instant::now();
    let status = Command::new(binary)
        .args(["check", "--no-fail", "--format", "concise"])
        .arg(path)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map_err(|e| format!("cannot run {}: {e}", binary.display()))?;
    let elapsed = started.elapsed();
    if !status.success() {
        return Err(format!("shipshape check {} failed ({status})", path.display()));
    }
    Ok(elapsed)
}

/// From sending `didOpen` with `text` to receiving its diagnostics, over the server's stdio.
fn server_process(binary: &Path, text: &str) -> Result<Duration, String> {
    let mut child = Command::new(binary)
        .arg("server")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run {} server: {e}", binary.display()))?;
    let result = session(&mut child, text);
    let _ = child.kill();
    let _ = child.wait();
    result
}

fn session(child: &mut Child, text: &str) -> Result<Duration, String> {
    let mut input = child.stdin.take().ok_or("no stdin")?;
    let mut output = BufReader::new(child.stdout.take().ok_or("no stdout")?);
    let uri = "file:///shapes/Dockerfile";
    send(&mut input, &json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}))?;
    receive_until(&mut output, |m| m["id"] == 1)?;
    send(&mut input, &json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}))?;
    let started = Instant::now();
    send(
        &mut input,
        &json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
            "textDocument": {"uri": uri, "languageId": "dockerfile", "version": 1, "text": text}
        }}),
    )?;
    receive_until(&mut output, |m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["version"] == 1)?;
    let elapsed = started.elapsed();
    send(&mut input, &json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}))?;
    receive_until(&mut output, |m| m["id"] == 2)?;
    send(&mut input, &json!({"jsonrpc": "2.0", "method": "exit"}))?;
    Ok(elapsed)
}

fn send(input: &mut impl Write, message: &Value) -> Result<(), String> {
    let body = message.to_string();
    write!(input, "Content-Length: {}\r\n\r\n{body}", body.len())
        .and_then(|()| input.flush())
        .map_err(|e| format!("the server stopped reading: {e}"))
}

/// Reads messages until one satisfies `wanted`, and returns it.
fn receive_until(output: &mut BufReader<ChildStdout>, wanted: impl Fn(&Value) -> bool) -> Result<Value, String> {
    loop {
        let mut length = None;
        loop {
            let mut line = String::new();
            if output.read_line(&mut line).map_err(|e| e.to_string())? == 0 {
                return Err("the server closed its output".to_string());
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(n) = line.strip_prefix("Content-Length: ") {
                length = n.parse::<usize>().ok();
            }
        }
        let mut body = vec![0; length.ok_or("a message without Content-Length")?];
        output.read_exact(&mut body).map_err(|e| e.to_string())?;
        let message: Value = serde_json::from_slice(&body).map_err(|e| e.to_string())?;
        if wanted(&message) {
            return Ok(message);
        }
    }
}
