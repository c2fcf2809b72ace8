//! The Dockerfile syntax tree: plain data with public fields, every node carrying a byte
//! range into the source it was parsed from.
//!
//! The tree does not own the source text. Strings it stores (`Word::value`, `Flag::name`, ...)
//! are *interpreted* values: quotes removed, escapes processed, continuation lines joined.
//! The raw text is always `range.slice(source)`.

use crate::text::TextRange;

/// A parsed Dockerfile.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Dockerfile {
    /// The escape character in effect (`\` or `` ` ``).
    pub escape: char,
    /// A UTF-8 byte-order mark at the very start, if any.
    pub bom: Option<TextRange>,
    /// Parser directives (`# syntax=`, `# escape=`, `# check=`) at the top of the file.
    pub directives: Vec<Directive>,
    /// Every comment line of the file that is not a directive, in order, including comment
    /// lines that sit inside an instruction's line continuation.
    pub comments: Vec<Comment>,
    /// The instructions, in order.
    pub instructions: Vec<Instruction>,
    /// Every physical line, classified. Concatenating their ranges gives the file back byte
    /// for byte (after the BOM): this is the lossless view of the file.
    pub lines: Vec<Line>,
}

impl Dockerfile {
    /// The line-continuation escape that leaves the last instruction open at the end of the
    /// file (`RUN apk add curl \` and then only blank or comment lines). BuildKit ends the
    /// instruction there, so the escape does nothing; but a line appended to the file would
    /// join the instruction. Whatever appends (a fix, the distroless converter) removes it.
    pub fn dangling_escape(&self, source: &str) -> Option<TextRange> {
        let index = u32::try_from(self.instructions.len().checked_sub(1)?).ok()?;
        let last = &self.instructions[index as usize];
        let line = self.lines.iter().rev().find(|l| {
            let text = l.range.slice(source).trim();
            !text.is_empty() && !text.starts_with('#')
        })?;
        if line.kind != LineKind::Instruction(index) || last.heredocs.iter().any(|h| h.range.end <= line.range.start) {
            return None; // the file ends after the instruction, or in a heredoc body
        }
        let text = line.range.slice(source).trim_end();
        let before = text.strip_suffix(self.escape)?;
        // BuildKit's rule: the escape continues a line unless it is itself escaped.
        if !before.is_empty() && before.ends_with(self.escape) {
            return None;
        }
        let start = line.range.start + crate::text::to_u32(before.len());
        Some(TextRange::new(start, start + crate::text::to_u32(self.escape.len_utf8())))
    }
}

/// One physical line of the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Line {
    /// The line's bytes including its line terminator (absent on the last line).
    pub range: TextRange,
    pub kind: LineKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineKind {
    Blank,
    Directive,
    Comment,
    /// A line belonging to instruction `n`: its first line, a continuation line, a comment or
    /// empty line inside the continuation, or a heredoc body or terminator line.
    Instruction(u32),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Directive {
    /// The whole directive line, without its line terminator.
    pub range: TextRange,
    /// Lower-cased name: `syntax`, `escape` or `check`.
    pub name: String,
    pub name_range: TextRange,
    pub value: String,
    pub value_range: TextRange,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    /// From `#` to the end of the line, without the line terminator.
    pub range: TextRange,
    /// The text after `#`, trimmed.
    pub text: String,
    /// The instruction this comment line sits inside (a comment within a line continuation).
    pub inside: Option<u32>,
}

/// The instruction keyword, case-insensitive in the source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Add,
    Arg,
    Cmd,
    Copy,
    Entrypoint,
    Env,
    Expose,
    From,
    Healthcheck,
    Label,
    Maintainer,
    Onbuild,
    Run,
    Shell,
    Stopsignal,
    User,
    Volume,
    Workdir,
    /// Any other word. BuildKit accepts it at parse time and fails at build time.
    Unknown,
}

impl Kind {
    pub const ALL: [Kind; 18] = [
        Kind::Add,
        Kind::Arg,
        Kind::Cmd,
        Kind::Copy,
        Kind::Entrypoint,
        Kind::Env,
        Kind::Expose,
        Kind::From,
        Kind::Healthcheck,
        Kind::Label,
        Kind::Maintainer,
        Kind::Onbuild,
        Kind::Run,
        Kind::Shell,
        Kind::Stopsignal,
        Kind::User,
        Kind::Volume,
        Kind::Workdir,
    ];

    pub fn from_keyword(word: &str) -> Kind {
        Kind::ALL.into_iter().find(|kind| kind.as_str().eq_ignore_ascii_case(word)).unwrap_or(Kind::Unknown)
    }

