//! An open document: its text as the editor has it, kept in step with every edit.

use std::path::PathBuf;

use lsp_types::{TextDocumentContentChangeEvent, Uri};

use crate::lines::{Encoding, Lines};

#[derive(Clone, Debug)]
pub struct Document {
    pub uri: Uri,
    /// The file on disk, for the settings that depend on where it is; `None` for an unsaved
    /// buffer.
    pub path: Option<PathBuf>,
    pub version: i32,
    pub text: String,
    pub lines: Lines,
}

impl Document {
    pub fn new(uri: Uri, version: i32, text: String) -> Document {
        let path = crate::uri::to_path(&uri);
        let lines = Lines::new(&text);
        Document { uri, path, version, text, lines }
    }

    /// Applies a `didChange`'s edits in order: each range refers to the text as the edits
    /// before it left it.
    pub fn apply(&mut self, version: i32, changes: Vec<TextDocumentContentChangeEvent>, encoding: Encoding) {
        for change in changes {
            match change.range {
                None => self.text = change.text,
                Some(range) => {
                    let bytes = self.lines.text_range(&self.text, range, encoding);
                    self.text.replace_range(bytes.as_usize(), &change.text);
                }
            }
            self.lines = Lines::new(&self.text);
        }
        self.version = version;
    }
}

#[cfg(test)]
mod tests {
    use lsp_types::{Position, Range};

    use super::*;

    /// The protocol's model of a document: UTF-16 code units, lines ending at `\n`, `\r\n` or
    /// `\r`. Edits applied to it are what an editor does to its buffer.
    struct Reference {
        units: Vec<u16>,
    }

    impl Reference {
        fn line_starts(&self) -> Vec<usize> {
            let mut starts = vec![0];
            for (i, &u) in self.units.iter().enumerate() {
                let cr = u == u16::from(b'\r');
                if u == u16::from(b'\n') || (cr && self.units.get(i + 1) != Some(&u16::from(b'\n'))) {
                    starts.push(i + 1);
                }
            }
            starts
        }

        fn content_end(&self, starts: &[usize], line: usize) -> usize {
            let mut end = starts.get(line + 1).copied().unwrap_or(self.units.len());
            let start = starts[line];
            if end > start && self.units[end - 1] == u16::from(b'\n') {
                end -= 1;
            }
            if end > start && self.units[end - 1] == u16::from(b'\r') {
                end -= 1;
            }
            end
        }

        fn offset(&self, p: Position) -> usize {
            let starts = self.line_starts();
            let Some(&start) = starts.get(p.line as usize) else { return self.units.len() };
            (start + p.character as usize).min(self.content_end(&starts, p.line as usize))
        }

        fn is_low_surrogate(&self, i: usize) -> bool {
            self.units.get(i).is_some_and(|u| (0xDC00..0xE000).contains(u))
        }

        /// Replaces a range, widened to whole characters as the server does (an edit that
        /// splits a surrogate pair covers the whole pair; an insertion goes before it).
        fn replace(&mut self, range: Range, text: &str) {
            let (mut start, mut end) = (self.offset(range.start), self.offset(range.end));
            if start > end {
                std::mem::swap(&mut start, &mut end);
            }
            if self.is_low_surrogate(start) {
                start -= 1;
            }
            if range.start == range.end {
                end = start;
            } else if self.is_low_surrogate(end) {
                end += 1;
            }
            self.units.splice(start..end, text.encode_utf16());
        }

        fn position(&self, unit: usize) -> Position {
            let starts = self.line_starts();
            let line = starts.partition_point(|&s| s <= unit) - 1;
            Position::new(line as u32, (unit - starts[line]) as u32)
        }

        fn text(&self) -> String {
            String::from_utf16(&self.units).expect("the reference stays valid UTF-16")
        }
    }

