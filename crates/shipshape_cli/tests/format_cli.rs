//! The `shipshape format` contract: the formatted file on stdout, `--write`, `--check` and
//! `--diff` over many files, the `formatter:` settings of the config file and the flags that
//! override them, and exit code 2 with a one-line reason for what cannot be formatted.

use std::path::PathBuf;

mod support;
use support::{shipshape, shipshape_in};

const UNFORMATTED: &str = "tests/fixtures/unformatted.Dockerfile";

/// A scratch directory holding `files`, removed first if a previous run left it.
fn scratch(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("shipshape-format-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (path, text) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

#[test]
fn one_file_is_printed() {
    let run = shipshape(&["format", UNFORMATTED], None);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    insta::assert_snapshot!("format_print", run.stdout);
    // Formatting the output changes nothing.
    let again = shipshape(&["format", "-"], Some(run.stdout.as_bytes()));
    assert_eq!((again.code, again.stdout.as_str()), (0, run.stdout.as_str()));
}

#[test]
fn standard_input_to_standard_output() {
    let run = shipshape(&["format", "-"], Some(b"from alpine\nrun echo   hi\n"));
    assert_eq!((run.code, run.stdout.as_str(), run.stderr.as_str()), (0, "FROM alpine\nRUN echo hi\n", ""));
}

#[test]
fn check_lists_what_would_change_and_exits_1() {
    let run = shipshape(&["format", "--check", UNFORMATTED, "tests/fixtures/node-express.Dockerfile"], None);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!("format_check", format!("{}--- stderr\n{}", run.stdout, run.stderr));
    let clean = shipshape(&["format", "-"], Some(b"FROM alpine\n"));
    let run = shipshape(&["format", "--check", "-"], Some(clean.stdout.as_bytes()));
    assert_eq!((run.code, run.stdout.as_str()), (0, ""));
    assert_eq!(run.stderr, "0 files would be reformatted, 1 already formatted\n");
}

#[test]
fn diff_is_unified_and_exits_1() {
    let run = shipshape(&["format", "--diff", UNFORMATTED], None);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!("format_diff", run.stdout);
}

#[test]
fn write_rewrites_many_files_in_place() {
    let formatted = "FROM alpine\nRUN echo hi\n";
    let dir = scratch(
        "write",
        &[("a/Dockerfile", "from alpine\nrun echo  hi\n"), ("b/api.Dockerfile", formatted), ("c/README.md", "x  \n")],
    );
    let run = shipshape_in(&dir, &["format", "--write", "."], None);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""));
    assert_eq!(run.stderr, "1 file reformatted, 1 already formatted\n");
    assert_eq!(std::fs::read_to_string(dir.join("a/Dockerfile")).unwrap(), formatted);
    assert_eq!(std::fs::read_to_string(dir.join("c/README.md")).unwrap(), "x  \n");
    let run = shipshape_in(&dir, &["format", "--check"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn many_files_need_a_mode() {
    let run = shipshape(&["format", UNFORMATTED, "tests/fixtures/node-express.Dockerfile"], None);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "shipshape: 2 files to format: add --write to format them in place, --check to list the ones that would change, or --diff to see the changes\n"
    );
}

#[test]
fn bad_input_exits_2_with_a_one_line_reason() {
    let run = shipshape(&["format", "-"], Some(b"FROM alpine\nRUN echo a\nFRMO b\n"));
    assert_eq!((run.code, run.stdout.as_str()), (2, ""));
    assert_eq!(
        run.stderr,
        "shipshape: <stdin>:3:1: the file has a syntax error, so it was not formatted: unknown instruction `FRMO`: did you mean `FROM`?\n"
    );
    let run = shipshape(&["format", "-"], Some(b"\x7fELF\x02\x01\x00\x00"));
    assert_eq!(run.code, 2);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    let run = shipshape(&["format", "--write", "-"], Some(b"FROM alpine\n"));
    assert_eq!((run.code, run.stderr.as_str()), (2, "shipshape: --write needs a file, not standard input\n"));
    let run = shipshape(&["format", "no/such/Dockerfile"], None);
    assert_eq!((run.code, run.stderr.as_str()), (2, "shipshape: cannot read no/such/Dockerfile: no such file\n"));
}

#[test]
fn a_broken_file_among_many_is_left_alone_and_reported() {
    let broken = "FROM alpine\nRUN <<EOF\necho never ends\n";
    let dir = scratch("broken", &[("a/Dockerfile", "from alpine\n"), ("b/Dockerfile", broken)]);
    let run = shipshape_in(&dir, &["format", "--write", "."], None);
    assert_eq!(run.code, 2);
    insta::assert_snapshot!("format_write_broken", run.stderr.replace(&dir.display().to_string(), "<dir>"));
    assert_eq!(std::fs::read_to_string(dir.join("a/Dockerfile")).unwrap(), "FROM alpine\n");
    assert_eq!(std::fs::read_to_string(dir.join("b/Dockerfile")).unwrap(), broken);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn options_come_from_the_config_file_and_flags_win() {
    let source = "FROM alpine\r\nRUN apt-get update && apt-get install -y curl ca-certificates git make && rm -rf /var/lib/apt/lists/*\r\n";
    let config = "failure-threshold: warning\nformatter:\n  indent-width: 2\n  line-ending: lf\n";
    let dir = scratch("config", &[("Dockerfile", source), (".hadolint.yaml", config)]);
    let run = shipshape_in(&dir, &["format", "Dockerfile"], None);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    assert_eq!(
        run.stdout,
        "FROM alpine\nRUN apt-get update \\\n  && apt-get install -y curl ca-certificates git make \\\n  && rm -rf /var/lib/apt/lists/*\n"
    );
    let run = shipshape_in(
        &dir,
        &["format", "--indent-width", "4", "--line-ending", "auto", "--break-long-runs", "false", "Dockerfile"],
        None,
    );
    assert_eq!(run.stdout, source);
    let run = shipshape_in(&dir, &["format", "--no-config", "Dockerfile"], None);
    assert!(run.stdout.contains("\r\n    && apt-get"), "{}", run.stdout);
    std::fs::write(dir.join(".hadolint.yaml"), "formatter:\n  line-ending: mac\n").unwrap();
    let run = shipshape_in(&dir, &["format", "Dockerfile"], None);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "shipshape: .hadolint.yaml: `formatter.line-ending` is `mac`; it must be auto, lf or crlf\n"
    );
    std::fs::remove_dir_all(dir).unwrap();
}
