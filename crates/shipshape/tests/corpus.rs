//! Properties over the real-world corpus in `../shared/corpus`: the parser is lossless and never
//! panics, and fixing everything (unsafe fixes included) gives a file that re-parses, is a
//! fixpoint, and keeps every comment.

use std::path::PathBuf;

use shipshape::syntax::{self, LineKind};
use shipshape::{Applicability, Settings, invariants};

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
        if let Err(e) = invariants::parse_is_lossless(&source, &parse) {
            panic!("{name}: {e}");
        }
        let marked = parse.file.lines.iter().filter(|l| matches!(l.kind, LineKind::Instruction(_))).count();
        assert!(marked >= parse.file.instructions.len(), "{name}");
    }
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
        if let Err(e) = invariants::diagnostics_in_bounds(&source, &shipshape::check(&source, &settings)) {
            panic!("{name}: {e}");
        }
        let result = invariants::fix_is_sound(&source, &settings, Applicability::Unsafe)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let after = syntax::parse(&result.output);
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
            if let Err(e) = invariants::diagnostics_in_bounds(&input, &shipshape::check(&input, &settings)) {
                panic!("{e}: {name}, mutated:\n{input}");
            }
            if let Err(e) = invariants::fix_is_sound(&input, &settings, Applicability::Unsafe) {
                panic!("{e}: {name}, mutated:\n{input}");
            }
            // What converts keeps the converter's promises: a valid file whose final stage
            // has no RUN, every comment kept, and its own needs/has check passed.
            let conversion = shipshape::distroless::convert(&input, &Default::default());
            if let Err(e) = invariants::conversion_is_sound(&input, &[], &conversion) {
                panic!("{e}: {name}, mutated:\n{input}");
            }
        }
    }
    eprintln!("{inputs} broken files fixed safely");
}

/// The playground checks with a build of the core that lacks the ShellCheck rules and merges in
/// the findings of its ShellCheck module (`linter::check_shellcheck`); its fixes go through the
/// same loop with those findings. On every file, the list and the fixed file must be those of
/// one check with every rule, under the default rules and under all of them.
#[cfg(feature = "shellcheck")]
#[test]
fn the_playgrounds_split_check_is_one_check() {
    use shipshape::rules::shellcheck;
    let shape = |d: &shipshape::Diagnostic| (d.rule.code, d.severity, d.range, d.message.clone(), d.fix.clone());
    let mut compared = 0;
    for select in [vec![], vec!["ALL".to_string()]] {
        let settings = Settings { select, ..Settings::default() };
        let without = Settings {
            ignore: shellcheck::RULES.iter().map(|r| r.meta.code.to_string()).collect(),
            ..settings.clone()
        };
        let more = |text: &str| shipshape::linter::check_shellcheck(text, &settings);
        for (name, source) in corpus() {
            let whole = shipshape::check(&source, &settings);
            let split = shipshape::check_full_with(&source, &without, &more).diagnostics;
            assert_eq!(
                split.iter().map(shape).collect::<Vec<_>>(),
                whole.iter().map(shape).collect::<Vec<_>>(),
                "{name}"
            );
            compared += whole.iter().filter(|d| d.rule.code.starts_with("SC")).count();
            if name == "large.Dockerfile" {
                continue;
            }
            let all = |f: &shipshape::Fix| f.applicability >= Applicability::Unsafe;
            let fixed = shipshape::fix_with(&source, &settings, &all);
            let split = shipshape::fix_with_more(&source, &without, &all, &more);
            assert_eq!(split.output, fixed.output, "{name}");
            assert_eq!(split.fixed, fixed.fixed, "{name}");
        }
    }
    if shared().is_some() {
        assert!(compared > 100, "only {compared} ShellCheck findings compared");
    }
}
