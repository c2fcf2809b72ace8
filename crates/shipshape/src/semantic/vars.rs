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
}
