//! The server as an editor sees it, over an in-memory connection: every feature and every
//! error path, checked against the protocol's JSON.

mod support;

use std::io::{BufRead, BufReader, Write};

use serde_json::{Value, json};
use shipshape::Settings;
use shipshape_server::{Ended, Hooks, MAX_PUBLISHED};
use support::{Client, codes, file_uri, full_capabilities, minimal_capabilities, range, temp_dir};

const URI: &str = "file:///w/Dockerfile";
const PYTHON: &str = "FROM python:3.13-slim\nRUN pip install flask\n";

/// An offset as the protocol's UTF-16 position, computed without the server's code.
fn utf16_position(text: &str, offset: usize) -> Value {
    let line = text[..offset].matches('\n').count();
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let character: usize = text[line_start..offset].chars().map(char::len_utf16).sum();
    json!({ "line": line, "character": character })
}

/// The codes the core finds in `text`, in order.
fn core_codes(text: &str) -> Vec<String> {
    shipshape::check(text, &Settings::default()).iter().map(|d| d.rule.code.to_string()).collect()
}

fn diagnostic<'a>(published: &'a Value, code: &str) -> &'a Value {
    published["diagnostics"]
        .as_array()
        .and_then(|all| all.iter().find(|d| d["code"] == code))
        .unwrap_or_else(|| panic!("no {code} in {published:#}"))
}

fn action<'a>(actions: &'a [Value], title_part: &str) -> &'a Value {
    actions
        .iter()
        .find(|a| a["title"].as_str().is_some_and(|t| t.contains(title_part)))
        .unwrap_or_else(|| panic!("no action titled …{title_part}… in {:#}", json!(actions)))
}

#[test]
fn initialize_advertises_the_features_and_negotiates_positions() {
    let mut client = Client::start(Hooks::default());
    let result = client.initialize(full_capabilities(), Value::Null, None);
    let caps = &result["capabilities"];
    assert_eq!(caps["positionEncoding"], "utf-16");
    assert_eq!(caps["textDocumentSync"]["change"], 2, "incremental sync");
    assert_eq!(caps["textDocumentSync"]["openClose"], true);
    assert_eq!(caps["codeActionProvider"]["codeActionKinds"], json!(["quickfix", "source.fixAll.shipshape"]));
    assert_eq!(caps["codeActionProvider"]["resolveProvider"], true);
    assert_eq!(caps["hoverProvider"], true);
    assert_eq!(result["serverInfo"]["name"], "shipshape");
    assert_eq!(client.shutdown(), Ended::Exit);

    let mut utf8 = Client::start(Hooks::default());
    let result = utf8.initialize(json!({ "general": { "positionEncodings": ["utf-8", "utf-16"] } }), Value::Null, None);
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-8");
    // clangd's extension, which Neovim before 0.9 offers instead.
    let mut clangd_style = Client::start(Hooks::default());
    let result = clangd_style.initialize(json!({ "offsetEncoding": ["utf-8", "utf-16"] }), Value::Null, None);
    assert_eq!(result["offsetEncoding"], "utf-8");
    assert_eq!(result["capabilities"].get("positionEncoding"), None);
}

#[test]
fn requests_before_initialize_are_refused_and_initialize_once() {
    let mut client = Client::start(Hooks::default());
    let refused = client.request("textDocument/hover", json!({})).unwrap_err();
    assert_eq!(refused.code, -32002, "ServerNotInitialized");
    let bad = client.request("initialize", json!({ "capabilities": 7 })).unwrap_err();
    assert_eq!(bad.code, -32602, "InvalidParams: {}", bad.message);
    client.initialize(minimal_capabilities(), Value::Null, None);
    let again = client.request("initialize", json!({ "capabilities": {} })).unwrap_err();
    assert_eq!(again.code, -32600);
    assert_eq!(client.shutdown(), Ended::Exit);
}

#[test]
fn diagnostics_carry_code_link_severity_source_and_the_exact_utf16_range() {
    let text = "FROM python:3.13-slim\nRUN echo \"😀 é\" && pip install flask\n";
    let mut client = Client::initialized(full_capabilities(), Value::Null, None);
    let published = client.open(URI, text);
    assert_eq!(published["version"], 1);
    assert_eq!(codes(&published), ["SS001", "SS007", "DL3013", "DL3042"]);
    let found = diagnostic(&published, "DL3042");
    let core = shipshape::check(text, &Settings::default());
    let expected = core.iter().find(|d| d.rule.code == "DL3042").expect("the core finds DL3042").range;
    assert_eq!(found["range"]["start"], utf16_position(text, expected.start as usize));
    assert_eq!(found["range"]["end"], utf16_position(text, expected.end as usize));
    // `pip` is at byte 22 of its line but UTF-16 column 19: the emoji is two units, `é` one.
    assert_eq!(found["range"]["start"], json!({ "line": 1, "character": 19 }));
    assert_eq!(found["severity"], 2, "warning");
    assert_eq!(found["source"], "shipshape");
    assert_eq!(
        found["codeDescription"]["href"],
        "https://github.com/shipshape-dev/shipshape/blob/main/docs/rules/DL3042.md"
    );
    assert!(found["message"].as_str().unwrap().contains("--no-cache-dir"));
    assert_eq!(diagnostic(&published, "SS001")["severity"], 1, "error");
    assert_eq!(diagnostic(&published, "SS007")["severity"], 3, "information");
    assert_eq!(client.shutdown(), Ended::Exit);
}

