//! The playground's build, serve and browser tests, and the tools they need. Tools are
//! installed on first use into `.tools/` (git-ignored): wasm-bindgen-cli at the version in
//! Cargo.lock, trunk, and the npm tools (binaryen's wasm-opt, playwright-core). After that,
//! everything works offline.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{cargo, project_root, run};

pub const TRUNK_VERSION: &str = "0.21.14";

/// The whole page must download in this many gzipped bytes.
pub const BUDGET_GZIP: u64 = 300 * 1024;

pub fn tools_dir() -> PathBuf {
    project_root().join(".tools")
}

/// PATH with the project's tools first: trunk must find npm's wasm-opt before any other.
pub fn tool_path() -> String {
    let tools = tools_dir();
    let mut parts = vec![tools.join("bin"), tools.join("npm/node_modules/.bin")];
    if let Some(path) = std::env::var_os("PATH") {
        parts.extend(std::env::split_paths(&path));
    }
    std::env::join_paths(parts).map(|p| p.to_string_lossy().to_string()).unwrap_or_default()
}

fn step(n: usize, total: usize, what: &str, state: &str) {
    eprintln!("[{n}/{total}] {what}: {state}");
}

/// The wasm-bindgen version recorded in Cargo.lock; the CLI must match it exactly.
pub fn wasm_bindgen_version() -> Result<String, String> {
    let lock = std::fs::read_to_string(project_root().join("Cargo.lock"))
        .map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\""
            && let Some(version) = lines.next().and_then(|l| l.strip_prefix("version = \""))
        {
            return Ok(version.trim_end_matches('"').to_string());
        }
    }
    Err("wasm-bindgen is not in Cargo.lock".to_string())
}

fn version_of(program: &Path) -> Option<String> {
    let out = Command::new(program).arg("--version").output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// Installs what is missing, one progress line per tool.
pub fn ensure_tools(with_browser: bool) -> Result<(), String> {
    let total = if with_browser { 5 } else { 4 };
    let tools = tools_dir();
    std::fs::create_dir_all(&tools).map_err(|e| format!("cannot create {}: {e}", tools.display()))?;

    crate::ensure_wasm_target()?;
    step(1, total, "rustup target wasm32-unknown-unknown", "ready");

    let wanted = wasm_bindgen_version()?;
    let bindgen = tools.join("bin/wasm-bindgen");
    if version_of(&bindgen).is_some_and(|v| v.ends_with(&wanted)) {
        step(2, total, &format!("wasm-bindgen-cli {wanted}"), "ready");
    } else {
        step(2, total, &format!("wasm-bindgen-cli {wanted}"), "installing (about 5 minutes, once)");
        // Not --locked: the CLI's own lock file pins crates some registries lack.
        run(Command::new(cargo()).args(["install", "wasm-bindgen-cli", "--version", &wanted, "--root"]).arg(&tools))?;
    }

    let trunk = tools.join("bin/trunk");
    if version_of(&trunk).is_some_and(|v| v.ends_with(TRUNK_VERSION)) {
        step(3, total, &format!("trunk {TRUNK_VERSION}"), "ready");
    } else {
        step(3, total, &format!("trunk {TRUNK_VERSION}"), "installing (about 8 minutes, once)");
        run(Command::new(cargo())
            .args(["install", "--locked", "trunk", "--version", TRUNK_VERSION, "--root"])
            .arg(&tools))?;
    }

    let npm_dir = tools.join("npm");
    let wasm_opt = npm_dir.join("node_modules/.bin/wasm-opt");
    let playwright = npm_dir.join("node_modules/playwright-core/package.json");
    let lock = project_root().join("xtask/npm/package-lock.json");
    let installed_lock = npm_dir.join("package-lock.json");
    let same_lock = std::fs::read(&lock).ok() == std::fs::read(&installed_lock).ok();
    if wasm_opt.exists() && playwright.exists() && same_lock {
        step(4, total, "npm tools (binaryen wasm-opt, playwright-core)", "ready");
    } else {
        step(4, total, "npm tools (binaryen wasm-opt, playwright-core)", "installing");
        std::fs::create_dir_all(&npm_dir).map_err(|e| e.to_string())?;
        for file in ["package.json", "package-lock.json"] {
            std::fs::copy(project_root().join("xtask/npm").join(file), npm_dir.join(file))
                .map_err(|e| format!("cannot copy {file}: {e}"))?;
        }
        run(Command::new("npm").args(["ci", "--no-audit", "--no-fund", "--prefix"]).arg(&npm_dir))?;
    }

    if with_browser {
        if Path::new("/usr/bin/chromium").exists() && Path::new("/usr/bin/chromedriver").exists() {
            step(5, total, "chromium and chromedriver", "ready");
        } else if is_root() {
            step(5, total, "chromium and chromedriver", "installing with apt");
            run(Command::new("apt-get").args(["update", "-q"]))?;
            run(Command::new("apt-get")
                .args(["install", "-y", "-q", "chromium", "chromium-driver"])
                .env("DEBIAN_FRONTEND", "noninteractive"))?;
        } else {
            return Err("the browser tests need Debian's chromium and chromium-driver: run `sudo apt-get install chromium chromium-driver`".to_string());
        }
    }
    Ok(())
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// `cargo xtask dist`: the static site in `dist/`, release build, with its size report.
pub fn dist() -> Result<(), String> {
    ensure_tools(false)?;
    let trunk = tools_dir().join("bin/trunk");
    run(Command::new(&trunk).args(["build", "--release"]).env("PATH", tool_path()).env("TRUNK_OFFLINE", "true"))?;
    finish_dist(&project_root().join("dist"))?;
    let total = size_report(&project_root().join("dist"))?;
    if total > BUDGET_GZIP {
        return Err(format!(
            "the page downloads {} kB gzipped, over the {} kB budget",
            total / 1024,
            BUDGET_GZIP / 1024
        ));
    }
    Ok(())
}

/// `cargo xtask serve`: http://127.0.0.1:8080, rebuilt on change.
pub fn serve() -> Result<(), String> {
    ensure_tools(false)?;
    let trunk = tools_dir().join("bin/trunk");
    eprintln!("serving the playground on http://127.0.0.1:8080 (Ctrl-C to stop)");
    run(Command::new(&trunk)
        .args(["serve", "--address", "127.0.0.1", "--port", "8080"])
        .env("PATH", tool_path())
        .env("TRUNK_OFFLINE", "true"))
}

/// The Content-Security-Policy of the page: only its own files, no network access beyond
/// them, and the hashes of the inline scripts trunk writes.
pub fn content_security_policy(index: &str) -> String {
    let mut hashes = Vec::new();
    let mut rest = index;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else { break };
        let tag = &after[..open_end];
        let body_start = open_end + 1;
        let Some(close) = after[body_start..].find("</script>") else { break };
        let body = &after[body_start..body_start + close];
        if !tag.contains(" src=") && !body.trim().is_empty() {
            hashes.push(format!("'sha256-{}'", crate::sha::sha256_base64(body.as_bytes())));
        }
        rest = &after[body_start + close..];
    }
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {}; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'",
        hashes.join(" ")
    )
}

