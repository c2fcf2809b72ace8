//! What the page shows for a source text: the check result and a few facts derived from it.
//! Computed once per analysed text and shared by the components through an `Rc`.

use shipshape::dockerignore::DockerIgnore;
use shipshape::semantic::stack::{self, Stack};
use shipshape::syntax::Kind;
use shipshape::text::{LineIndex, MAX_PAGE_LEN, megabytes};
use shipshape::{CheckResult, Settings};

/// Above this size the editor stops colouring text and checks are debounced, so that pasting
/// a megabyte never freezes the page.
pub const LARGE_INPUT: usize = 256 * 1024;

/// The findings list shows at most this many rows.
pub const MAX_FINDINGS_SHOWN: usize = 500;

pub struct Analysis {
    pub source: String,
    pub result: CheckResult,
    pub lines: LineIndex,
    pub stack: Stack,
    /// The settings the check ran with, for the fixes the page applies.
    pub settings: Settings,
    /// A sentence about the input itself (too large, not a Dockerfile), if any.
    pub notice: Option<String>,
    /// The ShellCheck module's findings are in (see [`crate::shellcheck`]).
    pub shellcheck: bool,
    /// Larger than [`MAX_PAGE_LEN`]: not checked, fixed or converted.
    pub too_large: bool,
}

impl PartialEq for Analysis {
    fn eq(&self, other: &Analysis) -> bool {
        self.source == other.source && self.settings == other.settings && self.shellcheck == other.shellcheck
    }
}

impl Analysis {
    /// The fix loop over the text with the fixes `accept` takes, the ShellCheck rules'
    /// included once their module is loaded.
    pub fn fix(&self, accept: &dyn Fn(&shipshape::Fix) -> bool) -> shipshape::FixResult {
        let more =
            |text: &str| if self.shellcheck { crate::shellcheck::findings(text, &self.settings) } else { Vec::new() };
        shipshape::fix_with_more(&self.source, &self.settings, accept, &more)
    }

    /// The file has a RUN, whose script the ShellCheck rules read.
    pub fn has_run(&self) -> bool {
        self.result.model.scripts.iter().any(Option::is_some)
    }
}

/// The settings for the page: the rules selected (the defaults unless an embed chose some),
/// and the `.dockerignore` the user pasted.
pub fn settings(dockerignore: &str, select: &[String], ignore: &[String]) -> Settings {
    Settings {
        dockerignore: (!dockerignore.trim().is_empty()).then(|| DockerIgnore::parse(dockerignore)),
        select: select.to_vec(),
        ignore: ignore.to_vec(),
        ..Settings::default()
    }
}

/// The check of `source`, with the ShellCheck rules' findings when `shellcheck` (their module is
/// loaded). A text over [`MAX_PAGE_LEN`] is kept but not checked.
pub fn analyze(source: &str, settings: Settings, shellcheck: bool) -> Analysis {
    let too_large = source.len() > MAX_PAGE_LEN;
    let checked = if too_large { "" } else { source };
    let more = |text: &str| if shellcheck { crate::shellcheck::findings(text, &settings) } else { Vec::new() };
    let mut result = shipshape::check_full_with(checked, &settings, &more);
    if too_large {
        // An empty file's findings (no FROM) are not this text's: it has none until it is checked.
        result.diagnostics.clear();
    }
    let lines = LineIndex::new(source);
    let stack = stack::detect(&result.parse.file, &result.model);
    let notice = if too_large { Some(too_large_notice(source.len())) } else { notice(source, &result) };
    Analysis { source: source.to_string(), result, lines, stack, settings, notice, shellcheck, too_large }
}

/// Why a text over [`MAX_PAGE_LEN`] shows no findings, and where to check it instead.
pub fn too_large_notice(size: usize) -> String {
    format!(
        "This text is {}: the page checks Dockerfiles up to {}, so that it never freezes. The text is kept as it is; the command-line tool checks it: shipshape check Dockerfile.",
        megabytes(size),
        megabytes(MAX_PAGE_LEN)
    )
}

fn notice(source: &str, result: &CheckResult) -> Option<String> {
    let instructions = &result.parse.file.instructions;
    let unknown = instructions.iter().filter(|i| i.kind == Kind::Unknown).count();
    let size = source.len();
    let mut parts = Vec::new();
    if size > LARGE_INPUT {
        parts.push(format!(
            "This text is {}: syntax colours are off and the findings update a moment after you stop typing.",
            megabytes(size)
        ));
    }
    if unknown > 3 && unknown * 2 > instructions.len() {
        parts.push(format!(
            "This does not look like a Dockerfile: {unknown} of its {} lines that start an instruction do not start with a Dockerfile keyword.",
            instructions.len()
        ));
    }
    if result.diagnostics.len() > MAX_FINDINGS_SHOWN {
        parts.push(format!("Showing the first {MAX_FINDINGS_SHOWN} of {} findings.", result.diagnostics.len()));
    }
    (!parts.is_empty()).then(|| parts.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_over_the_limit_is_kept_but_not_checked() {
        let large = shipshape::hostile::big_file(MAX_PAGE_LEN + 1);
        let analysis = analyze(&large, settings("", &[], &[]), false);
        assert!(analysis.too_large);
        assert_eq!(analysis.source, large, "the editor's text is never lost");
        assert!(analysis.result.diagnostics.is_empty());
        let notice = analysis.notice.unwrap();
        assert!(notice.starts_with("This text is 1.1 MB: the page checks Dockerfiles up to 1.0 MB"), "{notice}");

        let under = shipshape::hostile::big_file(MAX_PAGE_LEN - 1_000);
        let analysis = analyze(&under, settings("", &[], &[]), false);
        assert!(!analysis.too_large && !analysis.result.diagnostics.is_empty());
    }
}
