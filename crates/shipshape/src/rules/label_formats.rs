//! Validators for the value types of a label schema: URL (RFC 3986), time (RFC 3339), SPDX
//! license expression, git commit hash, semantic version (SemVer 2.0.0) and email address
//! (RFC 5322). Each returns `Err(reason)`, where the reason completes the sentence "`value` …"
//! and tells the reader what to change.

#[cfg(feature = "label-schema")]
use super::spdx_ids::{EXCEPTIONS, LICENSES};
use crate::text::code;

// Without the `label-schema` feature (the playground and the JS API, which take no label
// schema) `labels::check_typed` never calls a validator, and there is no SPDX list to look in.
#[cfg(not(feature = "label-schema"))]
const LICENSES: &[&str] = &[];
#[cfg(not(feature = "label-schema"))]
const EXCEPTIONS: &[&str] = &[];

/// An absolute URI as RFC 3986 defines it: a scheme, `:`, and characters that are allowed in a
/// URI (others percent-encoded). Web URLs also need `//` and a host.
pub fn url(value: &str) -> Result<(), String> {
    let Some((scheme, rest)) = value.split_once(':') else {
        return Err("has no scheme: write a full URL such as `https://example.com/project`".into());
    };
    let scheme_ok = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !scheme_ok {
        return Err("has no valid scheme: write a full URL such as `https://example.com/project`".into());
    }
    if rest.is_empty() {
        return Err("has nothing after the scheme".into());
    }
    if let Some(bad) = rest.chars().find(|&c| !is_uri_char(c)) {
        let what = if bad.is_whitespace() { "a space".to_string() } else { code(&bad.to_string()).to_string() };
        return Err(format!("contains {what}, which a URL must percent-encode"));
    }
    let bytes = rest.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'%'
            && !(bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
        {
            return Err("has a `%` that is not followed by two hexadecimal digits".into());
        }
    }
    let web = ["http", "https", "ftp", "ftps", "ws", "wss"].iter().any(|s| s.eq_ignore_ascii_case(scheme));
    if web {
        let host = rest.strip_prefix("//").map(|r| r.split(['/', '?', '#']).next().unwrap_or(""));
        let host = host.map(|h| h.rsplit('@').next().unwrap_or(h));
        if host.is_none_or(|h| h.is_empty() || h.starts_with(':')) {
            return Err(format!(
                "has no host: a {} URL looks like {}",
                code(scheme),
                code(&format!("{scheme}://example.com/path"))
            ));
        }
    }
    Ok(())
}

fn is_uri_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(
            c,
            '-' | '.'
                | '_'
                | '~'
                | ':'
                | '/'
                | '?'
                | '#'
                | '['
                | ']'
                | '@'
                | '!'
                | '$'
                | '&'
                | '\''
                | '('
                | ')'
                | '*'
                | '+'
                | ','
                | ';'
                | '='
                | '%'
        )
}