#[test]
fn utf8_columns_when_the_client_asks_for_them() {
    let text = "FROM python:3.13-slim\nRUN echo \"😀 é\" && pip install flask\n";
    let mut client = Client::initialized(json!({ "general": { "positionEncodings": ["utf-8"] } }), Value::Null, None);
    let published = client.open(URI, text);
    let pip = text.find("pip").unwrap() - text.find("RUN").unwrap();
    assert_eq!(diagnostic(&published, "DL3042")["range"]["start"], json!({ "line": 1, "character": pip }));
    // Edits in UTF-8 columns: replace `flask` (after the four-byte emoji) with `flask==3.1.0`.
    let flask = text.rfind("flask").unwrap() - text.find("RUN").unwrap();
    client.change(URI, 2, json!([{ "range": range(1, flask as u32, 1, flask as u32 + 5), "text": "flask==3.1.0" }]));
    let published = client.diagnostics(URI);
    assert_eq!(published["version"], 2);
    assert!(!codes(&published).contains(&"DL3013".to_string()), "pinned now: {published:#}");
    assert_eq!(client.shutdown(), Ended::Exit);
}

#[test]
fn full_and_incremental_changes_are_checked_and_published_with_their_version() {
    let mut client = Client::initialized(full_capabilities(), Value::Null, None);
    client.open(URI, PYTHON);
    // Incremental: add the flag where the quick fix would.
    client.change(URI, 2, json!([{ "range": range(1, 15, 1, 15), "text": " --no-cache-dir" }]));
    let published = client.diagnostics(URI);
    assert_eq!(published["version"], 2);
    assert!(!codes(&published).contains(&"DL3042".to_string()));
    // Several edits in one notification, each on the text the previous one left.
    client.change(
        URI,
        3,
        json!([
            { "range": range(1, 0, 1, 3), "text": "run" },
            { "range": range(2, 0, 2, 0), "text": "USER 1000\r\nCMD [\"python\"]" },
            { "range": range(2, 9, 2, 9), "text": "1" }
        ]),
    );
    let published = client.diagnostics(URI);
    assert_eq!(published["version"], 3);
    let text = "FROM python:3.13-slim\nrun pip install --no-cache-dir flask\nUSER 10001\r\nCMD [\"python\"]";
    assert_eq!(codes(&published), core_codes(text), "the server's text is {text:?}");
    assert!(!codes(&published).contains(&"SS001".to_string()), "USER 10001 is not root: {published:#}");
    // A full replacement.
    client.change(URI, 4, json!([{ "text": "FROM alpine:3.20\n" }]));
    let published = client.diagnostics(URI);
    assert_eq!((published["version"].clone(), codes(&published)), (json!(4), vec!["SS001".to_string()]));
    assert_eq!(client.shutdown(), Ended::Exit);
}

#[test]
fn queued_changes_are_checked_once() {
    // Everything is queued before the server starts reading, as when an editor sends
    // keystrokes faster than a large file is checked.
    let (server, connection) = lsp_server::Connection::memory();
    let mut client = Client::with(connection, None);
    let init = client.send_request("initialize", json!({ "capabilities": {} }));
    client.notify("initialized", json!({}));
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": URI, "languageId": "dockerfile", "version": 1, "text": "FROM alpine:3.20\n" } }),
    );
    for version in 2..=40 {
        client.change(URI, version, json!([{ "range": range(1, 0, 1, 0), "text": "#" }]));
    }
    client.change(URI, 41, json!([{ "text": PYTHON }]));
    let hover = client.send_request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": URI }, "position": { "line": 1, "character": 1 } }),
    );
    let handle = std::thread::spawn(move || shipshape_server::run(&server, Hooks::default()));
    client.response(&init).expect("initialized");
    client.response(&hover).expect("the hover is answered from the latest text");
    let published = client.diagnostics(URI);
    assert_eq!(published["version"], 41, "one check, for the last version");
    client.request("shutdown", Value::Null).expect("shutdown");
    client.notify("exit", Value::Null);
    assert_eq!(handle.join().expect("no panic"), Ended::Exit);
    let others: Vec<_> =
        client.notifications.iter().filter(|n| n.method == "textDocument/publishDiagnostics").collect();
    assert!(others.is_empty(), "no diagnostics for intermediate versions: {others:?}");
}

