//! Fixing any text with every rule's fixes, unsafe ones included: the loop converges, fixing
//! the result changes nothing, no comment is lost, and no syntax error is added.

#![no_main]

use libfuzzer_sys::fuzz_target;
use shipshape::{Applicability, Settings, invariants};
use shipshape_fuzz::{holds, text};

fuzz_target!(|data: &[u8]| {
    let source = text(data);
    let settings = Settings { select: vec!["ALL".to_string()], ..Settings::default() };
    holds("fixing is sound", invariants::fix_is_sound(&source, &settings, Applicability::Unsafe));
});
