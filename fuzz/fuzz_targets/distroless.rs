//! The distroless converter on any Dockerfile and build context: a conversion re-parses,
//! follows the output rules (no RUN or SHELL in the final stage, exec-form command, nonroot),
//! keeps every comment and passes the converter's own needs/has check; or it is a refusal
//! with a one-line reason.
//!
//! The input is the Dockerfile, then, after each `0xFF` byte, a context file: the first names
//! `requirements.txt`, then `package.json`, `poetry.lock`, `uv.lock`, `Pipfile.lock`,
//! `docker-entrypoint.sh`.

#![no_main]

use libfuzzer_sys::fuzz_target;
use shipshape::distroless::{self, ContextFile, Options, RuntimeFamily};
use shipshape::invariants;
use shipshape_fuzz::{holds, parts, text};

const CONTEXT: [&str; 6] =
    ["requirements.txt", "package.json", "poetry.lock", "uv.lock", "Pipfile.lock", "docker-entrypoint.sh"];

fuzz_target!(|data: &[u8]| {
    let parts = parts(data);
    let source = text(parts[0]);
    let context: Vec<ContextFile> = parts[1..]
        .iter()
        .zip(CONTEXT)
        .map(|(part, path)| ContextFile { path: path.to_string(), text: text(part).into_owned() })
        .collect();
    let _ = distroless::context_wanted(&source);
    for runtime in [RuntimeFamily::Distroless, RuntimeFamily::Chainguard] {
        let conversion = distroless::convert(&source, &Options { runtime, context: context.clone() });
        holds("the conversion is sound", invariants::conversion_is_sound(&source, &context, &conversion));
    }
});