#[test]
fn past_the_published_limit_the_first_findings_and_a_count_are_published() {
    // Three findings a line (SC2086, DL3018, DL3019) in a heredoc that never ends.
    let body = "echo $HOME && apk add curl\n".repeat(MAX_PUBLISHED / 3 + 100);
    let text = format!("FROM alpine:3.20\nRUN <<EOF\n{body}");
    let found = shipshape::check(&text, &Settings::default());
    assert!(found.len() > MAX_PUBLISHED + 100, "{} findings", found.len());
    let mut client = Client::initialized(full_capabilities(), Value::Null, None);
    let published = client.open(URI, &text);
    let diagnostics = published["diagnostics"].as_array().expect("diagnostics");
    assert_eq!(diagnostics.len(), MAX_PUBLISHED + 1);
    let first: Vec<_> = found.iter().take(MAX_PUBLISHED).map(|d| d.rule.code.to_string()).collect();
    assert_eq!(codes(&json!({ "diagnostics": diagnostics[..MAX_PUBLISHED] })), first, "the first in the file");
    let notice = &diagnostics[MAX_PUBLISHED];
    let message = notice["message"].as_str().expect("a message");
    assert!(message.contains(&format!("found {} problems", found.len())), "{message}");
    assert!(message.contains("`shipshape check` lists them all"), "{message}");
    assert_eq!(notice["severity"], 3, "information");
    assert_eq!(
        notice["range"]["start"],
        utf16_position(&text, found[MAX_PUBLISHED].range.start as usize),
        "where the list stops"
    );
    assert_eq!(client.shutdown(), Ended::Exit);
}

#[test]
fn a_document_over_the_size_limit_gets_one_notice_and_keeps_its_edits() {
    let mut client = Client::initialized(full_capabilities(), Value::Null, None);
    let text = format!("FROM alpine\n{}", "#".repeat(shipshape::text::MAX_SOURCE_LEN));
    let published = client.open(URI, &text);
    let diagnostics = published["diagnostics"].as_array().expect("diagnostics");
    assert_eq!(diagnostics.len(), 1, "{:#}", diagnostics[0]);
    let message = diagnostics[0]["message"].as_str().expect("a message");
    assert_eq!(message, "shipshape checks Dockerfiles up to 64.0 MB; this one is 64.1 MB and was not checked");
    // Cut below the limit, the same document is checked again.
    let limit_line = u32::try_from(shipshape::text::MAX_SOURCE_LEN).expect("fits");
    client.change(URI, 2, json!([{ "range": range(1, 0, 1, limit_line), "text": "RUN apk add curl" }]));
    let published = client.diagnostics(URI);
    assert_eq!(codes(&published), core_codes("FROM alpine\nRUN apk add curl"));
    assert_eq!(client.shutdown(), Ended::Exit);
}

#[test]
fn only_dockerfiles_are_checked_and_closing_clears() {
    let mut client = Client::initialized(full_capabilities(), Value::Null, None);
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": "file:///w/README.md", "languageId": "markdown", "version": 1, "text": "FROM x\n" } }),
    );
    // Named like a Dockerfile by an editor's `Dockerfile.*` pattern, but a .dockerignore.
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": "file:///w/Dockerfile.dockerignore", "languageId": "dockerfile", "version": 1, "text": "FROM x\n" } }),
    );
    // A Dockerfile by its name, whatever the client calls its language.
    let named = "file:///w/api.Dockerfile";
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": named, "languageId": "plaintext", "version": 1, "text": PYTHON } }),
    );
    let first = client.notification("textDocument/publishDiagnostics", |_| true);
    assert_eq!(first["uri"], named, "nothing is published for README.md");
    client.notify("textDocument/didClose", json!({ "textDocument": { "uri": named } }));
    let cleared = client.diagnostics(named);
    assert_eq!(cleared["diagnostics"], json!([]));
    assert_eq!(cleared.get("version"), None);
    // Unsaved buffers are checked too.
    let untitled = client.open("untitled:Untitled-1", PYTHON);
    assert_eq!(codes(&untitled).len(), 4);
    assert_eq!(client.shutdown(), Ended::Exit);
}

