//! `--format sarif`: SARIF 2.1.0, which GitHub code scanning and most security dashboards
//! import. The rules that fired are described from their metadata (summary, docs, category),
//! and fixes are included as replacements.

use std::fmt::Write;

use serde_json::{Value, json};
use shipshape::Severity;
use shipshape::report::Span;
use shipshape::text::LineIndex;

use super::{FileFindings, position};

pub fn render(files: &[FileFindings]) -> String {
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
                        "defaultConfiguration": { "level": level(meta.severity()) },
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
            let uri = artifact_uri(file.path);
            let mut result = json!({
                "ruleId": meta.code,
                "ruleIndex": index,
                "level": level(d.severity),
                "message": { "text": d.message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri },
                        "region": region(&at),
                    }
                }],
            });
            if let Some(fix) = &d.fix {
                let replacements: Vec<Value> = fix
                    .edits()
                    .iter()
                    .map(|e| {
                        json!({
                            "deletedRegion": region(&position(file.source, &lines, e.range)),
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
    let log = json!({
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
    });
    format!("{log:#}\n")
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Style => "note",
    }
}

fn region(at: &Span) -> Value {
    json!({ "startLine": at.line, "startColumn": at.column, "endLine": at.end_line, "endColumn": at.end_column })
}

/// A relative URI reference, as code scanning matches it against the repository: forward
/// slashes, no `./`, and the characters a URI cannot hold percent-encoded.
fn artifact_uri(path: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_and_encoded() {
        assert_eq!(artifact_uri("./docker/My App/Dockerfile"), "docker/My%20App/Dockerfile");
        assert_eq!(artifact_uri("dir\\Dockerfile"), "dir/Dockerfile");
    }
}
