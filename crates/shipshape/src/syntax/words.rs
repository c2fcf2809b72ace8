//! Word splitting on an instruction's joined (logical) line, the way BuildKit does it.
//!
//! BuildKit splits arguments in several slightly different ways depending on the instruction;
//! each function here names the Go function it mirrors, so a behaviour difference can be
//! traced to its source. All of them return byte ranges into the text they were given.

/// BuildKit's `reWhitespace` / `tokenWhitespace`: `[\t\v\f\r ]+`. Note: not `\n`, and not
/// Unicode spaces.
pub fn is_token_space(b: u8) -> bool {
    matches!(b, b'\t' | 0x0B | 0x0C | b'\r' | b' ')
}

/// `parseStringsWhitespaceDelimited`: split on runs of [`is_token_space`], no quoting. Used by
/// FROM, EXPOSE and the shell form of COPY, ADD and VOLUME.
pub fn split_token_space(text: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut words = Vec::new();
    let mut i = start;
    while i < end {
        while i < end && is_token_space(bytes[i]) {
            i += 1;
        }
        let word_start = i;
        while i < end && !is_token_space(bytes[i]) {
            i += 1;
        }
        if i > word_start {
            words.push((word_start, i));
        }
    }
    words
}

/// `parseWords`: quote-aware splitting on Unicode whitespace, where the escape character
/// protects the next character. Quotes and escapes stay in the word. Used by ARG, ENV and LABEL.
pub fn parse_words(text: &str, start: usize, end: usize, escape: char) -> Vec<(usize, usize)> {
    #[derive(PartialEq)]
    enum Phase {
        Spaces,
        Word,
        Quote(char),
    }
    let mut words = Vec::new();
    let mut phase = Phase::Spaces;
    let mut word_start = start;
    let mut chars = text[start..end].char_indices().map(|(i, c)| (i + start, c)).peekable();
    while let Some((pos, c)) = chars.next() {
        match phase {
            Phase::Spaces => {
                if c.is_whitespace() {
                    continue;
                }
                word_start = pos;
                phase = Phase::Word;
                word_char(&mut phase, &mut chars, c, escape, &mut words, word_start, pos);
            }
            Phase::Word => {
                word_char(&mut phase, &mut chars, c, escape, &mut words, word_start, pos);
            }
            Phase::Quote(quote) => {
                if c == quote {
                    phase = Phase::Word;
                } else if c == escape && quote != '\'' {
                    chars.next();
                }
            }
        }
    }
    if phase != Phase::Spaces {
        // A trailing lone escape character is dropped, as BuildKit does.
        let mut word_end = end;
        if text[word_start..end].ends_with(escape) && !ends_with_escaped_escape(&text[word_start..end], escape) {
            word_end -= escape.len_utf8();
        }
        if word_end > word_start {
            words.push((word_start, word_end));
        }
    }
    return words;

    fn word_char(
        phase: &mut Phase,
        chars: &mut std::iter::Peekable<impl Iterator<Item = (usize, char)>>,
        c: char,
        escape: char,
        words: &mut Vec<(usize, usize)>,
        word_start: usize,
        pos: usize,
    ) {
        if c.is_whitespace() {
            words.push((word_start, pos));
            *phase = Phase::Spaces;
        } else if c == '\'' || c == '"' {
            *phase = Phase::Quote(c);
        } else if c == escape {
            chars.next();
        }
    }
}

fn ends_with_escaped_escape(word: &str, escape: char) -> bool {
    let count = word.chars().rev().take_while(|&c| c == escape).count();
    count % 2 == 0
}

