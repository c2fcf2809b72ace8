use super::packages::{name_list, package_names, pin_hint};
use super::pip_without_no_cache_dir::pip_install;
use crate::rules::prelude::*;
use crate::semantic::invocation::{PIP_WITH_VALUE, PIPX_WITH_VALUE, packages};
use crate::text::code;

declare_rule! {
    /// ## What it does
    /// Checks for packages in `pip install` and `pipx install` without a version.
    ///
    /// A package counts as pinned with any version specifier (`flask==3.1.0`, `flask>=3.1`,
    /// `flask~=3.1`), as a local path, archive or wheel (`.`, `./lib`, `dist/app.whl`), as a
    /// URL, or as a VCS reference with a tag or commit (`git+https://…/repo.git@v1.2`). A
    /// requirements file (`-r`) or a constraints file (`-c`, `PIP_CONSTRAINT`) pins what it
    /// lists; packages given as variables are left alone.
    ///
    /// ## Why is this bad?
    /// Without a version, pip installs the newest release on the day of the build. Two builds
    /// of the same Dockerfile then differ, and a new release with a breaking change can break
    /// the image without any change on your side. A pinned version, or a requirements or lock
    /// file, makes the build repeatable and turns upgrades into a reviewed change.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.13-slim
    /// RUN pip install --no-cache-dir flask
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.13-slim
    /// RUN pip install --no-cache-dir flask==3.1.0
    /// ```
    code: "DL3013",
    name: "unpinned-pip-install",
    category: Suspicious,
    fix: Never,
    hadolint: Some("DL3013"),
    buildkit: None,
    summary: "`pip install` without package versions",
    check: check,
}

/// pip options that take the next word as their value (and `-m` of `python -m pip`).
/// pipx options that take the next word as their value.
const VERSION_SYMBOLS: &[&str] = &["==", ">=", "<=", ">", "<", "!=", "~=", "===", "@"];
const VCS_SCHEMES: &[&str] = &["git+", "hg+", "svn+", "bzr+"];

/// True when `package` names a version, a local path or file, a URL, or a VCS reference with
/// a tag or commit.
fn is_pinned(package: &str) -> bool {
    if VCS_SCHEMES.iter().any(|s| package.starts_with(s)) {
        // `git+https://host/repo.git@v1.2#egg=name`: the revision follows the last `/`.
        return package.rsplit('/').next().is_some_and(|last| last.contains('@'));
    }
    VERSION_SYMBOLS.iter().any(|s| package.contains(s))
        || package.contains('/')
        || matches!(package, "." | "..")
        || [".whl", ".tar.gz", ".tgz", ".tar.bz2", ".zip"].iter().any(|ext| package.ends_with(ext))
}

fn check(ctx: &mut Checker) {
    for (index, _, script) in ctx.scripts() {
        let constrained_by_env = ctx.model.variable(index, "PIP_CONSTRAINT").is_some_and(|v| !v.is_empty());
        let mut exported_constraint = false;
        for command in &script.commands {
            if command.is("export") && command.args().iter().any(|w| w.value.starts_with("PIP_CONSTRAINT=")) {
                exported_constraint = true;
            }
            let (tool, found) = if command.is("pipx") {
                ("pipx", packages(command, &["install"], PIPX_WITH_VALUE, true))
            } else if pip_install(command).is_some() {
                ("pip", packages(command, &["install"], PIP_WITH_VALUE, true))
            } else {
                continue;
            };
            let Some(found) = found else { continue };
            let constrained = command.has_any_flag(&["-c", "--constraint"])
                || command.assignment("PIP_CONSTRAINT").is_some()
                || constrained_by_env
                || exported_constraint;
            if tool == "pip" && constrained {
                continue;
            }
            let unpinned: Vec<String> =
                package_names(ctx, index, script, command, &found).into_iter().filter(|p| !is_pinned(p)).collect();
            let Some(first) = unpinned.first() else { continue };
            let example = if VCS_SCHEMES.iter().any(|s| first.starts_with(s)) {
                format!("{}@<tag or commit>", first.split('#').next().unwrap_or(first))
            } else {
                format!("{first}==<version>")
            };
            let requirements = if tool == "pip" { ", or install from a requirements file" } else { "" };
            let message = format!(
                "{} without a version for {} installs the newest release on build day: {}{requirements}",
                code(&format!("{tool} install")),
                name_list(&unpinned),
                pin_hint(unpinned.len(), &example)
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
            "flask==3.1.0",
            "flask>=3",
            "flask[async]~=3.1",
            "./lib",
            ".",
            "dist/app-1.0-py3-none-any.whl",
            "app.tar.gz",
            "https://example.com/app.zip",
            "git+https://github.com/org/repo.git@v1.2#egg=repo",
            "app @ https://example.com/app.whl",
        ] {
            assert!(is_pinned(pinned), "{pinned}");
        }
        for unpinned in ["flask", "flask[async]", "git+ssh://git@github.com/org/repo.git#egg=repo"] {
            assert!(!is_pinned(unpinned), "{unpinned}");
        }
    }

    #[test]
    fn cases() {
        RuleTest::new(&RULE)
            .pass(&[
                "RUN pip install --no-cache-dir flask==3.1.0 'gunicorn>=23,<24'\n",
                "RUN pip install -r requirements.txt\n",
                "RUN pip install --requirement=requirements.txt\n",
                "RUN pip install -e .\n",
                "RUN pip install --no-deps --target /opt/lib ./wheels/app.whl\n",
                "RUN pip install -c constraints.txt flask\n",
                "ENV PIP_CONSTRAINT=/constraints.txt\nRUN pip install flask\n",
                "RUN pip install --index-url https://pypi.example.com/simple app==1.0\n",
                "RUN pip install $PACKAGES\n",
                "RUN pip install \"flask==${FLASK_VERSION}\"\n",
                "RUN pipx install --python python3.13 poetry==2.1.1\n",
                "RUN pipenv install flask\n",
                "RUN pip download flask\n",
            ])
            .fail(&[
                "RUN pip install flask\n",
                "RUN pip3 install --upgrade pip setuptools wheel\n",
                "RUN python3 -m pip install --root-user-action=ignore flask\n",
                "RUN pip install -r requirements.txt gunicorn\n",
                "RUN pip install git+https://github.com/org/repo.git\n",
                "RUN pipx install black\n",
                "ONBUILD RUN pip install flask\n",
            ])
            .run();
    }
}
