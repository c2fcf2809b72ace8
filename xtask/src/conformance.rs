//! `cargo xtask conformance`: our parser against BuildKit's, on the real corpus.

use std::fmt::Write as _;
use std::path::Path;

use serde_json::Value;
use shipshape::syntax::{self, Args, Command, Instruction, Kind};
use shipshape::text::LineIndex;

/// What one instruction looks like to BuildKit's oracle, rebuilt from our tree.
#[derive(Debug, PartialEq)]
struct Shape {
    cmd: String,
    sub_cmd: Option<String>,
    json: bool,
    flags: Vec<String>,
    start_line: u64,
    end_line: u64,
    heredocs: Vec<(String, String)>,
}

fn shape(source: &str, index: &LineIndex, instruction: &Instruction) -> Shape {
    let sub = match &instruction.args {
        Args::Onbuild(Some(inner)) => Some(inner.as_ref()),
        _ => None,
    };
    let flags_of = |i: &Instruction| {
        i.flags
            .iter()
            .map(|f| match &f.value {
                Some(v) => format!("--{}={}", f.name, v),
                None => format!("--{}", f.name),
            })
            .collect::<Vec<_>>()
    };
    Shape {
        cmd: instruction.keyword.slice(source).to_string(),
        sub_cmd: sub.map(|i| i.keyword.slice(source).to_string()),
        json: sub.unwrap_or(instruction).json,
        flags: flags_of(instruction),
        start_line: u64::from(index.line(instruction.range.start)) + 1,
        end_line: u64::from(index.line(instruction.range.end)) + 1,
        heredocs: instruction.heredocs.iter().map(|h| (h.name.clone(), h.body.slice(source).to_string())).collect(),
    }
}

fn oracle_shape(command: &Value) -> Shape {
    let s = |v: &Value| v.as_str().unwrap_or_default().to_string();
    Shape {
        cmd: s(&command["cmd"]),
        sub_cmd: command["sub_cmd"].as_str().map(str::to_string),
        json: command["json"].as_bool().unwrap_or(false),
        flags: command["flags"].as_array().map(|a| a.iter().map(s).collect()).unwrap_or_default(),
        start_line: command["start_line"].as_u64().unwrap_or(0),
        end_line: command["end_line"].as_u64().unwrap_or(0),
        heredocs: command["heredocs"]
            .as_array()
            .map(|a| a.iter().map(|h| (s(&h["name"]), s(&h["content"]))).collect())
            .unwrap_or_default(),
    }
}

/// The oracle's `value` list, rebuilt from our tree, for the secondary "values" figure.
pub(crate) fn values(source: &str, instruction: &Instruction) -> Vec<String> {
    let logical = &instruction.logical;
    let instruction = instruction.effective();
    let _ = source;
    let raw = |r: shipshape::text::TextRange| logical.text_of(r).to_string();
    if instruction.kind == Kind::Unknown {
        // BuildKit's parseIgnore keeps an empty node for words it does not know.
        return vec![String::new()];
    }
    match &instruction.args {
        Args::None => vec![],
        Args::Command(Command::Shell(shell)) => vec![shell.text.clone()],
        Args::Command(Command::Exec(exec)) => exec.elements.iter().map(|e| e.value.clone()).collect(),
        Args::Copy(copy) if instruction.json => copy.paths.iter().map(|w| w.value.clone()).collect(),
        Args::Words(words) if instruction.json => words.iter().map(|w| w.value.clone()).collect(),
        Args::Copy(copy) => copy.paths.iter().map(|w| raw(w.range)).collect(),
        Args::Words(words) => words.iter().map(|w| raw(w.range)).collect(),
        Args::From(from) => from
            .image
            .iter()
            .chain(&from.as_keyword)
            .chain(&from.name)
            .chain(&from.extra)
            .map(|w| raw(w.range))
            .collect(),
        Args::Pairs(pairs) if instruction.kind == Kind::Arg => pairs.iter().map(|p| raw(p.range)).collect(),
        Args::Pairs(pairs) => pairs
            .iter()
            .flat_map(|p| [raw(p.key.range), p.value.as_ref().map(|v| raw(v.range)).unwrap_or_default()])
            .collect(),
        Args::Text(word) => vec![raw(word.range)],
        Args::Healthcheck(health) => {
            let mut out: Vec<String> = health.kind.iter().map(|w| raw(w.range)).collect();
            match &health.command {
                Some(Command::Shell(shell)) => out.push(shell.text.clone()),
                Some(Command::Exec(exec)) => out.extend(exec.elements.iter().map(|e| e.value.clone())),
                None => {}
            }
            out
        }
        Args::Onbuild(_) => vec![],
    }
}

