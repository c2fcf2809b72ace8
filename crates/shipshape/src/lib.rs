//! shipshape: a Dockerfile linter, fixer and distroless converter.
//!
//! The core is pure: text in, data out, no I/O. See `ARCHITECTURE.md` for the map.

pub mod syntax;
pub mod text;

pub use syntax::{Parse, parse};
