//! hadolint's configuration file, read as hadolint reads it, so a team's existing
//! `.hadolint.yaml` keeps working: `ignored`, `override`, `trustedRegistries`, `label-schema`,
//! `strict-labels`, `failure-threshold`, `no-fail` and `disable-ignore-pragma`. shipshape's own
//! settings live under keys hadolint does not read: `formatter` (`shipshape format`).

use std::path::{Path, PathBuf};

use shipshape::Severity;
use shipshape::format::{FormatOptions, LineEnding};
use shipshape::rules::selector_is_unknown;
use shipshape::settings::LabelType;
use yaml_rust2::{Yaml, YamlLoader};

#[derive(Debug, Default, PartialEq)]
pub struct Config {
    pub path: PathBuf,
    pub ignored: Vec<String>,
    pub overrides: Vec<(String, Severity)>,
    pub trusted_registries: Vec<String>,
    pub label_schema: Vec<(String, LabelType)>,
    pub strict_labels: bool,
    /// `Some(None)` for hadolint's `none`/`ignore`: never fail.
    pub failure_threshold: Option<Option<Severity>>,
    pub no_fail: bool,
    pub disable_ignore_pragma: bool,
    /// `formatter:`, the options of `shipshape format` (hadolint's own `format` key is its
    /// output format).
    pub formatter: FormatterConfig,
    /// Keys we do not know, for a warning.
    pub unknown_keys: Vec<String>,
}

/// The `formatter:` mapping; what it leaves out keeps the default.
#[derive(Debug, Default, PartialEq)]
pub struct FormatterConfig {
    pub indent_width: Option<u8>,
    pub break_long_runs: Option<bool>,
    pub line_ending: Option<LineEnding>,
}

impl FormatterConfig {
    /// `options` with what this sets; the CLI applies the file's, then its flags'.
    pub fn apply(&self, options: FormatOptions) -> FormatOptions {
        FormatOptions {
            indent_width: self.indent_width.unwrap_or(options.indent_width),
            break_long_runs: self.break_long_runs.unwrap_or(options.break_long_runs),
            line_ending: self.line_ending.unwrap_or(options.line_ending),
        }
    }
}

/// The configuration in effect: `explicit` if given, else the first of hadolint's locations,
/// where the project's own file is looked for in `project_dir` (the CLI's current directory,
/// given as an empty path so that it shows relative paths; the language server's workspace
/// folder).
pub fn load(explicit: Option<&Path>, project_dir: &Path) -> Result<Option<Config>, String> {
    if let Some(path) = explicit {
        let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read config {}: {e}", path.display()))?;
        return parse(&text, path).map(Some);
    }
    for path in locations(project_dir) {
        if let Ok(text) = std::fs::read_to_string(&path) {
            return parse(&text, &path).map(Some);
        }
    }
    Ok(None)
}

/// hadolint's lookup order, `.yaml` before `.yml` at each place.
pub fn locations(project_dir: &Path) -> Vec<PathBuf> {
    let mut bases: Vec<PathBuf> = vec![project_dir.join(".hadolint")];
    let home = std::env::var_os("HOME").map(PathBuf::from);
    if let Some(xdg) = std::env::var_os("XDG_CONFIG_HOME") {
        bases.push(PathBuf::from(xdg).join("hadolint"));
    }
    if let Some(home) = &home {
        bases.push(home.join(".config/hadolint"));
        bases.push(home.join(".hadolint/hadolint"));
        bases.push(home.join("hadolint/config"));
        bases.push(home.join(".hadolint"));
    }
    bases
        .into_iter()
        .flat_map(|b| {
            let s = b.to_string_lossy().to_string();
            [PathBuf::from(format!("{s}.yaml")), PathBuf::from(format!("{s}.yml"))]
        })
        .collect()
}

