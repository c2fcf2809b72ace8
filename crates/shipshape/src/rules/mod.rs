//! The rule registry and the context rules run in.
//!
//! Every rule is one file in this directory holding its metadata and docs (through
//! [`declare_rule!`]), its check, its fix and its tests. [`RULES`] lists them all; adding a rule
//! means one new file and one line there.

mod helpers;
mod label_formats;
mod labels;
pub mod nonroot;
mod package_manager;
mod registry;
#[cfg(feature = "shellcheck")]
pub mod shellcheck;
#[cfg(feature = "label-schema")]
mod spdx_ids;

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
mod missing_node_env;
mod missing_python_env;
mod missing_user;
mod pip_without_no_cache_dir;
mod shell_form_cmd;
mod syntax_error;
mod untagged_base_image;
// hadolint DL3000-DL3029.
mod add_instead_of_copy;
mod apt_instead_of_apt_get;
mod cd_in_run;
mod constant_from_platform;
mod copy_from_own_stage;
mod copy_from_unknown_stage;
mod copy_then_extract_archive;
mod duplicate_stage_name;
mod expose_port_out_of_range;
mod multi_source_copy_without_trailing_slash;
mod multiple_healthchecks;
mod packages; // shared by the version-pinning rules
mod relative_workdir;
mod sudo_in_run;
mod system_command_in_run;
mod unpinned_apk_add;
mod unpinned_apt_get_install;
mod unpinned_gem_install;
mod unpinned_npm_install;
mod unpinned_pip_install;
mod untrusted_registry;

// hadolint DL3030-DL3067 without the label rules.
mod copy_relative_without_workdir;
mod copy_whole_filesystem;
mod dnf_cache_not_removed;
mod dnf_install_without_version;
mod dnf_without_yes;
mod env_self_reference;
mod go_install_without_version;
mod instruction_before_from;
mod invalid_onbuild_trigger;
mod non_numeric_user;
mod redundant_target_platform;
mod reserved_stage_name;
mod secret_in_arg_or_env;
mod useradd_without_no_log_init;
mod wget_without_progress;
mod yarn_cache_not_removed;
mod yum_cache_not_removed;
mod yum_install_without_version;
mod yum_without_yes;
mod zypper_cache_not_removed;
mod zypper_dist_upgrade;
mod zypper_install_without_version;
mod zypper_without_non_interactive;

// hadolint DL1001, DL3048-DL3058 and DL4xxx.
mod bin_sh_symlink;
mod deprecated_maintainer;
mod empty_label_value;
mod image_without_healthcheck;
mod inline_ignore_pragma;
mod invalid_label_key;
mod label_not_email;
mod label_not_git_hash;
mod label_not_in_schema;
mod label_not_rfc3339;
mod label_not_semver;
mod label_not_spdx;
mod label_not_url;
mod missing_required_label;
mod multiple_cmd;
mod multiple_entrypoint;
mod pipe_without_pipefail;
mod wget_and_curl;

// BuildKit, Trivy and Checkov checks.
mod consistent_instruction_casing;
mod copy_ignored_file;
mod expose_invalid_format;
mod expose_proto_casing;
mod from_as_casing;
mod invalid_default_arg_in_from;
mod invalid_definition_description;
mod legacy_key_value_format;
mod no_empty_continuation;
mod package_signature_verification_disabled;
mod password_set_in_image;
mod ssh_port_exposed;
mod stage_name_casing;
mod tls_verification_disabled;
mod undefined_arg_in_from;
mod undefined_var;
mod update_without_install;
mod workdir_in_system_directory;

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
pub use registry::{RULES, enabled_rules, selector_is_unknown};

