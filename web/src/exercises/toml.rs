//! A reader for the part of TOML that exercise files use: `key = value` with dotted keys,
//! `[table]` headers, one kind of `[[array]]` of tables, strings in all four forms (basic,
//! literal, and their multi-line versions), booleans, integers and arrays, and comments.
//! Anything else is an error with its line, never a panic. (The `toml` crate would cost the
//! page far more than these few hundred lines.)

use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    Str(String),
    Bool(bool),
    Int(i64),
    Array(Vec<Value>),
}

impl Value {
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Str(_) => "a string",
            Value::Bool(_) => "a boolean",
            Value::Int(_) => "an integer",
            Value::Array(_) => "an array",
        }
    }
}

/// A table's entries with their full dotted keys (`goal.fixed`) and the line each is on.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    pub entries: Vec<(String, Value, u32)>,
}

impl Table {
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.entries.iter().find(|(k, _, _)| k == key).map(|(_, v, _)| v)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Document {
    /// The keys outside any `[[array]]` table.
    pub root: Table,
    /// The `[[name]]` tables in order, with their name.
    pub items: Vec<(String, Table)>,
}

/// A syntax error and its 1-based line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    pub line: u32,
    pub message: String,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

pub fn parse(text: &str) -> Result<Document, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = Reader { text, pos: 0, line: 1 };
    let mut document = Document::default();
    // Where keys go: the root or the last `[[item]]`, and the prefix of the last `[table]`.
    let mut in_item = false;
    let mut prefix = String::new();
    loop {
        reader.skip_blank_lines();
        let Some(c) = reader.peek() else { break };
        let line = reader.line;
        if c == '[' {
            let array = reader.rest().starts_with("[[");
            reader.pos += if array { 2 } else { 1 };
            let name = reader.key()?;
            reader.skip_spaces();
            let close = if array { "]]" } else { "]" };
            if !reader.rest().starts_with(close) {
                return Err(reader.error(format!("expected `{close}` after the table name `{name}`")));
            }
            reader.pos += close.len();
            reader.end_of_line()?;
            if array {
                document.items.push((name, Table::default()));
                in_item = true;
                prefix.clear();
            } else {
                let item = document.items.last().map(|(n, _)| n.clone()).filter(|_| in_item);
                match item.as_deref().and_then(|item| name.strip_prefix(item).and_then(|r| r.strip_prefix('.'))) {
                    Some(relative) => prefix = format!("{relative}."),
                    None => {
                        in_item = false;
                        prefix = format!("{name}.");
                    }
                }
            }
            continue;
        }
        let key = format!("{prefix}{}", reader.key()?);
        reader.skip_spaces();
        if reader.peek() != Some('=') {
            return Err(reader.error(format!("expected `=` after `{key}`")));
        }
        reader.pos += 1;
        reader.skip_spaces();
        let value = reader.value()?;
        reader.end_of_line()?;
        let table = match document.items.last_mut() {
            Some((_, table)) if in_item => table,
            _ => &mut document.root,
        };
        if table.get(&key).is_some() {
            return Err(Error { line, message: format!("`{key}` is defined twice") });
        }
        table.entries.push((key, value, line));
    }
    Ok(document)
}

struct Reader<'a> {
    text: &'a str,
    pos: usize,
    line: u32,
}

