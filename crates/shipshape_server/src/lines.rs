//! Positions as the Language Server Protocol counts them: lines end at `\n`, `\r\n` or a lone
//! `\r`, and columns count UTF-16 code units unless the client negotiated UTF-8 or UTF-32.
//!
//! The core's `LineIndex` knows only `\n` (as Docker does); an editor that shows a lone `\r`
//! as a line break must get the same line numbers back, so the server keeps its own index.

use lsp_types::{Position, PositionEncodingKind, Range};
use shipshape::text::{TextRange, to_u32};

/// How the client counts columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
    Utf32,
}

impl Encoding {
    /// The encoding to use given what the client offers, in its order of preference
    /// (LSP 3.17's `general.positionEncodings`, or clangd's older `offsetEncoding`). UTF-16
    /// when it offers nothing: the protocol's default, which every client supports.
    pub fn negotiate(offered: &[String]) -> Encoding {
        offered.iter().find_map(|name| Encoding::from_name(name)).unwrap_or(Encoding::Utf16)
    }

    fn from_name(name: &str) -> Option<Encoding> {
        match name.to_ascii_lowercase().as_str() {
            "utf-8" => Some(Encoding::Utf8),
            "utf-16" => Some(Encoding::Utf16),
            "utf-32" => Some(Encoding::Utf32),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf16 => "utf-16",
            Encoding::Utf32 => "utf-32",
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        PositionEncodingKind::new(self.name())
    }

    fn width(self, c: char) -> u32 {
        match self {
            Encoding::Utf8 => to_u32(c.len_utf8()),
            Encoding::Utf16 => to_u32(c.len_utf16()),
            Encoding::Utf32 => 1,
        }
    }
}

/// Which way a column that falls inside a character (half of a UTF-16 surrogate pair, a byte
/// inside a UTF-8 sequence) is taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Round {
    /// To the start of the character.
    Down,
    /// To its end, so that a range covers every character it touches.
    Up,
}

/// The start of every line of a text, by the protocol's definition of a line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lines {
    starts: Vec<u32>,
    len: u32,
    /// For every line, true when it is all ASCII, so that a column in any encoding is its byte
    /// offset: counting from the line's start for every diagnostic made a 1 MB line with
    /// thousands of them quadratic.
    ascii: Vec<bool>,
}

impl Lines {
    pub fn new(text: &str) -> Lines {
        let bytes = text.as_bytes();
        let mut starts = Vec::with_capacity(bytes.len() / 32 + 1);
        starts.push(0);
        let mut ascii = Vec::with_capacity(starts.capacity());
        let mut line_is_ascii = true;
        let mut i = 0;
        while i < bytes.len() {
            line_is_ascii &= bytes[i].is_ascii();
            let ends_line = match bytes[i] {
                b'\n' => true,
                b'\r' => bytes.get(i + 1) != Some(&b'\n'),
                _ => false,
            };
            if ends_line {
                starts.push(to_u32(i + 1));
                ascii.push(std::mem::replace(&mut line_is_ascii, true));
            }
            i += 1;
        }
        ascii.push(line_is_ascii);
        Lines { starts, len: to_u32(bytes.len()), ascii }
    }

    #[cfg(test)]
    pub fn count(&self) -> usize {
        self.starts.len()
    }

    /// The bytes of 0-based `line` without its terminator; `None` past the last line.
    fn content(&self, text: &str, line: usize) -> Option<(usize, usize)> {
        let start = *self.starts.get(line)? as usize;
        let mut end = self.starts.get(line + 1).map_or(text.len(), |&s| s as usize);
        let bytes = text.as_bytes();
        if end > start && bytes[end - 1] == b'\n' {
            end -= 1;
        }
        if end > start && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        Some((start, end))
    }

    /// The position of byte `offset` (clamped to the text, and to the end of its line's content
    /// when it points into a line terminator).
    pub fn position(&self, text: &str, offset: u32, encoding: Encoding) -> Position {
        let offset = offset.min(self.len);
        let line = self.starts.partition_point(|&start| start <= offset) - 1;
        let (start, end) = self.content(text, line).unwrap_or((text.len(), text.len()));
        let mut at = (offset as usize).min(end);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let column = match encoding {
            Encoding::Utf8 => to_u32(at - start),
            _ if self.ascii.get(line).copied().unwrap_or(false) => to_u32(at - start),
            Encoding::Utf16 => to_u32(text[start..at].chars().map(char::len_utf16).sum()),
            Encoding::Utf32 => to_u32(text[start..at].chars().count()),
        };
        Position::new(to_u32(line), column)
    }

