//! The formatter on any text, with its default options and with the others: it refuses
//! exactly the files with a syntax error; what it formats means the same to BuildKit, keeps
//! every comment, and formats to itself.

#![no_main]

use libfuzzer_sys::fuzz_target;
use shipshape::format::{FormatOptions, LineEnding};
use shipshape::invariants;
use shipshape_fuzz::{holds, text};

fuzz_target!(|data: &[u8]| {
    let source = text(data);
    holds("formatting is sound", invariants::format_is_sound(&source, &FormatOptions::default()));
    let other = FormatOptions { indent_width: 2, break_long_runs: false, line_ending: LineEnding::CrLf };
    holds("formatting is sound", invariants::format_is_sound(&source, &other));
});
