use crate::rules::prelude::*;
use crate::text::code;

declare_rule! {
    /// ## What it does
    /// Checks for two stages with the same name (`FROM … AS build` twice). Stage names are
    /// compared without regard to case, as BuildKit does.
    ///
    /// ## Why is this bad?
    /// BuildKit refuses to build a file whose stage names repeat ("duplicate stage name").
    /// Even where a tool accepts it, `COPY --from=build` and `FROM build` could then mean
    /// either stage.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22 AS build
    /// RUN npm ci
    /// FROM node:22 AS build
    /// RUN npm run build
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:22 AS deps
    /// RUN npm ci
    /// FROM deps AS build
    /// RUN npm run build
    /// ```
    code: "DL3024",
    name: "duplicate-stage-name",
    category: Correctness,
    fix: Never,
    hadolint: Some("DL3024"),
    buildkit: Some("DuplicateStageName"),
    summary: "Two stages have the same name",
    check: check,
}

fn check(ctx: &mut Checker) {
    let model = ctx.model;
    for (k, stage) in model.stages.iter().enumerate() {
        let (Some(name), Some(from)) = (&stage.name, stage.from) else { continue };
        let Some(&first) = model.stage_names[name].first().filter(|&&first| first < k) else { continue };
        let first = &model.stages[first];
        let Args::From(args) = &ctx.file.instructions[from].args else { continue };
        let Some(word) = &args.name else { continue };
        let line = first.from.map_or(0, |f| ctx.line_of(ctx.file.instructions[f].range.start));
        ctx.report(
            word.range,
            format!("The stage name {} is already used on line {line}: BuildKit refuses duplicate stage names, so give each stage its own", code(&word.value)),
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
            .pass(&["FROM scratch AS build\nFROM node:22 AS run\n", "FROM scratch\nFROM scratch\n"])
            .fail(&[
                "FROM node:22 AS foo\nRUN a\nFROM scratch AS foo\nRUN b\n",
                "FROM node:22 AS foo\nFROM scratch AS FOO\nFROM scratch AS foo\n",
            ])
            .run();
    }
}
