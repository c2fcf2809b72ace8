//! The file-system side of shipshape's settings, shared by the `shipshape` CLI and its
//! language server so that both read a project the same way: hadolint's configuration file
//! and where it is looked for, the `.dockerignore` that applies to a Dockerfile, which file
//! names are Dockerfiles, and how options and the configuration file combine into the core's
//! [`Settings`]. The core stays pure; this crate is where the reading happens.

pub mod hadolint;

use std::path::{Path, PathBuf};

use shipshape::Settings;
use shipshape::dockerignore::DockerIgnore;
use shipshape::rules::selector_is_unknown;
use shipshape::settings::LabelType;

pub use hadolint::Config;

/// The rule selection and policy options a front end takes (the CLI's flags, the language
/// server's initialization options), before the configuration file is merged in.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    pub select: Vec<String>,
    pub extend_select: Vec<String>,
    pub ignore: Vec<String>,
    pub trusted_registries: Vec<String>,
    /// `name:type` pairs, as `--require-label` takes them.
    pub require_labels: Vec<String>,
    pub strict_labels: bool,
}

impl Options {
    /// The selectors (of `select`, `extend_select` and `ignore`) that name no rule.
    pub fn unknown_selectors(&self) -> Vec<&str> {
        self.select
            .iter()
            .chain(&self.extend_select)
            .chain(&self.ignore)
            .filter(|s| selector_is_unknown(s))
            .map(String::as_str)
            .collect()
    }
}

/// The core's settings for one Dockerfile: the options, extended by the configuration file
/// (its `ignored` list adds to `ignore`; its overrides, registries and label schema apply),
/// with the `.dockerignore` found for the file. The error is a one-line reason.
pub fn settings(
    options: &Options,
    config: Option<&Config>,
    dockerignore: Option<DockerIgnore>,
) -> Result<Settings, String> {
    if let Some(selector) = options.unknown_selectors().first() {
        return Err(format!("unknown rule or prefix `{selector}` (see `shipshape rules`)"));
    }
    let mut settings = Settings {
        select: options.select.clone(),
        extend_select: options.extend_select.clone(),
        ignore: options.ignore.clone(),
        dockerignore,
        ..Settings::default()
    };
    if let Some(config) = config {
        settings.ignore.extend(config.ignored.iter().filter(|c| !selector_is_unknown(c)).cloned());
        settings.severity_overrides.clone_from(&config.overrides);
        settings.trusted_registries.clone_from(&config.trusted_registries);
        settings.label_schema.clone_from(&config.label_schema);
        settings.strict_labels = config.strict_labels;
        settings.disable_ignore_pragma = config.disable_ignore_pragma;
    }
    settings.trusted_registries.extend(options.trusted_registries.iter().cloned());
    for label in &options.require_labels {
        let (name, kind) = label.split_once(':').unwrap_or((label, "text"));
        let kind = LabelType::parse(kind).ok_or_else(|| {
            format!("--require-label {label}: unknown type `{kind}` (text, url, rfc3339, spdx, hash, semver, email)")
        })?;
        settings.label_schema.push((name.to_string(), kind));
    }
    settings.strict_labels |= options.strict_labels;
    Ok(settings)
}

/// The `.dockerignore` that applies to a Dockerfile: `<name>.dockerignore` beside it, else
/// `.dockerignore` in the context directory (the file's directory by default). `file` is
/// `None` for standard input or an unsaved buffer, whose directory is taken to be the current
/// one.
pub fn find_dockerignore(file: Option<&Path>, context: Option<&Path>) -> Option<DockerIgnore> {
    dockerignore_path(file, context)
        .and_then(|path| std::fs::read_to_string(path).ok())
        .map(|text| DockerIgnore::parse(&text))
}

