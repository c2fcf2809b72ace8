//! The JavaScript API in Node (`cargo xtask test` runs it with wasm-bindgen-test-runner): the
//! exported functions as JavaScript sees them — plain objects, 1-based positions, and error
//! values rather than exceptions for any bad input.

#![cfg(target_arch = "wasm32")]

use serde_json::{Value, json};
use shipshape_wasm::{check, distroless, dockerignore, explain, fix, format, rules, version};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

const SEED: &str = include_str!("../../../tests/fixtures/seed-python-alpine.Dockerfile");

/// A JavaScript value as JSON, to compare with `json!`.
fn plain(value: &JsValue) -> Value {
    let text = js_sys::JSON::stringify(value).ok().and_then(|s| s.as_string()).expect("JSON-compatible");
    serde_json::from_str(&text).expect("valid JSON")
}

fn js(value: Value) -> JsValue {
    js_sys::JSON::parse(&value.to_string()).expect("valid JSON")
}

fn source(text: &str) -> JsValue {
    JsValue::from_str(text)
}

#[wasm_bindgen_test]
fn check_returns_plain_objects_with_one_based_positions() {
    let out = check(source(SEED), JsValue::UNDEFINED);
    // A plain object, not a class instance: it survives structuredClone and JSON.
    assert!(out.is_object());
    assert_eq!(js_sys::Object::get_prototype_of(&out), js_sys::Object::get_prototype_of(&js_sys::Object::new()));
    let out = plain(&out);
    assert_eq!(out["ok"], true);
    let pip = out["diagnostics"].as_array().unwrap().iter().find(|d| d["code"] == "DL3042").unwrap();
    assert_eq!(pip["name"], "pip-without-no-cache-dir");
    assert_eq!(pip["severity"], "warning");
    assert_eq!((pip["line"].as_u64(), pip["column"].as_u64()), (Some(7), Some(5)));
    assert_eq!(pip["fix"]["applicability"], "safe");
    assert_eq!(pip["fix"]["edits"][0]["content"], " --no-cache-dir");
    let missing_user = out["diagnostics"].as_array().unwrap().iter().find(|d| d["code"] == "SS003").unwrap();
    assert_eq!(missing_user["fix"], Value::Null);
}

#[wasm_bindgen_test]
fn options_select_ignore_and_dockerignore() {
    let out = plain(&check(source(SEED), js(json!({ "select": ["DL3042", "missing-user"], "ignore": "SS001" }))));
    let codes: Vec<&str> = out["diagnostics"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["DL3042"]);
    let out = plain(&check(source(SEED), js(json!({ "dockerignore": ".git\n.env\n" }))));
    assert!(out["diagnostics"].as_array().unwrap().iter().all(|d| d["code"] != "SS003"));
    let out = plain(&check(source(SEED), JsValue::NULL));
    assert_eq!(out["ok"], true);
}

#[wasm_bindgen_test]
fn columns_are_utf16_code_units() {
    // JavaScript indexes strings in UTF-16 code units: "😀" counts two.
    let text = "FROM alpine:3.20\nLABEL x=\"😀\" y=z\nRUN apk add curl\n";
    let out = plain(&check(source(text), JsValue::UNDEFINED));
    let apk = out["diagnostics"].as_array().unwrap().iter().find(|d| d["code"] == "DL3019").unwrap();
    assert_eq!((apk["line"].as_u64(), apk["column"].as_u64()), (Some(3), Some(5)));
    let fixed = plain(&fix(source(text), JsValue::UNDEFINED));
    assert!(fixed["output"].as_str().unwrap().contains("😀"));
}

