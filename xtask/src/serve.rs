//! `cargo xtask serve`, and the check that it works on a fresh clone: the README's first
//! command once failed there because Trunk.toml named a directory only some machines have.

use std::io::{Read as _, Write as _};
use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::web::{
    build_converter, build_exercises, build_formatter, build_shellcheck, ensure_tools, target_dir, tool_path, tools_dir,
};
use crate::{project_root, run};
use sha2::Digest as _;

/// The port `cargo xtask serve` listens on unless `--port` says otherwise.
pub const DEFAULT_PORT: u16 = 8080;

/// What trunk serve needs besides the sources: the modules `serve` builds first, which
/// `index.html` copies into the site.
const PREBUILT: &[&str] = &["target/converter", "target/formatter", "target/shellcheck", "target/exercises"];

/// Runs its arguments (trunk serve) and stops the whole process group when they end or when
/// its standard input closes, whichever comes first. (Background jobs of a shell read
/// /dev/null, so the pipe is kept on descriptor 3 for the one that waits on it.)
const WATCHDOG: &str = "exec 3<&0
\"$@\" < /dev/null 3<&- &
server=$!
{ cat <&3 > /dev/null; kill -TERM 0; } &
exec 3<&-
wait $server
kill -TERM 0";

/// How long the first build of a checkout may take before the check gives up: a cold
/// WebAssembly release build on a busy two-core machine.
const FIRST_BUILD: Duration = Duration::from_secs(20 * 60);

/// `cargo xtask serve [--port N]`: builds the modules trunk copies in, then serves the
/// playground, rebuilt whenever its sources change.
pub fn serve(args: &[String]) -> Result<(), String> {
    let port = match args.iter().position(|a| a == "--port") {
        Some(i) => {
            let value = args.get(i + 1).ok_or("--port needs a number")?;
            value.parse().map_err(|_| format!("--port takes a port number, not `{value}`"))?
        }
        None => DEFAULT_PORT,
    };
    ensure_tools(false)?;
    build_converter()?;
    build_formatter()?;
    build_shellcheck()?;
    build_exercises()?;
    eprintln!("serving the playground on http://127.0.0.1:{port}, rebuilt on change (Ctrl-C to stop)");
    run(&mut trunk_serve(&project_root(), port))
}

/// The `trunk serve` of `cargo xtask serve`, for the checkout at `root`.
fn trunk_serve(root: &Path, port: u16) -> Command {
    let mut command = Command::new(tools_dir().join("bin/trunk"));
    command
        .args(["serve", "--address", "127.0.0.1", "--port", &port.to_string()])
        .current_dir(root)
        .env("PATH", tool_path())
        .env("TRUNK_OFFLINE", "true");
    command
}

/// `cargo xtask serve` as a fresh clone meets it. The files git tracks are copied into an
/// empty directory (no `dist/`, no `node_modules/`, no `target/` but the two modules `serve`
/// builds before it starts trunk, taken from this checkout's build); its trunk serve starts on
/// a free port, sharing this checkout's cargo target directory and tools, so only the
/// playground itself is compiled again (its path differs); `tests/e2e/serve.mjs` loads the
/// page in Chromium until it is interactive, changes a source file and waits for the new
/// build to be served. The server's whole process group is stopped at the end, pass or fail.
pub fn serve_check() -> Result<(), String> {
    ensure_tools(true)?;
    let started = Instant::now();
    // Outside target/: trunk ignores changes under cargo's target directory, which the copy
    // shares. One directory per checkout, so a second run compiles only what changed.
    let id: String = sha2::Sha256::digest(project_root().to_string_lossy().as_bytes())[..6]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let checkout = std::env::temp_dir().join(format!("shipshape-serve-check-{id}"));
    let log_path = project_root().join("target/e2e/serve-check.log");
    std::fs::create_dir_all(log_path.parent().unwrap()).map_err(|e| e.to_string())?;
    copy_checkout(&project_root(), &checkout)?;
    let port = free_port()?;
    let log = std::fs::File::create(&log_path).map_err(|e| format!("cannot write {}: {e}", log_path.display()))?;
    // The trunk serve of `cargo xtask serve`, in a process group of its own led by WATCHDOG:
    // stopping the group stops trunk and the cargo and wasm-bindgen it runs, and if this
    // process dies first (Ctrl-C), its end of the pipe closes and the group stops itself, so
    // no server is left behind.
    let trunk = trunk_serve(&checkout, port);
    let mut command = Command::new("sh");
    command
        .args(["-c", WATCHDOG, "sh"])
        .arg(trunk.get_program())
        .args(trunk.get_args())
        .envs(trunk.get_envs().filter_map(|(k, v)| Some((k, v?))))
        .current_dir(&checkout)
        .env("CARGO_TARGET_DIR", target_dir())
        .stdin(Stdio::piped())
        .stdout(log.try_clone().map_err(|e| e.to_string())?)
        .stderr(log)
        .process_group(0);
    eprintln!("\n==> trunk serve on 127.0.0.1:{port} in a clean copy of the checkout ({})", checkout.display());
    let mut server = command.spawn().map_err(|e| format!("cannot start trunk: {e}"))?;
    let result = wait_until_served(&mut server, port).and_then(|first_build| {
        eprintln!("    served after {:.0}s", first_build.as_secs_f64());
        run(Command::new("node")
            .arg(project_root().join("tests/e2e/serve.mjs"))
            .env("SHIPSHAPE_SERVE_URL", format!("http://127.0.0.1:{port}/"))
            .env("SHIPSHAPE_SERVE_CHECKOUT", &checkout)
            .env("SHIPSHAPE_E2E_OUT", project_root().join("target/e2e"))
            .env("SHIPSHAPE_NODE_MODULES", tools_dir().join("npm/node_modules")))
    });
    let stopped = stop(&mut server);
    eprintln!("    (serve check: {:.0}s in all)", started.elapsed().as_secs_f64());
    match (result, stopped) {
        (Ok(()), Ok(())) => Ok(()),
        (Err(e), _) | (Ok(()), Err(e)) => Err(format!("{e}\n{}", tail(&log_path, 30))),
    }
}

