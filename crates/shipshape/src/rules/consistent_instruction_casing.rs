use crate::rules::prelude::*;
use crate::text::code;

declare_rule! {
    /// ## What it does
    /// Checks that every instruction keyword is written in the casing most of the file uses:
    /// all uppercase (`RUN`) or all lowercase (`run`). A keyword mixing cases (`Run`,
    /// `EntryPoint`) is always reported. On a tie, uppercase wins, as in BuildKit.
    ///
    /// ## Why is this bad?
    /// Keywords are case-insensitive, so the build works, but a file that mixes `RUN` and `run`
    /// is harder to scan: the eye looks for one shape of keyword at the start of each line.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// Run echo hello > /greeting.txt
    /// ENTRYPOINT ["cat", "/greeting.txt"]
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN echo hello > /greeting.txt
    /// ENTRYPOINT ["cat", "/greeting.txt"]
    /// ```
    code: "SS104",
    name: "consistent-instruction-casing",
    category: Style,
    fix: Always,
    hadolint: None,
    buildkit: Some("ConsistentInstructionCasing"),
    summary: "An instruction keyword's casing differs from the rest of the file",
    check: check,
}

fn check(ctx: &mut Checker) {
    let keywords: Vec<&Instruction> = ctx.file.instructions.iter().filter(|i| i.kind != Kind::Unknown).collect();
    let (mut lower, mut upper) = (0, 0);
    for instruction in &keywords {
        let text = ctx.text(instruction.keyword);
        if text == text.to_ascii_lowercase() {
            lower += 1;
        } else if text == text.to_ascii_uppercase() {
            upper += 1;
        }
    }
    let majority_lower = lower > upper;
    let (casing, name) = if majority_lower {
        (str::to_ascii_lowercase as fn(&str) -> String, "lowercase")
    } else {
        (str::to_ascii_uppercase as fn(&str) -> String, "uppercase")
    };
    for outer in keywords {
        // The instruction an ONBUILD wraps is a keyword of the file too.
        let inner = match &outer.args {
            Args::Onbuild(Some(inner)) if inner.kind != Kind::Unknown => Some(inner.as_ref()),
            _ => None,
        };
        for instruction in std::iter::once(outer).chain(inner) {
            let text = ctx.text(instruction.keyword);
            let wanted = casing(text);
            if text == wanted {
                continue;
            }
            let message = if text == text.to_ascii_lowercase() || text == text.to_ascii_uppercase() {
                format!("{} differs from the {name} keywords of the rest of the file: write `{wanted}`", code(text))
            } else {
                format!("{} mixes upper- and lowercase letters: write `{wanted}` like the rest of the file", code(text))
            };
            let fix = Fix::safe(format!("Write `{wanted}`"), vec![Edit::replace(instruction.keyword, wanted.clone())]);
            ctx.report_fix(instruction.keyword, message, Some(fix));
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
                // From BuildKit's docs for ConsistentInstructionCasing.
                "FROM alpine\nRUN echo hello > /greeting.txt\nENTRYPOINT [\"cat\", \"/greeting.txt\"]\n",
                "from alpine\nrun echo hello > /greeting.txt\nentrypoint [\"cat\", \"/greeting.txt\"]\n",
                "FROM alpine\nRUN <<EOF\nenv\nEOF\n",
                "from alpine\nonbuild run make\n",
                "FROM alpine\nFOO bar\nfoo bar\n",
            ])
            .fail(&[
                "From alpine\nRun echo hello > /greeting.txt\nEntRYpOiNT [\"cat\", \"/greeting.txt\"]\n",
                "FROM scratch\ncopy Dockerfile /foo\nCOPY Dockerfile /bar\n",
                "from scratch\nCOPY Dockerfile /foo\ncopy Dockerfile /bar\n",
                "from scratch\nCOPY a /a\nCOPY b /b\nCOPY c /c\n",
                "FROM alpine\nONBUILD run make\n",
            ])
            .fix(&[
                (
                    "From alpine\nRun echo hello > /greeting.txt\nEntRYpOiNT [\"cat\", \"/greeting.txt\"]\n",
                    "FROM alpine\nRUN echo hello > /greeting.txt\nENTRYPOINT [\"cat\", \"/greeting.txt\"]\n",
                ),
                (
                    "FROM scratch\ncopy Dockerfile /foo\ncopy Dockerfile /bar\ncopy Dockerfile /baz\n",
                    "from scratch\ncopy Dockerfile /foo\ncopy Dockerfile /bar\ncopy Dockerfile /baz\n",
                ),
                (
                    "from alpine\nONBUILD RUN make \\\n  install\nrun ls\n",
                    "from alpine\nonbuild run make \\\n  install\nrun ls\n",
                ),
                ("FROM alpine\n  run   echo hi\n", "FROM alpine\n  RUN   echo hi\n"),
            ])
            .run();
    }
}
