//! `cargo xtask conformance`, the formatter's part: every file of `../shared/corpus/files` and
//! `../shared/realworld` formatted, and the result held to what BuildKit reads.
//!
//! A formatted file must mean the same as its original (`format::meaning::compare` on our
//! parser, which agrees with BuildKit v0.12.5 on every corpus file), keep every comment, and
//! format to itself; a file that does not parse must be refused. For corpus files, the parse
//! of the formatted file is also held to BuildKit's own record of the original
//! (`buildkit.jsonl`): keywords, flags, forms, heredocs and arguments (a shell script compared
//! as its words; a legacy `ENV k v` as its value).
//!
//! `--other NAME=DIR` measures another formatter's outputs with the same checks: `DIR/first/
//! <files|realworld>/<name>` is its output for each file (missing when it gave none) and
//! `DIR/second/…` its output for that output.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::Value;
use shipshape::format::{self, FormatOptions, meaning};
use shipshape::syntax::{self, Kind};

/// One file of the set.
pub struct Input {
    /// `files/<name>` or `realworld/<name>`.
    pub name: String,
    pub text: String,
}

/// What a formatter did with the set.
#[derive(Default)]
pub struct Figures {
    pub files: usize,
    /// Files our parser (BuildKit's rules) reads without a syntax error.
    pub parseable: usize,
    /// Parseable files the formatter gave an output for.
    pub formatted: usize,
    pub same_meaning: usize,
    pub comments_kept: usize,
    pub idempotent: usize,
    /// Corpus files whose formatted parse matches BuildKit's record of the original.
    pub oracle_checked: usize,
    pub oracle_agree: usize,
    /// Files with a syntax error the formatter refused (ours must refuse them all).
    pub broken: usize,
    pub broken_refused: usize,
    pub problems: Vec<String>,
}

pub fn inputs(shared: &Path) -> Result<Vec<Input>, String> {
    let mut out = Vec::new();
    for (dir, label) in [(shared.join("corpus/files"), "files"), (shared.join("realworld"), "realworld")] {
        let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
            .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "Dockerfile"))
            .collect();
        names.sort();
        for path in names {
            let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let name = format!("{label}/{}", path.file_name().unwrap_or_default().to_string_lossy());
            out.push(Input { name, text: String::from_utf8_lossy(&bytes).into_owned() });
        }
    }
    Ok(out)
}

/// BuildKit's record of each corpus file that parses, by `files/<name>`.
pub fn oracle(corpus: &Path) -> Result<HashMap<String, Value>, String> {
    let text = std::fs::read_to_string(corpus.join("buildkit.jsonl")).map_err(|e| e.to_string())?;
    let mut out = HashMap::new();
    for line in text.lines() {
        let record: Value = serde_json::from_str(line).map_err(|e| e.to_string())?;
        if record["parses"].as_bool() == Some(true) {
            out.insert(format!("files/{}", record["file"].as_str().unwrap_or_default()), record);
        }
    }
    Ok(out)
}

fn broken(parse: &syntax::Parse) -> bool {
    parse.errors.iter().any(|e| e.message != "file with no instructions")
}

/// shipshape's formatter on the set, with the default options.
pub fn ours(inputs: &[Input], oracle: &HashMap<String, Value>) -> Figures {
    let options = FormatOptions::default();
    let outputs: Vec<Option<String>> = inputs.iter().map(|i| format::format(&i.text, &options).ok()).collect();
    measure(inputs, oracle, &outputs, &|text: &str| format::format(text, &options).ok())
}

