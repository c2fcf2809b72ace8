//! The README's commands, run as written: every fenced block of README.md is run here, covered
//! by another check (named below), or marked `<!-- example -->` on the line before it.
//!
//! - `sh`: `cargo install --path crates/shipshape_cli` is run (into a directory of its own),
//!   `cargo xtask serve` is the serve check's, `cargo xtask test` is what CI runs;
//! - `console`: each `$ command` runs in a directory holding tests/fixtures/seed-python-alpine.Dockerfile as
//!   `Dockerfile`, with the installed `shipshape` first on PATH; its output must hold the lines
//!   shown, in order (a `…` line stands for lines left out);
//! - `yaml`: a CI snippet's `shipshape` commands run as its CI would, and what they write must
//!   parse; a `.hadolint.yaml` is read without a warning and changes what is reported;
//! - `dockerfile`: the pragmas shown silence the findings they name.

use std::path::Path;
use std::process::{Command, Output};

use crate::web::target_dir;
use crate::{project_root, run};

/// The README's example Dockerfile, copied in as `Dockerfile` for the commands to check.
const EXAMPLE: &str = "tests/fixtures/seed-python-alpine.Dockerfile";

/// Commands that other checks run: `cargo xtask test` is CI itself, and the serve check starts
/// the trunk serve of `cargo xtask serve` on a clean copy of the checkout.
const COVERED: &[&str] = &["cargo xtask test", "cargo xtask serve"];

const INSTALL: &str = "cargo install --path crates/shipshape_cli";

#[derive(Debug)]
struct Block {
    info: String,
    /// 1-based line of the opening fence.
    line: usize,
    text: String,
    example: bool,
}

fn blocks(readme: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut lines = readme.lines().enumerate().peekable();
    let mut previous = "";
    while let Some((i, line)) = lines.next() {
        if let Some(info) = line.strip_prefix("```") {
            let mut text = String::new();
            for (_, inner) in lines.by_ref() {
                if inner.starts_with("```") {
                    break;
                }
                text.push_str(inner);
                text.push('\n');
            }
            let example = previous.trim() == "<!-- example -->";
            out.push(Block { info: info.trim().to_string(), line: i + 1, text, example });
        }
        previous = line;
    }
    out
}

/// `cargo xtask readme`: runs what README.md shows. Part of `cargo xtask test`.
pub fn readme_check() -> Result<(), String> {
    let readme = std::fs::read_to_string(project_root().join("README.md")).map_err(|e| e.to_string())?;
    let blocks = blocks(&readme);
    let root = target_dir().join("readme-check");
    let _ = std::fs::remove_dir_all(&root);
    let install_root = root.join("install");
    let mut failures = Vec::new();
    let mut installed = false;
    // The install first: the other blocks run the binary it installs.
    for block in blocks.iter().filter(|b| !b.example && b.info == "sh") {
        for command in commands(&block.text) {
            if command == INSTALL {
                // Into a directory of its own, built in this checkout's target directory (so a
                // second run builds nothing).
                run(Command::new("sh")
                    .args(["-c", &command])
                    .env("CARGO_INSTALL_ROOT", &install_root)
                    .env("CARGO_TARGET_DIR", target_dir()))?;
                installed = true;
            } else if !COVERED.contains(&command.as_str()) {
                failures.push(format!(
                    "README.md:{}: `{command}` is run by no check: run it in xtask/src/readme.rs, or mark the block <!-- example -->",
                    block.line
                ));
            }
        }
    }
    if !installed {
        return Err(format!("README.md no longer shows `{INSTALL}`, which the other blocks' checks need"));
    }
    let path = std::env::join_paths(
        std::iter::once(install_root.join("bin"))
            .chain(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())),
    )
    .map_err(|e| e.to_string())?;
    let mut checked = 0;
    for (n, block) in blocks.iter().enumerate().filter(|(_, b)| !b.example && b.info != "sh") {
        let dir = root.join(format!("block-{n}"));
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        std::fs::copy(project_root().join(EXAMPLE), dir.join("Dockerfile")).map_err(|e| e.to_string())?;
        let shell = |command: &str| -> Result<Output, String> {
            Command::new("sh")
                .args(["-c", command])
                .current_dir(&dir)
                .env("PATH", &path)
                .env("NO_COLOR", "1")
                .output()
                .map_err(|e| format!("cannot run `{command}`: {e}"))
        };
        let result = match block.info.as_str() {
            "console" => console(&block.text, &shell),
            "yaml" if block.text.contains("failure-threshold") => config(&block.text, &dir, &shell),
            "yaml" => ci_snippet(&block.text, &dir, &shell),
            "dockerfile" => pragmas(&block.text, &dir, &shell),
            other => {
                Err(format!("a `{other}` block, which xtask/src/readme.rs cannot check: mark it <!-- example -->"))
            }
        };
        match result {
            Ok(()) => checked += 1,
            Err(e) => failures.push(format!("README.md:{}: {e}", block.line)),
        }
    }
    let examples = blocks.iter().filter(|b| b.example).count();
    eprintln!(
        "README.md: {} blocks; {checked} run here, the sh blocks' commands installed or covered, {examples} marked as examples",
        blocks.len()
    );
    if failures.is_empty() { Ok(()) } else { Err(failures.join("\n")) }
}

