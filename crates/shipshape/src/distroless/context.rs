//! Files of the build context: which ones a conversion would like to read, and what it learns
//! from them. The core reads no file itself: a front end asks [`context_wanted`], reads what it
//! can (the CLI's `--context DIR`), and passes the texts in `Options::context`.
//!
//! From Python lock and requirement files: the pinned packages that have no wheels for the
//! runtime's Python (pip then builds them from source, or fails), and the drivers built from
//! source that load a system library. From `package.json`: the Node versions its `engines`
//! field allows.

use super::ContextFile;
use super::packages::{self, Package};

/// The context files a conversion reads, relative to the context directory; a `*` in the last
/// component stands for any characters.
pub fn context_wanted(source: &str) -> Vec<String> {
    let mut wanted: Vec<String> = [
        "requirements*.txt",
        "requirements/*.txt",
        "poetry.lock",
        "uv.lock",
        "Pipfile.lock",
        "package.json",
        "Gemfile.lock",
    ]
    .iter()
    // .NET project files: the target framework, self-contained or AOT publishing,
    // invariant globalization.
    .chain(&["*.csproj", "*.fsproj", "Directory.Build.props"])
    .map(|s| s.to_string())
    .collect();
    // The entry point script the image starts and the `package.json` of its directory, where
    // the Dockerfile copies them from.
    let parse = crate::syntax::parse(source);
    let model = crate::semantic::Model::build(&parse.file, source);
    if let Ok(analysis) = super::analyze::prepare(source, &parse.file, &model, &[]) {
        for path in super::analyze::launch_files(&analysis) {
            if !wanted.contains(&path) {
                wanted.push(path);
            }
        }
    }
    // Requirement files the Dockerfile copies under other names (`COPY deps/prod.txt .`), and
    // project files in subdirectories (`COPY Api/Api.csproj Api/`).
    for instruction in &parse.file.instructions {
        if let crate::syntax::Args::Copy(copy) = &instruction.args
            && instruction.flag("from").is_none()
        {
            for s in copy.sources() {
                let path = s.value.trim_start_matches("./");
                let project = [".csproj", ".fsproj", ".props"].iter().any(|e| path.ends_with(e));
                if ((path.ends_with(".txt") && path.contains("require")) || project) && !path.contains(['$', '*', '?'])
                {
                    let path = path.to_string();
                    if !wanted.contains(&path) {
                        wanted.push(path);
                    }
                }
            }
        }
    }
    wanted
}

/// True when the relative `path` is one `pattern` of [`context_wanted`] names.
pub fn matches_wanted(pattern: &str, path: &str) -> bool {
    let (pattern_dir, pattern_name) = pattern.rsplit_once('/').unwrap_or(("", pattern));
    let (dir, name) = path.rsplit_once('/').unwrap_or(("", path));
    if pattern_dir != dir {
        return false;
    }
    match pattern_name.split_once('*') {
        Some((prefix, suffix)) => {
            name.len() >= prefix.len() + suffix.len() && name.starts_with(prefix) && name.ends_with(suffix)
        }
        None => pattern_name == name,
    }
}

/// A Python package pinned to one version by a requirement or lock file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Pin {
    /// Normalized: lowercase, `_` and `.` as `-`.
    pub name: String,
    pub version: String,
    pub file: String,
}

fn normalize(name: &str) -> String {
    name.trim().to_ascii_lowercase().replace(['_', '.'], "-")
}

