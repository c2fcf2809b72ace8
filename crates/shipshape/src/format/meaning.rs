//! What a Dockerfile means to BuildKit, for comparing a file with its formatted self.
//!
//! Two files mean the same when their parses agree on the directives, every instruction
//! (keyword, flags, form, arguments as BuildKit splits them, heredocs byte for byte up to the
//! line terminator) and every comment (its text, and the instruction it precedes or sits in).
//! Whitespace is compared only where it matters: a shell script is compared as the shell's
//! words and operators, with quotes kept; a `USER` or `WORKDIR` value, a command for a shell
//! that is not POSIX, and any other text taken whole are compared exactly.

use crate::semantic::Model;
use crate::syntax::{Args, Command, Dockerfile, Instruction, Kind, Parse};
use crate::text::TextRange;

/// The first way two files differ, with the range in the first file it is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Difference {
    pub message: String,
    pub range: TextRange,
}

/// Compares the meaning of `before` (parsed as `a`) and `after` (parsed as `b`).
pub fn compare(before: &str, a: &Parse, after: &str, b: &Parse) -> Result<(), Difference> {
    let whole = TextRange::new(0, 0);
    let fail = |message: String, range: TextRange| Err(Difference { message, range });
    let (fa, fb) = (&a.file, &b.file);
    if fa.bom.is_some() != fb.bom.is_some() {
        return fail("the byte-order mark".into(), whole);
    }
    let directives =
        |f: &Dockerfile| f.directives.iter().map(|d| (d.name.clone(), d.value.clone())).collect::<Vec<_>>();
    if directives(fa) != directives(fb) || fa.escape != fb.escape {
        return fail("the parser directives".into(), fa.directives.first().map_or(whole, |d| d.range));
    }
    let errors = |p: &Parse| p.errors.iter().map(|e| e.message.clone()).collect::<Vec<_>>();
    if errors(a) != errors(b) {
        return fail("the syntax errors".into(), a.errors.first().map_or(whole, |e| e.range));
    }
    let (ca, cb) = (comments(fa), comments(fb));
    if ca.len() != cb.len() {
        return fail(format!("the number of comments ({} and {})", ca.len(), cb.len()), whole);
    }
    for ((x, range), (y, _)) in ca.iter().zip(&cb) {
        if x != y {
            return fail(format!("a comment or where it belongs ({:?})", x.0), *range);
        }
    }
    if fa.instructions.len() != fb.instructions.len() {
        return fail(
            format!("the number of instructions ({} and {})", fa.instructions.len(), fb.instructions.len()),
            whole,
        );
    }
    let (ma, mb) = (Model::build(fa, before), Model::build(fb, after));
    for (i, (x, y)) in fa.instructions.iter().zip(&fb.instructions).enumerate() {
        let posix = ma.shell_of.get(i).is_none_or(|s| s.is_posix()) && mb.shell_of.get(i).is_none_or(|s| s.is_posix());
        let sx = Shape::of(before, x, posix);
        let sy = Shape::of(after, y, posix);
        if let Some(what) = sx.differs(&sy, fa.escape) {
            return fail(
                format!("{what} of the {} on line {}", x.kind.as_str(), line_of(before, x.range.start)),
                x.range,
            );
        }
    }
    Ok(())
}

fn line_of(source: &str, offset: u32) -> usize {
    source[..offset as usize].matches('\n').count() + 1
}

/// Where a comment belongs: inside an instruction's continuation, or before an instruction
/// (the number of instructions before it).
#[derive(Clone, Debug, PartialEq, Eq)]
enum Anchor {
    Inside(u32),
    Before(usize),
}

fn comments(file: &Dockerfile) -> Vec<((String, Anchor), TextRange)> {
    file.comments
        .iter()
        .map(|c| {
            let anchor = match c.inside {
                Some(i) => Anchor::Inside(i),
                None => Anchor::Before(file.instructions.partition_point(|i| i.range.start < c.range.start)),
            };
            ((c.text.clone(), anchor), c.range)
        })
        .collect()
}

/// An instruction as BuildKit reads it.
#[derive(Debug, PartialEq, Eq)]
struct Shape {
    keywords: Vec<String>,
    flags: Vec<(String, Option<String>)>,
    json: bool,
    args: Vec<Value>,
    heredocs: Vec<(String, bool, bool, Option<u32>, String)>,
}

#[derive(Debug, PartialEq, Eq)]
enum Value {
    /// Compared exactly.
    Exact(String),
    /// A shell script: its words and operators.
    Script(Vec<String>),
    /// An ENV or LABEL pair: the key, the raw value, and whether it was the legacy form.
    Pair(String, String, bool),
}

