//! The `shipshape distroless` contract: the Dockerfile on stdout and the notes on stderr (text),
//! one JSON object (json), exit 0 on conversion and 2 with a one-line reason on refusal.

mod support;
use support::{root, shipshape};

const SEED: &str = "tests/distroless/seed-python-alpine.Dockerfile";

#[test]
fn text_prints_the_dockerfile_on_stdout_and_the_notes_on_stderr() {
    let run = shipshape(&["distroless", SEED], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("FROM gcr.io/distroless/python3-debian13:nonroot\n"), "{}", run.stdout);
    assert!(!run.stdout.contains("note:"), "stdout is only the Dockerfile, so it can be redirected to a file");
    assert!(shipshape::parse(&run.stdout).errors.is_empty());
    insta::assert_snapshot!("distroless_seed_text_stdout", run.stdout);
    insta::assert_snapshot!("distroless_seed_text_stderr", run.stderr);
}

#[test]
fn json_has_the_documented_shape() {
    let run = shipshape(&["distroless", "--format", "json", SEED], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).expect("valid JSON");
    let keys: Vec<&str> = value.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        ["dockerfile", "notes", "comparison", "stack", "tools", "image", "unchanged", "context_read", "context_used"]
    );
    assert_eq!(value["tools"], serde_json::json!(["pip"]));
    assert!(value["notes"].as_array().unwrap().iter().all(|n| n.is_string()));
    let before = value["comparison"]["before"].as_object().unwrap();
    let keys: Vec<&str> = before.keys().map(String::as_str).collect();
    assert_eq!(keys, ["image", "os", "shell", "package_manager", "user", "size", "packages"]);
    assert_eq!(value["comparison"]["after"]["shell"], false);
    assert_eq!(value["comparison"]["before"]["size"]["date"], "2026-09-17");
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    insta::assert_snapshot!("distroless_seed_json", run.stdout);
}

#[test]
fn chainguard_and_standard_input() {
    let source = std::fs::read(root().join(SEED)).unwrap();
    let run = shipshape(&["distroless", "--runtime", "chainguard", "-"], Some(&source));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("FROM cgr.dev/chainguard/python:latest\n"), "{}", run.stdout);
    assert!(run.stderr.contains("pin `cgr.dev/chainguard/python:latest`"), "{}", run.stderr);
    let bad = shipshape(&["distroless", "--runtime", "alpine", SEED], None);
    assert_eq!(bad.code, 2, "an unknown runtime is a usage error");
}

#[test]
fn refusals_exit_2_with_a_one_line_reason() {
    let run = shipshape(&["distroless", "tests/distroless/refuse-entrypoint-script.Dockerfile"], None);
    assert_eq!(run.code, 2);
    assert!(run.stdout.is_empty(), "nothing to redirect into a file: {}", run.stdout);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    insta::assert_snapshot!("distroless_refusal_text", run.stderr);
    let json = shipshape(&["distroless", "--format", "json", "tests/distroless/refuse-windows.Dockerfile"], None);
    assert_eq!(json.code, 2);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).expect("valid JSON");
    assert_eq!(value["line"], 2);
    assert_eq!(value["class"], "windows");
    assert!(value["refused"].as_str().unwrap().contains("Windows"), "{}", json.stdout);
    let missing = shipshape(&["distroless", "no/such/Dockerfile"], None);
    assert_eq!(missing.code, 2);
}

#[test]
fn an_already_distroless_file_comes_back_unchanged() {
    let path = "tests/distroless/already-distroless.Dockerfile";
    let run = shipshape(&["distroless", path], None);
    assert_eq!(run.code, 0);
    assert_eq!(run.stdout, std::fs::read_to_string(root().join(path)).unwrap());
    assert!(run.stderr.contains("already runs on"), "{}", run.stderr);
}

#[test]
fn context_files_are_read_and_reported() {
    let dockerfile = "tests/distroless/python-old-pins.Dockerfile";
    let run = shipshape(
        &["distroless", "--format", "json", "--context", "tests/distroless/context/python-old-pins", dockerfile],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).expect("valid JSON");
    assert_eq!(value["context_read"], serde_json::json!(["requirements.txt"]));
    assert_eq!(value["context_used"], serde_json::json!(["requirements.txt"]));
    let notes = value["notes"].to_string();
    assert!(notes.contains("numpy==1.21.0 (requirements.txt)"), "{notes}");
    assert!(value["dockerfile"].as_str().unwrap().contains("libpq5"), "psycopg2 built from source loads libpq");
    let text = shipshape(&["distroless", "--context", "tests/distroless/context/python-old-pins", dockerfile], None);
    assert!(text.stderr.starts_with("read from the build context: requirements.txt\n"), "{}", text.stderr);
    let missing = shipshape(&["distroless", "--context", "no/such/dir", dockerfile], None);
    assert_eq!(missing.code, 2, "{}", missing.stderr);
    assert!(missing.stderr.contains("not a directory"), "{}", missing.stderr);
}

#[test]
fn a_refusal_says_which_context_files_it_read() {
    let dockerfile = "tests/distroless/refuse-entrypoint-migrate.Dockerfile";
    let context = "tests/distroless/context/refuse-entrypoint-migrate";
    let run = shipshape(&["distroless", "--format", "json", "--context", context, dockerfile], None);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).expect("valid JSON");
    assert_eq!(value["class"], "needs-shell");
    assert_eq!(value["context_read"], serde_json::json!(["start.sh"]));
    assert!(value["refused"].as_str().unwrap().contains("line 6 of `start.sh`"), "{}", run.stdout);
    let text = shipshape(&["distroless", "--context", context, dockerfile], None);
    assert_eq!(text.code, 2);
    assert!(text.stderr.starts_with("read from the build context: start.sh\n"), "{}", text.stderr);
    // Without `--context`, nothing was read.
    let without = shipshape(&["distroless", "--format", "json", dockerfile], None);
    let value: serde_json::Value = serde_json::from_str(&without.stdout).expect("valid JSON");
    assert_eq!((value["class"].as_str(), &value["context_read"]), (Some("needs-context"), &serde_json::json!([])));
}

#[test]
fn an_entry_point_script_is_read_from_the_context() {
    let dockerfile = "tests/distroless/entrypoint-config-template.Dockerfile";
    let context = "tests/distroless/context/entrypoint-config-template";
    let run = shipshape(&["distroless", "--format", "json", "--context", context, dockerfile], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).expect("valid JSON");
    assert_eq!(value["context_read"], serde_json::json!(["scripts/run.sh"]));
    assert_eq!(value["context_used"], serde_json::json!(["scripts/run.sh"]));
    assert!(value["dockerfile"].as_str().unwrap().contains("ENTRYPOINT [\"/usr/local/bin/relay\""), "{}", run.stdout);
    let without = shipshape(&["distroless", "--format", "json", dockerfile], None);
    assert_eq!(without.code, 2);
    let value: serde_json::Value = serde_json::from_str(&without.stdout).expect("valid JSON");
    assert_eq!(value["class"], "needs-context");
    assert!(value["refused"].as_str().unwrap().contains("`scripts/run.sh` in the build context"), "{}", without.stdout);
}
