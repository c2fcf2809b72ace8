//! The Dockerfile formatter: one canonical layout (`docs/formatting.md`) that never changes
//! what the file means to BuildKit.
//!
//! It prints from the lossless tree. An instruction is cut into *atoms* (keyword, flags,
//! argument words, JSON tokens, top-level shell operators) separated by *gaps* of whitespace
//! that BuildKit and the shell ignore; only gaps are rewritten. Anything whose whitespace
//! matters (the inside of quotes, a `USER`/`WORKDIR` value, a command for a shell that is not
//! POSIX, a line continuation inside a word) is an atom and is printed from its own text,
//! including its line breaks. Comments, parser directives and heredoc bodies are copied.
//!
//! [`format`] refuses a file with a syntax error, and checks its own output: it re-parses the
//! result and compares it with the input ([`meaning::compare`]); a formatter bug is returned as
//! an error, never as a changed file.

mod instruction;
pub mod meaning;
mod scan;

#[cfg(test)]
mod tests;

use std::fmt;

use crate::semantic::Model;
use crate::syntax::{self, Kind, LineKind, Parse};
use crate::text::TextRange;

/// How to format. Plain data: front ends fill it from their configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormatOptions {
    /// Spaces per continuation-line indentation level.
    pub indent_width: u8,
    /// Break a long shell-form RUN before each top-level `&&`, `||` and `|`, one command per
    /// line. When off, RUN line breaks stay where the author put them.
    pub break_long_runs: bool,
    pub line_ending: LineEnding,
}

