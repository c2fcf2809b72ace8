use crate::rules::prelude::*;
use crate::text::code;

declare_rule! {
    /// ## What it does
    /// Checks for `COPY` or `ADD` with several sources whose destination does not end with
    /// `/`.
    ///
    /// ## Why is this bad?
    /// With more than one source, the destination must be a directory, and Docker only
    /// accepts it as one when it ends with `/`. Without the slash the build fails with
    /// "When using COPY with more than one source file, the destination must be a directory
    /// and end with a /".
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.13-slim
    /// COPY pyproject.toml uv.lock /app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.13-slim
    /// COPY pyproject.toml uv.lock /app/
    /// ```
    code: "DL3021",
    name: "multi-source-copy-without-trailing-slash",
    category: Correctness,
    fix: Always,
    hadolint: Some("DL3021"),
    buildkit: None,
    summary: "COPY with several sources to a destination without a trailing `/`",
    check: check,
}

fn check(ctx: &mut Checker) {
    for (_, copy) in ctx.instructions() {
        let copy = copy.effective();
        if !matches!(copy.kind, Kind::Copy | Kind::Add) {
            continue;
        }
        let Args::Copy(args) = &copy.args else { continue };
        let Some(destination) = args.destination() else { continue };
        let raw = ctx.text(destination.range);
        let quoted = raw.len() > 1 && raw.ends_with(['"', '\'']);
        let path = raw.trim_matches(['"', '\'']);
        // A variable may well end with `/`; only the build knows. Windows stages may end the
        // directory with `\`.
        if args.sources().len() < 2 || path.ends_with(['/', '\\']) || path.contains('$') {
            continue;
        }
        let at = if quoted { destination.range.end - 1 } else { destination.range.end };
        let keyword = copy.kind.as_str();
        let fix = Fix::safe("Add `/` to the destination", vec![Edit::insert(at, "/")]);
        ctx.report_fix(
            destination.range,
            format!(
                "{keyword} with several sources needs a directory as destination, written with a trailing `/`: {}, or the build fails",
                code(&format!("{path}/"))
            ),
            Some(fix),
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
                "COPY app.py /app\n",
                "COPY a.py b.py /app/\n",
                "COPY a.py b.py \"/app/\"\n",
                "COPY [\"a.py\", \"b.py\", \"/app/\"]\n",
                "COPY a.py b.py $APP_DIR\n",
                "# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nCOPY a.py b.py C:\\app\\\n",
            ])
            .fail(&["COPY a.py b.py /app\n", "ADD a.py b.py dest\n", "ONBUILD COPY a b c\n"])
            .fix(&[
                ("COPY a.py b.py /app\n", "COPY a.py b.py /app/\n"),
                ("COPY --chown=app a.py b.py \"/my app\"\n", "COPY --chown=app a.py b.py \"/my app/\"\n"),
                ("COPY [\"a.py\", \"b.py\", \"/app\"]\n", "COPY [\"a.py\", \"b.py\", \"/app/\"]\n"),
                ("COPY a.py \\\n     b.py \\\n     /app\n", "COPY a.py \\\n     b.py \\\n     /app/\n"),
                ("COPY <<one <<two /etc/conf\nA\none\nB\ntwo\n", "COPY <<one <<two /etc/conf/\nA\none\nB\ntwo\n"),
            ])
            .run();
    }
}
