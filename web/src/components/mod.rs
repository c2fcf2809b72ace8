//! The page's components. Each receives props and callbacks only; state changes go through
//! the actions of `crate::state`.

pub mod announcer;
pub mod distroless_tab;
pub mod dockerignore_tab;
pub mod editor;
pub mod findings;
pub mod fixed;
pub mod output;
pub mod rule_docs;
pub mod top_bar;
pub mod workbench;
