//! The playground's build, serve and browser tests, and the tools they need. Tools are
//! installed on first use into `.tools/` (git-ignored): wasm-bindgen-cli at the version in
//! Cargo.lock, trunk, and the npm tools (binaryen's wasm-opt, playwright-core, axe-core). After that,
//! everything works offline.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{cargo, project_root, run};

pub const TRUNK_VERSION: &str = "0.21.14";

/// The whole page must download in this many gzipped bytes: 300 kB, read as decimal
/// kilobytes, the stricter of the two readings.
pub const BUDGET_GZIP: u64 = 300_000;

/// Bytes as decimal kilobytes with one decimal, as the size report prints them.
fn kb(bytes: u64) -> String {
    format!("{:.1}", bytes as f64 / 1000.0)
}

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
    let what = "npm tools (binaryen wasm-opt, playwright-core, axe-core)";
    if npm_tools_installed(&npm_dir) {
        step(4, total, what, "ready");
    } else {
        step(4, total, what, "installing");
        std::fs::create_dir_all(&npm_dir).map_err(|e| e.to_string())?;
        for file in ["package.json", "package-lock.json"] {
            std::fs::copy(project_root().join("xtask/npm").join(file), npm_dir.join(file))
                .map_err(|e| format!("cannot copy {file}: {e}"))?;
        }
        // The real path: npm takes a prefix reached through a symbolic link (a worktree's
        // `.tools`) for a linked package and refuses the lock file.
        let prefix = npm_dir.canonicalize().map_err(|e| format!("cannot resolve {}: {e}", npm_dir.display()))?;
        run(Command::new("npm").args(["ci", "--no-audit", "--no-fund", "--prefix"]).arg(&prefix))?;
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

/// Every package of `xtask/npm/package-lock.json` is in `npm_dir` at its locked version. A
/// checkout whose lock lists fewer packages (an older branch sharing `.tools`) is satisfied
/// by the same install, so worktrees on either side of a change do not reinstall in turn.
fn npm_tools_installed(npm_dir: &Path) -> bool {
    let Ok(lock) = std::fs::read_to_string(project_root().join("xtask/npm/package-lock.json")) else { return false };
    let Ok(lock) = serde_json::from_str::<serde_json::Value>(&lock) else { return false };
    let Some(packages) = lock["packages"].as_object() else { return false };
    packages.iter().filter(|(path, _)| !path.is_empty()).all(|(path, locked)| {
        let installed = std::fs::read_to_string(npm_dir.join(path).join("package.json"))
            .ok()
            .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok());
        installed.is_some_and(|package| package["version"] == locked["version"])
    }) && npm_dir.join("node_modules/.bin/wasm-opt").exists()
}

pub fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// The pages of `dist/` that must stay within [`BUDGET_GZIP`]: the playground and the embed.
/// (The example host page is a documentation page that uses both the embed and the JS API;
/// its download is reported, not budgeted.)
pub const BUDGETED_PAGES: &[&str] = &["index.html", "embed.html"];

/// A module the playground imports after it is interactive (`web/converter`, `web/formatter`,
/// `web/shellcheck`): `path.js` and `path_bg.wasm` in `dist/`, when the page fetches them, and
/// their gzipped budget.
pub struct LazyModule {
    pub path: &'static str,
    pub when: &'static str,
    pub budget: u64,
}

pub const LAZY_MODULES: &[LazyModule] = &[
    LazyModule {
        path: "shellcheck/shipshape_web_shellcheck",
        when: "after the first paint, once the Dockerfile has a RUN",
        budget: SHELLCHECK_BUDGET_GZIP,
    },
    LazyModule {
        path: "converter/shipshape_web_converter",
        when: "when the Distroless tab first opens",
        budget: CONVERTER_BUDGET_GZIP,
    },
    LazyModule {
        path: "formatter/shipshape_web_formatter",
        when: "the first time it formats",
        budget: FORMATTER_BUDGET_GZIP,
    },
];

