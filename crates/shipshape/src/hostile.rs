//! Hostile sizes and shapes of input, generated: what the benchmarks (`benches/hostile.rs`,
//! `cargo xtask shapes`), the regression tests and the language server's benchmark feed every
//! entry point to show that time grows in proportion to size and the stack stays bounded.
//!
//! Each shape is a function of its size `n` (lines, bytes, depth or stages, as its doc says),
//! so a measure can compare `n` with `2n`. [`SHAPES`] lists them with the size each is named
//! after (a 10 MB file, a million lines, ...). Plain functions of the core's own types: a
//! front end that never calls them pays nothing for them.

/// A hostile shape: its name, the size it is named after and its generator.
#[derive(Clone, Copy, Debug)]
pub struct Shape {
    pub name: &'static str,
    /// What `n` counts, for tables.
    pub unit: &'static str,
    /// The size the shape is named after (10 MB, a million lines, ...).
    pub full: usize,
    /// The size `n` the linearity measures start from (time(n) against time(2n) and 4n): a
    /// sixteenth or a thirty-second of the named size for the large shapes, the named size for
    /// the nesting shapes, whose work at a sixteenth is too small to time, and a long line that
    /// stays under the 64 KiB BuildKit reads of a line even when its fixes lengthen it (above
    /// that the line is a syntax error, and the work is no longer the shape's).
    pub measure: usize,
    pub generate: fn(usize) -> String,
}

/// Every shape, in the order the tables list them.
pub const SHAPES: &[Shape] = &[
    Shape { name: "big file", unit: "bytes", full: 10_000_000, measure: 625_000, generate: big_file },
    Shape { name: "many lines", unit: "lines", full: 1_000_000, measure: 62_500, generate: many_lines },
    Shape { name: "long line", unit: "bytes", full: 1_000_000, measure: 15_000, generate: long_line },
    Shape { name: "long continuation", unit: "lines", full: 100_000, measure: 6_250, generate: long_continuation },
    Shape { name: "nested $(", unit: "depth", full: 10_000, measure: 10_000, generate: nested_substitutions },
    Shape { name: "nested (", unit: "depth", full: 10_000, measure: 10_000, generate: nested_subshells },
    Shape { name: "unclosed $(", unit: "depth", full: 10_000, measure: 10_000, generate: unclosed_substitutions },
    Shape { name: "stages", unit: "stages", full: 10_000, measure: 1_250, generate: stages },
    Shape { name: "open heredoc", unit: "lines", full: 1_000_000, measure: 31_250, generate: open_heredoc },
];

/// The shape named `name`.
pub fn shape(name: &str) -> Option<Shape> {
    SHAPES.iter().copied().find(|s| s.name == name)
}