#[test]
fn quick_fixes_one_per_finding_safe_preferred_and_unsafe_titled() {
    let mut client = Client::initialized(full_capabilities(), Value::Null, None);
    client.open(URI, PYTHON);
    let actions = client.code_actions(URI, range(1, 6, 1, 6), None);
    let fix = action(&actions, "Add `--no-cache-dir` (DL3042)");
    assert_eq!(fix["kind"], "quickfix");
    assert_eq!(fix["isPreferred"], true);
    assert_eq!(fix["diagnostics"][0]["code"], "DL3042");
    // Versioned edits: the editor refuses them if the text changed meanwhile.
    assert_eq!(fix["edit"]["documentChanges"][0]["textDocument"]["version"], 1);
    let fixed = client.apply(PYTHON, &fix["edit"]);
    assert_eq!(fixed, "FROM python:3.13-slim\nRUN pip install --no-cache-dir flask\n");
    // DL3013 has no fix: only the ignore actions.
    assert!(actions.iter().all(|a| !a["title"].as_str().unwrap().contains("(DL3013")));
    let actions = client.code_actions(URI, range(0, 0, 0, 0), None);
    let unsafe_fix = action(&actions, "(SS001, unsafe fix");
    assert_eq!(unsafe_fix["isPreferred"], false);
    let user = client.apply(PYTHON, &unsafe_fix["edit"]);
    assert!(user.contains("USER "), "{user}");
    assert!(shipshape::check(&user, &Settings::default()).iter().all(|d| d.rule.code != "SS001"));
    // Applied, the fix is what the editor sends back; the server checks the new text.
    client.change(URI, 2, json!([{ "text": fixed }]));
    let published = client.diagnostics(URI);
    assert!(!codes(&published).contains(&"DL3042".to_string()));
    // The `only` filter.
    let only_source = client.code_actions(URI, range(1, 6, 1, 6), Some(json!(["source"])));
    assert!(only_source.iter().all(|a| a["kind"] == "source.fixAll.shipshape"), "{only_source:#?}");
    assert_eq!(client.shutdown(), Ended::Exit);
}

#[test]
fn ignore_actions_add_or_extend_hadolint_pragmas() {
    let mut client = Client::initialized(minimal_capabilities(), Value::Null, None);
    client.open(URI, PYTHON);
    let actions = client.code_actions(URI, range(1, 6, 1, 6), Some(json!(["quickfix"])));
    let here = client.apply(PYTHON, &action(&actions, "Ignore DL3042 for this instruction")["edit"]);
    assert_eq!(here, "FROM python:3.13-slim\n# hadolint ignore=DL3042\nRUN pip install flask\n");
    let file = client.apply(PYTHON, &action(&actions, "Ignore DL3013 in this file")["edit"]);
    assert_eq!(file, "# hadolint global ignore=DL3013\nFROM python:3.13-slim\nRUN pip install flask\n");
    // With a pragma there already, the code joins it.
    client.change(URI, 2, json!([{ "text": here }]));
    let published = client.diagnostics(URI);
    assert!(!codes(&published).contains(&"DL3042".to_string()));
    let actions = client.code_actions(URI, range(2, 6, 2, 6), Some(json!(["quickfix"])));
    let merged = client.apply(&here, &action(&actions, "Ignore DL3013 for this instruction")["edit"]);
    assert_eq!(merged, "FROM python:3.13-slim\n# hadolint ignore=DL3042,DL3013\nRUN pip install flask\n");
    client.change(URI, 3, json!([{ "text": merged }]));
    let published = client.diagnostics(URI);
    assert_eq!(codes(&published), ["SS001", "SS007"]);
    assert_eq!(client.shutdown(), Ended::Exit);
}

#[test]
fn a_pragma_ends_with_a_line_break_docker_sees() {
    // Found by the `lsp` fuzz target: the file's first line break is a lone `\r`, a line break
    // to the editor and none to Docker. A pragma ended with it ran on into the FROM below,
    // which became part of the comment.
    let text = "FROM python:3.8\r install -r requirements.txt\nCMD python manage.py\n";
    let mut client = Client::initialized(minimal_capabilities(), Value::Null, None);
    client.open(URI, text);
    // The editor counts the `\r` as a line break: the CMD is on its third line.
    let actions = client.code_actions(URI, range(2, 0, 2, 0), Some(json!(["quickfix"])));
    let file = client.apply(text, &action(&actions, "Ignore DL3025 in this file")["edit"]);
    assert_eq!(file, format!("# hadolint global ignore=DL3025\n{text}"));
    let codes = core_codes(&file);
    assert!(!codes.contains(&"DL3025".to_string()) && !codes.contains(&"DL3061".to_string()), "{codes:?}");
    assert_eq!(client.shutdown(), Ended::Exit);
}

