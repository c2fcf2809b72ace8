//! Paths inside the image: joining a relative path onto a directory, and the working directory
//! in effect at an instruction. COPY destinations, `chown` targets and `cd` all resolve against
//! WORKDIR here, for the rules and the distroless converter alike.

use super::{Base, Model, Os};
use crate::syntax::{Args, Dockerfile, Instruction};

/// Where a stage stands just before an instruction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cwd {
    /// An absolute, normalized path.
    Known(String),
    /// The base image's working directory, with no WORKDIR since.
    BaseImage,
    /// A relative path (normalized, without the leading `/`) from the base image's working
    /// directory: the stage's WORKDIRs are all relative.
    UnderBaseImage(String),
    /// Depends on a variable that cannot be resolved, or a Windows path: we cannot tell.
    Unknown,
}

/// `path` resolved against the absolute directory `base` (an absolute `path` stands alone),
/// with `.`, `..` and repeated slashes normalized.
pub fn join(base: &str, path: &str) -> String {
    let full = if path.starts_with('/') { path.to_string() } else { format!("{base}/{path}") };
    let mut parts: Vec<&str> = Vec::new();
    for part in full.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    format!("/{}", parts.join("/"))
}

/// True when `path` is `dir` or inside it.
pub fn is_under(path: &str, dir: &str) -> bool {
    dir == "/" || path == dir || path.strip_prefix(dir).is_some_and(|rest| rest.starts_with('/'))
}

/// The path of a WORKDIR, quotes removed: the raw text, since WORKDIR takes the rest of the
/// line as one path.
pub fn workdir_text<'a>(source: &'a str, instruction: &Instruction) -> Option<&'a str> {
    let Args::Text(word) = &instruction.args else { return None };
    let raw = word.range.slice(source).trim();
    let unquoted = raw.trim_matches(|c| c == '"' || c == '\'');
    (!unquoted.is_empty()).then_some(unquoted)
}

impl Model {
    /// The working directory just before instruction `index`, from the WORKDIRs of its stage
    /// and of the stages it builds on. A WORKDIR with a variable is resolved with `expand`
    /// (given the text and the WORKDIR's index); when that gives `None`, the directory is
    /// unknown.
    pub fn cwd_before(
        &self,
        file: &Dockerfile,
        source: &str,
        index: usize,
        expand: &dyn Fn(&str, usize) -> Option<String>,
    ) -> Cwd {
        let Some(stage) = self.stage_of.get(index).copied().flatten() else {
            return Cwd::Unknown;
        };
        if self.stages[stage].os == Os::Windows {
            return Cwd::Unknown;
        }
        // Relative paths met walking back, nearest first.
        let mut relative: Vec<String> = Vec::new();
        let mut limit = index;
        let mut reached_scratch = false;
        for s in self.lineage(stage) {
            let end = s.instructions.end.min(limit);
            // The stage's WORKDIRs before `end`, nearest first, hop by hop.
            let nearest = |before: usize| {
                (before > s.instructions.start).then(|| self.workdir_upto.get(before - 1).copied().flatten()).flatten()
            };
            let mut next = nearest(end);
            while let Some(i) = next {
                next = nearest(i);
                let instruction = &file.instructions[i];
                let Some(text) = workdir_text(source, instruction) else { continue };
                let path = if text.contains('$') {
                    match expand(text, i) {
                        Some(path) => path,
                        None => return Cwd::Unknown,
                    }
                } else {
                    text.to_string()
                };
                if path.contains('\\') || is_windows_absolute(&path) {
                    return Cwd::Unknown;
                }
                if path.starts_with('/') {
                    let resolved = relative.iter().rev().fold(join("/", &path), |acc, rel| join(&acc, rel));
                    return Cwd::Known(resolved);
                }
                relative.push(path);
            }
            limit = usize::MAX;
            reached_scratch = s.base == Base::Scratch;
        }
        if reached_scratch {
            return Cwd::Known(relative.iter().rev().fold("/".to_string(), |acc, rel| join(&acc, rel)));
        }
        match relative.split_first() {
            None => Cwd::BaseImage,
            Some(_) => {
                let path = relative.iter().rev().fold("/".to_string(), |acc, rel| join(&acc, rel));
                Cwd::UnderBaseImage(path.trim_start_matches('/').to_string())
            }
        }
    }
}

/// `C:\x`, `C:/x`.
fn is_windows_absolute(path: &str) -> bool {
    let mut chars = path.chars();
    matches!((chars.next(), chars.next()), (Some(letter), Some(':')) if letter.is_ascii_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_paths() {
        assert_eq!(join("/app", "."), "/app");
        assert_eq!(join("/app", "./src/"), "/app/src");
        assert_eq!(join("/app", "/srv//x/"), "/srv/x");
        assert_eq!(join("/", "app.py"), "/app.py");
        assert_eq!(join("/a/b", "../c"), "/a/c");
        assert!(is_under("/app/x", "/app") && is_under("/app", "/app") && !is_under("/appx", "/app"));
    }

    #[test]
    fn working_directory_follows_the_lineage_and_expands_variables() {
        let source =
            "ARG APP=/opt/app\nFROM python:3.13 AS base\nARG APP\nWORKDIR $APP\nFROM base\nWORKDIR src\nRUN true\n";
        let parse = crate::syntax::parse(source);
        let model = Model::build(&parse.file, source);
        let run = parse.file.instructions.len() - 1;
        let expand = |text: &str, at: usize| model.resolve(at, text);
        assert_eq!(model.cwd_before(&parse.file, source, run, &expand), Cwd::Known("/opt/app/src".into()));
        assert_eq!(model.cwd_before(&parse.file, source, run, &|_, _| None), Cwd::Unknown);
        assert_eq!(model.cwd_before(&parse.file, source, 2, &|_, _| None), Cwd::BaseImage);
    }
}
