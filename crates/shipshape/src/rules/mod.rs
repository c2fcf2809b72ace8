//! The rule registry and the context rules run in.
//!
//! Every rule is one file in this directory holding its metadata and docs (through
//! [`declare_rule!`]), its check, its fix and its tests. [`RULES`] lists them all; adding a rule
//! means one new file and one line there.

mod helpers;
pub mod nonroot;
mod registry;

// One module per rule, named after the rule.
mod apk_without_no_cache;
mod apt_get_without_yes;
mod apt_lists_not_removed;
mod apt_without_no_install_recommends;
mod chown_after_copy;
mod consecutive_run;
mod copy_before_install;
mod floating_base_tag;
mod last_user_root;
mod latest_base_tag;
mod missing_dockerignore;
mod missing_healthcheck;
mod missing_python_env;
mod missing_user;
mod pip_without_no_cache_dir;
mod shell_form_cmd;
mod syntax_error;
mod untagged_base_image;
// hadolint DL3000-DL3029 (group R1).

// hadolint DL3030-DL3067 without the label rules (group R2).

// hadolint DL1001, DL3048-DL3058 and DL4xxx (group R3).

// BuildKit, Trivy and Checkov checks (group R4).

/// What rule files import.
#[allow(unused_imports)]
pub(crate) mod prelude {
    pub use crate::declare_rule;
    pub use crate::fix::{Applicability, Edit, Fix};
    pub use crate::rules::{Checker, copy_paths, is_whole_context};
    pub use crate::semantic::{Base, ImageRef, Os, Stage, mounts};
    pub use crate::shell::{OperatorKind, Script, SimpleCommand, Word as ShellWord};
    pub use crate::syntax::{Args, Command, Instruction, Kind, Word};
    pub use crate::text::TextRange;
}

pub use helpers::*;
pub use registry::RULES;

use crate::diagnostic::{Category, Diagnostic, Severity};
use crate::fix::Fix;
use crate::semantic::Model;
use crate::settings::Settings;
use crate::shell::Script;
use crate::syntax::{Dockerfile, Instruction, Kind, SyntaxError};
use crate::text::{LineIndex, TextRange};

/// Whether a rule can fix what it finds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FixAvailability {
    Always,
    Sometimes,
    Never,
}

impl FixAvailability {
    pub const fn as_str(self) -> &'static str {
        match self {
            FixAvailability::Always => "always",
            FixAvailability::Sometimes => "sometimes",
            FixAvailability::Never => "never",
        }
    }
}

/// A rule's identity and documentation: the single source for the CLI, the docs and the
/// playground.
#[derive(Debug, PartialEq, Eq)]
pub struct RuleMeta {
    /// Stable code: hadolint's `DLxxxx` where the rule is hadolint's, `SSxxx` otherwise.
    pub code: &'static str,
    /// Kebab-case name describing the problem.
    pub name: &'static str,
    pub category: Category,
    pub fix: FixAvailability,
    /// The hadolint code this rule implements, if any.
    pub hadolint: Option<&'static str>,
    /// The BuildKit build-check name this rule implements, if any.
    pub buildkit: Option<&'static str>,
    /// Off unless selected (hadolint's "ignored by default" rules).
    pub default_enabled: bool,
    /// One line: what the rule reports.
    pub summary: &'static str,
    /// Markdown with the sections What it does / Why is this bad? / Example / Use instead.
    pub docs: &'static str,
}

impl RuleMeta {
    pub const fn severity(&self) -> Severity {
        self.category.default_severity()
    }

    /// The docs as Markdown: the doc-comment lines without their leading space.
    pub fn docs_markdown(&self) -> String {
        let mut out = String::with_capacity(self.docs.len());
        for line in self.docs.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out
    }

    /// The Dockerfile in the docs' "Example" section (`which = "Example"`) or "Use instead".
    pub fn docs_example(&self, section: &str) -> Option<String> {
        let markdown = self.docs_markdown();
        let heading = format!("## {section}");
        let start = markdown.find(&heading)? + heading.len();
        let rest = &markdown[start..];
        let fence = rest.find("```dockerfile")? + "```dockerfile".len();
        let body = &rest[fence..];
        let end = body.find("```")?;
        Some(body[..end].trim_start_matches('\n').to_string())
    }
}

/// A rule: its metadata and its check.
pub struct Rule {
    pub meta: RuleMeta,
    pub check: fn(&mut Checker),
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.meta.code)
    }
}

