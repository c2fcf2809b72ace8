//! The registry: every rule, once. Adding a rule is one line here plus its file.

use super::Rule;
use super::*;
use crate::settings::{Settings, selector_matches};

pub static RULES: &[Rule] = &[
    syntax_error::RULE,
    // The practices shipshape started from.
    last_user_root::RULE,
    missing_user::RULE,
    pip_without_no_cache_dir::RULE,
    apk_without_no_cache::RULE,
    apt_lists_not_removed::RULE,
    apt_without_no_install_recommends::RULE,
    apt_get_without_yes::RULE,
    untagged_base_image::RULE,
    latest_base_tag::RULE,
    floating_base_tag::RULE,
    missing_dockerignore::RULE,
    copy_before_install::RULE,
    chown_after_copy::RULE,
    consecutive_run::RULE,
    missing_healthcheck::RULE,
    missing_python_env::RULE,
    missing_node_env::RULE,
    shell_form_cmd::RULE,
    // hadolint DL3000-DL3029.
    relative_workdir::RULE,
    system_command_in_run::RULE,
    cd_in_run::RULE,
    sudo_in_run::RULE,
    unpinned_apt_get_install::RULE,
    copy_then_extract_archive::RULE,
    expose_port_out_of_range::RULE,
    multiple_healthchecks::RULE,
    unpinned_pip_install::RULE,
    unpinned_npm_install::RULE,
    unpinned_apk_add::RULE,
    add_instead_of_copy::RULE,
    multi_source_copy_without_trailing_slash::RULE,
    copy_from_unknown_stage::RULE,
    copy_from_own_stage::RULE,
    duplicate_stage_name::RULE,
    untrusted_registry::RULE,
    apt_instead_of_apt_get::RULE,
    unpinned_gem_install::RULE,
    constant_from_platform::RULE,
    //
    // hadolint DL3030-DL3067 (without the label rules).
    yum_without_yes::RULE,
    yum_cache_not_removed::RULE,
    yum_install_without_version::RULE,
    zypper_without_non_interactive::RULE,
    zypper_dist_upgrade::RULE,
    zypper_cache_not_removed::RULE,
    zypper_install_without_version::RULE,
    dnf_without_yes::RULE,
    dnf_cache_not_removed::RULE,
    dnf_install_without_version::RULE,
    invalid_onbuild_trigger::RULE,
    env_self_reference::RULE,
    copy_relative_without_workdir::RULE,
    useradd_without_no_log_init::RULE,
    wget_without_progress::RULE,
    yarn_cache_not_removed::RULE,
    instruction_before_from::RULE,
    go_install_without_version::RULE,
    reserved_stage_name::RULE,
    secret_in_arg_or_env::RULE,
    redundant_target_platform::RULE,
    non_numeric_user::RULE,
    copy_whole_filesystem::RULE,
    //
    // hadolint DL1001, the label rules DL3048-DL3058, DL3057 and DL4xxx.
    inline_ignore_pragma::RULE,
    invalid_label_key::RULE,
    missing_required_label::RULE,
    label_not_in_schema::RULE,
    empty_label_value::RULE,
    label_not_url::RULE,
    label_not_rfc3339::RULE,
    label_not_spdx::RULE,
    label_not_git_hash::RULE,
    label_not_semver::RULE,
    image_without_healthcheck::RULE,
    label_not_email::RULE,
    deprecated_maintainer::RULE,
    wget_and_curl::RULE,
    multiple_cmd::RULE,
    multiple_entrypoint::RULE,
    bin_sh_symlink::RULE,
    pipe_without_pipefail::RULE,
    //
    // BuildKit checks, and the Trivy and Checkov checks hadolint lacks.
    stage_name_casing::RULE,
    from_as_casing::RULE,
    no_empty_continuation::RULE,
    consistent_instruction_casing::RULE,
    undefined_arg_in_from::RULE,
    undefined_var::RULE,
    legacy_key_value_format::RULE,
    invalid_default_arg_in_from::RULE,
    copy_ignored_file::RULE,
    invalid_definition_description::RULE,
    expose_proto_casing::RULE,
    expose_invalid_format::RULE,
    ssh_port_exposed::RULE,
    update_without_install::RULE,
    workdir_in_system_directory::RULE,
    tls_verification_disabled::RULE,
    package_signature_verification_disabled::RULE,
    password_set_in_image::RULE,
    // ShellCheck's checks on RUN scripts.
    #[cfg(feature = "shellcheck")]
    shellcheck::shell_syntax_error::RULE,
    #[cfg(feature = "shellcheck")]
    shellcheck::useless_escape::RULE,
    #[cfg(feature = "shellcheck")]
    shellcheck::escaped_control_letter::RULE,
    #[cfg(feature = "shellcheck")]
    shellcheck::space_after_assignment::RULE,
    #[cfg(feature = "shellcheck")]
    shellcheck::keyword_as_argument::RULE,
    #[cfg(feature = "shellcheck")]
    shellcheck::literal_brace::RULE,
    #[cfg(feature = "shellcheck")]
    shellcheck::else_if::RULE,
    #[cfg(feature = "shellcheck")]
    shellcheck::unquoted_expansion::RULE,
    #[cfg(feature = "shellcheck")]
    shellcheck::unused_variable::RULE,
    #[cfg(feature = "shellcheck")]
    shellcheck::unassigned_variable::RULE,
    #[cfg(feature = "shellcheck")]
    shellcheck::unquoted_command_substitution::RULE,
    #[cfg(feature = "shellcheck")]
    shellcheck::single_quoted_expansion::RULE,
    #[cfg(feature = "shellcheck")]
    shellcheck::backticks::RULE,
    #[cfg(feature = "shellcheck")]
    shellcheck::and_or_not_if_else::RULE,
    #[cfg(feature = "shellcheck")]
    shellcheck::echo_escape_sequences::RULE,
    #[cfg(feature = "shellcheck")]
    shellcheck::glob_as_option::RULE,
    #[cfg(feature = "shellcheck")]
    shellcheck::find_xargs_without_null::RULE,
    #[cfg(feature = "shellcheck")]
    shellcheck::single_item_loop::RULE,
    #[cfg(feature = "shellcheck")]
    shellcheck::printf_variable_format::RULE,
    #[cfg(feature = "shellcheck")]
    shellcheck::duplicate_range_characters::RULE,
    #[cfg(feature = "shellcheck")]
    shellcheck::rm_with_empty_variable::RULE,
    #[cfg(feature = "shellcheck")]
    shellcheck::useless_echo::RULE,
    #[cfg(feature = "shellcheck")]
    shellcheck::masked_return_value::RULE,
    #[cfg(feature = "shellcheck")]
    shellcheck::cd_without_fallback::RULE,
    #[cfg(feature = "shellcheck")]
    shellcheck::test_and_or_flags::RULE,
    #[cfg(feature = "shellcheck")]
    shellcheck::mkdir_parents_mode::RULE,
    #[cfg(feature = "shellcheck")]
    shellcheck::find_without_path::RULE,
    #[cfg(feature = "shellcheck")]
    shellcheck::egrep::RULE,
    #[cfg(feature = "shellcheck")]
    shellcheck::fgrep::RULE,
    #[cfg(feature = "shellcheck")]
    shellcheck::glob_as_command::RULE,
    #[cfg(feature = "shellcheck")]
    shellcheck::ln_without_destination::RULE,
    #[cfg(feature = "shellcheck")]
    shellcheck::dot_with_arguments::RULE,
    #[cfg(feature = "shellcheck")]
    shellcheck::bang_skips_errexit::RULE,
    #[cfg(feature = "shellcheck")]
    shellcheck::unquoted_between_single_quotes::RULE,
    #[cfg(feature = "shellcheck")]
    shellcheck::for_over_cat::RULE,
    #[cfg(feature = "shellcheck")]
    shellcheck::unquoted_array_expansion::RULE,
    #[cfg(feature = "shellcheck")]
    shellcheck::unquoted_dollar_star::RULE,
    #[cfg(feature = "shellcheck")]
    shellcheck::unquoted_array_item::RULE,
    #[cfg(feature = "shellcheck")]
    shellcheck::useless_cat::RULE,
    #[cfg(feature = "shellcheck")]
    shellcheck::implicit_non_empty_test::RULE,
    #[cfg(feature = "shellcheck")]
    shellcheck::process_substitution_in_sh::RULE,
    #[cfg(feature = "shellcheck")]
    shellcheck::brace_expansion_in_sh::RULE,
    #[cfg(feature = "shellcheck")]
    shellcheck::double_bracket_in_sh::RULE,
    #[cfg(feature = "shellcheck")]
    shellcheck::here_string_in_sh::RULE,
    #[cfg(feature = "shellcheck")]
    shellcheck::double_equals_in_test_in_sh::RULE,
    #[cfg(feature = "shellcheck")]
    shellcheck::ampersand_redirect_in_sh::RULE,
    #[cfg(feature = "shellcheck")]
    shellcheck::append_assignment_in_sh::RULE,
    #[cfg(feature = "shellcheck")]
    shellcheck::array_in_sh::RULE,
    #[cfg(feature = "shellcheck")]
    shellcheck::echo_flags_in_sh::RULE,
    #[cfg(feature = "shellcheck")]
    shellcheck::set_option_in_sh::RULE,
    #[cfg(feature = "shellcheck")]
    shellcheck::local_in_sh::RULE,
    #[cfg(feature = "shellcheck")]
    shellcheck::bash_builtin_in_sh::RULE,
    #[cfg(feature = "shellcheck")]
    shellcheck::command_flag_in_sh::RULE,
    #[cfg(feature = "shellcheck")]
    shellcheck::source_in_sh::RULE,
    #[cfg(feature = "shellcheck")]
    shellcheck::string_indexing_in_sh::RULE,
    #[cfg(feature = "shellcheck")]
    shellcheck::string_replacement_in_sh::RULE,
];

