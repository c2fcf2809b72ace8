use crate::rules::prelude::*;
use crate::text::code;

declare_rule! {
    /// ## What it does
    /// Checks for `COPY --from=<stage>` naming the stage the COPY is in, by name or index.
    ///
    /// ## Why is this bad?
    /// A stage cannot copy from itself: it does not exist yet while it is being built. The
    /// build fails with a circular dependency. The files are most likely meant to come from
    /// another stage, or are already there and need a plain `RUN cp`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22 AS build
    /// COPY --from=build /app/dist /srv
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:22 AS build
    /// RUN npm run build
    /// FROM nginx:1.27
    /// COPY --from=build /app/dist /usr/share/nginx/html
    /// ```
    code: "DL3023",
    name: "copy-from-own-stage",
    category: Correctness,
    fix: Never,
    hadolint: Some("DL3023"),
    buildkit: None,
    summary: "`COPY --from` names its own stage",
    check: check,
}

fn check(ctx: &mut Checker) {
    let model = ctx.model;
    for (index, copy) in ctx.instructions() {
        if copy.kind != Kind::Copy {
            continue;
        }
        let Some(flag) = copy.flag("from") else { continue };
        let Some(name) = flag.value.as_deref().and_then(|v| model.substitute_global(v)) else { continue };
        let Some(stage) = model.stage_of[index] else { continue };
        let own = &model.stages[stage];
        let by_name = own.name.as_deref() == Some(name.to_ascii_lowercase().as_str());
        let by_index = own.from.is_some() && name.parse::<usize>().is_ok_and(|n| n == stage);
        if by_name || by_index {
            ctx.report(flag.range, format!("{} names the stage this COPY is in, which does not exist until it is built: copy from an earlier stage", code(&format!("--from={name}"))));
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
                "FROM node:22 AS build\nRUN make\nFROM nginx:1.27 AS run\nCOPY --from=build /a /b\n",
                "FROM node:22\nCOPY --from=1 /a /b\nFROM node:22\n",
                "COPY --from=0 /a /b\n",
            ])
            .fail(&[
                "FROM node:22 AS foo\nCOPY --from=foo /a /b\n",
                "FROM node:22 AS Foo\nCOPY --from=FOO /a /b\n",
                "FROM node:22\nFROM nginx:1.27\nCOPY --from=1 /a /b\n",
            ])
            .run();
    }
}
