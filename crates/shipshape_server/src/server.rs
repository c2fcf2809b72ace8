//! The main loop: one thread reads messages in order and answers them.
//!
//! A synchronous server cannot wait a few milliseconds to see whether more keystrokes come (a
//! debounce), so it does the next best thing: edits are applied as they arrive, and a document
//! is checked only once nothing is queued. A burst of `didChange`s, however long the check of a
//! large file takes, costs one check. Requests check the document they need on demand.
//!
//! Every message is handled under `catch_unwind`: a bug in one request is logged and answered
//! with an error, and the server goes on.

use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use crossbeam_channel::TryRecvError;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use lsp_types::{
    CodeAction, CodeActionOptions, CodeActionParams, CodeActionProviderCapability, DiagnosticSeverity,
    DidChangeConfigurationParams, DidChangeTextDocumentParams, DidChangeWatchedFilesParams,
    DidChangeWatchedFilesRegistrationOptions, DidChangeWorkspaceFoldersParams, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, DidSaveTextDocumentParams, DocumentFormattingParams, FileSystemWatcher, GlobPattern,
    HoverParams, HoverProviderCapability, InitializeParams, InitializeResult, MarkupKind, MessageType, OneOf,
    PublishDiagnosticsParams, Registration, RegistrationParams, SaveOptions, ServerCapabilities, ServerInfo,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions, TextDocumentSyncSaveOptions, TextEdit,
    Uri, WorkspaceFoldersServerCapabilities, WorkspaceServerCapabilities, notification, request,
};
use serde_json::Value;
use shipshape::format;
use shipshape::text::megabytes;

use crate::analysis::Analysis;
use crate::code_actions::{self, ClientSupport};
use crate::document::Document;
use crate::lines::{Encoding, Round};
use crate::workspace::{ClientSettings, Workspace};
use crate::{diagnostics, hover, uri};

/// Instrumentation for tests: called with each message's method inside the panic guard, so a
/// test can make one request fail the way a bug would.
#[derive(Clone, Copy, Default)]
pub struct Hooks {
    pub before_message: Option<fn(&str)>,
}

/// How the conversation ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ended {
    /// `shutdown`, then `exit`: exit code 0.
    Exit,
    /// `exit` without `shutdown`, or the client went away: exit code 1, as the protocol says.
    Abandoned,
}

/// Serves one client over `connection` until it says `exit` or goes away.
pub fn run(connection: &Connection, hooks: Hooks) -> Ended {
    let Some(mut server) = initialize(connection, hooks) else {
        return Ended::Abandoned;
    };
    server.run(&connection.receiver)
}

/// What the client told us it can do.
#[derive(Clone, Copy, Debug, Default)]
struct ClientCaps {
    actions: ClientSupport,
    markdown_hover: bool,
    watch_files: bool,
    pull_configuration: bool,
}

struct Server {
    sender: crossbeam_channel::Sender<Message>,
    hooks: Hooks,
    encoding: Encoding,
    caps: ClientCaps,
    workspace: Workspace,
    documents: HashMap<Uri, Document>,
    analyses: HashMap<Uri, Analysis>,
    /// Documents whose diagnostics are out of date, in the order they changed.
    dirty: Vec<Uri>,
    shutdown: bool,
    next_id: i32,
    /// What our own requests to the client were for.
    pending: HashMap<RequestId, Pending>,
}

enum Pending {
    Registration,
    Configuration,
}

type Handled = Result<Value, (ErrorCode, String)>;

/// Waits for `initialize` (answering anything else with "not initialized"), answers it, and
/// returns the server it configured; `None` when the client leaves first.
fn initialize(connection: &Connection, hooks: Hooks) -> Option<Server> {
    loop {
        let request = match connection.receiver.recv().ok()? {
            Message::Request(request) if request.method == request::Initialize::METHOD => request,
            Message::Request(request) => {
                let message = format!("`{}` before `initialize`", request.method);
                send(
                    &connection.sender,
                    Response::new_err(request.id, ErrorCode::ServerNotInitialized as i32, message),
                );
                continue;
            }
            Message::Notification(n) if n.method == notification::Exit::METHOD => return None,
            _ => continue,
        };
        // clangd's `offsetEncoding`, which clients older than LSP 3.17 (Neovim before 0.9) offer.
        let offset_encoding: Option<Vec<String>> =
            request.params.pointer("/capabilities/offsetEncoding").and_then(|v| serde_json::from_value(v.clone()).ok());
        let params: InitializeParams = match serde_json::from_value(request.params) {
            Ok(params) => params,
            Err(error) => {
                let message = format!("invalid `initialize` parameters: {error}");
                send(&connection.sender, Response::new_err(request.id, ErrorCode::InvalidParams as i32, message));
                continue;
            }
        };
        let (server, result) = Server::new(connection.sender.clone(), hooks, params, offset_encoding);
        send(&connection.sender, Response::new_ok(request.id, result));
        return Some(server);
    }
}

