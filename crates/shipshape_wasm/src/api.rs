//! The API as plain Rust: options in, serialisable data out, errors as `Err(String)`. The
//! `#[wasm_bindgen]` layer in `lib.rs` only converts to and from JavaScript values, so
//! everything here is tested natively.
//!
//! A finding, a rule and an image comparison have the CLI's JSON shapes, from one definition
//! (`shipshape::report`): same field names and order, 1-based lines and columns. The one
//! difference is the column unit: the CLI counts characters, this API counts UTF-16 code units,
//! the unit of JavaScript strings, so a column can index `line.slice(column - 1)` directly.
//! They agree on any text without characters outside the Basic Multilingual Plane (emoji).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use shipshape::distroless::{self as converter, Conversion, RuntimeFamily};
use shipshape::dockerignore::{self, DockerIgnore};
use shipshape::report::{self, ComparisonJson, DiagnosticJson, RuleJson};
use shipshape::rules::selector_is_unknown;
use shipshape::semantic::{Model, stack};
use shipshape::text::{ColumnUnit, LineIndex, MAX_SOURCE_LEN, megabytes};
use shipshape::{Applicability, Diagnostic, Settings, Severity, rules};

/// What `check`, `fix` and `distroless` accept. Every field is optional; unknown fields are
/// an error, so a typo does not silently do nothing.
#[derive(Debug, Default, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct Options {
    /// Only these rules (codes, names, BuildKit names, code prefixes or `ALL`).
    pub select: Selectors,
    /// These rules on top of the default ones.
    pub extend_select: Selectors,
    /// Not these rules.
    pub ignore: Selectors,
    /// The text of the build context's `.dockerignore`, when there is one.
    pub dockerignore: Option<String>,
    /// Severity overrides: `{ "DL3042": "error" }`.
    pub severity: BTreeMap<String, String>,
    /// Registries FROM may pull from (DL3026); empty means any.
    pub trusted_registries: Vec<String>,
    /// `# hadolint ignore=` and `# shipshape ignore=` pragmas have no effect.
    pub disable_ignore_pragma: bool,
    /// `fix` only: also apply fixes that may change what the build does.
    #[serde(rename = "unsafe")]
    pub unsafe_fixes: bool,
    /// `distroless` only: `distroless` (gcr.io/distroless, the default) or `chainguard`.
    pub runtime: Option<String>,
    /// `distroless` only: files of the build context, `[{ path, text }]` (lock and
    /// requirement files, `package.json`).
    pub context: Vec<ContextFileOption>,
}

/// One file of the build context, as `distroless` accepts it.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ContextFileOption {
    pub path: String,
    pub text: String,
}

/// The fields of [`Options`] as JavaScript spells them.
pub const OPTION_KEYS: &[&str] = &[
    "select",
    "extendSelect",
    "ignore",
    "dockerignore",
    "severity",
    "trustedRegistries",
    "disableIgnorePragma",
    "unsafe",
    "runtime",
    "context",
];

/// A list of selectors, given as an array or as one comma-separated string.
#[derive(Debug, Default, Deserialize, PartialEq)]
#[serde(from = "SelectorsInput")]
pub struct Selectors(pub Vec<String>);

#[derive(Deserialize)]
#[serde(untagged)]
enum SelectorsInput {
    One(String),
    Many(Vec<String>),
}

impl From<SelectorsInput> for Selectors {
    fn from(input: SelectorsInput) -> Selectors {
        let list = match input {
            SelectorsInput::One(text) => text.split(',').map(str::to_string).collect(),
            SelectorsInput::Many(list) => list,
        };
        Selectors(list.into_iter().map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect())
    }
}

impl Options {
    /// The core's settings, or why these options are wrong.
    pub fn settings(&self) -> Result<Settings, String> {
        for selector in self.select.0.iter().chain(&self.extend_select.0).chain(&self.ignore.0) {
            if selector_is_unknown(selector) {
                return Err(format!("unknown rule or prefix `{selector}` (see `rules()`)"));
            }
        }
        let mut severity_overrides = Vec::new();
        for (selector, level) in &self.severity {
            if selector_is_unknown(selector) {
                return Err(format!("unknown rule or prefix `{selector}` in `severity` (see `rules()`)"));
            }
            let Some(level) = Severity::parse(level) else {
                return Err(format!("unknown severity `{level}` for `{selector}`: use error, warning, info or style"));
            };
            severity_overrides.push((selector.clone(), level));
        }
        Ok(Settings {
            select: self.select.0.clone(),
            extend_select: self.extend_select.0.clone(),
            ignore: self.ignore.0.clone(),
            severity_overrides,
            trusted_registries: self.trusted_registries.clone(),
            dockerignore: self.dockerignore.as_deref().map(DockerIgnore::parse),
            disable_ignore_pragma: self.disable_ignore_pragma,
            ..Settings::default()
        })
    }
}

