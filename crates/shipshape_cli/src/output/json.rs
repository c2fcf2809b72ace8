//! The JSON shapes the CLI prints: `check --format json` (`render`), `rules --format json` and
//! `distroless --format json`. They are part of the CLI's contract: field names and order stay
//! stable. The shapes of a finding, a rule and a comparison are the JS API's too
//! (`shipshape::report`); the CLI counts columns in characters.

use serde::Serialize;
use shipshape::distroless::{Converted, Refusal};
use shipshape::report::{self, ComparisonJson, DiagnosticJson, RuleJson};
use shipshape::rules;
use shipshape::text::{ColumnUnit, LineIndex};

use super::FileFindings;

#[derive(Serialize)]
pub struct Report<'a> {
    pub version: &'static str,
    pub files: Vec<FileReport<'a>>,
}

#[derive(Serialize)]
pub struct FileReport<'a> {
    pub path: &'a str,
    pub diagnostics: Vec<DiagnosticJson>,
}

/// `shipshape check --format json`, pretty-printed.
pub fn render(files: &[FileFindings]) -> String {
    format!("{}\n", serde_json::to_string_pretty(&report(files)).unwrap_or_default())
}

/// `shipshape check --format json`: every file with its diagnostics.
fn report<'a>(files: &[FileFindings<'a>]) -> Report<'a> {
    Report {
        version: shipshape::VERSION,
        files: files
            .iter()
            .map(|file| FileReport {
                path: file.path,
                diagnostics: report::diagnostics(file.source, file.diagnostics, ColumnUnit::Char),
            })
            .collect(),
    }
}

#[derive(Serialize)]
pub struct RulesJson {
    pub rules: Vec<RuleJson>,
}

pub fn rules() -> RulesJson {
    RulesJson { rules: rules::RULES.iter().map(|r| report::rule(&r.meta)).collect() }
}

/// `shipshape distroless --format json`: the converted Dockerfile, the notes (sentences, the
/// ones the user must check start with `Check:`), and the comparison.
#[derive(Serialize)]
pub struct ConversionJson {
    pub dockerfile: String,
    pub notes: Vec<String>,
    pub comparison: ComparisonJson,
    pub stack: &'static str,
    pub tools: Vec<&'static str>,
    pub image: String,
    pub unchanged: bool,
    /// The files `--context` read, relative to the context directory.
    pub context_read: Vec<String>,
    /// Those the conversion used.
    pub context_used: Vec<String>,
}

pub fn conversion(converted: &Converted, context_read: &[String]) -> ConversionJson {
    ConversionJson {
        dockerfile: converted.dockerfile.clone(),
        notes: converted.notes.iter().map(ToString::to_string).collect(),
        comparison: report::comparison(&converted.comparison),
        stack: converted.stack.as_str(),
        tools: converted.tools.clone(),
        image: converted.image.clone(),
        unchanged: converted.unchanged,
        context_read: context_read.to_vec(),
        context_used: converted.context_used.clone(),
    }
}

/// A refusal in JSON: the reason, its class (`needs-shell`, `not-published`, …), when known the
/// 1-based line it is about, and the context files read.
#[derive(Serialize)]
pub struct RefusalJson {
    pub refused: String,
    pub class: &'static str,
    pub line: Option<u32>,
    /// The files `--context` read, relative to the context directory (the reason names the one
    /// it is about, such as the line of an entry point script that needs a shell).
    pub context_read: Vec<String>,
}

pub fn refusal(refusal: &Refusal, source: &str, context_read: &[String]) -> RefusalJson {
    let line = refusal.range.map(|r| LineIndex::new(source).line(r.start) + 1);
    RefusalJson {
        refused: refusal.reason.clone(),
        class: refusal.class.as_str(),
        line,
        context_read: context_read.to_vec(),
    }
}
