use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for a `COPY . …` or `ADD . …` of the whole build context when no `.dockerignore`
    /// is known (the CLI looks for `Dockerfile.dockerignore` beside the Dockerfile, then for
    /// `.dockerignore` in the context directory; the playground uses the one you paste).
    ///
    /// ## Why is this bad?
    /// Without a `.dockerignore`, everything in the directory goes into the image: `.git`
    /// history, `.env` files with credentials, local virtualenvs and `node_modules`, build
    /// output. The image grows, secrets leak into a layer anyone with the image can read, and
    /// any change to an unrelated file invalidates the build cache. `shipshape dockerignore`
    /// prints a recommended file for the detected stack.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22.11-slim
    /// WORKDIR /app
    /// COPY . .
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:22.11-slim
    /// WORKDIR /app
    /// COPY package.json package-lock.json ./
    /// COPY src/ ./src/
    /// ```
    code: "SS003",
    name: "missing-dockerignore",
    category: Suspicious,
    fix: Never,
    hadolint: None,
    buildkit: None,
    summary: "The whole build context is copied and no .dockerignore is known",
    check: check,
}

fn check(ctx: &mut Checker) {
    if ctx.settings.dockerignore.is_some() {
        return;
    }
    let whole = ctx.instructions().map(|(_, i)| i.effective()).find(|i| {
        matches!(i.kind, Kind::Copy | Kind::Add)
            && i.flag("from").is_none()
            && copy_paths(i).split_last().is_some_and(|(_, sources)| sources.iter().any(|s| is_whole_context(&s.value)))
    });
    if let Some(instruction) = whole {
        ctx.report(
            instruction.range,
            "The whole build context is copied, and there is no .dockerignore: `.git`, `.env` files and local build output end up in the image",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dockerignore::DockerIgnore;
    use crate::settings::Settings;
    use crate::test_util::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(&RULE)
            .pass(&[
                "FROM alpine:3.20\nCOPY app.py /app/\n",
                "FROM alpine:3.20 AS b\nFROM alpine:3.20\nCOPY --from=b . /app\n",
            ])
            .fail(&[
                "FROM alpine:3.20\nCOPY . /app\n",
                "FROM alpine:3.20\nADD ./ /app\n",
                "FROM alpine:3.20\nCOPY --chown=1:1 . .\nCOPY . /x\n",
            ])
            .run();
    }

    #[test]
    fn quiet_when_a_dockerignore_is_known() {
        let settings = Settings { dockerignore: Some(DockerIgnore::parse(".git\n")), ..Settings::default() };
        RuleTest::new(&RULE).settings(settings).pass(&["FROM alpine:3.20\nCOPY . /app\n"]).without_snapshot().run();
    }
}
