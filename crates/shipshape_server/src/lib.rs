//! `shipshape server`: the Language Server Protocol front end. Editors get every finding as a
//! diagnostic, every fix as a quick fix, pragmas to silence a finding, fix-all on save, rule
//! documentation on hover, and formatting.
//!
//! This crate is the only one that knows LSP and JSON-RPC; it is built on `lsp-server` and
//! `lsp-types`, as rust-analyzer and ruff are, and is synchronous: one thread reads messages in
//! order (`server.rs`). [`run`] serves any `lsp_server::Connection`, so tests and benchmarks
//! drive it in memory; [`run_stdio`] is what the `shipshape server` command calls.

mod analysis;
mod code_actions;
mod diagnostics;
mod document;
mod hover;
mod instructions;
mod lines;
mod server;
mod transport;
mod uri;
mod workspace;

pub use diagnostics::MAX_PUBLISHED;
pub use lsp_server::Connection;
pub use server::{Ended, Hooks, run};
pub use transport::{IoThreads, stdio, stream};
pub use uri::{from_path as uri_from_path, to_path as uri_to_path};

/// Serves one editor on standard input and output until it exits. The result is the process's
/// exit code: 0 after `shutdown` and `exit`, 1 when the editor left without them.
pub fn run_stdio() -> u8 {
    let (connection, io_threads) = transport::stdio();
    let ended = run(&connection, Hooks::default());
    drop(connection);
    if let Err(error) = io_threads.join() {
        eprintln!("shipshape server: {error}");
        return 1;
    }
    match ended {
        Ended::Exit => 0,
        Ended::Abandoned => 1,
    }
}