/// Finds a rule by code, name or BuildKit name (case-insensitive).
pub fn find(code_or_name: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| {
        r.meta.code.eq_ignore_ascii_case(code_or_name)
            || r.meta.name.eq_ignore_ascii_case(code_or_name)
            || r.meta.buildkit.is_some_and(|b| b.eq_ignore_ascii_case(code_or_name))
    })
}

/// Declares a rule: its docs (the `///` lines) and metadata, as the `RULE` constant of the
/// rule's module.
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        code: $code:literal,
        name: $name:literal,
        category: $category:ident,
        fix: $fix:ident,
        hadolint: $hadolint:expr,
        buildkit: $buildkit:expr,
        $(enabled: $enabled:expr,)?
        summary: $summary:literal,
        check: $check:path $(,)?
    ) => {
        pub const RULE: $crate::rules::Rule = $crate::rules::Rule {
            meta: $crate::rules::RuleMeta {
                code: $code,
                name: $name,
                category: $crate::diagnostic::Category::$category,
                fix: $crate::rules::FixAvailability::$fix,
                hadolint: $hadolint,
                buildkit: $buildkit,
                default_enabled: $crate::declare_rule!(@enabled $($enabled)?),
                summary: $summary,
                docs: concat!($($doc, "\n"),*),
            },
            check: $check,
        };
    };
    (@enabled) => { true };
    (@enabled $enabled:expr) => { $enabled };
}

/// What a rule's check sees: the source, its tree, the semantic model and the settings. A
/// rule reports findings through [`Checker::report`].
pub struct Checker<'a> {
    pub source: &'a str,
    pub file: &'a Dockerfile,
    pub errors: &'a [SyntaxError],
    pub model: &'a Model,
    pub settings: &'a Settings,
    pub lines: &'a LineIndex,
    rule: &'static RuleMeta,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

impl<'a> Checker<'a> {
    pub(crate) fn new(
        source: &'a str,
        file: &'a Dockerfile,
        errors: &'a [SyntaxError],
        model: &'a Model,
        settings: &'a Settings,
        lines: &'a LineIndex,
    ) -> Checker<'a> {
        Checker { source, file, errors, model, settings, lines, rule: &RULES[0].meta, diagnostics: Vec::new() }
    }

    pub(crate) fn run(&mut self, rule: &'static Rule) {
        self.rule = &rule.meta;
        (rule.check)(self);
    }

    /// Reports a finding of the current rule. Attach a fix with [`Diagnostic::set_fix`].
    pub fn report(&mut self, range: TextRange, message: impl Into<String>) -> &mut Diagnostic {
        let severity = self.settings.severity(self.rule);
        self.diagnostics.push(Diagnostic { rule: self.rule, severity, range, message: message.into(), fix: None });
        self.diagnostics.last_mut().expect("just pushed")
    }

    /// Reports a finding with a fix.
    pub fn report_fix(&mut self, range: TextRange, message: impl Into<String>, fix: Option<Fix>) {
        let diagnostic = self.report(range, message);
        diagnostic.fix = fix;
    }

    pub fn text(&self, range: TextRange) -> &'a str {
        range.slice(self.source)
    }

    /// All instructions with their index.
    pub fn instructions(&self) -> impl Iterator<Item = (usize, &'a Instruction)> + 'a {
        self.file.instructions.iter().enumerate()
    }

    /// Instructions of `kind`, looking inside ONBUILD: yields `(index, outer, effective)`.
    pub fn of_kind(&self, kind: Kind) -> impl Iterator<Item = (usize, &'a Instruction)> + 'a {
        self.file
            .instructions
            .iter()
            .enumerate()
            .filter(move |(_, i)| i.effective().kind == kind)
            .map(|(index, i)| (index, i.effective()))
    }

    /// Every RUN (inside ONBUILD too) whose script could be read: `(index, run, script)`.
    pub fn scripts(&self) -> impl Iterator<Item = (usize, &'a Instruction, &'a Script)> + 'a {
        let model = self.model;
        self.file
            .instructions
            .iter()
            .enumerate()
            .filter_map(move |(index, i)| model.script(index).map(|script| (index, i.effective(), script)))
    }

    /// The 1-based line of an offset.
    pub fn line_of(&self, offset: u32) -> u32 {
        self.lines.line(offset) + 1
    }
}
