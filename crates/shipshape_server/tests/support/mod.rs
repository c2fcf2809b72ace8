//! A test client: drives the server over an in-memory connection as an editor would, answers
//! the server's own requests, and applies workspace edits to text with its own position
//! arithmetic (UTF-16 or UTF-8), not the server's.

#![allow(dead_code)]

use std::collections::VecDeque;
use std::thread::JoinHandle;
use std::time::Duration;

use lsp_server::{Connection, Message, Notification, Request, RequestId, Response, ResponseError};
use serde_json::{Value, json};
use shipshape_server::{Ended, Hooks};

pub const TIMEOUT: Duration = Duration::from_secs(30);

/// What VS Code offers (the parts the server looks at).
pub fn full_capabilities() -> Value {
    json!({
        "general": { "positionEncodings": ["utf-16"] },
        "textDocument": {
            "codeAction": {
                "codeActionLiteralSupport": { "codeActionKind": { "valueSet": ["quickfix", "source", "source.fixAll"] } },
                "isPreferredSupport": true,
                "dataSupport": true,
                "resolveSupport": { "properties": ["edit"] }
            },
            "hover": { "contentFormat": ["markdown", "plaintext"] },
            "publishDiagnostics": { "versionSupport": true }
        },
        "workspace": {
            "workspaceEdit": { "documentChanges": true },
            "didChangeWatchedFiles": { "dynamicRegistration": true },
            "configuration": true
        }
    })
}

/// A client that supports nothing optional: edits come eagerly, as a `changes` map.
pub fn minimal_capabilities() -> Value {
    json!({})
}

pub struct Client {
    pub connection: Connection,
    server: Option<JoinHandle<Ended>>,
    next_id: i32,
    pub notifications: VecDeque<Notification>,
    responses: Vec<Response>,
    /// Requests the server sent, in order.
    pub server_requests: Vec<Request>,
    /// The answer to `workspace/configuration`.
    pub configuration: Value,
    pub utf8: bool,
}

impl Client {
    /// Starts a server on its own thread.
    pub fn start(hooks: Hooks) -> Client {
        let (server, client) = Connection::memory();
        let handle = std::thread::spawn(move || shipshape_server::run(&server, hooks));
        Client::with(client, Some(handle))
    }

    pub fn with(connection: Connection, server: Option<JoinHandle<Ended>>) -> Client {
        Client {
            connection,
            server,
            next_id: 0,
            notifications: VecDeque::new(),
            responses: Vec::new(),
            server_requests: Vec::new(),
            configuration: Value::Null,
            utf8: false,
        }
    }

    /// A started and initialized server, with `folder` as its workspace folder.
    pub fn initialized(capabilities: Value, options: Value, folder: Option<&std::path::Path>) -> Client {
        let mut client = Client::start(Hooks::default());
        client.initialize(capabilities, options, folder);
        client
    }

    pub fn initialize(&mut self, capabilities: Value, options: Value, folder: Option<&std::path::Path>) -> Value {
        let folders = folder.map(|f| {
            let uri = shipshape_server::uri_from_path(f).expect("an absolute path").as_str().to_string();
            json!([{ "uri": uri, "name": "w" }])
        });
        let result = self
            .request(
                "initialize",
                json!({ "capabilities": capabilities, "initializationOptions": options, "workspaceFolders": folders }),
            )
            .expect("initialize succeeds");
        self.utf8 = result.pointer("/capabilities/positionEncoding") == Some(&json!("utf-8"))
            || result.get("offsetEncoding") == Some(&json!("utf-8"));
        self.notify("initialized", json!({}));
        result
    }

    pub fn send(&self, message: impl Into<Message>) {
        self.connection.sender.send(message.into()).expect("the server is running");
    }

    pub fn notify(&self, method: &str, params: Value) {
        self.send(Notification::new(method.to_string(), params));
    }

    /// Sends a request and waits for its response, keeping what else arrives.
    pub fn request(&mut self, method: &str, params: Value) -> Result<Value, ResponseError> {
        let id = self.send_request(method, params);
        self.response(&id)
    }

    pub fn send_request(&mut self, method: &str, params: Value) -> RequestId {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        self.send(Request::new(id.clone(), method.to_string(), params));
        id
    }

    pub fn response(&mut self, id: &RequestId) -> Result<Value, ResponseError> {
        loop {
            if let Some(i) = self.responses.iter().position(|r| &r.id == id) {
                return self.responses.remove(i).response_result;
            }
            self.pump();
        }
    }

