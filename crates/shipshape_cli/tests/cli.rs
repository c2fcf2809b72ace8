//! The CLI contract: output formats, exit codes and error messages, run on the shared fixtures
//! in `tests/fixtures/` and snapshotted with insta.

use std::process::{Command, Stdio};

mod support;
use support::{root, shipshape, shipshape_in};

const SEED: &str = "tests/fixtures/seed-python-alpine.Dockerfile";

#[test]
fn check_text_shows_source_and_caret() {
    let run = shipshape(&["check", SEED], None);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!("check_seed_text", run.stdout);
}

#[test]
fn check_json_has_the_documented_shape() {
    let run = shipshape(&["check", "--format", "json", SEED], None);
    assert_eq!(run.code, 1);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).expect("valid JSON");
    assert_eq!(value["version"], env!("CARGO_PKG_VERSION"));
    let diagnostic = &value["files"][0]["diagnostics"][0];
    let keys: Vec<&str> = diagnostic.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["code", "name", "severity", "message", "line", "column", "end_line", "end_column", "fix"]);
    insta::assert_snapshot!("check_seed_json", run.stdout);
}

#[test]
fn clean_file_exits_zero() {
    let run = shipshape(&["check", "tests/fixtures/seed-python-alpine-good.Dockerfile"], None);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(run.stdout.contains("No problems found"));
}

#[test]
fn thresholds_and_selection() {
    let errors_only = shipshape(&["check", "--failure-threshold", "error", "--ignore", "missing-user", SEED], None);
    assert_eq!(errors_only.code, 0, "no error-level finding is left");
    let selected = shipshape(&["check", "--select", "DL3042", "--format", "json", SEED], None);
    let value: serde_json::Value = serde_json::from_str(&selected.stdout).unwrap();
    let codes: Vec<&str> =
        value["files"][0]["diagnostics"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["DL3042"]);
    let no_fail = shipshape(&["check", "--no-fail", SEED], None);
    assert_eq!(no_fail.code, 0);
}

#[test]
fn fix_prints_the_fixed_file_and_a_summary() {
    let run = shipshape(&["fix", "--unsafe", SEED], None);
    assert_eq!(run.code, 0);
    insta::assert_snapshot!("fix_seed_unsafe", run.stdout);
    assert!(run.stderr.contains("fixed 8 problems"), "{}", run.stderr);
    let diff = shipshape(&["fix", "--diff", SEED], None);
    assert_eq!(diff.code, 1, "a diff means there is something to fix");
    insta::assert_snapshot!("fix_seed_safe_diff", diff.stdout);
}

