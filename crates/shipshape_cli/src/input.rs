//! Reading Dockerfiles: from files, directories or standard input, refusing what is not text.

use std::io::Read;
use std::path::{Path, PathBuf};

use shipshape::text::{MAX_SOURCE_LEN, megabytes};

/// A Dockerfile read into memory.
pub struct Source {
    /// As given on the command line (`-` is shown as `<stdin>`).
    pub display: String,
    /// `None` for standard input.
    pub path: Option<PathBuf>,
    pub text: String,
}

/// Reads one input; the error is a one-line reason.
pub fn read(arg: &str) -> Result<Source, String> {
    if arg == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .take(MAX_SOURCE_LEN as u64 + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        let text = decode("<stdin>", bytes)?;
        return Ok(Source { display: "<stdin>".to_string(), path: None, text });
    }
    let path = PathBuf::from(arg);
    let metadata = std::fs::metadata(&path).map_err(|e| format!("cannot read {arg}: {}", io_reason(&e)))?;
    if metadata.is_dir() {
        return Err(format!("{arg} is a directory"));
    }
    if metadata.len() > MAX_SOURCE_LEN as u64 {
        return Err(format!(
            "{arg} is {}; shipshape reads Dockerfiles up to {}",
            megabytes(usize::try_from(metadata.len()).unwrap_or(usize::MAX)),
            megabytes(MAX_SOURCE_LEN)
        ));
    }
    let bytes = std::fs::read(&path).map_err(|e| format!("cannot read {arg}: {}", io_reason(&e)))?;
    let text = decode(arg, bytes)?;
    Ok(Source { display: arg.to_string(), path: Some(path), text })
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

/// Bytes to text: binary data and other encodings are refused with a reason.
fn decode(name: &str, bytes: Vec<u8>) -> Result<String, String> {
    if bytes.len() > MAX_SOURCE_LEN {
        return Err(format!("{name} is larger than {}", megabytes(MAX_SOURCE_LEN)));
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(format!("{name} is UTF-16 text; save it as UTF-8"));
    }
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return Err(format!("{name} looks like binary data (a NUL byte at offset {at}), not a Dockerfile"));
    }
    String::from_utf8(bytes)
        .map_err(|e| format!("{name} is not UTF-8 text (invalid byte at offset {})", e.utf8_error().valid_up_to()))
}

/// Expands directories into the Dockerfiles they contain; files are kept as given.
pub fn expand(args: &[String]) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for arg in args {
        let path = Path::new(arg);
        if arg != "-" && path.is_dir() {
            let before = out.len();
            walk(path, &mut out);
            if out.len() == before {
                return Err(format!("no Dockerfile found under {arg}"));
            }
        } else {
            out.push(arg.clone());
        }
    }
    Ok(out)
}

/// The Dockerfiles under `dir`, in name order: what git ignores (`.gitignore`, `.ignore`, the
/// global excludes) is left out, as are dependency and build directories even where nothing
/// ignores them. Hidden directories are searched: `.devcontainer/Dockerfile` is a Dockerfile
/// like any other.
fn walk(dir: &Path, out: &mut Vec<String>) {
    let walker = ignore::WalkBuilder::new(dir)
        .hidden(false)
        // A `.gitignore` means what it says whether or not the directory is a git checkout.
        .require_git(false)
        .sort_by_file_name(|a, b| a.cmp(b))
        .filter_entry(|entry| {
            let skipped = matches!(
                entry.file_name().to_str(),
                Some(".git" | "node_modules" | "target" | "vendor" | ".venv" | "venv")
            );
            !(skipped && entry.file_type().is_some_and(|t| t.is_dir()))
        })
        .build();
    for entry in walker.flatten() {
        let is_file = entry.file_type().is_some_and(|t| t.is_file());
        if is_file && entry.file_name().to_str().is_some_and(shipshape_config::is_dockerfile_name) {
            out.push(entry.path().to_string_lossy().to_string());
        }
    }
}

/// The largest context file the conversion reads.
const MAX_CONTEXT_FILE_LEN: u64 = 4 << 20;

/// Reads the files of the build context `dir` that `wanted` names (paths relative to it, `*` in
/// the last component): those that exist, are not too large and are UTF-8 text.
pub fn context_files(dir: &Path, wanted: &[String]) -> Result<Vec<shipshape::distroless::ContextFile>, String> {
    if !dir.is_dir() {
        return Err(format!("--context {}: not a directory", dir.display()));
    }
    let mut files = Vec::new();
    for pattern in wanted {
        let (sub, name) = pattern.rsplit_once('/').unwrap_or(("", pattern.as_str()));
        let candidates: Vec<String> = if name.contains('*') {
            let Ok(entries) = std::fs::read_dir(dir.join(sub)) else { continue };
            let mut names: Vec<String> = entries
                .filter_map(Result::ok)
                .filter_map(|e| e.file_name().into_string().ok())
                .map(|n| if sub.is_empty() { n } else { format!("{sub}/{n}") })
                .filter(|p| shipshape::distroless::matches_wanted(pattern, p))
                .collect();
            names.sort();
            names
        } else {
            vec![pattern.clone()]
        };
        for relative in candidates {
            let path = dir.join(&relative);
            let Ok(meta) = std::fs::metadata(&path) else { continue };
            if !meta.is_file()
                || meta.len() > MAX_CONTEXT_FILE_LEN
                || files.iter().any(|f: &shipshape::distroless::ContextFile| f.path == relative)
            {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&path) else { continue };
            files.push(shipshape::distroless::ContextFile { path: relative, text });
        }
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_binary_and_other_encodings() {
        assert!(decode("x", vec![0x7f, b'E', b'L', b'F', 0, 1]).unwrap_err().contains("binary"));
        assert!(decode("x", vec![0xFF, 0xFE, b'F', 0]).unwrap_err().contains("UTF-16"));
        assert!(decode("x", vec![b'F', 0xC3, 0x28]).unwrap_err().contains("not UTF-8"));
        assert_eq!(decode("x", b"FROM a\n".to_vec()).unwrap(), "FROM a\n");
    }

    #[test]
    fn directories_are_searched_as_git_sees_them() {
        let root = std::env::temp_dir().join(format!("shipshape-walk-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        for (path, text) in [
            ("Dockerfile", "FROM a\n"),
            (".devcontainer/Dockerfile", "FROM a\n"),
            ("services/api/Dockerfile.prod", "FROM a\n"),
            ("services/api/README.md", "not a Dockerfile\n"),
            ("build/Dockerfile", "FROM a\n"),
            ("node_modules/pkg/Dockerfile", "FROM a\n"),
            (".git/Dockerfile", "FROM a\n"),
            (".gitignore", "build/\n"),
        ] {
            let file = root.join(path);
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(file, text).unwrap();
        }
        let found = expand(&[root.to_string_lossy().to_string()]).unwrap();
        let found: Vec<String> = found
            .iter()
            .map(|p| Path::new(p).strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/"))
            .collect();
        assert_eq!(found, [".devcontainer/Dockerfile", "Dockerfile", "services/api/Dockerfile.prod"]);
        let _ = std::fs::remove_dir_all(&root);
    }
}
