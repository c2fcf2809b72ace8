//! The distroless converter: golden tests on the small apps in `tests/distroless/` (insta
//! snapshots of the converted Dockerfile, the notes and the comparison, or the refusal), and
//! properties over the real-world corpus in `../shared/corpus` (convert or refuse with a
//! reason, never panic; every output parses and follows the output rules).

use std::collections::BTreeMap;
use std::path::PathBuf;

use shipshape::distroless::{self, Conversion, Options, RuntimeFamily};
use shipshape::dockerignore::DockerIgnore;
use shipshape::invariants::{distroless_output as output_rules, lost_comments};
use shipshape::{Settings, Severity};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Settings as for a project that has a `.dockerignore` (the CLI finds it beside the file).
fn settings_with_dockerignore() -> Settings {
    Settings { dockerignore: Some(DockerIgnore::parse(".git\n")), ..Settings::default() }
}

fn render(name: &str, runtime: RuntimeFamily, source: &str, conversion: &Conversion) -> String {
    match conversion {
        Conversion::Converted(c) => format!(
            "input: tests/distroless/{name}.Dockerfile\nruntime: {}\nstack: {} ({})\n\n--- Dockerfile ---\n{}\n--- notes and comparison ---\n{}",
            runtime.as_str(),
            c.stack.as_str(),
            if c.tools.is_empty() { "no build tool".to_string() } else { c.tools.join(", ") },
            c.dockerfile,
            c.report()
        ),
        Conversion::Refused(r) => {
            let at = r
                .range
                .map(|range| {
                    let line = source[..range.start as usize].matches('\n').count() + 1;
                    let text = source.lines().nth(line - 1).unwrap_or("");
                    format!("\nat line {line}: {text}")
                })
                .unwrap_or_default();
            format!(
                "input: tests/distroless/{name}.Dockerfile\nruntime: {}\n\nrefused ({}): {}{at}\n",
                runtime.as_str(),
                r.class,
                r.reason
            )
        }
    }
}

/// The golden cases: every input with the distroless runtime, and these with Chainguard too.
const CHAINGUARD_CASES: &[&str] = &[
    "seed-python-alpine",
    "node-express",
    "dotnet-aspnet-webapi",
    "dotnet-worker-alpine",
    "java11-gradle",
    "java-quarkus-ubi",
    "bun-app",
    "cpp-cmake-service",
    "go-service",
    "rust-binary",
    "node-pnpm-start",
];

/// Stacks only Chainguard publishes (Ruby, PHP, web servers): `--runtime distroless` refuses
/// them, naming Chainguard's image, and `--runtime chainguard` converts them.
const CHAINGUARD_ONLY: &[&str] =
    &["nginx-default-port", "nginx-static-site", "ruby-sinatra", "php-fpm-composer", "php-cli-worker"];