#[test]
fn fix_write_rewrites_in_place() {
    let dir = std::env::temp_dir().join(format!("shipshape-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("Dockerfile");
    std::fs::write(&path, "FROM python:3.13-slim\nRUN pip install flask\n").unwrap();
    let run = shipshape(&["fix", "--write", "--select", "DL3042", path.to_str().unwrap()], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "FROM python:3.13-slim\nRUN pip install --no-cache-dir flask\n"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn fix_takes_many_files_and_directories_with_write_or_diff() {
    let dir = std::env::temp_dir().join(format!("shipshape-cli-many-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("api")).unwrap();
    let api = dir.join("api/Dockerfile");
    let worker = dir.join("worker.Dockerfile");
    std::fs::write(&api, "FROM python:3.13-slim\nRUN pip install flask\n").unwrap();
    std::fs::write(&worker, "FROM alpine:3.20\nRUN apk add curl\n").unwrap();
    let dir_arg = dir.to_str().unwrap();

    // Printing several fixed files to stdout would mix them: a reason, and nothing written.
    let run = shipshape(&["fix", dir_arg], None);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("2 files to fix: add --write"), "{}", run.stderr);

    let run = shipshape(&["fix", "--diff", "--select", "DL3042,DL3019", dir_arg], None);
    assert_eq!(run.code, 1, "a diff means changes: {}", run.stderr);
    assert!(run.stdout.contains("+RUN pip install --no-cache-dir flask"), "{}", run.stdout);
    assert!(run.stdout.contains("+RUN apk add --no-cache curl"), "{}", run.stdout);
    assert_eq!(run.stderr.lines().count(), 2, "a summary per file: {}", run.stderr);

    let run = shipshape(&["fix", "--write", "--select", "DL3042,DL3019", dir_arg], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&api).unwrap(), "FROM python:3.13-slim\nRUN pip install --no-cache-dir flask\n");
    assert_eq!(std::fs::read_to_string(&worker).unwrap(), "FROM alpine:3.20\nRUN apk add --no-cache curl\n");

    // A missing file stops the run before anything is rewritten.
    std::fs::write(&worker, "FROM alpine:3.20\nRUN apk add curl\n").unwrap();
    let missing = dir.join("missing/Dockerfile");
    let run = shipshape(&["fix", "--write", worker.to_str().unwrap(), missing.to_str().unwrap()], None);
    assert_eq!(run.code, 2);
    assert_eq!(std::fs::read_to_string(&worker).unwrap(), "FROM alpine:3.20\nRUN apk add curl\n");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn without_a_path_the_current_directory_is_searched() {
    let dir = std::env::temp_dir().join(format!("shipshape-cli-cwd-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("services/api")).unwrap();
    std::fs::write(dir.join("services/api/Dockerfile"), "FROM alpine:3.20\nRUN apk add curl\n").unwrap();
    let run = |args: &[&str]| shipshape_in(&dir, args, None);
    let out = run(&["check", "--format", "concise"]);
    let stdout = &out.stdout;
    assert_eq!(out.code, 1);
    assert!(stdout.contains("services/api/Dockerfile:2:5: info[DL3019]"), "{stdout}");
    let out = run(&["fix", "--select", "DL3019"]);
    assert_eq!(out.stdout, "FROM alpine:3.20\nRUN apk add --no-cache curl\n");
    std::fs::remove_dir_all(dir.join("services")).unwrap();
    let out = run(&["check"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("no Dockerfile found under ."));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn standard_input() {
    let run = shipshape(&["check", "--select", "DL3025", "-"], Some(b"FROM alpine:3.20\nCMD echo hi\n"));
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("<stdin>:2:1"), "{}", run.stdout);
    let fixed = shipshape(&["fix", "-"], Some(b"FROM alpine:3.20\nCMD echo hi\n"));
    assert_eq!(fixed.stdout, "FROM alpine:3.20\nCMD [\"echo\", \"hi\"]\n");
}

#[test]
fn bad_input_gets_a_reason_and_exit_2() {
    let binary = shipshape(&["check", "-"], Some(&[0x7f, b'E', b'L', b'F', 0, 0, 1]));
    assert_eq!(binary.code, 2);
    assert!(binary.stderr.starts_with("shipshape: <stdin> looks like binary data"), "{}", binary.stderr);
    let latin1 = shipshape(&["check", "-"], Some(b"FROM alpine\nLABEL a=\xe9\n"));
    assert_eq!(latin1.code, 2);
    assert!(latin1.stderr.contains("not UTF-8"), "{}", latin1.stderr);
    let missing = shipshape(&["check", "no/such/Dockerfile"], None);
    assert_eq!((missing.code, missing.stderr.trim()), (2, "shipshape: cannot read no/such/Dockerfile: no such file"));
    let unknown = shipshape(&["check", "--select", "DL9999", SEED], None);
    assert_eq!(unknown.code, 2);
    assert!(unknown.stderr.contains("unknown rule"), "{}", unknown.stderr);
    let usage = shipshape(&["check", "--format", "yaml", SEED], None);
    assert_eq!(usage.code, 2);
}

#[test]
fn broken_files_get_diagnostics_not_failures() {
    let run = shipshape(&["check", "--format", "json", "tests/fixtures/broken.Dockerfile"], None);
    assert_eq!(run.code, 1);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let syntax: Vec<&str> = value["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "DL1000")
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(syntax.len(), 3, "{syntax:?}");
    assert!(
        value["files"][0]["diagnostics"].as_array().unwrap().iter().any(|d| d["code"] == "DL3019"),
        "the rest is still checked"
    );
}

#[test]
fn ten_megabytes_are_checked() {
    let dir = std::env::temp_dir().join(format!("shipshape-big-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("Dockerfile");
    let mut text = String::from("FROM debian:12\n");
    while text.len() < 10_000_000 {
        text.push_str("RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n");
    }
    std::fs::write(&path, &text).unwrap();
    let run = shipshape(&["check", "--select", "DL3015", "--format", "json", path.to_str().unwrap()], None);
    assert_eq!(run.code, 1);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert!(value["files"][0]["diagnostics"].as_array().unwrap().len() > 100_000);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn over_64_megabytes_is_refused_with_the_size() {
    let dir = std::env::temp_dir().join(format!("shipshape-huge-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("Dockerfile");
    // A sparse file: its size is read before its bytes.
    std::fs::File::create(&path).unwrap().set_len(64 * 1024 * 1024 + 1).unwrap();
    let run = shipshape(&["check", path.to_str().unwrap()], None);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let expected = format!("{} is 64.1 MB; shipshape reads Dockerfiles up to 64.0 MB", path.display());
    assert!(run.stderr.contains(&expected), "{}", run.stderr);
    std::fs::remove_dir_all(&dir).unwrap();

    let run = shipshape(&["check", "-"], Some("#".repeat(64 * 1024 * 1024 + 1).as_bytes()));
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("is larger than 64.0 MB"), "{}", run.stderr);
}

#[test]
fn directories_are_searched() {
    let run = shipshape(&["check", "--select", "DL1000", "--format", "json", "tests/fixtures"], None);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let files: Vec<&str> = value["files"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert!(files.len() >= 6 && files.iter().all(|f| f.ends_with(".Dockerfile")), "{files:?}");
}

#[test]
fn dockerignore_is_found_beside_the_file() {
    let good = shipshape(
        &["check", "--select", "missing-dockerignore", "tests/fixtures/seed-python-alpine-good.Dockerfile"],
        None,
    );
    assert_eq!(good.code, 0);
    let bad = shipshape(&["check", "--select", "missing-dockerignore", SEED], None);
    assert_eq!(bad.code, 1);
    let with_context = shipshape(
        &["check", "--select", "missing-dockerignore", "--context", "crates/shipshape_cli/tests/context", SEED],
        None,
    );
    assert_eq!(with_context.code, 0, "{}", with_context.stdout);
}

#[test]
fn rules_explain_and_dockerignore() {
    let rules = shipshape(&["rules", "--format", "json"], None);
    let value: serde_json::Value = serde_json::from_str(&rules.stdout).unwrap();
    let first = &value["rules"][0];
    let keys: Vec<&str> = first.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        ["code", "name", "category", "severity", "fix", "hadolint", "buildkit", "summary", "enabled_by_default"]
    );
    let rule = |code: &str| value["rules"].as_array().unwrap().iter().find(|r| r["code"] == code).unwrap().clone();
    assert_eq!(rule("DL3042")["enabled_by_default"], true);
    assert_eq!(rule("DL1001")["enabled_by_default"], false, "inline-ignore-pragma runs only when selected");
    let explain = shipshape(&["explain", "pip-without-no-cache-dir"], None);
    assert_eq!(explain.code, 0);
    insta::assert_snapshot!("explain_dl3042", explain.stdout);
    let missing = shipshape(&["explain", "nope"], None);
    assert_eq!(missing.code, 2);
    let ignore = shipshape(&["dockerignore", "tests/fixtures/node-express.Dockerfile"], None);
    assert!(ignore.stdout.contains("node_modules") && ignore.stdout.contains(".env"), "{}", ignore.stdout);
}

#[test]
fn hadolint_config_files_keep_working() {
    let dir = std::env::temp_dir().join(format!("shipshape-config-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let config = dir.join(".hadolint.yaml");
    std::fs::write(
        &config,
        "ignored: [missing-user, DL3025, SC2086]\noverride:\n  error: [DL3042]\nfailure-threshold: error\n",
    )
    .unwrap();
    let path = config.to_str().unwrap();
    let run = shipshape(&["check", "--config", path, "--format", "json", SEED], None);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let diagnostics = value["files"][0]["diagnostics"].as_array().unwrap();
    assert!(diagnostics.iter().all(|d| d["code"] != "SS001" && d["code"] != "DL3025"));
    let pip = diagnostics.iter().find(|d| d["code"] == "DL3042").unwrap();
    assert_eq!(pip["severity"], "error");
    assert_eq!(run.code, 1, "DL3042 is an error now");
    std::fs::write(&config, "ignored: [DL3042]\nfailure-threshold: error\n").unwrap();
    let run = shipshape(&["check", "--config", path, "--ignore", "missing-user", SEED], None);
    assert_eq!(run.code, 0, "only warnings and infos are left: {}", run.stdout);
    std::fs::write(&config, "ignored: [DL3042\n").unwrap();
    let broken = shipshape(&["check", "--config", path, SEED], None);
    assert_eq!(broken.code, 2);
    assert!(broken.stderr.contains("invalid YAML"), "{}", broken.stderr);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn hadolint_style_flags() {
    let input = b"FROM quay.io/team/app:1.0\nLABEL org.opencontainers.image.url=not-a-url\n";
    let run = shipshape(
        &[
            "check",
            "--select",
            "DL3026,DL3052",
            "--trusted-registry",
            "docker.io",
            "--require-label",
            "org.opencontainers.image.url:url",
            "--format",
            "json",
            "-",
        ],
        Some(input),
    );
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let codes: Vec<&str> =
        value["files"][0]["diagnostics"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert!(codes.contains(&"DL3026"), "{codes:?}");
    let bad = shipshape(&["check", "--require-label", "x:colour", "-"], Some(input));
    assert_eq!(bad.code, 2);
}

/// The README's example session is this binary's output on the Python-on-Alpine example (tests/fixtures/seed-python-alpine.Dockerfile): each of its
/// blocks (the finding shown and the summary) appears as it is printed.
#[test]
fn readme_example_is_real_output() {
    let dir = std::env::temp_dir().join(format!("shipshape-readme-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(root().join("tests/fixtures/seed-python-alpine.Dockerfile"), dir.join("Dockerfile")).unwrap();
    let out = shipshape_in(&dir, &["check", "Dockerfile"], None);
    std::fs::remove_dir_all(&dir).unwrap();
    let printed = out.stdout + &out.stderr;
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let session = readme.split("$ shipshape check Dockerfile\n").nth(1).and_then(|s| s.split("```").next()).unwrap();
    // A `…` stands for the findings the README leaves out.
    for block in session.split("\n\n").map(str::trim).filter(|b| !b.is_empty() && *b != "…") {
        assert!(
            printed.contains(block),
            "README shows output the CLI does not print:\n{block}\n\nIt prints:\n{printed}"
        );
    }
}

/// `shipshape fix big.Dockerfile | head`: when the reader goes away the CLI ends quietly with
/// exit 0, instead of panicking on the closed pipe as `print!` does.
#[test]
fn a_closed_pipe_ends_quietly() {
    let dir = std::env::temp_dir().join(format!("shipshape-pipe-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // Far more than a pipe's buffer, so that the writes must fail once the reader is gone.
    // Comments: nothing to fix, so the CLI prints them as they are, at once.
    std::fs::write(dir.join("Dockerfile"), "# a comment line\n".repeat(100_000) + "FROM alpine:3.20\n").unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_shipshape"))
        .args(["fix", "Dockerfile"])
        .current_dir(&dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    std::io::Read::read_exact(child.stdout.as_mut().unwrap(), &mut first).unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(0), "{stderr}");
}

#[test]
fn ci_formats() {
    for format in ["concise", "github", "checkstyle", "gitlab"] {
        let run = shipshape(&["check", "--format", format, SEED], None);
        assert_eq!(run.code, 1, "{format}: findings fail the run in every format");
        insta::assert_snapshot!(format!("check_seed_{format}"), run.stdout);
    }
    // Every finding is reported, in each format's own unit.
    let json = shipshape(&["check", "--format", "json", SEED], None);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let count = value["files"][0]["diagnostics"].as_array().unwrap().len();
    assert_eq!(shipshape(&["check", "--format", "concise", SEED], None).stdout.lines().count(), count);
    assert_eq!(shipshape(&["check", "--format", "github", SEED], None).stdout.matches("\n::").count() + 1, count);
    assert_eq!(shipshape(&["check", "--format", "checkstyle", SEED], None).stdout.matches("<error ").count(), count);
}

#[test]
fn gitlab_fingerprints_are_unique_and_survive_unrelated_edits() {
    let seed = std::fs::read_to_string(root().join(SEED)).unwrap();
    let fingerprints = |text: &str| -> Vec<String> {
        let run = shipshape(&["check", "--format", "gitlab", "-"], Some(text.as_bytes()));
        let issues: serde_json::Value = serde_json::from_str(&run.stdout).expect("a JSON array");
        issues.as_array().unwrap().iter().map(|i| i["fingerprint"].as_str().unwrap().to_string()).collect()
    };
    let before = fingerprints(&seed);
    let mut unique = before.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), before.len(), "fingerprints must be unique: {before:?}");
    // A comment added at the top moves every line: the findings are the same ones.
    let after = fingerprints(&format!("# a new comment\n{seed}"));
    assert_eq!(before, after);
    // Two identical findings in one file get different fingerprints.
    let twice = fingerprints("FROM alpine:3.20\nRUN apk add curl\nRUN apk add curl\n");
    assert_eq!(twice.len(), {
        let mut d = twice.clone();
        d.sort();
        d.dedup();
        d.len()
    });
}

#[test]
fn hadolint_json_has_hadolints_shape() {
    // The same keys, in the same order, as hadolint's own output for a corpus file would have.
    let run = shipshape(&["check", "--format", "hadolint-json", SEED], None);
    assert_eq!(run.code, 1);
    let findings: serde_json::Value = serde_json::from_str(&run.stdout).expect("a JSON array");
    let first = &findings[0];
    let keys: Vec<&str> = first.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["code", "column", "file", "level", "line", "message"]);
    assert_eq!(first["file"], SEED);
    let codes: Vec<&str> = findings.as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap()).collect();
    assert!(codes.contains(&"DL3042") && codes.contains(&"DL3018"), "{codes:?}");
    let levels = ["error", "warning", "info", "style"];
    assert!(findings.as_array().unwrap().iter().all(|f| levels.contains(&f["level"].as_str().unwrap())));
    insta::assert_snapshot!("check_seed_hadolint_json", run.stdout);
}

#[test]
fn sarif_is_what_code_scanning_reads() {
    let run = shipshape(&["check", "--format", "sarif", SEED], None);
    assert_eq!(run.code, 1);
    let sarif: serde_json::Value = serde_json::from_str(&run.stdout).expect("valid JSON");
    assert_eq!(sarif["version"], "2.1.0");
    let run0 = &sarif["runs"][0];
    assert_eq!(run0["tool"]["driver"]["name"], "shipshape");
    let rules = run0["tool"]["driver"]["rules"].as_array().unwrap();
    let results = run0["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for result in results {
        // ruleIndex points at the rule's descriptor, which carries the rule's own docs.
        let rule = &rules[result["ruleIndex"].as_u64().unwrap() as usize];
        assert_eq!(rule["id"], result["ruleId"]);
        assert!(rule["help"]["markdown"].as_str().unwrap().contains("## Why is this bad?"));
        assert!(["error", "warning", "note"].contains(&result["level"].as_str().unwrap()));
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uri"], SEED);
        assert!(location["region"]["startLine"].as_u64().unwrap() >= 1);
        assert!(location["region"]["startColumn"].as_u64().unwrap() >= 1);
    }
    // A fixable finding carries its fix as replacements.
    let pip = results.iter().find(|r| r["ruleId"] == "DL3042").expect("DL3042 on the seed");
    let replacement = &pip["fixes"][0]["artifactChanges"][0]["replacements"][0];
    assert_eq!(replacement["insertedContent"]["text"], " --no-cache-dir");
    // Descriptors are listed once each.
    let mut ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let n = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), n);
    insta::assert_snapshot!("check_seed_sarif", run.stdout);
}
