//! Zed's side of shipshape: runs `shipshape server` for Dockerfiles. Zed asks an extension
//! for the command of a language server it does not know; everything else is the server's.

use zed_extension_api::settings::LspSettings;
use zed_extension_api::{self as zed, LanguageServerId, Result, serde_json};

struct Shipshape;

impl zed::Extension for Shipshape {
    fn new() -> Self {
        Shipshape
    }

    /// `lsp.shipshape.binary.path` from the settings, else `shipshape` on the PATH.
    fn language_server_command(&mut self, id: &LanguageServerId, worktree: &zed::Worktree) -> Result<zed::Command> {
        let binary = LspSettings::for_worktree(id.as_ref(), worktree).ok().and_then(|s| s.binary);
        let command =
            binary.as_ref().and_then(|b| b.path.clone()).or_else(|| worktree.which("shipshape")).ok_or_else(|| {
                "shipshape is not on the PATH: install it with `cargo install --path crates/shipshape_cli`, \
                 or set lsp.shipshape.binary.path"
                    .to_string()
            })?;
        let args = binary.as_ref().and_then(|b| b.arguments.clone()).unwrap_or_else(|| vec!["server".to_string()]);
        Ok(zed::Command { command, args, env: worktree.shell_env() })
    }

    /// `lsp.shipshape.initialization_options`: `select`, `ignore`, `configPath`, ….
    fn language_server_initialization_options(
        &mut self,
        id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<Option<serde_json::Value>> {
        Ok(LspSettings::for_worktree(id.as_ref(), worktree).ok().and_then(|s| s.initialization_options))
    }

    /// `lsp.shipshape.settings`, answered to the server's `workspace/configuration`.
    fn language_server_workspace_configuration(
        &mut self,
        id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<Option<serde_json::Value>> {
        let settings = LspSettings::for_worktree(id.as_ref(), worktree).ok().and_then(|s| s.settings);
        Ok(settings.map(|s| serde_json::json!({ "shipshape": s })))
    }
}

zed::register_extension!(Shipshape);