impl Default for FormatOptions {
    fn default() -> FormatOptions {
        FormatOptions { indent_width: 4, break_long_runs: true, line_ending: LineEnding::Auto }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LineEnding {
    /// The file's own: CRLF when its first line ends with CRLF, otherwise LF.
    #[default]
    Auto,
    Lf,
    CrLf,
}

impl LineEnding {
    /// `auto`, `lf` or `crlf`, as the configuration file and flags spell them.
    pub fn parse(text: &str) -> Option<LineEnding> {
        match text.to_ascii_lowercase().as_str() {
            "auto" => Some(LineEnding::Auto),
            "lf" => Some(LineEnding::Lf),
            "crlf" => Some(LineEnding::CrLf),
            _ => None,
        }
    }
}

/// Why a file was not formatted: a one-line reason and the byte range it is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormatError {
    pub message: String,
    pub range: TextRange,
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FormatError {}

/// A line longer than this is broken, when it is a RUN with top-level operators.
pub const LINE_WIDTH: usize = 80;

/// Formats a Dockerfile. Refuses (with the first syntax error) a file that does not parse: a
/// formatter cannot know what a broken file means, and must not guess.
pub fn format(source: &str, options: &FormatOptions) -> Result<String, FormatError> {
    let parse = syntax::parse(source);
    if let Some(error) = parse.errors.iter().find(|e| !is_harmless(&e.message)) {
        return Err(FormatError {
            message: format!("the file has a syntax error, so it was not formatted: {}", one_line(&error.message)),
            range: error.range,
        });
    }
    let output = print(source, &parse, options);
    let after = syntax::parse(&output);
    if let Err(difference) = meaning::compare(source, &parse, &output, &after) {
        // A bug in the formatter, caught before it reaches the user's file.
        return Err(FormatError {
            message: format!(
                "the formatter would have changed what the file means ({}), so it left the file alone; please report this",
                one_line(&difference.message)
            ),
            range: difference.range,
        });
    }
    Ok(output)
}

/// A message quoting the file may quote a line break; a reason is one line.
fn one_line(message: &str) -> String {
    message.replace('\r', "\\r").replace('\n', "\\n")
}

/// A file without instructions (only comments, or empty) is still formatted.
pub(crate) fn is_harmless(message: &str) -> bool {
    message == "file with no instructions"
}

/// One output line, before blank lines are settled.
enum Item {
    Blank,
    /// A directive, a comment or an instruction's lines: printed as they are.
    Text(String),
    /// Lines copied byte for byte, terminators included (heredoc bodies, in `Auto` mode).
    Verbatim(String),
    /// The start of an instruction; FROM asks for a blank line before its comments.
    Instruction {
        from: bool,
    },
    Comment(String),
}

fn print(source: &str, parse: &Parse, options: &FormatOptions) -> String {
    let file = &parse.file;
    let model = Model::build(file, source);
    let ending = match options.line_ending {
        LineEnding::Lf => "\n",
        LineEnding::CrLf => "\r\n",
        LineEnding::Auto => match source.find('\n') {
            Some(i) if source[..i].ends_with('\r') => "\r\n",
            _ => "\n",
        },
    };
    let keep_bodies = options.line_ending == LineEnding::Auto;
    let dangling = file.dangling_escape(source);

    let mut items: Vec<Item> = Vec::with_capacity(file.lines.len());
    let mut printed = usize::MAX;
    let mut seen_from = false;
    for line in &file.lines {
        let text = line.range.slice(source);
        let content = text.trim_end_matches(['\n', '\r']);
        match line.kind {
            // Only what BuildKit's directive pattern ignores (`\s`: no vertical tab, which
            // ends the value `# syntax=x<VT>`, or is all of it).
            LineKind::Directive => {
                items.push(Item::Text(content.trim_end_matches([' ', '\t', '\x0c', '\r']).to_string()));
            }
            LineKind::Comment => items.push(Item::Comment(content.trim().to_string())),
            LineKind::Blank => items.push(Item::Blank),
            LineKind::Instruction(index) => {
                let index = index as usize;
                if index == printed {
                    continue;
                }
                printed = index;
                let instruction = &file.instructions[index];
                let is_from = instruction.kind == Kind::From;
                items.push(Item::Instruction { from: is_from && seen_from });
                seen_from |= is_from;
                let ctx = instruction::Context {
                    source,
                    escape: file.escape,
                    options,
                    posix: model.shell_of.get(index).is_none_or(|s| s.is_posix()),
                    dangling: dangling.filter(|d| instruction.range.contains_range(*d)).is_some(),
                };
                for l in instruction::print(&ctx, instruction) {
                    items.push(Item::Text(l));
                }
                for heredoc in &instruction.heredocs {
                    let body = heredoc.body.slice(source);
                    if keep_bodies {
                        if !body.is_empty() {
                            items.push(Item::Verbatim(body.to_string()));
                        }
                    } else {
                        for l in body.split_inclusive('\n') {
                            let l = l.strip_suffix('\n').unwrap_or(l);
                            items.push(Item::Text(l.strip_suffix('\r').unwrap_or(l).to_string()));
                        }
                    }
                    if let Some(terminator) = heredoc.terminator {
                        items.push(Item::Text(terminator.slice(source).to_string()));
                    }
                }
            }
        }
    }

    // A stage's FROM gets one blank line above it and the comments right above it.
    let mut stage_starts = vec![false; items.len()];
    for (j, item) in items.iter().enumerate() {
        if matches!(item, Item::Instruction { from: true }) {
            let mut k = j;
            while k > 0 && matches!(items[k - 1], Item::Comment(_)) {
                k -= 1;
            }
            stage_starts[k] = true;
        }
    }
    // A blank line before the first line stays only when removing it would turn a comment into
    // a parser directive (a blank line ends the directives).
    let first = items.iter().position(|i| !matches!(i, Item::Blank));
    let keep_leading_blank = first.is_some_and(|f| {
        f > 0 && matches!(&items[f], Item::Comment(c) if syntax::parse(&format!("{c}\n")).file.directives.len() == 1)
    });

    let mut out = String::with_capacity(source.len() + source.len() / 16);
    if let Some(bom) = file.bom {
        out.push_str(bom.slice(source));
    }
    let mut blank = false;
    let mut any = keep_leading_blank;
    for (item, stage_start) in items.iter().zip(stage_starts) {
        blank |= stage_start;
        let text = match item {
            Item::Blank => {
                blank = true;
                continue;
            }
            Item::Instruction { .. } => continue,
            Item::Text(text) | Item::Comment(text) | Item::Verbatim(text) => text,
        };
        if blank && any {
            out.push_str(ending);
        }
        blank = false;
        any = true;
        out.push_str(text);
        if !matches!(item, Item::Verbatim(_)) {
            out.push_str(ending);
        }
    }
    out
}
