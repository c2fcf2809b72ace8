use crate::rules::prelude::*;
use crate::semantic::invocation::{self, Tool, Via};

declare_rule! {
    /// ## What it does
    /// Checks for `pip install` without `--no-cache-dir`.
    ///
    /// ## Why is this bad?
    /// pip keeps every wheel it downloads in `~/.cache/pip`. In an image that cache is dead
    /// weight: it is never reused, and it often adds tens of megabytes to the layer.
    ///
    /// The rule stays quiet when the cache cannot end up in the image: under a BuildKit cache or
    /// tmpfs mount of the pip cache, or when `PIP_NO_CACHE_DIR` is set to a true value with
    /// `ENV`, an assignment or `export`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.13-slim
    /// RUN pip install -r requirements.txt
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.13-slim
    /// RUN pip install --no-cache-dir -r requirements.txt
    /// ```
    code: "DL3042",
    name: "pip-without-no-cache-dir",
    category: Suspicious,
    fix: Always,
    hadolint: Some("DL3042"),
    buildkit: None,
    summary: "`pip install` keeps its download cache in the image",
    check: check,
}

/// The `install` word of `pip install`, `pip3.12 install` or `python -m pip install`; `uv pip`
/// has its own cache option (`--no-cache`) and is left alone.
pub(crate) fn pip_install(command: &SimpleCommand) -> Option<&ShellWord> {
    let pip = invocation::read(command).filter(|i| i.tool == Tool::Pip && i.via != Via::Uv)?;
    pip.action_word().filter(|w| w.value == "install")
}

fn truthy(value: &str) -> bool {
    matches!(value.to_ascii_lowercase().as_str(), "1" | "on" | "yes" | "true")
}

fn check(ctx: &mut Checker) {
    for (index, run, script) in ctx.scripts() {
        let cache_mounted = mounts(run).any(|(kind, target)| {
            matches!(kind, "cache" | "tmpfs") && target.is_some_and(|t| t.contains(".cache/pip") || t.ends_with("/pip"))
        });
        if cache_mounted || ctx.model.variable(index, "PIP_NO_CACHE_DIR").is_some_and(|v| truthy(&v)) {
            continue;
        }
        let mut exported = false;
        for command in &script.commands {
            if command.is("export") {
                exported |=
                    command.args().iter().any(|w| w.value.strip_prefix("PIP_NO_CACHE_DIR=").is_some_and(truthy));
            }
            let Some(install) = pip_install(command) else {
                continue;
            };
            if exported
                || command.has_long_flag("no-cache-dir")
                || command.assignment("PIP_NO_CACHE_DIR").is_some_and(truthy)
            {
                continue;
            }
            let fix = Fix::safe("Add `--no-cache-dir`", vec![Edit::insert(install.range.end, " --no-cache-dir")]);
            ctx.report_fix(
                command.range,
                "`pip install` without `--no-cache-dir` leaves pip's download cache in the image",
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
                "RUN pip install --no-cache-dir flask==3.0.0\n",
                "RUN pipx install black\n",
                "RUN pipenv install\n",
                "ENV PIP_NO_CACHE_DIR=1\nRUN pip install flask\n",
                "RUN PIP_NO_CACHE_DIR=true pip install flask\n",
                "RUN export PIP_NO_CACHE_DIR=on && pip install flask\n",
                "RUN --mount=type=cache,target=/root/.cache/pip pip install flask\n",
                "FROM python:3.13 AS base\nENV PIP_NO_CACHE_DIR=yes\nFROM base\nRUN pip install six\n",
                "RUN pip freeze > requirements.txt\n",
            ])
            .fail(&[
                "RUN pip install flask\n",
                "RUN pip3 install -r requirements.txt\n",
                "RUN python3 -m pip install --upgrade pip\n",
                "ENV PIP_NO_CACHE_DIR=0\nRUN pip install flask\n",
                "RUN <<EOF\nset -e\npip install flask\nEOF\n",
                "ONBUILD RUN pip install -r requirements.txt\n",
            ])
            .fix(&[
                ("RUN pip install flask\n", "RUN pip install --no-cache-dir flask\n"),
                (
                    "RUN pip install --upgrade pip \\\n    && pip install -r requirements.txt\n",
                    "RUN pip install --no-cache-dir --upgrade pip \\\n    && pip install --no-cache-dir -r requirements.txt\n",
                ),
                ("RUN python -m pip install .\n", "RUN python -m pip install --no-cache-dir .\n"),
            ])
            .run();
    }
}
