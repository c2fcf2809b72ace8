use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for `wget` without a setting for its progress output: `--progress=…`,
    /// `-q` (`--quiet`), `-nv` (`--no-verbose`), or a log file (`-o`, `-a`).
    ///
    /// ## Why is this bad?
    /// Without a terminal, GNU wget falls back to printing a dot for every kilobyte it
    /// downloads. A 100 MB download writes thousands of lines into the build log, which slows
    /// the build output down and buries what matters. `--progress=dot:giga` prints one dot per
    /// megabyte instead.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN wget https://example.com/app.tar.gz
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN wget --progress=dot:giga https://example.com/app.tar.gz
    /// ```
    ///
    /// ## Fix safety
    /// The fix is safe. It adds `--progress=dot:giga` where the stage's base image has GNU wget
    /// (Debian, Ubuntu, RHEL, SUSE). Elsewhere `wget` may be BusyBox's, which has no
    /// `--progress` option, so the fix adds `-q`, which both understand.
    code: "DL3047",
    name: "wget-without-progress",
    category: Style,
    fix: Always,
    hadolint: Some("DL3047"),
    buildkit: None,
    summary: "`wget` fills the build log with its progress output",
    check: check,
}

/// Short options of wget that take a value, which may be attached (`-O/tmp/x`).
const VALUE_SHORT: &str = "OoaiBtTwePUYDRAQlI";

/// True when wget is told how to report progress, or not to report it at all, or it does not
/// download anything (`--version`, `--help`).
fn quiet(command: &SimpleCommand) -> bool {
    command.args().iter().any(|w| {
        let v = w.value.as_str();
        if let Some(long) = v.strip_prefix("--") {
            let name = long.split('=').next().unwrap_or(long);
            return matches!(
                name,
                "progress" | "quiet" | "no-verbose" | "output-file" | "append-output" | "version" | "help"
            );
        }
        let Some(short) = v.strip_prefix('-') else { return false };
        if let Some(rest) = short.strip_prefix('n') {
            // `-nv`, `-nc`, `-nd`: `-n` combines with one letter.
            return rest == "v";
        }
        for c in short.chars() {
            if matches!(c, 'q' | 'o' | 'a' | 'V' | 'h') {
                return true;
            }
            if VALUE_SHORT.contains(c) {
                break;
            }
        }
        false
    })
}

fn check(ctx: &mut Checker) {
    for (index, _, script) in ctx.scripts() {
        let gnu = ctx.model.stage_of[index]
            .is_some_and(|s| matches!(ctx.model.stages[s].os, Os::Debian | Os::Ubuntu | Os::Rhel | Os::Suse));
        for command in script.find("wget") {
            if quiet(command) {
                continue;
            }
            let Some(program) = command.words.first() else { continue };
            let flag = if gnu { "--progress=dot:giga" } else { "-q" };
            let fix = Fix::safe(format!("Add `{flag}`"), vec![Edit::insert(program.range.end, format!(" {flag}"))]);
            ctx.report_fix(
                command.range,
                "`wget` without `--progress=dot:giga` (or `-q`) writes a line of progress dots into the build log for every 50 KB it downloads",
                Some(fix),
            );
        }
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
                "FROM node AS foo\nRUN wget --progress=dot:giga my.xyz\n",
                "FROM node AS foo\nRUN wget -q my.xyz\n",
                "FROM node AS foo\nRUN wget -qO- my.xyz | sh\n",
                "FROM node AS foo\nRUN wget --quiet my.xyz\n",
                "FROM node AS foo\nRUN wget -nv my.xyz\n",
                "FROM node AS foo\nRUN wget --no-verbose my.xyz\n",
                "FROM node AS foo\nRUN wget --output-file=/tmp/wget.log my.xyz\n",
                "FROM node AS foo\nRUN wget -o /tmp/wget.log my.xyz\n",
                "FROM node AS foo\nRUN wget -a /tmp/wget.log my.xyz\n",
                "FROM node AS foo\nRUN wget --version\n",
                "FROM node AS foo\nRUN curl -fsSL my.xyz\n",
            ])
            .fail(&[
                "FROM node AS foo\nRUN wget my.xyz\n",
                "FROM node AS foo\nRUN wget -O/tmp/queue my.xyz\n",
                "FROM node AS foo\nRUN wget -nc my.xyz\n",
                "FROM node AS foo\nONBUILD RUN wget my.xyz\n",
            ])
            .fix(&[
                (
                    "FROM debian:12\nRUN wget -O /tmp/app.tgz https://example.com/app.tgz\n",
                    "FROM debian:12\nRUN wget --progress=dot:giga -O /tmp/app.tgz https://example.com/app.tgz\n",
                ),
                (
                    "FROM alpine:3.22\nRUN wget -O /tmp/app.tgz https://example.com/app.tgz\n",
                    "FROM alpine:3.22\nRUN wget -q -O /tmp/app.tgz https://example.com/app.tgz\n",
                ),
            ])
            .run();
    }
}
