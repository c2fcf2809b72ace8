//! The language server driven by an editor that does anything: opens a document, changes it
//! with edits at any position (inside surrogate pairs and multi-byte characters, between `\r`
//! and `\n`, past the end of a line or of the text), asks for code actions and applies them,
//! formats, hovers, closes and reopens, in any order and with any position encoding.
//!
//! The server must never crash (libFuzzer aborts on any panic, even one the server catches),
//! answer every request without an internal error, and keep its document equal to the
//! client's: the target keeps its own copy of the text with its own position arithmetic
//! ([`Doc`]), and at the end the server's diagnostics must be the core's for that text, at the
//! positions the client computes; formatting must give what the formatter gives for it.
//!
//! The input is the document's first text, then after a `0xFF` byte the bytes that choose the
//! session's steps, then after each further `0xFF` a piece of text that edits may insert.

#![no_main]

use std::thread::JoinHandle;
use std::time::Duration;

use libfuzzer_sys::arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;
use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use serde_json::{Value, json};
use shipshape::{Applicability, Settings};
use shipshape_fuzz::{parts, text};
use shipshape_server::{Ended, Hooks};

const URI: &str = "file:///fuzz/Dockerfile";

/// Texts that stress positions and the parser: line terminators of every kind, characters of
/// every UTF-8 and UTF-16 width, continuations, heredocs, comments and pragmas.
const PIECES: &[&str] = &[
    "\n",
    "\r\n",
    "\r",
    " ",
    "😀",
    "é",
    "中",
    "\u{10FFFF}",
    "\\\n",
    "\\\r\n",
    "RUN apt-get install curl\n",
    "RUN pip install flask && cd /x\n",
    "RUN <<EOF\necho hi\nEOF\n",
    "<<EOF\n",
    "EOF\n",
    "FROM python:3.13-slim AS b\n",
    "FROM b\n",
    "USER root\n",
    "COPY --from=b . .\n",
    "CMD [\"a\",",
    "\"",
    "'",
    "$(",
    "# hadolint ignore=DL3008\n",
    "# escape=`\n",
    "&& ",
    "",
];

/// How the client counts columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Encoding {
    Utf8,
    Utf16,
    Utf32,
}

impl Encoding {
    fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf16 => "utf-16",
            Encoding::Utf32 => "utf-32",
        }
    }

    fn width(self, c: char) -> usize {
        match self {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
            Encoding::Utf32 => 1,
        }
    }
}

/// The client's document, with the protocol's positions computed from first principles:
/// lines end at `\n`, `\r\n` or a lone `\r`; a column counts the encoding's units; a column
/// inside a character rounds down at the start of a range and up at its end (an edit covers
/// every character it touches, an insertion goes before the character); a column past the end
/// of its line is the end of the line's content, a line past the last the end of the text.
#[derive(Clone, Debug)]
struct Doc {
    text: String,
    encoding: Encoding,
}

