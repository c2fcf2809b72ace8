//! shipshape: a Dockerfile linter, fixer and distroless converter.
//!
//! The core is pure: text in, data out, no I/O and no panics on any input. Start at
//! [`check`] and [`fix`]; `ARCHITECTURE.md` at the repository root has the map.

pub mod diagnostic;
pub mod distroless;
pub mod dockerignore;
pub mod fix;
pub mod format;
pub mod hostile;
pub mod invariants;
pub mod linter;
pub mod meta;
pub mod render;
#[cfg(feature = "serde")]
pub mod report;
pub mod rules;
pub mod semantic;
pub mod settings;
pub mod shell;
pub mod suppression;
pub mod syntax;
pub mod text;
pub mod wire;

#[cfg(test)]
mod test_util;

pub use diagnostic::Diagnostic;
pub use fix::{Applicability, Edit, Fix};
pub use linter::{CheckResult, FixResult, check, check_full, check_full_with, fix, fix_with, fix_with_more};
pub use meta::{Category, FixAvailability, RuleMeta, Severity};
pub use settings::Settings;
pub use syntax::{Parse, parse};

/// The version of shipshape, reported by the front ends.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
