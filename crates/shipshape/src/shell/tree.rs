//! The reader behind [`parse`]: a recursive-descent shell parser that never fails. Nesting
//! deeper than [`MAX_DEPTH`] (of compound commands and substitutions) is skipped as text, so
//! the recursion is bounded and hostile input cannot exhaust the stack; every scan moves
//! forward, so reading stays linear in the text.

use std::rc::Rc;

use super::ast::*;
use crate::text::TextRange;

/// Compound commands and substitutions nested deeper than this are read as plain text.
const MAX_DEPTH: u32 = 64;

const KEYWORDS: &[&str] = &[
    "if", "then", "elif", "else", "fi", "do", "done", "case", "esac", "while", "until", "for", "in", "function",
    "select",
];

/// Words that end a list when they come where a command would.
const CLOSERS: &[&str] = &["then", "elif", "else", "fi", "do", "done", "esac", "}"];

/// Parses `text` (the script) as `dialect`; `map` maps script offsets to source offsets (see
/// [`Tree::map`]).
pub fn parse(text: &str, map: Vec<(u32, u32)>, dialect: Dialect) -> Tree {
    let text: Rc<str> = Rc::from(text);
    let (body, issues, comments) = {
        let mut p = Parser {
            s: &text,
            shared: &text,
            b: text.as_bytes(),
            pos: 0,
            end: text.len(),
            depth: 0,
            issues: Vec::new(),
            comments: Vec::new(),
            heredocs: Vec::new(),
            parts: Vec::new(),
        };
        let mut body = List::default();
        loop {
            let list = p.list();
            if body.items.is_empty() {
                body = list;
            } else {
                body.items.extend(list.items);
            }
            if p.pos >= p.end {
                break;
            }
            // A closer nothing opened (`fi`, `done`, `)`, `;;`): report it and read on.
            let start = p.pos;
            let word_end = p.word_end(start);
            p.bump();
            let stray = &p.s[start..word_end.max(p.pos).min(p.end)];
            let message = if stray.starts_with(')') {
                "Unexpected ')'. Is there a '(' missing?".to_string()
            } else {
                format!("Unexpected `{}`: nothing before it opens it. Is a keyword missing?", stray.trim())
            };
            p.pos = start + stray.len();
            p.issue(1089, start, p.pos, message);
        }
        (body, p.issues, p.comments)
    };
    Tree { text, map, dialect, body, issues, comments }
}

struct Parser<'a> {
    s: &'a str,
    /// The same text, for the [`Text`] of literal parts.
    shared: &'a Rc<str>,
    b: &'a [u8],
    pos: usize,
    /// The end of the text being read: the whole script, or the closing backquote of a
    /// backquoted substitution while its body is read.
    end: usize,
    depth: u32,
    issues: Vec<Issue>,
    comments: Vec<TextRange>,
    /// Here-documents announced on the current line: (delimiter, strip tabs).
    heredocs: Vec<(String, bool)>,
    /// The parts of the words being read, innermost last: a word's parts are collected here
    /// and moved into a vector of their exact size when it ends, rather than grown in one of
    /// their own (most words have one part).
    parts: Vec<Part>,
}

fn range(start: usize, end: usize) -> TextRange {
    TextRange::from_usize(start..end.max(start))
}

fn is_name_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_'
}

