//! Where whitespace may change: the atoms of an argument text, separated by runs of spaces and
//! tabs that BuildKit or the shell reads only as separators.
//!
//! Each scanner is conservative: when it cannot tell (an unterminated quote, a `${…}`, a
//! backquote), the text stays inside one atom and is printed as written.

/// Atoms of a POSIX shell text (`text[start..end]`): whitespace separates them only outside
/// quotes, `${…}`, backquotes and comments, and where it is not escaped. Inside `$(…)` and
/// `(…)` whitespace still separates, as it does for the shell.
pub fn shell_atoms(text: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    shell_atoms_marked(text, start, end).into_iter().map(|(s, e, _)| (s, e)).collect()
}

/// [`shell_atoms`], each marked *simple* when it holds no whitespace and leaves nothing open
/// (a quote, `${`, a backquote, a comment): the shell reader's view of a simple atom can be
/// trusted to split it at an operator.
pub fn shell_atoms_marked(text: &str, start: usize, end: usize) -> Vec<(usize, usize, bool)> {
    let bytes = text.as_bytes();
    let mut atoms = Vec::new();
    let mut atom_start: Option<usize> = None;
    let mut spaced = false;
    let mut stack = Enclosing::default();
    let mut i = start;
    while i < end {
        let b = bytes[i];
        let free = stack.is_free();
        if b == b' ' || b == b'\t' {
            if free {
                if let Some(s) = atom_start.take() {
                    atoms.push((s, i, !std::mem::take(&mut spaced)));
                }
                i += 1;
                continue;
            }
            spaced = true;
        }
        let at_word_start = atom_start.is_none();
        atom_start.get_or_insert(i);
        let next = bytes.get(i + 1).copied().filter(|_| i + 1 < end);
        match stack.last() {
            Some(b'#') => {}
            Some(b'\'') => {
                if b == b'\'' {
                    stack.pop();
                }
            }
            Some(b'"') => match b {
                b'\\' => i += 1,
                b'"' => {
                    stack.pop();
                }
                b'$' if next == Some(b'(') => {
                    stack.push(b'(');
                    i += 1;
                }
                b'$' if next == Some(b'{') => {
                    stack.push(b'{');
                    i += 1;
                }
                b'`' => stack.push(b'`'),
                _ => {}
            },
            Some(b'`') => match b {
                b'\\' => i += 1,
                b'`' => {
                    stack.pop();
                }
                b'\'' | b'"' => stack.push(b),
                _ => {}
            },
            Some(b'{') => match b {
                b'\\' => i += 1,
                b'}' => {
                    stack.pop();
                }
                b'\'' | b'"' | b'`' => stack.push(b),
                b'$' if next == Some(b'(') || next == Some(b'{') => {
                    stack.push(next.unwrap_or(b'('));
                    i += 1;
                }
                _ => {}
            },
            _ => match b {
                b'\\' => i += 1,
                b'\'' | b'"' | b'`' => stack.push(b),
                b'$' if next == Some(b'(') || next == Some(b'{') => {
                    stack.push(next.unwrap_or(b'('));
                    i += 1;
                }
                b'(' => stack.push(b'('),
                b')' if stack.last() == Some(b'(') => {
                    stack.pop();
                }
                // A comment starts a token: at a word's start, or right after an operator
                // (`&&# note` is `&&` and a comment, as the shell reads it).
                b'#' if at_word_start
                    || (i > start && matches!(bytes[i - 1], b'&' | b'|' | b';' | b'<' | b'>' | b'(' | b')')) =>
                {
                    stack.push(b'#');
                }
                _ => {}
            },
        }
        i += 1;
    }
    if let Some(s) = atom_start {
        atoms.push((s, end.max(s), !spaced && stack.is_free()));
    }
    atoms
}

/// What encloses a byte of a shell text: `(` for `$(`/`(`, `{` for `${`, a quote, a backquote,
/// or `#` for a comment, which runs to the end. Whitespace separates atoms only when every
/// enclosing construct is a parenthesis; counting the others keeps that question constant-time
/// in deep nesting (asking the whole stack at every byte made 10,000 nested `(` quadratic).
#[derive(Default)]
struct Enclosing {
    stack: Vec<u8>,
    not_parentheses: usize,
}

impl Enclosing {
    fn push(&mut self, c: u8) {
        self.not_parentheses += usize::from(c != b'(');
        self.stack.push(c);
    }

    fn pop(&mut self) {
        if let Some(c) = self.stack.pop() {
            self.not_parentheses -= usize::from(c != b'(');
        }
    }

    fn last(&self) -> Option<u8> {
        self.stack.last().copied()
    }

    fn is_free(&self) -> bool {
        self.not_parentheses == 0
    }
}

