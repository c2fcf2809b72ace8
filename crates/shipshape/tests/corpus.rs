//! Properties over the real-world corpus in `../shared/corpus`: the parser is lossless and never
//! panics, and fixing everything (unsafe fixes included) gives a file that re-parses, is a
//! fixpoint, and keeps every comment.

use std::collections::HashMap;
use std::path::PathBuf;

use shipshape::syntax::{self, LineKind};
use shipshape::{Applicability, Settings};

fn shared() -> Option<PathBuf> {
    let dir = std::env::var_os("SHIPSHAPE_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    if dir.join("corpus/files").is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "../shared/corpus is missing, and CI=true: the corpus tests must run in CI"
    );
    eprintln!("SKIPPED: ../shared/corpus not found (set SHIPSHAPE_SHARED); corpus properties were NOT checked");
    None
}

fn corpus() -> Vec<(String, String)> {
    let Some(dir) = shared() else { return Vec::new() };
    let mut files: Vec<_> = std::fs::read_dir(dir.join("corpus/files")).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    let mut out: Vec<(String, String)> = files
        .into_iter()
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().to_string(),
                String::from_utf8_lossy(&std::fs::read(&p).unwrap()).to_string(),
            )
        })
        .collect();
    out.push(("large.Dockerfile".to_string(), std::fs::read_to_string(dir.join("corpus/large.Dockerfile")).unwrap()));
    out
}

#[test]
fn parsing_is_lossless() {
    for (name, source) in corpus() {
        let parse = syntax::parse(&source);
        let file = &parse.file;
        // The lines tile the file after the BOM.
        let mut at = file.bom.map_or(0, |b| b.end);
        for line in &file.lines {
            assert_eq!(line.range.start, at, "{name}: gap or overlap before byte {at}");
            at = line.range.end;
        }
        assert_eq!(at as usize, source.len(), "{name}: lines do not reach the end");
        let reprinted: String = file.lines.iter().map(|l| l.range.slice(&source)).collect();
        assert_eq!(&source[file.bom.map_or(0, |b| b.end as usize)..], reprinted, "{name}");
        // Every instruction's parts lie inside it, and its lines are marked as its own.
        for (i, instruction) in file.instructions.iter().enumerate() {
            let r = instruction.range;
            assert!(r.contains_range(instruction.keyword), "{name}: keyword outside instruction {i}");
            for flag in &instruction.flags {
                assert!(r.contains_range(flag.range), "{name}: flag outside instruction {i}");
            }
            assert!(
                r.contains_range(instruction.args_range) || instruction.args_range.is_empty(),
                "{name}: args outside instruction {i}"
            );
            for heredoc in &instruction.heredocs {
                assert!(heredoc.body.end <= r.end + 1, "{name}: heredoc outside instruction {i}");
            }
        }
        let marked = file.lines.iter().filter(|l| matches!(l.kind, LineKind::Instruction(_))).count();
        assert!(marked >= file.instructions.len(), "{name}");
    }
}

/// How many times each comment line occurs.
fn comment_counts(source: &str) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for comment in syntax::parse(source).file.comments {
        *counts.entry(comment.range.slice(source).to_string()).or_insert(0) += 1;
    }
    counts
}

#[test]
fn fixing_everything_is_safe_and_converges() {
    let settings = Settings { select: vec!["ALL".to_string()], ..Settings::default() };
    let mut fixed_files = 0;
    let mut fixes = 0;
    for (name, source) in corpus() {
        if name == "large.Dockerfile" {
            continue;
        }
        let before_errors = syntax::parse(&source).errors.len();
        let result = shipshape::fix(&source, &settings, Applicability::Unsafe);
        assert!(result.converged, "{name}: fixes did not converge");
        let after = syntax::parse(&result.output);
        assert!(after.errors.len() <= before_errors, "{name}: fixing added syntax errors: {:?}", after.errors);
        let again = shipshape::fix(&result.output, &settings, Applicability::Unsafe);
        assert_eq!(again.output, result.output, "{name}: fixing the fixed file changes it again");
        let before = comment_counts(&source);
        let kept = comment_counts(&result.output);
        for (comment, n) in before {
            assert!(kept.get(&comment).copied().unwrap_or(0) >= n, "{name}: the fix lost the comment {comment:?}");
        }
        assert!(
            after.file.instructions.len() + 2 * result.fix_count() >= syntax::parse(&source).file.instructions.len(),
            "{name}: instructions vanished"
        );
        if result.fix_count() > 0 {
            fixed_files += 1;
            fixes += result.fix_count();
        }
    }
    eprintln!("corpus: {fixes} fixes applied in {fixed_files} files");
}

/// The instructions of a file that take effect: all of them, except that a stage's CMDs,
/// ENTRYPOINTs and HEALTHCHECKs count once each, since only the last of each kind is used.
fn effective_instructions(source: &str) -> usize {
    use shipshape::syntax::Kind;
    let mut count = 0;
    let mut seen: Vec<Kind> = Vec::new();
    for instruction in syntax::parse(source).file.instructions {
        match instruction.kind {
            Kind::From => seen.clear(),
            Kind::Cmd | Kind::Entrypoint | Kind::Healthcheck if seen.contains(&instruction.kind) => continue,
            Kind::Cmd | Kind::Entrypoint | Kind::Healthcheck => seen.push(instruction.kind),
            _ => {}
        }
        count += 1;
    }
    count
}