#[test]
fn fix_all_applies_the_fix_loop_resolved_or_eager() {
    let expected = shipshape::fix(PYTHON, &Settings::default(), shipshape::Applicability::Safe).output;
    assert_ne!(expected, PYTHON);
    // A client that resolves: the edit is made when the action is chosen.
    let mut client = Client::initialized(full_capabilities(), Value::Null, None);
    client.open(URI, PYTHON);
    let actions = client.code_actions(URI, range(0, 0, 0, 0), Some(json!(["source.fixAll"])));
    assert_eq!(actions.len(), 1, "{actions:#?}");
    let fix_all = &actions[0];
    assert_eq!(fix_all["kind"], "source.fixAll.shipshape");
    assert_eq!(fix_all.get("edit"), None);
    let resolved = client.request("codeAction/resolve", fix_all.clone()).expect("resolves");
    assert_eq!(client.apply(PYTHON, &resolved["edit"]), expected);
    // One edit over the part that changes, not the whole file.
    let edits = &resolved["edit"]["documentChanges"][0]["edits"];
    assert_eq!(edits.as_array().map(Vec::len), Some(1));
    assert_ne!(edits[0]["range"]["start"], json!({ "line": 0, "character": 0 }));
    assert_eq!(client.shutdown(), Ended::Exit);
    // A client that does not: the edit comes with the action.
    let mut client = Client::initialized(minimal_capabilities(), Value::Null, None);
    client.open(URI, PYTHON);
    let actions = client.code_actions(URI, range(0, 0, 0, 0), Some(json!(["source.fixAll.shipshape"])));
    assert_eq!(client.apply(PYTHON, &actions[0]["edit"]), expected);
    // Nothing to fix, no action.
    client.change(URI, 2, json!([{ "text": expected }]));
    client.diagnostics(URI);
    assert!(client.code_actions(URI, range(0, 0, 0, 0), Some(json!(["source.fixAll"]))).is_empty());
    assert_eq!(client.shutdown(), Ended::Exit);
}

#[test]
fn hover_shows_rule_docs_on_findings_and_a_reference_on_keywords() {
    let mut client = Client::initialized(full_capabilities(), Value::Null, None);
    client.open(URI, PYTHON);
    let position = |line: u32, character: u32| json!({ "textDocument": { "uri": URI }, "position": { "line": line, "character": character } });
    let on_pip = client.request("textDocument/hover", position(1, 8)).expect("hover");
    let text = on_pip["contents"]["value"].as_str().unwrap();
    assert_eq!(on_pip["contents"]["kind"], "markdown");
    assert!(text.contains("**DL3042** `pip-without-no-cache-dir`"), "{text}");
    assert!(text.contains("## Why is this bad?"), "the rule's docs: {text}");
    assert!(text.contains("**DL3013**"), "every finding under the pointer: {text}");
    assert!(text.contains("docs/rules/DL3042.md"));
    let on_run = client.request("textDocument/hover", position(1, 1)).expect("hover");
    let text = on_run["contents"]["value"].as_str().unwrap();
    assert!(text.contains("**RUN**") && text.contains("new layer"), "{text}");
    assert_eq!(on_run["range"], range(1, 0, 1, 3));
    let nothing = client.request("textDocument/hover", position(2, 0)).expect("hover");
    assert_eq!(nothing, Value::Null, "the empty last line");
    assert_eq!(client.shutdown(), Ended::Exit);
}

