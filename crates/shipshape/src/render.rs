//! Human-readable rendering of diagnostics, in the style of rustc: the source line with a
//! caret under the span. Used by the CLI and by the snapshot tests.

use std::fmt::Write as _;

use crate::diagnostic::Diagnostic;
use crate::meta::Severity;
use crate::text::{ColumnUnit, LineIndex};

/// ANSI styling, or none.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Color {
    Never,
    Always,
}

struct Paint(Color);

impl Paint {
    fn wrap(&self, code: &str, text: &str) -> String {
        match self.0 {
            Color::Never => text.to_string(),
            Color::Always => format!("\x1b[{code}m{text}\x1b[0m"),
        }
    }
}

fn severity_code(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "1;31",
        Severity::Warning => "1;33",
        Severity::Info => "1;36",
        Severity::Style => "1;35",
    }
}

/// Renders `diagnostics` of the file at `path`.
pub fn diagnostics(source: &str, path: &str, diagnostics: &[Diagnostic], color: Color) -> String {
    let index = LineIndex::new(source);
    let paint = Paint(color);
    let mut out = String::new();
    for d in diagnostics {
        let start = index.line_col(source, d.range.start, ColumnUnit::Char);
        let end = index.line_col(source, d.range.end, ColumnUnit::Char);
        let line_no = (start.line + 1).to_string();
        let gutter = " ".repeat(line_no.len());
        let header = format!("{}[{}]", d.severity.as_str(), d.rule.code);
        let _ = writeln!(out, "{}: {}", paint.wrap(severity_code(d.severity), &header), paint.wrap("1", &d.message));
        let _ = writeln!(out, "{gutter}{} {path}:{}:{}", paint.wrap("1;34", "-->"), start.line + 1, start.col + 1);
        let line_start = index.line_start(start.line) as usize;
        let line_end = index.line_start(start.line + 1) as usize;
        let line = source[line_start..line_end].trim_end_matches(['\n', '\r']);
        let bar = paint.wrap("1;34", "|");
        let _ = writeln!(out, "{gutter} {bar}");
        let _ = writeln!(out, "{} {bar} {}", paint.wrap("1;34", &line_no), line.replace('\t', "    "));
        let prefix: String =
            line.chars().take(start.col as usize).map(|c| if c == '\t' { "    " } else { " " }).collect();
        let width = if end.line == start.line {
            line.chars()
                .skip(start.col as usize)
                .take((end.col - start.col) as usize)
                .map(|c| if c == '\t' { 4 } else { 1 })
                .sum::<usize>()
        } else {
            line.chars().skip(start.col as usize).count()
        }
        .max(1);
        let more = if end.line > start.line { format!(" (to line {})", end.line + 1) } else { String::new() };
        let _ =
            writeln!(out, "{gutter} {bar} {prefix}{}{more}", paint.wrap(severity_code(d.severity), &"^".repeat(width)));
        let _ = writeln!(out, "{gutter} {bar}");
        let _ = write!(out, "{gutter} = {}: {} ({})", paint.wrap("1", "rule"), d.rule.name, d.rule.summary);
        out.push('\n');
        if let Some(fix) = &d.fix {
            let _ = writeln!(
                out,
                "{gutter} = {}: {} ({} fix)",
                paint.wrap("1", "fix"),
                fix.title,
                fix.applicability.as_str()
            );
        }
        out.push('\n');
    }
    out
}