#[wasm_bindgen_test]
fn fix_applies_safe_fixes_and_unsafe_ones_when_asked() {
    let safe = plain(&fix(source(SEED), JsValue::UNDEFINED));
    assert_eq!(safe["ok"], true);
    assert!(safe["output"].as_str().unwrap().contains("pip install --no-cache-dir -r requirements.txt"));
    assert!(!safe["output"].as_str().unwrap().contains("\nUSER "));
    assert_eq!(safe["converged"], true);
    let all = plain(&fix(source(SEED), js(json!({ "unsafe": true }))));
    assert!(all["output"].as_str().unwrap().contains("\nUSER "));
    assert!(all["fixed"].as_array().unwrap().iter().any(|f| f["code"] == "SS001" && f["count"] == 1));
    let left = all["remaining"].as_array().unwrap();
    assert!(left.iter().any(|d| d["code"] == "SS003"), "{left:?}");
    assert!(left.iter().all(|d| d["fix"] == Value::Null), "{left:?}");
}

#[wasm_bindgen_test]
fn distroless_converts_or_refuses() {
    let out = plain(&distroless(source(SEED), JsValue::UNDEFINED));
    assert_eq!((&out["ok"], &out["converted"]), (&json!(true), &json!(true)), "{out}");
    let image = out["image"].as_str().unwrap();
    assert!(image.starts_with("gcr.io/distroless/"), "{image}");
    assert!(out["dockerfile"].as_str().unwrap().contains(image));
    assert_eq!(out["comparison"]["after"]["shell"], false);
    let chainguard = plain(&distroless(source(SEED), js(json!({ "runtime": "chainguard" }))));
    assert!(chainguard["image"].as_str().unwrap().starts_with("cgr.dev/chainguard/"), "{chainguard}");
    let refused = plain(&distroless(source("FROM alpine:3.20\nRUN <<EOF\n"), JsValue::UNDEFINED));
    assert_eq!((&refused["ok"], &refused["converted"]), (&json!(true), &json!(false)), "{refused}");
    assert!(refused["refused"].as_str().unwrap().contains("syntax"), "{refused}");
    assert_eq!(refused["class"], json!("invalid-input"), "{refused}");
    let bad = plain(&distroless(source(SEED), js(json!({ "runtime": "scratch" }))));
    assert_eq!(bad["ok"], false);
}

#[wasm_bindgen_test]
fn dockerignore_rules_explain_and_version() {
    let out = plain(&dockerignore(source(SEED)));
    assert_eq!(out["stack"], "python");
    assert!(out["content"].as_str().unwrap().contains("__pycache__"));
    let all = plain(&rules());
    let list = all.as_array().unwrap();
    assert!(list.len() >= 18);
    let pip = list.iter().find(|r| r["code"] == "DL3042").unwrap();
    assert_eq!(pip["hadolint"], "DL3042");
    assert_eq!(pip["buildkit"], Value::Null);
    assert_eq!(pip["enabled_by_default"], true);
    let docs = plain(&explain(source("missing-user")));
    assert_eq!(docs["rule"]["code"], "SS001");
    assert!(docs["docs"].as_str().unwrap().contains("## Use instead"));
    assert_eq!(version(), env!("CARGO_PKG_VERSION"));
}

#[wasm_bindgen_test]
fn bad_input_is_an_error_value_never_an_exception() {
    let failures = [
        (check(JsValue::from_f64(3.0), JsValue::UNDEFINED), "the source must be a string, not number"),
        (check(JsValue::NULL, JsValue::UNDEFINED), "the source must be a string, not null"),
        (check(JsValue::UNDEFINED, JsValue::UNDEFINED), "the source must be a string, not undefined"),
        (fix(js(json!(["FROM alpine"])), JsValue::UNDEFINED), "the source must be a string, not an array"),
        (dockerignore(js(json!({}))), "the source must be a string, not object"),
        (check(source(SEED), source("DL3042")), "the options must be an object, not string"),
        (check(source(SEED), js(json!(["DL3042"]))), "the options must be an object, not an array"),
        (check(source(SEED), js(json!({ "select": ["DL9999"] }))), "unknown rule or prefix `DL9999` (see `rules()`)"),
        (explain(source("DL0000")), "no rule `DL0000` (see `rules()`)"),
        (explain(JsValue::from_bool(true)), "the rule must be a string, not boolean"),
    ];
    for (value, error) in failures {
        let out = plain(&value);
        assert_eq!(out["ok"], false, "{out}");
        assert_eq!(out["error"], error);
    }
    let typo = plain(&check(source(SEED), js(json!({ "selct": ["DL3042"] }))));
    assert!(typo["error"].as_str().unwrap().starts_with("bad options: unknown field `selct`"), "{typo}");
    let wrong = plain(&fix(source(SEED), js(json!({ "unsafe": "yes" }))));
    assert!(wrong["error"].as_str().unwrap().starts_with("bad options:"), "{wrong}");
    let severity = plain(&check(source(SEED), js(json!({ "severity": { "DL3042": "fatal" } }))));
    assert!(severity["error"].as_str().unwrap().contains("unknown severity `fatal`"), "{severity}");
    // A function or a symbol in the options is not data either.
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &source("select"), &js_sys::Function::new_no_args("return 1")).unwrap();
    assert_eq!(plain(&check(source(SEED), options.into()))["ok"], false);
}