/// The ShellCheck rules' module: the rules, the shell syntax tree they read, and the parser
/// and model they need (106 kB when it was made), loaded while the visitor reads the first
/// findings.
pub const SHELLCHECK_BUDGET_GZIP: u64 = 120_000;
/// The converter with its image and package tables (224 kB when its budget was set).
pub const CONVERTER_BUDGET_GZIP: u64 = 250_000;
/// The formatter (69 kB when its budget was set).
pub const FORMATTER_BUDGET_GZIP: u64 = 80_000;

/// The example host page; `web/host/` (it and its stylesheet) is copied into `dist/` as it is.
pub const HOST_EXAMPLE: &str = "embed-example.html";

/// `cargo xtask dist`: the static site in `dist/`, release build, with its size report: the
/// playground (`index.html`), the embed view (`embed.html`, the same app), the JavaScript API
/// (`pkg/shipshape.js`) and an example host page that uses both. Fails when a page is over
/// the download budget.
pub fn dist() -> Result<(), String> {
    let over = build_dist()?;
    if over.is_empty() { Ok(()) } else { Err(over.join("; ")) }
}

/// Builds `dist/` and returns the pages over the download budget (an error is a failed build).
/// `cargo xtask test` runs the end-to-end tests even when a page is over budget, and fails at
/// the end.
pub fn build_dist() -> Result<Vec<String>, String> {
    ensure_tools(false)?;
    let dist = project_root().join("dist");
    let trunk = tools_dir().join("bin/trunk");
    build_converter()?;
    build_formatter()?;
    build_shellcheck()?;
    build_exercises()?;
    run(Command::new(&trunk).args(["build", "--release"]).env("PATH", tool_path()).env("TRUNK_OFFLINE", "true"))?;
    build_js_api(&dist.join("pkg"))?;
    finish_dist(&dist)?;
    minify_stylesheets(&dist)?;
    minify_app_glue(&dist)?;
    size_report(&dist)?;
    let mut over = Vec::new();
    eprintln!();
    eprintln!("What each page downloads before it is interactive: the page, the files its attributes and scripts");
    eprintln!("name and the static imports of its scripts, with the _bg.wasm of each wasm-bindgen module, each file");
    eprintln!("counted gzipped (-9) on its own. Modules the page imports later are budgeted on their own below.");
    for page in ["index.html", "embed.html", "exercises/index.html", HOST_EXAMPLE] {
        let files = page_files(&dist, page);
        let total: u64 = files.iter().filter_map(|f| std::fs::read(dist.join(f)).ok()).map(|b| gzip_len(&b)).sum();
        let budgeted = BUDGETED_PAGES.contains(&page);
        eprintln!(
            "{page:<20} downloads {:>5} kB gzipped{} ({})",
            kb(total),
            if budgeted { format!(" of {} kB", kb(BUDGET_GZIP)) } else { String::new() },
            files.join(", ")
        );
        if budgeted && total > BUDGET_GZIP {
            over.push(format!("{page} downloads {} kB gzipped, over the {} kB budget", kb(total), kb(BUDGET_GZIP)));
        }
    }
    // What the playground fetches later, only for the visitors who need it.
    for module in LAZY_MODULES {
        let files = [format!("{}.js", module.path), format!("{}_bg.wasm", module.path)];
        let total: u64 = files.iter().filter_map(|f| std::fs::read(dist.join(f)).ok()).map(|b| gzip_len(&b)).sum();
        eprintln!(
            "{:<20} fetches  {:>5} kB gzipped of {} kB {} ({})",
            "",
            kb(total),
            kb(module.budget),
            module.when,
            files.join(", ")
        );
        if total > module.budget {
            over.push(format!(
                "{}.js with its wasm is {} kB gzipped, over its {} kB budget",
                module.path,
                kb(total),
                kb(module.budget)
            ));
        }
    }
    let docs: Vec<u64> = std::fs::read_dir(dist.join("rules"))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| std::fs::read(e.path()).ok())
        .map(|b| gzip_len(&b))
        .collect();
    if let Some(largest) = docs.iter().max() {
        eprintln!("{:<20} fetches  {:>5} kB gzipped at most per rule's docs, when a finding opens", "", kb(*largest));
    }
    Ok(over)
}