/// The command lines of a shell block, without their comments.
fn commands(text: &str) -> Vec<String> {
    text.lines()
        .map(|line| line.split(" #").next().unwrap_or(line).trim().to_string())
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .collect()
}

/// A terminal session: each `$ command`, then the lines it prints (`…` for lines left out).
fn console(text: &str, shell: &dyn Fn(&str) -> Result<Output, String>) -> Result<(), String> {
    let mut sessions: Vec<(String, Vec<&str>)> = Vec::new();
    for line in text.lines() {
        match line.strip_prefix("$ ") {
            Some(command) => sessions.push((command.to_string(), Vec::new())),
            None => sessions.last_mut().ok_or("a console block must start with `$ command`")?.1.push(line),
        }
    }
    for (command, expected) in sessions {
        let output = shell(&command)?;
        let printed = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
        let printed: Vec<&str> = printed.lines().collect();
        let mut at = 0;
        for part in expected.split(|line| line.trim() == "…") {
            let part: Vec<&str> = part.iter().copied().skip_while(|l| l.is_empty()).collect();
            let part = &part[..part.iter().rposition(|l| !l.is_empty()).map_or(0, |i| i + 1)];
            if part.is_empty() {
                continue;
            }
            match (at..=printed.len().saturating_sub(part.len())).find(|&i| printed[i..i + part.len()] == *part) {
                Some(i) => at = i + part.len(),
                None => {
                    return Err(format!(
                        "`{command}` does not print, in this order:\n{}\nIt prints:\n{}",
                        part.join("\n"),
                        printed.join("\n")
                    ));
                }
            }
        }
    }
    Ok(())
}

/// A CI snippet: its `run:` and `script:` commands, run as the CI system would (`sh -c`, the
/// exit code kept); a report redirected to a file must be JSON.
fn ci_snippet(text: &str, dir: &Path, shell: &dyn Fn(&str) -> Result<Output, String>) -> Result<(), String> {
    let mut ran = 0;
    for line in text.lines() {
        let line = line.trim_start().trim_start_matches("- ");
        let Some(command) = line.strip_prefix("run:").or_else(|| line.strip_prefix("script:")) else { continue };
        let command = command.trim();
        let output = shell(command)?;
        // Findings fail the step unless --no-fail says otherwise; anything else is a failure.
        let expected: &[i32] = if command.contains("--no-fail") { &[0] } else { &[0, 1] };
        let code = output.status.code().unwrap_or(-1);
        if !expected.contains(&code) {
            return Err(format!("`{command}` exited with {code}: {}", String::from_utf8_lossy(&output.stderr)));
        }
        if let Some((_, file)) = command.split_once(" > ") {
            let written = std::fs::read_to_string(dir.join(file.trim())).map_err(|e| format!("`{command}`: {e}"))?;
            serde_json::from_str::<serde_json::Value>(&written)
                .map_err(|e| format!("`{command}` writes {} that is not JSON: {e}", file.trim()))?;
        } else if !String::from_utf8_lossy(&output.stdout).contains("::") {
            return Err(format!("`{command}` prints no GitHub annotation"));
        }
        ran += 1;
    }
    if ran == 0 { Err("a yaml block with no `run:` or `script:` command".to_string()) } else { Ok(()) }
}