#[wasm_bindgen_test]
fn garbage_and_half_typed_files_still_check() {
    let garbage: String = (0..50_000u32).map(|i| char::from_u32(1 + (i * 7919) % 0x2FF).unwrap_or('x')).collect();
    for text in [garbage.as_str(), "", "RUN <<EOF\n", "FROM", "\u{feff}FROM alpine\r\nRUN apk add x\\\r\n", "\0\0\0"] {
        assert_eq!(plain(&check(source(text), JsValue::UNDEFINED))["ok"], true);
        assert_eq!(plain(&fix(source(text), js(json!({ "unsafe": true }))))["ok"], true);
        assert_eq!(plain(&dockerignore(source(text)))["ok"], true);
        assert_eq!(plain(&distroless(source(text), JsValue::UNDEFINED))["ok"], true);
    }
    let broken = plain(&check(source("FROM alpine:3.20\nRUN <<EOF\necho hi\n"), JsValue::UNDEFINED));
    assert!(broken["diagnostics"].as_array().unwrap().iter().any(|d| d["code"] == "DL1000"), "{broken}");
}

#[wasm_bindgen_test]
fn format_returns_the_text_or_where_it_cannot() {
    let out = plain(&format(source("from alpine\nrun a &&   b\n"), JsValue::UNDEFINED));
    assert_eq!(out, json!({ "ok": true, "text": "FROM alpine\nRUN a && b\n", "changed": true }));
    let options = js(json!({ "indentWidth": 2, "breakLongRuns": true, "lineEnding": "crlf" }));
    let out = plain(&format(source("FROM alpine\nRUN a && \\\n b\n"), options));
    assert_eq!(out["text"], "FROM alpine\r\nRUN a \\\r\n  && b\r\n");
    let out = plain(&format(source("FROM alpine\n"), JsValue::NULL));
    assert_eq!(out["changed"], false);
    // A syntax error: the reason and where it is, in UTF-16 columns.
    let out = plain(&format(source("FROM alpine\nLABEL x=\"😀\"\nFRMO y\n"), JsValue::UNDEFINED));
    assert_eq!(out["ok"], false);
    assert!(out["error"].as_str().unwrap().contains("did you mean `FROM`"), "{out}");
    assert_eq!((out["line"].as_u64(), out["column"].as_u64(), out["end_column"].as_u64()), (Some(3), Some(1), Some(5)));
    // Bad input and options are error values, without a position.
    let failures = [
        (format(JsValue::from_f64(1.0), JsValue::UNDEFINED), "the source must be a string, not number"),
        (format(source("FROM a\n"), js(json!({ "indentWidth": 40 }))), "`indentWidth` is 40; it must be 1 to 16"),
        (format(source("FROM a\n"), source("lf")), "the options must be an object, not string"),
    ];
    for (value, error) in failures {
        assert_eq!(plain(&value), json!({ "ok": false, "error": error }));
    }
    let typo = plain(&format(source("FROM a\n"), js(json!({ "select": ["DL3042"] }))));
    assert!(typo["error"].as_str().unwrap().starts_with("bad options: unknown field `select`"), "{typo}");
}