/// Atoms of a Dockerfile word list (ENV, LABEL, ARG, FROM, EXPOSE, and COPY, ADD and VOLUME
/// in shell form): whitespace separates them where it is outside quotes and not escaped.
///
/// BuildKit escapes with the file's escape character only, but a `# escape=`` file's values
/// can still meet a backslash later (in the shell, in the program), so a blank separates atoms
/// only where both readings agree: with the escape alone and with a backslash as well. A
/// quote one reading opens and the other escapes (`\"` with the backtick) keeps what follows
/// whole, so the formatter never re-indents a line break that lies inside a quoted value.
pub fn word_atoms(text: &str, start: usize, end: usize, escape: char) -> Vec<(usize, usize)> {
    let exact = blanks(text, start, end, |b| char::from(b) == escape);
    let both = blanks(text, start, end, |b| b == b'\\' || char::from(b) == escape);
    let mut atoms = Vec::new();
    let mut atom_start: Option<usize> = None;
    for i in start..end {
        if exact[i - start] && both[i - start] {
            if let Some(s) = atom_start.take() {
                atoms.push((s, i));
            }
        } else {
            atom_start.get_or_insert(i);
        }
    }
    if let Some(s) = atom_start {
        atoms.push((s, end.max(s)));
    }
    atoms
}

/// For each byte of `text[start..end]`, whether it is a blank that separates words: a space or
/// tab outside quotes and not escaped, with `is_escape` telling which bytes escape.
fn blanks(text: &str, start: usize, end: usize, is_escape: impl Fn(u8) -> bool) -> Vec<bool> {
    let bytes = text.as_bytes();
    let mut blank = vec![false; end.saturating_sub(start)];
    let mut quote: Option<u8> = None;
    let mut i = start;
    while i < end {
        let b = bytes[i];
        match quote {
            None if b == b' ' || b == b'\t' => blank[i - start] = true,
            None if is_escape(b) => i += 1,
            None if b == b'\'' || b == b'"' => quote = Some(b),
            None => {}
            Some(b'\'') if b == b'\'' => quote = None,
            Some(b'\'') => {}
            Some(_) if is_escape(b) => i += 1,
            Some(_) if b == b'"' => quote = None,
            Some(_) => {}
        }
        i += 1;
    }
    blank
}

/// The tokens of a JSON array that spans exactly `text[start..end]`: `[`, each string, the
/// commas and `]`. `None` when the text is not exactly one array of strings (BuildKit ignores
/// what follows the `]`; the formatter keeps such text as written).
pub fn json_atoms(text: &str, start: usize, end: usize) -> Option<Vec<(usize, usize)>> {
    let array = crate::syntax::json::parse_array(text, start).ok()?;
    if array.start != start || array.end != end {
        return None;
    }
    let mut atoms = vec![(array.start, array.start + 1)];
    let mut previous_end = None;
    for element in &array.elements {
        if let Some(after) = previous_end {
            let comma = after + text[after..element.start].find(',')?;
            atoms.push((comma, comma + 1));
        }
        atoms.push((element.start, element.end));
        previous_end = Some(element.end);
    }
    atoms.push((array.end - 1, array.end));
    Some(atoms)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slices(text: &str, atoms: &[(usize, usize)]) -> Vec<String> {
        atoms.iter().map(|&(s, e)| text[s..e].to_string()).collect()
    }

    #[test]
    fn shell_whitespace_inside_quotes_and_expansions_is_kept() {
        let text = r#"echo  "a  b" 'c  d' e\ f ${X:-g h} `i  j` $(k  l) # m  n"#;
        assert_eq!(
            slices(text, &shell_atoms(text, 0, text.len())),
            ["echo", r#""a  b""#, "'c  d'", r"e\ f", "${X:-g h}", "`i  j`", "$(k", "l)", "# m  n"]
        );
        let text = r#"x="$(a "b  c")"  y"#;
        assert_eq!(slices(text, &shell_atoms(text, 0, text.len())), [r#"x="$(a "b  c")""#, "y"]);
        let text = "echo a#b  c";
        assert_eq!(slices(text, &shell_atoms(text, 0, text.len())), ["echo", "a#b", "c"]);
    }

    #[test]
    fn an_unterminated_quote_keeps_the_rest_whole() {
        let text = "echo 'a  b";
        assert_eq!(slices(text, &shell_atoms(text, 0, text.len())), ["echo", "'a  b"]);
    }

    #[test]
    fn words_respect_quotes_and_both_escapes() {
        let text = r#"A="x  y" B=c\ d  C='e  f' D=g` h"#;
        assert_eq!(
            slices(text, &word_atoms(text, 0, text.len(), '`')),
            [r#"A="x  y""#, r"B=c\ d", "C='e  f'", "D=g` h"]
        );
        // With the backtick, BuildKit opens a quote at `\"` and the blank after it is inside;
        // with a backslash, the quote after `c` runs to the end: neither blank separates both.
        let text = r#"A=\" B=c" D"#;
        assert_eq!(slices(text, &word_atoms(text, 0, text.len(), '`')), [text]);
        assert_eq!(slices(text, &word_atoms(text, 0, text.len(), '\\')), [r#"A=\""#, r#"B=c" D"#]);
    }

    #[test]
    fn json_tokens() {
        let text = r#"[ "a" ,"b\"," ]"#;
        assert_eq!(slices(text, &json_atoms(text, 0, text.len()).unwrap()), ["[", r#""a""#, ",", r#""b\",""#, "]"]);
        assert_eq!(slices("[]", &json_atoms("[]", 0, 2).unwrap()), ["[", "]"]);
        assert!(json_atoms(r#"["a"] x"#, 0, 7).is_none());
    }
}
