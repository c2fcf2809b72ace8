use crate::rules::prelude::*;
use crate::text::code;

declare_rule! {
    /// ## What it does
    /// Checks for build stages named `scratch` or `context`.
    ///
    /// ## Why is this bad?
    /// Both words already mean something to BuildKit. `scratch` is the empty image: a later
    /// `FROM scratch` would not mean your stage. `context` names the build context in
    /// `COPY --from=context` and `--build-context`. A stage with either name makes the file
    /// ambiguous to read and may not do what it says.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.26 AS scratch
    /// RUN go build -o /app .
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM golang:1.26 AS build
    /// RUN go build -o /app .
    /// ```
    code: "DL3063",
    name: "reserved-stage-name",
    category: Suspicious,
    fix: Never,
    hadolint: Some("DL3063"),
    buildkit: Some("ReservedStageName"),
    summary: "A stage is named with the reserved word `scratch` or `context`",
    check: check,
}

fn check(ctx: &mut Checker) {
    for (_, from) in ctx.instructions() {
        let Args::From(args) = &from.args else { continue };
        let Some(name) = &args.name else { continue };
        let lower = name.value.to_ascii_lowercase();
        if matches!(lower.as_str(), "scratch" | "context") {
            let meaning = if lower == "scratch" { "the empty base image" } else { "the build context" };
            ctx.report(
                name.range,
                format!(
                    "{} is reserved for {meaning} and should not name a stage: choose another name",
                    code(&name.value)
                ),
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
            .pass(&["FROM foo:bar AS foobar\n", "FROM scratch\n", "FROM foo:bar AS scratch-build\n"])
            .fail(&["FROM foo:bar AS scratch\n", "FROM foo:bar AS context\n", "FROM foo:bar as Scratch\n"])
            .run();
    }
}