#[test]
fn the_projects_hadolint_yaml_is_read_and_read_again_when_it_changes() {
    let dir = temp_dir("config");
    std::fs::write(dir.join(".hadolint.yaml"), "ignored: [DL3042]\noverride:\n  error: [DL3013]\n").unwrap();
    std::fs::write(dir.join(".dockerignore"), ".git\n").unwrap();
    let dockerfile = dir.join("Dockerfile");
    std::fs::write(&dockerfile, PYTHON).unwrap();
    let uri = file_uri(&dockerfile);
    let mut client = Client::initialized(full_capabilities(), Value::Null, Some(&dir));
    let published = client.open(&uri, PYTHON);
    assert!(!codes(&published).contains(&"DL3042".to_string()), "{published:#}");
    assert_eq!(diagnostic(&published, "DL3013")["severity"], 1, "the override");
    // The server asked to watch the files that change its settings.
    let registration = client
        .server_requests
        .iter()
        .find(|r| r.method == "client/registerCapability")
        .expect("a watcher registration");
    let globs = registration.params.to_string();
    assert!(globs.contains("**/.hadolint.{yaml,yml}") && globs.contains("**/.dockerignore"), "{globs}");
    std::fs::write(dir.join(".hadolint.yaml"), "ignored: [DL3013]\n").unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": file_uri(&dir.join(".hadolint.yaml")), "type": 2 }] }),
    );
    let published = client.diagnostics(&uri);
    assert_eq!(codes(&published), ["SS001", "SS007", "DL3042"]);
    // A broken file is reported once, and checking goes on without it.
    std::fs::write(dir.join(".hadolint.yaml"), "ignored: [\n").unwrap();
    client.notify("textDocument/didSave", json!({ "textDocument": { "uri": file_uri(&dir.join(".hadolint.yaml")) } }));
    let warning = client.notification("window/showMessage", |_| true);
    assert!(warning["message"].as_str().unwrap().contains("invalid YAML"), "{warning}");
    let published = client.diagnostics(&uri);
    assert_eq!(codes(&published), ["SS001", "SS007", "DL3013", "DL3042"]);
    assert_eq!(client.shutdown(), Ended::Exit);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn the_dockerignore_beside_the_file_is_used() {
    let dir = temp_dir("dockerignore");
    let dockerfile = dir.join("Dockerfile");
    let text = "FROM node:22.11-slim\nWORKDIR /app\nCOPY . .\nUSER node\n";
    std::fs::write(&dockerfile, text).unwrap();
    let uri = file_uri(&dockerfile);
    // A client without watchers: the settings files are read again when a file is saved.
    let mut client = Client::initialized(minimal_capabilities(), json!({ "noConfig": true }), Some(&dir));
    assert!(codes(&client.open(&uri, text)).contains(&"SS003".to_string()));
    std::fs::write(dir.join("Dockerfile.dockerignore"), "node_modules\n").unwrap();
    client.notify("textDocument/didSave", json!({ "textDocument": { "uri": uri } }));
    assert!(!codes(&client.diagnostics(&uri)).contains(&"SS003".to_string()));
    assert_eq!(client.shutdown(), Ended::Exit);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn select_and_ignore_from_initialization_options_and_configuration_changes() {
    let mut client = Client::initialized(
        minimal_capabilities(),
        json!({ "select": ["DL3042", "DL3013"], "ignore": ["DL3013", "DL9999"] }),
        None,
    );
    let warning = client.notification("window/showMessage", |_| true);
    assert!(warning["message"].as_str().unwrap().contains("`DL9999`"), "{warning}");
    assert_eq!(codes(&client.open(URI, PYTHON)), ["DL3042"]);
    // VS Code and Neovim send the section under its name.
    client.notify("workspace/didChangeConfiguration", json!({ "settings": { "shipshape": { "ignore": ["SS001"] } } }));
    assert_eq!(codes(&client.diagnostics(URI)), ["SS007", "DL3013", "DL3042"]);
    // An empty object says nothing; the settings stay.
    client.notify("workspace/didChangeConfiguration", json!({ "settings": {} }));
    client.change(URI, 2, json!([{ "text": PYTHON }]));
    assert_eq!(codes(&client.diagnostics(URI)), ["SS007", "DL3013", "DL3042"]);
    // A wrong type is reported, not applied.
    client.notify("workspace/didChangeConfiguration", json!({ "settings": { "shipshape": { "select": "DL3042" } } }));
    let warning = client.notification("window/showMessage", |_| true);
    assert!(warning["message"].as_str().unwrap().contains("invalid type"), "{warning}");
    assert_eq!(client.shutdown(), Ended::Exit);
}

#[test]
fn configuration_is_pulled_from_clients_that_offer_it() {
    let mut client = Client::start(Hooks::default());
    client.configuration = json!({ "ignore": ["SS007"] });
    client.initialize(full_capabilities(), Value::Null, None);
    let published = client.open(URI, PYTHON);
    // The pulled settings may arrive before or after the first check.
    let published = if codes(&published).contains(&"SS007".to_string()) { client.diagnostics(URI) } else { published };
    assert_eq!(codes(&published), ["SS001", "DL3013", "DL3042"]);
    assert!(client.server_requests.iter().any(|r| r.method == "workspace/configuration"));
    client.configuration = json!({ "ignore": ["SS001"] });
    client.notify("workspace/didChangeConfiguration", json!({ "settings": null }));
    assert_eq!(codes(&client.diagnostics(URI)), ["SS007", "DL3013", "DL3042"]);
    assert_eq!(client.shutdown(), Ended::Exit);
}

#[test]
fn bad_requests_get_json_rpc_errors_and_the_server_goes_on() {
    let mut client = Client::initialized(full_capabilities(), Value::Null, None);
    client.open(URI, PYTHON);
    let unknown = client.request("textDocument/definition", json!({})).unwrap_err();
    assert_eq!(unknown.code, -32601, "MethodNotFound");
    let invalid = client.request("textDocument/hover", json!({ "position": "here" })).unwrap_err();
    assert_eq!(invalid.code, -32602, "InvalidParams");
    assert!(invalid.message.contains("invalid parameters"), "{}", invalid.message);
    // A notification with bad parameters cannot be answered: it is logged.
    client.notify("textDocument/didChange", json!({ "textDocument": 5 }));
    let log = client.notification("window/logMessage", |_| true);
    assert!(log["message"].as_str().unwrap().contains("invalid parameters"), "{log}");
    // Requests for documents the server does not have are answered with nothing.
    let none = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": "file:///nope/Dockerfile" }, "position": { "line": 0, "character": 0 } }),
    );
    assert_eq!(none.ok(), Some(Value::Null));
    let still = client.code_actions(URI, range(1, 6, 1, 6), None);
    assert!(!still.is_empty());
    // After shutdown, requests are refused; exit ends it.
    assert_eq!(client.request("shutdown", Value::Null).ok(), Some(Value::Null));
    assert_eq!(client.request("textDocument/hover", json!({})).unwrap_err().code, -32600);
    client.notify("exit", Value::Null);
    assert_eq!(client.join(), Ended::Exit);
    // `exit` without `shutdown` is exit code 1.
    let client = Client::initialized(minimal_capabilities(), Value::Null, None);
    client.notify("exit", Value::Null);
    assert_eq!(client.join(), Ended::Abandoned);
}