    /// The canonical upper-case keyword.
    pub const fn as_str(self) -> &'static str {
        match self {
            Kind::Add => "ADD",
            Kind::Arg => "ARG",
            Kind::Cmd => "CMD",
            Kind::Copy => "COPY",
            Kind::Entrypoint => "ENTRYPOINT",
            Kind::Env => "ENV",
            Kind::Expose => "EXPOSE",
            Kind::From => "FROM",
            Kind::Healthcheck => "HEALTHCHECK",
            Kind::Label => "LABEL",
            Kind::Maintainer => "MAINTAINER",
            Kind::Onbuild => "ONBUILD",
            Kind::Run => "RUN",
            Kind::Shell => "SHELL",
            Kind::Stopsignal => "STOPSIGNAL",
            Kind::User => "USER",
            Kind::Volume => "VOLUME",
            Kind::Workdir => "WORKDIR",
            Kind::Unknown => "",
        }
    }
}

/// One instruction, with everything that belongs to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Instruction {
    pub kind: Kind,
    /// From the keyword to the end of the last line that belongs to the instruction (the last
    /// continuation line or heredoc terminator), without the final line terminator.
    pub range: TextRange,
    pub keyword: TextRange,
    /// `--name[=value]` flags right after the keyword.
    pub flags: Vec<Flag>,
    /// The argument text after the flags, up to the end of the instruction line (not including
    /// heredoc bodies). May span several physical lines.
    pub args_range: TextRange,
    pub args: Args,
    /// Written in JSON (exec) form: BuildKit's `json` attribute.
    pub json: bool,
    /// Heredocs started on the instruction line, in order.
    pub heredocs: Vec<Heredoc>,
    /// Comment lines inside the line continuation.
    pub comments: Vec<TextRange>,
    /// Empty or whitespace-only lines inside the line continuation (BuildKit's
    /// NoEmptyContinuation).
    pub empty_continuation_lines: Vec<TextRange>,
    /// The instruction line as BuildKit sees it: continuations joined, comment and empty
    /// lines removed. Starts at the keyword.
    pub logical: Logical,
}

impl Instruction {
    pub fn flag(&self, name: &str) -> Option<&Flag> {
        self.flags.iter().find(|flag| flag.name == name)
    }

    pub fn flags_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Flag> + 'a {
        self.flags.iter().filter(move |flag| flag.name == name)
    }

    /// The instruction this one wraps (`ONBUILD RUN ...` gives the RUN), or itself.
    pub fn effective(&self) -> &Instruction {
        match &self.args {
            Args::Onbuild(Some(inner)) => inner,
            _ => self,
        }
    }

    /// The command of RUN, CMD, ENTRYPOINT, SHELL and `HEALTHCHECK CMD`.
    pub fn command(&self) -> Option<&Command> {
        match &self.args {
            Args::Command(command) => Some(command),
            Args::Healthcheck(health) => health.command.as_ref(),
            _ => None,
        }
    }
}

/// The joined instruction line and the map from its offsets back to the source.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Logical {
    pub text: String,
    /// Contiguous runs of the logical text: `(logical_start, source_start)`, sorted. Inside a
    /// run, logical offset `l` maps to source offset `source_start + (l - logical_start)`.
    pub segments: Vec<(u32, u32)>,
}

impl Logical {
    /// The source offset of logical offset `offset`.
    pub fn to_source(&self, offset: u32) -> u32 {
        let i = self.segments.partition_point(|&(start, _)| start <= offset).saturating_sub(1);
        match self.segments.get(i) {
            Some(&(logical, source)) => source + (offset - logical.min(offset)),
            None => offset,
        }
    }

    /// The logical offset of source offset `offset`, if that byte is part of the logical text.
    pub fn from_source(&self, offset: u32) -> Option<u32> {
        let i = self.segments.partition_point(|&(_, source)| source <= offset).checked_sub(1)?;
        let (logical, source) = self.segments[i];
        let end = self.segments.get(i + 1).map_or(crate::text::to_u32(self.text.len()), |&(next, _)| next);
        let l = logical + (offset - source);
        (l < end).then_some(l)
    }

    /// The logical text a source range covers (continuations and comment lines removed).
    pub fn text_of(&self, range: TextRange) -> &str {
        if range.is_empty() {
            return "";
        }
        match (self.from_source(range.start), self.from_source(range.end - 1)) {
            (Some(s), Some(e)) => &self.text[s as usize..e as usize + 1],
            _ => "",
        }
    }

