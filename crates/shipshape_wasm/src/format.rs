//! `format()` as plain Rust: the formatter's options as JavaScript spells them, and its
//! result. A file that cannot be formatted is a failure with the reason and, for a syntax
//! error, where it is, so an editor can point at it.

use serde::{Deserialize, Serialize};
use shipshape::format::{self as formatter, FormatOptions, LineEnding};
use shipshape::report::{Span, span};
use shipshape::text::{ColumnUnit, LineIndex};

use crate::api::check_source;

/// What `format` accepts. Every field is optional; unknown fields are an error.
#[derive(Debug, Default, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct Options {
    /// Spaces per continuation-line level, 1 to 16 (default 4).
    pub indent_width: Option<u8>,
    /// One command per line in a long `&&` chain (default true).
    pub break_long_runs: Option<bool>,
    /// `auto` (the file's own, the default), `lf` or `crlf`.
    pub line_ending: Option<String>,
}

/// The fields of [`Options`] as JavaScript spells them.
pub const OPTION_KEYS: &[&str] = &["indentWidth", "breakLongRuns", "lineEnding"];

impl Options {
    pub fn format_options(&self) -> Result<FormatOptions, String> {
        let defaults = FormatOptions::default();
        let indent_width = match self.indent_width {
            Some(width @ 1..=16) => width,
            Some(width) => return Err(format!("`indentWidth` is {width}; it must be 1 to 16")),
            None => defaults.indent_width,
        };
        let line_ending = match &self.line_ending {
            Some(text) => LineEnding::parse(text)
                .ok_or_else(|| format!("`lineEnding` is `{text}`; it must be \"auto\", \"lf\" or \"crlf\""))?,
            None => defaults.line_ending,
        };
        Ok(FormatOptions {
            indent_width,
            break_long_runs: self.break_long_runs.unwrap_or(defaults.break_long_runs),
            line_ending,
        })
    }
}

#[derive(Debug, Serialize, PartialEq)]
pub struct FormatOutput {
    /// The formatted Dockerfile.
    pub text: String,
    /// False when the file was formatted already.
    pub changed: bool,
}

/// Why a file was not formatted. The position (1-based, UTF-16 columns) is there for a file
/// that does not parse, and absent for bad options or input.
#[derive(Debug, Serialize, PartialEq)]
pub struct FormatFailure {
    pub error: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_column: Option<u32>,
}

impl From<String> for FormatFailure {
    fn from(error: String) -> FormatFailure {
        FormatFailure { error, line: None, column: None, end_line: None, end_column: None }
    }
}

pub fn format(source: &str, options: &Options) -> Result<FormatOutput, FormatFailure> {
    check_source(source)?;
    let options = options.format_options()?;
    match formatter::format(source, &options) {
        Ok(text) => Ok(FormatOutput { changed: text != source, text }),
        Err(error) => {
            let Span { line, column, end_line, end_column } =
                span(source, &LineIndex::new(source), error.range, ColumnUnit::Utf16);
            Err(FormatFailure {
                error: error.message,
                line: Some(line),
                column: Some(column),
                end_line: Some(end_line),
                end_column: Some(end_column),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(json: &str) -> Options {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn formats_with_options() {
        let out = format("from alpine\nrun a && \\\n  b\n", &Options::default()).unwrap();
        assert_eq!(out, FormatOutput { text: "FROM alpine\nRUN a \\\n    && b\n".into(), changed: true });
        let out = format("FROM alpine\nRUN a && \\\n  b\n", &options(r#"{"indentWidth": 2, "lineEnding": "crlf"}"#));
        assert_eq!(out.unwrap().text, "FROM alpine\r\nRUN a \\\r\n  && b\r\n");
        let out = format("FROM alpine\n", &options(r#"{"breakLongRuns": false}"#)).unwrap();
        assert!(!out.changed);
    }

    #[test]
    fn a_syntax_error_is_a_failure_with_its_position() {
        let failure = format("FROM alpine\nRUN ok\nFRMO x\n", &Options::default()).unwrap_err();
        assert!(failure.error.contains("unknown instruction `FRMO`"), "{}", failure.error);
        assert_eq!(
            (failure.line, failure.column, failure.end_line, failure.end_column),
            (Some(3), Some(1), Some(3), Some(5))
        );
    }

    #[test]
    fn refuses_bad_options() {
        let failure = format("FROM a\n", &options(r#"{"indentWidth": 0}"#)).unwrap_err();
        assert_eq!(failure, FormatFailure::from("`indentWidth` is 0; it must be 1 to 16".to_string()));
        let failure = format("FROM a\n", &options(r#"{"lineEnding": "cr"}"#)).unwrap_err();
        assert!(failure.error.contains("\"auto\", \"lf\" or \"crlf\""));
        assert!(serde_json::from_str::<Options>(r#"{"indent": 2}"#).is_err());
    }
}
