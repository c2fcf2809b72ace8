//! `file:` URIs and paths. The protocol names documents by URI; settings, `.hadolint.yaml` and
//! `.dockerignore` are found by path.

use std::path::{Path, PathBuf};

use lsp_types::Uri;

/// The path of a `file:` URI (`None` for `untitled:` buffers and other schemes).
pub fn to_path(uri: &Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://").or_else(|| uri.as_str().strip_prefix("FILE://"))?;
    let (authority, path) = rest.split_at(rest.find('/')?);
    let path = percent_decode(path.split(['?', '#']).next().unwrap_or(path))?;
    if cfg!(windows) {
        // `/c:/Users/…` is `c:\Users\…`; `//server/share` a UNC path.
        let trimmed = path.strip_prefix('/').unwrap_or(&path);
        let is_drive = trimmed.as_bytes().get(1) == Some(&b':');
        let local = if is_drive { trimmed.to_string() } else { path.clone() };
        let full =
            if authority.is_empty() || authority == "localhost" { local } else { format!("//{authority}{path}") };
        return Some(PathBuf::from(full.replace('/', "\\")));
    }
    (authority.is_empty() || authority == "localhost").then(|| PathBuf::from(path))
}

/// The `file:` URI of an absolute path.
pub fn from_path(path: &Path) -> Option<Uri> {
    let text = path.to_str()?.replace('\\', "/");
    let text = if text.starts_with('/') { text } else { format!("/{text}") };
    let mut uri = String::from("file://");
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            uri.push(char::from(b));
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri.parse().ok()
}

fn percent_decode(text: &str) -> Option<String> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_uris_round_trip() {
        let uri: Uri = "file:///home/a%20b/api.Dockerfile".parse().unwrap();
        if cfg!(unix) {
            assert_eq!(to_path(&uri), Some(PathBuf::from("/home/a b/api.Dockerfile")));
            let path = Path::new("/srv/ü #1/Dockerfile");
            assert_eq!(to_path(&from_path(path).unwrap()).as_deref(), Some(path));
        }
        assert_eq!(to_path(&"untitled:Untitled-1".parse().unwrap()), None);
        if cfg!(unix) {
            assert_eq!(to_path(&"file://server/share/Dockerfile".parse().unwrap()), None);
            assert_eq!(
                to_path(&"file://localhost/w/Dockerfile".parse().unwrap()),
                Some(PathBuf::from("/w/Dockerfile"))
            );
        }
    }
}