/// The rules that run under `settings`, in the registry's order.
pub fn enabled_rules(settings: &Settings) -> impl Iterator<Item = &'static Rule> + '_ {
    RULES.iter().filter(|rule| settings.is_enabled(&rule.meta))
}

/// True when a selector matches no rule at all: front ends report it as a usage error.
pub fn selector_is_unknown(selector: &str) -> bool {
    !RULES.iter().any(|rule| selector_matches(selector, &rule.meta))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meta::Category;
    use crate::settings::Settings;

    /// `linter::check_shellcheck` runs `shellcheck::RULES` without the registry: they must be the
    /// registry's ShellCheck rules, in its order.
    #[cfg(feature = "shellcheck")]
    #[test]
    fn the_shellcheck_rules_close_the_registry() {
        let codes = |rules: &[Rule]| rules.iter().map(|r| r.meta.code).collect::<Vec<_>>();
        let tail = &RULES[RULES.len() - shellcheck::RULES.len()..];
        assert_eq!(codes(tail), codes(shellcheck::RULES));
        assert!(RULES[..RULES.len() - shellcheck::RULES.len()].iter().all(|r| !r.meta.code.starts_with("SC")));
    }

    #[test]
    fn codes_and_names_are_unique_and_well_formed() {
        let mut seen = std::collections::HashSet::new();
        for rule in RULES {
            let m = &rule.meta;
            assert!(seen.insert(m.code), "duplicate code {}", m.code);
            assert!(seen.insert(m.name), "duplicate name {}", m.name);
            assert!(
                m.name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{} is not kebab-case",
                m.name
            );
            assert!(
                m.code.starts_with("DL") || m.code.starts_with("SS") || m.code.starts_with("SC"),
                "{}: codes are hadolint's DLxxxx, ShellCheck's SCxxxx or shipshape's SSxxx",
                m.code
            );
            if m.code.starts_with("DL") || m.code.starts_with("SC") {
                assert_eq!(m.hadolint, Some(m.code), "{}: a DL or SC code is hadolint's own", m.code);
            }
            assert!(
                !m.summary.is_empty() && !m.summary.ends_with('.'),
                "{}: summary is one line without a full stop",
                m.code
            );
        }
    }

    #[test]
    fn severity_follows_the_category_policy() {
        for rule in RULES {
            let expected = match rule.meta.category {
                Category::Correctness | Category::Security => crate::Severity::Error,
                Category::Suspicious => crate::Severity::Warning,
                Category::Performance | Category::Style => crate::Severity::Info,
                Category::Pedantic => crate::Severity::Style,
            };
            assert_eq!(rule.meta.severity(), expected, "{}", rule.meta.code);
        }
    }

    #[test]
    fn docs_have_every_section() {
        for rule in RULES {
            let docs = rule.meta.docs_markdown();
            for section in ["## What it does", "## Why is this bad?", "## Example", "## Use instead"] {
                assert!(docs.contains(section), "{}: docs lack `{section}`", rule.meta.code);
            }
            if rule.meta.fix != FixAvailability::Never && docs.contains("unsafe") {
                assert!(
                    docs.contains("## Fix safety"),
                    "{}: explain why the fix is unsafe under `## Fix safety`",
                    rule.meta.code
                );
            }
        }
    }

    /// The settings a rule's docs show in their `## Options` block (the label schema and
    /// strict labels, in hadolint's configuration keys), with the rule selected.
    fn docs_settings(meta: &RuleMeta) -> Settings {
        let mut settings = Settings { select: vec![meta.code.to_string()], ..Settings::default() };
        let docs = meta.docs_markdown();
        let Some(options) = docs.split("## Options").nth(1) else { return settings };
        let block = options.split("```").nth(1).unwrap_or_default();
        let mut in_schema = false;
        for line in block.lines().skip(1) {
            if line.starts_with("label-schema:") {
                in_schema = true;
            } else if let Some(value) = line.strip_prefix("strict-labels:") {
                settings.strict_labels = value.trim() == "true";
                in_schema = false;
            } else if in_schema && let Some((name, kind)) = line.trim().split_once(':') {
                let kind = crate::settings::LabelType::parse(kind.trim())
                    .unwrap_or_else(|| panic!("{}: unknown label type in `{line}`", meta.code));
                settings.label_schema.push((name.trim().to_string(), kind));
            }
        }
        settings
    }

    /// The bad example in a rule's docs triggers it exactly once; the good one not at all.
    #[test]
    fn doc_examples_are_honest() {
        for rule in RULES {
            let m = &rule.meta;
            // A rule that needs a `.dockerignore` shows it in a ```dockerignore block; DL3026 only
            // runs with a list of trusted registries, and the docs assume Docker Hub's.
            let mut settings = docs_settings(m);
            settings.dockerignore = m.docs_markdown().split_once("```dockerignore\n").and_then(|(_, rest)| {
                rest.split_once("```").map(|(text, _)| crate::dockerignore::DockerIgnore::parse(text))
            });
            settings.trusted_registries = vec!["docker.io".to_string()];
            let bad = m.docs_example("Example").unwrap_or_else(|| panic!("{}: no Example block", m.code));
            let good = m.docs_example("Use instead").unwrap_or_else(|| panic!("{}: no Use instead block", m.code));
            // Examples are Dockerfiles people copy: they parse, except the syntax error's own.
            let errors = crate::parse(&good).errors;
            assert!(errors.is_empty(), "{}: the Use instead example does not parse: {errors:?}\n{good}", m.code);
            let errors = crate::parse(&bad).errors;
            assert!(
                errors.is_empty() || m.name == "syntax-error",
                "{}: the Example does not parse: {errors:?}\n{bad}",
                m.code
            );
            let hits = crate::check(&bad, &settings).into_iter().filter(|d| d.rule.code == m.code).count();
            assert_eq!(hits, 1, "{}: the Example should trigger the rule exactly once:\n{bad}", m.code);
            let hits: Vec<_> = crate::check(&good, &settings).into_iter().filter(|d| d.rule.code == m.code).collect();
            assert!(hits.is_empty(), "{}: the Use instead example triggers the rule: {hits:?}", m.code);
        }
    }
}
