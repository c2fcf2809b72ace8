//! Random sessions against the server: edits anywhere (inside emoji, heredocs and line
//! continuations), requests at random positions, and requests and notifications with
//! parameters of the wrong shape. Every request must be answered, the server must never stop,
//! every code action's edit must apply to the text it was made for, and the last diagnostics
//! must be the core's for the text the client holds. `SHIPSHAPE_FUZZ_ROUNDS` and
//! `SHIPSHAPE_FUZZ_SEED` run a longer hunt.

mod support;

use serde_json::{Value, json};
use shipshape::Settings;
use shipshape_server::Ended;
use support::{Client, full_capabilities, minimal_capabilities};

const URI: &str = "file:///fuzz/Dockerfile";

/// xorshift64*: reproducible, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const PIECES: &[&str] = &[
    "\n",
    " ",
    "😀",
    "é",
    "\\\n",
    "RUN pip install flask",
    "RUN <<EOF\necho hi\nEOF\n",
    "apt-get install curl",
    "FROM python:3.13-slim AS b\n",
    "USER root\n",
    "\"",
    "# hadolint ignore=DL3008\n",
    "COPY . .\n",
    "&& ",
    "CMD [\"a\",",
    "",
];

const START: &str = "FROM python:3.13-slim\nRUN pip install flask\nCOPY . /app\nCMD python app.py\n";

/// A position (UTF-16 columns, lines split at `\n`: the texts here have no `\r`) of a random
/// character boundary, sometimes past the end of its line or of the text.
fn random_position(rng: &mut Rng, text: &str) -> Value {
    let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
    let offset = *rng.pick(&boundaries);
    let line = text[..offset].matches('\n').count();
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let mut character: usize = text[start..offset].chars().map(char::len_utf16).sum();
    if rng.below(10) == 0 {
        character += 5;
    }
    let line = if rng.below(30) == 0 { line + 3 } else { line };
    json!({ "line": line, "character": character })
}

fn ordered(client: &Client, text: &str, a: Value, b: Value) -> (Value, Value) {
    if client.offset(text, &a) <= client.offset(text, &b) { (a, b) } else { (b, a) }
}

/// Parameters of the wrong shape.
fn garbage(rng: &mut Rng) -> Value {
    rng.pick(&[
        json!(null),
        json!(7),
        json!("x"),
        json!([1, 2]),
        json!({ "textDocument": 5 }),
        json!({ "textDocument": { "uri": "not a uri" }, "position": { "line": -1, "character": "a" } }),
        json!({ "textDocument": { "uri": URI }, "range": { "start": {}, "end": null } }),
        json!({ "settings": { "shipshape": { "select": [1, 2] } } }),
        json!({ "changes": [{ "uri": 3 }] }),
    ])
    .clone()
}

#[test]
fn random_sessions_never_break_the_server() {
    let rounds = std::env::var("SHIPSHAPE_FUZZ_ROUNDS").ok().and_then(|r| r.parse().ok()).unwrap_or(12);
    let seed = std::env::var("SHIPSHAPE_FUZZ_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0xF022_u64);
    let mut rng = Rng(seed | 1);
    for round in 0..rounds {
        let capabilities = if round % 2 == 0 { full_capabilities() } else { minimal_capabilities() };
        let mut client = Client::initialized(capabilities, Value::Null, None);
        let mut text = START.to_string();
        client.open(URI, &text);
        let mut version = 1;
        for step in 0..80 {
            let context = format!("seed {seed}, round {round}, step {step}, text {text:?}");
            match rng.below(10) {
                0..=3 => {
                    let (start, end) = {
                        let a = random_position(&mut rng, &text);
                        let b = if rng.below(3) == 0 { a.clone() } else { random_position(&mut rng, &text) };
                        ordered(&client, &text, a, b)
                    };
                    let new: String = (0..rng.below(3)).map(|_| *rng.pick(PIECES)).collect();
                    let edit = json!({ "range": { "start": start, "end": end }, "newText": new });
                    text = client.apply(&text, &json!({ "changes": { URI: [edit] } }));
                    version += 1;
                    let change = json!({ "range": { "start": start, "end": end }, "text": new });
                    client.change(URI, version, json!([change]));
                }
                4 => {
                    text = (0..rng.below(8)).map(|_| *rng.pick(PIECES)).collect();
                    version += 1;
                    client.change(URI, version, json!([{ "text": text }]));
                }
                5 => {
                    let (start, end) = (random_position(&mut rng, &text), random_position(&mut rng, &text));
                    let (start, end) = ordered(&client, &text, start, end);
                    let only = rng.below(3).eq(&0).then(|| json!(["source.fixAll"]));
                    for action in client.code_actions(URI, json!({ "start": start, "end": end }), only) {
                        let action = if action.get("edit").is_some() {
                            action
                        } else {
                            client
                                .request("codeAction/resolve", action)
                                .unwrap_or_else(|e| panic!("{}: {context}", e.message))
                        };
                        let edit = &action["edit"];
                        assert!(edit.is_object(), "{action}: {context}");
                        // The edit applies to the text it was made for.
                        let _ = client.apply(&text, edit);
                    }
                }
                6 => {
                    let position = random_position(&mut rng, &text);
                    let hover = json!({ "textDocument": { "uri": URI }, "position": position });
                    client.request("textDocument/hover", hover).unwrap_or_else(|e| panic!("{}: {context}", e.message));
                }
                7 => {
                    let params =
                        json!({ "textDocument": { "uri": URI }, "options": { "tabSize": 4, "insertSpaces": true } });
                    match client.request("textDocument/formatting", params) {
                        Ok(edits) => {
                            let formatted = client.apply(&text, &json!({ "changes": { URI: edits } }));
                            match shipshape::format::format(&text, &Default::default()) {
                                Ok(expected) => assert_eq!(formatted, expected, "{context}"),
                                Err(error) => {
                                    panic!("the server formatted what the formatter refuses ({error}): {context}")
                                }
                            }
                        }
                        Err(error) => assert_eq!(error.code, -32803, "{}: {context}", error.message),
                    }
                }
                8 => {
                    let method = *rng.pick(&[
                        "textDocument/hover",
                        "textDocument/codeAction",
                        "codeAction/resolve",
                        "textDocument/formatting",
                        "workspace/symbol",
                    ]);
                    let answer = client.request(method, garbage(&mut rng));
                    if let Err(error) = answer {
                        assert!([-32602, -32601].contains(&error.code), "{method}: {}: {context}", error.message);
                    }
                }
                _ => {
                    let method = *rng.pick(&[
                        "textDocument/didSave",
                        "workspace/didChangeConfiguration",
                        "workspace/didChangeWatchedFiles",
                        "$/cancelRequest",
                        "textDocument/didClose",
                    ]);
                    if method != "textDocument/didClose" {
                        client.notify(method, garbage(&mut rng));
                    }
                }
            }
        }
        // A request after everything: the server is still there, and its last diagnostics are
        // the core's for the client's text.
        let hover = json!({ "textDocument": { "uri": URI }, "position": { "line": 0, "character": 0 } });
        client.request("textDocument/hover", hover).expect("the server still answers");
        let target = version;
        let published = client.notification("textDocument/publishDiagnostics", |p| p["version"] == target);
        let codes: Vec<String> = support::codes(&published);
        let core: Vec<String> =
            shipshape::check(&text, &Settings::default()).iter().map(|d| d.rule.code.to_string()).collect();
        assert_eq!(codes, core, "seed {seed}, round {round}, text {text:?}");
        assert_eq!(client.shutdown(), Ended::Exit);
    }
}
