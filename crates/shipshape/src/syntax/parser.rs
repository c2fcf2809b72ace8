//! The Dockerfile parser: BuildKit's line rules (`moby/buildkit:frontend/dockerfile/parser`),
//! with byte spans, and without ever giving up.
//!
//! Where BuildKit stops at the first error, this parser records a [`SyntaxError`] and carries
//! on with the next line, so a half-typed file still yields every instruction that parses.

use super::ast::*;
use super::json::{self, JsonError};
use super::words::{self, is_token_space};
use crate::text::{TextRange, code, did_you_mean, to_u32};

/// The result of parsing: the tree plus the errors found on the way. Parsing never fails.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Parse {
    pub file: Dockerfile,
    pub errors: Vec<SyntaxError>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub range: TextRange,
    pub message: String,
}

/// BuildKit reads lines with a `bufio.Scanner`, whose token limit is 64 KiB.
const MAX_LINE_LEN: usize = 64 * 1024;

/// Parses a Dockerfile.
pub fn parse(source: &str) -> Parse {
    let mut parser = Parser::new(source);
    parser.run();
    Parse { file: parser.file, errors: parser.errors }
}

/// A physical line: `start..content_end` is its text without `\r`/`\n` at the end, and
/// `start..end` includes the terminator.
#[derive(Clone, Copy, Debug)]
struct PhysLine {
    start: usize,
    content_end: usize,
    end: usize,
}

struct Parser<'a> {
    src: &'a str,
    lines: Vec<PhysLine>,
    escape: char,
    directives_done: bool,
    file: Dockerfile,
    errors: Vec<SyntaxError>,
}