/// Fails the way a bug would: a panic in the middle of handling.
fn panic_in(method: &str) {
    let fail_on = ["textDocument/hover", "textDocument/publishDiagnostics"];
    assert!(!fail_on.contains(&method), "a bug in {method}");
}

#[test]
fn a_panic_is_logged_answered_with_an_error_and_the_server_goes_on() {
    let mut client = Client::start(Hooks { before_message: Some(panic_in) });
    client.initialize(full_capabilities(), Value::Null, None);
    // A check that panics publishes one diagnostic saying so.
    let published = client.open(URI, PYTHON);
    let notice = &published["diagnostics"][0];
    assert!(notice["message"].as_str().unwrap().contains("internal error (a bug in textDocument/publishDiagnostics)"));
    let log = client.notification("window/logMessage", |p| p["type"] == 1);
    assert!(log["message"].as_str().unwrap().contains("a bug in"), "{log}");
    // A request that panics is answered with InternalError.
    let hover = json!({ "textDocument": { "uri": URI }, "position": { "line": 1, "character": 1 } });
    let error = client.request("textDocument/hover", hover).unwrap_err();
    assert_eq!(error.code, -32603);
    assert!(error.message.contains("a bug in textDocument/hover"), "{}", error.message);
    // Everything else still works.
    let actions = client.code_actions(URI, range(1, 6, 1, 6), None);
    assert!(actions.iter().any(|a| a["title"].as_str().unwrap().contains("--no-cache-dir")));
    assert_eq!(client.shutdown(), Ended::Exit);
}

fn panic_on_change(method: &str) {
    assert_ne!(method, "textDocument/didChange", "a bug in didChange");
}

#[test]
fn a_document_whose_edit_failed_is_dropped_not_checked_wrong() {
    let mut client = Client::start(Hooks { before_message: Some(panic_on_change) });
    client.initialize(full_capabilities(), Value::Null, None);
    client.open(URI, PYTHON);
    client.change(URI, 2, json!([{ "range": range(0, 0, 0, 0), "text": "# x\n" }]));
    let cleared = client.diagnostics(URI);
    assert_eq!(cleared["diagnostics"], json!([]));
    let hover = json!({ "textDocument": { "uri": URI }, "position": { "line": 1, "character": 1 } });
    assert_eq!(client.request("textDocument/hover", hover).ok(), Some(Value::Null));
    // Opening it again starts over.
    assert_eq!(codes(&client.open(URI, PYTHON)).len(), 4);
    assert_eq!(client.shutdown(), Ended::Exit);
}

