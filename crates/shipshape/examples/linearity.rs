//! Is every entry point linear in the size of every hostile shape? Times parse, check (all
//! rules), fix (unsafe, all rules), format and the distroless conversion on each shape of
//! `shipshape::hostile` at a size `n` and at `2n`, prints a Markdown table of the times and
//! their ratio, and exits 1 when a ratio is above 3 (linear is 2, quadratic 4; a pair above 3 is measured again from 2n to 4n).
//! `cargo xtask shapes` runs it in release (`--full` measures at the sizes the shapes are named
//! after, `--shape NAME` one shape only).

use std::hint::black_box;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use shipshape::distroless::{self, Options};
use shipshape::format::FormatOptions;
use shipshape::hostile::{SHAPES, Shape};
use shipshape::{Applicability, Settings};

/// A ratio above this is not linear (with room for noise on a shared machine).
const MAX_RATIO: f64 = 3.0;

type EntryPoint = (&'static str, fn(&str));

const ENTRY_POINTS: &[EntryPoint] = &[
    ("parse", |s| drop(black_box(shipshape::parse(s)))),
    ("check", |s| drop(black_box(shipshape::check(s, &all_rules())))),
    ("fix", |s| drop(black_box(shipshape::fix(s, &all_rules(), Applicability::Unsafe)))),
    ("format", |s| drop(black_box(shipshape::format::format(s, &FormatOptions::default())))),
    ("distroless", |s| drop(black_box(distroless::convert(s, &Options::default())))),
];

fn all_rules() -> Settings {
    Settings { select: vec!["ALL".to_string()], ..Settings::default() }
}

/// The time of one run: runs are batched until a batch takes [`BATCH`], so that work of a few
/// microseconds is timed as well as work of seconds, and the shortest of a few batches is kept
/// (noise on a shared machine only ever adds time).
fn time(run: fn(&str), source: &str) -> Duration {
    let mut best = Duration::MAX;
    let started = Instant::now();
    for _ in 0..5 {
        let (mut runs, at) = (0u32, Instant::now());
        while runs == 0 || at.elapsed() < BATCH {
            run(source);
            runs += 1;
        }
        best = best.min(at.elapsed() / runs);
        if started.elapsed() > Duration::from_secs(2) {
            break;
        }
    }
    best
}

/// How long a batch of runs takes at least.
const BATCH: Duration = Duration::from_millis(20);

/// The size `n` a shape is measured at: [`Shape::measure`], or half the size it is named after,
/// so that 2n is that size.
fn base_size(shape: &Shape, full: bool) -> usize {
    if full { shape.full / 2 } else { shape.measure }
}

/// time(2n)/time(n).
fn ratio(a: Duration, b: Duration) -> f64 {
    b.as_secs_f64() / a.as_secs_f64().max(1e-9)
}

/// Under this, a ratio above [`MAX_RATIO`] is not a failure: what grows faster than the size
/// at such sizes costs nothing at any size a file has.
const NEGLIGIBLE: Duration = Duration::from_millis(1);

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let full = args.iter().any(|a| a == "--full");
    let only = args.iter().position(|a| a == "--shape").and_then(|i| args.get(i + 1));
    let only_entry = args.iter().position(|a| a == "--entry").and_then(|i| args.get(i + 1));
    let mut failures = Vec::new();
    println!("| shape | n | entry point | time(n) | time(2n) | ratio |");
    println!("|---|---|---|---:|---:|---:|");
    for shape in SHAPES.iter().filter(|s| only.is_none_or(|o| o == s.name)) {
        let n = base_size(shape, full);
        let (small, large) = ((shape.generate)(n), (shape.generate)(2 * n));
        for (entry, run) in ENTRY_POINTS.iter().filter(|(e, _)| only_entry.is_none_or(|o| o == e)) {
            let (a, b) = (time(*run, &small), time(*run, &large));
            let (mut r, mut larger) = (ratio(a, b), b);
            println!("| {} | {n} {} | {entry} | {} | {} | {r:.2} |", shape.name, shape.unit, ms(a), ms(b));
            if r > MAX_RATIO && b > NEGLIGIBLE {
                // A size that just outgrows a cache can cost more than twice as much once:
                // superlinear time shows again from 2n to 4n.
                larger = time(*run, &(shape.generate)(4 * n));
                r = ratio(b, larger);
                println!(
                    "| {} | {} {} | {entry} | {} | {} | {r:.2} |",
                    shape.name,
                    2 * n,
                    shape.unit,
                    ms(b),
                    ms(larger)
                );
            }
            if r > MAX_RATIO && larger > NEGLIGIBLE {
                failures.push(format!("{} ({entry}): time(2n)/time(n) = {r:.2}", shape.name));
            }
        }
    }
    if failures.is_empty() {
        return ExitCode::SUCCESS;
    }
    eprintln!("not linear:\n  {}", failures.join("\n  "));
    ExitCode::FAILURE
}
