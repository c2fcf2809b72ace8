//! Byte ranges into the source text, and the mapping from byte offsets to lines and columns.
//!
//! Everything in the core speaks byte offsets (`u32`, like rust-analyzer's `TextSize`).
//! Lines and columns exist only at the edges: the CLI prints 1-based character columns,
//! the wasm API asks for UTF-16 columns, so [`LineIndex`] offers both.

use std::fmt;
use std::ops::Range;

/// A half-open byte range `start..end` into the source text.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct TextRange {
    pub start: u32,
    pub end: u32,
}

impl TextRange {
    pub const fn new(start: u32, end: u32) -> TextRange {
        debug_assert!(start <= end);
        TextRange { start, end }
    }

    /// An empty range at `offset`, the shape of an insertion point.
    pub const fn empty(offset: u32) -> TextRange {
        TextRange { start: offset, end: offset }
    }

    pub fn from_usize(range: Range<usize>) -> TextRange {
        TextRange::new(to_u32(range.start), to_u32(range.end))
    }

    pub const fn len(self) -> u32 {
        self.end - self.start
    }

    pub const fn is_empty(self) -> bool {
        self.start == self.end
    }

    pub const fn contains(self, offset: u32) -> bool {
        self.start <= offset && offset < self.end
    }

    pub const fn contains_range(self, other: TextRange) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// The smallest range covering both.
    pub fn cover(self, other: TextRange) -> TextRange {
        TextRange::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// True when the two ranges share at least one byte, or when one is an insertion point
    /// strictly inside the other.
    pub fn overlaps(self, other: TextRange) -> bool {
        if self.is_empty() || other.is_empty() {
            return (self.start > other.start && self.start < other.end)
                || (other.start > self.start && other.start < self.end)
                || (self.is_empty() && other.is_empty() && self.start == other.start);
        }
        self.start < other.end && other.start < self.end
    }

    pub fn as_usize(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    /// The text this range covers. Panics if the range is outside `source`, which would be a
    /// bug in the parser, never a property of the input.
    pub fn slice(self, source: &str) -> &str {
        &source[self.as_usize()]
    }
}

impl fmt::Debug for TextRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

/// Converts a length or offset to `u32`. Inputs are capped well below 4 GiB by the callers
/// (see `MAX_SOURCE_LEN`), so saturating is only a guard.
pub fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The largest input shipshape accepts. Larger inputs are refused by the front ends with a
/// clear message; the core itself stays correct up to `u32::MAX`.
pub const MAX_SOURCE_LEN: usize = 64 * 1024 * 1024;

/// The largest text the page (playground and embed) checks. Above it the page does not check
/// the text at all: checking it, fixing it for the Fixed tab and converting it would hold the
/// page for seconds at every pause in typing (docs/robustness.md). The text stays in the
/// editor, and the notice sends it to the command-line tool. Here rather than in the page so
/// that xtask sizes the page's end-to-end test of the hostile shapes by it.
pub const MAX_PAGE_LEN: usize = 1024 * 1024;

/// A size as the front ends' limits are written: `64.1 MB`, in binary megabytes to one decimal,
/// rounded up, so that a text over a limit never reads as the limit itself.
pub fn megabytes(len: usize) -> String {
    const MIB: usize = 1024 * 1024;
    let tenths = len.saturating_mul(10).div_ceil(MIB);
    format!("{}.{} MB", tenths / 10, tenths % 10)
}

/// A 0-based line and column.
#[derive(Clone, Copy, PartialEq, Eq, Debug, PartialOrd, Ord)]
pub struct LineCol {
    pub line: u32,
    /// The column, counted in the unit the caller asked for.
    pub col: u32,
}

/// How a column is counted.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ColumnUnit {
    Utf8,
    Utf16,
    Char,
}

/// Line starts of a text, for turning byte offsets into lines and columns.
#[derive(Clone, Debug)]
pub struct LineIndex {
    /// Byte offset of the start of every line; always starts with 0.
    pub line_starts: Vec<u32>,
    pub len: u32,
    /// For every line, true when it is all ASCII, so that a column in any unit is its byte
    /// offset: counting characters from the line's start for every finding made a 1 MB line
    /// with thousands of findings quadratic.
    ascii: Vec<bool>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut line_starts = vec![0];
        let mut ascii = Vec::new();
        let mut line_is_ascii = true;
        for (i, b) in text.bytes().enumerate() {
            line_is_ascii &= b.is_ascii();
            if b == b'\n' {
                line_starts.push(to_u32(i + 1));
                ascii.push(std::mem::replace(&mut line_is_ascii, true));
            }
        }
        ascii.push(line_is_ascii);
        LineIndex { line_starts, len: to_u32(text.len()), ascii }
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The 0-based line holding `offset`.
    pub fn line(&self, offset: u32) -> u32 {
        let i = self.line_starts.partition_point(|&start| start <= offset);
        to_u32(i.saturating_sub(1))
    }