/// A copy of the files git tracks in `root` and the new ones it does not ignore (as they are in
/// the working tree), in an empty `to`, plus the modules `serve` builds before trunk starts.
fn copy_checkout(root: &Path, to: &Path) -> Result<(), String> {
    if to.exists() {
        std::fs::remove_dir_all(to).map_err(|e| format!("cannot clear {}: {e}", to.display()))?;
    }
    let listed = Command::new("git")
        // What a commit of the working tree would hold: tracked files and new ones not ignored.
        .args(["ls-files", "-z", "--cached", "--others", "--exclude-standard"])
        .current_dir(root)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !listed.status.success() {
        return Err(format!("git ls-files failed: {}", String::from_utf8_lossy(&listed.stderr)));
    }
    let files = String::from_utf8_lossy(&listed.stdout);
    for file in files.split('\0').filter(|f| !f.is_empty()) {
        let from = root.join(file);
        // Deleted in the working tree, or a symbolic link such as .tools: a clone has neither.
        if !from.is_file() || from.is_symlink() {
            continue;
        }
        copy_file(&from, &to.join(file))?;
    }
    for dir in PREBUILT {
        let mut files = Vec::new();
        collect_files(&root.join(dir), &mut files);
        if files.is_empty() {
            return Err(format!("{dir} is missing: build it first (cargo xtask dist)"));
        }
        for file in files {
            let relative = file.strip_prefix(root).map_err(|e| e.to_string())?;
            copy_file(&file, &to.join(relative))?;
        }
    }
    Ok(())
}

fn copy_file(from: &Path, to: &Path) -> Result<(), String> {
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    std::fs::copy(from, to).map_err(|e| format!("cannot copy {}: {e}", from.display()))?;
    // The original's modification time, so that cargo finds the sources of the last run's copy
    // unchanged and compiles nothing again.
    let modified = std::fs::metadata(from).and_then(|m| m.modified());
    let copy = std::fs::File::options().write(true).open(to);
    if let (Ok(modified), Ok(copy)) = (modified, copy) {
        let _ = copy.set_modified(modified);
    }
    Ok(())
}

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() { collect_files(&path, out) } else { out.push(path) }
    }
}

/// A port nothing listens on now, so that runs in several checkouts do not collide.
fn free_port() -> Result<u16, String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("no free port: {e}"))?;
    listener.local_addr().map(|a| a.port()).map_err(|e| e.to_string())
}

/// Waits until the server answers with the playground's page, and returns how long that took;
/// fails at once when the server exits (trunk stops on a bad configuration before it serves).
fn wait_until_served(server: &mut Child, port: u16) -> Result<Duration, String> {
    let started = Instant::now();
    while started.elapsed() < FIRST_BUILD {
        if let Ok(Some(status)) = server.try_wait() {
            return Err(format!("trunk serve stopped ({status}) before it served the playground"));
        }
        if get(port, "/").is_some_and(|page| page.contains("<main id=\"app\"") && page.contains(".wasm")) {
            return Ok(started.elapsed());
        }
        std::thread::sleep(Duration::from_millis(500));
    }
    Err(format!("trunk serve did not serve the playground within {} minutes", FIRST_BUILD.as_secs() / 60))
}

/// The body of a 200 response to `GET path`, if the server sends one.
fn get(port: u16, path: &str) -> Option<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(stream, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n").ok()?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response).ok()?;
    let response = String::from_utf8_lossy(&response);
    let (head, body) = response.split_once("\r\n\r\n")?;
    head.starts_with("HTTP/1.1 200").then(|| body.to_string())
}

/// Stops the server's process group: TERM, then KILL for whatever is left after a few seconds.
fn stop(server: &mut Child) -> Result<(), String> {
    drop(server.stdin.take());
    let group = format!("-{}", server.id());
    let signal = |name: &str| Command::new("kill").args([name, "--", &group]).stderr(Stdio::null()).status();
    let _ = signal("-TERM");
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline && matches!(server.try_wait(), Ok(None)) {
        std::thread::sleep(Duration::from_millis(100));
    }
    // Children may outlive trunk (a cargo build in progress): the group must be empty.
    std::thread::sleep(Duration::from_millis(300));
    let _ = signal("-KILL");
    let _ = server.wait();
    let alive = || signal("-0").is_ok_and(|s| s.success());
    let deadline = Instant::now() + Duration::from_secs(5);
    while alive() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
    if alive() { Err(format!("processes of the server's group {group} are still running")) } else { Ok(()) }
}

fn tail(path: &Path, lines: usize) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let all: Vec<&str> = text.lines().collect();
    let from = all.len().saturating_sub(lines);
    format!("last lines of {}:\n{}", path.display(), all[from..].join("\n"))
}
