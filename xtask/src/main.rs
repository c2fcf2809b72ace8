//! Project automation, the rust-analyzer way: `cargo xtask <command>`.

mod conformance;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("conformance") => run_conformance(),
        _ => Err("usage: cargo xtask <conformance>".to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn project_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn shared_dir() -> PathBuf {
    std::env::var_os("SHIPSHAPE_SHARED")
        .map_or_else(|| project_root().join("../shared"), PathBuf::from)
}

fn run_conformance() -> Result<(), String> {
    let corpus = shared_dir().join("corpus");
    let f = conformance::parser(&corpus)?;
    print!("{}", f.report);
    println!(
        "parser: {}/{} files agree with BuildKit ({} instructions, {} agree; values {}/{}); negatives with errors {}/{}",
        f.agree,
        f.oracle_parses,
        f.instructions,
        f.instructions_agree,
        f.values_agree,
        f.instructions,
        f.negatives_with_errors,
        f.negatives
    );
    Ok(())
}