/// The directory cargo builds into (`$CARGO_TARGET_DIR`, else `target/`).
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| project_root().join("target"), PathBuf::from)
}

/// `crates/shipshape_wasm` as an ES module: `pkg/shipshape.js` (wasm-bindgen `--target web`),
/// `pkg/shipshape_bg.wasm` (through binaryen's `wasm-opt -Oz`) and `pkg/shipshape.d.ts`.
pub fn build_js_api(pkg: &Path) -> Result<(), String> {
    build_module(&["-p", "shipshape_wasm"], "shipshape_wasm", "shipshape", pkg, true)
}

/// The exercises page, a binary of its own so the playground does not download the courses:
/// built into `target/exercises`, which `index.html` copies into `dist/exercises/`.
pub fn build_exercises() -> Result<(), String> {
    let out = project_root().join("target/exercises");
    build_module(
        &["-p", "shipshape_web", "--bin", "shipshape_exercises"],
        "shipshape_exercises",
        "shipshape_exercises",
        &out,
        false,
    )?;
    let page = std::fs::read_to_string(project_root().join("web/pages/exercises.html")).map_err(|e| e.to_string())?;
    let page = page.replace("CSP_PLACEHOLDER", &content_security_policy(&page));
    let copy = |from: &str, to: &str| {
        std::fs::copy(project_root().join(from), out.join(to)).map(drop).map_err(|e| format!("{from}: {e}"))
    };
    std::fs::write(out.join("index.html"), page).map_err(|e| e.to_string())?;
    copy("web/style.css", "style.css")?;
    copy("web/exercises.css", "exercises.css")?;
    copy("web/pages/exercises-start.js", "start.js")
}

/// The playground's distroless converter, built where `index.html` copies it from
/// (`target/converter`, into `dist/converter/`): the page loads it when its Distroless tab opens.
pub fn build_converter() -> Result<(), String> {
    let out = project_root().join("target/converter");
    build_module(&["-p", "shipshape_web_converter"], "shipshape_web_converter", "shipshape_web_converter", &out, false)
}

/// The playground's formatter, built where `index.html` copies it from (`target/formatter`,
/// into `dist/formatter/`): the page loads it the first time it formats.
pub fn build_formatter() -> Result<(), String> {
    let out = project_root().join("target/formatter");
    build_module(&["-p", "shipshape_web_formatter"], "shipshape_web_formatter", "shipshape_web_formatter", &out, false)
}

/// The playground's ShellCheck rules, built where `index.html` copies them from
/// (`target/shellcheck`, into `dist/shellcheck/`): the page loads them after its first paint.
pub fn build_shellcheck() -> Result<(), String> {
    let out = project_root().join("target/shellcheck");
    build_module(
        &["-p", "shipshape_web_shellcheck"],
        "shipshape_web_shellcheck",
        "shipshape_web_shellcheck",
        &out,
        false,
    )
}

