use super::relative_workdir::{Cwd, cwd_before, join};
use crate::rules::prelude::*;
use crate::text::code;

declare_rule! {
    /// ## What it does
    /// Checks for a tar archive brought in with `COPY` and then unpacked with `tar -x` by a
    /// later RUN of the same stage.
    ///
    /// Only archives that `ADD` can unpack itself are reported: plain, gzip, bzip2, xz and
    /// zstd tarballs (`.tar`, `.tar.gz`, `.tgz`, `.tar.bz2`, `.tar.xz`, `.tar.zst`, …).
    ///
    /// ## Why is this bad?
    /// The COPY layer keeps the archive and the RUN layer adds its unpacked files, so the
    /// image carries the content twice, even if the RUN deletes the archive afterwards. `ADD`
    /// unpacks a local tarball while copying it, in one layer, with no `tar` needed in the
    /// image.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12-slim
    /// COPY app.tar.gz /tmp/
    /// RUN tar -xzf /tmp/app.tar.gz -C /opt
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12-slim
    /// ADD app.tar.gz /opt/
    /// ```
    ///
    /// ## Fix safety
    /// The fix is offered when the RUN does nothing but unpack the archive (and perhaps delete
    /// it) with plain options (`-x`, `-f`, `-C`, `-v` and the compression flags) into a
    /// directory known from WORKDIR or `-C`. It turns the COPY into an `ADD` to that directory
    /// and removes the RUN. `ADD` unpacks as root and keeps the owners stored in the archive,
    /// where `tar` run by another user would not, so the fix is unsafe.
    code: "DL3010",
    name: "copy-then-extract-archive",
    category: Performance,
    fix: Sometimes,
    hadolint: Some("DL3010"),
    buildkit: None,
    summary: "A copied tar archive is unpacked by a later RUN instead of by ADD",
    check: check,
}

/// The file name at the end of a path, quotes removed (also for Windows paths).
fn basename(path: &str) -> &str {
    let path = path.trim_matches(|c| c == '"' || c == '\'');
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

/// Tarballs ADD unpacks (BuildKit detects plain, gzip, bzip2, xz and zstd).
fn is_tarball(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [".tar", ".gz", ".tgz", ".bz2", ".tbz", ".tbz2", ".tb2", ".xz", ".txz", ".zst", ".tzst"]
        .iter()
        .any(|ext| lower.ends_with(ext) && lower.len() > ext.len())
}

/// How a `tar` command extracts, when it does.
#[derive(Default)]
struct Tar<'a> {
    extract: bool,
    file: Option<&'a str>,
    directory: Option<&'a str>,
    /// Only options the fix can reproduce with ADD.
    plain: bool,
}

fn read_tar(command: &SimpleCommand) -> Tar<'_> {
    let mut tar = Tar { plain: true, ..Tar::default() };
    let mut args = command.args().iter().enumerate().peekable();
    while let Some((i, word)) = args.next() {
        let value = word.value.as_str();
        // Old style: `tar xzf archive.tar.gz`.
        let cluster = match value.strip_prefix('-') {
            Some(rest) if !rest.starts_with('-') => Some(rest),
            None if i == 0 && !value.is_empty() && value.chars().all(|c| c.is_ascii_alphabetic()) => Some(value),
            _ => None,
        };
        if let Some(cluster) = cluster {
            for (at, c) in cluster.char_indices() {
                match c {
                    'x' => tar.extract = true,
                    'z' | 'j' | 'J' | 'v' => {}
                    'f' | 'C' => {
                        let rest = &cluster[at + 1..];
                        let target =
                            if rest.is_empty() { args.next().map(|(_, w)| w.value.as_str()) } else { Some(rest) };
                        if c == 'f' {
                            tar.file = target
                        } else {
                            tar.directory = target
                        }
                        break;
                    }
                    _ => tar.plain = false,
                }
            }
            continue;
        }
        let (name, inline) =
            match value.strip_prefix("--").map(|v| v.split_once('=').map_or((v, None), |(n, v)| (n, Some(v)))) {
                Some(pair) => pair,
                None => {
                    // An operand: a member to extract, which ADD cannot select.
                    tar.plain = false;
                    continue;
                }
            };
        match name {
            "extract" | "get" => tar.extract = true,
            "gzip" | "gunzip" | "bzip2" | "xz" | "zstd" | "verbose" => {}
            "file" | "directory" => {
                let target = inline.or_else(|| args.next().map(|(_, w)| w.value.as_str()));
                if name == "file" { tar.file = target } else { tar.directory = target }
            }
            _ => tar.plain = false,
        }
    }
    tar
}