/// The path of the `.dockerignore` [`find_dockerignore`] reads, if there is one.
pub fn dockerignore_path(file: Option<&Path>, context: Option<&Path>) -> Option<PathBuf> {
    let file_dir = file.and_then(Path::parent).map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."));
    if let Some(name) = file.and_then(Path::file_name) {
        let beside = file_dir.join(format!("{}.dockerignore", name.to_string_lossy()));
        if beside.is_file() {
            return Some(beside);
        }
    }
    let context_dir = context.map_or(file_dir, Path::to_path_buf);
    let dir = if context_dir.as_os_str().is_empty() { PathBuf::from(".") } else { context_dir };
    let path = dir.join(".dockerignore");
    path.is_file().then_some(path)
}

/// True for the file names shipshape treats as Dockerfiles: `Dockerfile`, `Containerfile`,
/// `Dockerfile.*` and `*.Dockerfile`, in any case (but not `Dockerfile.dockerignore`).
pub fn is_dockerfile_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower == "dockerfile"
        || lower == "containerfile"
        || (lower.starts_with("dockerfile.") && !lower.ends_with(".dockerignore"))
        || lower.ends_with(".dockerfile")
}

/// True when `path` is a file hadolint reads its configuration from (`.hadolint.yaml` and the
/// other names of [`hadolint::locations`]), so a front end knows to read it again.
pub fn is_config_file(path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    matches!(name.as_str(), ".hadolint.yaml" | ".hadolint.yml" | "hadolint.yaml" | "hadolint.yml")
        || (matches!(name.as_str(), "config.yaml" | "config.yml")
            && path.parent().and_then(Path::file_name).is_some_and(|d| d == "hadolint"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dockerfile_names() {
        for name in ["Dockerfile", "dockerfile", "Dockerfile.prod", "api.Dockerfile", "Containerfile"] {
            assert!(is_dockerfile_name(name), "{name}");
        }
        for name in ["Dockerfile.dockerignore", "README.md", "docker-compose.yml"] {
            assert!(!is_dockerfile_name(name), "{name}");
        }
    }

    #[test]
    fn config_file_names_are_hadolints_locations() {
        for path in hadolint::locations(Path::new("/project")) {
            assert!(is_config_file(&path), "{}", path.display());
        }
        assert!(!is_config_file(Path::new("/project/config.yaml")));
        assert!(!is_config_file(Path::new("/project/Dockerfile")));
    }

    #[test]
    fn options_and_config_combine() {
        let config = hadolint::parse("ignored: [DL3008, SC2086]\noverride:\n  error: [DL3042]\n", Path::new("c.yaml"))
            .expect("valid config");
        let options = Options { ignore: vec!["DL3059".into()], ..Options::default() };
        let settings = settings(&options, Some(&config), None).expect("valid options");
        // ShellCheck codes the core does not know are dropped, not errors; SC2086 is known when
        // the core is built with its ShellCheck rules.
        let mut expected = vec!["DL3059", "DL3008"];
        if shipshape::rules::find("SC2086").is_some() {
            expected.push("SC2086");
        }
        assert_eq!(settings.ignore, expected);
        assert_eq!(settings.severity_overrides, [("DL3042".to_string(), shipshape::Severity::Error)]);
        let unknown = Options { select: vec!["DL9999".into()], ..Options::default() };
        assert!(self::settings(&unknown, None, None).unwrap_err().contains("unknown rule"));
        let bad_label = Options { require_labels: vec!["a:colour".into()], ..Options::default() };
        assert!(self::settings(&bad_label, None, None).unwrap_err().contains("unknown type"));
    }

    #[test]
    fn dockerignore_beside_the_file_wins() {
        let dir = std::env::temp_dir().join(format!("shipshape-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let file = dir.join("api.Dockerfile");
        assert_eq!(dockerignore_path(Some(&file), None), None);
        std::fs::write(dir.join(".dockerignore"), "target\n").expect("write");
        assert_eq!(dockerignore_path(Some(&file), None), Some(dir.join(".dockerignore")));
        std::fs::write(dir.join("api.Dockerfile.dockerignore"), "node_modules\n").expect("write");
        assert_eq!(dockerignore_path(Some(&file), None), Some(dir.join("api.Dockerfile.dockerignore")));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