pub struct ParserFigures {
    pub files: usize,
    pub oracle_parses: usize,
    pub agree: usize,
    pub instructions: usize,
    pub instructions_agree: usize,
    pub values_agree: usize,
    pub negatives: usize,
    pub negatives_with_errors: usize,
    pub report: String,
}

pub fn parser(corpus: &Path) -> Result<ParserFigures, String> {
    let oracle = std::fs::read_to_string(corpus.join("buildkit.jsonl"))
        .map_err(|e| format!("cannot read {}: {e}", corpus.join("buildkit.jsonl").display()))?;
    let mut figures = ParserFigures {
        files: 0,
        oracle_parses: 0,
        agree: 0,
        instructions: 0,
        instructions_agree: 0,
        values_agree: 0,
        negatives: 0,
        negatives_with_errors: 0,
        report: String::new(),
    };
    for line in oracle.lines() {
        let record: Value = serde_json::from_str(line).map_err(|e| e.to_string())?;
        let name = record["file"].as_str().unwrap_or_default();
        let bytes = std::fs::read(corpus.join("files").join(name)).map_err(|e| format!("{name}: {e}"))?;
        let source = String::from_utf8_lossy(&bytes);
        figures.files += 1;
        let parse =
            std::panic::catch_unwind(|| syntax::parse(&source)).map_err(|_| format!("{name}: the parser panicked"))?;
        if record["parses"].as_bool() != Some(true) {
            figures.negatives += 1;
            if parse.errors.is_empty() {
                let _ =
                    writeln!(figures.report, "{name}: BuildKit rejects it ({}) but we found no error", record["error"]);
            } else {
                figures.negatives_with_errors += 1;
            }
            continue;
        }
        figures.oracle_parses += 1;
        let index = LineIndex::new(&source);
        let commands = record["commands"].as_array().cloned().unwrap_or_default();
        let ours: Vec<Shape> = parse.file.instructions.iter().map(|i| shape(&source, &index, i)).collect();
        let theirs: Vec<Shape> = commands.iter().map(oracle_shape).collect();
        figures.instructions += theirs.len();
        let mut file_ok = ours.len() == theirs.len();
        if !file_ok {
            let _ = writeln!(figures.report, "{name}: {} instructions, BuildKit has {}", ours.len(), theirs.len());
        }
        for (i, (a, b)) in ours.iter().zip(&theirs).enumerate() {
            if a == b {
                figures.instructions_agree += 1;
            } else {
                file_ok = false;
                let _ =
                    writeln!(figures.report, "{name}: instruction {i} differs\n  ours:     {a:?}\n  buildkit: {b:?}");
            }
            let oracle_values: Vec<String> = commands[i]["value"]
                .as_array()
                .map(|a| a.iter().map(|v| v.as_str().unwrap_or_default().to_string()).collect())
                .unwrap_or_default();
            if values(&source, &parse.file.instructions[i]) == oracle_values {
                figures.values_agree += 1;
            } else if std::env::var_os("SHIPSHAPE_CONFORMANCE_VALUES").is_some() {
                let _ = writeln!(
                    figures.report,
                    "{name}: values of instruction {i} differ\n  ours:     {:?}\n  buildkit: {oracle_values:?}",
                    values(&source, &parse.file.instructions[i])
                );
            }
        }
        if file_ok {
            figures.agree += 1;
        }
    }
    Ok(figures)
}

// ---------------------------------------------------------------------------------------------
// hadolint: its own rule tests (../shared/peer/hadolint-cases.jsonl, GPL: read at run time, never
// copied) and its findings on the corpus (../shared/corpus/hadolint.jsonl).