/// A wasm-bindgen ES module (`--target web`) of the cargo target `select` names (whose wasm
/// file is `artifact.wasm`), optimised, in `out_dir` as `out_name.js` and `out_name_bg.wasm`,
/// with TypeScript definitions when the module is an API for others.
fn build_module(
    select: &[&str],
    artifact: &str,
    out_name: &str,
    out_dir: &Path,
    typescript: bool,
) -> Result<(), String> {
    run(Command::new(cargo())
        .args(["build", "--profile", "wasm-release", "--target", "wasm32-unknown-unknown", "--locked"])
        .args(select))?;
    let wasm = target_dir().join(format!("wasm32-unknown-unknown/wasm-release/{artifact}.wasm"));
    let _ = std::fs::remove_dir_all(out_dir);
    run(Command::new(tools_dir().join("bin/wasm-bindgen"))
        .args(["--target", "web", "--out-name", out_name, "--out-dir"])
        .arg(out_dir)
        .args((!typescript).then_some("--no-typescript"))
        .arg(&wasm))?;
    let bg = out_dir.join(format!("{out_name}_bg.wasm"));
    run(Command::new(tools_dir().join("npm/node_modules/.bin/wasm-opt"))
        .args(["-Oz", "--strip-debug", "--strip-producers"])
        .args([
            "--enable-bulk-memory",
            "--enable-nontrapping-float-to-int",
            "--enable-sign-ext",
            "--enable-mutable-globals",
            "--enable-reference-types",
            "--enable-multivalue",
        ])
        .arg(&bg)
        .arg("-o")
        .arg(&bg))
}

/// The site's stylesheets without comments and needless white space: a kilobyte of each page's
/// download budget. (Trunk's own minifier would also rewrite the HTML, unquoting the attribute
/// the CSP is written into; index.html asks trunk for no integrity hash on the stylesheet, which
/// this changes after it. The CSP allows only the site's own styles anyway.)
fn minify_stylesheets(dist: &Path) -> Result<(), String> {
    let mut files = Vec::new();
    collect(dist, &mut files);
    for file in files.iter().filter(|f| f.extension().is_some_and(|e| e == "css")) {
        let text = std::fs::read_to_string(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
        std::fs::write(file, minify_css(&text)).map_err(|e| format!("cannot write {}: {e}", file.display()))?;
    }
    Ok(())
}

/// The playground's wasm-bindgen glue (`shipshape_web-*.js`) and the scripts wasm-bindgen copies
/// from `web/js` into `snippets/` (of the playground and of the exercises page) without their
/// comment lines and indentation: more than a kilobyte of the page's budget. (index.html asks
/// trunk for no integrity hashes on the app's files, which this changes after it.)
fn minify_app_glue(dist: &Path) -> Result<(), String> {
    let mut files = Vec::new();
    collect(dist, &mut files);
    for file in files {
        let Ok(name) = file.strip_prefix(dist) else { continue };
        let name = name.to_string_lossy();
        let glue = name.starts_with("shipshape_web-") && !name.contains('/');
        let snippet = name.starts_with("snippets/") || name.starts_with("exercises/snippets/");
        if name.ends_with(".js") && (glue || snippet) {
            let text = std::fs::read_to_string(&file).map_err(|e| format!("cannot read {name}: {e}"))?;
            std::fs::write(&file, strip_js_lines(&text)).map_err(|e| format!("cannot write {name}: {e}"))?;
        }
    }
    Ok(())
}

/// JavaScript without whole-line comments and leading white space; lines inside a template
/// literal are kept as they are, and no line is joined to another, so automatic semicolon
/// insertion reads the code as before.
pub fn strip_js_lines(js: &str) -> String {
    let mut out = String::with_capacity(js.len());
    let (mut in_comment, mut in_template) = (false, false);
    for line in js.lines() {
        if in_template {
            out.push_str(line);
            out.push('\n');
        } else {
            let code = line.trim_start();
            if in_comment {
                in_comment = !code.contains("*/");
                continue;
            }
            if code.is_empty() || code.starts_with("//") {
                continue;
            }
            if code.starts_with("/*") {
                // A comment that ends on its line, with nothing after it, or one that goes on.
                match code.find("*/") {
                    Some(end) if code[end + 2..].trim().is_empty() => continue,
                    Some(_) => {}
                    None => {
                        in_comment = true;
                        continue;
                    }
                }
            }
            out.push_str(code);
            out.push('\n');
        }
        let line = if in_template { line } else { line.trim_start() };
        let mut escaped = false;
        for c in line.chars() {
            match c {
                '\\' => escaped = !escaped,
                '`' if !escaped => in_template = !in_template,
                _ => escaped = false,
            }
        }
    }
    out
}

/// CSS without comments, with white space only where it separates words (`calc(a + b)`,
/// `0 0 8px`, descendant selectors), and strings left as they are.
pub fn minify_css(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '/' if css[i..].starts_with("/*") => {
                let end = css[i + 2..].find("*/").map_or(css.len(), |e| i + 2 + e + 2);
                while chars.peek().is_some_and(|&(j, _)| j < end) {
                    chars.next();
                }
            }
            '"' | '\'' => {
                out.push(c);
                while let Some((_, d)) = chars.next() {
                    out.push(d);
                    if d == '\\' {
                        if let Some((_, escaped)) = chars.next() {
                            out.push(escaped);
                        }
                    } else if d == c {
                        break;
                    }
                }
            }
            c if c.is_whitespace() => {
                while chars.peek().is_some_and(|&(_, d)| d.is_whitespace()) {
                    chars.next();
                }
                // Comments end where they end: look past them for what follows.
                let next = chars.peek().map(|&(j, _)| css[j..].trim_start_matches(|d: char| d.is_whitespace()));
                let before = out.chars().last();
                let after = next.and_then(|rest| rest.chars().next());
                let needless = before.is_none_or(|b| "{};,:".contains(b)) || after.is_none_or(|a| "{};,".contains(a));
                if !needless {
                    out.push(' ');
                }
            }
            ';' => {
                let rest = css[i + 1..].trim_start();
                if !rest.starts_with('}') {
                    out.push(';');
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// The Content-Security-Policy `index.html` carries for `cargo xtask serve`, where trunk's page
/// has inline scripts of its own (the app's loader, its live-reload socket) whose hashes change
/// with every build. `cargo xtask dist` replaces it with [`content_security_policy`]'s.
pub const DEV_CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'unsafe-inline'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'";

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
            hashes.push(format!("'sha256-{}'", csp_hash(body.as_bytes())));
        }
        rest = &after[body_start + close..];
    }
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {}; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'",
        hashes.join(" ")
    )
}