impl Server {
    fn new(
        sender: crossbeam_channel::Sender<Message>,
        hooks: Hooks,
        params: InitializeParams,
        offset_encoding: Option<Vec<String>>,
    ) -> (Server, Value) {
        let caps = &params.capabilities;
        let offered = caps.general.as_ref().and_then(|g| g.position_encodings.as_ref());
        let (encoding, standard) = match (offered, &offset_encoding) {
            (Some(kinds), _) => {
                (Encoding::negotiate(&kinds.iter().map(|k| k.as_str().to_string()).collect::<Vec<_>>()), true)
            }
            (None, Some(names)) => (Encoding::negotiate(names), false),
            (None, None) => (Encoding::Utf16, true),
        };
        let text = caps.text_document.as_ref();
        let code_action = text.and_then(|t| t.code_action.as_ref());
        let workspace_caps = caps.workspace.as_ref();
        let client = ClientCaps {
            actions: ClientSupport {
                document_changes: workspace_caps
                    .and_then(|w| w.workspace_edit.as_ref())
                    .and_then(|e| e.document_changes)
                    .unwrap_or(false),
                resolve_edit: code_action
                    .and_then(|c| c.resolve_support.as_ref())
                    .is_some_and(|r| r.properties.iter().any(|p| p == "edit"))
                    && code_action.and_then(|c| c.data_support).unwrap_or(false),
            },
            markdown_hover: text
                .and_then(|t| t.hover.as_ref())
                .and_then(|h| h.content_format.as_ref())
                .is_none_or(|formats| formats.contains(&MarkupKind::Markdown)),
            watch_files: workspace_caps
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false),
            pull_configuration: workspace_caps.and_then(|w| w.configuration).unwrap_or(false),
        };
        let mut folders: Vec<PathBuf> =
            params.workspace_folders.iter().flatten().filter_map(|f| uri::to_path(&f.uri)).collect();
        #[allow(deprecated)]
        if folders.is_empty() {
            folders.extend(
                params
                    .root_uri
                    .as_ref()
                    .and_then(uri::to_path)
                    .or_else(|| params.root_path.as_ref().map(PathBuf::from)),
            );
        }
        let mut messages = Vec::new();
        let client_settings = match params.initialization_options.as_ref().map(ClientSettings::from_json) {
            Some(Ok(settings)) => settings,
            Some(Err(reason)) => {
                messages.push(format!("shipshape: {reason} (in the initialization options)"));
                ClientSettings::default()
            }
            None => ClientSettings::default(),
        };
        let mut workspace = Workspace::new(folders, client_settings);
        workspace.messages.extend(messages);
        let capabilities = ServerCapabilities {
            position_encoding: standard.then(|| encoding.kind()),
            text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions { include_text: Some(false) })),
                ..TextDocumentSyncOptions::default()
            })),
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(vec![lsp_types::CodeActionKind::QUICKFIX, code_actions::fix_all_kind()]),
                resolve_provider: Some(true),
                ..CodeActionOptions::default()
            })),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            document_formatting_provider: Some(OneOf::Left(true)),
            workspace: Some(WorkspaceServerCapabilities {
                workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                    supported: Some(true),
                    change_notifications: Some(OneOf::Left(true)),
                }),
                file_operations: None,
            }),
            ..ServerCapabilities::default()
        };
        let result = InitializeResult {
            capabilities,
            server_info: Some(ServerInfo {
                name: "shipshape".to_string(),
                version: Some(shipshape::VERSION.to_string()),
            }),
        };
        let mut result = serde_json::to_value(result).unwrap_or_default();
        if !standard {
            result["offsetEncoding"] = Value::from(encoding.name());
        }
        let server = Server {
            sender,
            hooks,
            encoding,
            caps: client,
            workspace,
            documents: HashMap::new(),
            analyses: HashMap::new(),
            dirty: Vec::new(),
            shutdown: false,
            next_id: 0,
            pending: HashMap::new(),
        };
        (server, result)
    }

    fn run(&mut self, receiver: &crossbeam_channel::Receiver<Message>) -> Ended {
        loop {
            // Problems found while reading settings, whenever that happened.
            for message in std::mem::take(&mut self.workspace.messages) {
                self.notify::<notification::ShowMessage>(lsp_types::ShowMessageParams {
                    typ: MessageType::WARNING,
                    message,
                });
            }
            let message = if self.dirty.is_empty() {
                match receiver.recv() {
                    Ok(message) => message,
                    Err(_) => return Ended::Abandoned,
                }
            } else {
                match receiver.try_recv() {
                    Ok(message) => message,
                    Err(TryRecvError::Empty) => {
                        // Nothing queued: now is the time to check.
                        let uri = self.dirty.remove(0);
                        self.publish(&uri);
                        continue;
                    }
                    Err(TryRecvError::Disconnected) => return Ended::Abandoned,
                }
            };
            match message {
                Message::Request(request) => self.on_request(request),
                Message::Notification(n) if n.method == notification::Exit::METHOD => {
                    return if self.shutdown { Ended::Exit } else { Ended::Abandoned };
                }
                Message::Notification(n) => self.on_notification(n),
                Message::Response(response) => self.on_response(response),
            }
        }
    }

    /// Runs `f` under the panic guard; a panic is logged and becomes `Err` with its message.
    fn guarded<T>(&mut self, method: &str, f: impl FnOnce(&mut Server) -> T) -> Result<T, String> {
        let hook = self.hooks.before_message;
        let result = catch_unwind(AssertUnwindSafe(|| {
            if let Some(hook) = hook {
                hook(method);
            }
            f(self)
        }));
        result.map_err(|payload| {
            let reason = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_string());
            self.log(
                MessageType::ERROR,
                format!("shipshape: internal error in `{method}`: {reason} (please report it)"),
            );
            reason
        })
    }

    fn on_request(&mut self, request: Request) {
        let Request { id, method, params } = request;
        if self.shutdown {
            let message = format!("`{method}` after `shutdown`");
            return send(&self.sender, Response::new_err(id, ErrorCode::InvalidRequest as i32, message));
        }
        let result = self.guarded(&method, |server| server.dispatch(&method, params));
        let response = match result {
            Ok(Ok(value)) => Response::new_ok(id, value),
            Ok(Err((code, message))) => Response::new_err(id, code as i32, message),
            Err(reason) => Response::new_err(
                id,
                ErrorCode::InternalError as i32,
                format!("shipshape: internal error in `{method}`: {reason}"),
            ),
        };
        send(&self.sender, response);
    }

    fn dispatch(&mut self, method: &str, params: Value) -> Handled {
        match method {
            request::CodeActionRequest::METHOD => self.code_action(parse(params)?),
            request::CodeActionResolveRequest::METHOD => self.resolve_code_action(parse(params)?),
            request::HoverRequest::METHOD => self.hover(parse(params)?),
            request::Formatting::METHOD => self.format(parse(params)?),
            request::Shutdown::METHOD => {
                self.shutdown = true;
                Ok(Value::Null)
            }
            request::Initialize::METHOD => {
                Err((ErrorCode::InvalidRequest, "the server is already initialized".to_string()))
            }
            _ => Err((ErrorCode::MethodNotFound, format!("shipshape does not handle `{method}`"))),
        }
    }

    fn on_notification(&mut self, n: Notification) {
        let Notification { method, params } = n;
        // Which document an edit was for, in case handling it fails.
        let edited: Option<Uri> = (method == notification::DidChangeTextDocument::METHOD)
            .then(|| params.pointer("/textDocument/uri").and_then(|u| serde_json::from_value(u.clone()).ok()))
            .flatten();
        match self.guarded(&method, |server| server.handle_notification(&method, params)) {
            Ok(Ok(())) => {}
            Ok(Err((_, message))) => self.log(MessageType::WARNING, message),
            Err(_) => {
                // The edit may be lost or half applied: rather than check text the editor does
                // not have, stop checking the document until it is opened again.
                if let Some(uri) = edited {
                    self.forget(&uri);
                }
            }
        }
    }

    fn handle_notification(&mut self, method: &str, params: Value) -> Result<(), (ErrorCode, String)> {
        match method {
            notification::DidOpenTextDocument::METHOD => {
                let params: DidOpenTextDocumentParams = parse(params)?;
                let item = params.text_document;
                if !is_dockerfile(&item.language_id, &item.uri) {
                    return Ok(());
                }
                if !self.caps.watch_files {
                    // Without watchers, opening a file is the moment to see the settings anew.
                    self.reload_files();
                }
                self.analyses.remove(&item.uri);
                self.documents.insert(item.uri.clone(), Document::new(item.uri.clone(), item.version, item.text));
                self.mark_dirty(item.uri);
            }
            notification::DidChangeTextDocument::METHOD => {
                let params: DidChangeTextDocumentParams = parse(params)?;
                let uri = params.text_document.uri;
                let encoding = self.encoding;
                if let Some(document) = self.documents.get_mut(&uri) {
                    document.apply(params.text_document.version, params.content_changes, encoding);
                    self.mark_dirty(uri);
                }
            }
            notification::DidCloseTextDocument::METHOD => {
                let params: DidCloseTextDocumentParams = parse(params)?;
                self.forget(&params.text_document.uri);
            }
            notification::DidSaveTextDocument::METHOD => {
                let params: DidSaveTextDocumentParams = parse(params)?;
                let path = uri::to_path(&params.text_document.uri);
                let settings_file = path.as_deref().is_some_and(is_settings_file);
                if settings_file || !self.caps.watch_files {
                    self.reload_files();
                }
            }
            notification::DidChangeConfiguration::METHOD => {
                let params: DidChangeConfigurationParams = parse(params)?;
                let section = params.settings.get("shipshape").unwrap_or(&params.settings);
                if section.as_object().is_some_and(|o| !o.is_empty()) {
                    self.apply_client_settings(section);
                } else if self.caps.pull_configuration {
                    self.pull_configuration();
                }
            }
            notification::DidChangeWatchedFiles::METHOD => {
                let params: DidChangeWatchedFilesParams = parse(params)?;
                if params.changes.iter().any(|c| uri::to_path(&c.uri).is_none_or(|p| is_settings_file(&p))) {
                    self.reload_files();
                }
            }
            notification::DidChangeWorkspaceFolders::METHOD => {
                let params: DidChangeWorkspaceFoldersParams = parse(params)?;
                let removed: Vec<PathBuf> = params.event.removed.iter().filter_map(|f| uri::to_path(&f.uri)).collect();
                self.workspace.folders.retain(|f| !removed.contains(f));
                self.workspace.folders.extend(params.event.added.iter().filter_map(|f| uri::to_path(&f.uri)));
                self.reload_files();
            }
            notification::Initialized::METHOD => {
                if self.caps.watch_files {
                    self.register_watchers();
                }
                if self.caps.pull_configuration {
                    self.pull_configuration();
                }
            }
            // Requests are answered in order, each before the next is read: by the time a
            // cancellation is read, its request has been answered.
            notification::Cancel::METHOD | notification::SetTrace::METHOD => {}
            _ if method.starts_with("$/") => {}
            _ => return Err((ErrorCode::MethodNotFound, format!("shipshape: ignored the notification `{method}`"))),
        }
        Ok(())
    }

    fn on_response(&mut self, response: Response) {
        let Some(pending) = self.pending.remove(&response.id) else { return };
        let method = match pending {
            Pending::Registration => request::RegisterCapability::METHOD,
            Pending::Configuration => request::WorkspaceConfiguration::METHOD,
        };
        match (pending, response.response_result) {
            (_, Err(error)) => {
                self.log(MessageType::WARNING, format!("shipshape: `{method}` failed: {}", error.message))
            }
            (Pending::Configuration, Ok(value)) => {
                let first = value.as_array().and_then(|items| items.first()).cloned().unwrap_or(Value::Null);
                if first.as_object().is_some_and(|o| !o.is_empty()) {
                    let _ = self.guarded(method, |server| server.apply_client_settings(&first));
                }
            }
            (Pending::Registration, Ok(_)) => {}
        }
    }

    fn apply_client_settings(&mut self, value: &Value) {
        match ClientSettings::from_json(value) {
            Ok(settings) if &settings == self.workspace.client() => {}
            Ok(settings) => {
                self.workspace.set_client(settings);
                self.recheck_all();
            }
            Err(reason) => self.workspace.messages.push(format!("shipshape: {reason}")),
        }
    }

    /// Reads the configuration files and `.dockerignore`s again and re-checks every document.
    fn reload_files(&mut self) {
        self.workspace.forget_files();
        self.recheck_all();
    }

    fn recheck_all(&mut self) {
        self.analyses.clear();
        let uris: Vec<Uri> = self.documents.keys().cloned().collect();
        for uri in uris {
            self.mark_dirty(uri);
        }
    }

    fn mark_dirty(&mut self, uri: Uri) {
        if !self.dirty.contains(&uri) {
            self.dirty.push(uri);
        }
    }

    fn forget(&mut self, uri: &Uri) {
        self.dirty.retain(|u| u != uri);
        self.analyses.remove(uri);
        if self.documents.remove(uri).is_some() {
            self.notify::<notification::PublishDiagnostics>(PublishDiagnosticsParams {
                uri: uri.clone(),
                diagnostics: Vec::new(),
                version: None,
            });
        }
    }

    fn register_watchers(&mut self) {
        let watchers = [
            "**/.hadolint.{yaml,yml}",
            "**/hadolint.{yaml,yml}",
            "**/hadolint/config.{yaml,yml}",
            "**/*.dockerignore",
            "**/.dockerignore",
        ]
        .into_iter()
        .map(|glob| FileSystemWatcher { glob_pattern: GlobPattern::String(glob.to_string()), kind: None })
        .collect();
        let options = DidChangeWatchedFilesRegistrationOptions { watchers };
        let params = RegistrationParams {
            registrations: vec![Registration {
                id: "shipshape-settings-files".to_string(),
                method: notification::DidChangeWatchedFiles::METHOD.to_string(),
                register_options: serde_json::to_value(options).ok(),
            }],
        };
        self.request::<request::RegisterCapability>(params, Pending::Registration);
    }

    fn pull_configuration(&mut self) {
        let params = lsp_types::ConfigurationParams {
            items: vec![lsp_types::ConfigurationItem { scope_uri: None, section: Some("shipshape".to_string()) }],
        };
        self.request::<request::WorkspaceConfiguration>(params, Pending::Configuration);
    }

    /// The document's check for its current version, made now if there is none.
    fn analysis(&mut self, uri: &Uri) -> Option<(&Document, &Analysis)> {
        let document = self.documents.get(uri)?;
        let fresh = self.analyses.get(uri).is_some_and(|a| a.version == document.version);
        if !fresh {
            let settings = self.workspace.settings_for(document.path.as_deref());
            let analysis = Analysis::new(document, settings);
            self.analyses.insert(uri.clone(), analysis);
        }
        Some((self.documents.get(uri)?, self.analyses.get(uri)?))
    }

    /// Checks a document and publishes its diagnostics, for the version checked.
    fn publish(&mut self, uri: &Uri) {
        let encoding = self.encoding;
        let checked = self.guarded("textDocument/publishDiagnostics", |server| {
            let (document, analysis) = server.analysis(uri)?;
            let diagnostics = if analysis.too_large {
                vec![diagnostics::notice(
                    format!(
                        "shipshape checks Dockerfiles up to {}; this one is {} and was not checked",
                        megabytes(shipshape::text::MAX_SOURCE_LEN),
                        megabytes(document.text.len())
                    ),
                    DiagnosticSeverity::INFORMATION,
                )]
            } else {
                diagnostics::published(document, &analysis.check.diagnostics, encoding)
            };
            Some((diagnostics, document.version))
        });
        let (diagnostics, version) = match checked {
            Ok(Some(result)) => result,
            Ok(None) => return,
            Err(reason) => {
                let Some(version) = self.documents.get(uri).map(|d| d.version) else { return };
                let message = format!(
                    "shipshape could not check this file: internal error ({reason}); please report it with the file"
                );
                (vec![diagnostics::notice(message, DiagnosticSeverity::ERROR)], version)
            }
        };
        self.notify::<notification::PublishDiagnostics>(PublishDiagnosticsParams {
            uri: uri.clone(),
            diagnostics,
            version: Some(version),
        });
    }

    fn code_action(&mut self, params: CodeActionParams) -> Handled {
        let (encoding, support) = (self.encoding, self.caps.actions);
        let Some((document, analysis)) = self.analysis(&params.text_document.uri) else {
            return Ok(Value::Null);
        };
        let range = document.lines.text_range(&document.text, params.range, encoding);
        let actions =
            code_actions::actions(document, analysis, range, params.context.only.as_deref(), encoding, support);
        Ok(serde_json::to_value(actions).unwrap_or_default())
    }

    fn resolve_code_action(&mut self, mut action: CodeAction) -> Handled {
        let (encoding, support) = (self.encoding, self.caps.actions);
        let uri: Option<Uri> = action
            .data
            .as_ref()
            .filter(|d| d.get("fixAll").and_then(Value::as_bool) == Some(true))
            .and_then(|d| d.get("uri"))
            .and_then(|u| serde_json::from_value(u.clone()).ok());
        let Some(uri) = uri else {
            return Ok(serde_json::to_value(action).unwrap_or_default());
        };
        let Some((document, analysis)) = self.analysis(&uri) else {
            return Err((ErrorCode::InvalidParams, "the document of this action is not open".to_string()));
        };
        // The edit is made for the text as it is now, whatever version the action was offered for.
        action.edit = code_actions::fix_all(document, &analysis.settings)
            .map(|edit| code_actions::workspace_edit(document, &[edit], encoding, support));
        Ok(serde_json::to_value(action).unwrap_or_default())
    }

    fn hover(&mut self, params: HoverParams) -> Handled {
        let (encoding, markdown) = (self.encoding, self.caps.markdown_hover);
        let at = params.text_document_position_params;
        let Some((document, analysis)) = self.analysis(&at.text_document.uri) else {
            return Ok(Value::Null);
        };
        let offset = document.lines.offset(&document.text, at.position, encoding, Round::Down);
        Ok(serde_json::to_value(hover::hover(document, analysis, offset, encoding, markdown)).unwrap_or_default())
    }

    /// The formatter's layout, as `shipshape format` prints it with the project's `formatter:`
    /// options. The editor's tab size does not apply: a file formatted in any editor must be
    /// what CI's `shipshape format --check` wants.
    fn format(&mut self, params: DocumentFormattingParams) -> Handled {
        let encoding = self.encoding;
        let Some(document) = self.documents.get(&params.text_document.uri) else {
            return Ok(Value::Null);
        };
        let options = self.workspace.format_options_for(document.path.as_deref());
        let formatted = format::format(&document.text, &options)
            .map_err(|error| (ErrorCode::RequestFailed, format!("shipshape: {error}")))?;
        let edits: Vec<TextEdit> = code_actions::minimal_edit(&document.text, &formatted)
            .map(|edit| TextEdit::new(document.lines.range(&document.text, edit.range, encoding), edit.content))
            .into_iter()
            .collect();
        Ok(serde_json::to_value(edits).unwrap_or_default())
    }

    fn notify<N: lsp_types::notification::Notification>(&self, params: N::Params) {
        send(&self.sender, Notification::new(N::METHOD.to_string(), params));
    }

    fn request<R: lsp_types::request::Request>(&mut self, params: R::Params, pending: Pending) {
        self.next_id += 1;
        let id = RequestId::from(format!("shipshape-{}", self.next_id));
        self.pending.insert(id.clone(), pending);
        send(&self.sender, Request::new(id, R::METHOD.to_string(), params));
    }

    fn log(&self, typ: MessageType, message: String) {
        eprintln!("{message}");
        self.notify::<notification::LogMessage>(lsp_types::LogMessageParams { typ, message });
    }
}

