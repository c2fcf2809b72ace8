//! A document's check, kept for the version it was made for: diagnostics, code actions and
//! hovers of that version all read the same one.

use std::sync::Arc;

use shipshape::text::MAX_SOURCE_LEN;
use shipshape::{CheckResult, Settings};

use crate::document::Document;

#[derive(Debug)]
pub struct Analysis {
    pub version: i32,
    pub settings: Arc<Settings>,
    pub check: CheckResult,
    /// The document is larger than shipshape reads ([`MAX_SOURCE_LEN`]) and was not checked.
    pub too_large: bool,
}

impl Analysis {
    pub fn new(document: &Document, settings: Arc<Settings>) -> Analysis {
        let too_large = document.text.len() > MAX_SOURCE_LEN;
        let check = shipshape::check_full(if too_large { "" } else { &document.text }, &settings);
        Analysis { version: document.version, settings, check, too_large }
    }
}
