//! Checking any text with every rule: each diagnostic's range, and each edit of its fix, lies
//! inside the text on character boundaries; messages are one line; the positions the front
//! ends show (lines and columns in bytes, UTF-16 and characters) and the CLI's rendering are
//! computed without a panic.

#![no_main]

use libfuzzer_sys::fuzz_target;
use shipshape::invariants;
use shipshape::render::{self, Color};
use shipshape::text::{ColumnUnit, LineIndex};
use shipshape::{Settings, dockerignore::DockerIgnore};
use shipshape_fuzz::{holds, text};

fuzz_target!(|data: &[u8]| {
    let source = text(data);
    let settings = Settings {
        select: vec!["ALL".to_string()],
        dockerignore: Some(DockerIgnore::parse(".git\nnode_modules\n")),
        ..Settings::default()
    };
    let result = shipshape::check_full(&source, &settings);
    holds("diagnostics lie inside the text", invariants::diagnostics_in_bounds(&source, &result.diagnostics));
    let lines = LineIndex::new(&source);
    for d in &result.diagnostics {
        for offset in [d.range.start, d.range.end] {
            for unit in [ColumnUnit::Utf8, ColumnUnit::Utf16, ColumnUnit::Char] {
                let position = lines.line_col(&source, offset, unit);
                assert_eq!(lines.offset(&source, position, unit), offset, "a position maps back to its offset");
            }
        }
    }
    let _ = render::diagnostics(&source, "Dockerfile", &result.diagnostics, Color::Never);
    // The default rules, as most users run them, take another path through the settings.
    let default = shipshape::check(&source, &Settings::default());
    holds("diagnostics lie inside the text", invariants::diagnostics_in_bounds(&source, &default));
});
