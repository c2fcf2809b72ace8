//! The syntax tree of a shell script, for the checks that need more than simple commands:
//! the quoting of every part of a word, expansions, compound commands and their conditions,
//! functions, test brackets. [`super::tree::parse`] builds it; it never fails.
//!
//! Ranges are offsets into [`Tree::text`], the script as the shell reads it (a RUN's
//! continuation lines joined); [`Tree::source_range`] maps one back into the Dockerfile.

use std::rc::Rc;

use crate::text::TextRange;

/// The dialect a script is judged against: what `/bin/sh` guarantees, or bash's extensions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Dialect {
    /// POSIX sh (also dash and busybox ash): bashisms are findings.
    #[default]
    Sh,
    Bash,
    /// ksh, mksh and zsh: most bash extensions exist.
    Ksh,
}

impl Dialect {
    /// The dialect of a shell executable (`/bin/bash`, `sh`, `/usr/bin/env bash`'s `bash`).
    pub fn of(executable: &str) -> Dialect {
        let base = executable.rsplit('/').next().unwrap_or(executable);
        match base {
            "bash" => Dialect::Bash,
            "ksh" | "mksh" | "zsh" | "ksh93" => Dialect::Ksh,
            _ => Dialect::Sh,
        }
    }

    pub fn is_sh(self) -> bool {
        self == Dialect::Sh
    }

    pub fn name(self) -> &'static str {
        match self {
            Dialect::Sh => "sh",
            Dialect::Bash => "bash",
            Dialect::Ksh => "ksh",
        }
    }
}

/// A parsed script.
#[derive(Clone, Debug, Default)]
pub struct Tree {
    /// The script text, shared with the [`Text`] of the tree's literal parts.
    pub text: Rc<str>,
    /// `(script offset, source offset)` at the start of each contiguous run of the script.
    pub map: Vec<(u32, u32)>,
    pub dialect: Dialect,
    pub body: List,
    /// What the shell would reject or read differently from what was probably meant, as
    /// ShellCheck's SC1xxx codes.
    pub issues: Vec<Issue>,
    /// `# ...` comments: where `# shellcheck disable=…` directives live.
    pub comments: Vec<TextRange>,
}

/// A problem found while reading, under ShellCheck's code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issue {
    pub code: u16,
    pub range: TextRange,
    pub message: String,
}

impl Issue {
    /// The shell cannot run the script: ShellCheck stops there (SC1072). Other issues are
    /// warnings about what the shell reads differently from what was probably meant, and
    /// SC1009/SC1073 only point at the construct a fatal error is in.
    pub fn is_fatal(&self) -> bool {
        !matches!(self.code, 1001 | 1007 | 1010 | 1012 | 1075 | 1083 | 1009 | 1073)
    }
}

#[derive(Clone, Debug, Default)]
pub struct List {
    pub items: Vec<AndOr>,
}