/// Refuses what the core should not be asked to read.
pub fn check_source(source: &str) -> Result<(), String> {
    if source.len() > MAX_SOURCE_LEN {
        return Err(format!(
            "the Dockerfile is {}; shipshape reads at most {}",
            megabytes(source.len()),
            megabytes(MAX_SOURCE_LEN)
        ));
    }
    Ok(())
}

/// Every finding of `source`, positioned in UTF-16 columns.
fn diagnostics(source: &str, list: &[Diagnostic]) -> Vec<DiagnosticJson> {
    report::diagnostics(source, list, ColumnUnit::Utf16)
}

#[derive(Debug, Serialize, PartialEq)]
pub struct CheckOutput {
    pub diagnostics: Vec<DiagnosticJson>,
}

pub fn check(source: &str, options: &Options) -> Result<CheckOutput, String> {
    check_source(source)?;
    let settings = options.settings()?;
    Ok(CheckOutput { diagnostics: diagnostics(source, &shipshape::check(source, &settings)) })
}

#[derive(Debug, Serialize, PartialEq)]
pub struct FixOutput {
    /// The Dockerfile with the fixes applied.
    pub output: String,
    /// How many fixes of each rule were applied, in order of first application.
    pub fixed: Vec<FixedCount>,
    /// What is left, positioned in `output`.
    pub remaining: Vec<DiagnosticJson>,
    /// False when the fix loop stopped at its bound while fixes were still being applied.
    pub converged: bool,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct FixedCount {
    pub code: &'static str,
    pub count: usize,
}

pub fn fix(source: &str, options: &Options) -> Result<FixOutput, String> {
    check_source(source)?;
    let settings = options.settings()?;
    let level = if options.unsafe_fixes { Applicability::Unsafe } else { Applicability::Safe };
    let result = shipshape::fix(source, &settings, level);
    Ok(FixOutput {
        remaining: diagnostics(&result.output, &result.remaining),
        fixed: result.fixed.iter().map(|&(code, count)| FixedCount { code, count }).collect(),
        converged: result.converged,
        output: result.output,
    })
}

/// `shipshape distroless --format json`, with `converted` to tell a conversion from a refusal.
#[derive(Debug, Serialize, PartialEq)]
#[serde(untagged)]
pub enum DistrolessOutput {
    Converted {
        converted: bool,
        dockerfile: String,
        /// Sentences; those the user must check start with `Check:`.
        notes: Vec<String>,
        comparison: Box<ComparisonJson>,
        stack: &'static str,
        tools: Vec<&'static str>,
        image: String,
        unchanged: bool,
        /// The context files given.
        context_read: Vec<String>,
        /// Those the conversion used.
        context_used: Vec<String>,
    },
    Refused {
        converted: bool,
        /// Why the file was not converted.
        refused: String,
        /// The class of the reason: `needs-shell`, `not-published`, `needs-context`, …
        class: &'static str,
        /// The 1-based line the reason is about, when there is one.
        line: Option<u32>,
    },
}

/// Converts the Dockerfile to a multi-stage build whose final image is distroless, or says why
/// it cannot (a refusal is a result, not an error).
pub fn distroless(source: &str, options: &Options) -> Result<DistrolessOutput, String> {
    check_source(source)?;
    let runtime = match options.runtime.as_deref() {
        None => RuntimeFamily::default(),
        Some(name) => RuntimeFamily::parse(name)
            .ok_or_else(|| format!("unknown runtime `{name}`: use `distroless` or `chainguard`"))?,
    };
    let context: Vec<converter::ContextFile> =
        options.context.iter().map(|f| converter::ContextFile { path: f.path.clone(), text: f.text.clone() }).collect();
    let context_read: Vec<String> = context.iter().map(|f| f.path.clone()).collect();
    Ok(match converter::convert(source, &converter::Options { runtime, context }) {
        Conversion::Converted(c) => DistrolessOutput::Converted {
            converted: true,
            notes: c.notes.iter().map(ToString::to_string).collect(),
            comparison: Box::new(report::comparison(&c.comparison)),
            stack: c.stack.as_str(),
            tools: c.tools,
            image: c.image,
            unchanged: c.unchanged,
            context_read,
            context_used: c.context_used,
            dockerfile: c.dockerfile,
        },
        Conversion::Refused(r) => DistrolessOutput::Refused {
            converted: false,
            line: r.range.map(|range| LineIndex::new(source).line(range.start) + 1),
            class: r.class.as_str(),
            refused: r.reason,
        },
    })
}

#[derive(Debug, Serialize, PartialEq)]
pub struct DockerignoreOutput {
    /// The detected ecosystem: python, node, go, java, rust, ruby, php, dotnet or generic.
    pub stack: &'static str,
    /// The recommended `.dockerignore`.
    pub content: String,
}

pub fn dockerignore(source: &str) -> Result<DockerignoreOutput, String> {
    check_source(source)?;
    let parse = shipshape::parse(source);
    let model = Model::build(&parse.file, source);
    let detected = stack::detect(&parse.file, &model);
    Ok(DockerignoreOutput { stack: detected.as_str(), content: dockerignore::recommended(detected) })
}

pub fn rules() -> Vec<RuleJson> {
    rules::RULES.iter().map(|r| report::rule(&r.meta)).collect()
}

#[derive(Debug, Serialize, PartialEq)]
pub struct ExplainOutput {
    pub rule: RuleJson,
    /// The documentation as Markdown: What it does, Why is this bad?, Example, Use instead.
    pub docs: String,
}

pub fn explain(code: &str) -> Result<ExplainOutput, String> {
    let Some(rule) = rules::find(code.trim()) else {
        return Err(format!("no rule `{code}` (see `rules()`)"));
    };
    Ok(ExplainOutput { rule: report::rule(&rule.meta), docs: rule.meta.docs_markdown() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use shipshape::text::TextRange;

    const SEED: &str = include_str!("../../../tests/fixtures/seed-python-alpine.Dockerfile");

    fn options(json: &str) -> Result<Options, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn checks_with_one_based_positions() {
        let out = check(SEED, &Options::default()).unwrap();
        let pip = out.diagnostics.iter().find(|d| d.code == "DL3042").unwrap();
        assert_eq!((pip.line, pip.column), (7, 5));
        assert_eq!(pip.fix.as_ref().unwrap().applicability, "safe");
    }

    #[test]
    fn columns_count_utf16_code_units() {
        // "😀" is two UTF-16 code units: the RUN after it starts at column 5 of line 2 either
        // way, but the end of line 1 is at UTF-16 column 14, character column 13.
        let out = check("FROM alpine # 😀\nRUN apk add curl\n", &Options::default()).unwrap();
        let apk = out.diagnostics.iter().find(|d| d.code == "DL3019").unwrap();
        assert_eq!((apk.line, apk.column), (2, 5));
        let index = LineIndex::new("ab😀c");
        let at = report::span("ab😀c", &index, TextRange::new(6, 7), ColumnUnit::Utf16);
        assert_eq!((at.line, at.column, at.end_line, at.end_column), (1, 5, 1, 6));
    }

    #[test]
    fn reads_options() {
        let o = options(r#"{"select": "DL3042, SS001", "ignore": ["SS001"], "unsafe": true}"#).unwrap();
        assert_eq!(o.select.0, ["DL3042", "SS001"]);
        assert!(o.unsafe_fixes);
        let codes: Vec<&str> = check(SEED, &o).unwrap().diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["DL3042"]);
        assert!(options(r#"{"selct": ["DL3042"]}"#).unwrap_err().to_string().contains("unknown field `selct`"));
        assert!(options(r#"{"select": 3}"#).is_err());
        // OPTION_KEYS, which the wasm layer checks keys against, names every field.
        let all = r#"{"select": [], "extendSelect": "", "ignore": [], "dockerignore": "", "severity": {},
            "trustedRegistries": [], "disableIgnorePragma": false, "unsafe": false, "runtime": "chainguard",
            "context": []}"#;
        assert!(options(all).is_ok());
        assert_eq!(all.matches("\":").count(), OPTION_KEYS.len());
        assert!(OPTION_KEYS.iter().all(|k| all.contains(&format!("\"{k}\""))));
    }

    #[test]
    fn distroless_reads_the_context_files_given() {
        let o = options(
            r#"{"context": [{"path": "requirements.txt", "text": "numpy==1.21.0\n"}, {"path": "notes.txt", "text": ""}]}"#,
        )
        .unwrap();
        let source = "FROM python:3.10-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\nCMD [\"python\", \"app.py\"]\n";
        let DistrolessOutput::Converted { context_read, context_used, notes, .. } = distroless(source, &o).unwrap()
        else {
            panic!("refused")
        };
        assert_eq!((context_read.len(), context_used), (2, vec!["requirements.txt".to_string()]));
        assert!(notes.iter().any(|n| n.contains("numpy==1.21.0 (requirements.txt)")), "{notes:?}");
        assert!(options(r#"{"context": [{"path": "a"}]}"#).is_err(), "a context file needs its text");
    }

    #[test]
    fn refuses_unknown_selectors_and_severities() {
        let o = options(r#"{"select": ["DL9999"]}"#).unwrap();
        assert_eq!(check(SEED, &o).unwrap_err(), "unknown rule or prefix `DL9999` (see `rules()`)");
        let o = options(r#"{"severity": {"DL3042": "fatal"}}"#).unwrap();
        assert!(check(SEED, &o).unwrap_err().contains("unknown severity `fatal`"));
        let o = options(r#"{"severity": {"DL3042": "error"}}"#).unwrap();
        let pip = check(SEED, &o).unwrap().diagnostics.into_iter().find(|d| d.code == "DL3042").unwrap();
        assert_eq!(pip.severity, "error");
    }

    #[test]
    fn a_dockerignore_silences_missing_dockerignore() {
        let o = options(r#"{"dockerignore": ".git\n.env\n"}"#).unwrap();
        assert!(check(SEED, &o).unwrap().diagnostics.iter().all(|d| d.code != "SS003"));
        assert!(check(SEED, &Options::default()).unwrap().diagnostics.iter().any(|d| d.code == "SS003"));
    }

    #[test]
    fn fixes_safe_then_unsafe() {
        let safe = fix(SEED, &Options::default()).unwrap();
        assert!(safe.output.contains("pip install --no-cache-dir"));
        assert!(!safe.output.contains("\nUSER "));
        assert!(safe.converged);
        let all = fix(SEED, &options(r#"{"unsafe": true}"#).unwrap()).unwrap();
        assert!(all.output.contains("\nUSER "));
        assert!(all.fixed.iter().any(|f| f.code == "SS001"));
        // What is left has no fix (SS003 wants a .dockerignore, which no edit of the file gives).
        assert!(all.remaining.iter().any(|d| d.code == "SS003"), "{:?}", all.remaining);
        assert!(all.remaining.iter().all(|d| d.fix.is_none()), "{:?}", all.remaining);
    }

    #[test]
    fn converts_to_distroless_or_refuses() {
        let out = distroless(SEED, &Options::default()).unwrap();
        let DistrolessOutput::Converted { converted, dockerfile, image, notes, .. } = out else {
            panic!("the seed example is not converted: {out:?}")
        };
        assert!(converted);
        assert!(image.starts_with("gcr.io/distroless/"), "{image}");
        assert!(dockerfile.contains(&image));
        assert!(!notes.is_empty());
        let chainguard = options(r#"{"runtime": "chainguard"}"#).unwrap();
        let DistrolessOutput::Converted { image, .. } = distroless(SEED, &chainguard).unwrap() else { panic!() };
        assert!(image.starts_with("cgr.dev/chainguard/"), "{image}");
        let refused = distroless("FROM alpine:3.20\nRUN <<EOF\n", &Options::default()).unwrap();
        assert!(matches!(refused, DistrolessOutput::Refused { converted: false, .. }), "{refused:?}");
        let bad = options(r#"{"runtime": "scratch"}"#).unwrap();
        assert!(distroless(SEED, &bad).unwrap_err().contains("unknown runtime `scratch`"));
    }

    #[test]
    fn recommends_a_dockerignore() {
        let out = dockerignore(SEED).unwrap();
        assert_eq!(out.stack, "python");
        assert!(out.content.contains("__pycache__"));
    }

    #[test]
    fn lists_and_explains_rules() {
        let all = rules();
        assert_eq!(all.len(), rules::RULES.len());
        let pip = explain("pip-without-no-cache-dir").unwrap();
        assert_eq!(pip.rule.code, "DL3042");
        assert!(pip.docs.contains("## Why is this bad?"));
        assert_eq!(explain(" dl3042 ").unwrap().rule.name, "pip-without-no-cache-dir");
        assert_eq!(explain("nope").unwrap_err(), "no rule `nope` (see `rules()`)");
    }

    #[test]
    fn refuses_oversized_input() {
        let huge = "#".repeat(MAX_SOURCE_LEN + 1);
        assert_eq!(
            check(&huge, &Options::default()).unwrap_err(),
            "the Dockerfile is 64.1 MB; shipshape reads at most 64.0 MB"
        );
    }
}
