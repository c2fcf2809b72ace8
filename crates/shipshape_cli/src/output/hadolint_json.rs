//! `--format hadolint-json`: hadolint's own JSON (`hadolint -f json`), an array of `{code,
//! column, file, level, line, message}` on one line, so scripts written against hadolint's
//! output keep working after the switch.

use serde_json::{Value, json};

use super::{FileFindings, located};

pub fn render(files: &[FileFindings]) -> String {
    let findings: Vec<Value> = located(files)
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
        .collect();
    format!("{}\n", Value::Array(findings))
}
