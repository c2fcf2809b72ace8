use crate::rules::prelude::*;
use crate::text::code;

declare_rule! {
    /// ## What it does
    /// Checks for `go install`, `go get` and `go run` of a remote package without a version
    /// (`example.com/tool` rather than `example.com/tool@v1.2.3`), or with a moving one
    /// (`@latest`, `@master`, `@main`).
    ///
    /// ## Why is this bad?
    /// Without a fixed version Go fetches whatever is newest on the day of the build. Two builds
    /// of the same Dockerfile then contain different code, and a new release can break the
    /// image without any change to the Dockerfile.
    ///
    /// Local packages (`.`, `./cmd/app`, `/src/app`, `main.go`), the `tool`, `all`, `std` and
    /// `cmd` patterns, and versions given through a variable are not reported.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.26
    /// RUN go install golang.org/x/tools/gopls@latest
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM golang:1.26
    /// RUN go install golang.org/x/tools/gopls@v0.20.0
    /// ```
    code: "DL3062",
    name: "go-install-without-version",
    category: Suspicious,
    fix: Never,
    hadolint: Some("DL3062"),
    buildkit: None,
    summary: "`go install` of a package without a fixed version",
    check: check,
}

/// Build flags that take their value as the next word (`-o out`, `-ldflags '-s -w'`).
const VALUE_FLAGS: &[&str] = &[
    "C",
    "o",
    "p",
    "asmflags",
    "buildmode",
    "compiler",
    "gccgoflags",
    "gcflags",
    "installsuffix",
    "ldflags",
    "mod",
    "modfile",
    "overlay",
    "pgo",
    "pkgdir",
    "tags",
    "toolexec",
    "exec",
    "covermode",
    "coverpkg",
];

/// The package operands of `go install|get|run`; for `go run` only the first, since what
/// follows are the program's own arguments.
fn packages(command: &SimpleCommand) -> Option<(&str, Vec<&ShellWord>)> {
    let mut args = command.args().iter();
    let sub = args.next()?;
    if !matches!(sub.value.as_str(), "install" | "get" | "run") {
        return None;
    }
    let mut out = Vec::new();
    while let Some(word) = args.next() {
        let v = word.value.as_str();
        if let Some(flag) = v.strip_prefix("--").or_else(|| v.strip_prefix('-')) {
            if v == "--" {
                continue;
            }
            if !flag.contains('=') && VALUE_FLAGS.contains(&flag) {
                args.next();
            }
            continue;
        }
        out.push(word);
        if sub.value == "run" {
            break;
        }
    }
    Some((sub.value.as_str(), out))
}

fn local(package: &str) -> bool {
    package.starts_with(['.', '/']) || package.ends_with(".go") || matches!(package, "all" | "std" | "cmd" | "tool")
}

fn check(ctx: &mut Checker) {
    for (_, _, script) in ctx.scripts() {
        for command in script.find("go") {
            let Some((sub, packages)) = packages(command) else { continue };
            for package in packages {
                if package.dynamic || local(&package.value) {
                    continue;
                }
                let (path, version) = match package.value.split_once('@') {
                    Some((path, version)) => (path, Some(version)),
                    None => (package.value.as_str(), None),
                };
                let message = match version {
                    None => format!(
                        "{} without a version fetches whatever is newest on build day: write {}",
                        code(&format!("go {sub} {path}")),
                        code(&format!("{path}@<version>"))
                    ),
                    Some(v @ ("latest" | "upgrade" | "patch" | "master" | "main" | "HEAD")) => format!(
                        "`@{v}` is not a fixed version, so `go {sub}` fetches whatever it points to on build day: write {}",
                        code(&format!("{path}@<version>"))
                    ),
                    Some(_) => continue,
                };
                ctx.report(package.range, message);
            }
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
                "RUN go install example.com/pkg@v1.2.3\n",
                "RUN go install /go/app/foobar ./app/foobar .\n",
                "RUN go get example.com/pkg@v1.2.3\n",
                "RUN go get -tool foobar@v1.2.3\n",
                "RUN go run example.com/pkg@v1.2.3 --foo bar\n",
                "RUN go run main.go serve\n",
                "RUN go install -ldflags '-s -w' -o /out ./cmd/app\n",
                "RUN go install example.com/pkg@${VERSION}\n",
                "RUN go install tool\n",
                "RUN go build ./... && go mod download\n",
            ])
            .fail(&[
                "RUN go install example.com/pkg\n",
                "RUN go install example.com/pkg@latest\n",
                "RUN go get -tool foobar\n",
                "RUN go get -u -v github.com/x/y@master\n",
                "RUN go run example.com/pkg@latest\n",
                "RUN go install -tags netgo example.com/a@v1.0.0 example.com/b\n",
                "ONBUILD RUN go install example.com/pkg\n",
            ])
            .run();
    }
}
