use super::packages::{name_list, package_names, pin_hint};
use crate::rules::prelude::*;
use crate::semantic::invocation::{NPM_WITH_VALUE, packages};

declare_rule! {
    /// ## What it does
    /// Checks for packages in `npm install` (and its aliases `npm i` and `npm add`) without a
    /// version.
    ///
    /// `npm install` with no package installs what `package.json` and the lock file say and
    /// is not reported. A package counts as pinned with a version or tag (`express@4.21.2`,
    /// `@scope/pkg@^1.2`), as a local folder or tarball (`./lib`, `pkg-1.0.0.tgz`), as a URL,
    /// or as a git reference with a commit or tag (`git+https://…/repo.git#v1.2`). Packages
    /// given as variables are left alone.
    ///
    /// ## Why is this bad?
    /// Without a version, npm installs the newest release on the day of the build. Two builds
    /// of the same Dockerfile then differ, and a new release with a breaking change can break
    /// the image without any change on your side. A version, or better a `package.json` with
    /// a lock file and `npm ci`, makes the build repeatable.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22-slim
    /// RUN npm install -g typescript
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:22-slim
    /// RUN npm install -g typescript@5.7.3
    /// ```
    code: "DL3016",
    name: "unpinned-npm-install",
    category: Suspicious,
    fix: Never,
    hadolint: Some("DL3016"),
    buildkit: None,
    summary: "`npm install` without package versions",
    check: check,
}

/// True when an npm package spec names a version or tag, a local folder or tarball, a URL, or
/// a git commit or tag.
fn is_pinned(package: &str) -> bool {
    let git = ["git://", "git+ssh://", "git+http://", "git+https://", "github:", "gitlab:", "bitbucket:", "gist:"];
    if git.iter().any(|p| package.starts_with(p)) {
        return package.contains('#');
    }
    if [".tar", ".tar.gz", ".tgz"].iter().any(|s| package.ends_with(s))
        || ["/", "./", "../", "~/", "file:", "http://", "https://"].iter().any(|p| package.starts_with(p))
        || matches!(package, "." | "..")
    {
        return true;
    }
    // `@scope/name@version`: the scope's `@` is not a version.
    let name = match package.strip_prefix('@') {
        Some(scoped) => scoped.split_once('/').map_or("", |(_, rest)| rest),
        None => package,
    };
    if let Some((_, version)) = name.split_once('@') {
        return !version.is_empty();
    }
    // `user/repo` is a GitHub repository: pinned by a `#commit`.
    package.contains('#')
}

/// How to pin `package`: a version, or a commit for a git repository.
fn example(package: &str) -> String {
    let name = package.strip_prefix('@').map_or(package, |scoped| scoped.split_once('/').map_or("", |(_, rest)| rest));
    if package.contains("://") || package.contains(':') || name.contains('/') {
        format!("{package}#<commit or tag>")
    } else {
        format!("{package}@<version>")
    }
}

fn check(ctx: &mut Checker) {
    for (index, _, script) in ctx.scripts() {
        for command in script.find("npm") {
            let Some(words) = packages(command, &["install", "i", "add"], NPM_WITH_VALUE, true) else { continue };
            let unpinned: Vec<String> =
                package_names(ctx, index, script, command, &words).into_iter().filter(|p| !is_pinned(p)).collect();
            let Some(first) = unpinned.first() else { continue };
            let message = format!(
                "`npm install` without a version for {} installs the newest release on build day: {}",
                name_list(&unpinned),
                pin_hint(unpinned.len(), &example(first))
            );
            ctx.report(command.range, message);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::RuleTest;

    #[test]
    fn pins() {
        for pinned in [
            "express@4.21.2",
            "@org/pkg@^1.2.0",
            "@org/pkg@latest",
            "./vendor/lib",
            "/opt/pkg",
            "~/pkg",
            "pkg-1.0.0.tgz",
            "git+https://github.com/org/repo.git#v1.2",
            "github:org/repo#abc123",
            "org/repo#abc123",
            "https://example.com/pkg",
        ] {
            assert!(is_pinned(pinned), "{pinned}");
        }
        for unpinned in ["express", "@org/pkg", "git+https://github.com/org/repo.git", "org/repo", "express@"] {
            assert!(!is_pinned(unpinned), "{unpinned}");
        }
    }

    #[test]
    fn cases() {
        RuleTest::new(&RULE)
            .pass(&[
                "RUN npm install\n",
                "RUN npm ci --omit=dev\n",
                "RUN npm install --loglevel verbose express@4.21.2\n",
                "RUN npm install --registry https://registry.example.com @org/pkg@1.2.3\n",
                "RUN npm run build -- install\n",
                "RUN npm install $PACKAGES\n",
                "RUN npm install \"express@${EXPRESS_VERSION}\"\n",
            ])
            .fail(&[
                "RUN npm install express\n",
                "RUN npm i -g npm\n",
                "RUN npm install --global typescript@5.7.3 ts-node\n",
                "RUN npm install --registry=https://registry.example.com @org/pkg\n",
                "ONBUILD RUN npm add lodash\n",
            ])
            .run();
    }
}
