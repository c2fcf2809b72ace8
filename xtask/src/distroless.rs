//! `cargo xtask distroless`: what the converter does with the real-world Dockerfiles of
//! `../shared/realworld`, with both runtime families: how many convert, how many were already
//! distroless, and the refusals counted per class. `--files` lists every file's outcome,
//! `--corpus` reads `../shared/corpus/files` instead, and `--contexts DIR` gives the files the
//! build context of `NAME.Dockerfile` in `DIR/NAME/`, as `shipshape distroless --context` reads
//! them (the sets hold Dockerfiles only).

use std::path::{Path, PathBuf};

use shipshape::distroless::{self, Conversion, Options, RefusalClass, RuntimeFamily};

const RUNTIMES: [RuntimeFamily; 2] = [RuntimeFamily::Distroless, RuntimeFamily::Chainguard];

/// One file's outcome with one runtime family.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Converted { image: String },
    Unchanged,
    Refused { class: RefusalClass, reason: String },
}

impl Outcome {
    fn short(&self) -> String {
        match self {
            Outcome::Converted { image } => format!("converted ({image})"),
            Outcome::Unchanged => "already distroless".into(),
            Outcome::Refused { class, .. } => format!("refused: {class}"),
        }
    }
}

/// The outcomes of every file, per runtime family (in [`RUNTIMES`] order).
pub struct Report {
    pub set: String,
    pub files: Vec<(String, Vec<Outcome>)>,
}

pub fn run(args: &[String]) -> Result<(), String> {
    let corpus = args.iter().any(|a| a == "--corpus");
    let contexts = args
        .iter()
        .position(|a| a == "--contexts")
        .map(|i| args.get(i + 1).map(PathBuf::from).ok_or_else(|| "--contexts needs a directory".to_string()));
    let contexts = contexts.transpose()?;
    let report = measure_with(corpus, contexts.as_deref())?;
    let Some(report) = report else { return Ok(()) };
    print!("{}", report.table());
    if args.iter().any(|a| a == "--files") {
        println!();
        print!("{}", report.by_file());
    }
    Ok(())
}

/// Converts every file of the set; `None` (with a warning) when `../shared` is missing outside
/// CI.
pub fn measure(corpus: bool) -> Result<Option<Report>, String> {
    measure_with(corpus, None)
}

/// [`measure`], with the build context of each file from `contexts/<name>/` when there is one.
pub fn measure_with(corpus: bool, contexts: Option<&Path>) -> Result<Option<Report>, String> {
    let (dir, set) = if corpus {
        (crate::shared_dir().join("corpus/files"), "../shared/corpus/files")
    } else {
        (crate::shared_dir().join("realworld"), "../shared/realworld")
    };
    if !dir.is_dir() {
        let message = format!("{} is missing: the distroless table was not measured", dir.display());
        if std::env::var("CI").as_deref() == Ok("true") {
            return Err(message);
        }
        eprintln!("WARNING: {message}");
        return Ok(None);
    }
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && !p.extension().is_some_and(|e| e == "tsv" || e == "md"))
        .collect();
    paths.sort();
    let mut files = Vec::new();
    let mut with_context = 0;
    for path in &paths {
        let name = name_of(path);
        let context = match contexts {
            Some(dir) if dir.join(&name).is_dir() => {
                with_context += 1;
                context_files(&dir.join(&name), &std::fs::read_to_string(path).unwrap_or_default())?
            }
            _ => Vec::new(),
        };
        files.push((name, outcomes(path, &context)?));
    }
    let set = match contexts {
        Some(dir) => format!("{set}, {with_context} of them with a build context from {}", dir.display()),
        None => set.to_string(),
    };
    Ok(Some(Report { set, files }))
}

fn name_of(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().trim_end_matches(".Dockerfile").to_string()).unwrap_or_default()
}

/// The files of the context directory `dir` the conversion of `source` asks for, as the CLI's
/// `--context` reads them.
fn context_files(dir: &Path, source: &str) -> Result<Vec<distroless::ContextFile>, String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for path in entries.filter_map(Result::ok).map(|e| e.path()) {
            if path.is_dir() {
                walk(root, &path, out);
            } else if let Ok(relative) = path.strip_prefix(root) {
                out.push((relative.to_string_lossy().replace('\\', "/"), path.clone()));
            }
        }
    }
    let mut all = Vec::new();
    walk(dir, dir, &mut all);
    all.sort();
    let wanted = distroless::context_wanted(source);
    let mut files = Vec::new();
    for (relative, path) in all {
        if wanted.iter().any(|w| distroless::matches_wanted(w, &relative)) {
            let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            files.push(distroless::ContextFile { path: relative, text });
        }
    }
    Ok(files)
}

fn outcomes(path: &Path, context: &[distroless::ContextFile]) -> Result<Vec<Outcome>, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let source = String::from_utf8_lossy(&bytes);
    let mut out = Vec::new();
    for runtime in RUNTIMES {
        let conversion =
            std::panic::catch_unwind(|| distroless::convert(&source, &Options { runtime, context: context.to_vec() }))
                .map_err(|_| format!("{}: the converter panicked ({})", path.display(), runtime.as_str()))?;
        out.push(match conversion {
            Conversion::Converted(c) if c.unchanged => Outcome::Unchanged,
            Conversion::Converted(c) => Outcome::Converted { image: c.image },
            Conversion::Refused(r) => Outcome::Refused { class: r.class, reason: r.reason },
        });
    }
    Ok(out)
}

impl Report {
    /// Converted, already distroless and refused per class, one column per runtime family, as
    /// a Markdown table.
    pub fn table(&self) -> String {
        let count = |column: usize, f: &dyn Fn(&Outcome) -> bool| {
            self.files.iter().filter(|(_, outcomes)| f(&outcomes[column])).count()
        };
        let mut out = format!("Distroless conversions of {} ({} files)\n\n", self.set, self.files.len());
        out.push_str("| | --runtime distroless | --runtime chainguard |\n|---|---:|---:|\n");
        let row =
            |label: &str, f: &dyn Fn(&Outcome) -> bool| format!("| {label} | {} | {} |\n", count(0, f), count(1, f));
        out.push_str(&row("converted", &|o| matches!(o, Outcome::Converted { .. })));
        out.push_str(&row("already distroless (left as they are)", &|o| *o == Outcome::Unchanged));
        out.push_str(&row("refused", &|o| matches!(o, Outcome::Refused { .. })));
        for class in RefusalClass::ALL {
            let of_class = |o: &Outcome| matches!(o, Outcome::Refused { class: c, .. } if *c == class);
            if count(0, &of_class) + count(1, &of_class) == 0 {
                continue;
            }
            out.push_str(&row(&format!("refused: `{class}`, {}", class.summary()), &of_class));
        }
        out
    }

    /// Every file's outcome with each family, and the reason of each refusal.
    pub fn by_file(&self) -> String {
        let mut out = String::new();
        for (name, outcomes) in &self.files {
            out.push_str(&format!("{name}\n"));
            for (runtime, outcome) in RUNTIMES.iter().zip(outcomes) {
                out.push_str(&format!("  {:<10} {}\n", runtime.as_str(), outcome.short()));
                if let Outcome::Refused { reason, .. } = outcome {
                    out.push_str(&format!("             {reason}\n"));
                }
            }
        }
        out
    }
}
