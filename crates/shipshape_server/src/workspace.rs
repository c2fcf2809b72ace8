//! The settings a document is checked with: the client's options (initialization options,
//! `workspace/didChangeConfiguration`) and what the CLI would read for the same file
//! (`.hadolint.yaml` found as hadolint finds it, the `.dockerignore` beside the file), through
//! the same code as the CLI (`shipshape_config`). Files are read once and kept until a watcher,
//! a save or a configuration change says they may have changed.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;
use serde_json::Value;
use shipshape::Settings;
use shipshape::format::FormatOptions;
use shipshape_config::{Config, Options, hadolint};

/// What the client may set, under these names in the initialization options or in the
/// `shipshape` section of its settings.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ClientSettings {
    /// Only these rules (codes, names, BuildKit names or code prefixes), as `--select`.
    pub select: Vec<String>,
    /// These rules on top of the defaults, as `--extend-select`.
    pub extend_select: Vec<String>,
    /// Not these rules, as `--ignore`.
    pub ignore: Vec<String>,
    /// A configuration file to read instead of looking for one, as `--config`; a relative
    /// path starts at the workspace folder.
    pub config_path: Option<String>,
    /// Read no configuration file, as `--no-config`.
    pub no_config: bool,
}

impl ClientSettings {
    /// Reads the settings object, or the `shipshape` member of one (what VS Code and Neovim
    /// send in `didChangeConfiguration`). `null` is the defaults.
    pub fn from_json(value: &Value) -> Result<ClientSettings, String> {
        let value = value.get("shipshape").unwrap_or(value);
        if value.is_null() {
            return Ok(ClientSettings::default());
        }
        serde_json::from_value(value.clone()).map_err(|e| format!("shipshape's settings: {e}"))
    }
}

#[derive(Default)]
pub struct Workspace {
    /// The workspace folders: a document's project is the deepest one holding it.
    pub folders: Vec<PathBuf>,
    client: ClientSettings,
    /// The configuration file of each project directory (`None`: there is none, or it could
    /// not be read, which was reported).
    configs: HashMap<PathBuf, Option<Arc<Config>>>,
    /// The settings of each document path (`None`: an unsaved buffer).
    settings: HashMap<Option<PathBuf>, Arc<Settings>>,
    /// Problems with the settings or the configuration file, for the server to show once.
    pub messages: Vec<String>,
}

impl Workspace {
    pub fn new(folders: Vec<PathBuf>, client: ClientSettings) -> Workspace {
        let mut workspace = Workspace { folders, ..Workspace::default() };
        workspace.set_client(client);
        workspace
    }

    pub fn client(&self) -> &ClientSettings {
        &self.client
    }