use shipshape::Settings;
use shipshape::settings::LabelType;
use std::collections::{BTreeMap, BTreeSet};

/// One case of hadolint's spec files.
pub struct Case {
    pub rule: String,
    pub it: String,
    pub hit: bool,
    pub onbuild: bool,
    pub config: Option<String>,
    pub dockerfile: String,
}

pub fn read_cases(peer: &Path) -> Result<Vec<Case>, String> {
    let path = peer.join("hadolint-cases.jsonl");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    text.lines()
        .map(|line| {
            let v: Value = serde_json::from_str(line).map_err(|e| e.to_string())?;
            Ok(Case {
                rule: v["rule"].as_str().unwrap_or_default().to_string(),
                it: v["it"].as_str().unwrap_or_default().to_string(),
                hit: v["expect"] == "hit",
                onbuild: v["onbuild"].as_bool().unwrap_or(false),
                config: v["config"].as_str().map(str::to_string),
                dockerfile: v["dockerfile"].as_str().unwrap_or_default().to_string(),
            })
        })
        .collect()
}

/// The settings a case's Haskell config record stands for.
fn case_settings(case: &Case) -> Settings {
    let mut settings = Settings { select: vec![case.rule.clone()], ..Settings::default() };
    let Some(config) = &case.config else { return settings };
    let strings = |text: &str| -> Vec<String> { text.split('"').skip(1).step_by(2).map(str::to_string).collect() };
    if let Some(start) = config.find("allowedRegistries") {
        let rest = &config[start..];
        let list = &rest[rest.find('[').unwrap_or(0)..=rest.find(']').unwrap_or(rest.len() - 1)];
        settings.trusted_registries = strings(list);
    }
    if let Some(start) = config.find("labelSchema") {
        let rest = &config[start..];
        for entry in rest.split("(\"").skip(1) {
            let name = entry.split('"').next().unwrap_or_default().to_string();
            // `Rule.Url)]` or `Url)] }`: the type is the word before the closing brackets.
            let kind = entry.split(',').nth(1).unwrap_or_default().trim().trim_end_matches([')', ']', '}', ' ']);
            let kind = kind.rsplit('.').next().unwrap_or(kind);
            if let Some(kind) = LabelType::parse(kind) {
                settings.label_schema.push((name, kind));
            }
        }
    }
    settings.strict_labels = config.contains("strictLabels = True");
    settings
}

/// The Dockerfile a case describes, as hadolint's test harness builds it.
fn case_source(case: &Case) -> String {
    let mut text = if case.onbuild {
        case.dockerfile
            .lines()
            .map(|l| if l.starts_with("RUN") { format!("ONBUILD {l}") } else { l.to_string() })
            .collect::<Vec<_>>()
            .join("\n")
    } else {
        case.dockerfile.clone()
    };
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text
}

pub struct RuleAgreement {
    pub cases: usize,
    pub agree: usize,
    /// `(it, expected hit, onbuild)` of each case we decide differently.
    pub differ: Vec<(String, bool, bool)>,
}

pub struct HadolintFigures {
    pub per_rule: BTreeMap<String, RuleAgreement>,
    pub not_implemented: BTreeMap<String, usize>,
}

pub fn hadolint_cases(peer: &Path) -> Result<HadolintFigures, String> {
    let cases = read_cases(peer)?;
    let mut per_rule: BTreeMap<String, RuleAgreement> = BTreeMap::new();
    let mut not_implemented: BTreeMap<String, usize> = BTreeMap::new();
    for case in &cases {
        if !shipshape::rules::RULES.iter().any(|r| r.meta.code == case.rule) {
            *not_implemented.entry(case.rule.clone()).or_default() += 1;
            continue;
        }
        let source = case_source(case);
        let settings = case_settings(case);
        let found = std::panic::catch_unwind(|| shipshape::check(&source, &settings))
            .map_err(|_| format!("{} `{}`: check panicked", case.rule, case.it))?
            .iter()
            .any(|d| d.rule.code == case.rule);
        let entry =
            per_rule.entry(case.rule.clone()).or_insert(RuleAgreement { cases: 0, agree: 0, differ: Vec::new() });
        entry.cases += 1;
        if found == case.hit {
            entry.agree += 1;
        } else {
            entry.differ.push((case.it.clone(), case.hit, case.onbuild));
        }
    }
    Ok(HadolintFigures { per_rule, not_implemented })
}

