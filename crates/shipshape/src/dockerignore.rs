//! `.dockerignore`: reading it, matching paths against it the way Docker does, and the
//! recommended file for each stack.

use crate::semantic::stack::Stack;

/// A parsed `.dockerignore`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DockerIgnore {
    pub patterns: Vec<Pattern>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pattern {
    /// The cleaned pattern, without `!`, leading `/` or `./`.
    pub glob: String,
    /// A `!` exception: matching paths are included again.
    pub negated: bool,
}

impl DockerIgnore {
    pub fn parse(text: &str) -> DockerIgnore {
        let patterns = text
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .map(|line| {
                let (negated, glob) = match line.strip_prefix('!') {
                    Some(rest) => (true, rest.trim()),
                    None => (false, line),
                };
                Pattern { glob: clean(glob), negated }
            })
            .filter(|p| !p.glob.is_empty())
            .collect();
        DockerIgnore { patterns }
    }

    /// True when `path` (relative to the context) is left out of the build context. As in
    /// Docker, the last matching pattern decides, and a pattern matching a parent directory
    /// matches everything under it.
    pub fn is_ignored(&self, path: &str) -> bool {
        let path = clean(path);
        let mut ignored = false;
        for pattern in &self.patterns {
            if pattern.negated == ignored && matches_or_parent(&pattern.glob, &path) {
                ignored = !pattern.negated;
            }
        }
        ignored
    }
}

/// Normalises a path or pattern: no leading `./` or `/`, no trailing `/`, no `.` segments.
fn clean(path: &str) -> String {
    let parts: Vec<&str> = path.split('/').filter(|s| !s.is_empty() && *s != ".").collect();
    parts.join("/")
}

fn matches_or_parent(glob: &str, path: &str) -> bool {
    if glob_match(glob, path) {
        return true;
    }
    let mut end = path.len();
    while let Some(i) = path[..end].rfind('/') {
        if glob_match(glob, &path[..i]) {
            return true;
        }
        end = i;
    }
    false
}

/// Docker's `filepath.Match` with `**` for any number of directories.
pub fn glob_match(glob: &str, path: &str) -> bool {
    let g: Vec<&str> = glob.split('/').collect();
    let p: Vec<&str> = if path.is_empty() { Vec::new() } else { path.split('/').collect() };
    match_segments(&g, &p)
}

fn match_segments(glob: &[&str], path: &[&str]) -> bool {
    match glob.split_first() {
        None => path.is_empty(),
        Some((&"**", rest)) => (0..=path.len()).any(|skip| match_segments(rest, &path[skip..])),
        Some((first, rest)) => match path.split_first() {
            Some((segment, path_rest)) => {
                segment_match(first.as_bytes(), segment.as_bytes()) && match_segments(rest, path_rest)
            }
            None => false,
        },
    }
}

fn segment_match(glob: &[u8], name: &[u8]) -> bool {
    match glob.split_first() {
        None => name.is_empty(),
        Some((b'*', rest)) => (0..=name.len()).any(|skip| segment_match(rest, &name[skip..])),
        Some((b'?', rest)) => !name.is_empty() && segment_match(rest, &name[1..]),
        Some((b'[', rest)) => {
            let Some(close) = rest.iter().skip(1).position(|&b| b == b']').map(|i| i + 1) else {
                return name.first() == Some(&b'[') && segment_match(rest, &name[1..]);
            };
            let Some((&c, name_rest)) = name.split_first() else {
                return false;
            };
            let (negate, class) = match rest[..close].split_first() {
                Some((b'^' | b'!', class)) => (true, class),
                _ => (false, &rest[..close]),
            };
            let mut hit = false;
            let mut i = 0;
            while i < class.len() {
                if i + 2 < class.len() && class[i + 1] == b'-' {
                    hit |= class[i] <= c && c <= class[i + 2];
                    i += 3;
                } else {
                    hit |= class[i] == c;
                    i += 1;
                }
            }
            hit != negate && segment_match(&rest[close + 1..], name_rest)
        }
        Some((b'\\', rest)) if !rest.is_empty() => {
            name.first() == Some(&rest[0]) && segment_match(&rest[1..], &name[1..])
        }
        Some((&g, rest)) => name.first() == Some(&g) && segment_match(rest, &name[1..]),
    }
}

