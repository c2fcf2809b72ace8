//! `cargo xtask distroless`: what the converter does with the real-world Dockerfiles of
//! `../shared/realworld`, with both runtime families: how many convert, how many were already
//! distroless, and the refusals counted per class. `--files` lists every file's outcome, and
//! `--corpus` reads `../shared/corpus/files` instead.

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
    let report = measure(corpus)?;
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
    for path in &paths {
        files.push((name_of(path), outcomes(path)?));
    }
    Ok(Some(Report { set: set.to_string(), files }))
}

fn name_of(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().trim_end_matches(".Dockerfile").to_string()).unwrap_or_default()
}

fn outcomes(path: &Path) -> Result<Vec<Outcome>, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let source = String::from_utf8_lossy(&bytes);
    let mut out = Vec::new();
    for runtime in RUNTIMES {
        let conversion =
            std::panic::catch_unwind(|| distroless::convert(&source, &Options { runtime, ..Options::default() }))
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