/// A finding as `check --format json` reports it: code, name and severity.
type Reported = (String, String, String);

/// A configuration file: shipshape reads it without a warning, the codes it ignores are no
/// longer reported, and the levels it overrides show.
fn config(text: &str, dir: &Path, shell: &dyn Fn(&str) -> Result<Output, String>) -> Result<(), String> {
    let file = text.lines().next().and_then(|l| l.strip_prefix("# ")).unwrap_or(".hadolint.yaml").trim();
    let findings = |command: &str| -> Result<(Vec<Reported>, String), String> {
        let output = shell(command)?;
        let json: serde_json::Value =
            serde_json::from_slice(&output.stdout).map_err(|e| format!("`{command}` prints no JSON: {e}"))?;
        let found = json["files"][0]["diagnostics"]
            .as_array()
            .map(|all| {
                let field = |d: &serde_json::Value, key: &str| d[key].as_str().unwrap_or_default().to_string();
                all.iter().map(|d| (field(d, "code"), field(d, "name"), field(d, "severity"))).collect()
            })
            .unwrap_or_default();
        Ok((found, String::from_utf8_lossy(&output.stderr).to_string()))
    };
    let (before, _) = findings("shipshape check --no-config --format json Dockerfile")?;
    std::fs::write(dir.join(file), text).map_err(|e| e.to_string())?;
    let (after, warnings) = findings("shipshape check --format json Dockerfile")?;
    if !warnings.trim().is_empty() {
        return Err(format!("shipshape warns about {file}: {warnings}"));
    }
    let list = |key: &str| -> Vec<String> {
        let line = text.lines().find_map(|l| l.trim().strip_prefix(key)).unwrap_or_default();
        line.trim().trim_start_matches('[').trim_end_matches(']').split(',').map(|s| s.trim().to_string()).collect()
    };
    let reported = |found: &[Reported], rule: &str| found.iter().any(|(c, n, _)| c == rule || n == rule);
    for rule in list("ignored:") {
        if reported(&after, &rule) {
            return Err(format!("{file} ignores {rule}, which is still reported"));
        }
    }
    for rule in list("error:") {
        let levels: Vec<&str> =
            after.iter().filter(|(c, n, _)| *c == rule || *n == rule).map(|(_, _, s)| s.as_str()).collect();
        if !reported(&before, &rule) || levels.iter().any(|l| *l != "error") {
            return Err(format!("{file} makes {rule} an error; it is reported as {levels:?}"));
        }
    }
    Ok(())
}

/// A Dockerfile with pragmas: each finding a pragma names is reported without it and not with it.
fn pragmas(text: &str, dir: &Path, shell: &dyn Fn(&str) -> Result<Output, String>) -> Result<(), String> {
    let codes = |source: &str| -> Result<String, String> {
        std::fs::write(dir.join("Dockerfile"), source).map_err(|e| e.to_string())?;
        let output = shell("shipshape check --no-config --format json Dockerfile")?;
        Ok(String::from_utf8_lossy(&output.stdout).to_string())
    };
    let with = codes(text)?;
    let without: String = text.lines().filter(|l| !l.contains(" ignore=")).map(|l| format!("{l}\n")).collect();
    let without = codes(&without)?;
    let named: Vec<String> = text
        .lines()
        .filter_map(|l| l.split(" ignore=").nth(1))
        .flat_map(|list| list.split_whitespace().next().unwrap_or("").split(','))
        .map(str::to_string)
        .collect();
    for name in &named {
        let quoted = format!("\"{name}\"");
        if !without.contains(&quoted) {
            return Err(format!("without its pragma, {name} is not reported, so the example shows nothing"));
        }
        if with.contains(&quoted) {
            return Err(format!("the pragma does not silence {name}"));
        }
    }
    if named.is_empty() { Err("a dockerfile block with no pragma to check".to_string()) } else { Ok(()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_blocks_and_their_example_marks() {
        let found = blocks("text\n```sh\ncargo xtask test   # all\n```\n<!-- example -->\n```yaml\na: 1\n```\n");
        assert_eq!(found.len(), 2);
        assert_eq!((found[0].info.as_str(), found[0].line, found[0].example), ("sh", 2, false));
        assert_eq!(commands(&found[0].text), ["cargo xtask test"]);
        assert!(found[1].example);
    }
}