/// About `bytes` bytes of an ordinary build: one stage of typical instructions (installs with
/// findings and fixes, comments, continuations, variables), repeated.
pub fn big_file(bytes: usize) -> String {
    const BLOCK: &str = "\
# install the build dependencies
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 APP_HOME=/srv/app
WORKDIR $APP_HOME
COPY requirements.txt .
RUN apt-get update && apt-get install -y build-essential curl \\
    && pip install -r requirements.txt \\
    && rm -rf /var/lib/apt/lists/*
RUN cd /tmp && wget https://example.com/x.tar.gz && tar xzf x.tar.gz && echo $HOME
COPY . .
";
    repeat_to("FROM python:3.13-slim\n", BLOCK, bytes)
}

/// `lines` short lines: instructions, comments and blank lines in one stage.
pub fn many_lines(lines: usize) -> String {
    const BLOCK: &str = "RUN echo $i\n# a comment\n\nENV A=1\n";
    let mut out = String::from("FROM alpine:3.20\n");
    let per_block = BLOCK.lines().count();
    for _ in 0..lines.div_ceil(per_block) {
        out.push_str(BLOCK);
    }
    out
}

/// A RUN on one line of about `bytes` bytes: many commands, expansions and substitutions.
pub fn long_line(bytes: usize) -> String {
    const PIECE: &str = "apt-get install -y pkg && x=$(echo $y) && echo \"${x}\" $z | grep -q w; ";
    let mut out = repeat_to("FROM debian:12\nRUN ", PIECE, bytes);
    out.push_str("true\n");
    out
}

/// One RUN continued over `lines` lines.
pub fn long_continuation(lines: usize) -> String {
    let mut out = String::from("FROM debian:12\nRUN true");
    for _ in 0..lines {
        out.push_str(" \\\n    && apt-get install -y curl && echo $HOME");
    }
    out.push('\n');
    out
}

/// `depth` command substitutions nested in one RUN, all closed.
pub fn nested_substitutions(depth: usize) -> String {
    format!("FROM alpine:3.20\nRUN {}true{}\n", "echo $(".repeat(depth), ")".repeat(depth))
}

/// `depth` subshells nested in one RUN, all closed.
pub fn nested_subshells(depth: usize) -> String {
    format!("FROM alpine:3.20\nRUN {}true{}\n", "(".repeat(depth), ")".repeat(depth))
}

/// `depth` command substitutions opened in one RUN and never closed.
pub fn unclosed_substitutions(depth: usize) -> String {
    format!("FROM alpine:3.20\nRUN {}\n", "$(".repeat(depth))
}

/// `count` named stages, each copying from the one before and built on it every tenth time.
pub fn stages(count: usize) -> String {
    let mut out = String::from("FROM alpine:3.20 AS s0\nRUN echo 0 > /out\n");
    for i in 1..count {
        let base = if i % 10 == 0 { format!("s{}", i - 1) } else { "alpine:3.20".to_string() };
        out.push_str(&format!("FROM {base} AS s{i}\nCOPY --from=s{} /out /in\nRUN cat /in > /out\n", i - 1));
    }
    out.push_str("CMD [\"cat\", \"/out\"]\n");
    out
}

/// A heredoc whose terminator never comes, `lines` lines long.
pub fn open_heredoc(lines: usize) -> String {
    let mut out = String::from("FROM alpine:3.20\nRUN <<EOF\n");
    for _ in 0..lines {
        out.push_str("echo $HOME && apk add curl\n");
    }
    out
}

/// `head` then whole copies of `block` until the text reaches `bytes`.
fn repeat_to(head: &str, block: &str, bytes: usize) -> String {
    let mut out = String::with_capacity(bytes + block.len());
    out.push_str(head);
    while out.len() < bytes {
        out.push_str(block);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_shape_grows_with_its_size() {
        for shape in SHAPES {
            let (small, large) = ((shape.generate)(1_000), (shape.generate)(2_000));
            assert!(large.len() > small.len() * 3 / 2, "{}: {} then {} bytes", shape.name, small.len(), large.len());
        }
        assert_eq!(many_lines(1_000).lines().count(), 1_001);
        assert!(big_file(10_000).len().abs_diff(10_000) < 500);
        assert_eq!(long_line(10_000).lines().count(), 2);
        assert_eq!(stages(50).matches("FROM ").count(), 50);
    }

    #[test]
    fn the_long_line_is_measured_under_buildkits_line_limit_fixed_or_not() {
        let shape = shape("long line").unwrap();
        let source = long_line(2 * shape.measure);
        let all = crate::Settings { select: vec!["ALL".to_string()], ..crate::Settings::default() };
        let fixed = crate::fix(&source, &all, crate::Applicability::Unsafe);
        assert!(fixed.fix_count() > 100, "{:?}", fixed.fixed);
        for text in [&source, &fixed.output] {
            let longest = text.lines().map(str::len).max().unwrap();
            assert!(longest < 64 * 1024, "{longest} bytes");
            assert!(crate::parse(text).errors.is_empty());
        }
    }
}