/// Frames `body` as the base protocol does.
fn frame(body: &str) -> Vec<u8> {
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

/// Reads one framed message from the server's output.
fn read_message(output: &mut impl BufRead) -> Value {
    let mut length = 0;
    loop {
        let mut line = String::new();
        output.read_line(&mut line).expect("a header line");
        if line == "\r\n" {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length: ") {
            length = value.trim().parse().expect("a length");
        }
    }
    let mut body = vec![0; length];
    output.read_exact(&mut body).expect("a body");
    serde_json::from_slice(&body).expect("JSON")
}

#[test]
fn malformed_messages_on_the_wire_get_errors_and_the_server_reads_on() {
    let (input, mut to_server) = std::io::pipe().expect("a pipe");
    let (from_server, output) = std::io::pipe().expect("a pipe");
    let mut from_server = BufReader::new(from_server);
    let (connection, threads) = shipshape_server::stream(BufReader::new(input), output);
    let server = std::thread::spawn(move || {
        let ended = shipshape_server::run(&connection, Hooks::default());
        drop(connection);
        threads.join().expect("the writer finishes");
        ended
    });
    let mut send = |bytes: &[u8]| to_server.write_all(bytes).expect("the server reads");
    send(&frame(r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#));
    assert_eq!(read_message(&mut from_server)["id"], 1);
    send(&frame(r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#));
    // Not JSON: a parse error with a null id.
    send(&frame("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":"));
    let error = read_message(&mut from_server);
    assert_eq!((error["id"].clone(), error["error"]["code"].clone()), (Value::Null, json!(-32700)));
    // JSON, but not a message: invalid request, with the id when there is one.
    send(&frame(r#"{"jsonrpc":"2.0","id":3,"method":42}"#));
    let error = read_message(&mut from_server);
    assert_eq!((error["id"].clone(), error["error"]["code"].clone()), (json!(3), json!(-32600)));
    send(&frame(r#"[1,2,3]"#));
    assert_eq!(read_message(&mut from_server)["error"]["code"], -32600);
    // Headers without a length, and a body that is not UTF-8.
    send(b"Content-Type: application/json\r\n\r\n");
    assert_eq!(read_message(&mut from_server)["error"]["code"], -32700);
    send(b"Content-Length: 2\r\n\r\n\xff\xfe");
    assert_eq!(read_message(&mut from_server)["error"]["code"], -32700);
    // And then a real request is served.
    send(&frame(
        r#"{"jsonrpc":"2.0","id":4,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///x/Dockerfile"},"position":{"line":0,"character":0}}}"#,
    ));
    let answer = read_message(&mut from_server);
    assert_eq!((answer["id"].clone(), answer["result"].clone()), (json!(4), Value::Null));
    send(&frame(r#"{"jsonrpc":"2.0","id":5,"method":"shutdown"}"#));
    assert_eq!(read_message(&mut from_server)["id"], 5);
    send(&frame(r#"{"jsonrpc":"2.0","method":"exit"}"#));
    assert_eq!(server.join().expect("no panic"), Ended::Exit);
}

#[test]
fn formatting_gives_the_formatters_layout_as_minimal_edits() {
    let text = "from alpine:3.20\nrun   apk add --no-cache curl &&    echo done\nCMD [\"sh\",\"-c\",\"echo\"]\n";
    let expected = shipshape::format::format(text, &shipshape::format::FormatOptions::default()).expect("formats");
    assert_ne!(expected, text);
    let mut client = Client::initialized(full_capabilities(), Value::Null, None);
    client.open(URI, text);
    let params = json!({ "textDocument": { "uri": URI }, "options": { "tabSize": 2, "insertSpaces": true } });
    let edits = client.request("textDocument/formatting", params.clone()).expect("formatting succeeds");
    assert_eq!(client.apply(text, &json!({ "changes": { URI: edits } })), expected);
    // Formatted already: no edit.
    client.change(URI, 2, json!([{ "text": expected }]));
    client.diagnostics(URI);
    assert_eq!(client.request("textDocument/formatting", params.clone()).ok(), Some(json!([])));
    // A file that does not parse is left alone, and the editor is told why.
    client.change(URI, 3, json!([{ "text": "FROM alpine:3.20\nRUN <<EOF\necho\n" }]));
    client.diagnostics(URI);
    let refused = client.request("textDocument/formatting", params).unwrap_err();
    assert_eq!(refused.code, -32803, "RequestFailed");
    assert!(refused.message.contains("syntax error"), "{}", refused.message);
    assert_eq!(client.shutdown(), Ended::Exit);
}

#[test]
fn formatting_a_crlf_line_break_to_lf_replaces_the_whole_break() {
    // Found by the `lsp` fuzz target: the file's last line break is its only CRLF, and the
    // formatter makes it LF like the others. An edit of the `\r` alone ended between `\r` and
    // `\n`, where no protocol position points, so the editor was sent an empty edit.
    let text = "FROM alpine:3.20\nRUN echo \\\r\n";
    let expected = shipshape::format::format(text, &shipshape::format::FormatOptions::default()).expect("formats");
    assert_eq!(expected, "FROM alpine:3.20\nRUN echo \\\n");
    let mut client = Client::initialized(full_capabilities(), Value::Null, None);
    client.open(URI, text);
    let params = json!({ "textDocument": { "uri": URI }, "options": { "tabSize": 4, "insertSpaces": true } });
    let edits = client.request("textDocument/formatting", params).expect("formatting succeeds");
    assert_eq!(client.apply(text, &json!({ "changes": { URI: edits } })), expected);
    assert_eq!(client.shutdown(), Ended::Exit);
}

#[test]
fn formatting_takes_the_projects_formatter_options() {
    let dir = temp_dir("formatter");
    std::fs::write(dir.join(".hadolint.yaml"), "formatter:\n  indent-width: 2\n").unwrap();
    let dockerfile = dir.join("Dockerfile");
    let text = "FROM alpine:3.20\nRUN apk add --no-cache curl ca-certificates git && adduser -D app && mkdir -p /srv/app && chown app /srv/app\n";
    std::fs::write(&dockerfile, text).unwrap();
    let uri = file_uri(&dockerfile);
    let options = shipshape::format::FormatOptions { indent_width: 2, ..Default::default() };
    let expected = shipshape::format::format(text, &options).expect("formats");
    assert!(expected.contains("\n  && adduser"), "the long RUN is broken, indented by two: {expected}");
    let mut client = Client::initialized(full_capabilities(), Value::Null, Some(&dir));
    client.open(&uri, text);
    let params = json!({ "textDocument": { "uri": uri }, "options": { "tabSize": 8, "insertSpaces": true } });
    let edits = client.request("textDocument/formatting", params).expect("formatting succeeds");
    assert_eq!(client.apply(text, &json!({ "changes": { uri: edits } })), expected);
    assert_eq!(client.shutdown(), Ended::Exit);
    let _ = std::fs::remove_dir_all(dir);
}