pub fn parse(text: &str, path: &Path) -> Result<Config, String> {
    let shown = path.display();
    let docs = YamlLoader::load_from_str(text).map_err(|e| format!("{shown}: invalid YAML: {e}"))?;
    let mut config = Config { path: path.to_path_buf(), ..Config::default() };
    let Some(doc) = docs.into_iter().next() else { return Ok(config) };
    let Yaml::Hash(map) = doc else {
        if doc.is_null() {
            return Ok(config);
        }
        return Err(format!("{shown}: expected a mapping of settings"));
    };
    for (key, value) in map {
        let key = key.as_str().unwrap_or_default().to_string();
        match key.as_str() {
            "ignored" => config.ignored = strings(&value, &shown, &key)?,
            "trustedRegistries" => config.trusted_registries = strings(&value, &shown, &key)?,
            "override" => {
                let Yaml::Hash(levels) = value else {
                    return Err(format!("{shown}: `override` must map levels to rule lists"));
                };
                for (level, codes) in levels {
                    let level_name = level.as_str().unwrap_or_default();
                    let severity = Severity::parse(level_name)
                        .ok_or_else(|| format!("{shown}: unknown level `{level_name}` in `override`"))?;
                    for code in strings(&codes, &shown, "override")? {
                        config.overrides.push((code, severity));
                    }
                }
            }
            "label-schema" => {
                let Yaml::Hash(labels) = value else {
                    return Err(format!("{shown}: `label-schema` must map labels to types"));
                };
                for (label, kind) in labels {
                    let name = scalar(&label)
                        .ok_or_else(|| format!("{shown}: a label name in `label-schema` is not a string"))?;
                    let kind_name = scalar(&kind).unwrap_or_default();
                    let kind = LabelType::parse(&kind_name)
                        .ok_or_else(|| format!("{shown}: label `{name}` has unknown type `{kind_name}` (text, url, rfc3339, spdx, hash, semver, email)"))?;
                    config.label_schema.push((name, kind));
                }
            }
            "strict-labels" => config.strict_labels = boolean(&value, &shown, &key)?,
            "no-fail" => config.no_fail = boolean(&value, &shown, &key)?,
            "disable-ignore-pragma" => config.disable_ignore_pragma = boolean(&value, &shown, &key)?,
            "failure-threshold" => {
                let level = scalar(&value).unwrap_or_default();
                config.failure_threshold = Some(match level.as_str() {
                    "none" | "ignore" => None,
                    other => Some(
                        Severity::parse(other)
                            .ok_or_else(|| format!("{shown}: unknown failure-threshold `{other}`"))?,
                    ),
                });
            }
            "formatter" => config.formatter = formatter(&value, &shown, &mut config.unknown_keys)?,
            // Output settings of hadolint's own CLI; shipshape has its own flags for them.
            "format" | "no-color" | "verbose" => {}
            _ => config.unknown_keys.push(key),
        }
    }
    for code in config.ignored.iter().chain(config.overrides.iter().map(|(c, _)| c)) {
        // hadolint configs often name ShellCheck codes, which shipshape does not have.
        if !code.starts_with("SC") && selector_is_unknown(code) {
            config.unknown_keys.push(format!("rule {code}"));
        }
    }
    Ok(config)
}

fn formatter(value: &Yaml, shown: &std::path::Display, unknown: &mut Vec<String>) -> Result<FormatterConfig, String> {
    let mut out = FormatterConfig::default();
    let Yaml::Hash(map) = value else {
        return if value.is_null() { Ok(out) } else { Err(format!("{shown}: `formatter` must be a mapping")) };
    };
    for (key, value) in map {
        let key = key.as_str().unwrap_or_default();
        match key {
            "indent-width" => {
                let width = value.as_i64().filter(|w| (1..=16).contains(w));
                let width = width.ok_or_else(|| format!("{shown}: `formatter.indent-width` must be 1 to 16"))?;
                out.indent_width = u8::try_from(width).ok();
            }
            "break-long-runs" => out.break_long_runs = Some(boolean(value, shown, "formatter.break-long-runs")?),
            "line-ending" => {
                let text = scalar(value).unwrap_or_default();
                out.line_ending = Some(LineEnding::parse(&text).ok_or_else(|| {
                    format!("{shown}: `formatter.line-ending` is `{text}`; it must be auto, lf or crlf")
                })?);
            }
            other => unknown.push(format!("formatter.{other}")),
        }
    }
    Ok(out)
}

