use super::packages::{name_list, package_names, pin_hint};
use crate::rules::prelude::*;
use crate::semantic::invocation::{APK_WITH_VALUE, packages};

declare_rule! {
    /// ## What it does
    /// Checks for packages in `apk add` without a version (`curl` rather than
    /// `curl=8.12.1-r0` or `curl~8.12`).
    ///
    /// `.apk` files, packages given as variables, and the names given to `--virtual` and
    /// `--repository` are not reported.
    ///
    /// ## Why is this bad?
    /// Without a version, apk installs whatever the repository offers on the day of the
    /// build. Two builds of the same Dockerfile then differ, and a new package release can
    /// break the image without any change on your side. A pin such as `curl~8.12` (any
    /// 8.12 release) keeps security fixes coming while ruling out surprises.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN apk add --no-cache curl
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.21
    /// RUN apk add --no-cache curl~8.12
    /// ```
    code: "DL3018",
    name: "unpinned-apk-add",
    category: Suspicious,
    fix: Never,
    hadolint: Some("DL3018"),
    buildkit: None,
    summary: "`apk add` without package versions",
    check: check,
}

/// `curl=8.12.1-r0`, `curl~8.12`, `curl>8`, `./pkg.apk`.
fn is_pinned(package: &str) -> bool {
    package.contains(['=', '~', '<', '>']) || package.ends_with(".apk")
}

fn check(ctx: &mut Checker) {
    for (index, _, script) in ctx.scripts() {
        for command in script.find("apk") {
            let Some(words) = packages(command, &["add"], APK_WITH_VALUE, true) else { continue };
            let unpinned: Vec<String> =
                package_names(ctx, index, script, command, &words).into_iter().filter(|p| !is_pinned(p)).collect();
            let Some(first) = unpinned.first() else { continue };
            let message = format!(
                "`apk add` without a version for {} installs whatever the repository has on build day: {}",
                name_list(&unpinned),
                pin_hint(unpinned.len(), &format!("{first}~<major.minor>"))
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
    fn cases() {
        RuleTest::new(&RULE)
            .pass(&[
                "RUN apk add --no-cache curl=8.12.1-r0 git~2.47\n",
                "RUN apk add --no-cache \"python3>3.12\" 'libffi<4'\n",
                "RUN apk add --no-cache --virtual .build-deps gcc=14.2.0-r4\n",
                "RUN apk add -t build-deps gcc=14.2.0-r4\n",
                "RUN apk add --repository https://dl-cdn.alpinelinux.org/alpine/edge/testing flow=0.78.0-r0\n",
                "RUN apk add -X https://dl-cdn.alpinelinux.org/alpine/edge/testing flow=0.78.0-r0\n",
                "RUN apk add --allow-untrusted /tmp/pkg-1.0.apk\n",
                "RUN apk add --no-cache $RUNTIME_DEPS\n",
                "RUN apk del curl\n",
            ])
            .fail(&[
                "RUN apk add curl\n",
                "RUN apk add --no-cache \\\n    curl=8.12.1-r0 \\\n    git \\\n    bash=5.2.37-r0\n",
                "RUN apk --update add --virtual .deps gcc musl-dev\n",
                "ONBUILD RUN apk add curl\n",
            ])
            .run();
    }
}
