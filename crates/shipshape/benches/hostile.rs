//! Every entry point on every hostile shape of `shipshape::hostile` (a 10 MB file, a million
//! lines, 10,000 nested `$(`, 10,000 stages, a heredoc that never ends, ...) at three sizes, n,
//! 2n and 4n, from the size each is measured at (`Shape::measure`; `cargo xtask bench`):
//! the time of each must double with the size. `cargo xtask shapes` checks the ratios.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use shipshape::distroless::{self, Options};
use shipshape::format::FormatOptions;
use shipshape::hostile::SHAPES;
use shipshape::{Applicability, Settings};

fn hostile(c: &mut Criterion) {
    let all = Settings { select: vec!["ALL".to_string()], ..Settings::default() };
    for shape in SHAPES {
        let mut group = c.benchmark_group(format!("hostile/{}", shape.name));
        group.sample_size(10);
        for factor in [1, 2, 4] {
            let n = shape.measure * factor;
            let source = (shape.generate)(n);
            group.throughput(Throughput::Bytes(source.len() as u64));
            let id = |entry: &str| BenchmarkId::new(entry, format!("{n} {}", shape.unit));
            group.bench_function(id("parse"), |b| b.iter(|| shipshape::parse(&source)));
            group.bench_function(id("check"), |b| b.iter(|| shipshape::check(&source, &all)));
            group.bench_function(id("fix"), |b| b.iter(|| shipshape::fix(&source, &all, Applicability::Unsafe)));
            let options = FormatOptions::default();
            group.bench_function(id("format"), |b| b.iter(|| shipshape::format::format(&source, &options)));
            let options = Options::default();
            group.bench_function(id("distroless"), |b| b.iter(|| distroless::convert(&source, &options)));
        }
        group.finish();
    }
}

criterion_group!(benches, hostile);
criterion_main!(benches);
