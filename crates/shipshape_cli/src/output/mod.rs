//! The reports of `shipshape check`, one file per `--format`; `render` picks one.
//!
//! Each format renders every file of a run at once: the formats that are one document (JSON,
//! SARIF, GitLab's array, Checkstyle) need that, and the others gain nothing from streaming.
//! `json.rs` also holds the JSON of `rules` and `distroless`, so that the CLI's JSON contract
//! is in one file.

mod checkstyle;
mod concise;
mod github;
mod gitlab;
mod hadolint_json;
pub mod json;
mod sarif;
mod text;

use shipshape::Diagnostic;
use shipshape::render::Color;
use shipshape::report::{self, Span};
use shipshape::text::{ColumnUnit, LineIndex, TextRange};

use crate::args::CheckFormat;

/// One checked file: its name as the user gave it, its text and what was found in it.
pub struct FileFindings<'a> {
    pub path: &'a str,
    pub source: &'a str,
    pub diagnostics: &'a [Diagnostic],
}

/// The report of a run in `format`, as it is printed. `color` is for the text format only.
pub fn render(format: CheckFormat, files: &[FileFindings], color: Color) -> String {
    match format {
        CheckFormat::Text => text::render(files, color),
        CheckFormat::Concise => concise::render(files),
        CheckFormat::Json => json::render(files),
        CheckFormat::Github => github::render(files),
        CheckFormat::Gitlab => gitlab::render(files),
        CheckFormat::Sarif => sarif::render(files),
        CheckFormat::Checkstyle => checkstyle::render(files),
        CheckFormat::HadolintJson => hadolint_json::render(files),
    }
}

/// Both ends of a range as 1-based lines and character columns, as every report format says
/// them.
pub fn position(source: &str, index: &LineIndex, range: TextRange) -> Span {
    report::span(source, index, range, ColumnUnit::Char)
}

/// Each finding with its 1-based position, file by file.
fn located<'a>(files: &'a [FileFindings<'a>]) -> impl Iterator<Item = (&'a FileFindings<'a>, &'a Diagnostic, Span)> {
    files.iter().flat_map(|file| {
        let index = LineIndex::new(file.source);
        file.diagnostics.iter().map(move |d| (file, d, position(file.source, &index, d.range)))
    })
}
