//! The report formats CI systems read, for `shipshape check --format`: one line per finding
//! (`concise`), GitHub Actions annotations (`github`), GitLab Code Quality (`gitlab`), SARIF
//! 2.1.0 for code scanning (`sarif`), Checkstyle XML (`checkstyle`, for Jenkins and other
//! tools hadolint users feed) and hadolint's own JSON (`hadolint-json`). The text and JSON formats live in `commands.rs` and `json.rs`.
//!
//! Each function renders every file of a run at once: the formats that are one document (SARIF,
//! GitLab's array, Checkstyle) need that, and the others gain nothing from streaming.

use std::collections::HashMap;
use std::fmt::Write;

use serde_json::{Value, json};
use shipshape::text::LineIndex;
use shipshape::{Diagnostic, Severity};

use crate::json::{Position, position};

/// One checked file: its name as the user gave it, its text and what was found in it.
pub struct FileFindings<'a> {
    pub path: &'a str,
    pub source: &'a str,
    pub diagnostics: &'a [Diagnostic],
}

/// Each finding with its 1-based position, file by file.
fn located<'a>(
    files: &'a [FileFindings<'a>],
) -> impl Iterator<Item = (&'a FileFindings<'a>, &'a Diagnostic, Position)> {
    files.iter().flat_map(|file| {
        let index = LineIndex::new(file.source);
        file.diagnostics.iter().map(move |d| (file, d, position(file.source, &index, d.range)))
    })
}

/// `path:line:column: severity[CODE] message`, the shape compilers print and editors jump to.
pub fn concise(files: &[FileFindings]) -> String {
    let mut out = String::new();
    for (file, d, at) in located(files) {
        let _ = writeln!(
            out,
            "{}:{}:{}: {}[{}] {}",
            file.path,
            at.line,
            at.column,
            d.severity.as_str(),
            d.rule.code,
            d.message
        );
    }
    out
}

/// hadolint's own JSON (`hadolint -f json`): an array of `{code, column, file, level, line,
/// message}`, so scripts written against hadolint's output keep working after the switch.
pub fn hadolint_json(files: &[FileFindings]) -> Value {
    Value::Array(
        located(files)
            .map(|(file, d, at)| {
                json!({
                    "code": d.rule.hadolint.unwrap_or(d.rule.code),
                    "column": at.column,
                    "file": file.path,
                    "level": d.severity.as_str(),
                    "line": at.line,
                    "message": d.message,
                })
            })
            .collect(),
    )
}

/// GitHub Actions workflow commands: each finding becomes an annotation on the pull request's
/// diff. Info and style findings are notices.
pub fn github(files: &[FileFindings]) -> String {
    let mut out = String::new();
    for (file, d, at) in located(files) {
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info | Severity::Style => "notice",
        };
        let _ = writeln!(
            out,
            "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            github_property(file.path),
            at.line,
            at.column,
            at.end_line,
            at.end_column,
            github_property(&format!("{} ({})", d.rule.code, d.rule.name)),
            github_data(&d.message),
        );
    }
    out
}