fn send(sender: &crossbeam_channel::Sender<Message>, message: impl Into<Message>) {
    // The client is gone when this fails; the main loop sees it on its next read.
    let _ = sender.send(message.into());
}

fn parse<T: serde::de::DeserializeOwned>(params: Value) -> Result<T, (ErrorCode, String)> {
    serde_json::from_value(params).map_err(|e| (ErrorCode::InvalidParams, format!("invalid parameters: {e}")))
}

/// The documents shipshape checks: languageId `dockerfile` (any case; some clients send the
/// language's display name), or a Dockerfile's file name whatever the client calls it.
pub fn is_dockerfile(language_id: &str, uri: &Uri) -> bool {
    let path = uri.as_str().split(['?', '#']).next().unwrap_or_default();
    let name = path.rsplit('/').next().unwrap_or_default();
    if name.to_ascii_lowercase().ends_with(".dockerignore") {
        // `Dockerfile.dockerignore` matches an editor's `Dockerfile.*` pattern.
        return false;
    }
    language_id.eq_ignore_ascii_case("dockerfile")
        || language_id.eq_ignore_ascii_case("containerfile")
        || shipshape_config::is_dockerfile_name(name)
}

/// A file whose change changes settings: a configuration file or a `.dockerignore`.
fn is_settings_file(path: &Path) -> bool {
    shipshape_config::is_config_file(path)
        || path.file_name().is_some_and(|n| n.to_string_lossy().to_ascii_lowercase().ends_with(".dockerignore"))
}