    /// Reads one message: notifications are queued, the server's requests answered.
    pub fn pump(&mut self) {
        let message = self.connection.receiver.recv_timeout(TIMEOUT).expect("the server answers in time");
        match message {
            Message::Notification(n) => self.notifications.push_back(n),
            Message::Response(r) => self.responses.push(r),
            Message::Request(r) => {
                let result = match r.method.as_str() {
                    "workspace/configuration" => {
                        let items = r.params["items"].as_array().map_or(0, Vec::len);
                        json!(vec![self.configuration.clone(); items])
                    }
                    _ => Value::Null,
                };
                self.send(Response::new_ok(r.id.clone(), result));
                self.server_requests.push(r);
            }
        }
    }

    /// The first queued or coming notification `method` whose params satisfy `matches`; the
    /// ones before it stay queued.
    pub fn notification(&mut self, method: &str, matches: impl Fn(&Value) -> bool) -> Value {
        loop {
            if let Some(i) = self.notifications.iter().position(|n| n.method == method && matches(&n.params)) {
                return self.notifications.remove(i).expect("found").params;
            }
            self.pump();
        }
    }

    /// The next `publishDiagnostics` for `uri`.
    pub fn diagnostics(&mut self, uri: &str) -> Value {
        self.notification("textDocument/publishDiagnostics", |p| p["uri"] == uri)
    }

    /// Opens a Dockerfile and returns its first diagnostics.
    pub fn open(&mut self, uri: &str, text: &str) -> Value {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "dockerfile", "version": 1, "text": text } }),
        );
        self.diagnostics(uri)
    }

    pub fn change(&self, uri: &str, version: i32, changes: Value) {
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": changes }),
        );
    }

    pub fn code_actions(&mut self, uri: &str, range: Value, only: Option<Value>) -> Vec<Value> {
        let mut context = json!({ "diagnostics": [] });
        if let Some(only) = only {
            context["only"] = only;
        }
        let result = self
            .request(
                "textDocument/codeAction",
                json!({ "textDocument": { "uri": uri }, "range": range, "context": context }),
            )
            .expect("codeAction succeeds");
        result.as_array().cloned().unwrap_or_default()
    }

    /// Applies a workspace edit (either shape) to `text`, the way an editor does.
    pub fn apply(&self, text: &str, edit: &Value) -> String {
        let mut edits: Vec<Value> = Vec::new();
        if let Some(changes) = edit["changes"].as_object() {
            for list in changes.values() {
                edits.extend(list.as_array().cloned().unwrap_or_default());
            }
        }
        if let Some(document_changes) = edit["documentChanges"].as_array() {
            for change in document_changes {
                edits.extend(change["edits"].as_array().cloned().unwrap_or_default());
            }
        }
        let mut spans: Vec<(usize, usize, String)> = edits
            .iter()
            .map(|e| {
                let start = self.offset(text, &e["range"]["start"]);
                let end = self.offset(text, &e["range"]["end"]);
                (start, end, e["newText"].as_str().expect("newText").to_string())
            })
            .collect();
        spans.sort_by_key(|s| std::cmp::Reverse((s.0, s.1)));
        let mut out = text.to_string();
        for (start, end, new) in spans {
            out.replace_range(start..end, &new);
        }
        out
    }

    /// A byte offset from a position, for test texts whose lines end in `\n`.
    pub fn offset(&self, text: &str, position: &Value) -> usize {
        let line = position["line"].as_u64().expect("line") as usize;
        let column = position["character"].as_u64().expect("character") as usize;
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        let line_text = text[start..].split('\n').next().unwrap_or_default();
        if self.utf8 {
            return start + column.min(line_text.len());
        }
        let mut units = 0;
        for (i, c) in line_text.char_indices() {
            if units >= column {
                return start + i;
            }
            units += c.len_utf16();
        }
        start + line_text.len()
    }

    /// `shutdown` then `exit`; how the server says it ended.
    pub fn shutdown(mut self) -> Ended {
        assert_eq!(self.request("shutdown", Value::Null).ok(), Some(Value::Null));
        self.notify("exit", Value::Null);
        self.join()
    }

    pub fn join(mut self) -> Ended {
        let handle = self.server.take().expect("a server thread");
        drop(self.connection);
        handle.join().expect("the server thread ends without a panic")
    }
}

/// The codes of a `publishDiagnostics`' diagnostics.
pub fn codes(published: &Value) -> Vec<String> {
    published["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["code"].as_str().unwrap_or_default().to_string())
        .collect()
}

pub fn range(start_line: u32, start: u32, end_line: u32, end: u32) -> Value {
    json!({ "start": { "line": start_line, "character": start }, "end": { "line": end_line, "character": end } })
}

/// A fresh directory under the system's temporary directory.
pub fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("shipshape-server-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    dir
}

pub fn file_uri(path: &std::path::Path) -> String {
    shipshape_server::uri_from_path(path).expect("an absolute path").as_str().to_string()
}
