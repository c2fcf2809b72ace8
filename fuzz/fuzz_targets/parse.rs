//! The parser on any text: printing the tree gives the input byte for byte, every node lies
//! inside the text on character boundaries, and the semantic model built on it is in step
//! with it.

#![no_main]

use libfuzzer_sys::fuzz_target;
use shipshape::invariants;
use shipshape::semantic::Model;
use shipshape_fuzz::{holds, text};

fuzz_target!(|data: &[u8]| {
    let source = text(data);
    let parse = shipshape::parse(&source);
    holds("the parse is lossless", invariants::parse_is_lossless(&source, &parse));
    let model = Model::build(&parse.file, &source);
    holds("the model is consistent", invariants::model_is_consistent(&source, &parse, &model));
});
