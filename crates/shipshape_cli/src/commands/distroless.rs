//! `shipshape distroless`: the converted Dockerfile on stdout (so it can be redirected to a
//! file) and the notes and comparison on stderr; or one JSON object. A refusal exits with 2
//! and its reason.

use shipshape::distroless::{Conversion, Options, RuntimeFamily};
use shipshape::text::LineIndex;

use super::Outcome;
use crate::args::{DistrolessArgs, Format, Runtime};
use crate::input;
use crate::output::json;

pub fn distroless(args: &DistrolessArgs) -> Outcome {
    run(args).unwrap_or_else(Outcome::Failed)
}

fn run(args: &DistrolessArgs) -> Result<Outcome, String> {
    let json_output = args.format == Format::Json;
    let source = input::read(&args.path)?;
    let runtime = match args.runtime {
        Runtime::Distroless => RuntimeFamily::Distroless,
        Runtime::Chainguard => RuntimeFamily::Chainguard,
    };
    let context = match &args.context {
        Some(dir) => input::context_files(dir, &shipshape::distroless::context_wanted(&source.text))?,
        None => Vec::new(),
    };
    let read: Vec<String> = context.iter().map(|f| f.path.clone()).collect();
    let conversion = shipshape::distroless::convert(&source.text, &Options { runtime, context });
    match conversion {
        Conversion::Refused(refusal) => {
            // `(line 8, needs-shell)`: where, and what kind of change would let it convert.
            let at = match refusal.range {
                Some(r) => format!(" (line {}, {})", LineIndex::new(&source.text).line(r.start) + 1, refusal.class),
                None => format!(" ({})", refusal.class),
            };
            if json_output {
                let _ = serde_json::to_writer_pretty(
                    std::io::stdout().lock(),
                    &json::refusal(&refusal, &source.text, &read),
                );
                out!("\n");
            } else if !read.is_empty() {
                eprintln!("read from the build context: {}", read.join(", "));
            }
            Ok(Outcome::Failed(format!("cannot convert {}{at}: {}", source.display, refusal.reason)))
        }
        Conversion::Converted(converted) => {
            if json_output {
                let _ = serde_json::to_writer_pretty(std::io::stdout().lock(), &json::conversion(&converted, &read));
                out!("\n");
            } else {
                out!("{}", converted.dockerfile);
                if !read.is_empty() {
                    eprintln!("read from the build context: {}", read.join(", "));
                }
                eprint!("{}", converted.report());
            }
            Ok(Outcome::Clean)
        }
    }
}