    /// Byte offset where 0-based `line` starts (clamped to the end of the text).
    pub fn line_start(&self, line: u32) -> u32 {
        self.line_starts.get(line as usize).copied().unwrap_or(self.len)
    }

    /// The 0-based line and column of `offset`, the column counted in `unit`.
    pub fn line_col(&self, text: &str, offset: u32, unit: ColumnUnit) -> LineCol {
        let offset = offset.min(self.len);
        let line = self.line(offset);
        let start = self.line_start(line);
        let mut end = offset as usize;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let prefix = &text[start as usize..end];
        let ascii = self.ascii.get(line as usize).copied().unwrap_or(false);
        let col = match unit {
            ColumnUnit::Utf8 => to_u32(prefix.len()),
            _ if ascii => to_u32(prefix.len()),
            ColumnUnit::Utf16 => to_u32(prefix.chars().map(char::len_utf16).sum()),
            ColumnUnit::Char => to_u32(prefix.chars().count()),
        };
        LineCol { line, col }
    }

    /// The byte offset of a 0-based line and column (the inverse of [`LineIndex::line_col`]).
    /// Out-of-range positions clamp to the end of the line or text.
    pub fn offset(&self, text: &str, pos: LineCol, unit: ColumnUnit) -> u32 {
        let start = self.line_start(pos.line) as usize;
        let end = self.line_start(pos.line + 1) as usize;
        let line = &text[start..end];
        let mut col = 0;
        for (i, c) in line.char_indices() {
            if col >= pos.col || c == '\n' {
                return to_u32(start + i);
            }
            col += match unit {
                ColumnUnit::Utf8 => to_u32(c.len_utf8()),
                ColumnUnit::Utf16 => to_u32(c.len_utf16()),
                ColumnUnit::Char => 1,
            };
        }
        to_u32(end)
    }
}

/// Where `needle` (ASCII) first occurs in `haystack`, ignoring ASCII case, without the
/// lowercase copy `to_ascii_lowercase().find()` would allocate for every word a rule looks at.
pub fn find_ignore_ascii_case(haystack: &str, needle: &str) -> Option<usize> {
    let (hay, needle) = (haystack.as_bytes(), needle.as_bytes());
    if needle.is_empty() {
        return Some(0);
    }
    hay.windows(needle.len()).position(|window| window.eq_ignore_ascii_case(needle))
}

/// `text` quoted as inline code in a message: a Markdown code span, as CommonMark reads it.
/// Messages mark code with backticks, and the page renders them; a quoted word that holds
/// backticks itself (command substitution, a typo) gets a fence one backtick longer than its
/// longest run, padded with a space where it starts or ends with a backtick (or with a space
/// at both ends, which CommonMark would strip), so the page shows it literally. Text without
/// a backtick is quoted as `` `text` ``, as the messages always wrote it. A message is one
/// line: a line break in the text (a word that spans a line continuation) is shown as `\n` or
/// `\r`.
pub fn code(text: &str) -> Code<'_> {
    Code(text)
}

/// What [`code`] returns: writes the code span without building a string first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Code<'a>(pub &'a str);

