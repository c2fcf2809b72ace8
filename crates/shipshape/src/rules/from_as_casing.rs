use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks that the `AS` of `FROM … AS <name>` is written in the same case as `FROM`:
    /// `FROM … AS …` or `from … as …`.
    ///
    /// ## Why is this bad?
    /// Keywords are case-insensitive, so the build works either way, but `FROM … as …` mixes
    /// two styles on one line and makes the stage name harder to spot. When `FROM` itself mixes
    /// cases (`From`), `consistent-instruction-casing` reports it instead.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12-slim as builder
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12-slim AS builder
    /// ```
    code: "SS102",
    name: "from-as-casing",
    category: Style,
    fix: Always,
    hadolint: None,
    buildkit: Some("FromAsCasing"),
    summary: "The `AS` keyword's case does not match `FROM`",
    check: check,
}

fn check(ctx: &mut Checker) {
    for (_, instruction) in ctx.instructions() {
        if instruction.kind != Kind::From {
            continue;
        }
        let Args::From(args) = &instruction.args else { continue };
        let (Some(as_keyword), Some(_)) = (&args.as_keyword, &args.name) else {
            continue;
        };
        let from = ctx.text(instruction.keyword);
        let wanted = if from == from.to_ascii_uppercase() {
            "AS"
        } else if from == from.to_ascii_lowercase() {
            "as"
        } else {
            // A mixed-case `From` is consistent-instruction-casing's finding.
            continue;
        };
        let written = ctx.text(as_keyword.range);
        if written == wanted {
            continue;
        }
        ctx.report_fix(
            as_keyword.range,
            format!("`{written}` does not match the case of `{from}`: write `{from} … {wanted} …`"),
            Some(Fix::safe(format!("Write `{wanted}`"), vec![Edit::replace(as_keyword.range, wanted)])),
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
                // From BuildKit's docs for FromAsCasing.
                "FROM debian:latest AS deb-builder\n",
                "from debian:latest as deb-builder\n",
                "From debian:12 as build\n",
                "FROM debian:12\n",
                "FROM debian:12 AS\n",
            ])
            .fail(&["FROM debian:latest as builder\n", "from scratch AS base\n", "FROM scratch As base\n"])
            .fix(&[
                ("FROM debian:12 as builder\nRUN make\n", "FROM debian:12 AS builder\nRUN make\n"),
                ("from debian:12 AS builder\nrun make\n", "from debian:12 as builder\nrun make\n"),
                (
                    "FROM --platform=$BUILDPLATFORM golang:1.23 aS build\n",
                    "FROM --platform=$BUILDPLATFORM golang:1.23 AS build\n",
                ),
            ])
            .run();
    }
}