/// An RFC 3339 date-time: `2024-05-01T12:30:00Z`, `2024-05-01T12:30:00.5+02:00`.
pub fn rfc3339(value: &str) -> Result<(), String> {
    const SHAPE: &str = "does not have its shape, `2024-05-01T12:30:00Z`: a date, `T`, a time with seconds, and `Z` or an offset such as `+02:00`";
    let b = value.as_bytes();
    let digits = |from: usize, len: usize| -> Option<u32> {
        let part = b.get(from..from + len)?;
        part.iter().all(u8::is_ascii_digit).then(|| part.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
    };
    let date_only = b.len() == 10;
    let (Some(year), Some(month), Some(day)) = (digits(0, 4), digits(5, 2), digits(8, 2)) else {
        return Err(SHAPE.into());
    };
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return Err(SHAPE.into());
    }
    if date_only {
        return Err(format!("is a date without a time and time zone: write {}", code(&format!("{value}T00:00:00Z"))));
    }
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return Err(format!("is not a real date: {year:04}-{month:02} has no day {day}"));
    }
    if !matches!(b.get(10), Some(b'T' | b't' | b' ')) || b.get(13) != Some(&b':') || b.get(16) != Some(&b':') {
        return Err(SHAPE.into());
    }
    let (Some(hour), Some(minute), Some(second)) = (digits(11, 2), digits(14, 2), digits(17, 2)) else {
        return Err(SHAPE.into());
    };
    if hour > 23 || minute > 59 || second > 60 {
        return Err(format!("has an impossible time of day {hour:02}:{minute:02}:{second:02}"));
    }
    let mut i = 19;
    if b.get(i) == Some(&b'.') {
        let fraction = b[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
        if fraction == 0 {
            return Err(SHAPE.into());
        }
        i += 1 + fraction;
    }
    match b.get(i) {
        Some(b'Z' | b'z') if b.len() == i + 1 => Ok(()),
        Some(b'+' | b'-') if b.len() == i + 6 && b[i + 3] == b':' => match (digits(i + 1, 2), digits(i + 4, 2)) {
            (Some(h), Some(m)) if h <= 23 && m <= 59 => Ok(()),
            _ => Err(SHAPE.into()),
        },
        None => Err("has no time zone: add `Z` for UTC or an offset such as `+02:00`".into()),
        _ => Err(SHAPE.into()),
    }
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// An SPDX license expression: license identifiers from the SPDX License List (optionally
/// with `+`), `LicenseRef-…`, combined with `AND`, `OR`, `WITH <exception>` and parentheses.
pub fn spdx(value: &str) -> Result<(), String> {
    let tokens = tokens_of(value);
    if tokens.is_empty() {
        return Err("is empty".into());
    }
    let mut parser = SpdxParser { tokens, pos: 0 };
    if let Err(reason) = parser.or_expression() {
        if let Some(id) = suggestion(value) {
            return Err(format!("is not an SPDX identifier: write `{id}`"));
        }
        // `MIT/Apache-2.0` is the old way to offer a choice of licenses.
        let parts: Vec<&str> = value.split('/').map(str::trim).collect();
        if parts.len() > 1 && parts.iter().all(|p| listed(LICENSES, p)) {
            return Err(format!(
                "is not an SPDX expression: write {} for a choice of licenses",
                code(&parts.join(" OR "))
            ));
        }
        if let [token] = tokens_of(value).as_slice() {
            return Err(unknown(token).replacen(&format!("names {}, which ", code(token)), "", 1));
        }
        return Err(reason);
    }
    match parser.tokens.get(parser.pos) {
        None => Ok(()),
        Some(token) => Err(format!(
            "is not an SPDX expression: {} is unexpected; combine licenses with `AND`, `OR` and `WITH`, as in `MIT OR Apache-2.0`",
            code(token)
        )),
    }
}

fn tokens_of(value: &str) -> Vec<&str> {
    let mut tokens = Vec::new();
    let mut start = None;
    for (i, c) in value.char_indices() {
        if c.is_whitespace() || c == '(' || c == ')' {
            if let Some(s) = start.take() {
                tokens.push(&value[s..i]);
            }
            if c != ' ' && !c.is_whitespace() {
                tokens.push(&value[i..i + 1]);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        tokens.push(&value[s..]);
    }
    tokens
}

struct SpdxParser<'a> {
    tokens: Vec<&'a str>,
    pos: usize,
}

impl SpdxParser<'_> {
    fn operator(&mut self, name: &str) -> bool {
        let is = self.tokens.get(self.pos).is_some_and(|t| *t == name || *t == name.to_ascii_lowercase());
        if is {
            self.pos += 1;
        }
        is
    }

    fn or_expression(&mut self) -> Result<(), String> {
        self.and_expression()?;
        while self.operator("OR") {
            self.and_expression()?;
        }
        Ok(())
    }

    fn and_expression(&mut self) -> Result<(), String> {
        self.with_expression()?;
        while self.operator("AND") {
            self.with_expression()?;
        }
        Ok(())
    }

    fn with_expression(&mut self) -> Result<(), String> {
        let Some(&token) = self.tokens.get(self.pos) else {
            return Err("ends where a license identifier should follow".into());
        };
        self.pos += 1;
        if token == "(" {
            self.or_expression()?;
            if self.tokens.get(self.pos) != Some(&")") {
                return Err("has a `(` without its `)`".into());
            }
            self.pos += 1;
            return Ok(());
        }
        license(token)?;
        if self.operator("WITH") {
            let Some(&exception) = self.tokens.get(self.pos) else {
                return Err("ends after `WITH`, where an exception identifier should follow".into());
            };
            self.pos += 1;
            if !is_ref(exception, "AdditionRef-") && !listed(EXCEPTIONS, exception) {
                return Err(format!("names {} after `WITH`, which is not an SPDX license exception", code(exception)));
            }
        }
        Ok(())
    }
}

/// `LicenseRef-x` or `DocumentRef-y:LicenseRef-x` (and the same for `AdditionRef-`).
fn is_ref(token: &str, prefix: &str) -> bool {
    let local = match token.split_once(':') {
        Some((document, local)) => {
            if !document.strip_prefix("DocumentRef-").is_some_and(is_idstring) {
                return false;
            }
            local
        }
        None => token,
    };
    local.strip_prefix(prefix).is_some_and(is_idstring)
}

fn is_idstring(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
}

fn license(token: &str) -> Result<(), String> {
    if is_ref(token, "LicenseRef-") {
        return Ok(());
    }
    if matches!(token, "AND" | "OR" | "WITH" | "and" | "or" | "with" | ")") {
        return Err(format!("has {} where a license identifier should be", code(token)));
    }
    let id = token.strip_suffix('+').unwrap_or(token);
    if listed(LICENSES, id) {
        return Ok(());
    }
    Err(unknown(token))
}

/// Why `token` is not a license identifier, starting "names `token`, which …".
fn unknown(token: &str) -> String {
    match suggestion(token) {
        Some(id) => format!("names {}, which is not an SPDX identifier: write `{id}`", code(token)),
        None => format!(
            "names {}, which is not on the SPDX License List (https://spdx.org/licenses/); write `LicenseRef-{}` for a license of your own",
            code(token),
            token.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '.').collect::<String>()
        ),
    }
}

