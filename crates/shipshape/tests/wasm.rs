//! The core compiled to WebAssembly and run in Node (`cargo xtask test` runs it with
//! wasm-bindgen-test-runner): the same checks and fixes as natively.

#![cfg(target_arch = "wasm32")]

use shipshape::{Applicability, Settings};
use wasm_bindgen_test::wasm_bindgen_test;

const SEED: &str = include_str!("../../../tests/fixtures/seed-python-alpine.Dockerfile");
const GOOD: &str = include_str!("../../../tests/fixtures/seed-python-alpine-good.Dockerfile");

#[wasm_bindgen_test]
fn checks_the_seed_example() {
    let codes: Vec<&str> = shipshape::check(SEED, &Settings::default()).iter().map(|d| d.rule.code).collect();
    for code in ["SS001", "SS003", "SS004", "SS006", "SS007", "DL3019", "DL3025", "DL3042", "DL3059"] {
        assert!(codes.contains(&code), "{code} missing from {codes:?}");
    }
}

#[wasm_bindgen_test]
fn fixes_converge_and_reparse() {
    let result = shipshape::fix(SEED, &Settings::default(), Applicability::Unsafe);
    assert!(result.converged);
    assert!(shipshape::parse(&result.output).errors.is_empty());
    assert_eq!(shipshape::fix(&result.output, &Settings::default(), Applicability::Unsafe).output, result.output);
}

#[wasm_bindgen_test]
fn the_good_example_is_clean_apart_from_the_dockerignore() {
    let left: Vec<&str> = shipshape::check(GOOD, &Settings::default()).iter().map(|d| d.rule.name).collect();
    assert_eq!(left, ["missing-dockerignore"]);
}

#[wasm_bindgen_test]
fn bad_input_does_not_panic() {
    let garbage: String = (0..20_000u32).map(|i| char::from_u32(32 + (i * 7919) % 90).unwrap_or('x')).collect();
    let _ = shipshape::check(&garbage, &Settings::default());
    let _ = shipshape::check("RUN <<EOF\n", &Settings::default());
}