impl Doc {
    /// Each line's content as `(start, end)` byte offsets, terminator excluded.
    fn lines(&self) -> Vec<(usize, usize)> {
        let bytes = self.text.as_bytes();
        let mut lines = Vec::new();
        let mut start = 0;
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => {
                    lines.push((start, i));
                    start = i + 1;
                }
                b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                    lines.push((start, i));
                    start = i + 2;
                    i += 1;
                }
                b'\r' => {
                    lines.push((start, i));
                    start = i + 1;
                }
                _ => {}
            }
            i += 1;
        }
        lines.push((start, bytes.len()));
        lines
    }

    /// The byte offset of a position, rounding a column inside a character `up` or down.
    fn offset(&self, position: &Value, up: bool) -> usize {
        let line = position["line"].as_u64().expect("a line") as usize;
        let column = position["character"].as_u64().expect("a character") as usize;
        let Some(&(start, end)) = self.lines().get(line) else { return self.text.len() };
        let mut units = 0;
        for (i, c) in self.text[start..end].char_indices() {
            if units == column {
                return start + i;
            }
            let next = units + self.encoding.width(c);
            if next > column {
                return if up { start + i + c.len_utf8() } else { start + i };
            }
            units = next;
        }
        end
    }

    /// The position of a byte offset (one inside a line terminator is the end of the line's
    /// content).
    fn position(&self, offset: usize) -> Value {
        let lines = self.lines();
        let line = lines.iter().rposition(|&(start, _)| start <= offset).unwrap_or(0);
        let (start, end) = lines[line];
        let at = offset.min(end);
        let character: usize = self.text[start..at].chars().map(|c| self.encoding.width(c)).sum();
        json!({ "line": line, "character": character })
    }

    /// The bytes a range covers, as a `didChange` or a `TextEdit` means it.
    fn span(&self, range: &Value) -> (usize, usize) {
        let start = self.offset(&range["start"], false);
        if range["start"] == range["end"] {
            return (start, start);
        }
        let end = self.offset(&range["end"], true);
        (start.min(end), start.max(end))
    }

    fn replace(&mut self, range: &Value, new: &str) {
        let (start, end) = self.span(range);
        self.text.replace_range(start..end, new);
    }

    /// A position anywhere near the text: any line up to two past the last, any column up to
    /// three past the end of its line (inside characters too).
    fn random_position(&self, u: &mut Unstructured) -> Value {
        let lines = self.lines();
        let line = u.int_in_range(0..=lines.len() + 1).unwrap_or(0);
        let width = lines
            .get(line)
            .map_or(0, |&(start, end)| self.text[start..end].chars().map(|c| self.encoding.width(c)).sum());
        let character = u.int_in_range(0..=width + 3).unwrap_or(0);
        json!({ "line": line, "character": character })
    }

    /// A range between two positions, in order (editors never send a range that ends before
    /// it starts).
    fn random_range(&self, u: &mut Unstructured) -> Value {
        let a = self.random_position(u);
        let b = if u.ratio(1, 4).unwrap_or(false) { a.clone() } else { self.random_position(u) };
        let key = |p: &Value| (p["line"].as_u64(), p["character"].as_u64());
        let (start, end) = if key(&a) <= key(&b) { (a, b) } else { (b, a) };
        json!({ "start": start, "end": end })
    }

    /// The edits of a workspace edit for our document, in either of its shapes.
    fn edits_of(edit: &Value) -> Vec<Value> {
        let mut edits: Vec<Value> = Vec::new();
        if let Some(list) = edit.pointer("/changes").and_then(|c| c.get(URI)).and_then(Value::as_array) {
            edits.extend(list.iter().cloned());
        }
        for change in edit["documentChanges"].as_array().into_iter().flatten() {
            assert_eq!(change["textDocument"]["uri"], URI, "an edit for another document: {change}");
            edits.extend(change["edits"].as_array().into_iter().flatten().cloned());
        }
        edits
    }

    /// Applies text edits made for the current text (none overlapping), as an editor does: from
    /// the last to the first. Returns them in that order, ready to send as one `didChange`.
    fn apply_edits(&mut self, edits: Vec<Value>) -> Vec<Value> {
        for edit in &edits {
            for (end, up) in [("start", false), ("end", true)] {
                let exact = self.offset(&edit["range"][end], false);
                assert_eq!(exact, self.offset(&edit["range"][end], up), "an edit's {end} splits a character: {edit}");
            }
        }
        // Applied from the end; insertions at one place appear in the array's order, as the
        // protocol says, so the later of them is applied first.
        let mut indexed: Vec<(usize, Value)> = edits.into_iter().enumerate().collect();
        indexed.sort_by_key(|(i, e)| std::cmp::Reverse((self.span(&e["range"]), *i)));
        let edits: Vec<Value> = indexed.into_iter().map(|(_, e)| e).collect();
        for pair in edits.windows(2) {
            assert!(self.span(&pair[1]["range"]).1 <= self.span(&pair[0]["range"]).0, "overlapping edits: {edits:?}");
        }
        for edit in &edits {
            self.replace(&edit["range"], edit["newText"].as_str().expect("newText"));
        }
        edits
    }
}