/// Precision and recall against hadolint's findings on the corpus, per rule, at line level:
/// a finding is the (file, first line of the instruction) pair hadolint reports.
pub struct CorpusRule {
    pub ours: usize,
    pub theirs: usize,
    pub both: usize,
    pub only_ours: Vec<(String, u32)>,
    pub only_theirs: Vec<(String, u32)>,
}

pub fn hadolint_corpus(corpus: &Path) -> Result<BTreeMap<String, CorpusRule>, String> {
    let text = std::fs::read_to_string(corpus.join("hadolint.jsonl")).map_err(|e| e.to_string())?;
    let mut theirs: BTreeMap<String, BTreeSet<(String, u32)>> = BTreeMap::new();
    let mut ours: BTreeMap<String, BTreeSet<(String, u32)>> = BTreeMap::new();
    // hadolint ran with its defaults: compare with ours.
    let settings = Settings::default();
    for line in text.lines() {
        let record: Value = serde_json::from_str(line).map_err(|e| e.to_string())?;
        let name = record["file"].as_str().unwrap_or_default().to_string();
        let results = record["results"].as_array().cloned().unwrap_or_default();
        if results.iter().any(|r| r["code"] == "DL1000") {
            continue; // hadolint could not read the file: nothing to compare with.
        }
        for r in &results {
            let code = r["code"].as_str().unwrap_or_default();
            if code.starts_with("DL") {
                theirs
                    .entry(code.to_string())
                    .or_default()
                    .insert((name.clone(), r["line"].as_u64().unwrap_or(0) as u32));
            }
        }
        let bytes = std::fs::read(corpus.join("files").join(&name)).map_err(|e| e.to_string())?;
        let source = String::from_utf8_lossy(&bytes);
        let result = shipshape::check_full(&source, &settings);
        let index = LineIndex::new(&source);
        for d in &result.diagnostics {
            let Some(hadolint) = d.rule.hadolint else { continue };
            let offset = shipshape::suppression::instruction_at(&result.parse.file, d.range.start)
                .map_or(d.range.start, |i| result.parse.file.instructions[i].range.start);
            ours.entry(hadolint.to_string()).or_default().insert((name.clone(), index.line(offset) + 1));
        }
    }
    let mut out = BTreeMap::new();
    for rule in shipshape::rules::RULES {
        let Some(code) = rule.meta.hadolint else { continue };
        // DL1000 has no oracle; the SC rules are measured per (file, code) in `shellcheck.rs`.
        if code == "DL1000" || code.starts_with("SC") {
            continue;
        }
        let a = ours.remove(code).unwrap_or_default();
        let b = theirs.remove(code).unwrap_or_default();
        out.insert(
            code.to_string(),
            CorpusRule {
                ours: a.len(),
                theirs: b.len(),
                both: a.intersection(&b).count(),
                only_ours: a.difference(&b).cloned().collect(),
                only_theirs: b.difference(&a).cloned().collect(),
            },
        );
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(config: &str) -> Case {
        Case {
            rule: "DL3052".into(),
            it: String::new(),
            hit: true,
            onbuild: false,
            config: Some(config.into()),
            dockerfile: String::new(),
        }
    }

    #[test]
    fn reads_label_schemas() {
        let settings = case_settings(&case("def { labelSchema = Map.fromList [(\"urllabel\", Url)] }"));
        assert_eq!(settings.label_schema, [("urllabel".to_string(), LabelType::Url)]);
        let settings = case_settings(&case(
            "def\n  { labelSchema = Map.fromList [(\"a\", Rule.RawText), (\"b\", Rule.GitHash)],\n    strictLabels = True\n  }",
        ));
        assert_eq!(settings.label_schema, [("a".to_string(), LabelType::Text), ("b".to_string(), LabelType::Hash)]);
        assert!(settings.strict_labels);
    }
}
