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

criterion_group!(benches, bench);
criterion_main!(benches);