struct Client {
    connection: Connection,
    server: Option<JoinHandle<Ended>>,
    next_id: i32,
    /// The version of the last `publishDiagnostics`, and its diagnostics.
    published: Option<(i64, Value)>,
    doc: Doc,
    version: i32,
    open: bool,
}

impl Client {
    fn send(&self, message: impl Into<Message>) {
        self.connection.sender.send(message.into()).expect("the server is running");
    }

    fn notify(&self, method: &str, params: Value) {
        self.send(Notification::new(method.to_string(), params));
    }

    /// Reads one message: diagnostics are kept, the server's own requests answered, an error
    /// in its log fails the run.
    fn pump(&mut self) -> Option<Response> {
        let message = self
            .connection
            .receiver
            .recv_timeout(Duration::from_secs(120))
            .expect("the server answers within two minutes");
        match message {
            Message::Response(response) => return Some(response),
            Message::Request(request) => self.send(Response::new_ok(request.id, Value::Null)),
            Message::Notification(n) if n.method == "textDocument/publishDiagnostics" => {
                // A document that is closed gets its diagnostics cleared, without a version.
                if n.params["uri"] == URI {
                    self.published = n.params["version"].as_i64().map(|v| (v, n.params["diagnostics"].clone()));
                }
            }
            Message::Notification(n) if n.method == "window/logMessage" => {
                assert!(n.params["type"] != 1, "the server logged an error: {}", n.params["message"]);
            }
            Message::Notification(_) => {}
        }
        None
    }

    /// Sends a request and waits for its answer, which must not be an internal error.
    fn request(&mut self, method: &str, params: Value) -> Result<Value, (i32, String)> {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        self.send(Request::new(id.clone(), method.to_string(), params));
        loop {
            if let Some(response) = self.pump()
                && response.id == id
            {
                return response.response_result.map_err(|error| {
                    assert!(error.code != -32603, "`{method}` failed with an internal error: {}", error.message);
                    (error.code, error.message)
                });
            }
        }
    }

    fn change(&mut self, changes: Vec<Value>) {
        self.version += 1;
        let params = json!({ "textDocument": { "uri": URI, "version": self.version }, "contentChanges": changes });
        self.notify("textDocument/didChange", params);
    }

    fn open(&mut self) {
        self.version += 1;
        let document =
            json!({ "uri": URI, "languageId": "dockerfile", "version": self.version, "text": self.doc.text });
        self.notify("textDocument/didOpen", json!({ "textDocument": document }));
        self.open = true;
    }

    /// Asks for the code actions of a range, resolves them, and checks what each edit does to
    /// the client's text: a quick fix is the core's fix of that finding, fix-all is the fix
    /// loop's safe fixes, an ignore pragma silences the finding and breaks nothing. Applies one
    /// of them when `apply` says which.
    fn code_actions(&mut self, range: Value, fix_all: bool, apply: Option<usize>) {
        let mut context = json!({ "diagnostics": [] });
        if fix_all {
            context["only"] = json!(["source.fixAll"]);
        }
        let params = json!({ "textDocument": { "uri": URI }, "range": range, "context": context });
        let actions = self.request("textDocument/codeAction", params).expect("code actions are answered");
        let actions = actions.as_array().cloned().unwrap_or_default();
        let chosen = apply.map(|k| k % actions.len().max(1));
        let core = shipshape::check(&self.doc.text, &Settings::default());
        let mut applied = None;
        for (k, action) in actions.into_iter().enumerate() {
            let action = if action.get("edit").is_some() {
                action
            } else {
                self.request("codeAction/resolve", action).expect("an action resolves")
            };
            let mut copy = self.doc.clone();
            let edits = copy.apply_edits(Doc::edits_of(&action["edit"]));
            self.check_action(&action, &core, &copy.text);
            if chosen == Some(k) && !edits.is_empty() && self.open {
                applied = Some((copy, edits));
            }
        }
        // The editor applies the chosen one, after the others were looked at.
        if let Some((copy, edits)) = applied {
            self.doc = copy;
            let changes = edits.into_iter().map(|e| json!({ "range": e["range"], "text": e["newText"] })).collect();
            self.change(changes);
        }
    }

