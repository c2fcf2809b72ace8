//! Running the built `shipshape` binary from the CLI's integration tests: each test file
//! declares `mod support;` and gets the same way of starting it, isolated from the user's
//! configuration and colours.

// Each test file is its own crate and uses only some of these.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The workspace root, where `tests/fixtures/` and `tests/distroless/` are.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// What one run of the binary gave back.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `shipshape args…` in `dir`, with `stdin` on its standard input (or a closed one).
/// HOME is `dir` and XDG_CONFIG_HOME unset, so that no configuration of the machine's user
/// is read; NO_COLOR keeps the output plain.
pub fn shipshape_in(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_shipshape"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("HOME", dir)
        .env_remove("XDG_CONFIG_HOME")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    if let Some(input) = stdin {
        child.stdin.take().unwrap().write_all(input).unwrap();
    } else {
        drop(child.stdin.take());
    }
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).to_string(),
        stderr: String::from_utf8_lossy(&out.stderr).to_string(),
    }
}

/// Runs `shipshape args…` at the workspace root.
pub fn shipshape(args: &[&str], stdin: Option<&[u8]>) -> Run {
    shipshape_in(&root(), args, stdin)
}