impl std::fmt::Display for Code<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = self.0;
        let (mut longest, mut run) = (0, 0);
        for c in text.chars() {
            run = if c == '`' { run + 1 } else { 0 };
            longest = longest.max(run);
        }
        let fence = "`".repeat(longest + 1);
        let spaced = text.starts_with(' ') && text.ends_with(' ') && !text.trim_start_matches(' ').is_empty();
        let pad = if text.starts_with('`') || text.ends_with('`') || spaced { " " } else { "" };
        write!(f, "{fence}{pad}{}{pad}{fence}", OneLine(text))
    }
}

/// Writes text quoted in a message with its line breaks shown as `\n` and `\r`: a message
/// is one line, and a word of a script can span several (an unterminated quote).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OneLine<'a>(pub &'a str);

impl std::fmt::Display for OneLine<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for piece in self.0.split_inclusive(['\n', '\r']) {
            match piece.as_bytes().last() {
                Some(b'\n') => write!(f, "{}\\n", &piece[..piece.len() - 1])?,
                Some(b'\r') => write!(f, "{}\\r", &piece[..piece.len() - 1])?,
                _ => f.write_str(piece)?,
            }
        }
        Ok(())
    }
}

/// The candidate closest to `name` when it is close enough to be a likely typo (one edit for
/// short names, two for longer ones; swapping two letters counts as one edit).
pub fn did_you_mean<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let length = name.chars().count();
    let limit = if length <= 4 { 1 } else { 2 };
    candidates
        .into_iter()
        // The distance is at least the difference in length: most candidates are ruled out
        // without the table (a file of unknown instructions asked it of every keyword).
        .filter(|c| *c != name && c.chars().count().abs_diff(length) <= limit)
        .map(|c| (edit_distance(name, c), c))
        .filter(|(d, _)| *d <= limit)
        // Ties go to the longest shared beginning, then alphabetically: never to the order of
        // the candidates, which is a set's in some callers (`$TARGETAR` is `$TARGETARCH`, not
        // `$TARGETOS`, in the CLI and the server alike).
        .min_by_key(|&(d, c)| (d, std::cmp::Reverse(common_prefix(name, c)), c))
        .map(|(_, c)| c)
}