/// A workflow command's message: `%`, CR and LF are escaped, or the runner cuts the line.
fn github_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// A workflow command's property value, where `:` and `,` separate properties too.
fn github_property(text: &str) -> String {
    github_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// GitLab's Code Quality report (a subset of Code Climate's): a JSON array whose fingerprints
/// stay the same while a finding does, so merge requests show only new and fixed ones.
pub fn gitlab(files: &[FileFindings]) -> Value {
    let mut seen: HashMap<u64, u32> = HashMap::new();
    let issues: Vec<Value> = located(files)
        .map(|(file, d, at)| {
            // What the finding is about, not where: a line added above it keeps its fingerprint.
            // The occurrence count keeps two identical findings in one file apart.
            let what = [file.path, d.rule.code, &d.message, d.range.slice(file.source)].join("\0");
            let hash = fnv1a(what.as_bytes());
            let occurrence = seen.entry(hash).or_insert(0);
            *occurrence += 1;
            let fingerprint = format!("{:016x}", fnv1a(format!("{hash:016x}\0{occurrence}").as_bytes()));
            let severity = match d.severity {
                Severity::Error => "critical",
                Severity::Warning => "major",
                Severity::Info => "minor",
                Severity::Style => "info",
            };
            json!({
                "description": format!("{}: {}", d.rule.code, d.message),
                "check_name": d.rule.code,
                "fingerprint": fingerprint,
                "severity": severity,
                "location": { "path": file.path, "lines": { "begin": at.line, "end": at.end_line } },
            })
        })
        .collect();
    Value::Array(issues)
}

/// FNV-1a, 64 bits: stable across platforms and releases, unlike `std`'s hasher.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// SARIF 2.1.0, which GitHub code scanning and most security dashboards import. The rules that
/// fired are described from their metadata (summary, docs, category), and fixes are included
/// as replacements.
pub fn sarif(files: &[FileFindings]) -> Value {
    let mut rule_index: Vec<&'static str> = Vec::new();
    let mut rules: Vec<Value> = Vec::new();
    let mut results: Vec<Value> = Vec::new();
    for file in files {
        let lines = LineIndex::new(file.source);
        for d in file.diagnostics {
            let at = position(file.source, &lines, d.range);
            let meta = d.rule;
            let index = match rule_index.iter().position(|&code| code == meta.code) {
                Some(i) => i,
                None => {
                    rule_index.push(meta.code);
                    let mut rule = json!({
                        "id": meta.code,
                        "name": meta.name,
                        "shortDescription": { "text": meta.summary },
                        "help": { "text": meta.summary, "markdown": meta.docs_markdown() },
                        "defaultConfiguration": { "level": sarif_level(meta.severity()) },
                        "properties": { "tags": [meta.category.as_str()] },
                    });
                    if let Some(hadolint) = meta.hadolint {
                        rule["properties"]["hadolint"] = json!(hadolint);
                    }
                    if let Some(buildkit) = meta.buildkit {
                        rule["properties"]["buildkit"] = json!(buildkit);
                    }
                    rules.push(rule);
                    rules.len() - 1
                }
            };
            let uri = sarif_uri(file.path);
            let mut result = json!({
                "ruleId": meta.code,
                "ruleIndex": index,
                "level": sarif_level(d.severity),
                "message": { "text": d.message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri },
                        "region": sarif_region(&at),
                    }
                }],
            });
            if let Some(fix) = &d.fix {
                let replacements: Vec<Value> = fix
                    .edits
                    .iter()
                    .map(|e| {
                        json!({
                            "deletedRegion": sarif_region(&position(file.source, &lines, e.range)),
                            "insertedContent": { "text": e.content },
                        })
                    })
                    .collect();
                result["fixes"] = json!([{
                    "description": { "text": format!("{} ({} fix)", fix.title, fix.applicability.as_str()) },
                    "artifactChanges": [{ "artifactLocation": { "uri": uri }, "replacements": replacements }],
                }]);
            }
            results.push(result);
        }
    }
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "shipshape",
                    "version": shipshape::VERSION,
                    "informationUri": env!("CARGO_PKG_REPOSITORY"),
                    "rules": rules,
                }
            },
            "results": results,
        }],
    })
}

fn sarif_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Style => "note",
    }
}

fn sarif_region(at: &Position) -> Value {
    json!({ "startLine": at.line, "startColumn": at.column, "endLine": at.end_line, "endColumn": at.end_column })
}

/// A relative URI reference, as code scanning matches it against the repository: forward
/// slashes, no `./`, and the characters a URI cannot hold percent-encoded.
fn sarif_uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let path = path.trim_start_matches("./");
    let mut uri = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            uri.push(b as char);
        } else {
            let _ = write!(uri, "%{b:02X}");
        }
    }
    uri
}

/// Checkstyle XML, which Jenkins' warnings plugin, reviewdog and many CI dashboards read.
pub fn checkstyle(files: &[FileFindings]) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n");
    for file in files {
        let index = LineIndex::new(file.source);
        let _ = writeln!(out, "  <file name=\"{}\">", xml(file.path));
        for d in file.diagnostics {
            let at = position(file.source, &index, d.range);
            let severity = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info | Severity::Style => "info",
            };
            let _ = writeln!(
                out,
                "    <error line=\"{}\" column=\"{}\" severity=\"{severity}\" message=\"{}\" source=\"shipshape.{}\"/>",
                at.line,
                at.column,
                xml(&d.message),
                d.rule.code
            );
        }
        out.push_str("  </file>\n");
    }
    out.push_str("</checkstyle>\n");
    out
}

/// Text for an XML attribute: markup escaped, and the control characters XML 1.0 forbids
/// dropped (a Dockerfile can hold any byte, and a message may quote it).
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\t' => out.push_str("&#9;"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_commands_escape_what_ends_them() {
        assert_eq!(github_data("100% done\nnext"), "100%25 done%0Anext");
        assert_eq!(github_property("a:b,c"), "a%3Ab%2Cc");
    }

    #[test]
    fn uris_are_relative_and_encoded() {
        assert_eq!(sarif_uri("./docker/My App/Dockerfile"), "docker/My%20App/Dockerfile");
        assert_eq!(sarif_uri("dir\\Dockerfile"), "dir/Dockerfile");
    }

    #[test]
    fn xml_attributes_hold_any_message() {
        assert_eq!(xml("a <b> & \"c\"\u{0}\n"), "a &lt;b&gt; &amp; &quot;c&quot;&#10;");
    }

    #[test]
    fn fingerprints_are_stable() {
        // The value is part of the format's contract: GitLab compares it across pipelines.
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