impl Shape {
    fn of(source: &str, instruction: &Instruction, posix: bool) -> Shape {
        let logical = &instruction.logical;
        let raw = |r: TextRange| logical.text_of(r).to_string();
        let mut shape = Shape {
            keywords: Vec::new(),
            flags: Vec::new(),
            json: false,
            args: Vec::new(),
            heredocs: instruction
                .heredocs
                .iter()
                .map(|h| (h.name.clone(), h.expand, h.chomp, h.fd, h.body.slice(source).replace("\r\n", "\n")))
                .collect(),
        };
        let mut current = instruction;
        loop {
            shape.keywords.push(match current.kind {
                Kind::Unknown => raw(current.keyword).to_ascii_uppercase(),
                kind => kind.as_str().to_string(),
            });
            shape.flags.extend(current.flags.iter().map(|f| (f.name.clone(), f.value.clone())));
            match &current.args {
                Args::Onbuild(Some(inner)) => current = inner,
                _ => break,
            }
        }
        shape.json = current.json;
        let command = |c: &Command, kind: Kind| match c {
            Command::Exec(exec) => exec.elements.iter().map(|e| Value::Exact(e.value.clone())).collect(),
            Command::Shell(shell) if posix && kind != Kind::Shell => vec![Value::Script(shell_tokens(&shell.text))],
            Command::Shell(shell) => vec![Value::Exact(shell.text.clone())],
        };
        shape.args = match &current.args {
            Args::None | Args::Onbuild(None) => Vec::new(),
            Args::Onbuild(Some(_)) => unreachable!("unwrapped above"),
            Args::Command(c) => command(c, current.kind),
            Args::Copy(copy) if current.json => copy.paths.iter().map(|w| Value::Exact(w.value.clone())).collect(),
            Args::Words(words) if current.json => words.iter().map(|w| Value::Exact(w.value.clone())).collect(),
            Args::Copy(copy) => copy.paths.iter().map(|w| Value::Exact(raw(w.range))).collect(),
            Args::Words(words) => words.iter().map(|w| Value::Exact(raw(w.range))).collect(),
            Args::From(from) => {
                let mut out: Vec<Value> = from.image.iter().map(|w| Value::Exact(raw(w.range))).collect();
                out.extend(from.as_keyword.iter().map(|w| Value::Exact(w.value.to_ascii_uppercase())));
                out.extend(from.name.iter().chain(&from.extra).map(|w| Value::Exact(raw(w.range))));
                out
            }
            Args::Pairs(pairs) if current.kind == Kind::Arg => {
                pairs.iter().map(|p| Value::Exact(raw(p.range))).collect()
            }
            Args::Pairs(pairs) => pairs
                .iter()
                .map(|p| {
                    Value::Pair(raw(p.key.range), p.value.as_ref().map(|v| raw(v.range)).unwrap_or_default(), p.legacy)
                })
                .collect(),
            Args::Text(word) => vec![Value::Exact(raw(word.range))],
            Args::Healthcheck(health) => {
                let mut out: Vec<Value> =
                    health.kind.iter().map(|w| Value::Exact(raw(w.range).to_ascii_uppercase())).collect();
                if let Some(c) = &health.command {
                    out.extend(command(c, Kind::Healthcheck));
                }
                out
            }
        };
        shape
    }

    /// What differs, if anything.
    fn differs(&self, other: &Shape, escape: char) -> Option<&'static str> {
        if self.keywords != other.keywords {
            return Some("the keyword");
        }
        if self.flags != other.flags {
            return Some("the flags");
        }
        if self.json != other.json {
            return Some("the form (JSON or shell)");
        }
        if self.heredocs != other.heredocs {
            return Some("a heredoc");
        }
        if self.args.len() != other.args.len() {
            return Some("the number of arguments");
        }
        let same = self.args.iter().zip(&other.args).all(|pair| match pair {
            (Value::Pair(k1, v1, legacy1), Value::Pair(k2, v2, legacy2)) => {
                k1 == k2 && (v1 == v2 || (legacy1 != legacy2 && quoted_legacy(v1, v2, *legacy1, escape)))
            }
            (x, y) => x == y,
        });
        if !same {
            return Some("the arguments");
        }
        None
    }
}

/// A legacy `ENV key value` written as `key="value"`: the same value when the raw value has
/// no quotes and no escapes for the double quotes to change.
fn quoted_legacy(v1: &str, v2: &str, first_is_legacy: bool, escape: char) -> bool {
    let (legacy, new) = if first_is_legacy { (v1, v2) } else { (v2, v1) };
    !legacy.contains(['"', '\'', '\\', escape])
        && new.strip_prefix('"').and_then(|v| v.strip_suffix('"')).is_some_and(|v| v == legacy)
}

/// A POSIX shell text as its words and operators: whitespace outside quotes only separates,
/// and so do the shell's metacharacters (`a&&b` is `a && b`, `>file` is `> file`), except that
/// a file descriptor stays with its redirection (`2>&1` is not `2 >&1`).
pub fn shell_tokens(text: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    for (s, e) in super::scan::shell_atoms(text, 0, text.len()) {
        split_operators(&text[s..e], &mut tokens);
    }
    tokens
}

/// The shell's operators, longest first.
const OPERATORS: [&str; 21] = [
    "&>>", "<<-", "<<<", "&&", "||", ";;", "<<", ">>", "<&", ">&", "<>", ">|", "&>", "|&", "|", ";", "&", "<", ">",
    "(", ")",
];