fn common_prefix(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

/// Optimal string alignment distance: insertions, deletions, substitutions and adjacent
/// transpositions.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn megabytes_round_up_to_a_tenth() {
        assert_eq!(megabytes(0), "0.0 MB");
        assert_eq!(megabytes(1024 * 1024), "1.0 MB");
        assert_eq!(megabytes(1024 * 1024 + 1), "1.1 MB", "over the limit never reads as the limit");
        assert_eq!(megabytes(10_000_000), "9.6 MB");
        assert_eq!(megabytes(MAX_SOURCE_LEN), "64.0 MB");
    }

    #[test]
    fn a_tie_goes_to_the_longest_shared_beginning_whatever_the_order() {
        // Found by the lsp fuzz target: the server and the CLI suggested different names.
        for candidates in [["TARGETOS", "TARGETARCH"], ["TARGETARCH", "TARGETOS"]] {
            assert_eq!(did_you_mean("TARGETAR", candidates), Some("TARGETARCH"));
        }
        for candidates in [["ab", "ac"], ["ac", "ab"]] {
            assert_eq!(did_you_mean("ad", candidates), Some("ab"));
        }
    }

    #[test]
    fn code_spans_fence_any_backticks_in_the_text() {
        assert_eq!(code("pip install").to_string(), "`pip install`");
        assert_eq!(code("a`b").to_string(), "``a`b``");
        assert_eq!(code("a``b`c").to_string(), "```a``b`c```");
        assert_eq!(code("`date`").to_string(), "`` `date` ``");
        assert_eq!(code("x`").to_string(), "`` x` ``");
        // CommonMark strips one space from each end when both have one: keep them.
        assert_eq!(code(" x ").to_string(), "`  x  `");
        assert_eq!(code(" ").to_string(), "` `");
        assert_eq!(code("<a & *b* _c_>").to_string(), "`<a & *b* _c_>`");
        assert_eq!(code("e=\\\nFROM\r\n").to_string(), "`e=\\\\nFROM\\r\\n`", "one line");
    }

    #[test]
    fn messages_quote_user_text_as_code_spans() {
        // The issue's own example: a line of noise whose first word holds a backtick.
        let parse = crate::parse("FROM alpine:3.20\n1fG;>r50-d}zX`O'UX x\n");
        assert_eq!(
            parse.errors[0].message,
            "unknown instruction ``1fG;>r50-d}zX`O'UX``: a line starts with an instruction (FROM, RUN, COPY, …), or with `#` for a comment"
        );
        let found = crate::check("FROM alpine:3.20\nWORKDIR `pwd`/app\n", &crate::Settings::default());
        let messages: Vec<&str> = found.iter().map(|d| d.message.as_str()).collect();
        assert!(messages.iter().any(|m| m.starts_with("``WORKDIR `pwd`/app`` is relative")), "{messages:?}");
        // The converter's refusals quote the command they cannot run without a shell.
        let conversion = crate::distroless::convert(
            "FROM python:3.12-slim\nCOPY app.py .\nCMD python app.py `cat args`\n",
            &crate::distroless::Options::default(),
        );
        let crate::distroless::Conversion::Refused(refusal) = conversion else { panic!("{conversion:?}") };
        assert!(refusal.reason.contains("CMD `` python app.py `cat args` ``"), "{}", refusal.reason);
    }

    #[test]
    fn finds_ignoring_ascii_case() {
        assert_eq!(find_ignore_ascii_case("--setopt=GPGCheck=0", "gpgcheck"), Some(9));
        assert_eq!(find_ignore_ascii_case("sslverify", "SSLVERIFY"), Some(0));
        assert_eq!(find_ignore_ascii_case("ssl", "sslverify"), None);
        assert_eq!(find_ignore_ascii_case("ÉsslVerify", "sslverify"), Some(2));
        assert_eq!(find_ignore_ascii_case("x", ""), Some(0));
    }

    #[test]
    fn line_col_counts_units() {
        let text = "FROM a\nRUN echo \"héllo ✓\" && ls\n";
        let index = LineIndex::new(text);
        let ls = text.find("ls").unwrap();
        let utf8 = index.line_col(text, to_u32(ls), ColumnUnit::Utf8);
        let chars = index.line_col(text, to_u32(ls), ColumnUnit::Char);
        let utf16 = index.line_col(text, to_u32(ls), ColumnUnit::Utf16);
        assert_eq!((utf8.line, utf8.col), (1, 25));
        assert_eq!(chars.col, 22);
        assert_eq!(utf16.col, 22);
        assert_eq!(index.offset(text, chars, ColumnUnit::Char), to_u32(ls));
    }

    #[test]
    fn line_of_offsets() {
        let index = LineIndex::new("a\nb\n");
        assert_eq!(index.line(0), 0);
        assert_eq!(index.line(1), 0);
        assert_eq!(index.line(2), 1);
        assert_eq!(index.line(4), 2);
    }

    #[test]
    fn overlap_rules() {
        let r = |a, b| TextRange::new(a, b);
        assert!(r(0, 5).overlaps(r(4, 6)));
        assert!(!r(0, 5).overlaps(r(5, 6)));
        assert!(r(0, 5).overlaps(r(3, 3)));
        assert!(!r(0, 5).overlaps(r(5, 5)));
        assert!(!r(0, 5).overlaps(r(0, 0)));
        assert!(r(2, 2).overlaps(r(2, 2)));
    }

    #[test]
    fn suggests_close_names() {
        assert_eq!(did_you_mean("PAHT", ["PATH", "HOME"]), Some("PATH"));
        assert_eq!(did_you_mean("DIR_ASSET", ["DIR_ASSETS", "DIR_CONFIG"]), Some("DIR_ASSETS"));
        assert_eq!(did_you_mean("foo", ["bar"]), None);
        assert_eq!(did_you_mean("VERSION", ["VERSION"]), None);
    }
}