/// The Python packages the context pins, from requirement files, `poetry.lock`, `uv.lock` and
/// `Pipfile.lock`.
pub(crate) fn python_pins(files: &[ContextFile]) -> Vec<Pin> {
    let mut pins = Vec::new();
    for file in files {
        let name = file.path.rsplit('/').next().unwrap_or(&file.path);
        if name.ends_with(".txt") {
            for line in file.text.lines() {
                let line = line.split('#').next().unwrap_or("").split(';').next().unwrap_or("").trim();
                if let Some((package, version)) = line.split_once("==") {
                    let package = package.split('[').next().unwrap_or(package);
                    let version = version.split([',', ' ']).next().unwrap_or("").trim();
                    if !package.is_empty() && !version.is_empty() {
                        pins.push(Pin { name: normalize(package), version: version.into(), file: file.path.clone() });
                    }
                }
            }
        } else if name == "poetry.lock" || name == "uv.lock" {
            let mut current: Option<String> = None;
            for line in file.text.lines() {
                let line = line.trim();
                if line.starts_with('[') {
                    current = None;
                    if line == "[[package]]" {
                        current = Some(String::new());
                    }
                    continue;
                }
                let Some(package) = current.as_mut() else { continue };
                let value = |key: &str| {
                    line.strip_prefix(key)
                        .map(str::trim_start)
                        .and_then(|r| r.strip_prefix('='))
                        .map(|v| v.trim().trim_matches('"').to_string())
                };
                if let Some(n) = value("name") {
                    *package = normalize(&n);
                } else if let Some(v) = value("version")
                    && !package.is_empty()
                {
                    pins.push(Pin { name: package.clone(), version: v, file: file.path.clone() });
                    current = None;
                }
            }
        } else if name == "Pipfile.lock"
            && let Some(json) = json::parse(&file.text)
        {
            for section in ["default", "develop"] {
                let Some(json::Value::Object(packages)) = json.get(section) else { continue };
                for (package, info) in packages {
                    if let Some(json::Value::String(version)) = info.get("version") {
                        pins.push(Pin {
                            name: normalize(package),
                            version: version.trim_start_matches("==").to_string(),
                            file: file.path.clone(),
                        });
                    }
                }
            }
        }
    }
    pins
}

/// Packages with compiled parts and the first release with wheels for Python 3.13, from their
/// release files on PyPI. An older pin makes pip build the package from source on 3.13.
const FIRST_WHEELS_FOR_3_13: &[(&str, &str)] = &[
    ("numpy", "2.1.0"),
    ("pandas", "2.2.3"),
    ("scipy", "1.14.1"),
    ("scikit-learn", "1.5.2"),
    ("matplotlib", "3.9.2"),
    ("pillow", "11.0.0"),
    ("lxml", "5.3.0"),
    ("psycopg2-binary", "2.9.10"),
    ("grpcio", "1.66.2"),
    ("greenlet", "3.1.0"),
    ("gevent", "24.10.1"),
    ("uvloop", "0.21.0"),
    ("pyyaml", "6.0.2"),
    ("cffi", "1.17.0"),
    ("msgpack", "1.1.0"),
    ("pyzmq", "26.2.0"),
    ("torch", "2.5.0"),
    ("numba", "0.61.0"),
    ("llvmlite", "0.44.0"),
    ("h5py", "3.12.1"),
    ("shapely", "2.0.6"),
    ("pyarrow", "18.0.0"),
];

/// Drivers that build from source against a system library, which they load at run time.
const SOURCE_DRIVERS: &[(&str, &[&str])] = &[
    ("psycopg2", &["libpq5"]),
    ("mysqlclient", &["libmariadb3"]),
    ("python-ldap", &["libldap2", "libsasl2-2"]),
    ("pyodbc", &["libodbc2"]),
    ("pycurl", &["libcurl4t64"]),
    ("python-magic", &["libmagic1t64"]),
];

fn version_parts(version: &str) -> Vec<u64> {
    version.split(['.', '-', '+']).map_while(|p| p.parse().ok()).collect()
}

/// True when `version` is older than `than`, comparing the numeric parts.
fn older(version: &str, than: &str) -> bool {
    version_parts(version) < version_parts(than)
}

