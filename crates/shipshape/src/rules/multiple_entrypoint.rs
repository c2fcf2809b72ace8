use super::multiple_cmd::check_repeated;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for stages with more than one `ENTRYPOINT`.
    ///
    /// ## Why is this bad?
    /// Each `ENTRYPOINT` replaces the previous one, so only the last takes effect. An earlier
    /// `ENTRYPOINT` misleads the reader about what the container runs. Worse, setting
    /// `ENTRYPOINT` also resets a `CMD` inherited from the base image, which is easy to miss
    /// when several are stacked.
    ///
    /// Each later `ENTRYPOINT` is reported. `ENTRYPOINT`s in different stages, and
    /// `ONBUILD ENTRYPOINT` triggers, are independent.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ENTRYPOINT ["/bin/sh"]
    /// COPY entrypoint.sh /
    /// ENTRYPOINT ["/entrypoint.sh"]
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// COPY entrypoint.sh /
    /// ENTRYPOINT ["/entrypoint.sh"]
    /// ```
    ///
    /// ## Fix safety
    /// The fix deletes the earlier `ENTRYPOINT`s of the same stage, which never take effect, so
    /// it is safe. It keeps comment lines around them, and offers no fix when a comment sits
    /// inside the instruction to delete.
    code: "DL4004",
    name: "multiple-entrypoint",
    category: Correctness,
    fix: Sometimes,
    hadolint: Some("DL4004"),
    buildkit: Some("MultipleInstructionsDisallowed"),
    summary: "A stage has more than one ENTRYPOINT",
    check: check,
}

fn check(ctx: &mut Checker) {
    check_repeated(ctx, Kind::Entrypoint);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(&RULE)
            .pass(&[
                "FROM alpine:3.20\nENTRYPOINT [\"/app\"]\nCMD [\"serve\"]\n",
                "FROM alpine:3.20 AS a\nENTRYPOINT [\"/a\"]\nFROM a\nENTRYPOINT [\"/b\"]\n",
                "FROM alpine:3.20\nONBUILD ENTRYPOINT [\"/a\"]\nENTRYPOINT [\"/b\"]\n",
            ])
            .fail(&[
                "FROM alpine:3.20\nENTRYPOINT [\"/bin/sh\"]\nCOPY entrypoint.sh /\nENTRYPOINT [\"/entrypoint.sh\"]\n",
                "FROM alpine:3.20\nENTRYPOINT /a\nENTRYPOINT /b\nENTRYPOINT /c\n",
            ])
            .fix(&[(
                "FROM alpine:3.20\nENTRYPOINT [\"/bin/sh\"]\nCOPY entrypoint.sh /\nENTRYPOINT [\"/entrypoint.sh\"]\n",
                "FROM alpine:3.20\nCOPY entrypoint.sh /\nENTRYPOINT [\"/entrypoint.sh\"]\n",
            )])
            .run();
    }
}
