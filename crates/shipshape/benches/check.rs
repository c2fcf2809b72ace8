//! Throughput of check and fix on the corpus's 12,231-line `large.Dockerfile`
//! (`cargo xtask bench`). Budget: the whole file checked in under 20 ms.

use std::path::PathBuf;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use shipshape::{Applicability, Settings};

fn large() -> Option<String> {
    let dir = std::env::var_os("SHIPSHAPE_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    std::fs::read_to_string(dir.join("corpus/large.Dockerfile")).ok()
}

fn bench(c: &mut Criterion) {
    let Some(source) = large() else {
        eprintln!("../shared/corpus/large.Dockerfile not found: nothing to measure");
        return;
    };
    let settings = Settings::default();
    let all = Settings { select: vec!["ALL".to_string()], ..Settings::default() };
    let mut group = c.benchmark_group("large.Dockerfile");
    group.throughput(Throughput::Bytes(source.len() as u64));
    group.bench_function("parse", |b| b.iter(|| shipshape::parse(&source)));
    group.bench_function("check (default rules)", |b| b.iter(|| shipshape::check(&source, &settings)));
    group.bench_function("check (all rules)", |b| b.iter(|| shipshape::check(&source, &all)));
    // The ShellCheck rules alone, and everything but them: what reading each RUN script into a
    // syntax tree and checking it costs on top of the other rules.
    let shell = Settings { select: ["SC1", "SC2", "SC3"].map(String::from).to_vec(), ..Settings::default() };
    let no_shell = Settings { ignore: ["SC1", "SC2", "SC3"].map(String::from).to_vec(), ..Settings::default() };
    group.bench_function("check (ShellCheck rules only)", |b| b.iter(|| shipshape::check(&source, &shell)));
    group.bench_function("check (default rules but ShellCheck's)", |b| b.iter(|| shipshape::check(&source, &no_shell)));
    group.sample_size(10);
    group
        .bench_function("fix (unsafe, all rules)", |b| b.iter(|| shipshape::fix(&source, &all, Applicability::Unsafe)));
    group.finish();
}

/// Shapes that once made a rule scan back through the file for every instruction: each must
/// take time in proportion to its size (compare the two sizes).
fn pathological(c: &mut Criterion) {
    let all = Settings { select: vec!["ALL".to_string()], ..Settings::default() };
    let mut group = c.benchmark_group("pathological");
    for n in [10_000, 20_000] {
        let runs = format!("FROM alpine:3.20\n{}", "RUN pip install flask && sudo echo hi\n".repeat(n));
        group.throughput(Throughput::Bytes(runs.len() as u64));
        group.bench_function(format!("{n} RUN lines"), |b| b.iter(|| shipshape::check(&runs, &all)));
    }
    // Deep nesting is read to a fixed depth and skipped linearly after it.
    for piece in ["$(", "`", "if true; then ", "{ "] {
        let nested = format!("FROM alpine:3.20\nRUN {}\n", piece.repeat(10_000));
        group.bench_function(format!("10,000 nested {}", piece.trim()), |b| b.iter(|| shipshape::check(&nested, &all)));
    }
    group.finish();
}

criterion_group!(benches, bench, pathological);
criterion_main!(benches);
