use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for `ONBUILD ONBUILD`, `ONBUILD FROM` and `ONBUILD MAINTAINER`.
    ///
    /// ## Why is this bad?
    /// An ONBUILD trigger runs as an instruction of whatever image builds on this one. Docker
    /// does not allow a trigger to start a new stage (`FROM`), to add a trigger of its own
    /// (`ONBUILD`), or to use the deprecated `MAINTAINER`: the build of every image based on
    /// this one fails on the trigger.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22
    /// ONBUILD FROM node:22-slim
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:22
    /// ONBUILD COPY package.json /app/
    /// ```
    code: "DL3043",
    name: "invalid-onbuild-trigger",
    category: Correctness,
    fix: Never,
    hadolint: Some("DL3043"),
    buildkit: None,
    summary: "ONBUILD triggers ONBUILD, FROM or MAINTAINER",
    check: check,
}

fn check(ctx: &mut Checker) {
    for (_, instruction) in ctx.instructions() {
        let Args::Onbuild(Some(inner)) = &instruction.args else { continue };
        if matches!(inner.kind, Kind::Onbuild | Kind::From | Kind::Maintainer) {
            let keyword = inner.kind.as_str();
            ctx.report(
                instruction.range,
                format!("`ONBUILD {keyword}` is not allowed: the build of any image based on this one fails on it"),
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
                "ONBUILD ADD anything anywhere\n",
                "ONBUILD RUN anything\n",
                "ONBUILD HEALTHCHECK NONE\n",
                "ONBUILD\n",
                "FROM debian:12\n",
                "MAINTAINER \"Some One\"\n",
            ])
            .fail(&["ONBUILD ONBUILD RUN anything\n", "ONBUILD FROM debian:12\n", "onbuild maintainer \"Some One\"\n"])
            .run();
    }
}
