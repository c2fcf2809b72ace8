//! The syntax layer: a lossless, error-tolerant Dockerfile parser.
//!
//! [`parse`] turns text into a [`Dockerfile`] plus a list of [`SyntaxError`]s; it never fails
//! and never panics. Every node has a byte [`TextRange`](crate::text::TextRange) into the
//! input, and the file's [`Line`]s tile the input exactly, so nothing is ever lost.

mod ast;
pub mod json;
mod parser;
pub mod words;

pub use ast::*;
pub use parser::{Parse, SyntaxError, parse};