/// Splits a whitespace-free piece of shell text at its operators outside quotes and
/// expansions (`$(…)`, `${…}`, backquotes stay inside their word).
fn split_operators(atom: &str, tokens: &mut Vec<String>) {
    let bytes = atom.as_bytes();
    let (mut word_start, mut i) = (0, 0);
    // Open quotes and expansions: a quote character, `{` for `${`, `(` for `$(`.
    let mut open: Vec<u8> = Vec::new();
    while i < bytes.len() {
        let b = bytes[i];
        match open.last() {
            Some(b'\'') => {
                if b == b'\'' {
                    open.pop();
                }
                i += 1;
                continue;
            }
            Some(&q @ (b'"' | b'`')) => {
                match b {
                    b'\\' => i += 1,
                    _ if b == q => {
                        open.pop();
                    }
                    _ => {}
                }
                i += 1;
                continue;
            }
            _ => {}
        }
        match b {
            b'\\' => {
                i += 2;
                continue;
            }
            b'\'' | b'"' | b'`' => {
                open.push(b);
                i += 1;
                continue;
            }
            b'$' if matches!(bytes.get(i + 1), Some(b'(' | b'{')) => {
                open.push(bytes[i + 1]);
                i += 2;
                continue;
            }
            b'}' if open.last() == Some(&b'{') => {
                open.pop();
                i += 1;
                continue;
            }
            b')' if open.last() == Some(&b'(') => {
                open.pop();
                i += 1;
                continue;
            }
            _ if !open.is_empty() => {
                i += 1;
                continue;
            }
            _ => {}
        }
        // Bytes, not `atom[i..]`: `i` may be inside a multi-byte character.
        let Some(op) = OPERATORS.iter().find(|op| bytes[i..].starts_with(op.as_bytes())) else {
            i += 1;
            continue;
        };
        let mut op_start = i;
        if op.starts_with(['<', '>']) {
            while op_start > word_start && bytes[op_start - 1].is_ascii_digit() {
                op_start -= 1;
            }
        }
        if op_start > word_start {
            tokens.push(atom[word_start..op_start].to_string());
        }
        tokens.push(atom[op_start..i + op.len()].to_string());
        i += op.len();
        word_start = i;
    }
    if word_start < bytes.len() {
        tokens.push(atom[word_start..].to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn differs(a: &str, b: &str) -> Option<String> {
        compare(a, &crate::parse(a), b, &crate::parse(b)).err().map(|d| d.message)
    }

    #[test]
    fn whitespace_outside_quotes_does_not_matter_in_a_script() {
        assert_eq!(differs("RUN a&&b  c\n", "RUN a && \\\n    b c\n"), None);
        assert_eq!(differs("RUN echo x > $F 2>&1\n", "RUN echo x >$F 2>&1\n"), None);
        assert_eq!(shell_tokens("a|b 'x  y'"), ["a", "|", "b", "'x  y'"]);
        assert_eq!(shell_tokens("(cd x&&make)>log 2>&1"), ["(", "cd", "x", "&&", "make", ")", ">", "log", "2>&", "1"]);
        assert_eq!(shell_tokens("a$(b|c)\"d|e\" ${f:-g>h}"), ["a$(b|c)\"d|e\"", "${f:-g>h}"]);
        assert_eq!(shell_tokens("ié|é>\"é"), ["ié", "|", "é", ">", "\"é"]);
        assert_eq!(
            differs("RUN pip ié  flaskRUN pip install flasksk\"\n", "RUN pip ié flaskRUN pip install flasksk\"\n"),
            None
        );
    }

    #[test]
    fn whitespace_inside_quotes_does() {
        assert!(differs("RUN echo 'a  b'\n", "RUN echo 'a b'\n").is_some());
        assert!(differs("RUN echo 2>&1\n", "RUN echo 2 >&1\n").is_some());
        assert!(differs("WORKDIR /a  b\n", "WORKDIR /a b\n").is_some());
    }

    #[test]
    fn legacy_env_quoted() {
        assert_eq!(differs("ENV A b  c\n", "ENV A=\"b  c\"\n"), None);
        assert!(differs("ENV A b  c\n", "ENV A=\"b c\"\n").is_some());
        assert!(differs("ENV A b'c d'\n", "ENV A=\"b'c d'\"\n").is_some());
    }

    #[test]
    fn comments_keep_their_place() {
        assert_eq!(differs("# a\nFROM x\n", "# a\n\nFROM x\n"), None);
        assert!(differs("# a\nFROM x\nRUN y\n", "FROM x\n# a\nRUN y\n").is_some());
        assert!(differs("RUN a \\\n  # c\n  b\n", "# c\nRUN a \\\n  b\n").is_some());
    }

    #[test]
    fn directives_and_flags() {
        assert!(differs("# escape=`\nFROM x\n", "FROM x\n# escape=`\n").is_some());
        assert!(differs("RUN --mount=type=cache,target=/x a\n", "RUN a\n").is_some());
    }
}
