//! Variable substitution as BuildKit does it in FROM and other instructions:
//! `$NAME`, `${NAME}`, `${NAME:-default}`, `${NAME-default}`, `${NAME:+alt}`, `${NAME+alt}`.

/// Expands variables in `text`. `lookup` returns `Some(value)` for a variable with a known value,
/// `Some("")`-like empty values included, and `None` for an unknown one. The result is `None`
/// when the text depends on a variable whose value is unknown and that has no default.
pub fn expand(text: &str, lookup: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    if !text.contains('$') {
        return Some(text.to_string());
    }
    let mut out = String::with_capacity(text.len());
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'\\' && i + 1 < bytes.len() && bytes[i + 1] == b'$' {
            out.push('$');
            i += 2;
            continue;
        }
        if b != b'$' {
            let c = text[i..].chars().next().unwrap_or('\u{FFFD}');
            out.push(c);
            i += c.len_utf8();
            continue;
        }
        if bytes.get(i + 1) == Some(&b'{') {
            let close = text[i + 2..].find('}')? + i + 2;
            let inner = &text[i + 2..close];
            out.push_str(&braced(inner, lookup)?);
            i = close + 1;
            continue;
        }
        let name_len = text[i + 1..].bytes().take_while(|b| b.is_ascii_alphanumeric() || *b == b'_').count();
        if name_len == 0 {
            out.push('$');
            i += 1;
            continue;
        }
        out.push_str(&lookup(&text[i + 1..i + 1 + name_len])?);
        i += 1 + name_len;
    }
    Some(out)
}

fn braced(inner: &str, lookup: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    let name_len = inner.bytes().take_while(|b| b.is_ascii_alphanumeric() || *b == b'_').count();
    let (name, modifier) = inner.split_at(name_len);
    let value = lookup(name);
    let set_and_non_empty = value.as_deref().is_some_and(|v| !v.is_empty());
    let set = value.is_some();
    let word = |rest: &str| expand(rest, lookup);
    match modifier {
        "" => value,
        m if m.starts_with(":-") => {
            if set_and_non_empty {
                value
            } else {
                word(&m[2..])
            }
        }
        m if m.starts_with('-') => {
            if set {
                value
            } else {
                word(&m[1..])
            }
        }
        m if m.starts_with(":+") => {
            if set_and_non_empty {
                word(&m[2..])
            } else {
                Some(String::new())
            }
        }
        m if m.starts_with('+') => {
            if set {
                word(&m[1..])
            } else {
                Some(String::new())
            }
        }
        // Pattern removal and other forms: keep the value if we know it, as an approximation.
        _ => value,
    }
}

/// One `$NAME` or `${NAME...}` a word refers to, as BuildKit's lexer finds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference {
    pub name: String,
    /// Byte range of the whole expansion (`$NAME`, `${NAME:-x}`) in the scanned text.
    pub range: std::ops::Range<usize>,
    /// The modifier after the name inside braces (`:-`, `-`, `:+`, `+`, `?`, `#`, `%`, `/`),
    /// empty for a plain `$NAME` or `${NAME}`.
    pub modifier: String,
}

/// The variables a Dockerfile word refers to, in order, nested ones (`${A:-$B}`) included.
/// Follows BuildKit's word lexer: the escape character before `$` and single quotes make it
/// literal, double quotes do not. Special parameters (`$1`, `$@`, `$$`) are left out.
pub fn references(text: &str, escape: char) -> Vec<Reference> {
    let mut out = Vec::new();
    scan(text, 0, text.len(), escape, &mut out);
    out
}

fn scan(text: &str, start: usize, end: usize, escape: char, out: &mut Vec<Reference>) {
    let mut i = start;
    let mut in_double = false;
    while i < end {
        let c = text[i..].chars().next().unwrap_or('\u{FFFD}');
        if c == escape {
            i += c.len_utf8();
            if let Some(next) = text[i..end].chars().next() {
                i += next.len_utf8();
            }
            continue;
        }
        match c {
            '\'' if !in_double => match text[i + 1..end].find('\'') {
                Some(close) => i += close + 2,
                None => return,
            },
            '"' => {
                in_double = !in_double;
                i += 1;
            }
            '$' => i = dollar(text, i, end, escape, out),
            _ => i += c.len_utf8(),
        }
    }
}

