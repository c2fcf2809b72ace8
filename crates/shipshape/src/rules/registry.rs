//! The registry: every rule, once. Adding a rule is one line here plus its file.

use super::Rule;
use super::*;

pub static RULES: &[Rule] = &[
    syntax_error::RULE,
    // The seed's practices.
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
    shell_form_cmd::RULE,
];