/// A script's hash as a Content-Security-Policy writes it: SHA-256, in standard base64 with padding.
fn csp_hash(script: &[u8]) -> String {
    use base64::Engine as _;
    use sha2::Digest as _;
    base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(script))
}

/// Writes `embed.html` (the same app, told by `data-view="embed"` to show the compact
/// widget), copies the example host page, and fills in each page's CSP once its inline
/// scripts are known.
fn finish_dist(dist: &Path) -> Result<(), String> {
    let read = |path: &Path| std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()));
    let write = |path: &Path, text: &str| {
        std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
    };
    let index = read(&dist.join("index.html"))?;
    let embed = embed_page(&index)?;
    write(&dist.join("embed.html"), &embed)?;
    let host = project_root().join("web/host");
    for entry in std::fs::read_dir(&host).map_err(|e| format!("cannot read {}: {e}", host.display()))?.flatten() {
        std::fs::copy(entry.path(), dist.join(entry.file_name()))
            .map_err(|e| format!("cannot copy {}: {e}", entry.path().display()))?;
    }
    for page in ["index.html", "embed.html", "exercises/index.html", HOST_EXAMPLE] {
        let path = dist.join(page);
        let text = read(&path)?;
        let csp = content_security_policy(&text);
        write(&path, &text.replace(DEV_CSP, &csp).replace("CSP_PLACEHOLDER", &csp))?;
    }
    Ok(())
}

/// The embed page from the playground's: the same scripts, a title of its own, and the
/// marker the app reads to show the widget.
pub fn embed_page(index: &str) -> Result<String, String> {
    let marker = "<main id=\"app\">";
    if !index.contains(marker) {
        return Err(format!("dist/index.html has no `{marker}` to turn into the embed view"));
    }
    let title_start = index.find("<title>").ok_or("dist/index.html has no <title>")?;
    let title_end =
        index[title_start..].find("</title>").map(|i| title_start + i + "</title>".len()).ok_or("unclosed <title>")?;
    let mut page = String::with_capacity(index.len());
    page.push_str(&index[..title_start]);
    page.push_str("<title>shipshape — embedded Dockerfile checker</title>");
    page.push_str(&index[title_end..]);
    Ok(page.replace(marker, "<main id=\"app\" data-view=\"embed\">"))
}