/// Whether `id` is on `list`, case-insensitively.
fn listed(list: &'static [&'static str], id: &str) -> bool {
    if cfg!(feature = "label-schema") { lookup(list, id).is_some() } else { is_idstring(id) }
}

/// The canonical spelling of an identifier, found case-insensitively.
fn lookup(list: &'static [&'static str], id: &str) -> Option<&'static str> {
    list.binary_search_by(|probe| {
        probe.bytes().map(|b| b.to_ascii_lowercase()).cmp(id.bytes().map(|b| b.to_ascii_lowercase()))
    })
    .ok()
    .map(|i| list[i])
}

/// A listed identifier that `token` spells loosely: `Apache 2.0`, `apache2.0`,
/// `Apache License, Version 2.0`, `BSD 3 Clause`.
fn suggestion(token: &str) -> Option<&'static str> {
    let loose = |s: &str| {
        let s = s.to_ascii_lowercase().replace("licence", "").replace("license", "").replace("version", "");
        s.chars().filter(char::is_ascii_alphanumeric).collect::<String>()
    };
    let wanted = loose(token);
    if wanted.len() < 3 {
        return None;
    }
    let mut matches = LICENSES.iter().filter(|id| loose(id) == wanted);
    let first = matches.next()?;
    matches.next().is_none().then_some(*first)
}

