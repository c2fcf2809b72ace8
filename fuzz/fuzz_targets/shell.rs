//! The shell reader and the rules that read scripts, on any script: the reader's spans lie
//! inside the script on character boundaries; the script as a RUN (its lines joined with
//! continuations) and as a RUN heredoc is checked with every rule, with the diagnostics'
//! properties, and fixed with the fix loop's.

#![no_main]

use libfuzzer_sys::fuzz_target;
use shipshape::{Applicability, Settings, invariants, shell};
use shipshape_fuzz::{holds, text};

fuzz_target!(|data: &[u8]| {
    let script = text(data);
    let read = shell::parse(&script, 0, script.len(), &|range| range);
    holds("the script's spans lie inside it", invariants::script_in_bounds(&script, &read));

    let settings = Settings { select: vec!["ALL".to_string()], ..Settings::default() };
    let one_line = script.replace('\n', " \\\n");
    let mut files = vec![format!("FROM debian:12\nRUN {one_line}\n")];
    if !script.lines().any(|line| line.trim_start_matches('\t') == "EOF") {
        files.push(format!("FROM debian:12\nRUN <<EOF\n{script}\nEOF\n"));
        files.push(format!(
            "FROM alpine:3.20\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN bash <<-EOF\n{script}\nEOF\n"
        ));
    }
    for file in &files {
        let result = shipshape::check_full(file, &settings);
        holds("the model is consistent", invariants::model_is_consistent(file, &result.parse, &result.model));
        holds("diagnostics lie inside the text", invariants::diagnostics_in_bounds(file, &result.diagnostics));
        holds("fixing is sound", invariants::fix_is_sound(file, &settings, Applicability::Unsafe));
    }
});