fn scalar(value: &Yaml) -> Option<String> {
    match value {
        Yaml::String(s) | Yaml::Real(s) => Some(s.clone()),
        Yaml::Integer(i) => Some(i.to_string()),
        Yaml::Boolean(b) => Some(b.to_string()),
        _ => None,
    }
}

fn strings(value: &Yaml, shown: &std::path::Display, key: &str) -> Result<Vec<String>, String> {
    match value {
        Yaml::Array(items) => items
            .iter()
            .map(|i| scalar(i).ok_or_else(|| format!("{shown}: `{key}` must be a list of strings")))
            .collect(),
        Yaml::Null => Ok(Vec::new()),
        other => scalar(other).map(|s| vec![s]).ok_or_else(|| format!("{shown}: `{key}` must be a list of strings")),
    }
}

fn boolean(value: &Yaml, shown: &std::path::Display, key: &str) -> Result<bool, String> {
    value.as_bool().ok_or_else(|| format!("{shown}: `{key}` must be true or false"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_hadolints_keys() {
        let text = "\
failure-threshold: warning
ignored:
  - DL3014
  - SC2086
override:
  error:
    - DL3015
  info: [DL3059]
trustedRegistries:
  - docker.io
  - \"*.gcr.io\"
label-schema:
  author: text
  url: url
strict-labels: true
no-fail: false
format: json
";
        let config = parse(text, Path::new(".hadolint.yaml")).unwrap();
        assert_eq!(config.ignored, ["DL3014", "SC2086"]);
        assert_eq!(config.overrides, [("DL3015".to_string(), Severity::Error), ("DL3059".to_string(), Severity::Info)]);
        assert_eq!(config.trusted_registries, ["docker.io", "*.gcr.io"]);
        assert_eq!(config.label_schema, [("author".to_string(), LabelType::Text), ("url".to_string(), LabelType::Url)]);
        assert!(config.strict_labels && !config.no_fail);
        assert_eq!(config.failure_threshold, Some(Some(Severity::Warning)));
        assert!(config.unknown_keys.is_empty(), "{:?}", config.unknown_keys);
    }

    #[test]
    fn single_strings_and_errors() {
        let config = parse("trustedRegistries: my.registry:5000\nignore: [DL3014]\n", Path::new("c.yaml")).unwrap();
        assert_eq!(config.trusted_registries, ["my.registry:5000"]);
        assert_eq!(config.unknown_keys, ["ignore"]);
        assert!(parse("ignored: [\n", Path::new("c.yaml")).unwrap_err().contains("invalid YAML"));
        assert!(
            parse("failure-threshold: loud\n", Path::new("c.yaml")).unwrap_err().contains("unknown failure-threshold")
        );
        assert!(parse("label-schema:\n  a: colour\n", Path::new("c.yaml")).unwrap_err().contains("unknown type"));
        assert_eq!(parse("", Path::new("c.yaml")).unwrap().ignored, Vec::<String>::new());
    }

    #[test]
    fn formatter_settings() {
        let text =
            "format: json\nformatter:\n  indent-width: 2\n  break-long-runs: false\n  line-ending: CRLF\n  width: 80\n";
        let config = parse(text, Path::new("c.yaml")).unwrap();
        let expected = FormatterConfig {
            indent_width: Some(2),
            break_long_runs: Some(false),
            line_ending: Some(LineEnding::CrLf),
        };
        assert_eq!(config.formatter, expected);
        assert_eq!(config.unknown_keys, ["formatter.width"]);
        assert!(parse("formatter:\n  indent-width: 0\n", Path::new("c.yaml")).unwrap_err().contains("1 to 16"));
        assert!(
            parse("formatter:\n  line-ending: mac\n", Path::new("c.yaml")).unwrap_err().contains("auto, lf or crlf")
        );
    }
}