/// A git commit hash: 7 to 40 hexadecimal digits (SHA-1, full or abbreviated), or 64 (SHA-256).
pub fn git_hash(value: &str) -> Result<(), String> {
    if let Some(bad) = value.chars().find(|c| !c.is_ascii_hexdigit()) {
        let what = if bad.is_whitespace() { "a space".to_string() } else { code(&bad.to_string()).to_string() };
        return Err(format!(
            "contains {what}: a git commit hash is 7 to 40 hexadecimal digits, as printed by `git rev-parse HEAD`"
        ));
    }
    match value.len() {
        7..=40 | 64 => Ok(()),
        n => Err(format!(
            "has {n} digits: a git commit hash is 7 to 40 hexadecimal digits, as printed by `git rev-parse HEAD`"
        )),
    }
}

/// A semantic version (SemVer 2.0.0): `MAJOR.MINOR.PATCH`, an optional `-pre.release` and an
/// optional `+build.metadata`.
pub fn semver(value: &str) -> Result<(), String> {
    const SHAPE: &str = "does not have its shape, `MAJOR.MINOR.PATCH` with an optional `-pre.release` and `+build`, as in `1.4.2` or `2.0.0-rc.1`";
    if let Some(rest) = value.strip_prefix(['v', 'V']).filter(|r| r.starts_with(|c: char| c.is_ascii_digit())) {
        let suggested = Some(padded(rest).unwrap_or_else(|| rest.to_string())).filter(|s| semver(s).is_ok());
        return Err(match suggested {
            Some(s) => {
                format!("starts with {}: a semantic version is only the numbers, as in {}", code(&value[..1]), code(&s))
            }
            None => {
                format!(
                    "starts with {}: a semantic version is only the numbers, `MAJOR.MINOR.PATCH`",
                    code(&value[..1])
                )
            }
        });
    }
    let (rest, build) = match value.split_once('+') {
        Some((rest, build)) => (rest, Some(build)),
        None => (value, None),
    };
    let (core, pre) = match rest.split_once('-') {
        Some((core, pre)) => (core, Some(pre)),
        None => (rest, None),
    };
    let numbers: Vec<&str> = core.split('.').collect();
    if numbers.len() != 3 || !numbers.iter().all(|n| is_number(n)) {
        if let Some(full) = padded(value).filter(|s| semver(s).is_ok()) {
            return Err(format!(
                "has fewer than three numbers: a semantic version is `MAJOR.MINOR.PATCH`, as in {}",
                code(&full)
            ));
        }
        return Err(SHAPE.into());
    }
    if let Some(pre) = pre {
        let ok =
            pre.split('.').all(|id| is_identifier(id) && (!id.chars().all(|c| c.is_ascii_digit()) || is_number(id)));
        if !ok {
            return Err(format!(
                "has an invalid pre-release {}: use dot-separated letters, digits and `-`, with no leading zeros in numbers",
                code(&format!("-{pre}"))
            ));
        }
    }
    if let Some(build) = build
        && !build.split('.').all(is_identifier)
    {
        return Err(format!(
            "has invalid build metadata {}: use dot-separated letters, digits and `-`",
            code(&format!("+{build}"))
        ));
    }
    Ok(())
}

/// `value` with its version core padded to three numbers (`1.4-rc.1` gives `1.4.0-rc.1`), when
/// it has one or two.
fn padded(value: &str) -> Option<String> {
    let core_len = value.find(['-', '+']).unwrap_or(value.len());
    let (core, rest) = value.split_at(core_len);
    let count = core.split('.').count();
    (count < 3 && core.split('.').all(is_number)).then(|| format!("{core}{}{rest}", ".0".repeat(3 - count)))
}

/// A numeric identifier: digits without a leading zero.
fn is_number(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_digit()) && (s == "0" || !s.starts_with('0'))
}

