use super::package_manager::{image_keeps, left_uncleaned};
use crate::rules::prelude::*;
use crate::text::code;

declare_rule! {
    /// ## What it does
    /// Checks that a RUN which installs packages with `yarn` (`yarn`, `yarn install`,
    /// `yarn add`, `yarn global add`) also runs `yarn cache clean` afterwards, in the final
    /// stage and in stages other stages build on.
    ///
    /// ## Why is this bad?
    /// yarn keeps a copy of every package it downloads in its cache (with Yarn 1 in
    /// `/usr/local/share/.cache/yarn` when running as root). Nothing reads that cache at run
    /// time, and it is often as big as `node_modules` itself. Unless the same RUN removes it,
    /// it stays in the layer.
    ///
    /// `yarn cache clean`, removing the cache directory with `rm -rf`, or a BuildKit cache or
    /// tmpfs mount on yarn's cache directory all satisfy the rule. A builder stage that is only
    /// copied from is not checked: its cache never reaches the final image.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22-slim
    /// RUN yarn install --frozen-lockfile
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:22-slim
    /// RUN yarn install --frozen-lockfile && yarn cache clean
    /// ```
    code: "DL3060",
    name: "yarn-cache-not-removed",
    category: Performance,
    fix: Sometimes,
    hadolint: Some("DL3060"),
    buildkit: None,
    summary: "yarn's package cache is left in the image",
    check: check,
}

/// `yarn`, `yarn install`, `yarn add x` and `yarn global add x` download packages.
fn installs(command: &SimpleCommand) -> bool {
    if !command.is("yarn") {
        return false;
    }
    let mut positional = command.positional().map(|w| w.value.as_str());
    match positional.next() {
        None => !command.has_any_flag(&["-v", "--version", "-h", "--help"]),
        Some("install" | "add") => true,
        Some("global") => positional.next() == Some("add"),
        Some(_) => false,
    }
}

fn cleans(command: &SimpleCommand) -> bool {
    let mut positional = command.positional().map(|w| w.value.as_str());
    (command.is("yarn") && positional.next() == Some("cache") && positional.next() == Some("clean"))
        || (command.is("rm") && command.args().iter().any(|w| is_yarn_cache(&w.value)))
}

fn is_yarn_cache(path: &str) -> bool {
    path.contains(".cache/yarn") || path.contains(".yarn/cache") || path.contains(".yarn/berry/cache")
}

fn check(ctx: &mut Checker) {
    for (index, run, script) in ctx.scripts() {
        let mounted = mounts(run).any(|(kind, target)| {
            matches!(kind, "cache" | "tmpfs") && target.is_some_and(|t| t.to_ascii_lowercase().contains("yarn"))
        });
        if mounted || !image_keeps(ctx, index) {
            continue;
        }
        let Some(install) = left_uncleaned(script, installs, cleans) else { continue };
        let fix = ctx
            .append_command(run, script, "yarn cache clean")
            .map(|edit| Fix::safe("Add `yarn cache clean` at the end of the RUN", vec![edit]));
        ctx.report_fix(
            install.range,
            format!(
                "{} without `yarn cache clean` after it in the same RUN leaves yarn's download cache in the image",
                code(&match install.subcommand() {
                    None => "yarn".to_string(),
                    Some("global") => "yarn global add".to_string(),
                    Some(sub) => format!("yarn {sub}"),
                })
            ),
            fix,
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
                "RUN yarn install bar && yarn cache clean\n",
                "RUN yarn --frozen-lockfile && yarn cache clean --all\n",
                "RUN yarn install && rm -rf /usr/local/share/.cache/yarn\n",
                "RUN --mount=type=cache,target=/root/.cache/yarn yarn install\n",
                "RUN --mount=type=tmpfs,target=/usr/local/share/.cache/yarn yarn install\n",
                "RUN yarn build && yarn test\n",
                "RUN yarn --version\n",
                "FROM node:22 AS build\nRUN yarn install\nFROM scratch\nCOPY --from=build /app /app\n",
                "FROM node:22 AS deps\nRUN yarn install && yarn cache clean\nFROM deps\nRUN yarn build\n",
                "RUN npm install\n",
            ])
            .fail(&[
                "RUN yarn install foo\n",
                "RUN yarn\n",
                "RUN yarn global add serve\n",
                "RUN yarn cache clean && yarn install\n",
                "RUN --mount=type=cache,target=/var/lib/foobar yarn install\n",
                "FROM node:22 AS foo\nRUN yarn install\nFROM foo\nRUN yarn build\n",
                "FROM node:22 AS build\nONBUILD RUN yarn install\nFROM scratch\n",
            ])
            .fix(&[
                ("RUN yarn install --frozen-lockfile\n", "RUN yarn install --frozen-lockfile && yarn cache clean\n"),
                (
                    "RUN yarn install --frozen-lockfile \\\n  && yarn build\n",
                    "RUN yarn install --frozen-lockfile \\\n  && yarn build \\\n  && yarn cache clean\n",
                ),
            ])
            .run();
    }
}
