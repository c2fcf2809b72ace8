use crate::rules::prelude::*;
use crate::text::code;

declare_rule! {
    /// ## What it does
    /// Checks for `COPY` to a relative destination (`COPY app.py app.py`, `COPY . .`) in a
    /// stage where no `WORKDIR` has been set, neither in the stage nor in the stages it builds
    /// on.
    ///
    /// ## Why is this bad?
    /// A relative destination is resolved against the working directory, which then comes from
    /// the base image: `/` for most, `/go` for `golang`, `/usr/src/app` for others. The files
    /// land somewhere that depends on an image you do not control, and moving to another base
    /// image silently moves them. Set `WORKDIR` first, or write an absolute destination.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.13-slim
    /// COPY requirements.txt requirements.txt
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.13-slim
    /// WORKDIR /app
    /// COPY requirements.txt requirements.txt
    /// ```
    ///
    /// ## Fix safety
    /// The fix makes the destination absolute from `/` (`COPY . .` becomes `COPY . /`), which is
    /// where the files land today only if the base image sets no working directory. It is
    /// unsafe: check the base image, or add the `WORKDIR` you meant.
    code: "DL3045",
    name: "copy-relative-without-workdir",
    category: Suspicious,
    fix: Sometimes,
    hadolint: Some("DL3045"),
    buildkit: None,
    summary: "COPY to a relative destination without a WORKDIR",
    check: check,
}

/// True for `/x`, `C:\x`, `C:/x` and destinations that start with a variable.
fn absolute_or_variable(dest: &str) -> bool {
    let bytes = dest.as_bytes();
    dest.starts_with(['/', '$'])
        || (bytes.len() >= 3 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' && matches!(bytes[2], b'\\' | b'/'))
}

/// True when a WORKDIR is in effect at instruction `index`: set earlier in its stage or in a
/// stage it builds on. An ONBUILD COPY runs in the image built from this stage, so any WORKDIR
/// of the stage counts, and so do ONBUILD WORKDIR triggers before it.
fn workdir_set(ctx: &Checker, index: usize) -> bool {
    let Some(stage) = ctx.model.stage_of[index] else { return false };
    let in_onbuild = ctx.file.instructions[index].kind == Kind::Onbuild;
    ctx.model.lineage(stage).any(|s| {
        s.instructions.clone().any(|i| {
            let instruction = &ctx.file.instructions[i];
            let trigger = instruction.kind == Kind::Onbuild;
            if instruction.effective().kind != Kind::Workdir {
                return false;
            }
            match (s.index == stage, in_onbuild, trigger) {
                // Stages this one builds on: all their WORKDIRs are in effect.
                (false, _, _) => true,
                (true, false, false) => i < index,
                (true, false, true) => false,
                (true, true, false) => true,
                (true, true, true) => i < index,
            }
        })
    })
}

fn check(ctx: &mut Checker) {
    for (index, copy) in ctx.of_kind(Kind::Copy) {
        let Args::Copy(args) = &copy.args else { continue };
        let Some(dest) = args.destination() else { continue };
        // The raw text too: with the default escape character `C:\dir` reads as `C:dir`.
        let raw = ctx.text(dest.range).trim_matches(['"', '\'']);
        if absolute_or_variable(&dest.value) || absolute_or_variable(raw) || workdir_set(ctx, index) {
            continue;
        }
        let fix = fix(ctx, index, dest);
        ctx.report_fix(
            dest.range,
            format!(
                "`COPY` to the relative path {} with no WORKDIR set: where the files land depends on the base image's working directory",
                code(&dest.value)
            ),
            fix,
        );
    }
}

/// Make the destination absolute from `/`, keeping its quotes.
fn fix(ctx: &Checker, index: usize, dest: &Word) -> Option<Fix> {
    let windows = ctx.model.stage_of[index].is_some_and(|s| ctx.model.stages[s].os == Os::Windows);
    if windows || dest.value.split(['/', '\\']).any(|part| part == "..") {
        return None;
    }
    let raw = ctx.text(dest.range);
    let quote = u32::from(raw.starts_with(['"', '\'']));
    let start = dest.range.start + quote;
    let inner = &raw[quote as usize..];
    let edit = if inner.starts_with("./") {
        Edit::replace(TextRange::new(start, start + 2), "/")
    } else if inner.trim_end_matches(['"', '\'']) == "." {
        Edit::replace(TextRange::new(start, start + 1), "/")
    } else {
        Edit::insert(start, "/")
    };
    Some(Fix::unsafe_edit("Make the destination absolute from `/`", vec![edit]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(&RULE)
            .pass(&[
                "COPY bla.sh /usr/local/bin/blubb.sh\n",
                "COPY bla.sh \"/usr/local/bin/blubb.sh\"\n",
                "COPY bla.sh c:\\system32\\blubb.sh\n",
                "COPY bla.sh d:/mypath/blubb.sh\n",
                "FROM scratch\nWORKDIR /usr\nCOPY bla.sh blubb.sh\n",
                "COPY src.sh ${SRC_BASE_ENV}\n",
                "COPY src.sh \"$SRC_BASE_ENV\"\n",
                "FROM debian:12 AS base\nWORKDIR /usr\nFROM debian:12 AS other\nRUN foo\nFROM base\nCOPY foo bar\n",
                "FROM debian:12 AS base1\nWORKDIR /usr\nFROM base1 AS base2\nFROM base2\nCOPY foo bar\n",
                "FROM debian:12\nONBUILD WORKDIR /usr/local/lib\nONBUILD COPY foo bar\n",
                "FROM debian:12\nWORKDIR /app\nONBUILD COPY foo bar\n",
                "FROM debian:12\nONBUILD COPY foo bar\nWORKDIR /app\n",
                "FROM debian:12\nCOPY [\"a\", \"/b\"]\n",
            ])
            .fail(&[
                "COPY bla.sh blubb.sh\n",
                "COPY bla.sh \"blubb.sh\"\n",
                "COPY a b\n",
                "FROM debian:12 AS stage1\nWORKDIR /usr\nFROM debian:12\nCOPY foo bar\n",
                "FROM debian:12\nONBUILD WORKDIR /usr/local/lib\nCOPY foo bar\n",
                "FROM debian:12\nCOPY foo bar\nWORKDIR /app\n",
                "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nCOPY foo bar\n",
                "FROM debian:12\nONBUILD COPY foo bar\n",
            ])
            .fix(&[
                ("FROM python:3.13\nCOPY . .\n", "FROM python:3.13\nCOPY . /\n"),
                ("FROM python:3.13\nCOPY app.py ./\n", "FROM python:3.13\nCOPY app.py /\n"),
                ("FROM python:3.13\nCOPY app.py ./src/\n", "FROM python:3.13\nCOPY app.py /src/\n"),
                ("FROM python:3.13\nCOPY --chown=app a \"b\"\n", "FROM python:3.13\nCOPY --chown=app a \"/b\"\n"),
                ("FROM python:3.13\nCOPY [\"a\", \"b\"]\n", "FROM python:3.13\nCOPY [\"a\", \"/b\"]\n"),
                ("FROM python:3.13\nCOPY a ../b\n", "FROM python:3.13\nCOPY a ../b\n"),
            ])
            .run();
    }
}