/// Fills in the CSP once the inline scripts are known.
fn finish_dist(dist: &Path) -> Result<(), String> {
    let index_path = dist.join("index.html");
    let index =
        std::fs::read_to_string(&index_path).map_err(|e| format!("cannot read {}: {e}", index_path.display()))?;
    let csp = content_security_policy(&index);
    let index = index.replace("CSP_PLACEHOLDER", &csp);
    std::fs::write(&index_path, index).map_err(|e| e.to_string())?;
    Ok(())
}

/// Prints the raw and gzipped size of what the page loads, and of what it fetches only on demand
/// (a rule's documentation page when a finding is opened; the JS API module for other pages),
/// and returns the gzipped total of what the page loads.
pub fn size_report(dist: &Path) -> Result<u64, String> {
    let mut files: Vec<PathBuf> = Vec::new();
    collect(dist, &mut files);
    files.sort();
    let on_demand = |path: &Path| {
        let relative = path.strip_prefix(dist).unwrap_or(path);
        relative.starts_with("rules") || relative.starts_with("pkg") || relative.extension().is_some_and(|e| e == "md")
    };
    let (mut page_raw, mut page_gz, mut lazy_raw, mut lazy_gz, mut lazy_count, mut largest_lazy) = (0, 0, 0, 0, 0, 0);
    eprintln!("\n{:<48} {:>10} {:>10}", "file (loaded by the page)", "bytes", "gzip -9");
    for file in &files {
        let bytes = std::fs::read(file).map_err(|e| e.to_string())?;
        let gz = gzip_len(&bytes);
        if on_demand(file) {
            lazy_raw += bytes.len() as u64;
            lazy_gz += gz;
            lazy_count += 1;
            largest_lazy = largest_lazy.max(gz);
            continue;
        }
        page_raw += bytes.len() as u64;
        page_gz += gz;
        eprintln!("{:<48} {:>10} {:>10}", file.strip_prefix(dist).unwrap_or(file).display(), bytes.len(), gz);
    }
    eprintln!("{:<48} {:>10} {:>10}  (budget {} kB gzipped)", "total", page_raw, page_gz, BUDGET_GZIP / 1024);
    eprintln!(
        "on demand: {lazy_count} files, {lazy_raw} bytes, {lazy_gz} gzipped in all (the largest {largest_lazy} gzipped): rule docs are fetched when a finding is opened"
    );
    Ok(page_gz)
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn gzip_len(bytes: &[u8]) -> u64 {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let _ = encoder.write_all(bytes);
    encoder.finish().map_or(0, |v| v.len() as u64)
}

/// The wasm-bindgen tests: the core in Node, the app's components in headless Chromium.
pub fn wasm_tests() -> Result<(), String> {
    ensure_tools(true)?;
    let runner = tools_dir().join("bin/wasm-bindgen-test-runner");
    run(Command::new(cargo())
        .args(["test", "-p", "shipshape", "--target", "wasm32-unknown-unknown", "--test", "wasm", "--locked"])
        .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER", &runner)
        .env("PATH", tool_path()))?;
    run(Command::new(cargo())
        .args(["test", "-p", "shipshape_web", "--target", "wasm32-unknown-unknown", "--test", "browser", "--locked"])
        .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER", &runner)
        .env("CHROMEDRIVER", "/usr/bin/chromedriver")
        .env("WASM_BINDGEN_TEST_WEBDRIVER_JSON", project_root().join("web/webdriver.json"))
        .env("WASM_BINDGEN_TEST_TIMEOUT", "120")
        .env("PATH", tool_path()))
}

/// The end-to-end tests in `tests/e2e/`, against the built `dist/`.
pub fn e2e() -> Result<(), String> {
    ensure_tools(true)?;
    let out = project_root().join("target/e2e");
    std::fs::create_dir_all(&out).map_err(|e| e.to_string())?;
    run(Command::new("node")
        .arg(project_root().join("tests/e2e/playground.mjs"))
        .env("SHIPSHAPE_DIST", project_root().join("dist"))
        .env("SHIPSHAPE_E2E_OUT", &out)
        .env("SHIPSHAPE_NODE_MODULES", tools_dir().join("npm/node_modules")))
}