/// Pipelines joined by `&&` and `||`, with the separator that ends them.
#[derive(Clone, Debug)]
pub struct AndOr {
    pub first: Pipeline,
    pub rest: Vec<(AndOrOp, Pipeline)>,
    /// The range of each operator of `rest`.
    pub ops: Vec<TextRange>,
    /// `;`, `&` or a line break; `None` at the end of a list.
    pub separator: Option<(Separator, TextRange)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AndOrOp {
    And,
    Or,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Separator {
    Semi,
    Background,
    Newline,
}

#[derive(Clone, Debug)]
pub struct Pipeline {
    /// The `!` in front, if any.
    pub bang: Option<TextRange>,
    pub commands: Vec<Command>,
    pub range: TextRange,
}

#[derive(Clone, Debug)]
pub struct Command {
    pub kind: CommandKind,
    pub redirects: Vec<Redirect>,
    pub range: TextRange,
}

#[derive(Clone, Debug)]
pub enum CommandKind {
    Simple(Simple),
    /// `{ …; }`
    Brace(List),
    /// `( … )`
    Subshell(List),
    /// `if c; then …; elif c; then …; else …; fi`: each branch's condition and body.
    If {
        branches: Vec<(List, List)>,
        otherwise: Option<List>,
    },
    /// `while c; do …; done` (or `until`).
    Loop {
        until: bool,
        condition: List,
        body: List,
    },
    /// `for name in items; do …; done`; `items` is `None` without `in`.
    For {
        name: String,
        name_range: TextRange,
        items: Option<Vec<Word>>,
        body: List,
    },
    /// `for ((…)); do …; done`
    ArithFor {
        body: List,
    },
    Case {
        subject: Word,
        arms: Vec<CaseArm>,
    },
    Function {
        name: String,
        name_range: TextRange,
        body: Box<Command>,
    },
    /// `[[ … ]]`: its words, the brackets included.
    Test(Vec<Word>),
    /// `(( … ))`: its text.
    Arithmetic(TextRange),
}

#[derive(Clone, Debug)]
pub struct CaseArm {
    pub patterns: Vec<Word>,
    pub body: List,
}

/// A simple command: assignments, words, and the redirects in [`Command::redirects`].
#[derive(Clone, Debug, Default)]
pub struct Simple {
    pub assignments: Vec<Assignment>,
    pub words: Vec<Word>,
    /// Where the program's name starts in the command name (after its last `/`): found once
    /// when the command is read, as every rule asks which program a command runs.
    pub(crate) program_at: u32,
}

#[derive(Clone, Debug)]
pub struct Assignment {
    pub name: String,
    pub range: TextRange,
    /// `+=`
    pub append: bool,
    pub value: AssignValue,
}

#[derive(Clone, Debug)]
pub enum AssignValue {
    Scalar(Word),
    /// `name=(a b c)`
    Array(Vec<Word>),
}

#[derive(Clone, Debug)]
pub struct Redirect {
    pub range: TextRange,
    /// The operator as written, without its file descriptor: `>`, `>>`, `<<`, `<<<`, `>&`.
    pub op: &'static str,
    pub target: Option<Word>,
}

#[derive(Clone, Debug, Default)]
pub struct Word {
    pub range: TextRange,
    pub parts: Parts,
}

/// The parts of a word, read as a slice. Most words are one part, held in place: a script has
/// thousands of words, and a vector each was an allocation each.
#[derive(Clone, Debug)]
pub enum Parts {
    One(Part),
    Many(Vec<Part>),
}

impl Parts {
    pub fn as_slice(&self) -> &[Part] {
        match self {
            Parts::One(part) => std::slice::from_ref(part),
            Parts::Many(parts) => parts,
        }
    }
}

impl Default for Parts {
    fn default() -> Parts {
        Parts::Many(Vec::new())
    }
}

impl From<Vec<Part>> for Parts {
    fn from(mut parts: Vec<Part>) -> Parts {
        match parts.len() {
            1 => Parts::One(parts.remove(0)),
            _ => Parts::Many(parts),
        }
    }
}

impl std::ops::Deref for Parts {
    type Target = [Part];

    fn deref(&self) -> &[Part] {
        self.as_slice()
    }
}

impl<'a> IntoIterator for &'a Parts {
    type Item = &'a Part;
    type IntoIter = std::slice::Iter<'a, Part>;

    fn into_iter(self) -> Self::IntoIter {
        self.as_slice().iter()
    }
}

#[derive(Clone, Debug)]
pub struct Part {
    pub range: TextRange,
    pub kind: PartKind,
}

#[derive(Clone, Debug)]
pub enum PartKind {
    /// Unquoted text (globs and braces included); escapes are [`PartKind::Escaped`].
    Literal(Text),
    /// `\x` outside quotes, or `\$`, `\"`… inside double quotes.
    Escaped(char),
    /// `'…'`: the text between the quotes.
    SingleQuoted(Text),
    /// `$'…'`
    DollarSingle(Text),
    /// `"…"` (also `$"…"`).
    DoubleQuoted(Vec<Part>),
    Param(Box<Param>),
    /// `$(…)` or `` `…` ``.
    CommandSub {
        backtick: bool,
        body: List,
    },
    /// `$((…))`: the text inside.
    Arith(TextRange),
    /// `<(…)` or `>(…)`.
    ProcessSub(List),
}

/// A piece of the script's text: a range of [`Tree::text`], which it shares, so reading a word
/// allocates nothing for its literal parts; or, for text that is not one contiguous piece of
/// the script (a double-quoted string continued over a line), a copy of its own.
#[derive(Clone)]
pub struct Text(TextRepr);

#[derive(Clone)]
enum TextRepr {
    Shared(Rc<str>, u32, u32),
    Owned(Box<str>),
}

impl Text {
    /// `text[start..end]`, which must be on character boundaries.
    pub(crate) fn shared(text: &Rc<str>, start: usize, end: usize) -> Text {
        // The reader cuts next to ASCII bytes, but an unterminated `$'…` ends where the text
        // does, less one byte: never inside a character.
        let mut end = end.min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let start = start.min(end);
        Text(TextRepr::Shared(Rc::clone(text), crate::text::to_u32(start), crate::text::to_u32(end)))
    }

    pub fn as_str(&self) -> &str {
        match &self.0 {
            TextRepr::Shared(text, start, end) => text.get(*start as usize..*end as usize).unwrap_or(""),
            TextRepr::Owned(text) => text,
        }
    }
}

impl Default for Text {
    fn default() -> Text {
        Text(TextRepr::Owned(Box::default()))
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        Text(TextRepr::Owned(s.into()))
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text(TextRepr::Owned(s.into_boxed_str()))
    }
}

impl std::ops::Deref for Text {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Text {}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// `$name`, `${name…}`, `$1`, `$@`…
#[derive(Clone, Debug)]
pub struct Param {
    /// The variable: a name, a digit or one of `@*#?$!-`.
    pub name: Text,
    pub braced: bool,
    /// `${#name}`
    pub length: bool,
    /// What follows the name inside the braces: `:-default`, `[@]`, `%%.*`.
    pub op: Text,
}

impl Tree {
    /// The Dockerfile range of a range of the script.
    pub fn source_range(&self, range: TextRange) -> TextRange {
        let start = self.source_offset(range.start);
        if range.end <= range.start {
            return TextRange::empty(start);
        }
        let end = self.source_offset(range.end - 1) + 1;
        TextRange::new(start, end.max(start))
    }

    fn source_offset(&self, offset: u32) -> u32 {
        let i = self.map.partition_point(|&(start, _)| start <= offset).saturating_sub(1);
        match self.map.get(i) {
            Some(&(script, source)) => source + offset.saturating_sub(script),
            None => offset,
        }
    }

    pub fn slice(&self, range: TextRange) -> &str {
        self.text.get(range.as_usize()).unwrap_or("")
    }

    /// True when `# shellcheck disable=…` in the script names `code` (as `SC2086` or `2086`):
    /// ShellCheck applies a directive to the command after it, or to the whole script when it
    /// comes first; both are honoured here for the whole script, as a RUN is one unit.
    pub fn disables(&self, code: &str) -> bool {
        let number = code.trim_start_matches("SC");
        self.comments.iter().any(|c| {
            let text = self.slice(*c).trim_start_matches('#').trim_start();
            let Some(rest) = text.strip_prefix("shellcheck") else { return false };
            rest.split_whitespace().filter_map(|d| d.strip_prefix("disable=")).any(|list| {
                list.split(',').any(|item| {
                    let item = item.trim();
                    item.eq_ignore_ascii_case("all") || item.trim_start_matches("SC") == number
                })
            })
        })
    }
}

impl Word {
    /// The word's value when it has no expansion: quotes removed, escapes resolved.
    pub fn literal(&self) -> Option<String> {
        let mut out = String::new();
        literal_into(&self.parts, &mut out).then_some(out)
    }

    /// True when the word is exactly the unquoted text `s`.
    pub fn is_plain(&self, s: &str) -> bool {
        matches!(self.parts.as_slice(), [Part { kind: PartKind::Literal(t), .. }] if t.as_str() == s)
    }

    /// The unquoted literal text of a word made only of literal parts.
    pub fn plain(&self) -> Option<&str> {
        match self.parts.as_slice() {
            [Part { kind: PartKind::Literal(t), .. }] => Some(t),
            _ => None,
        }
    }

    /// True when some part is quoted or escaped.
    pub fn has_quotes(&self) -> bool {
        self.parts.iter().any(|p| {
            matches!(
                p.kind,
                PartKind::SingleQuoted(_)
                    | PartKind::DoubleQuoted(_)
                    | PartKind::DollarSingle(_)
                    | PartKind::Escaped(_)
            )
        })
    }

    /// True when the word has an expansion anywhere (quoted or not).
    pub fn has_expansion(&self) -> bool {
        fn any(parts: &[Part]) -> bool {
            parts.iter().any(|p| match &p.kind {
                PartKind::Param(_) | PartKind::CommandSub { .. } | PartKind::Arith(_) | PartKind::ProcessSub(_) => true,
                PartKind::DoubleQuoted(inner) => any(inner),
                _ => false,
            })
        }
        any(&self.parts)
    }

    /// The value with expansions written as they are and quotes removed, for messages and
    /// loose comparisons (`$HOME/x`).
    pub fn loose(&self, text: &str) -> String {
        let mut out = String::new();
        loose_into(&self.parts, text, &mut out);
        out
    }
}

fn literal_into(parts: &[Part], out: &mut String) -> bool {
    for part in parts {
        match &part.kind {
            PartKind::Literal(s) | PartKind::SingleQuoted(s) | PartKind::DollarSingle(s) => out.push_str(s),
            PartKind::Escaped(c) => out.push(*c),
            PartKind::DoubleQuoted(inner) => {
                if !literal_into(inner, out) {
                    return false;
                }
            }
            _ => return false,
        }
    }
    true
}

fn loose_into(parts: &[Part], text: &str, out: &mut String) {
    for part in parts {
        match &part.kind {
            PartKind::Literal(s) | PartKind::SingleQuoted(s) | PartKind::DollarSingle(s) => out.push_str(s),
            PartKind::Escaped(c) => out.push(*c),
            PartKind::DoubleQuoted(inner) => loose_into(inner, text, out),
            _ => out.push_str(text.get(part.range.as_usize()).unwrap_or("")),
        }
    }
}

impl Simple {
    /// The command name when it is a plain word.
    pub fn name(&self) -> Option<&str> {
        self.words.first().and_then(Word::plain)
    }

    /// The command name without its directory.
    pub fn program(&self) -> Option<&str> {
        let name = self.name()?;
        Some(name.get(self.program_at as usize..).unwrap_or(name))
    }

    pub fn is(&self, name: &str) -> bool {
        self.program() == Some(name)
    }

    /// True when the program is one of `names`.
    pub fn is_any_of(&self, names: &[&str]) -> bool {
        self.program().is_some_and(|p| names.contains(&p))
    }

    pub fn args(&self) -> &[Word] {
        self.words.get(1..).unwrap_or(&[])
    }
}

impl Command {
    pub fn simple(&self) -> Option<&Simple> {
        match &self.kind {
            CommandKind::Simple(s) => Some(s),
            _ => None,
        }
    }
}
