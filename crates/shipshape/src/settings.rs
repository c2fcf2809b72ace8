//! What a check is configured with. Plain data: front ends fill it from flags, config files or
//! the playground's controls.

use crate::dockerignore::DockerIgnore;
use crate::meta::{RuleMeta, Severity};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Settings {
    /// Rule selectors to enable (codes, names, BuildKit names, code prefixes such as `DL30`, or
    /// `ALL`). Empty means the rules that are on by default.
    pub select: Vec<String>,
    /// Selectors added to the default set (or to `select`).
    pub extend_select: Vec<String>,
    /// Selectors to disable; they win over `select`.
    pub ignore: Vec<String>,
    /// Severity overrides, by selector.
    pub severity_overrides: Vec<(String, Severity)>,
    /// Registries FROM may pull from (DL3026). Empty means any.
    pub trusted_registries: Vec<String>,
    /// Required labels and their types (DL3049-DL3058).
    pub label_schema: Vec<(String, LabelType)>,
    /// Labels not in the schema are reported (DL3050).
    pub strict_labels: bool,
    /// The `.dockerignore` in effect, when one is known.
    pub dockerignore: Option<DockerIgnore>,
    /// Inline `# hadolint ignore=` / `# shipshape ignore=` pragmas have no effect.
    pub disable_ignore_pragma: bool,
}

/// The value types of hadolint's `label-schema`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LabelType {
    Text,
    Url,
    Rfc3339,
    Spdx,
    Hash,
    Semver,
    Email,
}

impl LabelType {
    pub fn parse(text: &str) -> Option<LabelType> {
        Some(match text.to_ascii_lowercase().as_str() {
            "text" | "rawtext" => LabelType::Text,
            "url" => LabelType::Url,
            "rfc3339" => LabelType::Rfc3339,
            "spdx" => LabelType::Spdx,
            "hash" | "githash" => LabelType::Hash,
            "semver" => LabelType::Semver,
            "email" => LabelType::Email,
            _ => return None,
        })
    }
}

/// True when `selector` names `rule`: its code, name or BuildKit name (case-insensitive), a
/// prefix of its code, or `ALL`.
pub fn selector_matches(selector: &str, rule: &RuleMeta) -> bool {
    let s = selector.trim();
    if s.eq_ignore_ascii_case("all") {
        return true;
    }
    s.eq_ignore_ascii_case(rule.code)
        || s.eq_ignore_ascii_case(rule.name)
        || rule.buildkit.is_some_and(|b| s.eq_ignore_ascii_case(b))
        || (s.len() >= 2
            && rule.code.len() > s.len()
            && rule.code.get(..s.len()).is_some_and(|prefix| prefix.eq_ignore_ascii_case(s))
            && s.chars().any(|c| c.is_ascii_digit()))
}

impl Settings {
    /// Whether `rule` runs under these settings.
    pub fn is_enabled(&self, rule: &RuleMeta) -> bool {
        let matches = |list: &[String]| list.iter().any(|s| selector_matches(s, rule));
        if matches(&self.ignore) {
            return false;
        }
        let base = if self.select.is_empty() { rule.default_enabled } else { matches(&self.select) };
        base || matches(&self.extend_select)
    }

    /// The severity of `rule` after overrides (the last matching override wins).
    pub fn severity(&self, rule: &RuleMeta) -> Severity {
        self.severity_overrides
            .iter()
            .rev()
            .find(|(selector, _)| selector_matches(selector, rule))
            .map_or(rule.severity(), |&(_, severity)| severity)
    }
}