fn is_identifier(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// An email address as RFC 5322 defines a mailbox: `name@example.com`, optionally with a
/// display name, `Jane Doe <jane@example.com>`.
pub fn email(value: &str) -> Result<(), String> {
    // A trailing comment is part of the mailbox syntax: `Jane <jane@example.com> (@jane)`.
    let value = match value.strip_suffix(')').and_then(|v| v.rfind('(').map(|open| &v[..open])) {
        Some(before) if before.trim_end().ends_with('>') => before.trim_end(),
        _ => value,
    };
    let address = match (value.rfind('<'), value.ends_with('>')) {
        (Some(open), true) => &value[open + 1..value.len() - 1],
        (None, false) => value,
        _ => return Err("has an unbalanced `<…>` around the address".into()),
    };
    let Some(at) = address.rfind('@') else {
        return Err("has no `@`: an email address looks like `name@example.com`".into());
    };
    let (local, domain) = (&address[..at], &address[at + 1..]);
    if local.is_empty() {
        return Err("has nothing before the `@`".into());
    }
    if domain.is_empty() {
        return Err("has nothing after the `@`".into());
    }
    let local_ok = if local.starts_with('"') { is_quoted_string(local) } else { is_dot_atom(local) };
    if !local_ok || local.len() > 64 {
        return Err(format!("has an invalid part {} before the `@`", code(local)));
    }
    let domain_ok =
        if domain.starts_with('[') { domain.ends_with(']') && domain.len() > 2 } else { is_dot_atom(domain) };
    if !domain_ok || address.len() > 254 {
        return Err(format!("has an invalid domain {} after the `@`", code(domain)));
    }
    Ok(())
}

fn is_dot_atom(s: &str) -> bool {
    !s.is_empty()
        && s.split('.').all(|atom| {
            !atom.is_empty()
                && atom.chars().all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~".contains(c) || !c.is_ascii())
        })
}

fn is_quoted_string(s: &str) -> bool {
    let Some(inner) = s.strip_prefix('"').and_then(|s| s.strip_suffix('"')) else {
        return false;
    };
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            // The guard consumes the escaped character.
            '\\' if chars.next().is_none() => return false,
            '\\' => {}
            '"' => return false,
            c if c.is_control() => return false,
            _ => {}
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        for ok in [
            "https://example.com",
            "http://example.com/a/b?c=d#e",
            "https://user@example.com:8443/x",
            "https://[::1]:8080/",
            "mailto:team@example.com",
            "urn:isbn:0451450523",
            "https://example.com/a%20b",
            "git+ssh://git@example.com/repo.git",
        ] {
            assert_eq!(url(ok), Ok(()), "{ok}");
        }
        for bad in [
            "example.com",
            "not-url",
            "https://",
            "https:///path",
            "http:",
            "https://example.com/a b",
            "https://example.com/%zz",
            "git@github.com:org/repo.git",
            "1http://x",
            "",
        ] {
            assert!(url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn rfc3339_times() {
        for ok in [
            "2024-05-01T12:30:00Z",
            "2024-05-01t12:30:00z",
            "2024-05-01 12:30:00Z",
            "2021-03-10T10:26:33.564595127+01:00",
            "2024-02-29T00:00:00-05:30",
            "2016-12-31T23:59:60Z",
        ] {
            assert_eq!(rfc3339(ok), Ok(()), "{ok}");
        }
        for bad in [
            "not-date",
            "2024-05-01",
            "2024-05-01T12:30Z",
            "2024-05-01T12:30:00",
            "2023-02-29T00:00:00Z",
            "2024-13-01T00:00:00Z",
            "2024-05-01T24:00:00Z",
            "2024-05-01T12:30:00.Z",
            "2024-05-01T12:30:00+0100",
            "2024-05-01T12:30:00Zjunk",
            "1714566600",
        ] {
            assert!(rfc3339(bad).is_err(), "{bad}");
        }
        assert!(rfc3339("2024-05-01").unwrap_err().contains("2024-05-01T00:00:00Z"));
    }

    #[test]
    fn spdx_expressions() {
        for ok in [
            "MIT",
            "mit",
            "BSD-3-Clause",
            "Apache-2.0 OR MIT",
            "MIT AND (Apache-2.0 OR BSD-2-Clause)",
            "GPL-2.0-or-later WITH Classpath-exception-2.0",
            "GPL-2.0+",
            "GPL-2.0",
            "LicenseRef-Proprietary",
            "DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2",
            "(MIT)",
            "mit or apache-2.0",
        ] {
            assert_eq!(spdx(ok), Ok(()), "{ok}");
        }
        for bad in [
            "not-spdx",
            "Apache 2.0",
            "MIT/Apache-2.0",
            "MIT OR",
            "MIT AND AND Apache-2.0",
            "(MIT",
            "MIT)",
            "GPL-2.0 WITH MIT",
            "Proprietary",
            "LicenseRef-",
            "",
        ] {
            assert!(spdx(bad).is_err(), "{bad}");
        }
        assert!(spdx("apache2.0").unwrap_err().contains("`Apache-2.0`"));
        assert!(spdx("Apache 2.0").unwrap_err().contains("`Apache-2.0`"));
        assert!(spdx("Apache License, Version 2.0").unwrap_err().contains("`Apache-2.0`"));
        assert!(spdx("not-spdx").unwrap_err().starts_with("is not on the SPDX License List"));
        assert!(spdx("MIT OR Apache").unwrap_err().starts_with("names `Apache`"));
        assert!(spdx("MIT/Apache-2.0").unwrap_err().contains("`MIT OR Apache-2.0`"));
    }

    #[test]
    fn git_hashes() {
        assert_eq!(git_hash("2dbfae9"), Ok(()));
        assert_eq!(git_hash("43c572f1272b6b3171dd1db9e41b7027128ce080"), Ok(()));
        assert_eq!(git_hash(&"a".repeat(64)), Ok(()));
        assert_eq!(git_hash("2DBFAE91"), Ok(()));
        assert!(git_hash("not-git-hash").is_err());
        assert!(git_hash("abc").is_err());
        assert!(git_hash(&"a".repeat(41)).is_err());
    }

    #[test]
    fn semantic_versions() {
        for ok in [
            "1.0.0",
            "0.0.0",
            "2.0.1-rc1",
            "1.0.0-alpha.1",
            "1.0.0-0.3.7",
            "1.0.0-x-y-z.--",
            "1.0.0+20130313144700",
            "1.0.0-beta+exp.sha.5114f85",
        ] {
            assert_eq!(semver(ok), Ok(()), "{ok}");
        }
        for bad in
            ["not-sem-ver", "1.0", "1", "01.0.0", "1.0.0-", "1.0.0-01", "1.0.0+", "1.0.0+a..b", "1.0.0.0", "latest", ""]
        {
            assert!(semver(bad).is_err(), "{bad}");
        }
        assert!(semver("v1.2.3").unwrap_err().contains("`1.2.3`"));
        assert!(semver("v1.4").unwrap_err().contains("`1.4.0`"));
        assert!(semver("1.2").unwrap_err().contains("`1.2.0`"));
        assert!(semver("2-rc.1").unwrap_err().contains("`2.0.0-rc.1`"));
    }

    #[test]
    fn emails() {
        for ok in [
            "abcd@google.com",
            "first.last+tag@example.co.uk",
            "\"john doe\"@example.com",
            "Jane Doe <jane@example.com>",
            "Tianon Gravi <admwiggin@gmail.com> (@tianon)",
            "ops@[192.168.0.1]",
        ] {
            assert_eq!(email(ok), Ok(()), "{ok}");
        }
        for bad in [
            "not-email",
            "a@",
            "@example.com",
            "a..b@example.com",
            "a@example..com",
            "Jane <jane@example.com",
            "a b@example.com",
        ] {
            assert!(email(bad).is_err(), "{bad}");
        }
    }
}
