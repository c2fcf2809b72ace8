//! `shipshape dockerignore`: a recommended `.dockerignore` for the stack a Dockerfile builds.

use shipshape::semantic::{Model, stack};

use super::Outcome;
use crate::input;

pub fn dockerignore(path: &str) -> Outcome {
    let source = match input::read(path) {
        Ok(source) => source,
        Err(reason) => return Outcome::Failed(reason),
    };
    let parse = shipshape::parse(&source.text);
    let model = Model::build(&parse.file, &source.text);
    out!("{}", shipshape::dockerignore::recommended(stack::detect(&parse.file, &model)));
    Outcome::Clean
}
