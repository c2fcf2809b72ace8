//! The core's findings as protocol diagnostics.

use lsp_types::{CodeDescription, DiagnosticSeverity, DiagnosticTag, NumberOrString, Uri};
use shipshape::rules::RuleMeta;
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
