//! The JSON shapes the CLI prints: `check --format json` (`render`), `rules --format json` and
//! `distroless --format json`. They are part of the CLI's contract: field names and order stay
//! stable.

use serde::Serialize;
use shipshape::distroless::{Converted, ImageSummary, Refusal, Size};
use shipshape::text::LineIndex;
use shipshape::{Diagnostic, rules};

use super::{FileFindings, Position, position};

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

#[derive(Serialize)]
pub struct DiagnosticJson {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: &'static str,
    pub message: String,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    pub fix: Option<FixJson>,
}

#[derive(Serialize)]
pub struct FixJson {
    pub applicability: &'static str,
    pub title: String,
    pub edits: Vec<EditJson>,
}

#[derive(Serialize)]
pub struct EditJson {
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    pub content: String,
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
            .map(|file| {
                let index = LineIndex::new(file.source);
                FileReport {
                    path: file.path,
                    diagnostics: file.diagnostics.iter().map(|d| diagnostic(file.source, &index, d)).collect(),
                }
            })
            .collect(),
    }
}

fn diagnostic(source: &str, index: &LineIndex, d: &Diagnostic) -> DiagnosticJson {
    let Position { line, column, end_line, end_column } = position(source, index, d.range);
    DiagnosticJson {
        code: d.rule.code,
        name: d.rule.name,
        severity: d.severity.as_str(),
        message: d.message.clone(),
        line,
        column,
        end_line,
        end_column,
        fix: d.fix.as_ref().map(|fix| FixJson {
            applicability: fix.applicability.as_str(),
            title: fix.title.clone(),
            edits: fix
                .edits
                .iter()
                .map(|e| {
                    let Position { line, column, end_line, end_column } = position(source, index, e.range);
                    EditJson { line, column, end_line, end_column, content: e.content.clone() }
                })
                .collect(),
        }),
    }
}

#[derive(Serialize)]
pub struct RulesJson {
    pub rules: Vec<RuleJson>,
}

#[derive(Serialize)]
pub struct RuleJson {
    pub code: &'static str,
    pub name: &'static str,
    pub category: &'static str,
    pub severity: &'static str,
    pub fix: &'static str,
    pub hadolint: Option<&'static str>,
    pub buildkit: Option<&'static str>,
    pub summary: &'static str,
}

pub fn rules() -> RulesJson {
    RulesJson {
        rules: rules::RULES
            .iter()
            .map(|r| RuleJson {
                code: r.meta.code,
                name: r.meta.name,
                category: r.meta.category.as_str(),
                severity: r.meta.severity().as_str(),
                fix: r.meta.fix.as_str(),
                hadolint: r.meta.hadolint,
                buildkit: r.meta.buildkit,
                summary: r.meta.summary,
            })
            .collect(),
    }
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

#[derive(Serialize)]
pub struct ComparisonJson {
    pub before: ImageJson,
    pub after: ImageJson,
}

#[derive(Serialize)]
pub struct ImageJson {
    pub image: String,
    pub os: String,
    pub shell: Option<bool>,
    pub package_manager: String,
    pub user: String,
    pub size: Option<SizeJson>,
    pub packages: Vec<String>,
}

#[derive(Serialize)]
pub struct SizeJson {
    pub megabytes: f64,
    pub approximate: bool,
    pub source: &'static str,
    pub date: &'static str,
}

fn image(summary: &ImageSummary) -> ImageJson {
    ImageJson {
        image: summary.image.clone(),
        os: summary.os.clone(),
        shell: summary.shell,
        package_manager: summary.package_manager.clone(),
        user: summary.user.clone(),
        size: summary.size.map(|s: Size| SizeJson {
            megabytes: s.megabytes,
            approximate: s.approximate,
            source: s.source,
            date: s.date,
        }),
        packages: summary.packages.clone(),
    }
}

pub fn conversion(converted: &Converted, context_read: &[String]) -> ConversionJson {
    ConversionJson {
        dockerfile: converted.dockerfile.clone(),
        notes: converted.notes.iter().map(ToString::to_string).collect(),
        comparison: ComparisonJson {
            before: image(&converted.comparison.before),
            after: image(&converted.comparison.after),
        },
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