/// True for a `tar` command that extracts.
fn extracts(command: &SimpleCommand) -> bool {
    command.is("tar") && read_tar(command).extract
}

fn check(ctx: &mut Checker) {
    for stage in &ctx.model.stages {
        // (COPY index, archive name) of the archives copied in so far.
        let mut archives: Vec<(usize, String)> = Vec::new();
        let mut reported: Vec<usize> = Vec::new();
        for i in stage.instructions.clone() {
            let instruction = &ctx.file.instructions[i];
            match instruction.kind {
                Kind::Copy if instruction.flag("from").is_none() => {
                    let Args::Copy(copy) = &instruction.args else { continue };
                    let Some(destination) = copy.destination() else { continue };
                    let target = basename(ctx.text(destination.range));
                    if is_tarball(target) {
                        archives.push((i, target.to_string()));
                    } else {
                        for source in copy.sources() {
                            let name = basename(ctx.text(source.range));
                            if is_tarball(name) {
                                archives.push((i, name.to_string()));
                            }
                        }
                    }
                }
                Kind::Run => {
                    let Some(script) = ctx.model.script(i) else { continue };
                    for command in script.commands.iter().filter(|c| extracts(c)) {
                        let names: Vec<&str> = command.args().iter().map(|w| basename(&w.value)).collect();
                        for (copy, name) in &archives {
                            if reported.contains(copy) || !names.contains(&name.as_str()) {
                                continue;
                            }
                            reported.push(*copy);
                            let fix = fix(ctx, *copy, i, script, command);
                            ctx.report_fix(
                                ctx.file.instructions[*copy].range,
                                format!("{} is copied in and then unpacked by a RUN, so the image holds it twice: `ADD` unpacks a local tarball in one layer", code(name)),
                                fix,
                            );
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

/// The absolute form of `path` in working directory `cwd`, when both are known.
fn resolve(cwd: &Cwd, path: &str) -> Option<String> {
    if path.contains(['$', '\\', '`']) {
        return None;
    }
    match cwd {
        _ if path.starts_with('/') => Some(join("/", path)),
        Cwd::Known(base) => Some(join(base, path)),
        _ => None,
    }
}

/// Turns the COPY into an ADD to the directory the RUN unpacks into, and removes the RUN.
fn fix(ctx: &Checker, copy_index: usize, run_index: usize, script: &Script, tar: &SimpleCommand) -> Option<Fix> {
    let copy = &ctx.file.instructions[copy_index];
    let run = &ctx.file.instructions[run_index];
    let Args::Copy(args) = &copy.args else { return None };
    let [source, destination] = args.paths.as_slice() else { return None };
    if copy.json
        || !copy.heredocs.is_empty()
        || !copy.comments.is_empty()
        || copy.flags.iter().any(|f| !matches!(f.name.as_str(), "chown" | "chmod" | "link"))
        || destination.value.contains('$')
        || !run.flags.is_empty()
        || !run.heredocs.is_empty()
        || !run.comments.is_empty()
        || run.json
    {
        return None;
    }
    // The RUN is the `tar` command, and at most an `rm` of the archive after it.
    let commands: Vec<&SimpleCommand> = script.commands.iter().collect();
    let rm = match commands.as_slice() {
        [only] if std::ptr::eq(*only, tar) => None,
        [first, second] if std::ptr::eq(*first, tar) && second.is("rm") => Some(*second),
        _ => return None,
    };
    if commands.iter().any(|c| c.depth != 0 || !c.assignments.is_empty() || !c.redirects.is_empty()) {
        return None;
    }
    let read = read_tar(tar);
    let run_cwd = cwd_before(ctx, run_index);
    let archive = read.file.filter(|_| read.plain && read.extract)?;
    let archive = resolve(&run_cwd, archive)?;
    let into = match read.directory {
        Some(dir) => resolve(&run_cwd, dir)?,
        None => resolve(&run_cwd, ".")?,
    };
    if let Some(rm) = rm {
        let mut operands = rm.args().iter().filter(|w| !w.value.starts_with('-'));
        let removes_archive = operands.next().is_some_and(|w| resolve(&run_cwd, &w.value).as_ref() == Some(&archive))
            && operands.next().is_none()
            && rm.args().iter().all(|w| !w.value.starts_with('-') || matches!(w.value.as_str(), "-f" | "-rf" | "-fr"));
        if !removes_archive {
            return None;
        }
    }
    // Where COPY put the archive: the destination itself, or inside it as a directory.
    let dest = resolve(&cwd_before(ctx, copy_index), &destination.value)?;
    let name = basename(ctx.text(source.range));
    let lands =
        if destination.value.ends_with('/') { vec![join(&dest, name)] } else { vec![dest.clone(), join(&dest, name)] };
    if !lands.contains(&archive) {
        return None;
    }
    // Nothing in between may use the archive.
    let used_between = (copy_index + 1..run_index).any(|i| ctx.text(ctx.file.instructions[i].range).contains(name));
    if used_between {
        return None;
    }
    let keyword = if ctx.text(copy.keyword) == "copy" { "add" } else { "ADD" };
    let into = if into == "/" { into } else { format!("{into}/") };
    Some(Fix::unsafe_edit(
        format!("Use `ADD` to unpack {} into {}", code(name), code(&into)),
        vec![Edit::replace(copy.keyword, keyword), Edit::replace(destination.range, into), ctx.delete_instruction(run)],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(&RULE)
            .pass(&[
                "FROM debian:12-slim\nCOPY app.tar.gz /tmp/\n",
                "FROM debian:12-slim\nCOPY app.zip /tmp/\nRUN unzip /tmp/app.zip\n",
                "FROM debian:12-slim\nCOPY --from=build /out/app.tar /tmp/\nRUN tar -xf /tmp/app.tar\n",
                "FROM debian:12-slim\nCOPY app.tar.gz /tmp/\nRUN tar -tzf /tmp/app.tar.gz\n",
                "FROM debian:12-slim\nCOPY app.tar.gz /tmp/\nFROM debian:12-slim\nRUN tar -xzf /tmp/app.tar.gz\n",
                "FROM debian:12-slim\nCOPY data.lzma /tmp/\nRUN tar --lzma -xf /tmp/data.lzma\n",
            ])
            .fail(&[
                "FROM debian:12-slim\nCOPY app.tar /usr/src/app\nRUN tar -xf /usr/src/app/app.tar\n",
                "FROM debian:12-slim\nCOPY dist/app.tgz /opt/app.tgz\nWORKDIR /opt\nRUN set -e && tar xzf app.tgz --strip-components=1\n",
                "FROM debian:12-slim\nCOPY a.tar.xz b.tar.xz /tmp/\nRUN tar -xJf /tmp/b.tar.xz -C /opt\n",
            ])
            .fix(&[
                (
                    "FROM debian:12-slim\nCOPY app.tar.gz /tmp/\nRUN tar -xzf /tmp/app.tar.gz -C /opt\n",
                    "FROM debian:12-slim\nADD app.tar.gz /opt/\n",
                ),
                (
                    "FROM debian:12-slim\nWORKDIR /srv\nCOPY --chown=app:app app.tar /srv/app.tar\nRUN tar -xvf app.tar && rm -f app.tar\nCMD [\"./app\"]\n",
                    "FROM debian:12-slim\nWORKDIR /srv\nADD --chown=app:app app.tar /srv/\nCMD [\"./app\"]\n",
                ),
                (
                    "FROM debian:12-slim\nCOPY app.tar /usr/src/app\nRUN tar --extract --file=/usr/src/app/app.tar --directory /usr/src/app\n",
                    "FROM debian:12-slim\nADD app.tar /usr/src/app/\n",
                ),
            ])
            .run();
    }
}
