//! Diagnostics: what a check reports, one finding at a time.

use crate::fix::Fix;
use crate::meta::{RuleMeta, Severity};
use crate::text::TextRange;

/// One finding: which rule, where, what, and optionally how to fix it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub rule: &'static RuleMeta,
    /// The rule's severity after configuration overrides.
    pub severity: Severity,
    pub range: TextRange,
    pub message: String,
    pub fix: Option<Fix>,
}

impl Diagnostic {
    pub fn set_fix(&mut self, fix: Fix) -> &mut Diagnostic {
        self.fix = Some(fix);
        self
    }
}