#[test]
fn golden() {
    let dir = root().join("tests/distroless");
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/distroless exists")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "Dockerfile"))
        .collect();
    inputs.sort();
    assert!(inputs.len() >= 15, "the golden inputs are missing");
    let mut failures = Vec::new();
    for path in inputs {
        let name = path.file_stem().expect("name").to_string_lossy().to_string();
        let source = std::fs::read_to_string(&path).expect("readable");
        let mut runtimes = vec![RuntimeFamily::Distroless];
        if CHAINGUARD_CASES.contains(&name.as_str()) || CHAINGUARD_ONLY.contains(&name.as_str()) {
            runtimes.push(RuntimeFamily::Chainguard);
        }
        // The build context a case comes with, as `--context` would read it.
        let context = context_files(&dir.join("context").join(&name));
        for runtime in runtimes {
            let conversion = distroless::convert(&source, &Options { runtime, context: context.clone() });
            let snapshot = match runtime {
                RuntimeFamily::Distroless => name.clone(),
                RuntimeFamily::Chainguard => format!("{name}.chainguard"),
            };
            insta::with_settings!({ snapshot_path => "snapshots/distroless", prepend_module_to_snapshot => false }, {
                insta::assert_snapshot!(snapshot.clone(), render(&name, runtime, &source, &conversion));
            });
            let only_chainguard = CHAINGUARD_ONLY.contains(&name.as_str()) && runtime == RuntimeFamily::Distroless;
            if only_chainguard {
                match &conversion {
                    Conversion::Refused(r)
                        if r.class == distroless::RefusalClass::NotPublished
                            && r.reason.ends_with("`--runtime chainguard` converts this file") => {}
                    other => failures.push(format!(
                        "{snapshot}: --runtime distroless must refuse, naming Chainguard's image: {other:?}"
                    )),
                }
                continue;
            }
            match (&conversion, name.starts_with("refuse-")) {
                (Conversion::Refused(r), false) => failures.push(format!("{snapshot}: refused: {}", r.reason)),
                (Conversion::Converted(_), true) => failures.push(format!("{snapshot}: converted, expected a refusal")),
                (Conversion::Refused(r), true) => {
                    if r.reason.is_empty() || r.reason.contains('\n') {
                        failures.push(format!("{snapshot}: a refusal is one line"));
                    }
                }
                (Conversion::Converted(c), false) => {
                    if c.unchanged {
                        if c.dockerfile != source {
                            failures.push(format!("{snapshot}: an unchanged file must stay byte for byte"));
                        }
                        continue;
                    }
                    if let Err(why) = output_rules(&c.dockerfile) {
                        failures.push(format!("{snapshot}: {why}"));
                    }
                    let lost = lost_comments(&source, &c.dockerfile);
                    if !lost.is_empty() {
                        failures.push(format!("{snapshot}: lost comments {lost:?}"));
                    }
                    // The needs/has check, with the context the conversion read (the command
                    // an entry point script runs, say), holds as over the corpus.
                    let (unmet, partial) = distroless::verify_output_with(&source, &c.dockerfile, &context);
                    if !unmet.is_empty() {
                        failures.push(format!("{snapshot}: {}", unmet.join("; ")));
                    }
                    for p in partial {
                        if !c.notes.iter().any(|n| n.message.starts_with(&p)) {
                            failures.push(format!("{snapshot}: no note says {p}"));
                        }
                    }
                    // shipshape's own rules find nothing at warning level or above that the
                    // original did not have already (no HEALTHCHECK is invented, say; Chainguard's
                    // free tier only has `:latest`, which DL3007 reports, as the notes say).
                    let original: Vec<&str> =
                        shipshape::check(&source, &settings_with_dockerignore()).iter().map(|d| d.rule.code).collect();
                    for d in shipshape::check(&c.dockerfile, &settings_with_dockerignore()) {
                        let chainguard_latest =
                            d.rule.code == "DL3007" && c.dockerfile[d.range.start as usize..].starts_with("cgr.dev/");
                        if d.severity >= Severity::Warning && !chainguard_latest && !original.contains(&d.rule.code) {
                            failures.push(format!("{snapshot}: {} {}", d.rule.code, d.message));
                        }
                    }
                    // Converting the output again leaves it as it is.
                    match distroless::convert(&c.dockerfile, &Options { runtime, ..Options::default() }) {
                        Conversion::Converted(again) if again.unchanged => {}
                        other => failures.push(format!("{snapshot}: converting the output again gives {other:?}")),
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every file under `dir`, with its path relative to it, sorted; none when there is no `dir`.
fn context_files(dir: &std::path::Path) -> Vec<distroless::ContextFile> {
    fn walk(root: &std::path::Path, dir: &std::path::Path, out: &mut Vec<distroless::ContextFile>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for path in entries.map(|e| e.expect("entry").path()) {
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let relative = path.strip_prefix(root).expect("under the root").to_string_lossy().replace('\\', "/");
                out.push(distroless::ContextFile {
                    path: relative,
                    text: std::fs::read_to_string(&path).expect("a text file"),
                });
            }
        }
    }
    let mut files = Vec::new();
    walk(dir, dir, &mut files);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

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
    eprintln!(
        "SKIPPED: ../shared/corpus not found (set SHIPSHAPE_SHARED); distroless corpus properties were NOT checked"
    );
    None
}

#[test]
fn corpus_converts_or_refuses_with_a_reason() {
    let Some(dir) = shared() else { return };
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(dir.join("corpus/files")).expect("corpus").map(|e| e.expect("entry").path()).collect();
    files.sort();
    let mut converted = 0;
    let mut unchanged = 0;
    let mut chainguard = 0;
    let mut refused: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut failures = Vec::new();
    for path in &files {
        let name = path.file_name().expect("name").to_string_lossy().to_string();
        let source = String::from_utf8_lossy(&std::fs::read(path).expect("readable")).to_string();
        for runtime in [RuntimeFamily::Distroless, RuntimeFamily::Chainguard] {
            let conversion =
                std::panic::catch_unwind(|| distroless::convert(&source, &Options { runtime, ..Options::default() }));
            let Ok(conversion) = conversion else {
                failures.push(format!("{name} ({}): the converter panicked", runtime.as_str()));
                continue;
            };
            match conversion {
                Conversion::Refused(r) => {
                    if r.reason.trim().is_empty() || r.reason.contains('\n') {
                        failures.push(format!("{name}: a refusal needs a one-line reason"));
                    }
                    if runtime == RuntimeFamily::Distroless {
                        refused
                            .entry(format!("{}: {}", r.class, reason_group(&r.reason)))
                            .or_default()
                            .push(name.clone());
                    }
                }
                Conversion::Converted(c) => {
                    if runtime == RuntimeFamily::Chainguard && !c.unchanged {
                        chainguard += 1;
                    }
                    if runtime == RuntimeFamily::Distroless {
                        if c.unchanged {
                            unchanged += 1;
                        } else {
                            converted += 1;
                        }
                    }
                    if c.unchanged {
                        continue;
                    }
                    if let Err(why) = output_rules(&c.dockerfile) {
                        failures.push(format!("{name} ({}): {why}", runtime.as_str()));
                    }
                    let lost = lost_comments(&source, &c.dockerfile);
                    if !lost.is_empty() {
                        failures.push(format!("{name} ({}): lost comments {lost:?}", runtime.as_str()));
                    }
                    if c.notes.is_empty() {
                        failures.push(format!("{name}: a conversion explains itself in notes"));
                    }
                    // What the result still has at warning level or above (the original's
                    // `golang:latest`, say) is said in a note, not left for the next check.
                    for d in shipshape::check(&c.dockerfile, &settings_with_dockerignore()) {
                        let said = c.notes.iter().any(|n| n.message.contains(&format!("({})", d.rule.code)));
                        let chainguard_latest =
                            d.rule.code == "DL3007" && c.dockerfile[d.range.start as usize..].starts_with("cgr.dev/");
                        if d.severity >= Severity::Warning && !said && !chainguard_latest {
                            failures.push(format!(
                                "{name} ({}): {} is in the result and in no note",
                                runtime.as_str(),
                                d.rule.code
                            ));
                        }
                    }
                }
            }
        }
    }
    // Half-typed files (every corpus file cut after some of its lines) never panic either, and
    // what converts still parses.
    let mut prefixes = 0;
    for path in &files {
        let source = String::from_utf8_lossy(&std::fs::read(path).expect("readable")).to_string();
        let lines: Vec<&str> = source.split_inclusive('\n').collect();
        let step = (lines.len() / 6).max(1);
        for n in (1..lines.len()).step_by(step) {
            let prefix: String = lines[..n].concat();
            prefixes += 1;
            match std::panic::catch_unwind(|| distroless::convert(&prefix, &Options::default())) {
                Err(_) => failures.push(format!("{}: panicked on its first {n} lines", path.display())),
                Ok(Conversion::Converted(c)) if !c.unchanged => {
                    if let Err(why) = output_rules(&c.dockerfile) {
                        failures.push(format!("{}: first {n} lines: {why}", path.display()));
                    }
                }
                Ok(_) => {}
            }
        }
    }
    eprintln!("distroless corpus: {prefixes} truncated files converted or refused without a panic");
    eprintln!(
        "distroless corpus: {} files: {converted} converted, {unchanged} already distroless, {} refused",
        files.len(),
        refused.values().map(Vec::len).sum::<usize>()
    );
    eprintln!("distroless corpus: with --runtime chainguard, {chainguard} converted");
    for (reason, names) in &refused {
        eprintln!("  {:>3} refused: {reason}", names.len());
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The needs/has check holds over every conversion of the corpus and of `../shared/realworld`:
/// each output, checked on its own against its original, keeps every program, library,
/// directory and start-up contract the original had (the converter refuses otherwise).
#[test]
fn every_conversion_keeps_what_the_original_needed() {
    let Some(dir) = shared() else { return };
    let mut files: Vec<PathBuf> = Vec::new();
    for sub in ["corpus/files", "realworld"] {
        let listed = std::fs::read_dir(dir.join(sub)).unwrap_or_else(|_| panic!("../shared/{sub} is missing"));
        files.extend(
            listed
                .map(|e| e.expect("entry").path())
                .filter(|p| !p.extension().is_some_and(|e| e == "tsv" || e == "md")),
        );
    }
    files.sort();
    assert!(files.len() > 400, "the corpus and realworld files are missing");
    let mut checked = 0;
    let mut failures = Vec::new();
    for path in &files {
        let source = String::from_utf8_lossy(&std::fs::read(path).expect("readable")).to_string();
        for runtime in [RuntimeFamily::Distroless, RuntimeFamily::Chainguard] {
            let Conversion::Converted(c) = distroless::convert(&source, &Options { runtime, ..Options::default() })
            else {
                continue;
            };
            if c.unchanged {
                continue;
            }
            checked += 1;
            let (unmet, partial) = distroless::verify_output(&source, &c.dockerfile);
            if !unmet.is_empty() {
                failures.push(format!("{} ({}): {}", path.display(), runtime.as_str(), unmet.join("; ")));
            }
            // What the result meets only in part is said in a note.
            for p in partial {
                if !c.notes.iter().any(|n| n.message.starts_with(&p)) {
                    failures.push(format!("{} ({}): no note says {p}", path.display(), runtime.as_str()));
                }
            }
        }
    }
    eprintln!("distroless: the needs/has check holds over {checked} conversions of the corpus and realworld");
    assert!(checked > 50, "too few conversions to check: {checked}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A refusal reason with the file-specific parts (quoted names) left out, to group them.
fn reason_group(reason: &str) -> String {
    let mut out = String::new();
    let mut quoted = false;
    for c in reason.chars() {
        if c == '`' {
            quoted = !quoted;
            if quoted {
                out.push_str("`…");
            } else {
                out.push('`');
            }
            continue;
        }
        if !quoted {
            out.push(c);
        }
    }
    out.split(':').next().unwrap_or(&out).to_string()
}
