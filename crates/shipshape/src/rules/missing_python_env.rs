use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks that a Python image sets `PYTHONDONTWRITEBYTECODE=1` and `PYTHONUNBUFFERED=1`.
    ///
    /// ## Why is this bad?
    /// Without `PYTHONUNBUFFERED`, Python buffers its output when it is not a terminal, so
    /// `docker logs` shows nothing until the buffer fills — or ever, if the container crashes.
    /// Without `PYTHONDONTWRITEBYTECODE`, every import writes `.pyc` files into the container's
    /// writable layer (or fails to, under a read-only root file system or a non-root user).
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.13-slim
    /// CMD ["python", "app.py"]
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.13-slim
    /// ENV PYTHONDONTWRITEBYTECODE=1 \
    ///     PYTHONUNBUFFERED=1
    /// CMD ["python", "app.py"]
    /// ```
    code: "SS007",
    name: "missing-python-env",
    category: Performance,
    fix: Always,
    hadolint: None,
    buildkit: None,
    summary: "A Python image does not set PYTHONDONTWRITEBYTECODE and PYTHONUNBUFFERED",
    check: check,
}

const VARIABLES: [&str; 2] = ["PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED"];

fn is_python(image: &ImageRef) -> bool {
    let name = image.name();
    name == "python" || name == "pypy" || name.starts_with("python3")
}

fn check(ctx: &mut Checker) {
    let Some(stage) = ctx.model.final_stage() else {
        return;
    };
    let Some(from) = stage.from else { return };
    if !ctx.model.root_image(stage.index).is_some_and(is_python) {
        return;
    }
    let set: Vec<&str> = ctx
        .model
        .lineage(stage.index)
        .flat_map(|s| s.instructions.clone())
        .filter_map(|i| match (&ctx.file.instructions[i].kind, &ctx.file.instructions[i].args) {
            (Kind::Env, Args::Pairs(pairs)) => Some(pairs),
            _ => None,
        })
        .flatten()
        .filter(|p| p.value.as_ref().is_some_and(|v| !v.value.is_empty()))
        .map(|p| p.key.value.as_str())
        .collect();
    let missing: Vec<&str> = VARIABLES.into_iter().filter(|v| !set.contains(v)).collect();
    if missing.is_empty() {
        return;
    }
    let instruction = &ctx.file.instructions[from];
    let escape = ctx.file.escape;
    let env = missing.iter().map(|v| format!("{v}=1")).collect::<Vec<_>>().join(&format!(" {escape}\n    "));
    let fix =
        Fix::safe(format!("Set {}", missing.join(" and ")), vec![ctx.insert_after(instruction, &format!("ENV {env}"))]);
    let list = missing.iter().map(|v| format!("`{v}=1`")).collect::<Vec<_>>().join(" and ");
    ctx.report_fix(
        instruction.range,
        format!("The Python image does not set {list}: logs are buffered and `.pyc` files are written at run time"),
        Some(fix),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(&RULE)
            .pass(&[
                "FROM python:3.13-slim\nENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1\n",
                "FROM python:3.13-slim AS base\nENV PYTHONDONTWRITEBYTECODE=1\nENV PYTHONUNBUFFERED 1\nFROM base\n",
                "FROM python:3.13-slim AS build\nFROM node:22.11-slim\n",
            ])
            .fail(&["FROM python:3.13-slim\n", "FROM python:3.12-alpine3.18\nENV PYTHONUNBUFFERED=1\n", "FROM gcr.io/distroless/python3-debian13\n"])
            .fix(&[
                (
                    "FROM python:3.13-slim\nCMD [\"python\", \"app.py\"]\n",
                    "FROM python:3.13-slim\nENV PYTHONDONTWRITEBYTECODE=1 \\\n    PYTHONUNBUFFERED=1\nCMD [\"python\", \"app.py\"]\n",
                ),
                ("FROM python:3.13-slim\nENV PYTHONUNBUFFERED=1\n", "FROM python:3.13-slim\nENV PYTHONDONTWRITEBYTECODE=1\nENV PYTHONUNBUFFERED=1\n"),
                ("FROM python:3.13-slim", "FROM python:3.13-slim\nENV PYTHONDONTWRITEBYTECODE=1 \\\n    PYTHONUNBUFFERED=1"),
            ])
            .run();
    }
}
