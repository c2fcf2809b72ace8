//! `--format concise`: `path:line:column: severity[CODE] message`, one line per finding, the
//! shape compilers print and editors jump to.

use std::fmt::Write;

use super::{FileFindings, located};

pub fn render(files: &[FileFindings]) -> String {
    let mut out = String::new();
    for (file, d, at) in located(files) {
        let _ = writeln!(
            out,
            "{}:{}:{}: {}[{}] {}",
            file.path,
            at.line,
            at.column,
            d.severity.as_str(),
            d.rule.code,
            d.message
        );
    }
    out
}
