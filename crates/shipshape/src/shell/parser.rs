//! The reader behind [`super::parse`]: one pass over the text, recursive only for `$(...)`,
//! backquotes and subshells.

use super::{Keyword, ListOperator, Operator, OperatorKind, Redirect, Script, ShellError, SimpleCommand, Word};
use crate::text::TextRange;

/// Substitutions nested deeper than this are read as plain text rather than recursed into,
/// so hostile input cannot exhaust the stack.
const MAX_DEPTH: u32 = 48;

/// Reads the shell script in `text[start..end]`. `map` turns a range of `text` into a source
/// range (identity for heredoc bodies; the logical-line map for RUN instructions).
pub fn parse(text: &str, start: usize, end: usize, map: &dyn Fn(TextRange) -> TextRange) -> Script {
    let mut reader = Reader {
        text,
        bytes: text.as_bytes(),
        end,
        commands: Vec::new(),
        errors: Vec::new(),
        pending: Vec::new(),
        backquotes: 0,
        pipes: Vec::new(),
        list_operators: Vec::new(),
        keywords: Vec::new(),
    };
    reader.list(start, 0, false, None);
    let mut commands = reader.commands;
    for command in &mut commands {
        command.range = map(command.range);
        for word in command.assignments.iter_mut().chain(command.words.iter_mut()) {
            word.range = map(word.range);
        }
        for redirect in &mut command.redirects {
            redirect.range = map(redirect.range);
            if let Some(target) = &mut redirect.target {
                target.range = map(target.range);
            }
        }
        if let Some(op) = &mut command.end {
            op.range = map(op.range);
        }
    }
    let errors = reader.errors.into_iter().map(|e| ShellError { range: map(e.range), message: e.message }).collect();
    let pipes = reader.pipes.into_iter().map(map).collect();
    let list_operators = reader
        .list_operators
        .into_iter()
        .map(|o| ListOperator { op: Operator { kind: o.op.kind, range: map(o.op.range) }, ..o })
        .collect();
    let keywords = reader.keywords.into_iter().map(|k| Keyword { range: map(k.range), ..k }).collect();
    Script { commands, range: map(TextRange::from_usize(start..end)), errors, pipes, list_operators, keywords }
}

struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    end: usize,
    commands: Vec<SimpleCommand>,
    errors: Vec<ShellError>,
    /// Here-documents announced on the current line, read after its line break.
    pending: Vec<(String, bool)>,
    /// How many backquote substitutions enclose the current position.
    backquotes: u32,
    /// The pipe operators read so far.
    pipes: Vec<TextRange>,
    list_operators: Vec<ListOperator>,
    keywords: Vec<Keyword>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Case {
    /// After `case`, expecting the subject word.
    Subject,
    /// Expecting `in`.
    In,
    /// Expecting a pattern like `a|b)` or `esac`.
    Pattern,
    /// Inside a branch, until `;;`.
    Body,
}

/// The command being assembled.
#[derive(Default)]
struct Pending {
    command: SimpleCommand,
    start: Option<usize>,
    last_end: usize,
    /// Inside a `for NAME in ...` header, whose words are not a command.
    header: bool,
}

impl Pending {
    fn is_empty(&self) -> bool {
        self.command.words.is_empty() && self.command.assignments.is_empty() && self.command.redirects.is_empty()
    }

    fn touch(&mut self, start: usize, end: usize) {
        self.start.get_or_insert(start);
        self.last_end = end;
    }
}

/// The reserved word as a `'static` name.
fn keyword_name(word: &str) -> &'static str {
    ["if", "while", "until", "{", "fi", "done", "}", "then", "else", "elif", "do", "!", "time", "for", "select"]
        .into_iter()
        .find(|k| *k == word)
        .unwrap_or("?")
}

fn is_meta(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b';' | b'&' | b'|' | b'<' | b'>' | b'(' | b')')
}

fn is_name_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_'
}

fn is_name_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

