//! What an editor waits for: from a keystroke's `didChange` to the document's new diagnostics,
//! over an in-memory connection (`cargo bench -p shipshape_server`). Budget: 5 ms for a
//! 500-line Dockerfile. Also code actions and hovers on it, a keystroke in a 10 MB file, and
//! opening each hostile shape of `shipshape::hostile` at two sizes.

#[path = "../tests/support/mod.rs"]
mod support;

use criterion::{Criterion, criterion_group, criterion_main};
use serde_json::{Value, json};
use shipshape_server::Hooks;
use support::{Client, full_capabilities, range};

const URI: &str = "file:///bench/Dockerfile";

/// A multi-stage build of about 25 lines, repeated to `lines`: the kind of file a monorepo
/// keeps, with findings and fixes in every stage.
fn dockerfile(lines: usize) -> String {
    let stage = "\
# syntax-free comment for the stage
FROM python:3.13-slim AS build{n}
ARG VERSION=1.{n}
ENV PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY requirements.txt .
RUN apt-get update && apt-get install -y build-essential curl \\
    && pip install -r requirements.txt \\
    && rm -rf /var/lib/apt/lists/*
COPY . .
RUN python -m build --wheel --outdir /dist

FROM node:22-alpine AS web{n}
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci && npm cache clean --force
COPY web/ ./web/
RUN npm run build

FROM python:3.13-slim
COPY --from=build{n} /dist /dist
RUN pip install /dist/*.whl
COPY --from=web{n} /app/dist /srv/static
EXPOSE 8000
CMD [\"gunicorn\", \"app:app\"]
";
    let mut out = String::new();
    let (mut n, mut count) = (0, 0);
    while count < lines {
        out.push_str(&stage.replace("{n}", &n.to_string()));
        count += stage.lines().count();
        n += 1;
    }
    out.lines().take(lines).map(|l| format!("{l}\n")).collect()
}

/// A server with `text` open and its first diagnostics received.
fn server_with(text: &str) -> Client {
    let mut client = Client::start(Hooks::default());
    client.initialize(full_capabilities(), Value::Null, None);
    client.open(URI, text);
    client
}

/// Types one character into the comment on `line` and deletes it again, alternately, and waits
/// for the diagnostics of each version.
fn keystroke(client: &mut Client, line: u32, version: &mut i32) {
    *version += 1;
    let change = if *version % 2 == 0 {
        json!([{ "range": range(line, 2, line, 2), "text": "x" }])
    } else {
        json!([{ "range": range(line, 2, line, 3), "text": "" }])
    };
    client.change(URI, *version, change);
    let target = *version;
    client.notification("textDocument/publishDiagnostics", |p| p["version"] == target);
}

fn latency(c: &mut Criterion) {
    let text = dockerfile(500);
    let mut client = server_with(&text);
    let mut version = 1;
    let mut group = c.benchmark_group("500-line Dockerfile");
    group.bench_function("didChange to publishDiagnostics", |b| b.iter(|| keystroke(&mut client, 0, &mut version)));
    group.bench_function("codeAction (quick fixes and fix-all)", |b| {
        b.iter(|| client.code_actions(URI, range(7, 10, 7, 10), None))
    });
    group.bench_function("codeAction/resolve (fix all)", |b| {
        let actions = client.code_actions(URI, range(0, 0, 0, 0), Some(json!(["source.fixAll"])));
        let fix_all = actions.first().cloned().expect("a fix-all action");
        b.iter(|| client.request("codeAction/resolve", fix_all.clone()).expect("resolves"))
    });
    group.bench_function("hover on a finding", |b| {
        let params = json!({ "textDocument": { "uri": URI }, "position": { "line": 6, "character": 20 } });
        b.iter(|| client.request("textDocument/hover", params.clone()).expect("hover"))
    });
    group.finish();
    assert_eq!(client.shutdown(), shipshape_server::Ended::Exit);
}

/// The corpus's 12,231-line `large.Dockerfile` (286 stages), repeated to 10 MB.
fn ten_megabytes() -> Option<String> {
    let dir = std::env::var_os("SHIPSHAPE_SHARED")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    let large = std::fs::read_to_string(dir.join("corpus/large.Dockerfile")).ok()?;
    Some(large.repeat(10_000_000 / large.len() + 1))
}

/// A 10 MB document: a keystroke is one edit and one check of the whole file.
fn huge(c: &mut Criterion) {
    let Some(text) = ten_megabytes() else {
        eprintln!("../shared/corpus/large.Dockerfile not found: the 10 MB case was not measured");
        return;
    };
    let mut client = server_with(&text);
    let mut version = 1;
    let mut group = c.benchmark_group("10 MB Dockerfile");
    group.sample_size(10);
    group.bench_function("didChange to publishDiagnostics", |b| b.iter(|| keystroke(&mut client, 1, &mut version)));
    group.bench_function("hover (checked already)", |b| {
        let params = json!({ "textDocument": { "uri": URI }, "position": { "line": 200_000, "character": 2 } });
        b.iter(|| client.request("textDocument/hover", params.clone()).expect("hover"))
    });
    group.finish();
    assert_eq!(client.shutdown(), shipshape_server::Ended::Exit);
}

/// Opening a document of each hostile shape (`shipshape::hostile`) at half the size it is named
/// after and at that size, to its diagnostics: the time must double with the size.
fn hostile(c: &mut Criterion) {
    let mut client = server_with("FROM alpine:3.20\n");
    let mut group = c.benchmark_group("hostile didOpen to publishDiagnostics");
    let mut opened = 0;
    group.sample_size(10);
    for shape in shipshape::hostile::SHAPES {
        for n in [shape.full / 2, shape.full] {
            let text = (shape.generate)(n);
            let id = format!("{} ({n} {})", shape.name, shape.unit);
            group.bench_function(id, |b| {
                b.iter(|| {
                    // A new document each time, so that the diagnostics waited for are its own.
                    opened += 1;
                    let uri = format!("file:///bench/{opened}/Dockerfile");
                    client.open(&uri, &text);
                    client.notify("textDocument/didClose", json!({ "textDocument": { "uri": uri } }));
                })
            });
        }
    }
    group.finish();
    assert_eq!(client.shutdown(), shipshape_server::Ended::Exit);
}

criterion_group!(benches, latency, huge, hostile);
criterion_main!(benches);
