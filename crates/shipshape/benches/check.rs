//! Throughput of check and fix on the corpus's 12,231-line `large.Dockerfile`
//! (`cargo xtask bench`). Budget: the whole file checked in under 20 ms.

use std::path::PathBuf;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use shipshape::{Applicability, Settings};

fn shared() -> PathBuf {
    std::env::var_os("SHIPSHAPE_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"))
}

fn large() -> Option<String> {
    std::fs::read_to_string(shared().join("corpus/large.Dockerfile")).ok()
}

/// The corpus's 296 files, as `shipshape check` over the directory reads them.
fn corpus() -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(shared().join("corpus/files")) else { return Vec::new() };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    paths.iter().filter_map(|p| std::fs::read_to_string(p).ok()).collect()
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

/// The whole corpus checked file after file, in one process as the CLI does: with the default
/// rules, and without the ShellCheck rules (what they add, in proportion, is what the
/// whole-process comparison of `cargo xtask bench-cli` sees on top of start-up and output).
fn whole_corpus(c: &mut Criterion) {
    let files = corpus();
    if files.is_empty() {
        eprintln!("../shared/corpus/files not found: nothing to measure");
        return;
    }
    let settings = Settings::default();
    let no_shell = Settings { ignore: ["SC1", "SC2", "SC3"].map(String::from).to_vec(), ..Settings::default() };
    let mut group = c.benchmark_group("corpus");
    group.throughput(Throughput::Bytes(files.iter().map(|f| f.len() as u64).sum()));
    group.bench_function("check (default rules)", |b| {
        b.iter(|| files.iter().map(|f| shipshape::check(f, &settings).len()).sum::<usize>())
    });
    group.bench_function("check (default rules but ShellCheck's)", |b| {
        b.iter(|| files.iter().map(|f| shipshape::check(f, &no_shell).len()).sum::<usize>())
    });
    group.finish();
}

criterion_group!(benches, bench, whole_corpus);
criterion_main!(benches);