use crate::diagnostic::Diagnostic;
use crate::fix::Fix;
use crate::meta::{Category, FixAvailability, RuleMeta};
use crate::semantic::Model;
use crate::settings::Settings;
use crate::shell::Script;
use crate::syntax::{Dockerfile, Instruction, Kind, SyntaxError};
use crate::text::{LineIndex, TextRange};

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
            meta: $crate::meta::RuleMeta {
                code: $code,
                name: $name,
                category: $crate::meta::Category::$category,
                fix: $crate::meta::FixAvailability::$fix,
                hadolint: $hadolint,
                buildkit: $buildkit,
                default_enabled: $crate::declare_rule!(@enabled $($enabled)?),
                summary: $crate::declare_rule!(@summary $summary),
                docs: $crate::declare_rule!(@docs $($doc)*),
            },
            check: $check,
        };
    };
    (@docs $($doc:literal)*) => {{
        // Without the `docs` feature (the playground's build, which fetches the generated
        // docs/rules pages instead) the text stays out of the binary.
        #[cfg(feature = "docs")]
        let docs = concat!($($doc, "\n"),*);
        #[cfg(not(feature = "docs"))]
        let docs = "";
        docs
    }};
    (@summary $summary:literal) => {{
        // The playground's build shows the summary from the same generated page.
        #[cfg(feature = "docs")]
        let summary = $summary;
        #[cfg(not(feature = "docs"))]
        let summary = "";
        summary
    }};
    (@enabled) => { true };
    (@enabled $enabled:expr) => { $enabled };
}

/// The rule a [`Checker`] reports for before [`Checker::run`] names one. It names no rule in
/// the registry, so that a build running only some rules (the playground's ShellCheck module)
/// does not hold every rule's code through it.
static NO_RULE: RuleMeta = RuleMeta {
    code: "",
    name: "",
    category: Category::Correctness,
    fix: FixAvailability::Never,
    hadolint: None,
    buildkit: None,
    default_enabled: false,
    summary: "",
    docs: "",
};

/// What a rule's check sees: the source, its tree, the semantic model and the settings. A
/// rule reports findings through [`Checker::report`].
pub struct Checker<'a> {
    pub source: &'a str,
    pub file: &'a Dockerfile,
    pub errors: &'a [SyntaxError],
    pub model: &'a Model,
    pub settings: &'a Settings,
    pub lines: &'a LineIndex,
    /// The file's line terminator (see [`Checker::newline`]), found once: fixes ask for it
    /// often, and scanning a large file each time made checking quadratic.
    newline: &'static str,
    rule: &'static RuleMeta,
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// The RUN scripts as syntax trees, for the ShellCheck rules (empty when none runs).
    #[cfg(feature = "shellcheck")]
    pub(crate) shell: &'a [shellcheck::ScriptView<'a>],
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
        let newline = if source.contains("\r\n") { "\r\n" } else { "\n" };
        Checker {
            source,
            file,
            errors,
            model,
            settings,
            lines,
            newline,
            rule: &NO_RULE,
            diagnostics: Vec::new(),
            #[cfg(feature = "shellcheck")]
            shell: &[],
        }
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

    /// The RUN scripts as syntax trees (see [`shellcheck::scripts`]) the ShellCheck rules run
    /// on: those of one RUN at a time (see [`Checker::for_scripts`]).
    #[cfg(feature = "shellcheck")]
    pub fn shell_scripts(&self) -> &'a [shellcheck::ScriptView<'a>] {
        self.shell
    }

    /// A checker for the ShellCheck rules on `shell`, with this one's file and settings; it
    /// reports into a list of its own, which the caller moves into this one's.
    #[cfg(feature = "shellcheck")]
    pub(crate) fn for_scripts<'s>(&self, shell: &'s [shellcheck::ScriptView<'s>]) -> Checker<'s>
    where
        'a: 's,
    {
        Checker {
            source: self.source,
            file: self.file,
            errors: self.errors,
            model: self.model,
            settings: self.settings,
            lines: self.lines,
            newline: self.newline,
            rule: &NO_RULE,
            diagnostics: Vec::new(),
            shell,
        }
    }

    /// The 1-based line of an offset.
    pub fn line_of(&self, offset: u32) -> u32 {
        self.lines.line(offset) + 1
    }
}