/// Reads the expansion starting at the `$` at `at`; returns the offset after it.
fn dollar(text: &str, at: usize, end: usize, escape: char, out: &mut Vec<Reference>) -> usize {
    let bytes = text.as_bytes();
    let name_len =
        |from: usize| bytes[from..end].iter().take_while(|b| b.is_ascii_alphanumeric() || **b == b'_').count();
    let Some(&next) = bytes.get(at + 1).filter(|_| at + 1 < end) else {
        return at + 1;
    };
    if matches!(next, b'@' | b'*' | b'#' | b'?' | b'-' | b'$' | b'!') {
        return at + 2;
    }
    if next != b'{' {
        let len = name_len(at + 1);
        if len == 0 || next.is_ascii_digit() {
            return at + 1 + len.max(usize::from(next.is_ascii_digit()));
        }
        out.push(Reference {
            name: text[at + 1..at + 1 + len].to_string(),
            range: at..at + 1 + len,
            modifier: String::new(),
        });
        return at + 1 + len;
    }
    // `${...}`: find the matching brace, skipping nested expansions and escapes.
    let mut depth = 0usize;
    let mut close = None;
    let mut i = at + 1;
    while i < end {
        let c = text[i..].chars().next().unwrap_or('\u{FFFD}');
        if c == escape {
            i += c.len_utf8();
            if let Some(n) = text[i..end].chars().next() {
                i += n.len_utf8();
            }
            continue;
        }
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    close = Some(i);
                    break;
                }
            }
            _ => {}
        }
        i += c.len_utf8();
    }
    let Some(close) = close else {
        return end;
    };
    let inner = at + 2;
    let len = name_len(inner);
    let name = &text[inner..inner + len];
    if len > 0 && !name.as_bytes()[0].is_ascii_digit() {
        let rest = &text[inner + len..close];
        let modifier: String =
            if rest.starts_with(':') { rest.chars().take(2).collect() } else { rest.chars().take(1).collect() };
        out.push(Reference { name: name.to_string(), range: at..close + 1, modifier: modifier.clone() });
        // The word after the modifier may hold expansions of its own.
        let word_start = inner + len + modifier.len();
        if word_start < close {
            scan(text, word_start, close, escape, out);
        }
    }
    close + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lookup(name: &str) -> Option<String> {
        match name {
            "TAG" => Some("3.13".to_string()),
            "EMPTY" => Some(String::new()),
            _ => None,
        }
    }

    #[test]
    fn expands() {
        assert_eq!(expand("python:$TAG", &lookup).as_deref(), Some("python:3.13"));
        assert_eq!(expand("python:${TAG}-slim", &lookup).as_deref(), Some("python:3.13-slim"));
        assert_eq!(expand("x:${NOPE:-1.0}", &lookup).as_deref(), Some("x:1.0"));
        assert_eq!(expand("x:${EMPTY:-1.0}", &lookup).as_deref(), Some("x:1.0"));
        assert_eq!(expand("x:${EMPTY-1.0}", &lookup).as_deref(), Some("x:"));
        assert_eq!(expand("x:${TAG:+yes}", &lookup).as_deref(), Some("x:yes"));
        assert_eq!(expand("x:$NOPE", &lookup), None);
        assert_eq!(expand("x:${NOPE", &lookup), None);
        assert_eq!(expand("plain", &lookup).as_deref(), Some("plain"));
    }

    #[test]
    fn finds_references() {
        let names = |t: &str| references(t, '\\').into_iter().map(|r| (r.name, r.modifier)).collect::<Vec<_>>();
        let n = |v: &[(&str, &str)]| v.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect::<Vec<_>>();
        assert_eq!(names("$A/${B}/x"), n(&[("A", ""), ("B", "")]));
        assert_eq!(names("${A:-$B}"), n(&[("A", ":-"), ("B", "")]));
        assert_eq!(names("'$A' \"$B\" \\$C $$ $1 ${2}"), n(&[("B", "")]));
        assert_eq!(names("${A%%.*}${B:+x}"), n(&[("A", "%"), ("B", ":+")]));
        assert_eq!(names("${A"), n(&[]));
        assert_eq!(names("a$"), n(&[]));
        assert_eq!(names("$$A"), n(&[]));
        let r = &references("x${NAME}y", '\\')[0];
        assert_eq!(r.range, 1..8);
        assert_eq!(references("`$A $B", '`').len(), 1);
    }
}