    /// The byte offset of `position`. A line past the last means the end of the text; a
    /// column past the end of its line means the end of the line (before its terminator), as
    /// the protocol specifies.
    pub fn offset(&self, text: &str, position: Position, encoding: Encoding, round: Round) -> u32 {
        let Some((start, end)) = self.content(text, position.line as usize) else {
            return self.len;
        };
        let mut column = 0;
        for (i, c) in text[start..end].char_indices() {
            if column >= position.character {
                return to_u32(start + i);
            }
            let next = column + encoding.width(c);
            if next > position.character {
                // The column falls inside this character.
                return to_u32(match round {
                    Round::Down => start + i,
                    Round::Up => start + i + c.len_utf8(),
                });
            }
            column = next;
        }
        to_u32(end)
    }

    pub fn range(&self, text: &str, range: TextRange, encoding: Encoding) -> Range {
        Range::new(self.position(text, range.start, encoding), self.position(text, range.end, encoding))
    }

    /// The bytes a protocol range covers: every character it touches, start before end. An
    /// empty range inside a character is an insertion point before it.
    pub fn text_range(&self, text: &str, range: Range, encoding: Encoding) -> TextRange {
        let start = self.offset(text, range.start, encoding, Round::Down);
        if range.start == range.end {
            return TextRange::empty(start);
        }
        let end = self.offset(text, range.end, encoding, Round::Up);
        TextRange::new(start.min(end), start.max(end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(line: u32, character: u32) -> Position {
        Position::new(line, character)
    }

    #[test]
    fn every_line_terminator_counts() {
        let text = "a\nb\r\nc\rd";
        let lines = Lines::new(text);
        assert_eq!(lines.count(), 4);
        assert_eq!(lines.position(text, 7, Encoding::Utf16), pos(3, 0));
        assert_eq!(lines.offset(text, pos(2, 0), Encoding::Utf16, Round::Down), 5);
        // A column past the end of a line stops before its terminator, `\r\n` included.
        assert_eq!(lines.offset(text, pos(1, 9), Encoding::Utf16, Round::Down), 3);
        // An offset inside `\r\n` is the end of the line's content.
        assert_eq!(lines.position(text, 4, Encoding::Utf16), pos(1, 1));
        // A line past the last is the end of the text.
        assert_eq!(lines.offset(text, pos(9, 0), Encoding::Utf16, Round::Down), 8);
    }

    #[test]
    fn columns_in_each_encoding() {
        let text = "RUN echo é😀x\n";
        let lines = Lines::new(text);
        let x = text.find('x').unwrap() as u32;
        assert_eq!(lines.position(text, x, Encoding::Utf8), pos(0, 15));
        assert_eq!(lines.position(text, x, Encoding::Utf16), pos(0, 12));
        assert_eq!(lines.position(text, x, Encoding::Utf32), pos(0, 11));
        for encoding in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            let at = lines.position(text, x, encoding);
            assert_eq!(lines.offset(text, at, encoding, Round::Down), x, "{encoding:?}");
        }
    }

    #[test]
    fn a_column_inside_a_surrogate_pair_rounds() {
        let text = "a😀b";
        let lines = Lines::new(text);
        // UTF-16 column 2 is between the two halves of the emoji.
        assert_eq!(lines.offset(text, pos(0, 2), Encoding::Utf16, Round::Down), 1);
        assert_eq!(lines.offset(text, pos(0, 2), Encoding::Utf16, Round::Up), 5);
        assert_eq!(lines.text_range(text, Range::new(pos(0, 2), pos(0, 3)), Encoding::Utf16), TextRange::new(1, 5));
        assert_eq!(lines.text_range(text, Range::new(pos(0, 2), pos(0, 2)), Encoding::Utf16), TextRange::empty(1));
        // UTF-8 column 3 is inside the emoji's four bytes.
        assert_eq!(lines.offset(text, pos(0, 3), Encoding::Utf8, Round::Down), 1);
    }

    #[test]
    fn negotiation_takes_the_clients_first_known_choice() {
        let offer = |names: &[&str]| Encoding::negotiate(&names.iter().map(|n| n.to_string()).collect::<Vec<_>>());
        assert_eq!(offer(&[]), Encoding::Utf16);
        assert_eq!(offer(&["utf-8", "utf-16"]), Encoding::Utf8);
        assert_eq!(offer(&["ucs-2", "utf-32"]), Encoding::Utf32);
    }
}