const COMMON: &str = "\
# Version control and editor files
.git
.gitignore
.gitattributes
.idea
.vscode
*.swp
.DS_Store

# Docker files themselves: changing them should not invalidate the COPY cache
Dockerfile*
*.Dockerfile
.dockerignore
docker-compose*.yml
compose*.yaml

# Secrets and local configuration: never send them to the builder
.env
.env.*
*.pem
*.key
id_rsa*
.aws
.ssh
.netrc
.npmrc
.pypirc

# CI and documentation
.github
.gitlab-ci.yml
*.md
!README.md
";

/// The recommended `.dockerignore` for a stack.
pub fn recommended(stack: Stack) -> String {
    let specific = match stack {
        Stack::Python => {
            "\
# Python
__pycache__
*.py[cod]
*.egg-info
.eggs
.venv
venv
env
.tox
.nox
.pytest_cache
.mypy_cache
.ruff_cache
.coverage
htmlcov
build
dist
"
        }
        Stack::Node => {
            "\
# Node
node_modules
npm-debug.log*
yarn-debug.log*
yarn-error.log*
.pnpm-store
.next
.nuxt
coverage
dist
build
.turbo
.cache
"
        }
        Stack::Go => {
            "\
# Go
vendor
bin
*.test
*.out
coverage.txt
"
        }
        Stack::Java => {
            "\
# Java
target
build
.gradle
out
*.class
*.log
"
        }
        Stack::Rust => {
            "\
# Rust
target
**/*.rs.bk
"
        }
        Stack::Ruby => {
            "\
# Ruby
.bundle
vendor/bundle
log
tmp
coverage
"
        }
        Stack::Php => {
            "\
# PHP
vendor
.phpunit.result.cache
storage/logs
"
        }
        Stack::Dotnet => {
            "\
# .NET
bin
obj
*.user
TestResults
"
        }
        Stack::Generic => {
            "\
# Build output and logs
build
dist
*.log
tmp
"
        }
    };
    format!(
        "# Recommended .dockerignore for a {} project, by shipshape.\n# Keep the build context small and free of secrets.\n\n{COMMON}\n{specific}",
        stack.as_str()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matching_follows_docker() {
        let ignore = DockerIgnore::parse(
            "# comment\n.git\n*.md\n!README.md\nnode_modules\n**/__pycache__\nsecret?.txt\n/build/\n",
        );
        assert!(ignore.is_ignored(".git"));
        assert!(ignore.is_ignored(".git/config"));
        assert!(ignore.is_ignored("NOTES.md"));
        assert!(!ignore.is_ignored("README.md"));
        assert!(!ignore.is_ignored("docs/NOTES.md"));
        assert!(ignore.is_ignored("node_modules/x/index.js"));
        assert!(ignore.is_ignored("app/pkg/__pycache__/a.pyc"));
        assert!(ignore.is_ignored("__pycache__"));
        assert!(ignore.is_ignored("secret1.txt"));
        assert!(ignore.is_ignored("./build/out"));
        assert!(!ignore.is_ignored("src/main.py"));
    }

    #[test]
    fn classes() {
        assert!(glob_match("file[0-9].txt", "file7.txt"));
        assert!(!glob_match("file[!0-9].txt", "file7.txt"));
        assert!(glob_match("a/**/z", "a/b/c/z"));
        assert!(glob_match("a/**/z", "a/z"));
    }

    #[test]
    fn recommended_files_keep_secrets_out() {
        for stack in [Stack::Python, Stack::Node, Stack::Go, Stack::Java, Stack::Rust, Stack::Generic] {
            let text = recommended(stack);
            let ignore = DockerIgnore::parse(&text);
            assert!(ignore.is_ignored(".env"), "{stack:?}");
            assert!(ignore.is_ignored(".git/HEAD"), "{stack:?}");
            assert!(!ignore.is_ignored("README.md"), "{stack:?}");
        }
        assert!(DockerIgnore::parse(&recommended(Stack::Node)).is_ignored("node_modules/left-pad/index.js"));
    }
}
