//! The core's findings as protocol diagnostics.

use lsp_types::{CodeDescription, DiagnosticSeverity, DiagnosticTag, NumberOrString, Uri};
use shipshape::meta::RuleMeta;
use shipshape::{Diagnostic, Severity};

use crate::document::Document;
use crate::lines::Encoding;

/// Where a rule's documentation page is: the page `cargo xtask codegen` writes from the rule's
/// metadata, in the repository.
pub fn rule_url(rule: &RuleMeta) -> String {
    format!("{}/blob/main/docs/rules/{}.md", env!("CARGO_PKG_REPOSITORY"), rule.code)
}

pub fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
        Severity::Style => DiagnosticSeverity::HINT,
    }
}

pub fn to_lsp(document: &Document, diagnostic: &Diagnostic, encoding: Encoding) -> lsp_types::Diagnostic {
    let rule = diagnostic.rule;
    lsp_types::Diagnostic {
        range: document.lines.range(&document.text, diagnostic.range, encoding),
        severity: Some(severity(diagnostic.severity)),
        code: Some(NumberOrString::String(rule.code.to_string())),
        code_description: rule_url(rule).parse::<Uri>().ok().map(|href| CodeDescription { href }),
        source: Some("shipshape".to_string()),
        message: diagnostic.message.clone(),
        related_information: None,
        // Editors strike deprecated syntax through.
        tags: (rule.name == "deprecated-maintainer").then(|| vec![DiagnosticTag::DEPRECATED]),
        data: None,
    }
}

/// The most diagnostics published for one document. A file with more is a generated or pasted
/// oddity (a million-line heredoc has three million findings): publishing them all would take
/// the server minutes and the editor a gigabyte of JSON, and nobody reads past the first
/// thousands. The check still finds them all; the first ones in the file are published, and a
/// last notice says how many there are and where to see them.
pub const MAX_PUBLISHED: usize = 10_000;

/// The document's findings as published: all of them, or the first [`MAX_PUBLISHED`] and a
/// notice at the first one left out.
pub fn published(document: &Document, found: &[Diagnostic], encoding: Encoding) -> Vec<lsp_types::Diagnostic> {
    let mut published: Vec<_> = found.iter().take(MAX_PUBLISHED).map(|d| to_lsp(document, d, encoding)).collect();
    if let Some(first_left_out) = found.get(MAX_PUBLISHED) {
        published.push(lsp_types::Diagnostic {
            range: document.lines.range(&document.text, first_left_out.range, encoding),
            ..notice(
                format!(
                    "shipshape found {} problems in this file and shows the first {MAX_PUBLISHED}; \
                     `shipshape check` lists them all",
                    found.len()
                ),
                DiagnosticSeverity::INFORMATION,
            )
        });
    }
    published
}

/// The one diagnostic of a document the server does not check, saying why.
pub fn notice(message: String, severity: DiagnosticSeverity) -> lsp_types::Diagnostic {
    lsp_types::Diagnostic {
        range: lsp_types::Range::default(),
        severity: Some(severity),
        source: Some("shipshape".to_string()),
        message,
        ..lsp_types::Diagnostic::default()
    }
}
