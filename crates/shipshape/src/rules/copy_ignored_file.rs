use crate::dockerignore::{DockerIgnore, glob_match};
use crate::rules::prelude::*;
use crate::text::code;

declare_rule! {
    /// ## What it does
    /// Checks `COPY` and `ADD` sources from the build context against the `.dockerignore` in
    /// effect, and reports those it excludes. It needs the `.dockerignore`: the CLI finds it
    /// beside the Dockerfile or in the context directory, the playground takes it as a second
    /// input.
    ///
    /// ## Why is this bad?
    /// A path excluded by `.dockerignore` is not sent to the builder, so the `COPY` fails with
    /// "not found". Either the path should not be ignored, or the instruction should not copy
    /// it.
    ///
    /// Sources copied from another stage (`--from`), URLs, heredocs, wildcards and paths
    /// holding variables are not checked. A `!` exception that may bring back files under the source also keeps
    /// the rule quiet, since only some of them are excluded.
    ///
    /// ## Example
    /// With this `.dockerignore`:
    /// ```dockerignore
    /// */tmp/*
    /// ```
    /// ```dockerfile
    /// FROM scratch
    /// COPY ./forever/tmp/helloworld.txt /helloworld.txt
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM scratch
    /// COPY ./forever/helloworld.txt /helloworld.txt
    /// ```
    code: "SS109",
    name: "copy-ignored-file",
    category: Correctness,
    fix: Never,
    hadolint: None,
    buildkit: Some("CopyIgnoredFile"),
    summary: "COPY or ADD names a path that .dockerignore excludes",
    check: check,
}

fn check(ctx: &mut Checker) {
    let Some(ignore) = &ctx.settings.dockerignore else {
        return;
    };
    for (_, instruction) in ctx.instructions() {
        // ONBUILD instructions run later, in another build's context.
        if !matches!(instruction.kind, Kind::Copy | Kind::Add) || instruction.flag("from").is_some() {
            continue;
        }
        let Args::Copy(copy) = &instruction.args else { continue };
        for source in copy.sources() {
            let path = source.value.as_str();
            if path.contains('$') || path.starts_with("<<") || path.contains("://") || path.starts_with("git@") {
                continue;
            }
            if !is_excluded(ignore, path) {
                continue;
            }
            let keyword = instruction.kind.as_str();
            let message = if is_root(path) {
                format!(
                    "{} copies the whole context, but .dockerignore excludes everything in it",
                    code(&format!("{keyword} {path}"))
                )
            } else {
                format!(
                    "`{keyword}` source {} is excluded by .dockerignore, so the builder never receives it and this {keyword} fails",
                    code(path)
                )
            };
            ctx.report(source.range, message);
        }
    }
}

fn is_root(path: &str) -> bool {
    path.split('/').all(|part| part.is_empty() || part == ".")
}

fn clean(path: &str) -> String {
    path.split('/').filter(|s| !s.is_empty() && *s != ".").collect::<Vec<_>>().join("/")
}

/// True when `path` is excluded and no `!` exception could bring back anything under it.
fn is_excluded(ignore: &DockerIgnore, path: &str) -> bool {
    if is_root(path) {
        // The context root itself is only lost to a pattern that excludes every entry.
        return ignore.patterns.iter().any(|p| !p.negated && matches!(p.glob.as_str(), "*" | "**" | "**/*"))
            && !ignore.patterns.iter().any(|p| p.negated);
    }
    if path.contains(['*', '?', '[']) {
        // Which files a wildcard matches depends on the context's content.
        return false;
    }
    if !ignore.is_ignored(path) {
        return false;
    }
    let path = clean(path);
    let depth = path.split('/').count();
    !ignore.patterns.iter().filter(|p| p.negated).any(|p| {
        let segments: Vec<&str> = p.glob.split('/').collect();
        (segments.len() > depth && glob_match(&segments[..depth].join("/"), &path)) || p.glob.starts_with("**")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::Settings;
    use crate::test_util::RuleTest;

    fn with(dockerignore: &str) -> Settings {
        Settings { dockerignore: Some(DockerIgnore::parse(dockerignore)), ..Settings::default() }
    }

    #[test]
    fn cases() {
        // Adapted from BuildKit's tests for CopyIgnoredFile.
        RuleTest::new(&RULE)
            .settings(with("Dockerfile\n"))
            .pass(&[
                "FROM scratch AS base\nCOPY --from=base /Dockerfile /x\n",
                "FROM scratch\nCOPY . .\n",
                "FROM scratch\nONBUILD COPY Dockerfile .\n",
                "FROM scratch\nCOPY <<EOF /Dockerfile\nhi\nEOF\n",
                "FROM scratch\nADD https://example.com/Dockerfile /x\n",
                "FROM scratch\nARG NAME=Dockerfile\nCOPY $NAME /x\n",
            ])
            .fail(&[
                "FROM scratch\nCOPY Dockerfile .\nADD Dockerfile /windy\n",
                "FROM scratch\nCOPY [\"./Dockerfile\", \"/x\"]\n",
            ])
            .run();
        RuleTest::new(&RULE)
            .settings(with("**\n!Dockerfile\n!src\n"))
            .pass(&[
                "FROM scratch\nCOPY ./Dockerfile .\n",
                "FROM scratch\nCOPY src/main.rs /src/\n",
                "FROM scratch\nCOPY . .\n",
            ])
            .fail(&["FROM scratch\nCOPY README.md /\n"])
            .without_snapshot()
            .run();
        RuleTest::new(&RULE).settings(with("*\n")).fail(&["FROM scratch\nCOPY . .\n"]).without_snapshot().run();
        RuleTest::new(&RULE)
            .settings(with(".*\nnode_modules\nbuild/\n!build/keep\n"))
            .pass(&[
                "FROM scratch\nCOPY . .\n",
                "FROM scratch\nCOPY build /build\n",
                "FROM scratch\nCOPY src/*.js /app/\n",
            ])
            .fail(&["FROM node:22\nCOPY node_modules/.bin /app/bin\n", "FROM node:22\nCOPY .env /app/\n"])
            .without_snapshot()
            .run();
    }
}
