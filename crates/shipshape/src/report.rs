//! The JSON shapes of findings, rules and image comparisons that the CLI prints
//! (`shipshape check --format json`, `rules --format json`, `distroless --format json`) and the
//! JS API returns: one set, so the two cannot drift apart. Field names and order are part of
//! both contracts. Lines and columns are 1-based; the column unit is the caller's: the CLI
//! counts characters, the JS API UTF-16 code units, the unit of JavaScript strings.
//!
//! Behind the `serde` feature: the page never serialises, and pays nothing for it.

use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::distroless::{Comparison, ImageSummary};
use crate::meta::RuleMeta;
use crate::text::{ColumnUnit, LineIndex, TextRange};

#[derive(Clone, Debug, PartialEq, Serialize)]
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

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FixJson {
    pub applicability: &'static str,
    pub title: String,
    pub edits: Vec<EditJson>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EditJson {
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    pub content: String,
}

/// Both ends of a range: 1-based lines, and 1-based columns in `unit`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
}

pub fn span(source: &str, index: &LineIndex, range: TextRange, unit: ColumnUnit) -> Span {
    let start = index.line_col(source, range.start, unit);
    let end = index.line_col(source, range.end, unit);
    Span { line: start.line + 1, column: start.col + 1, end_line: end.line + 1, end_column: end.col + 1 }
}

/// A finding and its fix, positioned in `source` (which `index` indexes).
pub fn diagnostic(source: &str, index: &LineIndex, d: &Diagnostic, unit: ColumnUnit) -> DiagnosticJson {
    let Span { line, column, end_line, end_column } = span(source, index, d.range, unit);
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
                .edits()
                .iter()
                .map(|e| {
                    let Span { line, column, end_line, end_column } = span(source, index, e.range, unit);
                    EditJson { line, column, end_line, end_column, content: e.content.clone() }
                })
                .collect(),
        }),
    }
}

/// Every finding of `source`, positioned.
pub fn diagnostics(source: &str, list: &[Diagnostic], unit: ColumnUnit) -> Vec<DiagnosticJson> {
    let index = LineIndex::new(source);
    list.iter().map(|d| diagnostic(source, &index, d, unit)).collect()
}

/// A rule, as `shipshape rules --format json` lists it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RuleJson {
    pub code: &'static str,
    pub name: &'static str,
    pub category: &'static str,
    pub severity: &'static str,
    pub fix: &'static str,
    pub hadolint: Option<&'static str>,
    pub buildkit: Option<&'static str>,
    pub summary: &'static str,
    /// False for rules that run only when selected.
    pub enabled_by_default: bool,
}

pub fn rule(m: &RuleMeta) -> RuleJson {
    RuleJson {
        code: m.code,
        name: m.name,
        category: m.category.as_str(),
        severity: m.severity().as_str(),
        fix: m.fix.as_str(),
        hadolint: m.hadolint,
        buildkit: m.buildkit,
        summary: m.summary,
        enabled_by_default: m.default_enabled,
    }
}

/// The original image and the converted one, side by side.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ComparisonJson {
    pub before: ImageJson,
    pub after: ImageJson,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ImageJson {
    pub image: String,
    pub os: String,
    pub shell: Option<bool>,
    pub package_manager: String,
    pub user: String,
    pub size: Option<SizeJson>,
    pub packages: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SizeJson {
    pub megabytes: f64,
    pub approximate: bool,
    pub source: &'static str,
    pub date: &'static str,
}

pub fn comparison(comparison: &Comparison) -> ComparisonJson {
    ComparisonJson { before: image(&comparison.before), after: image(&comparison.after) }
}

fn image(summary: &ImageSummary) -> ImageJson {
    ImageJson {
        image: summary.image.clone(),
        os: summary.os.clone(),
        shell: summary.shell,
        package_manager: summary.package_manager.clone(),
        user: summary.user.clone(),
        size: summary.size.map(|s| SizeJson {
            megabytes: s.megabytes,
            approximate: s.approximate,
            source: s.source,
            date: s.date,
        }),
        packages: summary.packages.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Settings;

    #[test]
    fn columns_are_counted_in_the_callers_unit() {
        // `🐳` is one character and two UTF-16 code units.
        let source = "FROM alpine:3.20\nLABEL x=\"🐳\"\nRUN pip install flask\n";
        let settings = Settings { select: vec!["DL3042".to_string()], ..Settings::default() };
        let found = crate::check(source, &settings);
        let chars = diagnostics(source, &found, ColumnUnit::Char);
        let utf16 = diagnostics(source, &found, ColumnUnit::Utf16);
        assert_eq!(chars.len(), 1);
        assert_eq!((chars[0].line, chars[0].column), (3, 5));
        assert_eq!(chars, utf16, "no character outside the BMP on line 3");
        let edit = &chars[0].fix.as_ref().unwrap().edits[0];
        assert_eq!((edit.line, edit.column, edit.content.as_str()), (3, 16, " --no-cache-dir"));

        let emoji = span(source, &LineIndex::new(source), TextRange::new(26, 30), ColumnUnit::Utf16);
        let emoji_chars = span(source, &LineIndex::new(source), TextRange::new(26, 30), ColumnUnit::Char);
        assert_eq!((emoji.column, emoji.end_column), (10, 12));
        assert_eq!((emoji_chars.column, emoji_chars.end_column), (10, 11));
    }

    #[test]
    fn the_json_keeps_its_field_order() {
        let rule = crate::rules::RULES.iter().find(|r| r.meta.code == "DL3042").unwrap();
        let json = serde_json::to_string(&super::rule(&rule.meta)).unwrap();
        assert!(json.starts_with("{\"code\":\"DL3042\",\"name\":\"pip-without-no-cache-dir\",\"category\":"), "{json}");
        assert!(json.ends_with("\"enabled_by_default\":true}"), "{json}");
    }
}
