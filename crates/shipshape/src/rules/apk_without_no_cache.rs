use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for `apk add` without `--no-cache`.
    ///
    /// ## Why is this bad?
    /// Without `--no-cache`, apk downloads the package index into `/var/cache/apk` and leaves it
    /// in the layer. `--no-cache` fetches the index to a temporary place and removes it, so no
    /// `apk update` or `rm -rf /var/cache/apk/*` is needed. A BuildKit cache or tmpfs mount on
    /// `/var/cache/apk` also keeps the cache out of the image.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk update && apk add curl
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add --no-cache curl
    /// ```
    code: "DL3019",
    name: "apk-without-no-cache",
    category: Performance,
    fix: Always,
    hadolint: Some("DL3019"),
    buildkit: None,
    summary: "`apk add` leaves the package index in the image",
    check: check,
}

fn check(ctx: &mut Checker) {
    for (_, run, script) in ctx.scripts() {
        if mounts(run).any(|(kind, target)| {
            matches!(kind, "cache" | "tmpfs") && target.is_some_and(|t| t.starts_with("/var/cache/apk"))
        }) {
            continue;
        }
        for command in script.find("apk") {
            let Some(add) = command.args().iter().find(|w| w.value == "add") else {
                continue;
            };
            if command.has_long_flag("no-cache") {
                continue;
            }
            // `--no-cache` replaces `--update`/`-U`: drop them in the same fix so the command
            // ends up in the state the rule asks for.
            let mut edits = vec![Edit::insert(add.range.end, " --no-cache")];
            for word in command.args().iter().filter(|w| w.value == "--update" || w.value == "-U") {
                edits.push(Edit::delete(TextRange::new(word.range.start - 1, word.range.end)));
            }
            let fix = Fix::safe("Add `--no-cache`", edits);
            ctx.report_fix(
                command.range,
                "`apk add` without `--no-cache` leaves the package index in `/var/cache/apk`",
                Some(fix),
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
                "RUN apk add --no-cache curl\n",
                "RUN --mount=type=cache,target=/var/cache/apk apk add -U curl\n",
                "RUN --mount=type=tmpfs,target=/var/cache/apk apk add curl\n",
                "RUN apk del curl\n",
            ])
            .fail(&[
                "RUN apk add curl\n",
                "RUN apk update && apk add curl\n",
                "RUN --mount=type=cache,target=/var/cache/foo apk add -U curl\n",
            ])
            .fix(&[
                ("RUN apk add curl\n", "RUN apk add --no-cache curl\n"),
                ("RUN apk add --update curl\n", "RUN apk add --no-cache curl\n"),
                ("RUN apk -U add curl git\n", "RUN apk add --no-cache curl git\n"),
            ])
            .run();
    }
}