fn is_assignment(raw: &str) -> bool {
    let bytes = raw.as_bytes();
    if !bytes.first().copied().is_some_and(is_name_start) {
        return false;
    }
    let name_len = bytes.iter().take_while(|&&b| is_name_char(b)).count();
    raw[name_len..].starts_with('=') || raw[name_len..].starts_with("+=") || raw[name_len..].starts_with('[')
}

impl Reader<'_> {
    fn peek(&self, pos: usize) -> Option<u8> {
        if pos < self.end { Some(self.bytes[pos]) } else { None }
    }

    fn error(&mut self, start: usize, end: usize, message: &str) {
        self.errors.push(ShellError { range: TextRange::from_usize(start..end), message: message.to_string() });
    }

    fn skip_blanks(&self, mut pos: usize) -> usize {
        loop {
            match self.peek(pos) {
                Some(b' ' | b'\t' | b'\r') => pos += 1,
                Some(b'\\') if self.peek(pos + 1) == Some(b'\n') => pos += 2,
                _ => return pos,
            }
        }
    }

    fn finish(&mut self, pending: &mut Pending, op: Option<Operator>) {
        if !pending.is_empty() && !pending.header {
            let mut command = std::mem::take(&mut pending.command);
            let start = pending.start.unwrap_or(pending.last_end);
            command.range = TextRange::from_usize(start..pending.last_end.max(start));
            command.end = op;
            self.commands.push(command);
        }
        let depth = pending.command.depth;
        let in_substitution = pending.command.in_substitution;
        *pending = Pending::default();
        pending.command.depth = depth;
        pending.command.in_substitution = in_substitution;
    }

    /// Reads a command list until `close` (an unmatched `)` or backquote) or the end. Returns
    /// the position after the closing character.
    fn list(&mut self, mut pos: usize, depth: u32, in_substitution: bool, close: Option<u8>) -> usize {
        let mut pending = Pending::default();
        pending.command.depth = depth;
        pending.command.in_substitution = in_substitution;
        let mut cases: Vec<Case> = Vec::new();
        let mut skip_next_word = false;
        // Compound commands open here (`if`, `while`, `{`, …), `case`s included.
        let mut compound = 0u32;
        loop {
            pos = self.skip_blanks(pos);
            if cases.last() == Some(&Case::Pattern) && pending.is_empty() {
                pos = self.skip_space_and_newlines(pos);
                if self.keyword_at(pos, "esac") {
                    cases.pop();
                    compound = compound.saturating_sub(1);
                    self.keyword("esac", pos, pos + 4, depth);
                    pos += 4;
                    continue;
                }
                if pos >= self.end {
                    break;
                }
                pos = self.case_pattern(pos);
                if let Some(top) = cases.last_mut() {
                    *top = Case::Body;
                }
                continue;
            }
            let Some(b) = self.peek(pos) else { break };
            let op = |kind, len: usize| Operator { kind, range: TextRange::from_usize(pos..pos + len) };
            let listed = |kind, len: usize| ListOperator { op: op(kind, len), depth, compound };
            match b {
                b'#' => {
                    // A comment runs to the end of the line, or, inside backquotes, to the
                    // closing backquote: the shell extracts the backquoted text first.
                    let in_backquote = close == Some(b'`');
                    while self.peek(pos).is_some_and(|b| b != b'\n' && !(in_backquote && b == b'`')) {
                        pos += 1;
                    }
                }
                b'\n' => {
                    self.finish(&mut pending, Some(op(OperatorKind::Newline, 1)));
                    pos = self.heredoc_bodies(pos + 1);
                }
                b';' => {
                    if self.peek(pos + 1) == Some(b';') {
                        self.finish(&mut pending, Some(op(OperatorKind::DoubleSemi, 2)));
                        if let Some(top) = cases.last_mut() {
                            *top = Case::Pattern;
                        }
                        pos += 2;
                    } else {
                        self.list_operators.push(listed(OperatorKind::Semi, 1));
                        self.finish(&mut pending, Some(op(OperatorKind::Semi, 1)));
                        pos += 1;
                    }
                }
                b'&' => match self.peek(pos + 1) {
                    Some(b'&') => {
                        self.list_operators.push(listed(OperatorKind::And, 2));
                        self.finish(&mut pending, Some(op(OperatorKind::And, 2)));
                        pos += 2;
                    }
                    Some(b'>') => pos = self.redirect(pos, pos, &mut pending, depth, in_substitution),
                    _ => {
                        self.list_operators.push(listed(OperatorKind::Background, 1));
                        self.finish(&mut pending, Some(op(OperatorKind::Background, 1)));
                        pos += 1;
                    }
                },
                b'|' => match self.peek(pos + 1) {
                    Some(b'|') => {
                        self.list_operators.push(listed(OperatorKind::Or, 2));
                        self.finish(&mut pending, Some(op(OperatorKind::Or, 2)));
                        pos += 2;
                    }
                    Some(b'&') => {
                        self.list_operators.push(listed(OperatorKind::PipeAll, 2));
                        self.pipes.push(TextRange::from_usize(pos..pos + 2));
                        self.finish(&mut pending, Some(op(OperatorKind::PipeAll, 2)));
                        pos += 2;
                    }
                    _ => {
                        self.list_operators.push(listed(OperatorKind::Pipe, 1));
                        self.pipes.push(TextRange::from_usize(pos..pos + 1));
                        self.finish(&mut pending, Some(op(OperatorKind::Pipe, 1)));
                        pos += 1;
                    }
                },
                b'(' => {
                    if self.peek(pos + 1) == Some(b')') {
                        // `name()`: a function definition; its name is not a command.
                        self.keyword("()", pos, pos + 2, depth);
                        pending = Pending {
                            command: SimpleCommand { depth, in_substitution, ..SimpleCommand::default() },
                            ..Pending::default()
                        };
                        pos += 2;
                    } else if self.peek(pos + 1) == Some(b'(') && pending.is_empty() && self.is_arithmetic(pos) {
                        pos = self.skip_to_close(pos + 2, 2);
                    } else if pending.is_empty() && depth < MAX_DEPTH {
                        pos = self.list(pos + 1, depth + 1, in_substitution, Some(b')'));
                    } else {
                        pos += 1;
                    }
                }
                b')' => {
                    if close == Some(b')') {
                        self.finish(&mut pending, None);
                        return pos + 1;
                    }
                    pos += 1;
                }
                b'`' if close == Some(b'`') => {
                    self.finish(&mut pending, None);
                    return pos + 1;
                }
                b'<' | b'>' if self.peek(pos + 1) == Some(b'(') => {
                    // Process substitution: a word whose commands run in a subshell.
                    let start = pos;
                    let end = if depth < MAX_DEPTH {
                        self.list(pos + 2, depth + 1, true, Some(b')'))
                    } else {
                        self.skip_to_close(pos + 2, 1)
                    };
                    let word = Word {
                        range: TextRange::from_usize(start..end),
                        value: self.text[start..end].to_string(),
                        quoted: false,
                        dynamic: true,
                    };
                    pending.touch(start, end);
                    pending.command.words.push(word);
                    pos = end;
                }
                b'<' | b'>' => pos = self.redirect(pos, pos, &mut pending, depth, in_substitution),
                b'0'..=b'9' if self.fd_redirect(pos).is_some() => {
                    let op_start = self.fd_redirect(pos).unwrap_or(pos);
                    pos = self.redirect(pos, op_start, &mut pending, depth, in_substitution);
                }
                _ => {
                    let (word, next) = self.word(pos, depth, in_substitution);
                    pos = next.max(pos + 1);
                    if skip_next_word {
                        skip_next_word = false;
                        continue;
                    }
                    if pending.command.words.is_empty() && !pending.header {
                        match cases.last_mut() {
                            Some(state @ Case::Subject) => {
                                *state = Case::In;
                                continue;
                            }
                            Some(state @ Case::In) if word.value == "in" => {
                                *state = Case::Pattern;
                                continue;
                            }
                            _ => {}
                        }
                    }
                    if pending.command.words.is_empty() && !pending.header && !word.quoted {
                        let (start, end) = (word.range.start as usize, word.range.end as usize);
                        match word.value.as_str() {
                            keyword @ ("if" | "while" | "until" | "{") => {
                                compound += 1;
                                self.keyword(keyword_name(keyword), start, end, depth);
                                continue;
                            }
                            keyword @ ("fi" | "done" | "}") => {
                                compound = compound.saturating_sub(1);
                                self.keyword(keyword_name(keyword), start, end, depth);
                                continue;
                            }
                            keyword @ ("then" | "else" | "elif" | "do" | "!" | "time") => {
                                self.keyword(keyword_name(keyword), start, end, depth);
                                continue;
                            }
                            "esac" => {
                                cases.pop();
                                compound = compound.saturating_sub(1);
                                self.keyword("esac", start, end, depth);
                                continue;
                            }
                            "case" => {
                                cases.push(Case::Subject);
                                compound += 1;
                                self.keyword("case", start, end, depth);
                                continue;
                            }
                            keyword @ ("for" | "select") => {
                                pending.header = true;
                                compound += 1;
                                self.keyword(keyword_name(keyword), start, end, depth);
                                continue;
                            }
                            "function" => {
                                skip_next_word = true;
                                self.keyword("()", start, end, depth);
                                continue;
                            }
                            "[[" => {
                                pending.touch(word.range.start as usize, word.range.end as usize);
                                pending.command.words.push(word);
                                pos = self.double_bracket(pos, &mut pending);
                                continue;
                            }
                            _ => {}
                        }
                    }
                    let raw = &self.text[word.range.as_usize()];
                    pending.touch(word.range.start as usize, word.range.end as usize);
                    if pending.command.words.is_empty() && is_assignment(raw) {
                        pending.command.assignments.push(word);
                    } else {
                        pending.command.words.push(word);
                    }
                }
            }
        }
        self.finish(&mut pending, None);
        if let Some(c) = close {
            let what = if c == b')' { "`)`" } else { "closing backquote" };
            self.error(pos.min(self.end), self.end, &format!("missing {what}"));
        }
        self.end
    }

    fn keyword(&mut self, word: &'static str, start: usize, end: usize, depth: u32) {
        self.keywords.push(Keyword { word, range: TextRange::from_usize(start..end), depth });
    }

    fn skip_space_and_newlines(&self, mut pos: usize) -> usize {
        while matches!(self.peek(pos), Some(b' ' | b'\t' | b'\r' | b'\n')) {
            pos += 1;
        }
        pos
    }

    fn keyword_at(&self, pos: usize, keyword: &str) -> bool {
        self.text.get(pos..self.end).is_some_and(|rest| rest.starts_with(keyword))
            && self.peek(pos + keyword.len()).is_none_or(is_meta)
    }

    /// Skips a `case` pattern up to and including its `)`.
    fn case_pattern(&self, mut pos: usize) -> usize {
        let mut quote: Option<u8> = None;
        while let Some(b) = self.peek(pos) {
            pos += 1;
            match (quote, b) {
                (None, b'\'' | b'"') => quote = Some(b),
                (Some(q), _) if q == b => quote = None,
                (None, b'\\') => pos += 1,
                (None, b')') => return pos,
                _ => {}
            }
        }
        pos
    }

    /// The words of `[[ ... ]]`, where `&&`, `<` and friends are operands, not operators.
    fn double_bracket(&mut self, mut pos: usize, pending: &mut Pending) -> usize {
        loop {
            pos = self.skip_blanks(pos);
            let start = pos;
            while self.peek(pos).is_some_and(|b| !matches!(b, b' ' | b'\t' | b'\n')) {
                pos += 1;
            }
            if pos == start {
                return pos;
            }
            let value = self.text[start..pos].to_string();
            let done = value == "]]";
            pending.touch(start, pos);
            pending.command.words.push(Word {
                range: TextRange::from_usize(start..pos),
                value,
                quoted: false,
                dynamic: false,
            });
            if done {
                return pos;
            }
        }
    }

    /// If `pos` starts `N>` or `N<`, the position of the operator.
    fn fd_redirect(&self, pos: usize) -> Option<usize> {
        let mut p = pos;
        while self.peek(p).is_some_and(|b| b.is_ascii_digit()) {
            p += 1;
        }
        matches!(self.peek(p), Some(b'<' | b'>')).then_some(p)
    }

    fn redirect(
        &mut self,
        start: usize,
        op_start: usize,
        pending: &mut Pending,
        depth: u32,
        in_substitution: bool,
    ) -> usize {
        let rest = &self.text[op_start..self.end];
        let op = ["&>>", "<<<", "<<-", "&>", "<<", "<&", "<>", ">>", ">&", ">|", "<", ">"]
            .into_iter()
            .find(|op| rest.starts_with(op))
            .unwrap_or(">");
        let mut pos = self.skip_blanks(op_start + op.len());
        let target = if self.peek(pos).is_some_and(|b| !is_meta(b)) {
            let (word, next) = self.word(pos, depth, in_substitution);
            pos = next;
            Some(word)
        } else {
            None
        };
        if matches!(op, "<<" | "<<-")
            && let Some(target) = &target
        {
            self.pending.push((target.value.clone(), op == "<<-"));
        }
        let end = target.as_ref().map_or(op_start + op.len(), |t| t.range.end as usize);
        pending.touch(start, end);
        pending.command.redirects.push(Redirect {
            range: TextRange::from_usize(start..end),
            op: op.to_string(),
            target,
        });
        pos
    }

    /// After a line break, skips the bodies of the here-documents announced on that line.
    fn heredoc_bodies(&mut self, mut pos: usize) -> usize {
        for (delimiter, strip_tabs) in std::mem::take(&mut self.pending) {
            while pos < self.end {
                let line_end = self.text[pos..self.end].find('\n').map_or(self.end, |i| pos + i);
                let mut line = self.text[pos..line_end].trim_end_matches('\r');
                if strip_tabs {
                    line = line.trim_start_matches('\t');
                }
                pos = (line_end + 1).min(self.end);
                if line == delimiter {
                    break;
                }
            }
        }
        pos
    }

    /// True when the `((` at `pos` is an arithmetic command `(( … ))`, whose two closing
    /// parentheses are adjacent; otherwise it opens two subshells, as in
    /// `((a | b) && c)`, which is how POSIX shells read it.
    fn is_arithmetic(&self, pos: usize) -> bool {
        let mut depth = 0usize;
        let mut i = pos;
        while let Some(b) = self.peek(i) {
            match b {
                b'(' => depth += 1,
                b')' => {
                    depth -= 1;
                    if depth == 1 {
                        return self.peek(i + 1) == Some(b')');
                    }
                }
                _ => {}
            }
            i += 1;
        }
        true
    }

    /// The position after the `)` that brings the nesting from `depth` open parentheses to
    /// none: 1 after `$(` or `(`, 2 after `$((`; the end of the text if it never closes.
    fn skip_to_close(&self, mut pos: usize, mut depth: usize) -> usize {
        while let Some(b) = self.peek(pos) {
            pos += 1;
            match b {
                b'(' => depth += 1,
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        return pos;
                    }
                }
                _ => {}
            }
        }
        pos
    }

    /// Reads one word starting at `pos`; returns it and the position after it.
    fn word(&mut self, mut pos: usize, depth: u32, in_substitution: bool) -> (Word, usize) {
        let start = pos;
        let mut value = String::new();
        let mut quoted = false;
        let mut dynamic = false;
        while let Some(b) = self.peek(pos) {
            match b {
                _ if is_meta(b) => break,
                b'`' if self.backquotes > 0 => break,
                b'\\' => {
                    quoted = true;
                    match self.peek(pos + 1) {
                        Some(b'\n') => pos += 2,
                        Some(_) => {
                            let c = self.char_at(pos + 1);
                            value.push(c);
                            pos += 1 + c.len_utf8();
                        }
                        None => pos += 1,
                    }
                }
                b'\'' => {
                    quoted = true;
                    match self.text[pos + 1..self.end].find('\'') {
                        Some(i) => {
                            value.push_str(&self.text[pos + 1..pos + 1 + i]);
                            pos += i + 2;
                        }
                        None => {
                            self.error(pos, self.end, "unterminated single quote");
                            value.push_str(&self.text[pos + 1..self.end]);
                            pos = self.end;
                        }
                    }
                }
                b'"' => {
                    quoted = true;
                    pos = self.double_quoted(pos + 1, &mut value, &mut dynamic, depth, in_substitution);
                }
                b'$' => {
                    let end = self.dollar(pos, depth);
                    if end > pos + 1 {
                        dynamic = true;
                    }
                    value.push_str(&self.text[pos..end]);
                    pos = end;
                }
                b'`' => {
                    dynamic = true;
                    let end = self.backquote(pos, depth);
                    value.push_str(&self.text[pos..end]);
                    pos = end;
                }
                _ => {
                    // Plain text up to the next byte that means something, pushed at once. It
                    // stops before an ASCII byte, so on a character boundary.
                    let run = pos
                        + self.text.as_bytes()[pos..self.end]
                            .iter()
                            .position(|&b| is_meta(b) || matches!(b, b'`' | b'\\' | b'\'' | b'"' | b'$'))
                            .unwrap_or(self.end - pos);
                    value.push_str(&self.text[pos..run]);
                    pos = run;
                }
            }
        }
        (Word { range: TextRange::from_usize(start..pos), value, quoted, dynamic }, pos)
    }

    fn char_at(&self, pos: usize) -> char {
        self.text[pos..].chars().next().unwrap_or('\u{FFFD}')
    }

    fn double_quoted(
        &mut self,
        mut pos: usize,
        value: &mut String,
        dynamic: &mut bool,
        depth: u32,
        _in_substitution: bool,
    ) -> usize {
        let open = pos - 1;
        while let Some(b) = self.peek(pos) {
            match b {
                b'"' => return pos + 1,
                b'\\' => match self.peek(pos + 1) {
                    Some(b'\n') => pos += 2,
                    Some(next @ (b'$' | b'`' | b'"' | b'\\')) => {
                        value.push(char::from(next));
                        pos += 2;
                    }
                    _ => {
                        value.push('\\');
                        pos += 1;
                    }
                },
                b'$' => {
                    let end = self.dollar(pos, depth);
                    if end > pos + 1 {
                        *dynamic = true;
                    }
                    value.push_str(&self.text[pos..end]);
                    pos = end;
                }
                b'`' => {
                    *dynamic = true;
                    let end = self.backquote(pos, depth);
                    value.push_str(&self.text[pos..end]);
                    pos = end;
                }
                _ => {
                    let run = pos
                        + self.text.as_bytes()[pos..self.end]
                            .iter()
                            .position(|&b| matches!(b, b'"' | b'\\' | b'$' | b'`'))
                            .unwrap_or(self.end - pos);
                    value.push_str(&self.text[pos..run]);
                    pos = run;
                }
            }
        }
        self.error(open, self.end, "unterminated double quote");
        pos
    }

    /// A `$` expansion starting at `pos`; returns its end. Command substitutions are read
    /// recursively so their commands are seen too.
    fn dollar(&mut self, pos: usize, depth: u32) -> usize {
        match self.peek(pos + 1) {
            Some(b'(') if self.peek(pos + 2) == Some(b'(') => self.skip_to_close(pos + 3, 2),
            Some(b'(') => {
                if depth < MAX_DEPTH {
                    self.list(pos + 2, depth + 1, true, Some(b')'))
                } else {
                    self.skip_to_close(pos + 2, 1)
                }
            }
            Some(b'{') => {
                let mut p = pos + 2;
                let mut braces = 1usize;
                while let Some(b) = self.peek(p) {
                    p += 1;
                    match b {
                        b'{' => braces += 1,
                        b'}' => {
                            braces -= 1;
                            if braces == 0 {
                                return p;
                            }
                        }
                        b'\\' => p += 1,
                        _ => {}
                    }
                }
                self.error(pos, self.end, "unterminated `${`");
                self.end
            }
            Some(b) if is_name_start(b) => {
                let mut p = pos + 1;
                while self.peek(p).is_some_and(is_name_char) {
                    p += 1;
                }
                p
            }
            Some(b'0'..=b'9' | b'@' | b'*' | b'#' | b'?' | b'$' | b'!' | b'-') => pos + 2,
            _ => pos + 1,
        }
    }

    fn backquote(&mut self, pos: usize, depth: u32) -> usize {
        if depth < MAX_DEPTH {
            self.backquotes += 1;
            let end = self.list(pos + 1, depth + 1, true, Some(b'`'));
            self.backquotes -= 1;
            return end;
        }
        match self.text[pos + 1..self.end].find('`') {
            Some(i) => pos + i + 2,
            None => self.end,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn commands(text: &str) -> Vec<String> {
        let script = parse(text, 0, text.len(), &|r| r);
        script
            .commands
            .iter()
            .map(|c| {
                let mut s = c.words.iter().map(|w| w.value.as_str()).collect::<Vec<_>>().join(" ");
                if let Some(op) = c.end {
                    s.push(' ');
                    s.push_str(op.kind.as_str().trim());
                }
                s.trim_end().to_string()
            })
            .collect()
    }

    #[test]
    fn lists_and_pipelines() {
        assert_eq!(
            commands("apt-get update && apt-get install -y curl || true; echo done | tee log &"),
            ["apt-get update &&", "apt-get install -y curl ||", "true ;", "echo done |", "tee log &"]
        );
    }

    #[test]
    fn quotes_and_escapes() {
        let text = r#"echo "a b" 'c $d' e\ f "$HOME/x""#;
        let script = parse(text, 0, text.len(), &|r| r);
        let words: Vec<_> = script.commands[0].words.iter().map(|w| (w.value.as_str(), w.dynamic)).collect();
        assert_eq!(words, [("echo", false), ("a b", false), ("c $d", false), ("e f", false), ("$HOME/x", true)]);
    }

    #[test]
    fn substitutions_are_read() {
        assert_eq!(commands("VER=$(cat /v | head -1) make"), ["cat /v |", "head -1", "make"]);
        let script = parse("echo `date`", 0, 11, &|r| r);
        assert_eq!(script.commands[0].words[0].value, "date");
        assert!(script.commands[0].in_substitution);
    }

    #[test]
    fn compound_commands_flatten() {
        assert_eq!(
            commands(
                "if [ -f x ]; then apt-get install -y a; else echo no; fi && for p in a b; do pip install $p; done"
            ),
            ["[ -f x ] ;", "apt-get install -y a ;", "echo no ;", "&&", "pip install $p ;"]
                .into_iter()
                .filter(|s| *s != "&&")
                .collect::<Vec<_>>()
        );
        assert_eq!(
            commands("case \"$arch\" in amd64|x86_64) A=1 make ;; arm*) echo arm ;; esac; ls"),
            ["make ;;", "echo arm ;;", "ls"]
        );
        assert_eq!(commands("[[ -n $a && $b < 3 ]] && echo y"), ["[[ -n $a && $b < 3 ]] &&", "echo y"]);
        assert_eq!(commands("(cd /x && make) ; { echo a; }"), ["cd /x &&", "make", "echo a ;"]);
    }

    #[test]
    fn pipes_after_compound_commands() {
        let text = "{ echo a; echo b; } | tee /x && for f in *; do cat $f; done |& sort; a || b";
        let script = parse(text, 0, text.len(), &|r| r);
        let pipes: Vec<&str> = script.pipes.iter().map(|r| &text[r.as_usize()]).collect();
        assert_eq!(pipes, ["|", "|&"]);
    }

    #[test]
    fn reserved_words_are_recorded_in_order() {
        let text = "if [ \"$(id -u)\" = 0 ]; then\n  until nc -z db 5432; do sleep 1; done\nelse\n  f() { :; }\nfi\nfor x in a b; do case $x in a) ! true ;; esac; done\n";
        let script = parse(text, 0, text.len(), &|r| r);
        let words: Vec<(&str, u32)> = script.keywords.iter().map(|k| (k.word, k.depth)).collect();
        assert_eq!(
            words,
            [
                ("if", 0),
                ("then", 0),
                ("until", 0),
                ("do", 0),
                ("done", 0),
                ("else", 0),
                ("()", 0),
                ("{", 0),
                ("}", 0),
                ("fi", 0),
                ("for", 0),
                ("do", 0),
                ("case", 0),
                ("!", 0),
                ("esac", 0),
                ("done", 0),
            ]
        );
        assert!(script.keywords.iter().all(|k| text[k.range.as_usize()] == *k.word || k.word == "()"));
    }

    #[test]
    fn list_operators_know_their_nesting() {
        let text = "a && if b || c; then d | e; fi && (f || g) && case x in y|z) h && i ;; esac | j";
        let script = parse(text, 0, text.len(), &|r| r);
        let ops: Vec<(&str, u32, u32)> =
            script.list_operators.iter().map(|o| (&text[o.op.range.as_usize()], o.depth, o.compound)).collect();
        assert_eq!(
            ops,
            [
                ("&&", 0, 0),
                ("||", 0, 1),
                (";", 0, 1),
                ("|", 0, 1),
                (";", 0, 1),
                ("&&", 0, 0),
                ("||", 1, 0),
                ("&&", 0, 0),
                ("&&", 0, 1),
                ("|", 0, 0)
            ]
        );
    }

    #[test]
    fn double_parenthesis_is_arithmetic_only_when_closed_by_two() {
        assert_eq!(commands("(( i = 1 + (2 * 3) )) && echo y"), ["echo y"]);
        assert_eq!(
            commands("((grep -q alpine /etc/os-release) && apk add musl-dev || true) && make"),
            ["grep -q alpine /etc/os-release", "apk add musl-dev ||", "true", "make"]
        );
    }

    #[test]
    fn double_parenthesis_subshells() {
        assert_eq!(
            commands("((cat /etc/os-release | grep alpine) && apk add x || true)"),
            ["cat /etc/os-release |", "grep alpine", "apk add x ||", "true"]
        );
        assert_eq!(commands("(( i = (1 + 2) * 3 )) && echo $i"), ["echo $i"]);
    }

    #[test]
    fn assignments_and_redirects() {
        let text = "PIP_NO_CACHE_DIR=1 pip install x > /dev/null 2>&1";
        let script = parse(text, 0, text.len(), &|r| r);
        let c = &script.commands[0];
        assert_eq!(c.assignment("PIP_NO_CACHE_DIR"), Some("1"));
        assert_eq!(c.name(), Some("pip"));
        assert_eq!(c.redirects.len(), 2);
        assert_eq!(&text[c.range.as_usize()], "PIP_NO_CACHE_DIR=1 pip install x > /dev/null 2>&1");
    }

    #[test]
    fn heredoc_scripts_skip_bodies() {
        let text = "cat <<EOF > /etc/x\nnot a command\nEOF\napt-get update\n";
        assert_eq!(commands(text), ["cat", "apt-get update"]);
    }

    #[test]
    fn comments_end_the_line() {
        assert_eq!(commands("make # && rm -rf /\nls"), ["make", "ls"]);
        assert_eq!(commands("echo a#b"), ["echo a#b"]);
        assert_eq!(commands("apt-get install a `# why` b && rm -rf x"), ["apt-get install a `# why` b &&", "rm -rf x"]);
    }

    #[test]
    fn hostile_input_does_not_overflow() {
        let text = "$(".repeat(5000);
        let script = parse(&text, 0, text.len(), &|r| r);
        assert!(!script.errors.is_empty());
        let text = "`".repeat(5001);
        let _ = parse(&text, 0, text.len(), &|r| r);
    }

    #[test]
    fn flags() {
        let text = "apt-get -qy install --no-install-recommends --option=x curl";
        let script = parse(text, 0, text.len(), &|r| r);
        let c = &script.commands[0];
        assert!(c.has_short_flag('y'));
        assert!(c.has_long_flag("no-install-recommends"));
        assert!(c.has_long_flag("option"));
        assert!(!c.has_long_flag("opt"));
        assert_eq!(c.subcommand(), Some("install"));
        assert_eq!(c.flag_value(&["--option"]), Some("x"));
    }
}
