use crate::rules::prelude::*;
use crate::syntax::LineKind;
use crate::text::code;

declare_rule! {
    /// ## What it does
    /// Checks the comment right above a named `FROM … AS <stage>` or an `ARG`: BuildKit takes it
    /// as the description of that stage or argument, so it should start with the name, as in
    /// `# VERSION selects the release to build`. Pragmas (`# hadolint ignore=…`,
    /// `# check=…`) are not descriptions and are left alone.
    ///
    /// BuildKit marks this check experimental, so the rule is off by default; turn it on with
    /// `--select invalid-definition-description`.
    ///
    /// ## Why is this bad?
    /// `docker build --call=outline` and `--call=targets` list a file's stages and build
    /// arguments with the comment just above each as its description. An unrelated comment
    /// there ("install the toolchain") shows up as the description of the wrong thing. Start
    /// the comment with the name, or separate it from the instruction with a blank line.
    ///
    /// ## Example
    /// ```dockerfile
    /// # a non-descriptive comment
    /// FROM scratch AS base
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// # base is a stage for compiling source
    /// FROM scratch AS base
    /// # VERSION This is the version number.
    /// ARG VERSION=1
    /// ```
    code: "SS110",
    name: "invalid-definition-description",
    category: Pedantic,
    fix: Always,
    hadolint: None,
    buildkit: Some("InvalidDefinitionDescription"),
    enabled: false,
    summary: "The comment above a stage or ARG is not a description of it",
    check: check,
}

fn check(ctx: &mut Checker) {
    for (_, instruction) in ctx.instructions() {
        let names: Vec<String> = match (&instruction.kind, &instruction.args) {
            (Kind::From, Args::From(args)) => args.name.iter().map(|n| n.value.to_ascii_lowercase()).collect(),
            (Kind::Arg, Args::Pairs(pairs)) => pairs.iter().map(|p| p.key.value.clone()).collect(),
            _ => continue,
        };
        if names.is_empty() {
            continue;
        }
        let Some(comment) = comment_above(ctx, instruction) else { continue };
        let first_word = comment.split(' ').next().unwrap_or("");
        if names.iter().any(|n| n == first_word) {
            continue;
        }
        let keyword = instruction.kind.as_str();
        let name = if names.len() == 1 { names[0].as_str() } else { "<name>" };
        let at = ctx.line_start(instruction.range.start);
        let nl = ctx.newline();
        ctx.report_fix(
            instruction.keyword,
            format!(
                "The comment right above this {keyword} becomes its description in `docker build --call=outline`: start it with {}, or separate it with a blank line",
                code(name)
            ),
            Some(Fix::safe("Separate the comment with a blank line", vec![Edit::insert(at, nl)])),
        );
    }
}

/// The text of the comment on the line right above `instruction`, if that line is a comment
/// that could be a description.
fn comment_above<'a>(ctx: &Checker<'a>, instruction: &Instruction) -> Option<&'a str> {
    let lines = &ctx.file.lines;
    let line = lines.partition_point(|l| l.range.end <= instruction.range.start);
    let above = lines.get(line.checked_sub(1)?)?;
    if above.kind != LineKind::Comment {
        return None;
    }
    let comments = &ctx.file.comments;
    let comment = comments.get(comments.partition_point(|c| c.range.start < above.range.start))?;
    if !above.range.contains_range(comment.range) {
        return None;
    }
    let text = comment.text.as_str();
    // An empty `#` ends a description block; pragmas and check directives are not descriptions.
    let pragma = ["hadolint", "shipshape", "check=", "syntax=", "escape="].iter().any(|p| text.starts_with(p));
    (!text.is_empty() && !pragma).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::RuleTest;

    #[test]
    fn cases() {
        // Adapted from BuildKit's docs and tests for InvalidDefinitionDescription.
        RuleTest::new(&RULE)
            .pass(&[
                "# foo this is the foo\nARG foo=bar\n\n# base this is the base image\nFROM scratch AS base\n\n# version this is the version number\nARG version=latest\n\n# baz this is the baz\nARG foo=baz bar=qux baz=quux\n#\nARG bit=bat\n\n# comment for something other than ARG or FROM\nCOPY Dockerfile .\n",
                "# a non-descriptive comment\n\nFROM scratch AS base\n\n# another non-descriptive comment\n\nARG VERSION=1\n",
                "# install the toolchain\nFROM golang:1.23\n",
                "# hadolint ignore=DL3006\nFROM golang AS build\n",
                "FROM scratch\n# check=skip=SecretsUsedInArgOrEnv\nARG password\n",
                "# VERSION\nARG VERSION\n",
            ])
            .fail(&[
                "# bar this is the bar\nARG foo=bar\n# BasE this is the BasE image\nFROM scratch AS base\n# definitely a bad comment\nARG version=latest\n# definitely a bad comment\nARG foo=baz bar=qux baz=quux\n",
                "FROM alpine:3.20 AS build\n    # the version\n    ARG VERSION=1\n",
            ])
            .fix(&[
                ("# a non-descriptive comment\nFROM scratch AS base\n", "# a non-descriptive comment\n\nFROM scratch AS base\n"),
                ("FROM alpine\r\n# pick one\r\nARG A=1 B=2\r\n", "FROM alpine\r\n# pick one\r\n\r\nARG A=1 B=2\r\n"),
            ])
            .run();
    }
}
