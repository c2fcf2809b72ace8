//! Diagnostics, severities and rule categories.

use crate::fix::Fix;
use crate::rules::RuleMeta;
use crate::text::TextRange;

/// How serious a finding is. Ordered from least to most severe, so a failure threshold is a
/// comparison.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Style,
    Info,
    Warning,
    Error,
}

impl Severity {
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Style => "style",
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(text: &str) -> Option<Severity> {
        match text.to_ascii_lowercase().as_str() {
            "style" => Some(Severity::Style),
            "info" => Some(Severity::Info),
            "warning" | "warn" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

/// What kind of problem a rule finds. The category alone decides a rule's default severity
/// (see [`Category::default_severity`]); a test over the registry holds every rule to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Category {
    /// The build fails or does something other than intended.
    Correctness,
    /// The image is less safe than it should be.
    Security,
    /// Probably wrong, or a source of surprises (unpinned versions, root at run time).
    Suspicious,
    /// Bigger images or slower builds than necessary.
    Performance,
    /// Readability and consistency.
    Style,
    /// Strict checks with a higher false-positive rate.
    Pedantic,
}

impl Category {
    pub const ALL: [Category; 6] = [
        Category::Correctness,
        Category::Security,
        Category::Suspicious,
        Category::Performance,
        Category::Style,
        Category::Pedantic,
    ];

    /// The one severity policy: correctness and security are errors, suspicious findings
    /// warnings, performance and style info, pedantic checks style.
    pub const fn default_severity(self) -> Severity {
        match self {
            Category::Correctness | Category::Security => Severity::Error,
            Category::Suspicious => Severity::Warning,
            Category::Performance | Category::Style => Severity::Info,
            Category::Pedantic => Severity::Style,
        }
    }

    pub const fn as_str(self) -> &'static str {
        match self {
            Category::Correctness => "correctness",
            Category::Security => "security",
            Category::Suspicious => "suspicious",
            Category::Performance => "performance",
            Category::Style => "style",
            Category::Pedantic => "pedantic",
        }
    }
}

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
