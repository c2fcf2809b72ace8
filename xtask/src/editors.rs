//! The editor integrations under test: `shipshape server` driven by a real client (Neovim's
//! built-in LSP client, headless), the VS Code extension (typechecked, unit-tested and
//! packaged into a `.vsix`), and the Zed extension (compiled). Neovim is Debian's package, installed when missing and root, as
//! the browser tests install Chromium; the extension's npm packages go into
//! `editors/vscode/node_modules` (git-ignored).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use shipshape::format::FormatOptions;
use shipshape::text::LineIndex;
use shipshape::{Applicability, Settings};

use crate::{cargo, project_root, run};

/// How long Neovim may take for the whole session before it is stopped.
const NEOVIM_DEADLINE: Duration = Duration::from_secs(180);

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| project_root().join("target"), PathBuf::from)
}

fn fresh_dir(path: &Path) -> Result<(), String> {
    let _ = std::fs::remove_dir_all(path);
    std::fs::create_dir_all(path).map_err(|e| format!("cannot create {}: {e}", path.display()))
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Debian's `neovim`, installed with apt when it is missing and we are root.
fn ensure_neovim() -> Result<String, String> {
    let version = || {
        Command::new("nvim")
            .arg("--version")
            .output()
            .ok()
            .filter(|o| o.status.success())
            .and_then(|o| String::from_utf8_lossy(&o.stdout).lines().next().map(str::to_string))
    };
    if let Some(version) = version() {
        return Ok(version);
    }
    if !crate::web::is_root() {
        return Err("the editor tests need Neovim: run `sudo apt-get install neovim`".to_string());
    }
    eprintln!("==> installing Neovim with apt");
    run(Command::new("apt-get").args(["update", "-q"]))?;
    run(Command::new("apt-get").args(["install", "-y", "-q", "neovim"]).env("DEBIAN_FRONTEND", "noninteractive"))?;
    version().ok_or_else(|| "nvim does not run after installing neovim".to_string())
}

/// Diagnostics as `tests/editors/neovim.lua` prints them: `line:column code`, 0-based, the
/// column in bytes (what Neovim keeps after converting the server's UTF-16), sorted.
fn diagnostics_text(text: &str, settings: &Settings) -> String {
    let index = LineIndex::new(text);
    let mut lines: Vec<String> = shipshape::check(text, settings)
        .iter()
        .map(|d| {
            let at = index.line_col(text, d.range.start, shipshape::text::ColumnUnit::Utf8);
            format!("{}:{} {}", at.line, at.col, d.rule.code)
        })
        .collect();
    lines.sort();
    lines.iter().map(|l| format!("{l}\n")).collect()
}

/// Neovim opens `tests/editors/Dockerfile` in a project with a `.hadolint.yaml` and a
/// `.dockerignore`, takes the diagnostics and a hover, applies the DL3042 quick fix and the
/// fix-all action through its code action menu, formats, and writes the buffer after each step.
/// Each must be what the core computes for the same steps under the same settings.
pub fn neovim_e2e() -> Result<(), String> {
    let version = ensure_neovim()?;
    eprintln!("==> {version}");
    run(Command::new(cargo()).args(["build", "-p", "shipshape_cli", "--locked"]))?;
    let binary = target_dir().join("debug").join(if cfg!(windows) { "shipshape.exe" } else { "shipshape" });
    let root = target_dir().join("e2e/neovim");
    let (work, out) = (root.join("project"), root.join("out"));
    fresh_dir(&work)?;
    fresh_dir(&out)?;
    let input = read(&project_root().join("tests/editors/Dockerfile"))?;
    let dockerfile = work.join("Dockerfile");
    write(&dockerfile, &input)?;
    write(&work.join(".hadolint.yaml"), "# The editor must read this: SS001 is not reported.\nignored: [SS001]\n")?;
    write(&work.join(".dockerignore"), ".git\n")?;

    // What the server should do, step by step, from the core and the same settings code.
    let config = shipshape_config::hadolint::load(None, &work)?;
    let dockerignore = shipshape_config::find_dockerignore(Some(&dockerfile), None);
    let settings = shipshape_config::settings(&shipshape_config::Options::default(), config.as_ref(), dockerignore)?;
    let quick_fix = shipshape::check(&input, &settings)
        .into_iter()
        .find(|d| d.rule.code == "DL3042")
        .and_then(|d| d.fix)
        .ok_or("tests/editors/Dockerfile must have a DL3042 finding with a fix")?;
    let after_quick_fix = shipshape::fix::apply(&input, &[&quick_fix]).0;
    let after_fix_all = shipshape::fix(&after_quick_fix, &settings, Applicability::Safe).output;
    let format_options = config.as_ref().map(|c| c.formatter.apply(FormatOptions::default())).unwrap_or_default();
    let after_format = shipshape::format::format(&after_fix_all, &format_options)
        .map_err(|e| format!("the fixed tests/editors/Dockerfile does not format: {e}"))?;
    let expected_final = out.join("expected-final-diagnostics.txt");
    write(&expected_final, &diagnostics_text(&after_format, &settings))?;

    let script = project_root().join("tests/editors/neovim.lua");
    eprintln!("\n==> nvim --headless --clean -c 'luafile {}'", script.display());
    let started = Instant::now();
    let mut child = Command::new("nvim")
        .args(["--headless", "--clean", "-c"])
        .arg(format!("luafile {}", script.display()))
        .env("SHIPSHAPE_BIN", &binary)
        .env("SHIPSHAPE_E2E_DIR", &work)
        .env("SHIPSHAPE_E2E_OUT", &out)
        .env("SHIPSHAPE_E2E_EXPECTED", &expected_final)
        .stdin(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run nvim: {e}"))?;
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            break status;
        }
        if started.elapsed() > NEOVIM_DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("Neovim did not finish in {}s", NEOVIM_DEADLINE.as_secs()));
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    eprintln!("    ({:.1}s)", started.elapsed().as_secs_f64());
    if let Ok(failure) = std::fs::read_to_string(out.join("failure.txt")) {
        return Err(format!("the Neovim session failed: {failure}"));
    }
    if !status.success() || !out.join("done.txt").is_file() {
        return Err(format!("Neovim ended with {status} before the end of tests/editors/neovim.lua"));
    }
    let mut differences = Vec::new();
    let hover = read(&out.join("hover.txt"))?;
    if !hover.contains("**DL3042** `pip-without-no-cache-dir`") || !hover.contains("## Why is this bad?") {
        differences.push(format!("hover.txt: the hover on `pip` lacks DL3042's documentation:\n{hover}"));
    }
    for (file, expected) in [
        ("diagnostics.txt", diagnostics_text(&input, &settings)),
        ("after-quickfix.txt", after_quick_fix),
        ("after-fixall.txt", after_fix_all),
        ("after-format.txt", after_format),
    ] {
        let actual = read(&out.join(file))?;
        if actual != expected {
            differences.push(format!("{file}: Neovim has\n{actual}\nexpected\n{expected}"));
        }
    }
    if differences.is_empty() {
        eprintln!("    Neovim: diagnostics, hover, quick fix, fix-all and formatting agree with the core");
        Ok(())
    } else {
        Err(format!("the Neovim session differs from the core:\n{}", differences.join("\n")))
    }
}

