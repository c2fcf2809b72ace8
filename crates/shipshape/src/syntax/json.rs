//! The JSON (exec form) arrays of RUN, CMD, ENTRYPOINT, SHELL, COPY, ADD and VOLUME.
//!
//! BuildKit decodes the arguments with Go's `encoding/json` when they start with `[`. A valid
//! array of strings is exec form; invalid JSON silently falls back to shell form; valid JSON
//! that is not an array of strings is an error. Text after the closing bracket is ignored, as
//! BuildKit v0.12's decoder does. This module reproduces those three outcomes and keeps a
//! span for every element.

/// A string element: its byte range in the input (quotes included) and its decoded value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Element {
    pub start: usize,
    pub end: usize,
    pub value: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Array {
    /// From `[` to just after `]`.
    pub start: usize,
    pub end: usize,
    pub elements: Vec<Element>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsonError {
    /// Does not start with `[` (after whitespace): not JSON at all.
    NotArray,
    /// Starts with `[` but is not valid JSON: BuildKit falls back to shell form.
    Invalid,
    /// Valid JSON, but an element is not a string: a hard error in BuildKit.
    NotStringArray,
}

/// Parses `text[start..]` as a JSON array of strings.
pub fn parse_array(text: &str, start: usize) -> Result<Array, JsonError> {
    let bytes = text.as_bytes();
    let mut p = Cursor { bytes, pos: start };
    p.skip_ws();
    if p.peek() != Some(b'[') {
        return Err(JsonError::NotArray);
    }
    let array_start = p.pos;
    p.pos += 1;
    let mut elements = Vec::new();
    let mut all_strings = true;
    p.skip_ws();
    if p.peek() == Some(b']') {
        p.pos += 1;
        return Ok(Array { start: array_start, end: p.pos, elements });
    }
    loop {
        p.skip_ws();
        if p.peek() == Some(b'"') {
            let element_start = p.pos;
            let value = p.string(text).ok_or(JsonError::Invalid)?;
            elements.push(Element { start: element_start, end: p.pos, value });
        } else {
            p.value(text, 0).ok_or(JsonError::Invalid)?;
            all_strings = false;
        }
        p.skip_ws();
        match p.peek() {
            Some(b',') => p.pos += 1,
            Some(b']') => {
                p.pos += 1;
                break;
            }
            _ => return Err(JsonError::Invalid),
        }
    }
    if !all_strings {
        return Err(JsonError::NotStringArray);
    }
    Ok(Array { start: array_start, end: p.pos, elements })
}

/// Encodes `value` as a JSON string literal, for fixes that write exec form.
pub fn quote(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

/// Nesting deeper than this is treated as invalid JSON rather than risking the stack.
const MAX_DEPTH: usize = 128;

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    /// Any JSON value; returns `None` when invalid.
    fn value(&mut self, text: &str, depth: usize) -> Option<()> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.skip_ws();
        match self.peek()? {
            b'"' => self.string(text).map(drop),
            b'[' => {
                self.pos += 1;
                self.skip_ws();
                if self.peek() == Some(b']') {
                    self.pos += 1;
                    return Some(());
                }
                loop {
                    self.value(text, depth + 1)?;
                    self.skip_ws();
                    match self.peek()? {
                        b',' => self.pos += 1,
                        b']' => {
                            self.pos += 1;
                            return Some(());
                        }
                        _ => return None,
                    }
                }
            }
            b'{' => {
                self.pos += 1;
                self.skip_ws();
                if self.peek() == Some(b'}') {
                    self.pos += 1;
                    return Some(());
                }
                loop {
                    self.skip_ws();
                    if self.peek()? != b'"' {
                        return None;
                    }
                    self.string(text)?;
                    self.skip_ws();
                    if self.peek()? != b':' {
                        return None;
                    }
                    self.pos += 1;
                    self.value(text, depth + 1)?;
                    self.skip_ws();
                    match self.peek()? {
                        b',' => self.pos += 1,
                        b'}' => {
                            self.pos += 1;
                            return Some(());
                        }
                        _ => return None,
                    }
                }
            }
            b't' => self.literal(b"true"),
            b'f' => self.literal(b"false"),
            b'n' => self.literal(b"null"),
            b'-' | b'0'..=b'9' => self.number(),
            _ => None,
        }
    }

    fn literal(&mut self, word: &[u8]) -> Option<()> {
        if self.bytes[self.pos..].starts_with(word) {
            self.pos += word.len();
            Some(())
        } else {
            None
        }
    }

    fn number(&mut self) -> Option<()> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek()? {
            b'0' => self.pos += 1,
            b'1'..=b'9' => {
                while matches!(self.peek(), Some(b'0'..=b'9')) {
                    self.pos += 1;
                }
            }
            _ => return None,
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            let digits = self.pos;
            while matches!(self.peek(), Some(b'0'..=b'9')) {
                self.pos += 1;
            }
            if self.pos == digits {
                return None;
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            let digits = self.pos;
            while matches!(self.peek(), Some(b'0'..=b'9')) {
                self.pos += 1;
            }
            if self.pos == digits {
                return None;
            }
        }
        (self.pos > start).then_some(())
    }

    /// A string literal starting at the current `"`; returns its decoded value.
    fn string(&mut self, text: &str) -> Option<String> {
        debug_assert_eq!(self.peek(), Some(b'"'));
        self.pos += 1;
        let mut out = String::new();
        let mut run_start = self.pos;
        loop {
            let b = self.peek()?;
            match b {
                b'"' => {
                    out.push_str(&text[run_start..self.pos]);
                    self.pos += 1;
                    return Some(out);
                }
                b'\\' => {
                    out.push_str(&text[run_start..self.pos]);
                    self.pos += 1;
                    let escaped = self.peek()?;
                    self.pos += 1;
                    match escaped {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let high = self.hex4()?;
                            let c = if (0xD800..0xDC00).contains(&high) {
                                // A surrogate pair; a lone half decodes to U+FFFD as in Go.
                                if self.bytes[self.pos..].starts_with(b"\\u") {
                                    let save = self.pos;
                                    self.pos += 2;
                                    let low = self.hex4()?;
                                    if (0xDC00..0xE000).contains(&low) {
                                        char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
                                    } else {
                                        self.pos = save;
                                        None
                                    }
                                } else {
                                    None
                                }
                            } else {
                                char::from_u32(high)
                            };
                            out.push(c.unwrap_or('\u{FFFD}'));
                        }
                        _ => return None,
                    }
                    run_start = self.pos;
                }
                0..=0x1f => return None,
                _ => self.pos += 1,
            }
        }
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.bytes.get(self.pos..self.pos + 4)?;
        let mut value = 0;
        for &d in digits {
            value = value * 16 + char::from(d).to_digit(16)?;
        }
        self.pos += 4;
        Some(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Result<Vec<String>, JsonError> {
        parse_array(text, 0).map(|a| a.elements.into_iter().map(|e| e.value).collect())
    }

    #[test]
    fn arrays_of_strings() {
        assert_eq!(values(r#"["a", "b c"]"#).unwrap(), ["a", "b c"]);
        assert_eq!(values(r#"[ "a" , "b" ]"#).unwrap(), ["a", "b"]);
        assert_eq!(values(r#"[]"#).unwrap(), Vec::<String>::new());
        assert_eq!(values(r#"["\"q\"", "\u00e9\ud83d\ude00"]"#).unwrap(), ["\"q\"", "é😀"]);
        assert_eq!(values(r#"["echo","a"] foo"#).unwrap(), ["echo", "a"]);
    }

    #[test]
    fn fallbacks_and_errors() {
        assert_eq!(values("echo a"), Err(JsonError::NotArray));
        assert_eq!(values("['a']"), Err(JsonError::Invalid));
        assert_eq!(values(r#"["a",]"#), Err(JsonError::Invalid));
        assert_eq!(values(r#"["a""#), Err(JsonError::Invalid));
        assert_eq!(values(r#"["a", 1]"#), Err(JsonError::NotStringArray));
        assert_eq!(values(r#"[["a"]]"#), Err(JsonError::NotStringArray));
        assert_eq!(values(&"[".repeat(10_000)), Err(JsonError::Invalid));
    }

    #[test]
    fn element_spans() {
        let text = r#"CMD ["a", "b"]"#;
        let array = parse_array(text, 4).unwrap();
        assert_eq!(&text[array.start..array.end], r#"["a", "b"]"#);
        assert_eq!(&text[array.elements[1].start..array.elements[1].end], r#""b""#);
    }

    #[test]
    fn quote_round_trips() {
        let tricky = "a \"b\" \\ \n\t\u{1}";
        let quoted = format!("[{}]", quote(tricky));
        assert_eq!(values(&quoted).unwrap(), [tricky]);
    }
}