fn is_name_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Characters that end an unquoted word.
fn is_break(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b';' | b'&' | b'|' | b'<' | b'>' | b'(' | b')')
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.at(self.pos)
    }

    fn at(&self, pos: usize) -> Option<u8> {
        (pos < self.end).then(|| self.b[pos])
    }

    fn starts(&self, s: &str) -> bool {
        self.s.get(self.pos..self.end).is_some_and(|rest| rest.starts_with(s))
    }

    /// Steps over one character (not byte: the text is UTF-8).
    fn bump(&mut self) {
        self.pos += self.s.get(self.pos..).and_then(|rest| rest.chars().next()).map_or(1, char::len_utf8);
    }

    fn issue(&mut self, code: u16, start: usize, end: usize, message: impl Into<String>) {
        self.issues.push(Issue { code, range: range(start, end), message: message.into() });
    }

    fn skip_blanks(&mut self) {
        loop {
            match self.peek() {
                Some(b' ' | b'\t' | b'\r') => self.pos += 1,
                Some(b'\\') if self.at(self.pos + 1) == Some(b'\n') => self.pos += 2,
                Some(b'\\') if self.at(self.pos + 1) == Some(b'\r') && self.at(self.pos + 2) == Some(b'\n') => {
                    self.pos += 3;
                }
                _ => return,
            }
        }
    }

    /// Skips a comment at the cursor, recording it.
    fn skip_comment(&mut self) {
        if self.peek() != Some(b'#') {
            return;
        }
        let start = self.pos;
        while self.peek().is_some_and(|b| b != b'\n') {
            self.pos += 1;
        }
        self.comments.push(range(start, self.pos));
    }

    /// Consumes a line break and the here-document bodies it starts.
    fn newline(&mut self) {
        self.pos += 1;
        for (delimiter, strip) in std::mem::take(&mut self.heredocs) {
            let mut found = false;
            while self.pos < self.end {
                let line_end = self.s[self.pos..self.end].find('\n').map_or(self.end, |i| self.pos + i);
                let mut line = self.s[self.pos..line_end].trim_end_matches('\r');
                if strip {
                    line = line.trim_start_matches('\t');
                }
                self.pos = (line_end + 1).min(self.end);
                if line == delimiter {
                    found = true;
                    break;
                }
            }
            if !found {
                let at = self.end;
                // The delimiter as a code span, which shows a line break in it as `\n`: a
                // message is one line.
                let delimiter = crate::text::code(&delimiter);
                self.issue(1044, at, at, format!("Couldn't find the end of the here-document: a line {delimiter}."));
            }
        }
    }

    /// Skips blanks, comments and line breaks.
    fn skip_linebreaks(&mut self) {
        loop {
            self.skip_blanks();
            match self.peek() {
                Some(b'#') => self.skip_comment(),
                Some(b'\n') => self.newline(),
                _ => return,
            }
        }
    }

    /// The end of the unquoted word at `pos` (for keyword recognition).
    fn word_end(&self, pos: usize) -> usize {
        let mut p = pos;
        while self.at(p).is_some_and(|b| !is_break(b) && !matches!(b, b'"' | b'\'' | b'\\' | b'$' | b'`')) {
            p += 1;
        }
        p
    }

    /// The reserved word at the cursor, if it is one and ends there.
    fn keyword(&self) -> Option<&'static str> {
        // Asked before every command and word: most words cannot be one, by their first byte.
        if !self.peek().is_some_and(|b| {
            matches!(b, b'c' | b'd' | b'e' | b'f' | b'i' | b's' | b't' | b'u' | b'w' | b'{' | b'}' | b'!' | b'[')
        }) {
            return None;
        }
        let end = self.word_end(self.pos);
        if end == self.pos {
            return None;
        }
        // A keyword is a whole word: `done;` yes, `done.txt` or `fi"x"` no.
        if self.at(end).is_some_and(|b| matches!(b, b'"' | b'\'' | b'\\' | b'$' | b'`')) {
            return None;
        }
        let word = &self.s[self.pos..end];
        match word {
            "{" | "}" | "!" | "[[" => ["{", "}", "!", "[["].into_iter().find(|k| *k == word),
            _ => KEYWORDS.iter().copied().find(|k| *k == word),
        }
    }

    fn eat_keyword(&mut self, keyword: &str) -> bool {
        self.skip_linebreaks();
        if self.keyword() == Some(keyword) {
            self.pos += keyword.len();
            true
        } else {
            false
        }
    }

    /// Expects `keyword` to close what started at `open`; reports it missing.
    fn expect(&mut self, keyword: &str, open: usize, what: &str, code: u16) {
        if !self.eat_keyword(keyword) {
            let at = self.pos.min(self.end);
            self.issue(code, at, at, format!("Expected `{keyword}` to close this {what}."));
            self.issue(1009, open, open + 1, format!("The mentioned syntax error was in this {what}."));
        }
    }

    /// True at something that ends a list: the end, a closer keyword, `)`, `;;`.
    fn at_list_end(&self) -> bool {
        match self.peek() {
            None => true,
            Some(b')') => true,
            Some(b';') => matches!(self.at(self.pos + 1), Some(b';' | b'&')),
            _ => self.keyword().is_some_and(|k| CLOSERS.contains(&k)),
        }
    }

    fn list(&mut self) -> List {
        let mut list = List::default();
        if self.depth >= MAX_DEPTH {
            // Too deep: the rest of this region is text.
            self.pos = self.end;
            return list;
        }
        self.depth += 1;
        loop {
            self.skip_linebreaks();
            if self.at_list_end() {
                break;
            }
            let before = self.pos;
            let mut item = self.and_or();
            self.skip_blanks();
            match self.peek() {
                Some(b';') if !matches!(self.at(self.pos + 1), Some(b';' | b'&')) => {
                    item.separator = Some((Separator::Semi, range(self.pos, self.pos + 1)));
                    self.pos += 1;
                }
                Some(b'&') if self.at(self.pos + 1) != Some(b'&') && self.at(self.pos + 1) != Some(b'>') => {
                    item.separator = Some((Separator::Background, range(self.pos, self.pos + 1)));
                    self.pos += 1;
                }
                Some(b'\n') => {
                    item.separator = Some((Separator::Newline, range(self.pos, self.pos + 1)));
                    self.newline();
                }
                Some(b'#') => self.skip_comment(),
                _ => {}
            }
            list.items.push(item);
            if self.pos == before {
                // Nothing was read: step over the character rather than loop.
                self.bump();
            }
        }
        self.depth -= 1;
        list
    }

    fn and_or(&mut self) -> AndOr {
        let first = self.pipeline();
        let mut rest = Vec::new();
        let mut ops = Vec::new();
        loop {
            self.skip_blanks();
            let op = if self.starts("&&") {
                AndOrOp::And
            } else if self.starts("||") {
                AndOrOp::Or
            } else {
                break;
            };
            let op_range = range(self.pos, self.pos + 2);
            self.pos += 2;
            self.skip_linebreaks();
            if self.at_list_end() || matches!(self.peek(), Some(b'&' | b'|' | b';')) {
                let at = self.pos;
                self.issue(1072, at, at, "Expected a command after `&&` or `||`.");
                break;
            }
            ops.push(op_range);
            rest.push((op, self.pipeline()));
        }
        AndOr { first, rest, ops, separator: None }
    }

    fn pipeline(&mut self) -> Pipeline {
        self.skip_blanks();
        let start = self.pos;
        let mut bang = None;
        if self.keyword() == Some("!") {
            bang = Some(range(self.pos, self.pos + 1));
            self.pos += 1;
            self.skip_blanks();
        }
        let mut commands = vec![self.command()];
        loop {
            self.skip_blanks();
            if self.peek() == Some(b'|') && self.at(self.pos + 1) != Some(b'|') {
                self.pos += if self.at(self.pos + 1) == Some(b'&') { 2 } else { 1 };
                self.skip_linebreaks();
                commands.push(self.command());
            } else {
                break;
            }
        }
        let end = commands.last().map_or(self.pos, |c| c.range.end as usize);
        Pipeline { bang, commands, range: range(start, end) }
    }

    fn command(&mut self) -> Command {
        self.skip_blanks();
        let start = self.pos;
        let kind = match self.keyword() {
            Some(k) if self.depth < MAX_DEPTH => match k {
                "if" => Some(self.if_clause()),
                "while" | "until" => Some(self.loop_clause(k == "until")),
                "for" | "select" => Some(self.for_clause()),
                "case" => Some(self.case_clause()),
                "{" => Some(self.brace_group()),
                "[[" => Some(self.test_clause()),
                "function" => Some(self.function_keyword()),
                _ => None,
            },
            _ => None,
        };
        let kind = match kind {
            Some(kind) => kind,
            None if self.peek() == Some(b'(') => self.paren_command(),
            None => return self.simple(),
        };
        let mut command = Command { kind, redirects: Vec::new(), range: range(start, self.pos) };
        loop {
            self.skip_blanks();
            if !self.at_redirect() {
                break;
            }
            let redirect = self.redirect();
            command.redirects.push(redirect);
        }
        command.range = range(start, self.pos);
        command
    }

    fn if_clause(&mut self) -> CommandKind {
        let open = self.pos;
        self.pos += 2;
        let mut branches = Vec::new();
        let mut otherwise = None;
        loop {
            let condition = self.list();
            if !self.eat_keyword("then") {
                let at = self.pos;
                self.issue(1050, at, at, "Expected `then` after the condition of this `if`.");
                branches.push((condition, List::default()));
                break;
            }
            let body = self.list();
            branches.push((condition, body));
            if self.eat_keyword("elif") {
                continue;
            }
            if self.eat_keyword("else") {
                self.skip_blanks();
                let else_if = self.keyword() == Some("if");
                if else_if {
                    let at = self.pos;
                    // `else if` on one line nests a second `if`, which needs its own `fi`.
                    self.issue(
                        1075,
                        at - 5,
                        at + 2,
                        "Use 'elif' instead of 'else if' (or put 'if' on new line if nesting).",
                    );
                }
                otherwise = Some(self.list());
            }
            break;
        }
        self.expect("fi", open, "if expression", 1046);
        CommandKind::If { branches, otherwise }
    }

    fn loop_clause(&mut self, until: bool) -> CommandKind {
        let open = self.pos;
        self.pos += 5;
        let condition = self.list();
        let body = self.do_group(open);
        CommandKind::Loop { until, condition, body }
    }

    fn do_group(&mut self, open: usize) -> List {
        if !self.eat_keyword("do") {
            let at = self.pos;
            self.issue(1058, at, at, "Expected `do`.");
            self.issue(1009, open, open + 1, "The mentioned syntax error was in this loop.");
            return List::default();
        }
        let body = self.list();
        self.expect("done", open, "loop", 1061);
        body
    }

    fn for_clause(&mut self) -> CommandKind {
        let open = self.pos;
        self.pos += if self.starts("select") { 6 } else { 3 };
        self.skip_blanks();
        if self.starts("((") {
            let end = self.arith_end(self.pos + 2).unwrap_or(self.end);
            self.pos = end;
            self.skip_blanks();
            if self.peek() == Some(b';') {
                self.pos += 1;
            }
            let body = self.do_group(open);
            return CommandKind::ArithFor { body };
        }
        let name_start = self.pos;
        while self.peek().is_some_and(is_name_char) {
            self.pos += 1;
        }
        let name = self.s[name_start..self.pos].to_string();
        let name_range = range(name_start, self.pos);
        self.skip_linebreaks();
        let mut items = None;
        if self.keyword() == Some("in") {
            self.pos += 2;
            let mut words = Vec::new();
            loop {
                self.skip_blanks();
                match self.peek() {
                    None | Some(b';' | b'\n' | b'&' | b'|' | b')') => break,
                    Some(b'#') => break,
                    _ => {
                        if self.keyword() == Some("do") {
                            let at = self.pos;
                            self.issue(
                                1010,
                                at,
                                at + 2,
                                "Use semicolon or linefeed before 'do' (or quote to make it literal).",
                            );
                            break;
                        }
                        let before = self.pos;
                        words.push(self.word());
                        if self.pos == before {
                            break;
                        }
                    }
                }
            }
            items = Some(words);
        }
        self.skip_blanks();
        if self.peek() == Some(b';') {
            self.pos += 1;
        }
        let body = self.do_group(open);
        CommandKind::For { name, name_range, items, body }
    }

    fn case_clause(&mut self) -> CommandKind {
        let open = self.pos;
        self.pos += 4;
        self.skip_blanks();
        let subject = self.word();
        self.skip_linebreaks();
        if self.keyword() == Some("in") {
            self.pos += 2;
        } else {
            let at = self.pos;
            self.issue(1069, at, at, "Expected `in` after the `case` word.");
        }
        let mut arms = Vec::new();
        loop {
            self.skip_linebreaks();
            if self.keyword() == Some("esac") || self.peek().is_none() {
                break;
            }
            if self.peek() == Some(b'(') {
                self.pos += 1;
            }
            let mut patterns = Vec::new();
            loop {
                self.skip_blanks();
                let before = self.pos;
                patterns.push(self.word());
                self.skip_blanks();
                if self.peek() == Some(b'|') {
                    self.pos += 1;
                    continue;
                }
                if self.pos == before && self.peek() != Some(b')') {
                    self.bump();
                }
                break;
            }
            if self.peek() == Some(b')') {
                self.pos += 1;
            } else {
                let at = self.pos;
                self.issue(1085, at, at, "Expected `)` after the case pattern.");
                break;
            }
            let body = self.list();
            arms.push(CaseArm { patterns, body });
            self.skip_linebreaks();
            if self.starts(";;&") {
                self.pos += 3;
            } else if self.starts(";;") || self.starts(";&") {
                self.pos += 2;
            } else {
                break;
            }
        }
        self.expect("esac", open, "case expression", 1072);
        CommandKind::Case { subject, arms }
    }

    fn brace_group(&mut self) -> CommandKind {
        let open = self.pos;
        self.pos += 1;
        let body = self.list();
        self.skip_linebreaks();
        if self.keyword() == Some("}") {
            self.pos += 1;
        } else {
            let at = self.pos.min(self.end);
            self.issue(1056, at, at, "Expected a '}'. If you have one, try a ; or \\n in front of it.");
            self.issue(1073, open, open + 1, "Couldn't parse this brace group. Fix to allow more checks.");
        }
        CommandKind::Brace(body)
    }

    /// `( … )` or `(( … ))`.
    fn paren_command(&mut self) -> CommandKind {
        let open = self.pos;
        if self.depth >= MAX_DEPTH {
            self.pos = self.skip_parens(self.pos + 1);
            return CommandKind::Subshell(List::default());
        }
        if self.starts("((")
            && let Some(end) = self.arith_end(self.pos + 2)
        {
            self.pos = end;
            return CommandKind::Arithmetic(range(open + 2, end - 2));
        }
        self.pos += 1;
        let body = self.list();
        if self.peek() == Some(b')') {
            self.pos += 1;
        } else {
            let at = self.pos.min(self.end);
            self.issue(1072, at, at, "Expected a ')' to close this subshell.");
            self.issue(1009, open, open + 1, "The mentioned syntax error was in this subshell.");
        }
        CommandKind::Subshell(body)
    }

    /// The end (after `))`) of an arithmetic expression whose text starts at `pos`, when its
    /// parentheses close with two adjacent ones; `None` when the `((` opens two subshells.
    fn arith_end(&self, pos: usize) -> Option<usize> {
        let mut depth = 0usize;
        let mut p = pos;
        while let Some(b) = self.at(p) {
            match b {
                b'(' => depth += 1,
                b')' if depth == 0 => return (self.at(p + 1) == Some(b')')).then_some(p + 2),
                b')' => depth -= 1,
                _ => {}
            }
            p += 1;
        }
        None
    }

    /// The position after the `)` that closes a `(` before `pos`, skipping quotes.
    fn skip_parens(&self, mut pos: usize) -> usize {
        let mut depth = 1usize;
        while let Some(b) = self.at(pos) {
            pos += 1;
            match b {
                b'\\' => pos += 1,
                b'\'' => pos = self.s[pos..self.end].find('\'').map_or(self.end, |i| pos + i + 1),
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
        self.end
    }

    fn test_clause(&mut self) -> CommandKind {
        let open = self.pos;
        let mut words = vec![Word {
            range: range(open, open + 2),
            parts: Parts::One(Part {
                range: range(open, open + 2),
                kind: PartKind::Literal(Text::shared(self.shared, open, open + 2)),
            }),
        }];
        self.pos += 2;
        loop {
            self.skip_blanks();
            if self.peek() == Some(b'\n') {
                self.pos += 1;
                continue;
            }
            let Some(b) = self.peek() else { break };
            let op_len = if self.starts("&&") || self.starts("||") {
                2
            } else if matches!(b, b'(' | b')' | b'<' | b'>' | b'!') {
                1
            } else {
                0
            };
            if op_len > 0 {
                let text = Text::shared(self.shared, self.pos, self.pos + op_len);
                let r = range(self.pos, self.pos + op_len);
                words.push(Word { range: r, parts: Parts::One(Part { range: r, kind: PartKind::Literal(text) }) });
                self.pos += op_len;
                continue;
            }
            if matches!(b, b';' | b'&' | b'|') {
                break;
            }
            let before = self.pos;
            let word = self.word();
            let done = word.is_plain("]]");
            words.push(word);
            if done || self.pos == before {
                if self.pos == before {
                    self.bump();
                }
                if done {
                    return CommandKind::Test(words);
                }
            }
        }
        let at = self.pos;
        self.issue(1033, at, at, "Expected `]]` to close this `[[`.");
        self.issue(1009, open, open + 2, "The mentioned syntax error was in this test expression.");
        CommandKind::Test(words)
    }

    fn function_keyword(&mut self) -> CommandKind {
        self.pos += 8;
        self.skip_blanks();
        let start = self.pos;
        while self.peek().is_some_and(|b| !is_break(b)) {
            self.pos += 1;
        }
        let name = self.s[start..self.pos].to_string();
        self.skip_blanks();
        if self.starts("()") {
            self.pos += 2;
        }
        self.function_body(name, range(start, start + (self.pos - start).min(self.s[start..].len())))
    }

    fn function_body(&mut self, name: String, name_range: TextRange) -> CommandKind {
        self.skip_linebreaks();
        let body = self.command();
        CommandKind::Function { name, name_range, body: Box::new(body) }
    }

    fn at_redirect(&self) -> bool {
        let mut p = self.pos;
        while self.at(p).is_some_and(|b| b.is_ascii_digit()) {
            p += 1;
        }
        match self.at(p) {
            Some(b'<' | b'>') => self.at(p + 1) != Some(b'(') || p != self.pos,
            Some(b'&') => p == self.pos && self.at(p + 1) == Some(b'>'),
            _ => false,
        }
    }

    fn redirect(&mut self) -> Redirect {
        let start = self.pos;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
        let rest = &self.s[self.pos..self.end];
        let op = ["&>>", "<<<", "<<-", "&>", "<<", "<&", "<>", ">>", ">&", ">|", "<", ">"]
            .into_iter()
            .find(|op| rest.starts_with(op))
            .unwrap_or(">");
        self.pos += op.len();
        self.skip_blanks();
        let target = if self.peek().is_some_and(|b| !is_break(b)) {
            let word = self.word();
            if matches!(op, "<<" | "<<-") {
                let mut delimiter = String::new();
                for part in &word.parts {
                    match &part.kind {
                        PartKind::Literal(s) | PartKind::SingleQuoted(s) => delimiter.push_str(s),
                        PartKind::Escaped(c) => delimiter.push(*c),
                        PartKind::DoubleQuoted(_) => delimiter
                            .push_str(self.s[part.range.as_usize()].trim_start_matches('"').trim_end_matches('"')),
                        _ => delimiter.push_str(&self.s[part.range.as_usize()]),
                    }
                }
                self.heredocs.push((delimiter, op == "<<-"));
            }
            Some(word)
        } else {
            None
        };
        Redirect { range: range(start, self.pos), op, target }
    }

    fn simple(&mut self) -> Command {
        let start = self.pos;
        let mut simple = Simple::default();
        let mut redirects = Vec::new();
        let mut last_end = start;
        loop {
            self.skip_blanks();
            let Some(b) = self.peek() else { break };
            if matches!(b, b';' | b'&' | b'|' | b'\n' | b')') && !self.at_redirect() {
                break;
            }
            if b == b'#' {
                break;
            }
            if self.at_redirect() {
                redirects.push(self.redirect());
                last_end = self.pos;
                continue;
            }
            if b == b'(' {
                if simple.words.len() == 1 && simple.assignments.is_empty() && {
                    let mut p = self.pos + 1;
                    while matches!(self.at(p), Some(b' ' | b'\t')) {
                        p += 1;
                    }
                    self.at(p) == Some(b')')
                } {
                    // `name() body`: a function definition.
                    let name_word = simple.words.remove(0);
                    let name = name_word.loose(self.s);
                    while self.peek().is_some_and(|b| b != b')') {
                        self.pos += 1;
                    }
                    self.pos += 1;
                    let kind = self.function_body(name, name_word.range);
                    return Command { kind, redirects, range: range(start, self.pos) };
                }
                if simple.words.is_empty() && simple.assignments.is_empty() {
                    break;
                }
                let at = self.pos;
                self.issue(1036, at, at + 1, "'(' is invalid here. Did you forget to escape it?");
                self.issue(1088, at, at + 1, "Parsing stopped here. Invalid use of parentheses?");
                self.pos = self.skip_parens(self.pos + 1);
                last_end = self.pos;
                continue;
            }
            if simple.words.is_empty()
                && let Some(assignment) = self.assignment()
            {
                simple.assignments.push(assignment);
                last_end = self.pos;
                continue;
            }
            let word_start = self.pos;
            if !simple.words.is_empty()
                && let Some(k) = self.keyword()
                && matches!(k, "then" | "do" | "done" | "fi" | "esac" | "elif" | "else")
            {
                self.issue(
                    1010,
                    word_start,
                    word_start + k.len(),
                    format!("Use semicolon or linefeed before '{k}' (or quote to make it literal)."),
                );
            }
            let word = self.word();
            if self.pos == word_start {
                self.bump();
                continue;
            }
            simple.words.push(word);
            last_end = self.pos;
        }
        if simple.words.is_empty() && simple.assignments.is_empty() && redirects.is_empty() {
            let at = self.pos;
            if let Some(b) = self.peek()
                && matches!(b, b'|' | b'&')
                && !self.starts("&&")
                && !self.starts("||")
            {
                self.issue(
                    1133,
                    at,
                    at + 1,
                    "Unexpected start of line. If breaking lines, |/||/&& should be at the end of the previous one.",
                );
            }
        }
        simple.program_at = simple
            .name()
            .and_then(|name| name.bytes().rposition(|b| b == b'/'))
            .map_or(0, |slash| crate::text::to_u32(slash + 1));
        Command { kind: CommandKind::Simple(simple), redirects, range: range(start, last_end) }
    }

    /// `NAME=value`, `NAME+=value` or `NAME=(…)` at the cursor.
    fn assignment(&mut self) -> Option<Assignment> {
        let start = self.pos;
        if !self.peek().is_some_and(is_name_start) {
            return None;
        }
        let mut p = start;
        while self.at(p).is_some_and(is_name_char) {
            p += 1;
        }
        let name = self.s[start..p].to_string();
        // `a[i]=x`
        if self.at(p) == Some(b'[') {
            let close = self.s[p..self.end].find(']').map(|i| p + i + 1)?;
            p = close;
        }
        let append = self.at(p) == Some(b'+');
        if append {
            p += 1;
        }
        if self.at(p) != Some(b'=') {
            return None;
        }
        self.pos = p + 1;
        if self.peek() == Some(b'(') {
            self.pos += 1;
            let mut words = Vec::new();
            loop {
                self.skip_linebreaks();
                match self.peek() {
                    None => break,
                    Some(b')') => {
                        self.pos += 1;
                        break;
                    }
                    _ => {
                        let before = self.pos;
                        words.push(self.word());
                        if self.pos == before {
                            self.bump();
                        }
                    }
                }
            }
            return Some(Assignment { name, range: range(start, self.pos), append, value: AssignValue::Array(words) });
        }
        let value = self.word();
        if value.parts.is_empty() && matches!(self.peek(), Some(b' ' | b'\t')) {
            // `var= value`: an empty assignment in front of a command named `value`.
            let mut p = self.pos;
            while matches!(self.at(p), Some(b' ' | b'\t')) {
                p += 1;
            }
            if self.at(p).is_some_and(|b| !is_break(b) && b != b'#') {
                self.issue(
                    1007,
                    self.pos - 1,
                    self.pos,
                    "Remove space after = if trying to assign a value (for empty string, use var='' ... ).",
                );
            }
        }
        Some(Assignment { name, range: range(start, self.pos), append, value: AssignValue::Scalar(value) })
    }

    /// Reads one word at the cursor.
    // `flush!` ends the literal run for the next one; after the last, nothing reads it.
    #[allow(unused_assignments)]
    fn word(&mut self) -> Word {
        let start = self.pos;
        let base = self.parts.len();
        let mut literal = false;
        let mut literal_start = start;
        macro_rules! flush {
            () => {
                if literal {
                    self.parts.push(Part {
                        range: range(literal_start, self.pos),
                        kind: PartKind::Literal(Text::shared(self.shared, literal_start, self.pos)),
                    });
                    literal = false;
                }
            };
        }
        while let Some(b) = self.peek() {
            if is_break(b) {
                // `<(…)`/`>(…)` inside a word are process substitutions; anything else ends it.
                if matches!(b, b'<' | b'>') && self.at(self.pos + 1) == Some(b'(') && self.depth < MAX_DEPTH {
                    flush!();
                    let open = self.pos;
                    self.pos += 2;
                    self.depth += 1;
                    let body = self.list();
                    self.depth -= 1;
                    if self.peek() == Some(b')') {
                        self.pos += 1;
                    }
                    self.parts.push(Part { range: range(open, self.pos), kind: PartKind::ProcessSub(body) });
                    literal_start = self.pos;
                    continue;
                }
                break;
            }
            match b {
                b'\\' => {
                    flush!();
                    let at = self.pos;
                    match self.at(self.pos + 1) {
                        Some(b'\n') => self.pos += 2,
                        Some(_) => {
                            let c = self.s[self.pos + 1..].chars().next().unwrap_or('\\');
                            self.pos += 1 + c.len_utf8();
                            self.check_escape(at, c);
                            self.parts.push(Part { range: range(at, self.pos), kind: PartKind::Escaped(c) });
                        }
                        None => {
                            self.pos += 1;
                            self.parts.push(Part {
                                range: range(at, self.pos),
                                kind: PartKind::Literal(Text::shared(self.shared, at, self.pos)),
                            });
                        }
                    }
                    literal_start = self.pos;
                }
                b'\'' => {
                    flush!();
                    let open = self.pos;
                    let close = self.s[open + 1..self.end].find('\'').map(|i| open + 1 + i);
                    let (text, next) = match close {
                        Some(c) => (Text::shared(self.shared, open + 1, c), c + 1),
                        None => {
                            self.issue(
                                1072,
                                open,
                                open + 1,
                                "Expected the end of this single-quoted string: the quote is never closed.",
                            );
                            (Text::shared(self.shared, open + 1, self.end), self.end)
                        }
                    };
                    self.pos = next;
                    self.parts.push(Part { range: range(open, next), kind: PartKind::SingleQuoted(text) });
                    literal_start = self.pos;
                }
                b'"' => {
                    flush!();
                    let open = self.pos;
                    self.pos += 1;
                    let inner = self.double_quoted(open);
                    self.parts.push(Part { range: range(open, self.pos), kind: PartKind::DoubleQuoted(inner) });
                    literal_start = self.pos;
                }
                b'$' => {
                    flush!();
                    let part = self.dollar();
                    literal_start = self.pos;
                    match part {
                        Some(part) => self.parts.push(part),
                        None => {
                            literal = true;
                            literal_start = self.pos - 1;
                        }
                    }
                }
                b'`' => {
                    flush!();
                    let part = self.backquote();
                    self.parts.push(part);
                    literal_start = self.pos;
                }
                b'{' | b'}' => {
                    if !literal {
                        literal_start = self.pos;
                    }
                    self.check_brace(b);
                    literal = true;
                    self.pos += 1;
                }
                _ => {
                    if !literal {
                        literal_start = self.pos;
                    }
                    // The run of plain text up to the next byte that means something: pushed
                    // at once, not a character at a time. It stops before an ASCII byte, so
                    // on a character boundary.
                    let run = self.pos
                        + self.b[self.pos..self.end]
                            .iter()
                            .position(|&b| is_break(b) || matches!(b, b'\\' | b'\'' | b'"' | b'$' | b'`' | b'{' | b'}'))
                            .unwrap_or(self.end - self.pos);
                    literal = true;
                    self.pos = run;
                }
            }
        }
        flush!();
        let parts = match self.parts.len() - base {
            1 => self.parts.pop().map_or_else(Parts::default, Parts::One),
            _ => Parts::Many(self.parts.drain(base..).collect()),
        };
        Word { range: range(start, self.pos), parts }
    }

    /// ShellCheck's notes on `\x` outside quotes where the backslash does nothing useful.
    fn check_escape(&mut self, at: usize, c: char) {
        const QUOTABLE: &str = "|&;<>()$`\\\"' \t\n\r?*@!+[]{}.,~#";
        if QUOTABLE.contains(c) || !c.is_ascii() {
            return;
        }
        match c {
            'n' | 't' | 'r' => {
                let name = match c {
                    'n' => "line feed",
                    't' => "tab",
                    _ => "carriage return",
                };
                self.issue(
                    1012,
                    at,
                    at + 2,
                    format!("\\{c} is just literal '{c}' here. For {name}, use \"$(printf '\\{c}')\" instead."),
                );
            }
            _ => self.issue(1001, at, at + 2, format!("This \\{c} will be a regular '{c}' in this context.")),
        }
    }

    /// A `{` or `}` in an unquoted word that is not part of a brace expansion (`{a,b}`,
    /// `{1..3}`) or `{}` is literal, which is rarely what was meant.
    fn check_brace(&mut self, b: u8) {
        let at = self.pos;
        if b == b'{' {
            if self.at(at + 1) == Some(b'}') {
                return;
            }
            if let Some(close) = self.brace_close(at) {
                let inner = &self.s[at + 1..close];
                if inner.contains(',') || inner.contains("..") {
                    return;
                }
            }
        } else {
            if at > 0 && self.b[at - 1] == b'{' {
                return;
            }
            if self.brace_open(at).is_some_and(|open| {
                let inner = &self.s[open + 1..at];
                inner.contains(',') || inner.contains("..")
            }) {
                return;
            }
        }
        let c = char::from(b);
        self.issue(1083, at, at + 1, format!("This {c} is literal. Check expression (missing ;/\\n?) or quote it."));
    }

    /// The `}` closing the `{` at `pos` within the same word.
    fn brace_close(&self, pos: usize) -> Option<usize> {
        let mut depth = 0usize;
        let mut p = pos;
        while let Some(b) = self.at(p) {
            if is_break(b) || matches!(b, b'"' | b'\'' | b'$' | b'`') {
                return None;
            }
            match b {
                b'{' => depth += 1,
                b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        return Some(p);
                    }
                }
                _ => {}
            }
            p += 1;
        }
        None
    }

    /// The `{` opening the `}` at `pos` within the same word.
    fn brace_open(&self, pos: usize) -> Option<usize> {
        let mut depth = 0usize;
        let mut p = pos;
        loop {
            let b = self.b[p];
            if is_break(b) || matches!(b, b'"' | b'\'' | b'`') {
                return None;
            }
            match b {
                b'}' => depth += 1,
                b'{' => {
                    depth -= 1;
                    if depth == 0 {
                        return Some(p);
                    }
                }
                _ => {}
            }
            if p == 0 || pos - p > 256 {
                return None;
            }
            p -= 1;
        }
    }

    /// The parts of a double-quoted string; the cursor is after the opening quote.
    // `flush!` ends the literal run for the next one; after the last, nothing reads it.
    #[allow(unused_assignments)]
    fn double_quoted(&mut self, open: usize) -> Vec<Part> {
        let base = self.parts.len();
        let mut literal = false;
        // A line continuation inside the text: it is not part of the value.
        let mut joined = false;
        let mut literal_start = self.pos;
        macro_rules! flush {
            () => {
                if literal {
                    self.parts.push(Part {
                        range: range(literal_start, self.pos),
                        kind: PartKind::Literal(if joined {
                            Text::from(self.s[literal_start..self.pos].replace("\\\n", ""))
                        } else {
                            Text::shared(self.shared, literal_start, self.pos)
                        }),
                    });
                    literal = false;
                    joined = false;
                }
            };
        }
        loop {
            let Some(b) = self.peek() else {
                flush!();
                self.issue(1009, open, open + 1, "The mentioned syntax error was in this double quoted string.");
                self.issue(
                    1072,
                    open,
                    open + 1,
                    "Expected the end of this double-quoted string: the quote is never closed.",
                );
                return self.parts.drain(base..).collect();
            };
            match b {
                b'"' => {
                    flush!();
                    self.pos += 1;
                    return self.parts.drain(base..).collect();
                }
                b'\\' => match self.at(self.pos + 1) {
                    Some(b'\n') => {
                        joined |= literal;
                        self.pos += 2;
                    }
                    Some(next @ (b'$' | b'`' | b'"' | b'\\')) => {
                        flush!();
                        self.parts.push(Part {
                            range: range(self.pos, self.pos + 2),
                            kind: PartKind::Escaped(char::from(next)),
                        });
                        self.pos += 2;
                        literal_start = self.pos;
                    }
                    _ => {
                        if !literal {
                            literal_start = self.pos;
                        }
                        literal = true;
                        self.pos += 1;
                    }
                },
                // `$'…'` and `$"…"` mean nothing special inside double quotes.
                b'$' if matches!(self.at(self.pos + 1), Some(b'\'' | b'"')) => {
                    if !literal {
                        literal_start = self.pos;
                    }
                    literal = true;
                    self.pos += 1;
                }
                b'$' => {
                    flush!();
                    match self.dollar() {
                        Some(part) => self.parts.push(part),
                        None => {
                            literal = true;
                        }
                    }
                    if !literal {
                        literal_start = self.pos;
                    } else {
                        literal_start = self.pos - 1;
                    }
                }
                b'`' => {
                    flush!();
                    let part = self.backquote();
                    self.parts.push(part);
                    literal_start = self.pos;
                }
                _ => {
                    if !literal {
                        literal_start = self.pos;
                    }
                    // The run of plain text up to the next byte that means something: pushed
                    // at once, not a character at a time. It stops before an ASCII byte, so
                    // on a character boundary.
                    let run = self.pos
                        + self.b[self.pos..self.end]
                            .iter()
                            .position(|&b| matches!(b, b'\\' | b'"' | b'$' | b'`'))
                            .unwrap_or(self.end - self.pos);
                    literal = true;
                    self.pos = run;
                }
            }
        }
    }

    /// A `$` expansion at the cursor; `None` (cursor after the `$`) for a lone `$`.
    fn dollar(&mut self) -> Option<Part> {
        let start = self.pos;
        match self.at(start + 1) {
            Some(b'(') if self.at(start + 2) == Some(b'(') => {
                if let Some(end) = self.arith_end(start + 3) {
                    self.pos = end;
                    return Some(Part { range: range(start, end), kind: PartKind::Arith(range(start + 3, end - 2)) });
                }
                self.command_sub(start)
            }
            Some(b'(') => self.command_sub(start),
            Some(b'{') => Some(self.braced_param(start)),
            Some(b'\'') => {
                let close = self.dollar_single_end(start + 2);
                let text = Text::shared(self.shared, start + 2, close.saturating_sub(1).max(start + 2));
                self.pos = close;
                Some(Part { range: range(start, close), kind: PartKind::DollarSingle(text) })
            }
            Some(b'"') => {
                self.pos = start + 2;
                let inner = self.double_quoted(start + 1);
                Some(Part { range: range(start, self.pos), kind: PartKind::DoubleQuoted(inner) })
            }
            Some(b) if is_name_start(b) => {
                let mut p = start + 1;
                while self.at(p).is_some_and(is_name_char) {
                    p += 1;
                }
                self.pos = p;
                let name = Text::shared(self.shared, start + 1, p);
                Some(Part {
                    range: range(start, p),
                    kind: PartKind::Param(Box::new(Param { name, braced: false, length: false, op: Text::default() })),
                })
            }
            Some(b'0'..=b'9' | b'@' | b'*' | b'#' | b'?' | b'$' | b'!' | b'-') => {
                self.pos = start + 2;
                Some(Part {
                    range: range(start, start + 2),
                    kind: PartKind::Param(Box::new(Param {
                        name: Text::shared(self.shared, start + 1, start + 2),
                        braced: false,
                        length: false,
                        op: Text::default(),
                    })),
                })
            }
            _ => {
                self.pos = start + 1;
                None
            }
        }
    }

    fn dollar_single_end(&self, mut p: usize) -> usize {
        while let Some(b) = self.at(p) {
            match b {
                b'\\' => p += 2,
                b'\'' => return p + 1,
                _ => p += 1,
            }
        }
        self.end
    }

    fn command_sub(&mut self, start: usize) -> Option<Part> {
        if self.depth >= MAX_DEPTH {
            self.pos = self.skip_parens(start + 2);
            return Some(Part {
                range: range(start, self.pos),
                kind: PartKind::CommandSub { backtick: false, body: List::default() },
            });
        }
        self.pos = start + 2;
        let body = self.list();
        if self.peek() == Some(b')') {
            self.pos += 1;
        } else {
            let at = self.pos.min(self.end);
            self.issue(1072, at, at, "Expected a ')' to close this $(..).");
            self.issue(1009, start, start + 2, "The mentioned syntax error was in this $(..).");
        }
        Some(Part { range: range(start, self.pos), kind: PartKind::CommandSub { backtick: false, body } })
    }

    fn braced_param(&mut self, start: usize) -> Part {
        // Find the closing brace, skipping nested expansions and quotes.
        let mut p = start + 2;
        let mut depth = 1usize;
        let close = loop {
            let Some(b) = self.at(p) else { break None };
            match b {
                b'\\' => p += 1,
                b'{' if p > 0 && self.b[p - 1] == b'$' => depth += 1,
                b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        break Some(p);
                    }
                }
                _ => {}
            }
            p += 1;
        };
        let Some(close) = close else {
            self.issue(1009, start, start + 2, "The mentioned syntax error was in this parameter expansion.");
            self.issue(1072, self.end, self.end, "Expected a '}' to close this ${.");
            self.pos = self.end;
            return Part {
                range: range(start, self.end),
                kind: PartKind::Param(Box::new(Param {
                    name: Text::default(),
                    braced: true,
                    length: false,
                    op: Text::shared(self.shared, start + 2, self.end),
                })),
            };
        };
        let inner = &self.s[start + 2..close];
        let (length, rest) = match inner.strip_prefix('#') {
            Some(rest) if !rest.is_empty() && !rest.starts_with(['-', '=', '?', '+', '}']) => (true, rest),
            _ => (false, inner),
        };
        let bytes = rest.as_bytes();
        let name_len = if bytes.first().copied().is_some_and(is_name_start) {
            bytes.iter().take_while(|&&b| is_name_char(b)).count()
        } else if bytes.first().is_some_and(u8::is_ascii_digit) {
            bytes.iter().take_while(|b| b.is_ascii_digit()).count()
        } else if bytes.first().is_some_and(|b| b"@*#?$!-".contains(b)) {
            1
        } else {
            0
        };
        let rest_start = close - rest.len();
        let name = Text::shared(self.shared, rest_start, rest_start + name_len);
        let op = Text::shared(self.shared, rest_start + name_len, close);
        self.pos = close + 1;
        Part {
            range: range(start, self.pos),
            kind: PartKind::Param(Box::new(Param { name, braced: true, length, op })),
        }
    }

    fn backquote(&mut self) -> Part {
        let open = self.pos;
        let mut p = open + 1;
        let close = loop {
            match self.at(p) {
                None => break None,
                Some(b'\\') => p += 2,
                Some(b'`') => break Some(p),
                Some(_) => p += 1,
            }
        };
        let Some(close) = close else {
            self.issue(
                1072,
                open,
                open + 1,
                "Expected the end of this backtick expansion: the backquote is never closed.",
            );
            self.pos = self.end;
            return Part {
                range: range(open, self.end),
                kind: PartKind::CommandSub { backtick: true, body: List::default() },
            };
        };
        let saved_end = self.end;
        let saved_heredocs = std::mem::take(&mut self.heredocs);
        self.end = close;
        self.pos = open + 1;
        let body = if self.depth < MAX_DEPTH {
            self.depth += 1;
            let body = self.list();
            self.depth -= 1;
            body
        } else {
            List::default()
        };
        self.end = saved_end;
        self.heredocs = saved_heredocs;
        self.pos = close + 1;
        Part { range: range(open, self.pos), kind: PartKind::CommandSub { backtick: true, body } }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(text: &str) -> Tree {
        parse(text, vec![(0, 0)], Dialect::Sh)
    }

    fn codes(text: &str) -> Vec<u16> {
        tree(text).issues.iter().map(|i| i.code).collect()
    }

    #[test]
    fn reads_structure() {
        let t = tree("if [ -f x ]; then a && b || c; elif y; then :; else for i in 1 2; do echo $i; done; fi");
        assert_eq!(t.body.items.len(), 1);
        let CommandKind::If { branches, otherwise } = &t.body.items[0].first.commands[0].kind else { panic!() };
        assert_eq!(branches.len(), 2);
        assert!(otherwise.is_some());
        assert!(t.issues.is_empty(), "{:?}", t.issues);
    }

    #[test]
    fn words_keep_their_quoting() {
        let t = tree(r#"echo "a $b" 'c' $(d) `e` \f ${g:-h}"#);
        let CommandKind::Simple(s) = &t.body.items[0].first.commands[0].kind else { panic!() };
        assert_eq!(s.words.len(), 7);
        assert!(matches!(&s.words[1].parts[0].kind, PartKind::DoubleQuoted(inner) if inner.len() == 2));
        assert!(matches!(&s.words[3].parts[0].kind, PartKind::CommandSub { backtick: false, .. }));
        assert!(matches!(&s.words[4].parts[0].kind, PartKind::CommandSub { backtick: true, .. }));
        assert!(matches!(&s.words[6].parts[0].kind, PartKind::Param(p) if p.name == "g" && p.op == ":-h"));
        assert_eq!(codes(r#"echo \f"#), [1001]);
    }

    #[test]
    fn case_functions_and_tests() {
        let t = tree("f() { local x=1; }; case $a in x|y) echo ;; *) ;; esac; [[ $a && b < c ]]");
        assert!(t.issues.is_empty(), "{:?}", t.issues);
        assert_eq!(t.body.items.len(), 3);
    }

    #[test]
    fn syntax_issues() {
        assert_eq!(codes("mix do deps.get"), [1010]);
        assert_eq!(codes("echo {{.a}}"), [1083, 1083, 1083, 1083]);
        assert_eq!(codes("echo {a,b} {1..3} {}"), Vec::<u16>::new());
        assert_eq!(codes("x= ls"), [1007]);
        assert!(codes("if true; then :; else if false; then :; fi; fi").contains(&1075));
        assert!(codes("{ echo").contains(&1056));
        assert!(codes("echo (x)").contains(&1036));
        assert!(codes("echo 'a").contains(&1072));
        assert!(codes("echo \"-R '^(a|b)$'\" (x)").contains(&1036));
        assert!(codes("echo \"-R '^(a|b)$'\"").is_empty());
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let text = "$(".repeat(10_000);
        let t = tree(&text);
        assert!(!t.issues.is_empty());
        let text = "`".repeat(10_001);
        let _ = tree(&text);
        let text = "if ".repeat(10_000);
        let _ = tree(&text);
        let text = "(".repeat(10_000);
        let _ = tree(&text);
        let text = "{ ".repeat(10_000);
        let _ = tree(&text);
    }
}
