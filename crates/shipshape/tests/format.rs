//! The formatter on real files (`../shared/corpus` and `../shared/realworld`) and on broken
//! copies of them: every file that parses is formatted to a file that means the same to
//! BuildKit, keeps every comment, and formats to itself; a file that does not parse is refused
//! with a reason, never changed.

use std::path::PathBuf;

use shipshape::format::{FormatOptions, LineEnding};
use shipshape::invariants;

fn shared() -> Option<PathBuf> {
    let dir = std::env::var_os("SHIPSHAPE_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    if dir.join("corpus/files").is_dir() && dir.join("realworld").is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "../shared is missing, and CI=true: the formatter's corpus tests must run in CI"
    );
    eprintln!("SKIPPED: ../shared not found (set SHIPSHAPE_SHARED); formatter corpus properties were NOT checked");
    None
}

/// Every corpus and realworld file, as text (the few that are not UTF-8 lossily).
fn files() -> Vec<(String, String)> {
    let Some(dir) = shared() else { return Vec::new() };
    let mut out = Vec::new();
    for sub in ["corpus/files", "realworld"] {
        let mut paths: Vec<_> = std::fs::read_dir(dir.join(sub))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "Dockerfile"))
            .collect();
        paths.sort();
        for p in paths {
            let text = String::from_utf8_lossy(&std::fs::read(&p).unwrap()).to_string();
            out.push((format!("{sub}/{}", p.file_name().unwrap().to_string_lossy()), text));
        }
    }
    assert!(out.len() > 400 || out.is_empty(), "only {} files found", out.len());
    out
}

/// `Ok(true)` when formatted, `Ok(false)` when refused for a syntax error.
fn check_file(name: &str, source: &str, options: &FormatOptions) -> Result<bool, String> {
    invariants::format_is_sound(source, options).map(|output| output.is_some()).map_err(|e| format!("{name}: {e}"))
}

#[test]
fn real_files_keep_their_meaning_and_format_to_themselves() {
    let mut failures = Vec::new();
    let (mut formatted, mut refused) = (0, 0);
    for (name, source) in files() {
        for options in [
            FormatOptions::default(),
            FormatOptions { indent_width: 2, break_long_runs: false, line_ending: LineEnding::CrLf },
        ] {
            match check_file(&name, &source, &options) {
                Ok(true) => formatted += 1,
                Ok(false) => refused += 1,
                Err(e) => failures.push(e),
            }
        }
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
    eprintln!("{formatted} formatted, {refused} refused for a syntax error");
}

/// Changes that stress the formatter: whitespace, line continuations, blank and comment lines
/// where they may go, keyword case, and pieces that break a file.
const PIECES: &[&str] = &[
    " ",
    "\t",
    "   ",
    " \\\n",
    " \\\n\t\t",
    " \\\n  # a comment\n    ",
    " \\\n\n  ",
    "\\\n",
    "\n",
    "\n\n\n",
    "\n# a comment\n",
    "&&",
    " && ",
    "|",
    ";",
    "\"",
    "'",
    "$(",
    "<<EOF\n",
    "[",
    "\r\n",
    "é",
    "😀|",
    "\u{a0}",
];

fn next(state: &mut u64) -> usize {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state as usize
}

/// `source` with a few random changes, mostly at whitespace (xorshift: the same seed gives the
/// same files on every machine).
fn reshape(source: &str, state: &mut u64) -> String {
    let mut s = source.to_string();
    for _ in 0..1 + next(state) % 6 {
        let mut at = next(state) % (s.len() + 1);
        while !s.is_char_boundary(at) {
            at -= 1;
        }
        // Most changes land on whitespace, where the formatter has choices to make.
        if !next(state).is_multiple_of(4)
            && let Some(space) = s[at..].find([' ', '\t'])
        {
            at += space;
        }
        let piece = PIECES[next(state) % PIECES.len()];
        match next(state) % 4 {
            0 => {
                let mut end = (at + 1).min(s.len());
                while !s.is_char_boundary(end) {
                    end += 1;
                }
                s.replace_range(at..end, piece);
            }
            1 => {
                // Lower-case the word here: keywords are case-insensitive.
                let end = s[at..].find(|c: char| c.is_whitespace()).map_or(s.len(), |i| at + i);
                let lower = s[at..end].to_lowercase();
                s.replace_range(at..end, &lower);
            }
            _ => s.insert_str(at, piece),
        }
    }
    s
}

#[test]
fn reshaped_and_broken_files_keep_their_meaning_too() {
    // Three changed copies of every file in CI; a longer hunt is one variable away:
    // `SHIPSHAPE_FUZZ_ROUNDS=200 SHIPSHAPE_FUZZ_SEED=7 cargo test --release -p shipshape --test format reshaped`;
    // `SHIPSHAPE_FORMAT_DUMP=DIR` writes each failing input there.
    let number = |name: &str, default: u64| std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default);
    let rounds = number("SHIPSHAPE_FUZZ_ROUNDS", 3);
    let mut state = number("SHIPSHAPE_FUZZ_SEED", 0x2545_F491_4F6C_DD1D).max(1);
    let mut failures = Vec::new();
    let (mut formatted, mut refused) = (0, 0);
    for (name, source) in files() {
        for round in 0..rounds {
            let input = reshape(&source, &mut state);
            let options = FormatOptions { break_long_runs: round % 2 == 0, ..FormatOptions::default() };
            match check_file(&name, &input, &options) {
                Ok(true) => formatted += 1,
                Ok(false) => refused += 1,
                Err(e) => {
                    if let Ok(dir) = std::env::var("SHIPSHAPE_FORMAT_DUMP") {
                        let _ = std::fs::write(format!("{dir}/fail{}.Dockerfile", failures.len()), &input);
                    }
                    failures.push(format!("{e}\n--- input:\n{input}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{} failures, the first:\n{}", failures.len(), failures[0]);
    eprintln!("{formatted} reshaped files formatted, {refused} refused for a syntax error");
}
