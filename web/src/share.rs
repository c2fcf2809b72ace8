//! Share links: the editor's text, compressed (`crate::lz`) and base64url-encoded, in the URL
//! fragment. The fragment never reaches a server, so a link carries a Dockerfile without
//! sending it anywhere.

/// The fragment key of the Dockerfile: `#code=<base64url(lz(text))>`.
pub const CODE_KEY: &str = "code";

pub fn encode(text: &str) -> String {
    base64url(&crate::lz::compress(text.as_bytes()))
}

/// The text a fragment value stands for; `None` when it is not one of ours or is damaged.
pub fn decode(value: &str) -> Option<String> {
    let bytes = unbase64url(value)?;
    // Cap the output: a hostile link must not make the page inflate gigabytes.
    let text = crate::lz::decompress(&bytes, 16 * 1024 * 1024)?;
    String::from_utf8(text).ok()
}

/// The value of `key` in a fragment like `#code=...&tab=fixed`.
pub fn fragment_value<'a>(fragment: &'a str, key: &str) -> Option<&'a str> {
    fragment.trim_start_matches('#').split('&').find_map(|pair| pair.strip_prefix(key)?.strip_prefix('='))
}

/// Whether `key` appears in a `#a=1&flag`-style list, with or without a value.
pub fn has_key(list: &str, key: &str) -> bool {
    list.trim_start_matches(['#', '?']).split('&').any(|pair| pair == key || pair.starts_with(&format!("{key}=")))
}

/// `%XX` escapes decoded, as `decodeURIComponent` does (a `+` stays a `+`); `None` when the
/// escapes are broken or the bytes are not UTF-8.
pub fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// `text` with everything but unreserved characters `%XX`-escaped, as
/// `encodeURIComponent` does.
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn base64url(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |acc, (i, &b)| acc | u32::from(b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
        }
    }
    out
}

fn unbase64url(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut acc = 0u32;
    let mut bits = 0;
    for c in text.bytes() {
        let v = ALPHABET.iter().position(|&a| a == c)? as u32;
        acc = acc << 6 | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits & 0xFF) as u8);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        for text in ["", "F", "FROM python:3.13-slim\nRUN pip install flask\n", "héllo ✓ \u{1F600}"] {
            assert_eq!(decode(&encode(text)).as_deref(), Some(text));
        }
        let long = "RUN apt-get install -y curl\n".repeat(200);
        assert!(encode(&long).len() < long.len() / 10);
    }

    #[test]
    fn rejects_damage() {
        assert_eq!(decode("not*base64"), None);
        assert_eq!(decode("AAAA"), None);
    }

    #[test]
    fn reads_fragments() {
        assert_eq!(fragment_value("#code=abc&tab=fixed", "code"), Some("abc"));
        assert_eq!(fragment_value("#tab=fixed&code=x", "code"), Some("x"));
        assert_eq!(fragment_value("#codex=1", "code"), None);
        assert!(has_key("?embed&theme=dark", "embed"));
        assert!(has_key("#readonly=1", "readonly"));
        assert!(!has_key("#readonlyx", "readonly"));
    }

    #[test]
    fn percent_escapes() {
        assert_eq!(percent_decode("FROM%20alpine%0ARUN%20x+y").as_deref(), Some("FROM alpine\nRUN x+y"));
        assert_eq!(percent_decode("%E2%9C%93").as_deref(), Some("✓"));
        assert_eq!(percent_decode("%2"), None);
        assert_eq!(percent_decode("%FF"), None);
        let text = "FROM python:3.13 # ✓ & done=1\n";
        assert_eq!(percent_decode(&percent_encode(text)).as_deref(), Some(text));
        assert_eq!(percent_encode("a b&c"), "a%20b%26c");
    }

    /// The example host page links the widget with a share link; it must stay readable when
    /// the encoding changes.
    #[test]
    fn the_example_host_page_link_reads() {
        let page = include_str!("../host/embed-example.html");
        let value = page.split("#code=").nth(1).and_then(|rest| rest.split('"').next()).unwrap();
        let text = "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\nCMD python app.py\n";
        assert_eq!(decode(value).as_deref(), Some(text), "the link should be {}", encode(text));
    }
}