/// The Zed extension (`editors/zed`), which Zed compiles itself, still compiles against its
/// API.
pub fn zed_extension() -> Result<(), String> {
    let manifest = project_root().join("editors/zed/Cargo.toml");
    run(Command::new(cargo())
        .args(["check", "--locked", "--manifest-path"])
        .arg(&manifest)
        .arg("--target-dir")
        .arg(target_dir().join("zed")))
}

fn vscode_dir() -> PathBuf {
    project_root().join("editors/vscode")
}

/// `npm ci` in `editors/vscode` unless `node_modules` was installed from this very lock file.
fn ensure_npm_packages() -> Result<(), String> {
    let dir = vscode_dir();
    let lock = read(&dir.join("package-lock.json"))?;
    let stamp = dir.join("node_modules/.shipshape-installed-lock.json");
    if std::fs::read_to_string(&stamp).ok().as_deref() == Some(lock.as_str()) {
        return Ok(());
    }
    run(Command::new("npm").args(["ci", "--no-audit", "--no-fund", "--prefix"]).arg(&dir))?;
    write(&stamp, &lock)
}

/// `cargo xtask vsix`: the VS Code extension, typechecked, its unit tests run, packaged into
/// `target/vsix/shipshape-<version>.vsix`. Returns the package's path.
pub fn vsix() -> Result<PathBuf, String> {
    ensure_npm_packages()?;
    let dir = vscode_dir();
    let manifest: serde_json::Value = serde_json::from_str(&read(&dir.join("package.json"))?)
        .map_err(|e| format!("editors/vscode/package.json: {e}"))?;
    let version = manifest["version"].as_str().unwrap_or_default();
    if version != shipshape::VERSION {
        return Err(format!(
            "editors/vscode/package.json has version {version}, shipshape is {}: keep them equal",
            shipshape::VERSION
        ));
    }
    let bin = dir.join("node_modules/.bin");
    run(Command::new(bin.join("tsc")).arg("-p").arg(&dir))?;
    run(Command::new("node").arg("--test").arg(dir.join("out/test")))?;
    let package = target_dir().join("vsix").join(format!("shipshape-{version}.vsix"));
    std::fs::create_dir_all(package.parent().expect("a directory")).map_err(|e| e.to_string())?;
    run(Command::new(bin.join("vsce")).args(["package", "--skip-license", "--out"]).arg(&package).current_dir(&dir))?;
    // A .vsix is a zip whose central directory names every file, uncompressed.
    let bytes = std::fs::read(&package).map_err(|e| format!("cannot read {}: {e}", package.display()))?;
    for needed in [
        "extension/package.json",
        "extension/readme.md",
        "extension/out/extension.js",
        "extension/out/server.js",
        "extension/node_modules/vscode-languageclient/package.json",
    ] {
        if !bytes.windows(needed.len()).any(|w| w == needed.as_bytes()) {
            return Err(format!("{} lacks {needed}", package.display()));
        }
    }
    for unwanted in ["extension/src/", "extension/out/test/", "extension/node_modules/typescript/"] {
        if bytes.windows(unwanted.len()).any(|w| w == unwanted.as_bytes()) {
            return Err(format!("{} should not contain {unwanted}", package.display()));
        }
    }
    eprintln!("    {} ({} kB)", package.display(), bytes.len() / 1000);
    Ok(package)
}