    /// The source range of the logical range `start..end`. The end is mapped from the last
    /// byte inside the range, so a range never swallows a line continuation that follows it.
    pub fn range_to_source(&self, start: u32, end: u32) -> TextRange {
        let s = self.to_source(start);
        if end <= start {
            return TextRange::empty(s);
        }
        let e = self.to_source(end - 1) + 1;
        TextRange::new(s, e.max(s))
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flag {
    /// The whole flag word, `--mount=type=cache,target=/x`.
    pub range: TextRange,
    /// The name without the leading dashes: `mount`.
    pub name: String,
    /// The value after the first `=`, quotes removed; `None` for a bare `--link`.
    pub value: Option<String>,
    pub value_range: Option<TextRange>,
}

/// A shell-like word: `range` is what was written, `value` what it means once quotes and
/// escapes are processed (variables are *not* expanded).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Word {
    pub range: TextRange,
    pub value: String,
}

/// A string element of a JSON (exec form) array.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonString {
    /// Including the quotes.
    pub range: TextRange,
    pub value: String,
}

/// The arguments of an instruction, shaped by its kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Args {
    /// No arguments at all.
    None,
    /// RUN, CMD, ENTRYPOINT, SHELL: exec or shell form.
    Command(Command),
    /// FROM `image [AS name]`.
    From(FromArgs),
    /// COPY and ADD.
    Copy(CopyArgs),
    /// ENV and LABEL pairs, ARG declarations.
    Pairs(Vec<Pair>),
    /// EXPOSE ports, VOLUME paths (in either form), and the words of unknown instructions.
    Words(Vec<Word>),
    /// USER, WORKDIR, MAINTAINER, STOPSIGNAL: the whole rest of the line as one value.
    Text(Word),
    Healthcheck(HealthcheckArgs),
    /// The wrapped instruction; `None` for a bare `ONBUILD`.
    Onbuild(Option<Box<Instruction>>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// `["executable", "param"]`.
    Exec(ExecForm),
    /// Shell form: the text handed to the shell.
    Shell(ShellForm),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExecForm {
    /// From `[` to `]`.
    pub range: TextRange,
    pub elements: Vec<JsonString>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShellForm {
    /// The source range of the text, which may span several lines.
    pub range: TextRange,
    /// Where the text starts in [`Instruction::logical`].
    pub logical_start: u32,
    /// The joined text, as the shell receives it (before heredoc bodies).
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FromArgs {
    pub image: Option<Word>,
    /// The `AS` keyword.
    pub as_keyword: Option<Word>,
    /// The stage name after `AS`.
    pub name: Option<Word>,
    /// Anything else on the line, which BuildKit rejects at build time.
    pub extra: Vec<Word>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CopyArgs {
    /// Sources and destination, in order; the last one is the destination.
    pub paths: Vec<Word>,
}

impl CopyArgs {
    pub fn sources(&self) -> &[Word] {
        match self.paths.split_last() {
            Some((_, sources)) => sources,
            None => &[],
        }
    }

    /// The last path, unless it is a heredoc marker, which BuildKit refuses as a destination
    /// ("COPY cannot accept a heredoc as a destination"): such a COPY has none to check or fix.
    pub fn destination(&self) -> Option<&Word> {
        let last = self.paths.last().filter(|_| self.paths.len() >= 2)?;
        super::words::heredoc_marker(&last.value).is_none().then_some(last)
    }
}

/// `key=value`, the legacy `key value`, or an ARG name with no default.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pair {
    pub range: TextRange,
    pub key: Word,
    /// `None` for `ARG name` without `=`.
    pub value: Option<Word>,
    /// Written as `ENV key value` rather than `key=value`.
    pub legacy: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HealthcheckArgs {
    /// `CMD` or `NONE` as written.
    pub kind: Option<Word>,
    pub command: Option<Command>,
}

impl HealthcheckArgs {
    pub fn is_none(&self) -> bool {
        self.kind.as_ref().is_some_and(|kind| kind.value.eq_ignore_ascii_case("none"))
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heredoc {
    /// The `<<EOF` word on the instruction line.
    pub range: TextRange,
    /// The delimiter, unquoted.
    pub name: String,
    /// Variables in the body are expanded (the delimiter was not quoted).
    pub expand: bool,
    /// `<<-`: leading tabs are stripped.
    pub chomp: bool,
    /// The file descriptor before `<<`, as in `3<<EOF`.
    pub fd: Option<u32>,
    /// The body lines, including their line terminators.
    pub body: TextRange,
    /// The terminator line's text, `None` when the file ended first.
    pub terminator: Option<TextRange>,
}