    /// xorshift64*: reproducible, no dependency.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n.max(1) as u64) as usize
        }
    }

    fn change(range: Range, text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent { range: Some(range), range_length: None, text: text.to_string() }
    }

    #[test]
    fn edits_that_split_a_crlf_or_join_a_cr_and_lf() {
        let uri: Uri = "file:///w/Dockerfile".parse().unwrap();
        let mut doc = Document::new(uri, 1, "FROM a\r\nRUN b\rUSER c\n".to_string());
        assert_eq!(doc.lines.count(), 4);
        // Delete the `\r` of the lone CR: `RUN bUSER c` joins lines 1 and 2.
        doc.apply(2, vec![change(Range::new(Position::new(1, 5), Position::new(2, 0)), "")], Encoding::Utf16);
        assert_eq!(doc.text, "FROM a\r\nRUN bUSER c\n");
        // Insert `\r` before a `\n`: the two become one CRLF terminator, not two lines.
        doc.apply(3, vec![change(Range::new(Position::new(1, 11), Position::new(1, 11)), "\r")], Encoding::Utf16);
        assert_eq!(doc.text, "FROM a\r\nRUN bUSER c\r\n");
        assert_eq!(doc.lines.count(), 3);
        // Insert between the `\r` and `\n` of a CRLF: the protocol cannot name that point (a
        // column past the line's end is its end), so the text goes before the `\r`.
        doc.apply(4, vec![change(Range::new(Position::new(0, 7), Position::new(0, 7)), "x")], Encoding::Utf16);
        assert_eq!(doc.text, "FROM ax\r\nRUN bUSER c\r\n");
        assert_eq!(doc.version, 4);
    }

    #[test]
    fn edits_that_split_a_surrogate_pair() {
        let uri: Uri = "file:///w/Dockerfile".parse().unwrap();
        let mut doc = Document::new(uri, 1, "LABEL a=😀b\n".to_string());
        // Replacing only the low half of the emoji replaces the whole character.
        doc.apply(2, vec![change(Range::new(Position::new(0, 9), Position::new(0, 10)), "x")], Encoding::Utf16);
        assert_eq!(doc.text, "LABEL a=xb\n");
        let mut doc = Document::new(doc.uri, 1, "LABEL a=😀b\n".to_string());
        // An insertion between the halves goes before the emoji.
        doc.apply(2, vec![change(Range::new(Position::new(0, 9), Position::new(0, 9)), "y")], Encoding::Utf16);
        assert_eq!(doc.text, "LABEL a=y😀b\n");
        // In UTF-8 columns the emoji is four bytes wide.
        doc.apply(3, vec![change(Range::new(Position::new(0, 13), Position::new(0, 14)), "c")], Encoding::Utf8);
        assert_eq!(doc.text, "LABEL a=y😀c\n");
    }

    /// Random edits (inserting and deleting line terminators, emoji and text, at random
    /// positions including inside surrogate pairs and past the ends of lines), several to a
    /// notification, keep the server's text equal to an editor's UTF-16 buffer.
    #[test]
    fn random_incremental_edits_match_a_utf16_buffer() {
        let pieces = ["\r\n", "\n", "\r", "😀", "é", "RUN x", " ", "", "\\\n", "\u{feff}"];
        let seed = std::env::var("SHIPSHAPE_FUZZ_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0x5EED_u64);
        let mut rng = Rng(seed | 1);
        let uri: Uri = "file:///w/Dockerfile".parse().unwrap();
        for round in 0..300 {
            let start = "FROM a\r\nRUN 😀 b\rCMD c\n";
            let mut reference = Reference { units: start.encode_utf16().collect() };
            let mut doc = Document::new(uri.clone(), 0, start.to_string());
            for version in 1..20 {
                let mut changes = Vec::new();
                for _ in 0..1 + rng.below(3) {
                    // Positions anywhere in the buffer, and some past its ends.
                    let a = reference.position(rng.below(reference.units.len() + 1));
                    let b = reference.position(rng.below(reference.units.len() + 1));
                    let (a, b) = if (a.line, a.character) <= (b.line, b.character) { (a, b) } else { (b, a) };
                    let b = if rng.below(8) == 0 { Position::new(b.line, b.character + 3) } else { b };
                    let a = if rng.below(4) == 0 { b } else { a };
                    let text: String = (0..rng.below(3)).map(|_| pieces[rng.below(pieces.len())]).collect();
                    reference.replace(Range::new(a, b), &text);
                    changes.push(change(Range::new(a, b), &text));
                }
                doc.apply(version, changes, Encoding::Utf16);
                assert_eq!(doc.text, reference.text(), "seed {seed}, round {round}, version {version}");
                assert_eq!(doc.lines, Lines::new(&doc.text));
            }
        }
    }
}