    /// What an action's edit made of the client's text (`after`) is what the action says.
    fn check_action(&self, action: &Value, core: &[shipshape::Diagnostic], after: &str) {
        let text = &self.doc.text;
        let title = action["title"].as_str().unwrap_or_default();
        if action["kind"].as_str().is_some_and(|k| k.starts_with("source.fixAll")) {
            let expected = shipshape::fix(text, &Settings::default(), Applicability::Safe).output;
            assert_eq!(after, expected, "fix-all through the server is not the fix loop's");
            return;
        }
        let about = &action["diagnostics"][0];
        let code = about["code"].as_str().expect("a quick fix names its finding");
        let count = |t: &str| shipshape::check(t, &Settings::default()).iter().filter(|d| d.rule.code == code).count();
        if title.starts_with("Ignore ") {
            let (before, left) = (count(text), count(after));
            assert!(left < before, "`{title}` left {left} of {before} {code}: {text:?} became {after:?}");
            let errors = |t: &str| shipshape::parse(t).errors.len();
            assert!(errors(after) <= errors(text), "`{title}` added a syntax error: {after:?}");
            return;
        }
        let fix = core
            .iter()
            .filter(|d| d.rule.code == code)
            .filter(|d| {
                about["range"] == json!({ "start": self.doc.position(d.range.start as usize), "end": self.doc.position(d.range.end as usize) })
            })
            .filter_map(|d| d.fix.as_ref())
            .find(|f| title.starts_with(&format!("{} ({code}", f.title)))
            .unwrap_or_else(|| panic!("no finding of the core has the fix `{title}`"));
        let expected = shipshape::fix::apply(text, &[fix]).0;
        assert_eq!(after, expected, "the quick fix `{title}` through the server is not the core's fix");
    }

    /// Formats through the server: the result is the formatter's for the client's text.
    fn format(&mut self, apply: bool) {
        let params = json!({ "textDocument": { "uri": URI }, "options": { "tabSize": 4, "insertSpaces": true } });
        let expected = shipshape::format::format(&self.doc.text, &Default::default());
        match (self.request("textDocument/formatting", params), expected) {
            (Ok(Value::Null), _) => assert!(!self.open, "no formatting for an open document"),
            (Ok(edits), Ok(expected)) => {
                let mut copy = self.doc.clone();
                let edits = copy.apply_edits(edits.as_array().cloned().unwrap_or_default());
                assert_eq!(copy.text, expected, "formatting through the server is not the formatter's");
                if apply && !edits.is_empty() {
                    self.doc = copy;
                    self.change(
                        edits.into_iter().map(|e| json!({ "range": e["range"], "text": e["newText"] })).collect(),
                    );
                }
            }
            (Ok(edits), Err(error)) => panic!("the server formatted ({edits}) what the formatter refuses: {error}"),
            (Err((code, message)), Ok(_)) => panic!("formatting failed ({code}: {message}) on a file that formats"),
            (Err((code, _)), Err(_)) => assert_eq!(code, -32803, "a refusal to format is RequestFailed"),
        }
    }

    /// Waits until the server has published diagnostics for the current version, and compares
    /// them with the core's for the client's text.
    fn diagnostics_agree(&mut self) {
        // A request makes the server read its queue empty, and so check the document.
        self.request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": URI }, "position": { "line": 0, "character": 0 } }),
        )
        .expect("hover is answered");
        while self.published.as_ref().map(|(v, _)| *v) != Some(i64::from(self.version)) {
            self.pump();
        }
        let (_, published) = self.published.clone().expect("diagnostics");
        let expected: Vec<Value> = shipshape::check(&self.doc.text, &Settings::default())
            .iter()
            .map(|d| {
                json!({
                    "code": d.rule.code,
                    "message": d.message,
                    "range": { "start": self.doc.position(d.range.start as usize), "end": self.doc.position(d.range.end as usize) },
                })
            })
            .collect();
        let got: Vec<Value> = published
            .as_array()
            .expect("a list")
            .iter()
            .map(|d| json!({ "code": d["code"], "message": d["message"], "range": d["range"] }))
            .collect();
        assert_eq!(
            got, expected,
            "the server's diagnostics are not the core's for the client's text {:?}",
            self.doc.text
        );
    }
}