/// Removes quotes and processes escapes the way BuildKit's shell lexer does when it evaluates
/// a word, without expanding variables: `'...'` is literal, inside `"..."` the escape character
/// only escapes `"`, `$` and itself, and outside quotes it escapes any character.
pub fn unquote(raw: &str, escape: char) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                for c in chars.by_ref() {
                    if c == '\'' {
                        break;
                    }
                    out.push(c);
                }
            }
            '"' => {
                while let Some(c) = chars.next() {
                    if c == '"' {
                        break;
                    }
                    if c == escape {
                        match chars.peek() {
                            None => {}
                            Some(&next) if next == '"' || next == '$' || next == escape => {
                                out.push(next);
                                chars.next();
                            }
                            Some(_) => out.push(c),
                        }
                        continue;
                    }
                    out.push(c);
                }
            }
            c if c == escape => {
                if let Some(next) = chars.next() {
                    out.push(next);
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// Quick check used on hot paths: does `raw` need [`unquote`] at all?
pub fn needs_unquote(raw: &str, escape: char) -> bool {
    raw.contains(['\'', '"']) || raw.contains(escape)
}

/// Shell-lexer words (BuildKit `shell.Lex.ProcessWords` with raw quotes and raw escapes):
/// whitespace outside quotes splits, quotes and backslash escapes stay in the word. Used to
/// find heredoc markers on a RUN, COPY or ADD line.
pub fn shell_words(text: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    let mut words = Vec::new();
    let mut word_start: Option<usize> = None;
    let mut chars = text[start..end].char_indices().map(|(i, c)| (i + start, c));
    while let Some((pos, c)) = chars.next() {
        if c.is_whitespace() {
            if let Some(s) = word_start.take() {
                words.push((s, pos));
            }
            continue;
        }
        word_start.get_or_insert(pos);
        match c {
            '\\' => {
                chars.next();
            }
            '\'' => {
                for (_, c) in chars.by_ref() {
                    if c == '\'' {
                        break;
                    }
                }
            }
            '"' => {
                while let Some((_, c)) = chars.next() {
                    match c {
                        '"' => break,
                        '\\' => {
                            chars.next();
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    if let Some(s) = word_start {
        words.push((s, end));
    }
    words
}

/// A heredoc marker, `[n]<<[-]WORD`, as BuildKit's `reHeredoc` matches it on a shell word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeredocMarker {
    pub fd: Option<u32>,
    pub chomp: bool,
    pub name: String,
    pub expand: bool,
}

pub fn heredoc_marker(word: &str) -> Option<HeredocMarker> {
    let digits = word.bytes().take_while(u8::is_ascii_digit).count();
    let rest = word[digits..].strip_prefix("<<")?;
    let (chomp, rest) = match rest.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, rest),
    };
    if rest.is_empty() || rest.contains('<') {
        return None;
    }
    let name = unquote(rest, '\\');
    // BuildKit requires the delimiter to lex as a single word.
    if name.is_empty() || shell_words(rest, 0, rest.len()).len() != 1 {
        return None;
    }
    let fd = if digits > 0 { word[..digits].parse().ok() } else { None };
    Some(HeredocMarker { fd, chomp, expand: !rest.contains(['\'', '"']), name })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slices(text: &str, ranges: &[(usize, usize)]) -> Vec<String> {
        ranges.iter().map(|&(s, e)| text[s..e].to_string()).collect()
    }

    #[test]
    fn parse_words_keeps_quotes() {
        let text = r#"a=1 b="two words" c='x y'  d\ e"#;
        let words = parse_words(text, 0, text.len(), '\\');
        assert_eq!(slices(text, &words), ["a=1", r#"b="two words""#, "c='x y'", r"d\ e"]);
    }

    #[test]
    fn parse_words_drops_trailing_escape() {
        let text = r"a b\";
        assert_eq!(slices(text, &parse_words(text, 0, text.len(), '\\')), ["a", "b"]);
    }

    #[test]
    fn unquoting() {
        assert_eq!(unquote(r#""a b""#, '\\'), "a b");
        assert_eq!(unquote(r#"'$x'"#, '\\'), "$x");
        assert_eq!(unquote(r#""a\"b\n""#, '\\'), "a\"b\\n");
        assert_eq!(unquote(r"a\ b", '\\'), "a b");
        assert_eq!(unquote(r"c:\dir", '`'), r"c:\dir");
        assert_eq!(unquote("a` b", '`'), "a b");
    }

    #[test]
    fn heredoc_markers() {
        let m = heredoc_marker("<<EOF").unwrap();
        assert_eq!((m.name.as_str(), m.chomp, m.expand, m.fd), ("EOF", false, true, None));
        let m = heredoc_marker("3<<-'END'").unwrap();
        assert_eq!((m.name.as_str(), m.chomp, m.expand, m.fd), ("END", true, false, Some(3)));
        assert_eq!(heredoc_marker("<<E\"O\"F").unwrap().name, "EOF");
        assert!(heredoc_marker("cat<<EOF").is_none());
        assert!(heredoc_marker("<<").is_none());
        assert!(heredoc_marker("<<<EOF").is_none());
    }

    #[test]
    fn shell_words_respect_quotes() {
        let text = r#"cat "a <<b" <<EOF 'x y'"#;
        assert_eq!(slices(text, &shell_words(text, 0, text.len())), [r#"cat"#, r#""a <<b""#, "<<EOF", "'x y'"]);
    }
}