/// Another formatter's outputs, read from `dir` as the module documentation says.
pub fn others(inputs: &[Input], oracle: &HashMap<String, Value>, dir: &Path) -> Figures {
    let read = |pass: &str, name: &str| {
        std::fs::read(dir.join(pass).join(name)).ok().map(|b| String::from_utf8_lossy(&b).into_owned())
    };
    let outputs: Vec<Option<String>> = inputs.iter().map(|i| read("first", &i.name)).collect();
    let second: HashMap<&str, Option<String>> =
        inputs.iter().map(|i| (i.name.as_str(), read("second", &i.name))).collect();
    // Their second pass, looked up by the first pass's text.
    let by_output: HashMap<String, Option<String>> =
        inputs.iter().zip(&outputs).filter_map(|(i, o)| Some((o.clone()?, second[i.name.as_str()].clone()))).collect();
    measure(inputs, oracle, &outputs, &|text: &str| by_output.get(text).cloned().flatten())
}

fn measure(
    inputs: &[Input],
    oracle: &HashMap<String, Value>,
    outputs: &[Option<String>],
    again: &dyn Fn(&str) -> Option<String>,
) -> Figures {
    let mut f = Figures { files: inputs.len(), ..Figures::default() };
    for (input, output) in inputs.iter().zip(outputs) {
        let before = syntax::parse(&input.text);
        let name = &input.name;
        if broken(&before) {
            f.broken += 1;
            if output.is_none() {
                f.broken_refused += 1;
            } else {
                f.problems.push(format!("{name}: formatted although it has a syntax error"));
            }
            continue;
        }
        f.parseable += 1;
        let Some(output) = output else {
            f.problems.push(format!("{name}: no output"));
            continue;
        };
        f.formatted += 1;
        let after = syntax::parse(output);
        match meaning::compare(&input.text, &before, output, &after) {
            Ok(()) => f.same_meaning += 1,
            Err(d) => f.problems.push(format!("{name}: the meaning changed: {}", d.message)),
        }
        let comments = |p: &syntax::Parse| p.file.comments.iter().map(|c| c.text.clone()).collect::<Vec<_>>();
        if comments(&before) == comments(&after) {
            f.comments_kept += 1;
        } else {
            f.problems.push(format!("{name}: comments lost or changed"));
        }
        if again(output).as_deref() == Some(output.as_str()) {
            f.idempotent += 1;
        } else {
            f.problems.push(format!("{name}: formatting the output changes it again"));
        }
        if let Some(record) = oracle.get(name) {
            f.oracle_checked += 1;
            match agrees_with_oracle(&input.text, &before, output, &after, record) {
                Ok(()) => f.oracle_agree += 1,
                Err(why) => f.problems.push(format!("{name}: differs from BuildKit's parse of the original: {why}")),
            }
        }
    }
    f
}