fuzz_target!(|data: &[u8]| {
    let parts = parts(data);
    let mut u = Unstructured::new(parts.get(1).copied().unwrap_or_default());
    let inserts: Vec<String> = parts.iter().skip(2).map(|p| text(p).into_owned()).collect();
    let encoding = match u.int_in_range(0..=2u8).unwrap_or(0) {
        0 => Encoding::Utf16,
        1 => Encoding::Utf8,
        _ => Encoding::Utf32,
    };
    // Half the sessions are VS Code's, with resolved code actions and versioned edits; the
    // others a client that supports nothing optional.
    let capabilities = if u.ratio(1, 2).unwrap_or(true) {
        json!({
            "general": { "positionEncodings": [encoding.name()] },
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
            "workspace": { "workspaceEdit": { "documentChanges": true }, "configuration": true }
        })
    } else {
        json!({ "general": { "positionEncodings": [encoding.name()] } })
    };

    let (server, connection) = Connection::memory();
    let handle = std::thread::spawn(move || shipshape_server::run(&server, Hooks::default()));
    let doc = Doc { text: text(parts[0]).into_owned(), encoding };
    let mut client =
        Client { connection, server: Some(handle), next_id: 0, published: None, doc, version: 0, open: false };
    let result = client.request("initialize", json!({ "capabilities": capabilities })).expect("initialize succeeds");
    assert_eq!(result["capabilities"]["positionEncoding"], encoding.name(), "the encoding the client offered");
    client.notify("initialized", json!({}));
    client.open();

    let mut steps = 0;
    while !u.is_empty() && steps < 48 {
        steps += 1;
        match u.int_in_range(0..=9u8).unwrap_or(0) {
            0..=3 if client.open => {
                // One `didChange` with up to three edits, each made on the text the ones before
                // it left.
                let mut changes = Vec::new();
                for _ in 0..u.int_in_range(1..=3).unwrap_or(1) {
                    let range = client.doc.random_range(&mut u);
                    let new = match u.int_in_range(0..=3u8).unwrap_or(0) {
                        0 if !inserts.is_empty() => inserts[u.choose_index(inserts.len()).unwrap_or(0)].clone(),
                        1 => {
                            let (start, end) = client.doc.span(&client.doc.random_range(&mut u));
                            client.doc.text[start..end].to_string()
                        }
                        _ => PIECES[u.choose_index(PIECES.len()).unwrap_or(0)].to_string(),
                    };
                    client.doc.replace(&range, &new);
                    changes.push(json!({ "range": range, "text": new }));
                }
                client.change(changes);
            }
            4 if client.open => {
                let new = inserts.first().cloned().unwrap_or_default();
                client.doc.text = new.clone();
                client.change(vec![json!({ "text": new })]);
            }
            5 => {
                let range = client.doc.random_range(&mut u);
                let fix_all = u.ratio(1, 3).unwrap_or(false);
                let apply = u.ratio(1, 2).unwrap_or(false).then(|| u.choose_index(64).unwrap_or(0));
                client.code_actions(range, fix_all, apply);
            }
            6 => {
                let apply = u.ratio(1, 2).unwrap_or(false);
                client.format(apply);
            }
            7 => {
                let position = client.doc.random_position(&mut u);
                client
                    .request("textDocument/hover", json!({ "textDocument": { "uri": URI }, "position": position }))
                    .expect("hover is answered");
            }
            8 if client.open => {
                client.notify("textDocument/didClose", json!({ "textDocument": { "uri": URI } }));
                client.open = false;
            }
            _ if !client.open => client.open(),
            _ => client.diagnostics_agree(),
        }
    }
    if !client.open {
        client.open();
    }
    client.diagnostics_agree();
    client.format(false);
    assert_eq!(client.request("shutdown", Value::Null), Ok(Value::Null));
    client.notify("exit", Value::Null);
    let handle = client.server.take().expect("the server's thread");
    drop(client);
    assert_eq!(handle.join().expect("the server's thread ends without a panic"), Ended::Exit);
});