impl Reader<'_> {
    fn rest(&self) -> &str {
        &self.text[self.pos..]
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        if c == '\n' {
            self.line += 1;
        }
        Some(c)
    }

    fn error(&self, message: impl Into<String>) -> Error {
        Error { line: self.line, message: message.into() }
    }

    fn skip_spaces(&mut self) {
        while matches!(self.peek(), Some(' ' | '\t')) {
            self.bump();
        }
    }

    fn skip_comment(&mut self) {
        if self.peek() == Some('#') {
            while !matches!(self.peek(), None | Some('\n')) {
                self.bump();
            }
        }
    }

    /// Spaces, comments and newlines (between entries, and inside arrays).
    fn skip_blank_lines(&mut self) {
        loop {
            self.skip_spaces();
            self.skip_comment();
            match self.peek() {
                Some('\n') => {
                    self.bump();
                }
                Some('\r') if self.rest().starts_with("\r\n") => {
                    self.bump();
                    self.bump();
                }
                _ => break,
            }
        }
    }

    /// After a value or header: spaces, maybe a comment, then a newline or the end.
    fn end_of_line(&mut self) -> Result<(), Error> {
        self.skip_spaces();
        self.skip_comment();
        match self.peek() {
            None | Some('\n') => Ok(()),
            Some('\r') if self.rest().starts_with("\r\n") => Ok(()),
            Some(c) => Err(self.error(format!("unexpected `{c}` after the value (one entry per line)"))),
        }
    }

    /// A bare or dotted key: `title`, `goal.fixed`, `a-b_c`.
    fn key(&mut self) -> Result<String, Error> {
        let mut parts = Vec::new();
        loop {
            self.skip_spaces();
            let start = self.pos;
            while self.peek().is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
                self.bump();
            }
            if self.pos == start {
                let found = self.peek().map_or("the end".to_string(), |c| format!("`{c}`"));
                return Err(self.error(format!("expected a key (letters, digits, `_`, `-`), found {found}")));
            }
            parts.push(&self.text[start..self.pos]);
            self.skip_spaces();
            if self.peek() == Some('.') {
                self.bump();
            } else {
                break;
            }
        }
        Ok(parts.join("."))
    }

    fn value(&mut self) -> Result<Value, Error> {
        let rest = self.rest();
        if rest.starts_with("\"\"\"") {
            self.pos += 3;
            self.multiline(true).map(Value::Str)
        } else if rest.starts_with("'''") {
            self.pos += 3;
            self.multiline(false).map(Value::Str)
        } else if rest.starts_with('"') {
            self.bump();
            self.basic().map(Value::Str)
        } else if rest.starts_with('\'') {
            self.bump();
            self.literal().map(Value::Str)
        } else if rest.starts_with('[') {
            self.bump();
            self.array()
        } else if rest.starts_with("true") {
            self.pos += 4;
            Ok(Value::Bool(true))
        } else if rest.starts_with("false") {
            self.pos += 5;
            Ok(Value::Bool(false))
        } else if rest.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '+') {
            let start = self.pos;
            self.bump();
            while self.peek().is_some_and(|c| c.is_ascii_digit() || c == '_') {
                self.bump();
            }
            let digits: String = self.text[start..self.pos].chars().filter(|&c| c != '_').collect();
            digits.parse().map(Value::Int).map_err(|_| self.error(format!("`{digits}` is not an integer")))
        } else {
            let found = self.peek().map_or("the end of the file".to_string(), |c| format!("`{c}`"));
            Err(self
                .error(format!("expected a value (a \"string\", true, false, a number or [an array]), found {found}")))
        }
    }

    fn array(&mut self) -> Result<Value, Error> {
        let mut values = Vec::new();
        loop {
            self.skip_blank_lines();
            if self.peek() == Some(']') {
                self.bump();
                return Ok(Value::Array(values));
            }
            if self.peek().is_none() {
                return Err(self.error("unclosed array: expected `]`"));
            }
            values.push(self.value()?);
            self.skip_blank_lines();
            match self.peek() {
                Some(',') => {
                    self.bump();
                }
                Some(']') => {}
                None => return Err(self.error("unclosed array: expected `]`")),
                _ => return Err(self.error("expected `,` or `]` in the array")),
            }
        }
    }

    /// A `"…"` string after its opening quote.
    fn basic(&mut self) -> Result<String, Error> {
        let mut out = String::new();
        loop {
            if matches!(self.peek(), None | Some('\n')) {
                return Err(self.error("unclosed string: expected `\"` on the same line"));
            }
            match self.bump() {
                None => return Err(self.error("unclosed string")),
                Some('"') => return Ok(out),
                Some('\\') => self.escape(&mut out)?,
                Some(c) => out.push(c),
            }
        }
    }

    /// A `'…'` string after its opening quote: no escapes.
    fn literal(&mut self) -> Result<String, Error> {
        let start = self.pos;
        loop {
            if matches!(self.peek(), None | Some('\n')) {
                return Err(self.error("unclosed string: expected `'` on the same line"));
            }
            if self.bump() == Some('\'') {
                return Ok(self.text[start..self.pos - 1].to_string());
            }
        }
    }

    /// A `"""…"""` (escapes) or `'''…'''` (none) string after its opening quotes. A newline
    /// right after the opening quotes is dropped, as TOML says.
    fn multiline(&mut self, escapes: bool) -> Result<String, Error> {
        let quote = if escapes { '"' } else { '\'' };
        let close: &str = if escapes { "\"\"\"" } else { "'''" };
        let opened = self.line;
        if self.rest().starts_with("\r\n") {
            self.pos += 1;
        }
        if self.peek() == Some('\n') {
            self.bump();
        }
        let mut out = String::new();
        loop {
            if self.rest().starts_with(close) {
                // Up to two quotes may stand right before the closing three.
                let run = self.rest().chars().take_while(|&c| c == quote).count().min(5);
                for _ in 0..run - 3 {
                    out.push(quote);
                }
                self.pos += run;
                return Ok(out);
            }
            match self.bump() {
                None => {
                    return Err(Error { line: opened, message: format!("unclosed string: expected `{close}`") });
                }
                Some('\\') if escapes => {
                    // A backslash at the end of a line joins it with the next non-blank text.
                    let after = self.rest();
                    let trimmed = after.trim_start_matches([' ', '\t']);
                    if trimmed.starts_with('\n') || trimmed.starts_with("\r\n") {
                        while self.peek().is_some_and(char::is_whitespace) {
                            self.bump();
                        }
                    } else {
                        self.escape(&mut out)?;
                    }
                }
                Some('\r') if self.peek() == Some('\n') => {}
                Some(c) => out.push(c),
            }
        }
    }

    /// The escape after a backslash.
    fn escape(&mut self, out: &mut String) -> Result<(), Error> {
        let c = self.bump().ok_or_else(|| self.error("unfinished escape at the end of the file"))?;
        match c {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            'e' => out.push('\u{1b}'),
            '"' => out.push('"'),
            '\\' => out.push('\\'),
            'u' | 'U' => {
                let len = if c == 'u' { 4 } else { 8 };
                let hex = self.rest().get(..len).unwrap_or("");
                let code = u32::from_str_radix(hex, 16)
                    .ok()
                    .filter(|_| hex.len() == len)
                    .and_then(char::from_u32)
                    .ok_or_else(|| self.error(format!("`\\{c}{hex}` is not a Unicode character")))?;
                self.pos += len;
                out.push(code);
            }
            other => return Err(self.error(format!("unknown escape `\\{other}` (write `\\\\` for a backslash)"))),
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(doc: &Table, key: &str) -> String {
        match doc.get(key) {
            Some(Value::Str(s)) => s.clone(),
            other => panic!("{key}: {other:?}"),
        }
    }

    #[test]
    fn reads_the_subset() {
        let doc = parse(concat!(
            "# A comment\n",
            "title = \"Run as \\\"nobody\\\" \\u00e9\" # trailing comment\n",
            "id = 'literal \\n stays'\n",
            "count = 1_000\n",
            "done = false\n",
            "hints = [\n  \"one\", # first\n  'two',\n]\n",
            "story = \"\"\"\nLine one\nline \\\n    two\"\"\"\n",
            "[start]\n",
            "dockerfile = '''\nFROM alpine:3.20\nRUN echo \"\\$HOME\"\n'''\n",
            "[goal]\n",
            "fixed = [\"DL3002\"]\n",
            "distroless = true\n",
        ))
        .unwrap();
        let root = &doc.root;
        assert_eq!(text(root, "title"), "Run as \"nobody\" é");
        assert_eq!(text(root, "id"), "literal \\n stays");
        assert_eq!(root.get("count"), Some(&Value::Int(1000)));
        assert_eq!(root.get("done"), Some(&Value::Bool(false)));
        assert_eq!(root.get("hints"), Some(&Value::Array(vec![Value::Str("one".into()), Value::Str("two".into())])));
        assert_eq!(text(root, "story"), "Line one\nline two");
        assert_eq!(text(root, "start.dockerfile"), "FROM alpine:3.20\nRUN echo \"\\$HOME\"\n");
        assert_eq!(root.get("goal.distroless"), Some(&Value::Bool(true)));
        assert!(doc.items.is_empty());
    }

    #[test]
    fn reads_arrays_of_tables() {
        let doc = parse(concat!(
            "title = \"Course\"\n",
            "[[exercise]]\nid = \"a\"\n[exercise.goal]\nfixed = []\n",
            "[[exercise]]\r\nid = \"b\"\r\ngoal.keep = [\"CMD\"]\r\n",
        ))
        .unwrap();
        assert_eq!(text(&doc.root, "title"), "Course");
        assert_eq!(doc.items.len(), 2);
        assert_eq!(text(&doc.items[0].1, "id"), "a");
        assert_eq!(doc.items[0].1.get("goal.fixed"), Some(&Value::Array(vec![])));
        assert_eq!(text(&doc.items[1].1, "id"), "b");
        assert!(doc.items[1].1.get("goal.keep").is_some());
    }

    #[test]
    fn quotes_before_the_closing_delimiter() {
        let doc = parse("a = \"\"\"say \"hi\"\"\"\"\nb = '''it''''\n").unwrap();
        assert_eq!(text(&doc.root, "a"), "say \"hi\"");
        assert_eq!(text(&doc.root, "b"), "it'");
    }

    #[test]
    fn errors_have_lines() {
        let cases = [
            ("a = \"open\n", 1, "unclosed string"),
            ("a = 1\nb = [1, 2\n", 3, "unclosed array"),
            ("a = 1\na = 2\n", 2, "defined twice"),
            ("\n\nkey value\n", 3, "expected `=`"),
            ("a = \"x\" b = 1\n", 1, "one entry per line"),
            ("a = \"\\q\"\n", 1, "unknown escape"),
            ("x = '''\nnever closed\n", 1, "unclosed string"),
            ("[goal\n", 1, "expected `]`"),
            ("a = \n", 1, "expected a value"),
            ("a = \"\\uD800\"\n", 1, "not a Unicode character"),
        ];
        for (input, line, message) in cases {
            let error = parse(input).unwrap_err();
            assert_eq!(error.line, line, "{input:?}: {error}");
            assert!(error.message.contains(message), "{input:?}: {error}");
        }
    }

    #[test]
    fn never_panics() {
        let samples = ["[[", "[", "a.", "a=\"\"\"", "a='", "a=[", "a=-", "a=\"\\u12", "é = 1", "a = 'é", "\u{feff}"];
        for s in samples {
            let _ = parse(s);
        }
        // Every prefix of a real file, cut anywhere (on character boundaries).
        let file = include_str!("../../exercises/01-nonroot.toml");
        for (i, _) in file.char_indices() {
            let _ = parse(&file[..i]);
        }
    }
}