/// Our parse of the formatted file against BuildKit's record of the original.
fn agrees_with_oracle(
    original: &str,
    before: &syntax::Parse,
    output: &str,
    after: &syntax::Parse,
    record: &Value,
) -> Result<(), String> {
    let commands = record["commands"].as_array().cloned().unwrap_or_default();
    let instructions = &after.file.instructions;
    if commands.len() != instructions.len() {
        return Err(format!("{} instructions, BuildKit read {}", instructions.len(), commands.len()));
    }
    let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
    for (i, (command, instruction)) in commands.iter().zip(instructions).enumerate() {
        let line = i + 1;
        let keyword = instruction.keyword.slice(output);
        if !keyword.eq_ignore_ascii_case(&text(&command["cmd"])) {
            return Err(format!("instruction {line} is {keyword}, BuildKit read {}", command["cmd"]));
        }
        let sub = match &instruction.args {
            syntax::Args::Onbuild(Some(inner)) => Some(inner.keyword.slice(output).to_ascii_lowercase()),
            _ => None,
        };
        if sub != command["sub_cmd"].as_str().map(str::to_ascii_lowercase) {
            return Err(format!("instruction {line}: ONBUILD wraps another instruction"));
        }
        if instruction.effective().json != command["json"].as_bool().unwrap_or(false) {
            return Err(format!("instruction {line}: the form (JSON or shell) changed"));
        }
        let flags: Vec<String> = instruction
            .flags
            .iter()
            .map(|f| match &f.value {
                Some(v) => format!("--{}={v}", f.name),
                None => format!("--{}", f.name),
            })
            .collect();
        let oracle_flags: Vec<String> =
            command["flags"].as_array().map(|a| a.iter().map(text).collect()).unwrap_or_default();
        if flags != oracle_flags {
            return Err(format!("instruction {line}: flags {flags:?}, BuildKit read {oracle_flags:?}"));
        }
        let heredocs: Vec<(String, String)> =
            instruction.heredocs.iter().map(|h| (h.name.clone(), h.body.slice(output).replace("\r\n", "\n"))).collect();
        let oracle_heredocs: Vec<(String, String)> = command["heredocs"]
            .as_array()
            .map(|a| a.iter().map(|h| (text(&h["name"]), text(&h["content"]).replace("\r\n", "\n"))).collect())
            .unwrap_or_default();
        if heredocs != oracle_heredocs {
            return Err(format!("instruction {line}: a heredoc changed"));
        }
        // Arguments, where our parse of the original agrees with BuildKit's (it does on all but
        // one JSON string holding a NUL, which BuildKit's record drops).
        let oracle_values: Vec<String> =
            command["value"].as_array().map(|a| a.iter().map(text).collect()).unwrap_or_default();
        if crate::conformance::values(original, &before.file.instructions[i]) != oracle_values {
            continue;
        }
        let ours = crate::conformance::values(output, instruction);
        let kind = instruction.effective().kind;
        let same =
            ours.len() == oracle_values.len() && ours.iter().zip(&oracle_values).all(|(a, b)| same_value(kind, a, b));
        if !same {
            return Err(format!("instruction {line}: arguments {ours:?}, BuildKit read {oracle_values:?}"));
        }
    }
    Ok(())
}

/// Two argument values BuildKit reads the same: equal, equal as a shell script's words (the
/// formatter rewrites whitespace outside quotes), equal once a legacy `ENV k v` value is
/// quoted, or a keyword in another case (`as`, `cmd`).
fn same_value(kind: Kind, ours: &str, oracle: &str) -> bool {
    ours == oracle
        || meaning::shell_tokens(ours) == meaning::shell_tokens(oracle)
        || (matches!(kind, Kind::Env | Kind::Label)
            && !oracle.contains(['"', '\'', '\\', '`'])
            && ours.strip_prefix('"').and_then(|v| v.strip_suffix('"')) == Some(oracle))
        || (ours.eq_ignore_ascii_case(oracle) && matches!(oracle.to_ascii_lowercase().as_str(), "as" | "cmd" | "none"))
}

/// The figures side by side, one column per formatter.
pub fn report(columns: &[(&str, &Figures)]) -> String {
    let mut out = String::new();
    let first = columns[0].1;
    let _ = writeln!(
        out,
        "\nFormatter conformance (../shared/corpus/files and ../shared/realworld, {} files; {} parse, {} have a syntax error):",
        first.files, first.parseable, first.broken
    );
    let _ = write!(out, "  {:<44}", "");
    for (name, _) in columns {
        let _ = write!(out, " {name:>16}");
    }
    out.push('\n');
    let row = |out: &mut String, label: &str, value: &dyn Fn(&Figures) -> String| {
        let _ = write!(out, "  {label:<44}");
        for (_, f) in columns {
            let _ = write!(out, " {:>16}", value(f));
        }
        out.push('\n');
    };
    let of = |n: usize, d: usize| format!("{n}/{d}");
    row(&mut out, "formatted (an output for a file that parses)", &|f| of(f.formatted, f.parseable));
    row(&mut out, "meaning identical to BuildKit", &|f| of(f.same_meaning, f.parseable));
    row(&mut out, "  and to BuildKit's own parse (corpus)", &|f| of(f.oracle_agree, f.oracle_checked));
    row(&mut out, "all comments kept", &|f| of(f.comments_kept, f.parseable));
    row(&mut out, "idempotent (formatting the output: no change)", &|f| of(f.idempotent, f.parseable));
    row(&mut out, "files with a syntax error refused", &|f| of(f.broken_refused, f.broken));
    out
}
