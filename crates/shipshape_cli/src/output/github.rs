//! `--format github`: GitHub Actions workflow commands, so each finding becomes an annotation
//! on the pull request's diff. Info and style findings are notices.

use std::fmt::Write;

use shipshape::Severity;

use super::{FileFindings, located};

pub fn render(files: &[FileFindings]) -> String {
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
            property(file.path),
            at.line,
            at.column,
            at.end_line,
            at.end_column,
            property(&format!("{} ({})", d.rule.code, d.rule.name)),
            data(&d.message),
        );
    }
    out
}

/// A workflow command's message: `%`, CR and LF are escaped, or the runner cuts the line.
fn data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// A workflow command's property value, where `:` and `,` separate properties too.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_commands_escape_what_ends_them() {
        assert_eq!(data("100% done\nnext"), "100%25 done%0Anext");
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
    }
}