impl<'a> Parser<'a> {
    fn new(src: &'a str) -> Parser<'a> {
        let start = if src.starts_with('\u{feff}') { 3 } else { 0 };
        let mut lines = Vec::with_capacity(src.len() / 32 + 1);
        let bytes = src.as_bytes();
        let mut pos = start;
        while pos < src.len() {
            let end = memchr_newline(&bytes[pos..]).map_or(src.len(), |i| pos + i + 1);
            let mut content_end = end;
            while content_end > pos && matches!(bytes[content_end - 1], b'\n' | b'\r') {
                content_end -= 1;
            }
            lines.push(PhysLine { start: pos, content_end, end });
            pos = end;
        }
        let file = Dockerfile { escape: '\\', bom: (start > 0).then(|| TextRange::new(0, 3)), ..Dockerfile::default() };
        Parser { src, lines, escape: '\\', directives_done: false, file, errors: Vec::new() }
    }

    fn error(&mut self, range: TextRange, message: impl Into<String>) {
        self.errors.push(SyntaxError { range, message: message.into() });
    }

    fn range(start: usize, end: usize) -> TextRange {
        TextRange::from_usize(start..end)
    }

    fn push_line(&mut self, line: PhysLine, kind: LineKind) {
        self.file.lines.push(Line { range: Self::range(line.start, line.end), kind });
    }

    fn run(&mut self) {
        let mut i = 0;
        while i < self.lines.len() {
            let line = self.lines[i];
            if line.end - line.start > MAX_LINE_LEN {
                self.error(
                    Self::range(line.start, line.content_end),
                    format!("line is longer than the {MAX_LINE_LEN} bytes BuildKit accepts"),
                );
            }
            let text = &self.src[line.start..line.content_end];
            let indent = text.len() - text.trim_start().len();
            let trimmed_start = line.start + indent;
            let trimmed = &self.src[trimmed_start..line.content_end];

            if !self.directives_done && self.directive(trimmed_start, trimmed) {
                self.push_line(line, LineKind::Directive);
                i += 1;
                continue;
            }
            self.directives_done = true;

            if trimmed.starts_with('#') {
                self.push_comment(trimmed_start, line.content_end, None);
                self.push_line(line, LineKind::Comment);
                i += 1;
                continue;
            }
            if trimmed.is_empty() {
                self.push_line(line, LineKind::Blank);
                i += 1;
                continue;
            }
            i = self.instruction(i, trimmed_start);
        }
        if self.file.instructions.is_empty() {
            let end = to_u32(self.src.len());
            self.error(TextRange::empty(end), "file with no instructions");
        }
        self.file.escape = self.escape;
    }

    fn push_comment(&mut self, start: usize, end: usize, inside: Option<u32>) {
        let text = self.src[start + 1..end].trim().to_string();
        self.file.comments.push(Comment { range: Self::range(start, end), text, inside });
    }

    /// Recognises `# key=value` with a known key; BuildKit's `reDirectives` is
    /// `^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$`.
    fn directive(&mut self, start: usize, text: &str) -> bool {
        let Some(rest) = text.strip_prefix('#') else {
            return false;
        };
        let is_space = |c: char| matches!(c, ' ' | '\t' | '\x0c' | '\r' | '\n');
        let after_hash = rest.trim_start_matches(is_space);
        let name_len = after_hash
            .char_indices()
            .take_while(|&(i, c)| if i == 0 { c.is_ascii_alphabetic() } else { c.is_ascii_alphanumeric() })
            .count();
        if name_len == 0 {
            return false;
        }
        let name = &after_hash[..name_len];
        let Some(after_eq) = after_hash[name_len..].trim_start_matches(is_space).strip_prefix('=') else {
            return false;
        };
        let value = after_eq.trim_matches(is_space);
        if value.is_empty() {
            return false;
        }
        let lower = name.to_ascii_lowercase();
        if !matches!(lower.as_str(), "syntax" | "escape" | "check") {
            return false;
        }
        let name_start = start + (text.len() - after_hash.len());
        let value_start =
            start + text.len() - after_eq.len() + (after_eq.len() - after_eq.trim_start_matches(is_space).len());
        let range = Self::range(start, start + text.len());
        let value_range = Self::range(value_start, value_start + value.len());
        if self.file.directives.iter().any(|d| d.name == lower) {
            self.error(range, format!("only one {lower} parser directive can be used"));
        } else if lower == "escape" {
            match value {
                "\\" => self.escape = '\\',
                "`" => self.escape = '`',
                _ => self.error(value_range, format!("invalid escape token '{value}' does not match ` or \\")),
            }
        }
        self.file.directives.push(Directive {
            range,
            name: lower,
            name_range: Self::range(name_start, name_start + name_len),
            value: value.to_string(),
            value_range,
        });
        true
    }

    /// Where a line's text ends once a trailing line-continuation escape is removed, and
    /// whether it continues. BuildKit's regex: `([^E])E[ \t]*$|^E[ \t]*$`.
    fn continuation(&self, text: &str) -> (usize, bool) {
        let trimmed = text.trim_end_matches([' ', '\t']);
        let escape = self.escape;
        if let Some(before) = trimmed.strip_suffix(escape)
            && (before.is_empty() || !before.ends_with(escape))
        {
            return (before.len(), true);
        }
        (text.len(), false)
    }

    /// Parses the instruction starting on line `first` at byte `start`; returns the index of
    /// the line after it.
    fn instruction(&mut self, first: usize, start: usize) -> usize {
        let index = to_u32(self.file.instructions.len());
        let mut logical = Logical::default();
        let mut comments = Vec::new();
        let mut empty_lines = Vec::new();

        let line = self.lines[first];
        let (len, mut continues) = self.continuation(&self.src[start..line.content_end]);
        logical.segments.push((0, to_u32(start)));
        logical.text.push_str(&self.src[start..start + len]);
        let mut i = first + 1;
        while continues && i < self.lines.len() {
            let line = self.lines[i];
            let text = &self.src[line.start..line.content_end];
            let trimmed = text.trim_start();
            if trimmed.starts_with('#') {
                let comment_start = line.start + (text.len() - trimmed.len());
                self.push_comment(comment_start, line.content_end, Some(index));
                comments.push(Self::range(comment_start, line.content_end));
            } else if trimmed.is_empty() {
                empty_lines.push(Self::range(line.start, line.content_end));
            } else {
                let (len, c) = self.continuation(text);
                continues = c;
                logical.segments.push((to_u32(logical.text.len()), to_u32(line.start)));
                logical.text.push_str(&text[..len]);
            }
            i += 1;
        }

        let mut instruction = self.build(&logical, 0);
        if instruction.kind == Kind::Unknown && !instruction.keyword.is_empty() {
            let message = self.unknown_instruction(instruction.keyword.slice(self.src));
            self.error(instruction.keyword, message);
        }
        let mut last_line = i - 1;
        let heredoc_capable = {
            let effective = instruction.effective();
            matches!(effective.kind, Kind::Run | Kind::Copy | Kind::Add) && !effective.json
        };
        if heredoc_capable {
            let (heredocs, next) = self.heredocs(&logical, i);
            if next > i {
                last_line = next - 1;
                i = next;
            }
            if let Args::Onbuild(Some(inner)) = &mut instruction.args {
                inner.heredocs.clone_from(&heredocs);
            }
            instruction.heredocs = heredocs;
        }
        instruction.range = Self::range(start, self.lines[last_line].content_end);
        if let Args::Onbuild(Some(inner)) = &mut instruction.args {
            inner.range = TextRange::new(inner.keyword.start, instruction.range.end);
            inner.logical = logical.clone();
        }
        instruction.comments = comments;
        instruction.empty_continuation_lines = empty_lines;
        instruction.logical = logical;
        for l in first..=last_line {
            self.push_line(self.lines[l], LineKind::Instruction(index));
        }
        self.file.instructions.push(instruction);
        i
    }

    /// Finds the heredoc markers on the instruction line and reads their bodies from line
    /// `next` on. Returns the heredocs and the index of the first line after the last body.
    fn heredocs(&mut self, logical: &Logical, mut next: usize) -> (Vec<Heredoc>, usize) {
        let text = &logical.text;
        if !text.contains("<<") {
            return (Vec::new(), next);
        }
        let mut heredocs = Vec::new();
        for (s, e) in words::shell_words(text, 0, text.len()) {
            let Some(marker) = words::heredoc_marker(&text[s..e]) else {
                continue;
            };
            let body_start = self.lines.get(next).map_or(self.src.len(), |l| l.start);
            let mut body_end = self.src.len();
            let mut terminator = None;
            while next < self.lines.len() {
                let line = self.lines[next];
                next += 1;
                let content = &self.src[line.start..line.content_end];
                let candidate = if marker.chomp { content.trim_start_matches('\t') } else { content };
                if candidate == marker.name {
                    body_end = line.start;
                    terminator = Some(Self::range(line.start, line.content_end));
                    break;
                }
            }
            let range = logical.range_to_source(to_u32(s), to_u32(e));
            if terminator.is_none() {
                self.error(range, format!("unterminated heredoc: no line {} ends it", code(&marker.name)));
            }
            heredocs.push(Heredoc {
                range,
                name: marker.name,
                expand: marker.expand,
                chomp: marker.chomp,
                fd: marker.fd,
                body: Self::range(body_start, body_end),
                terminator,
            });
        }
        (heredocs, next)
    }

    /// BuildKit's `newNodeFromLine`: keyword, flags, then the arguments by kind. `from` is the
    /// logical offset where this (possibly ONBUILD-wrapped) instruction starts.
    fn build(&mut self, logical: &Logical, from: usize) -> Instruction {
        let text = logical.text.as_str();
        let to_src = |s: usize, e: usize| logical.range_to_source(to_u32(s), to_u32(e));
        // `splitCommand`: trim, then split the keyword off at the first token space.
        let trimmed_end = from + text[from..].trim_end().len();
        let start = trimmed_end - text[from..trimmed_end].trim_start().len();
        let bytes = text.as_bytes();
        let mut keyword_end = start;
        while keyword_end < trimmed_end && !is_token_space(bytes[keyword_end]) {
            keyword_end += 1;
        }
        let keyword = to_src(start, keyword_end);
        let kind = Kind::from_keyword(&text[start..keyword_end]);
        let mut rest = keyword_end;
        while rest < trimmed_end && is_token_space(bytes[rest]) {
            rest += 1;
        }
        let (flags, args_start) = self.flags(logical, rest, trimmed_end);
        let args_end = args_start + text[args_start..trimmed_end].trim_end().len();
        let args_start = args_end - text[args_start..args_end].trim_start().len();
        let args_range = to_src(args_start, args_end);

        let mut instruction = Instruction {
            kind,
            range: TextRange::default(),
            keyword,
            flags,
            args_range,
            args: Args::None,
            heredocs: Vec::new(),
            comments: Vec::new(),
            empty_continuation_lines: Vec::new(),
            logical: Logical::default(),
            json: false,
        };
        if kind == Kind::Unknown && start == keyword_end {
            self.error(TextRange::empty(logical.to_source(to_u32(start))), "empty instruction");
        }
        let (args, json) = self.args(kind, logical, args_start, args_end, args_range);
        instruction.args = args;
        instruction.json = json;
        instruction
    }

    /// Why a line's first word is no instruction, in the words that help fix it. BuildKit's
    /// parser takes any word, but the build stops on it (`unknown instruction`), so a linter
    /// must say so before the build does.
    fn unknown_instruction(&self, word: &str) -> String {
        if word.starts_with(['&', '|', ';']) {
            return format!(
                "{} starts a line but is not an instruction: the line before it probably lost its {} line continuation",
                code(word),
                code(&self.escape.to_string())
            );
        }
        let upper = word.to_ascii_uppercase();
        match did_you_mean(&upper, Kind::ALL.iter().map(|k| k.as_str())) {
            Some(instruction) => format!("unknown instruction {}: did you mean `{instruction}`?", code(word)),
            None => format!(
                "unknown instruction {}: a line starts with an instruction (FROM, RUN, COPY, …), or with `#` for a comment",
                code(word)
            ),
        }
    }

    /// BuildKit v0.12's `extractBuilderFlags`: words starting with `--` right after the
    /// keyword, with quotes and backslash escapes processed. A bare `--` ends the list.
    fn flags(&mut self, logical: &Logical, mut pos: usize, end: usize) -> (Vec<Flag>, usize) {
        let text = logical.text.as_str();
        let bytes = text.as_bytes();
        let mut flags = Vec::new();
        loop {
            while pos < end && bytes[pos].is_ascii_whitespace() {
                pos += 1;
            }
            if pos >= end || !text[pos..end].starts_with("--") {
                return (flags, pos);
            }
            let word_start = pos;
            let mut value = String::new();
            let mut quote: Option<u8> = None;
            let mut run_start = pos;
            while pos < end {
                let b = bytes[pos];
                match quote {
                    None if b.is_ascii_whitespace() => break,
                    None if b == b'\'' || b == b'"' => {
                        value.push_str(&text[run_start..pos]);
                        quote = Some(b);
                        pos += 1;
                        run_start = pos;
                        continue;
                    }
                    Some(q) if b == q => {
                        value.push_str(&text[run_start..pos]);
                        quote = None;
                        pos += 1;
                        run_start = pos;
                        continue;
                    }
                    _ if b == b'\\' => {
                        value.push_str(&text[run_start..pos]);
                        pos += 1;
                        run_start = pos;
                        if pos < end {
                            pos += utf8_len(bytes[pos]);
                        }
                        continue;
                    }
                    _ => pos += 1,
                }
            }
            value.push_str(&text[run_start..pos.min(end)]);
            if value == "--" {
                return (flags, pos);
            }
            let range = logical.range_to_source(to_u32(word_start), to_u32(pos));
            let body = &value[2..];
            let (name, flag_value, value_range) = match body.split_once('=') {
                Some((name, v)) => {
                    let eq = text[word_start..pos].find('=').map_or(pos, |i| word_start + i + 1);
                    (name.to_string(), Some(v.to_string()), Some(logical.range_to_source(to_u32(eq), to_u32(pos))))
                }
                None => (body.to_string(), None, None),
            };
            flags.push(Flag { range, name, value: flag_value, value_range });
        }
    }

    fn args(&mut self, kind: Kind, logical: &Logical, start: usize, end: usize, range: TextRange) -> (Args, bool) {
        let text = logical.text.as_str();
        let escape = self.escape;
        let word = |s: usize, e: usize| {
            let raw = &text[s..e];
            let value = if words::needs_unquote(raw, escape) { words::unquote(raw, escape) } else { raw.to_string() };
            Word { range: logical.range_to_source(to_u32(s), to_u32(e)), value }
        };
        let split = |s: usize, e: usize| -> Vec<Word> {
            words::split_token_space(text, s, e).into_iter().map(|(s, e)| word(s, e)).collect()
        };
        if start >= end && kind != Kind::Onbuild {
            return (Args::None, false);
        }
        match kind {
            Kind::Run | Kind::Cmd | Kind::Entrypoint | Kind::Shell => match self.command(logical, start, end, range) {
                Some(command) => {
                    let json = matches!(command, Command::Exec(_));
                    (Args::Command(command), json)
                }
                None => (Args::None, false),
            },
            Kind::Copy | Kind::Add | Kind::Volume => {
                let (paths, json) = match self.exec(logical, start) {
                    Ok(Some(exec)) => {
                        (exec.elements.into_iter().map(|e| Word { range: e.range, value: e.value }).collect(), true)
                    }
                    Ok(None) => (split(start, end), false),
                    Err(()) => (Vec::new(), false),
                };
                match kind {
                    Kind::Volume => (Args::Words(paths), json),
                    _ => (Args::Copy(CopyArgs { paths }), json),
                }
            }
            Kind::From => {
                let mut all = split(start, end).into_iter();
                let image = all.next();
                let mut extra: Vec<Word> = all.collect();
                let (as_keyword, name) = if extra.first().is_some_and(|w| w.value.eq_ignore_ascii_case("as")) {
                    let as_keyword = extra.remove(0);
                    let name = (!extra.is_empty()).then(|| extra.remove(0));
                    (Some(as_keyword), name)
                } else {
                    (None, None)
                };
                // BuildKit's `parseBuildStageName`: one argument, or three with AS and a name
                // that lower-cased matches `^[a-z][a-z0-9-_.]*$`.
                match &name {
                    // The range shows the name; the message stays a constant string, which the
                    // page's download budget notices.
                    Some(name) if !is_stage_name(&name.value) => self.error(
                        name.range,
                        "invalid name for build stage: a name can't start with a number or contain symbols",
                    ),
                    _ if !extra.is_empty() || (as_keyword.is_some() && name.is_none()) => {
                        self.error(range, "FROM requires either one or three arguments");
                    }
                    _ => {}
                }
                (Args::From(FromArgs { image, as_keyword, name, extra }), false)
            }
            Kind::Expose | Kind::Unknown => (Args::Words(split(start, end)), false),
            Kind::Env | Kind::Label => (Args::Pairs(self.name_values(kind, logical, start, end)), false),
            Kind::Arg => {
                let pairs = words::parse_words(text, start, end, escape)
                    .into_iter()
                    .map(|(s, e)| pair(logical, escape, s, e, text[s..e].find('=').map(|i| s + i), false))
                    .collect();
                (Args::Pairs(pairs), false)
            }
            Kind::User | Kind::Workdir | Kind::Maintainer | Kind::Stopsignal => (Args::Text(word(start, end)), false),
            Kind::Healthcheck => {
                let bytes = text.as_bytes();
                let mut sep = start;
                while sep < end && !bytes[sep].is_ascii_whitespace() {
                    sep += 1;
                }
                let mut next = sep;
                while next < end && bytes[next].is_ascii_whitespace() {
                    next += 1;
                }
                let cmd_range = logical.range_to_source(to_u32(next), to_u32(end));
                // What BuildKit checks when it reads the instruction: the type as written (`"CMD`
                // is none), a command after CMD and none after NONE.
                let typ = &text[start..sep];
                if typ.eq_ignore_ascii_case("none") {
                    if next < end {
                        self.error(
                            cmd_range,
                            "`HEALTHCHECK NONE` takes no arguments: remove them, or write `HEALTHCHECK CMD <command>`",
                        );
                    }
                } else if !typ.eq_ignore_ascii_case("cmd") {
                    self.error(
                        logical.range_to_source(to_u32(start), to_u32(sep)),
                        format!("unknown HEALTHCHECK type {}: write `HEALTHCHECK CMD <command>`, or `HEALTHCHECK NONE` to turn off the base image's check", code(typ)),
                    );
                } else if next >= end {
                    self.error(
                        logical.range_to_source(to_u32(start), to_u32(sep)),
                        "`HEALTHCHECK CMD` needs the command to run after it",
                    );
                }
                let command = if next < end { self.command(logical, next, end, cmd_range) } else { None };
                let json = matches!(command, Some(Command::Exec(_)));
                (Args::Healthcheck(HealthcheckArgs { kind: Some(word(start, sep)), command }), json)
            }
            Kind::Onbuild => {
                if start >= end {
                    return (Args::Onbuild(None), false);
                }
                let inner = self.build(logical, start);
                if matches!(inner.kind, Kind::Onbuild | Kind::From | Kind::Maintainer) {
                    // Not a parse error in BuildKit, but the build rejects it; DL3043 reports it.
                }
                (Args::Onbuild(Some(Box::new(inner))), false)
            }
        }
    }

    /// `parseMaybeJSON`: exec form when the text is a JSON array of strings, else shell form.
    fn command(&mut self, logical: &Logical, start: usize, end: usize, range: TextRange) -> Option<Command> {
        match self.exec(logical, start) {
            Ok(Some(exec)) => Some(Command::Exec(exec)),
            Ok(None) => Some(Command::Shell(ShellForm {
                range,
                logical_start: to_u32(start),
                text: logical.text[start..end].to_string(),
            })),
            Err(()) => None,
        }
    }

    /// Exec form if the text is a JSON array of strings; `Ok(None)` for shell form; `Err` (with
    /// the error recorded) for a JSON array holding something other than strings.
    fn exec(&mut self, logical: &Logical, start: usize) -> Result<Option<ExecForm>, ()> {
        match json::parse_array(&logical.text, start) {
            Ok(array) => Ok(Some(ExecForm {
                range: logical.range_to_source(to_u32(array.start), to_u32(array.end)),
                elements: array
                    .elements
                    .into_iter()
                    .map(|e| JsonString {
                        range: logical.range_to_source(to_u32(e.start), to_u32(e.end)),
                        value: e.value,
                    })
                    .collect(),
            })),
            Err(JsonError::NotArray | JsonError::Invalid) => Ok(None),
            Err(JsonError::NotStringArray) => {
                let end = logical.text.len();
                self.error(
                    logical.range_to_source(to_u32(start), to_u32(end)),
                    "when using JSON array syntax, arrays must be comprised of strings only",
                );
                Err(())
            }
        }
    }

    /// BuildKit's `parseNameVal` for ENV and LABEL: `k=v k2=v2`, or the legacy `k v w`.
    fn name_values(&mut self, kind: Kind, logical: &Logical, start: usize, end: usize) -> Vec<Pair> {
        let text = logical.text.as_str();
        let escape = self.escape;
        let words = words::parse_words(text, start, end, escape);
        let Some(&(first_start, first_end)) = words.first() else {
            return Vec::new();
        };
        if !text[first_start..first_end].contains('=') {
            // Legacy form: the key is the first token, the value everything after it.
            let bytes = text.as_bytes();
            let mut key_end = start;
            while key_end < end && !is_token_space(bytes[key_end]) {
                key_end += 1;
            }
            let mut value_start = key_end;
            while value_start < end && is_token_space(bytes[value_start]) {
                value_start += 1;
            }
            if value_start >= end {
                self.error(
                    logical.range_to_source(to_u32(start), to_u32(end)),
                    format!("{} must have two arguments", kind.as_str()),
                );
                return vec![pair(logical, escape, start, key_end, None, true)];
            }
            let key = Word {
                range: logical.range_to_source(to_u32(start), to_u32(key_end)),
                value: text[start..key_end].to_string(),
            };
            let value = Word {
                range: logical.range_to_source(to_u32(value_start), to_u32(end)),
                value: words::unquote(&text[value_start..end], escape),
            };
            return vec![Pair {
                range: logical.range_to_source(to_u32(start), to_u32(end)),
                key,
                value: Some(value),
                legacy: true,
            }];
        }
        let mut pairs = Vec::with_capacity(words.len());
        for (s, e) in words {
            let eq = text[s..e].find('=').map(|i| s + i);
            if eq.is_none() {
                self.error(
                    logical.range_to_source(to_u32(s), to_u32(e)),
                    format!("can't find = in {:?}; {} must be of the form name=value", &text[s..e], kind.as_str()),
                );
            }
            pairs.push(pair(logical, escape, s, e, eq, false));
        }
        pairs
    }
}

/// A `key[=value]` word at logical `s..e` with the `=` at `eq`.
fn pair(logical: &Logical, escape: char, s: usize, e: usize, eq: Option<usize>, legacy: bool) -> Pair {
    let text = logical.text.as_str();
    let range = logical.range_to_source(to_u32(s), to_u32(e));
    let key_end = eq.unwrap_or(e);
    let key = Word { range: logical.range_to_source(to_u32(s), to_u32(key_end)), value: text[s..key_end].to_string() };
    let value = eq.map(|eq| Word {
        range: logical.range_to_source(to_u32(eq + 1), to_u32(e)),
        value: words::unquote(&text[eq + 1..e], escape),
    });
    Pair { range, key, value, legacy }
}

/// BuildKit's `validStageName`, `^[a-z][a-z0-9-_.]*$`, on the name lower-cased (as BuildKit
/// matches it), without building the lower-cased copy.
fn is_stage_name(name: &str) -> bool {
    let mut bytes = name.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_alphabetic())
        && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

fn memchr_newline(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == b'\n')
}

fn utf8_len(first: u8) -> usize {
    match first {
        0x00..=0x7F => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    }
}
