use crate::rules::prelude::*;
use crate::semantic::vars;

declare_rule! {
    /// ## What it does
    /// Checks for `ADD` of local files or folders, where `COPY` does the same.
    ///
    /// `ADD` of a URL, a git repository or a local archive (`.tar`, `.tar.gz`, `.tgz`, …,
    /// which ADD unpacks) is not reported. A source given as a variable is judged by the
    /// default its `ARG` or `ENV` gives, and left alone without one.
    ///
    /// ## Why is this bad?
    /// `ADD` does more than copy: it downloads URLs and unpacks local tar archives. A reader
    /// has to check each source to know which of these happens, and a file that happens to
    /// be a tarball is unpacked by surprise. `COPY` only copies, so it says exactly what
    /// happens.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.13-slim
    /// ADD requirements.txt /app/
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.13-slim
    /// COPY requirements.txt /app/
    /// ```
    ///
    /// ## Fix safety
    /// Turning `ADD` of local files into `COPY` changes nothing, unless a file is a tarball in
    /// disguise (ADD recognises archives by content, not by name); the fix is safe. When a
    /// source comes from a variable, a build argument may replace its default with a URL or
    /// an archive at build time, so the fix is unsafe. With an archive or URL among the
    /// sources, or with ADD-only options (`--checksum`, `--keep-git-dir`, `--unpack`), no fix
    /// is offered.
    code: "DL3020",
    name: "add-instead-of-copy",
    category: Correctness,
    fix: Sometimes,
    hadolint: Some("DL3020"),
    buildkit: None,
    summary: "ADD is used for local files instead of COPY",
    check: check,
}

/// Extensions of the archives hadolint lets ADD unpack.
const ARCHIVES: &[&str] = &[
    ".tar", ".Z", ".bz2", ".gz", ".lz", ".lzma", ".tZ", ".tb2", ".tbz", ".tbz2", ".tgz", ".tlz", ".tpz", ".txz", ".xz",
    ".zst", ".tzst",
];

/// What an ADD source is.
#[derive(PartialEq, Eq)]
enum Source {
    /// A local file or folder, or a heredoc: COPY does the same.
    Local,
    /// A URL, a git repository or a local archive: ADD does something COPY does not.
    Special,
    /// Depends on a variable.
    Unknown,
}

fn classify(value: &str) -> Source {
    let value = value.trim_matches(|c| c == '"' || c == '\'');
    if value.contains("://") || value.starts_with("git@") {
        Source::Special
    } else if value.contains('$') {
        Source::Unknown
    } else if ARCHIVES.iter().any(|ext| value.ends_with(ext)) {
        Source::Special
    } else {
        Source::Local
    }
}

fn check(ctx: &mut Checker) {
    for (index, add) in ctx.of_kind(Kind::Add) {
        let Args::Copy(args) = &add.args else { continue };
        // `ADD ${JAR_FILE} app.jar` with `ARG JAR_FILE=target/app.jar`: judge the default.
        let lookup = |name: &str| ctx.model.variable(index, name).filter(|v| !v.is_empty());
        let resolve = |value: &str| vars::expand(value, &lookup).filter(|v| !v.is_empty());
        let from_variable = args.sources().iter().any(|w| w.value.contains('$'));
        let kinds: Vec<Source> = args
            .sources()
            .iter()
            .map(|w| {
                if w.value.starts_with("<<") {
                    Source::Local
                } else {
                    resolve(&w.value).map_or(Source::Unknown, |v| classify(&v))
                }
            })
            .collect();
        if kinds.is_empty() || kinds.contains(&Source::Unknown) || !kinds.contains(&Source::Local) {
            continue;
        }
        // COPY has no `--checksum`, `--keep-git-dir` or `--unpack`; an archive among the
        // sources would no longer be unpacked.
        let convertible = kinds.iter().all(|k| *k == Source::Local)
            && add.flags.iter().all(|f| !matches!(f.name.as_str(), "checksum" | "keep-git-dir" | "unpack"));
        let fix = convertible.then(|| {
            let keyword = if ctx.text(add.keyword).chars().all(|c| c.is_ascii_lowercase()) { "copy" } else { "COPY" };
            let edit = vec![Edit::replace(add.keyword, keyword)];
            if from_variable { Fix::unsafe_edit("Use `COPY`", edit) } else { Fix::safe("Use `COPY`", edit) }
        });
        ctx.report_fix(
            add.range,
            "`ADD` of local files copies them like `COPY`, but would also unpack any that is a tarball: use `COPY`, which only copies",
            fix,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(&RULE)
            .pass(&[
                "ADD rootfs.tar.gz /\n",
                "ADD \"app.tgz\" /opt/\n",
                "ADD https://example.com/tool.tar.gz /tmp/\n",
                "ADD --checksum=sha256:24454f830cdd https://example.com/README.md /docs/\n",
                "ADD git@github.com:moby/buildkit.git#v0.14.1 /src\n",
                "ADD https://github.com/moby/buildkit.git#v0.14.1 /src\n",
                "ADD $SOURCE /app/\n",
                "FROM alpine:3.21\nARG JAR\nADD ${JAR} /app.jar\n",
                "FROM alpine:3.21\nARG URL=https://example.com/app.jar\nADD ${URL} /app.jar\n",
                "COPY app.py /app/\n",
            ])
            .fail(&[
                "ADD app.py /app/\n",
                "ADD \"notes.zip\" /docs/\n",
                "ADD rootfs.tar.xz extra.conf /\n",
                "ONBUILD ADD . /app\n",
            ])
            .fix(&[
                ("ADD app.py /app/\n", "COPY app.py /app/\n"),
                ("add --chown=app:app . /app\n", "copy --chown=app:app . /app\n"),
                ("ONBUILD ADD [\"a b.txt\", \"/app/\"]\n", "ONBUILD COPY [\"a b.txt\", \"/app/\"]\n"),
                ("ADD <<EOF /etc/motd\nhello\nEOF\n", "COPY <<EOF /etc/motd\nhello\nEOF\n"),
                (
                    "FROM openjdk:21\nARG JAR_FILE=target/app.jar\nADD ${JAR_FILE} app.jar\n",
                    "FROM openjdk:21\nARG JAR_FILE=target/app.jar\nCOPY ${JAR_FILE} app.jar\n",
                ),
            ])
            .run();
    }
}