    /// New client settings; every document's settings are derived again.
    pub fn set_client(&mut self, mut client: ClientSettings) {
        let options = Options {
            select: client.select.clone(),
            extend_select: client.extend_select.clone(),
            ignore: client.ignore.clone(),
            ..Options::default()
        };
        let unknown: Vec<String> = options.unknown_selectors().into_iter().map(str::to_string).collect();
        if !unknown.is_empty() {
            self.messages.push(format!(
                "shipshape: no rule is named {} (see `shipshape rules`); {} ignored",
                unknown.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", "),
                if unknown.len() == 1 { "it is" } else { "they are" }
            ));
            for list in [&mut client.select, &mut client.extend_select, &mut client.ignore] {
                list.retain(|s| !unknown.contains(s));
            }
        }
        self.client = client;
        self.forget_files();
    }

    /// Forgets what was read from disk, after a change to a configuration file or a
    /// `.dockerignore`.
    pub fn forget_files(&mut self) {
        self.configs.clear();
        self.settings.clear();
    }

    /// The directory a document's project configuration is looked for in, as the CLI looks in
    /// the directory it runs in: the workspace folder holding the document, else the
    /// document's own directory.
    pub fn project_dir(&self, path: Option<&Path>) -> PathBuf {
        let folder =
            path.and_then(|p| self.folders.iter().filter(|f| p.starts_with(f)).max_by_key(|f| f.components().count()));
        match (folder, path.and_then(Path::parent)) {
            (Some(folder), _) => folder.clone(),
            (None, Some(dir)) => dir.to_path_buf(),
            (None, None) => self.folders.first().cloned().unwrap_or_else(|| PathBuf::from(".")),
        }
    }

    /// The settings to check the document at `path` with.
    pub fn settings_for(&mut self, path: Option<&Path>) -> Arc<Settings> {
        let key = path.map(Path::to_path_buf);
        if let Some(settings) = self.settings.get(&key) {
            return Arc::clone(settings);
        }
        let project = self.project_dir(path);
        let config = self.config_for(&project);
        let dockerignore = match path {
            Some(path) => shipshape_config::find_dockerignore(Some(path), None),
            None => shipshape_config::find_dockerignore(None, Some(&project)),
        };
        let options = Options {
            select: self.client.select.clone(),
            extend_select: self.client.extend_select.clone(),
            ignore: self.client.ignore.clone(),
            ..Options::default()
        };
        let settings = match shipshape_config::settings(&options, config.as_deref(), dockerignore) {
            Ok(settings) => settings,
            Err(reason) => {
                self.messages.push(format!("shipshape: {reason}"));
                Settings::default()
            }
        };
        let settings = Arc::new(settings);
        self.settings.insert(key, Arc::clone(&settings));
        settings
    }

    /// The formatter's options for the document at `path`: the configuration file's
    /// `formatter:` mapping over the defaults, as `shipshape format` reads them.
    pub fn format_options_for(&mut self, path: Option<&Path>) -> FormatOptions {
        let project = self.project_dir(path);
        let config = self.config_for(&project);
        config.map(|c| c.formatter.apply(FormatOptions::default())).unwrap_or_default()
    }

    fn config_for(&mut self, project: &Path) -> Option<Arc<Config>> {
        if self.client.no_config {
            return None;
        }
        if let Some(config) = self.configs.get(project) {
            return config.clone();
        }
        let explicit = self.client.config_path.as_ref().map(|p| project.join(p));
        let config = match hadolint::load(explicit.as_deref(), project) {
            Ok(Some(config)) => {
                for key in &config.unknown_keys {
                    self.messages.push(format!("shipshape: {}: unknown {key}", config.path.display()));
                }
                Some(Arc::new(config))
            }
            Ok(None) => None,
            Err(reason) => {
                self.messages.push(format!("shipshape: {reason}; checking without it"));
                None
            }
        };
        self.configs.insert(project.to_path_buf(), config.clone());
        config
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_from_either_shape() {
        let direct = serde_json::json!({ "select": ["DL3042"], "configPath": "ci/hadolint.yaml" });
        let nested = serde_json::json!({ "shipshape": direct.clone() });
        let expected = ClientSettings {
            select: vec!["DL3042".into()],
            config_path: Some("ci/hadolint.yaml".into()),
            ..ClientSettings::default()
        };
        assert_eq!(ClientSettings::from_json(&direct), Ok(expected.clone()));
        assert_eq!(ClientSettings::from_json(&nested), Ok(expected));
        assert_eq!(ClientSettings::from_json(&Value::Null), Ok(ClientSettings::default()));
        let wrong = ClientSettings::from_json(&serde_json::json!({ "select": "DL3042" })).unwrap_err();
        assert!(wrong.contains("invalid type"), "{wrong}");
    }

    #[test]
    fn unknown_rules_are_reported_and_dropped() {
        let client = ClientSettings { ignore: vec!["DL3042".into(), "DL9999".into()], ..ClientSettings::default() };
        let workspace = Workspace::new(vec![], client);
        assert_eq!(workspace.client().ignore, ["DL3042"]);
        assert_eq!(workspace.messages.len(), 1);
        assert!(workspace.messages[0].contains("`DL9999`"), "{}", workspace.messages[0]);
    }

    #[test]
    fn the_deepest_workspace_folder_is_the_project() {
        let workspace = Workspace::new(vec![PathBuf::from("/w"), PathBuf::from("/w/api")], ClientSettings::default());
        assert_eq!(workspace.project_dir(Some(Path::new("/w/api/Dockerfile"))), Path::new("/w/api"));
        assert_eq!(workspace.project_dir(Some(Path::new("/w/web/Dockerfile"))), Path::new("/w"));
        assert_eq!(workspace.project_dir(Some(Path::new("/elsewhere/Dockerfile"))), Path::new("/elsewhere"));
        assert_eq!(workspace.project_dir(None), Path::new("/w"));
    }
}
