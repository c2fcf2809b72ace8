//! The playground's ShellCheck rules, as a WebAssembly module of their own.
//!
//! The rules and the shell syntax tree they read would take the page over its download
//! budget, so the page is built without them (the core's `shellcheck` feature) and loads this
//! module once its first paint is done and the Dockerfile has a RUN. The module checks with
//! the ShellCheck rules alone ([`shipshape::linter::check_shellcheck`]); the page merges the
//! findings into its own and runs their fixes through its fix loop
//! ([`shipshape::fix_with_more`]). Both cross as the strings of [`shipshape::wire`].

use shipshape::Settings;
use shipshape::rules::shellcheck::RULES;
use wasm_bindgen::prelude::*;

/// The metadata of the ShellCheck rules, for the page's findings and rule docs.
#[wasm_bindgen]
pub fn rules() -> String {
    shipshape::wire::write_rules(RULES.iter().map(|r| &r.meta))
}

/// The ShellCheck findings on `source` under the page's rule selectors (`select` and `ignore`,
/// comma-separated, as the embed takes them).
#[wasm_bindgen]
pub fn check(source: &str, select: &str, ignore: &str) -> String {
    let list = |s: &str| s.split(',').filter(|s| !s.is_empty()).map(str::to_string).collect();
    let settings = Settings { select: list(select), ignore: list(ignore), ..Settings::default() };
    shipshape::wire::write_diagnostics(&shipshape::linter::check_shellcheck(source, &settings))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the page reads back is a full check's ShellCheck findings, at their exact place in
    /// the RUN's script and heredoc, and selectors reach the module.
    #[test]
    fn the_page_reads_a_full_checks_shellcheck_findings() {
        let source = "FROM alpine:3.20\nRUN cd /app; echo $HOME\nRUN <<EOF\nrm -rf $DIR/*\nEOF\n";
        let rules: &'static [shipshape::meta::RuleMeta] =
            shipshape::wire::read_rules(&rules(), &mut |s| Box::leak(s.to_string().into_boxed_str())).leak();
        let read = shipshape::wire::read_diagnostics(&check(source, "", ""), rules);
        let full: Vec<_> = shipshape::check(source, &Settings::default())
            .into_iter()
            .filter(|d| d.rule.code.starts_with("SC"))
            .collect();
        let at = |d: &shipshape::Diagnostic| (d.rule.code, &source[d.range.start as usize..d.range.end as usize]);
        assert_eq!(read.iter().map(at).collect::<Vec<_>>(), full.iter().map(at).collect::<Vec<_>>());
        assert!(
            read.iter().map(at).any(|f| f == ("SC2164", "cd /app")),
            "{:?}",
            read.iter().map(at).collect::<Vec<_>>()
        );
        let only = shipshape::wire::read_diagnostics(&check(source, "SC2164", ""), rules);
        assert_eq!(only.iter().map(at).collect::<Vec<_>>(), [("SC2164", "cd /app")]);
        assert!(!check(source, "", "SC2164").contains("SC2164"));
    }
}
