//! Inputs that broke a property once, found by the fuzz targets (`fuzz/`, `cargo xtask fuzz`)
//! or the property tests' random breakage, each kept with the property it broke. The properties
//! are `shipshape::invariants`, the functions the fuzz targets assert.

use shipshape::distroless::{self, Options};
use shipshape::{Applicability, Settings, invariants};

fn all_rules() -> Settings {
    Settings { select: vec!["ALL".to_string()], ..Settings::default() }
}

/// Every property of the core at once, for an input.
fn holds(source: &str) {
    let parse = shipshape::parse(source);
    invariants::parse_is_lossless(source, &parse).unwrap();
    let check = shipshape::check_full(source, &all_rules());
    invariants::model_is_consistent(source, &check.parse, &check.model).unwrap();
    invariants::diagnostics_in_bounds(source, &check.diagnostics).unwrap();
    invariants::fix_is_sound(source, &all_rules(), Applicability::Unsafe).unwrap();
    invariants::format_is_sound(source, &Default::default()).unwrap();
    let conversion = distroless::convert(source, &Options::default());
    invariants::conversion_is_sound(source, &conversion).unwrap();
}

#[test]
fn a_word_across_a_line_continuation_is_quoted_on_one_line() {
    // The unknown instruction `e=\<newline>FROM` was quoted with its line break, so the
    // converter's refusal and the finding's message took two lines.
    let source = "FROM alpine:3.20\ne=\\\nFROM x\n";
    holds(source);
    let messages: Vec<String> = shipshape::check(source, &Settings::default()).into_iter().map(|d| d.message).collect();
    assert!(messages.iter().any(|m| m.contains("`e=\\\\nFROM`")), "{messages:?}");
}
