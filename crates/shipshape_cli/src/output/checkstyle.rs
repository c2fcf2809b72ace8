//! `--format checkstyle`: Checkstyle XML, which Jenkins' warnings plugin, reviewdog and many CI
//! dashboards read.

use std::fmt::Write;

use shipshape::Severity;
use shipshape::text::LineIndex;

use super::{FileFindings, position};

pub fn render(files: &[FileFindings]) -> String {
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
    fn xml_attributes_hold_any_message() {
        assert_eq!(xml("a <b> & \"c\"\u{0}\n"), "a &lt;b&gt; &amp; &quot;c&quot;&#10;");
    }
}