/// The files a page downloads: itself, the local files its attributes and inline scripts name
/// (`"./x"`, `'./x'`, `"x.css"`…), the pages it frames, and the `_bg.wasm` beside each
/// wasm-bindgen module it imports.
pub fn page_files(dist: &Path, page: &str) -> Vec<String> {
    // Names are relative to the page that holds them (`exercises/index.html` names
    // `./style.css`); the list holds paths relative to `dist/`.
    let resolve = |from: &str, name: &str| -> String {
        let mut parts: Vec<&str> = from.split('/').collect();
        parts.pop();
        for part in name.split('/') {
            match part {
                "." | "" => {}
                ".." => {
                    parts.pop();
                }
                part => parts.push(part),
            }
        }
        parts.join("/")
    };
    let mut files = vec![page.to_string()];
    let mut i = 0;
    while i < files.len() {
        let current = files[i].clone();
        i += 1;
        let Ok(text) = std::fs::read_to_string(dist.join(&current)) else { continue };
        if !current.ends_with(".html") && !current.ends_with(".js") {
            continue;
        }
        let script = current.ends_with(".js");
        if let Some(stem) = current.strip_suffix(".js") {
            let wasm = format!("{stem}_bg.wasm");
            if dist.join(&wasm).is_file() && !files.contains(&wasm) {
                files.push(wasm);
            }
        }
        for quote in ['"', '\''] {
            for piece in text.split(quote).skip(1).step_by(2) {
                let name = piece.split(['#', '?']).next().unwrap_or(piece);
                let local = !name.is_empty() && !name.contains("://") && !name.contains(' ') && !name.starts_with('/');
                // A script's static imports are `./`-relative; other strings in it (such as
                // the converter's path, loaded on demand) are not downloads of the page.
                let imported = name.starts_with("./") || name.starts_with("../");
                if !local || (script && !imported) {
                    continue;
                }
                let name = resolve(&current, name);
                // TypeScript definitions are for editors; browsers never fetch them.
                let fetched = !name.is_empty() && !name.ends_with(".d.ts");
                if fetched && dist.join(&name).is_file() && !files.contains(&name) {
                    files.push(name);
                }
            }
        }
    }
    files
}