/// The pins with no wheels for Python 3.13, as `name==version (file)`.
pub(crate) fn pins_without_wheels(pins: &[Pin]) -> Vec<String> {
    pins.iter()
        .filter(|pin| FIRST_WHEELS_FOR_3_13.iter().any(|(name, first)| pin.name == *name && older(&pin.version, first)))
        .map(|pin| format!("{}=={} ({})", pin.name, pin.version, pin.file))
        .collect()
}

/// The Debian libraries the pinned drivers load at run time.
pub(crate) fn driver_libraries(pins: &[Pin]) -> Vec<(&'static Package, String)> {
    let mut out: Vec<(&'static Package, String)> = Vec::new();
    for pin in pins {
        let Some((_, libraries)) = SOURCE_DRIVERS.iter().find(|(name, _)| pin.name == *name) else { continue };
        for library in libraries.iter().filter_map(|l| packages::debian(l)) {
            if !out.iter().any(|(l, _)| *l == library) {
                out.push((library, pin.name.clone()));
            }
        }
    }
    out
}

/// The bundler version `Gemfile.lock` was written with (`BUNDLED WITH`), and the file.
pub(crate) fn bundled_with(files: &[ContextFile]) -> Option<(String, String)> {
    let file = files.iter().find(|f| f.path.rsplit('/').next() == Some("Gemfile.lock"))?;
    let mut lines = file.text.lines().skip_while(|l| l.trim() != "BUNDLED WITH");
    lines.next()?;
    let version = lines.next()?.trim();
    let valid = !version.is_empty() && version.chars().all(|c| c.is_ascii_digit() || c == '.');
    valid.then(|| (version.to_string(), file.path.clone()))
}

/// The `scripts` of the `package.json` at `path` in the context: `None` when the context does not
/// have it, `Some(Err)` when it is not valid JSON.
pub(crate) fn package_scripts(files: &[ContextFile], path: &str) -> Option<Result<Vec<(String, String)>, ()>> {
    let file = files.iter().find(|f| f.path == path)?;
    let Some(json) = json::parse(&file.text) else { return Some(Err(())) };
    let Some(json::Value::Object(scripts)) = json.get("scripts") else { return Some(Ok(Vec::new())) };
    Some(Ok(scripts
        .iter()
        .filter_map(|(name, value)| match value {
            json::Value::String(text) => Some((name.clone(), text.clone())),
            _ => None,
        })
        .collect()))
}

/// The majors a `package.json` `engines.node` range names, and whether it is an open range
/// (`>=18`) rather than one major (`18.x`, `^18`, `~18.2`, `18`).
pub(crate) fn node_engines(files: &[ContextFile]) -> Option<(String, String)> {
    let file = files.iter().find(|f| f.path == "package.json")?;
    let json = json::parse(&file.text)?;
    let json::Value::String(range) = json.get("engines")?.get("node")? else { return None };
    Some((range.clone(), file.path.clone()))
}

/// True when the `engines.node` range allows Node `major`, as far as a simple reading tells:
/// every alternative (`||`) is read as its lower bound and, for `^`, `~`, `x` and bare
/// versions, that major only.
pub(crate) fn engines_allow(range: &str, major: u64) -> bool {
    range.split("||").any(|alternative| {
        let words: Vec<&str> = alternative.split_whitespace().collect();
        if words.is_empty() {
            return true;
        }
        words.iter().all(|word| {
            let (op, version) = match word.find(|c: char| c.is_ascii_digit()) {
                Some(at) => (&word[..at], &word[at..]),
                None => return true,
            };
            let Some(&m) = version_parts(version).first() else { return true };
            match op {
                ">=" => major >= m,
                ">" => major > m || (major == m && version.contains('.')),
                "<" => major < m || (major == m && version_parts(version).iter().skip(1).any(|p| *p > 0)),
                "<=" => major <= m,
                _ => major == m,
            }
        })
    })
}

/// Just enough JSON for `package.json` and `Pipfile.lock`.
mod json {
    #[derive(Clone, Debug, PartialEq)]
    pub enum Value {
        Null,
        Bool(bool),
        Number(String),
        String(String),
        Array(Vec<Value>),
        Object(Vec<(String, Value)>),
    }

    impl Value {
        pub fn get(&self, key: &str) -> Option<&Value> {
            match self {
                Value::Object(pairs) => pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v),
                _ => None,
            }
        }
    }

    pub fn parse(text: &str) -> Option<Value> {
        let mut p = Parser { bytes: text.as_bytes(), at: 0, depth: 0 };
        let value = p.value()?;
        p.space();
        (p.at == p.bytes.len()).then_some(value)
    }

    struct Parser<'a> {
        bytes: &'a [u8],
        at: usize,
        depth: u32,
    }

    impl Parser<'_> {
        fn space(&mut self) {
            while self.bytes.get(self.at).is_some_and(|b| b.is_ascii_whitespace()) {
                self.at += 1;
            }
        }

        fn eat(&mut self, byte: u8) -> bool {
            self.space();
            if self.bytes.get(self.at) == Some(&byte) {
                self.at += 1;
                true
            } else {
                false
            }
        }

        fn value(&mut self) -> Option<Value> {
            self.space();
            self.depth += 1;
            if self.depth > 64 {
                return None;
            }
            let value = match *self.bytes.get(self.at)? {
                b'{' => {
                    self.at += 1;
                    let mut pairs = Vec::new();
                    if !self.eat(b'}') {
                        loop {
                            self.space();
                            let key = self.string()?;
                            if !self.eat(b':') {
                                return None;
                            }
                            pairs.push((key, self.value()?));
                            if self.eat(b'}') {
                                break;
                            }
                            if !self.eat(b',') {
                                return None;
                            }
                        }
                    }
                    Value::Object(pairs)
                }
                b'[' => {
                    self.at += 1;
                    let mut items = Vec::new();
                    if !self.eat(b']') {
                        loop {
                            items.push(self.value()?);
                            if self.eat(b']') {
                                break;
                            }
                            if !self.eat(b',') {
                                return None;
                            }
                        }
                    }
                    Value::Array(items)
                }
                b'"' => Value::String(self.string()?),
                b't' if self.bytes[self.at..].starts_with(b"true") => {
                    self.at += 4;
                    Value::Bool(true)
                }
                b'f' if self.bytes[self.at..].starts_with(b"false") => {
                    self.at += 5;
                    Value::Bool(false)
                }
                b'n' if self.bytes[self.at..].starts_with(b"null") => {
                    self.at += 4;
                    Value::Null
                }
                _ => {
                    let start = self.at;
                    while self.bytes.get(self.at).is_some_and(|b| b"+-.eE0123456789".contains(b)) {
                        self.at += 1;
                    }
                    if start == self.at {
                        return None;
                    }
                    Value::Number(String::from_utf8_lossy(&self.bytes[start..self.at]).into_owned())
                }
            };
            self.depth -= 1;
            Some(value)
        }

        fn string(&mut self) -> Option<String> {
            if self.bytes.get(self.at) != Some(&b'"') {
                return None;
            }
            self.at += 1;
            let mut out = Vec::new();
            loop {
                let b = *self.bytes.get(self.at)?;
                self.at += 1;
                match b {
                    b'"' => break,
                    b'\\' => {
                        let e = *self.bytes.get(self.at)?;
                        self.at += 1;
                        match e {
                            b'n' => out.push(b'\n'),
                            b't' => out.push(b'\t'),
                            b'r' => out.push(b'\r'),
                            b'b' | b'f' => {}
                            b'u' => {
                                let hex = std::str::from_utf8(self.bytes.get(self.at..self.at + 4)?).ok()?;
                                self.at += 4;
                                let c = char::from_u32(u32::from_str_radix(hex, 16).ok()?).unwrap_or('\u{fffd}');
                                out.extend_from_slice(c.to_string().as_bytes());
                            }
                            other => out.push(other),
                        }
                    }
                    other => out.push(other),
                }
            }
            String::from_utf8(out).ok()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::distroless::Conversion;

    fn file(path: &str, text: &str) -> ContextFile {
        ContextFile { path: path.into(), text: text.into() }
    }

    #[test]
    fn wanted_files_and_patterns() {
        let wanted = context_wanted("FROM python:3.12\nCOPY deps/requirements-prod.txt .\n");
        assert!(
            wanted.contains(&"poetry.lock".to_string()) && wanted.contains(&"deps/requirements-prod.txt".to_string())
        );
        assert!(matches_wanted("requirements*.txt", "requirements-dev.txt"));
        assert!(matches_wanted("requirements*.txt", "requirements.txt"));
        assert!(!matches_wanted("requirements*.txt", "sub/requirements.txt"));
        assert!(matches_wanted("requirements/*.txt", "requirements/base.txt"));
        let wanted = context_wanted("FROM mcr.microsoft.com/dotnet/sdk:8.0\nCOPY [\"Api/Api.csproj\", \"Api/\"]\n");
        assert!(wanted.contains(&"Api/Api.csproj".to_string()) && wanted.contains(&"*.csproj".to_string()));
    }

    #[test]
    fn reads_pins_from_every_kind_of_file() {
        let files = [
            file(
                "requirements.txt",
                "Django==3.2.4\nnumpy==1.21.0 ; python_version < '3.10'\n# x==1\nflask>=2\npsycopg2==2.9.1\n",
            ),
            file(
                "poetry.lock",
                "[[package]]\nname = \"Pandas\"\nversion = \"1.3.5\"\n\n[package.dependencies]\nnumpy = \">=1\"\n",
            ),
            file(
                "Pipfile.lock",
                r#"{"_meta": {}, "default": {"pillow": {"hashes": [], "version": "==8.4.0"}}, "develop": {}}"#,
            ),
        ];
        let pins = python_pins(&files);
        let names: Vec<(&str, &str)> = pins.iter().map(|p| (p.name.as_str(), p.version.as_str())).collect();
        assert_eq!(
            names,
            [("django", "3.2.4"), ("numpy", "1.21.0"), ("psycopg2", "2.9.1"), ("pandas", "1.3.5"), ("pillow", "8.4.0")]
        );
        assert_eq!(
            pins_without_wheels(&pins),
            ["numpy==1.21.0 (requirements.txt)", "pandas==1.3.5 (poetry.lock)", "pillow==8.4.0 (Pipfile.lock)"]
        );
        let libraries: Vec<&str> = driver_libraries(&pins).iter().map(|(l, _)| l.debian).collect();
        assert_eq!(libraries, ["libpq5"]);
    }

    #[test]
    fn the_script_the_image_starts_is_wanted_where_it_was_copied_from() {
        let wanted = context_wanted(
            "FROM node:22-slim\nWORKDIR /app\nCOPY package.json ./\nCOPY docker/entrypoint.sh /usr/local/bin/\nCOPY . .\nENTRYPOINT [\"entrypoint.sh\"]\nCMD [\"npm\", \"start\"]\n",
        );
        assert!(wanted.contains(&"docker/entrypoint.sh".to_string()), "{wanted:?}");
        let wanted = context_wanted(
            "FROM python:3.13-slim AS base\nCOPY scripts/ /opt/scripts/\nFROM base\nWORKDIR /srv\nCOPY --from=base /opt/scripts/start.sh /start.sh\nCMD [\"/start.sh\"]\n",
        );
        assert!(wanted.contains(&"scripts/start.sh".to_string()), "{wanted:?}");
        let wanted = context_wanted("FROM node:22\nWORKDIR /srv/web\nCOPY web/ .\nCMD [\"npm\", \"start\"]\n");
        assert!(wanted.contains(&"web/package.json".to_string()), "{wanted:?}");
    }

    #[test]
    fn a_script_in_a_copy_of_several_sources_is_wanted_from_each_directory() {
        // nginx-proxy: `app` is a directory whose content lands in /app; `LICENSE` and
        // `nginx.tmpl` are files.
        let source = "FROM nginx:alpine\nCOPY app nginx.tmpl LICENSE /app/\nWORKDIR /app/\nENTRYPOINT [\"/app/docker-entrypoint.sh\"]\nCMD [\"forego\", \"start\"]\n";
        let wanted = context_wanted(source);
        assert!(wanted.contains(&"app/docker-entrypoint.sh".to_string()), "{wanted:?}");
        assert!(!wanted.iter().any(|w| w.starts_with("LICENSE/") || w.starts_with("nginx.tmpl/")), "{wanted:?}");
        // Two sources that may both be directories: both are wanted, and the refusal names both.
        let source = "FROM python:3.13-slim\nCOPY bin scripts /srv/\nCMD [\"/srv/run.sh\"]\n";
        let wanted = context_wanted(source);
        assert!(wanted.contains(&"bin/run.sh".to_string()) && wanted.contains(&"scripts/run.sh".to_string()));
        let Conversion::Refused(refusal) = super::super::convert(source, &Default::default()) else {
            panic!("converted without the script")
        };
        assert!(
            refusal.reason.contains("(`scripts/run.sh` or `bin/run.sh` in the build context)"),
            "{}",
            refusal.reason
        );
        // Given one of them, the conversion reads it.
        let options = super::super::Options {
            context: vec![file("bin/run.sh", "#!/bin/sh\nexec python -m app\n")],
            ..Default::default()
        };
        match super::super::convert(source, &options) {
            Conversion::Converted(c) => assert_eq!(c.context_used, ["bin/run.sh"], "{}", c.dockerfile),
            Conversion::Refused(r) => assert!(!r.reason.contains("--context"), "{}", r.reason),
        }
    }

    #[test]
    fn the_package_json_of_a_next_standalone_output_is_the_projects() {
        let source = "FROM node:22-alpine AS builder\nWORKDIR /app\nCOPY . .\nRUN npm run build\nFROM node:22-alpine\nWORKDIR /app\nCOPY --from=builder /app/.next/standalone ./\nCMD [\"npm\", \"start\"]\n";
        assert!(!context_wanted(source).iter().any(|w| w.ends_with(".next/standalone/package.json")));
        let Conversion::Refused(refusal) = super::super::convert(source, &Default::default()) else {
            panic!("converted without package.json")
        };
        assert!(refusal.reason.contains("(`package.json` in the build context)"), "{}", refusal.reason);
    }

    #[test]
    fn reads_the_bundler_version() {
        let lock = "GEM\n  remote: https://rubygems.org/\n  specs:\n    rack (3.1.8)\n\nBUNDLED WITH\n   2.5.22\n";
        assert_eq!(bundled_with(&[file("Gemfile.lock", lock)]), Some(("2.5.22".into(), "Gemfile.lock".into())));
        assert_eq!(bundled_with(&[file("Gemfile.lock", "BUNDLED WITH\n   $(curl x)\n")]), None);
    }

    #[test]
    fn reads_node_engines() {
        let files = [file("package.json", r#"{"name": "x", "engines": {"node": "^18.17.0"}}"#)];
        assert_eq!(node_engines(&files).map(|(r, _)| r), Some("^18.17.0".into()));
        assert!(engines_allow("^18.17.0", 18) && !engines_allow("^18.17.0", 22));
        assert!(engines_allow(">=18", 22) && engines_allow("18.x || 20.x || >=22", 24));
        assert!(!engines_allow(">=16 <20", 22) && engines_allow(">=16 <23", 22));
        assert!(json::parse("{\"a\": [1, true, null, \"\\u00e9\"]}").is_some() && json::parse("{").is_none());
    }
}