#[test]
fn safe_fixes_only_touch_what_they_fix() {
    // Safe fixes never remove an instruction that takes effect (deleting a CMD that a later
    // CMD of its stage overrides is safe).
    for (name, source) in corpus() {
        let result = shipshape::fix(&source, &Settings::default(), Applicability::Safe);
        let before = effective_instructions(&source);
        let after = effective_instructions(&result.output);
        assert!(after >= before, "{name}: a safe fix removed an instruction");
    }
}

#[test]
fn repeated_cmds_count_once() {
    assert_eq!(effective_instructions("FROM a\nCMD x\nRUN y\nCMD z\nFROM b\nCMD w\n"), 5);
}

/// Fragments that make half-typed or broken Dockerfiles: open quotes, heredocs without their
/// end, dangling continuations, stray directives, BOMs, NULs, CRLFs and Windows shells.
const BREAKERS: &[&str] = &[
    "\\\n",
    "\"",
    "'",
    "<<EOF\n",
    "EOF\n",
    "$",
    "${",
    "}",
    "\n",
    "[",
    "]",
    "&&",
    "|",
    ";",
    "#",
    "# escape=`\n",
    "`",
    " ",
    "\t",
    "\r\n",
    "RUN ",
    "FROM ",
    "AS ",
    "--mount=type=cache,target=/x ",
    "ONBUILD ",
    "=",
    "\u{feff}",
    "é",
    "\0",
    "USER ",
    "COPY --from=0 ",
    "HEALTHCHECK CMD ",
    "SHELL [\"cmd\"]\n",
    "<<-'E'\n",
];

/// `source` with a few random insertions, deletions and replacements (xorshift, so the same
/// seed gives the same file on every machine).
fn mutate(source: &str, state: &mut u64) -> String {
    let mut next = || {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        *state as usize
    };
    let mut s = source.to_string();
    for _ in 0..1 + next() % 6 {
        let floor = |s: &str, mut at: usize| {
            while !s.is_char_boundary(at) {
                at -= 1;
            }
            at
        };
        let at = floor(&s, next() % (s.len() + 1));
        let piece = BREAKERS[next() % BREAKERS.len()];
        match next() % 3 {
            0 => s.insert_str(at, piece),
            1 => {
                let end = floor(&s, (at + 1 + next() % 30).min(s.len()));
                s.replace_range(at..end, "");
            }
            _ => {
                let end = floor(&s, (at + 3).min(s.len()));
                s.replace_range(at..end, piece);
            }
        }
    }
    s
}

#[test]
fn broken_files_fix_safely_too() {
    // The playground checks and fixes what people are typing: the same properties must hold
    // for files cut and broken at random, and what the converter makes of them is valid.
    // CI replays three fixed breakages per file. A longer hunt is one variable away:
    // `SHIPSHAPE_FUZZ_ROUNDS=300 SHIPSHAPE_FUZZ_SEED=7 cargo test --release -p shipshape --test corpus broken`.
    let number = |name: &str, default: u64| std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default);
    let rounds = number("SHIPSHAPE_FUZZ_ROUNDS", 3);
    let mut state = number("SHIPSHAPE_FUZZ_SEED", 0x9E37_79B9_7F4A_7C15).max(1);
    let settings = Settings { select: vec!["ALL".to_string()], ..Settings::default() };
    let mut inputs = 0;
    for (name, source) in corpus() {
        if source.len() > 50_000 {
            continue;
        }
        for _ in 0..rounds {
            let input = mutate(&source, &mut state);
            inputs += 1;
            let result = shipshape::fix(&input, &settings, Applicability::Unsafe);
            let context = || format!("{name}, mutated:\n{input}");
            assert!(result.converged, "fixes did not converge on {}", context());
            let again = shipshape::fix(&result.output, &settings, Applicability::Unsafe);
            assert_eq!(again.output, result.output, "fixing the fixed file changes it again: {}", context());
            let kept = comment_counts(&result.output);
            for (comment, n) in comment_counts(&input) {
                assert!(kept.get(&comment).copied().unwrap_or(0) >= n, "lost {comment:?}: {}", context());
            }
            // What converts is a valid file whose final stage has no RUN (no shell to run it).
            if let Some(c) = shipshape::distroless::convert(&input, &Default::default()).converted()
                && !c.unchanged
            {
                let parse = syntax::parse(&c.dockerfile);
                assert!(parse.errors.is_empty(), "the conversion has {:?}: {}", parse.errors, context());
                let last_from = parse.file.instructions.iter().rposition(|i| i.kind == syntax::Kind::From);
                let final_stage = &parse.file.instructions[last_from.unwrap_or_default()..];
                assert!(
                    final_stage.iter().all(|i| i.kind != syntax::Kind::Run),
                    "RUN in the final stage of\n{}\nconverted from {}",
                    c.dockerfile,
                    context()
                );
            }
        }
    }
    eprintln!("{inputs} broken files fixed safely");
}