/// Prints each file's raw and gzipped size and returns the gzipped total.
pub fn size_report(dist: &Path) -> Result<u64, String> {
    let mut files: Vec<PathBuf> = Vec::new();
    collect(dist, &mut files);
    files.sort();
    let mut total_raw = 0;
    let mut total_gz = 0;
    eprintln!("\n{:<48} {:>10} {:>10}", "file", "bytes", "gzip -9");
    // The rule docs are a hundred small pages fetched one at a time: one line for them all.
    let mut docs = (0, 0, 0);
    for file in &files {
        let bytes = std::fs::read(file).map_err(|e| e.to_string())?;
        let gz = gzip_len(&bytes);
        total_raw += bytes.len() as u64;
        total_gz += gz;
        let name = file.strip_prefix(dist).unwrap_or(file);
        if name.starts_with("rules") {
            docs = (docs.0 + 1, docs.1 + bytes.len() as u64, docs.2 + gz);
            continue;
        }
        eprintln!("{:<48} {:>10} {:>10}", name.display(), bytes.len(), gz);
    }
    if docs.0 > 0 {
        eprintln!(
            "{:<48} {:>10} {:>10}",
            format!("rules/*.md ({} pages, each fetched on demand)", docs.0),
            docs.1,
            docs.2
        );
    }
    eprintln!("{:<48} {:>10} {:>10}  (the whole site; the budget is per page, below)", "total", total_raw, total_gz);
    Ok(total_gz)
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

/// The wasm-bindgen tests: the core and the JavaScript API in Node, the app's components in
/// headless Chromium.
pub fn wasm_tests() -> Result<(), String> {
    ensure_tools(true)?;
    let runner = tools_dir().join("bin/wasm-bindgen-test-runner");
    run(Command::new(cargo())
        .args(["test", "-p", "shipshape", "--target", "wasm32-unknown-unknown", "--test", "wasm", "--locked"])
        .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER", &runner)
        .env("PATH", tool_path()))?;
    run(Command::new(cargo())
        .args(["test", "-p", "shipshape_wasm", "--target", "wasm32-unknown-unknown", "--test", "node", "--locked"])
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

/// The end-to-end scripts in `tests/e2e/`, in this order.
pub const E2E_SCRIPTS: &[&str] =
    &["playground.mjs", "embed.mjs", "exercises.mjs", "js-api.mjs", "a11y.mjs", "hostile.mjs"];

/// The end-to-end tests in `tests/e2e/` (those named in `only`, or all), against the built
/// `dist/`, with the hostile shapes at the sizes `shapes` gives them (`shapes::page_size` for
/// the tests). Every script runs even when an earlier one fails, so one run shows everything that
/// is broken.
pub fn e2e(only: &[String], shapes: impl Fn(&shipshape::hostile::Shape) -> Vec<usize>) -> Result<(), String> {
    ensure_tools(true)?;
    let out = project_root().join("target/e2e");
    std::fs::create_dir_all(&out).map_err(|e| e.to_string())?;
    // What the CLI says about the Python-on-Alpine example (tests/fixtures), for js-api.mjs to compare the JS API with.
    let seed = project_root().join("tests/fixtures/seed-python-alpine.Dockerfile");
    let seed = seed.to_string_lossy();
    let check = cli_output(&["check", "--no-config", "--format", "json", &seed], &out.join("cli-check.json"))?;
    let rules = cli_output(&["rules", "--format", "json"], &out.join("cli-rules.json"))?;
    let distroless = cli_output(&["distroless", "--format", "json", &seed], &out.join("cli-distroless.json"))?;
    let unformatted = project_root().join("tests/fixtures/unformatted.Dockerfile");
    let formatted =
        cli_output(&["format", "--no-config", &unformatted.to_string_lossy()], &out.join("cli-format.txt"))?;
    // The hostile shapes (hostile.mjs).
    let shapes = crate::shapes::write_shapes(&out.join("shapes"), shapes)?;
    let mut failed = Vec::new();
    for script in E2E_SCRIPTS.iter().filter(|s| only.is_empty() || only.iter().any(|o| o == *s)) {
        let result = run(Command::new("node")
            .arg(project_root().join("tests/e2e").join(script))
            .env("SHIPSHAPE_DIST", project_root().join("dist"))
            .env("SHIPSHAPE_E2E_OUT", &out)
            .env("SHIPSHAPE_NODE_MODULES", tools_dir().join("npm/node_modules"))
            .env("SHIPSHAPE_CLI_CHECK_JSON", &check)
            .env("SHIPSHAPE_CLI_RULES_JSON", &rules)
            .env("SHIPSHAPE_CLI_DISTROLESS_JSON", &distroless)
            .env("SHIPSHAPE_CLI_FORMAT", &formatted)
            .env("SHIPSHAPE_SHAPES", &shapes));
        if result.is_err() {
            failed.push(*script);
        }
    }
    if failed.is_empty() { Ok(()) } else { Err(format!("end-to-end tests failed in {}", failed.join(", "))) }
}

/// Runs the CLI and writes its standard output to `file`. Exit code 1 (findings) is fine.
fn cli_output(args: &[&str], file: &Path) -> Result<PathBuf, String> {
    let output = Command::new(cargo())
        .args(["run", "-q", "-p", "shipshape_cli", "--locked", "--"])
        .args(args)
        .current_dir(project_root())
        .output()
        .map_err(|e| format!("cannot run the CLI: {e}"))?;
    if !matches!(output.status.code(), Some(0 | 1)) {
        return Err(format!("shipshape {} failed: {}", args.join(" "), String::from_utf8_lossy(&output.stderr)));
    }
    std::fs::write(file, &output.stdout).map_err(|e| format!("cannot write {}: {e}", file.display()))?;
    Ok(file.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csp_hashes_are_sha256_in_base64() {
        assert_eq!(csp_hash(b""), "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
        assert_eq!(csp_hash(b"abc"), "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=");
    }

    #[test]
    fn the_playground_carries_the_policy_dist_replaces() {
        let index = std::fs::read_to_string(project_root().join("index.html")).unwrap();
        assert!(index.contains(&format!("content=\"{DEV_CSP}\"")), "index.html's CSP is not web.rs's DEV_CSP");
    }

    #[test]
    fn stripped_js_keeps_every_statement_and_template() {
        let js = "/** Docs\n * more\n */\nfunction f(a) {\n    // why\n    const t = `x\n    y`;\n    return a; /* kept */\n}\n\n/* one line */\nexport { f };\n";
        assert_eq!(
            strip_js_lines(js),
            "function f(a) {\nconst t = `x\n    y`;\nreturn a; /* kept */\n}\nexport { f };\n"
        );
    }

    #[test]
    fn minified_css_means_the_same() {
        let css = "/* a comment */\n:root {\n  --x: rgba(1, 2, 3, 0.5);\n}\n.a .b,\n.c > .d {\n  margin: 0 0 8px;\n  width: calc(100% - 2 * var(--pad));\n  list-style: \"\u{26a0} \";\n}\n@media (max-width: 900px) {\n  .e { padding: 4px 9px; } /* why */\n}\n";
        assert_eq!(
            minify_css(css),
            ":root{--x:rgba(1,2,3,0.5)}.a .b,.c > .d{margin:0 0 8px;width:calc(100% - 2 * var(--pad));list-style:\"\u{26a0} \"}@media (max-width:900px){.e{padding:4px 9px}}"
        );
    }

    /// A page's download follows its links, its scripts' static imports and the wasm beside
    /// each wasm-bindgen module, relative to the page's own directory; what a script only
    /// names (a module it loads on demand) is not counted.
    #[test]
    fn page_files_follow_what_a_page_loads() {
        let dist = std::env::temp_dir().join(format!("shipshape-page-files-{}", std::process::id()));
        let files = [
            ("index.html", r#"<link href="./style.css"><script type="module" src="./app.js"></script>"#),
            ("style.css", ""),
            ("app.js", "import { draft } from './snippets/x/converter.js';"),
            ("app_bg.wasm", ""),
            ("snippets/x/converter.js", r#"import(asset("converter/lazy.js"))"#),
            ("converter/lazy.js", ""),
            ("exercises/index.html", r#"<meta content="../"><link href="./style.css"><script src="./start.js">"#),
            ("exercises/style.css", ""),
            ("exercises/start.js", r#"import init from "./ex.js";"#),
            ("exercises/ex.js", "import '../shared.js';"),
            ("exercises/ex_bg.wasm", ""),
            ("shared.js", ""),
        ];
        for (name, text) in files {
            let path = dist.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let index = page_files(&dist, "index.html");
        let exercises = page_files(&dist, "exercises/index.html");
        std::fs::remove_dir_all(&dist).unwrap();
        assert_eq!(index, ["index.html", "style.css", "app.js", "app_bg.wasm", "snippets/x/converter.js"]);
        assert_eq!(
            exercises,
            [
                "exercises/index.html",
                "exercises/style.css",
                "exercises/start.js",
                "exercises/ex.js",
                "exercises/ex_bg.wasm",
                "shared.js"
            ]
        );
    }
}
