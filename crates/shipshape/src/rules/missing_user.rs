use super::nonroot;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks that the final stage sets a `USER`, unless its base image already runs as an
    /// unprivileged user (distroless `:nonroot`, Chainguard, Bitnami) or an earlier stage of
    /// the file it builds on sets one.
    ///
    /// ## Why is this bad?
    /// Without `USER`, a container runs as root. hadolint's DL3002 only catches an explicit
    /// `USER root`; most images simply never switch, which is the more common way to ship a
    /// root container. Running unprivileged limits what an attacker gains from a bug in the
    /// application.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.13-slim
    /// COPY . /app
    /// CMD ["python", "/app/main.py"]
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.13-slim
    /// RUN groupadd --system --gid 10001 app \
    ///     && useradd --system --uid 10001 --gid app --no-log-init --create-home app
    /// COPY --chown=app:app . /app
    /// USER 10001:10001
    /// CMD ["python", "/app/main.py"]
    /// ```
    ///
    /// ## Fix safety
    /// The fix creates an unprivileged user with the base image's own tools (`adduser` on
    /// Alpine, `useradd` on Debian, Ubuntu and RHEL), gives it the application files with
    /// `COPY --chown`, and switches to it before `CMD`/`ENTRYPOINT`. Images that have such a
    /// user already keep it: `node` in the Node images and `bun` in Oven's Bun images get the
    /// files, and distroless and scratch images only `USER 65532:65532`.
    /// The application may need to write where it no longer can, so the fix is unsafe.
    code: "SS001",
    name: "missing-user",
    category: Security,
    fix: Sometimes,
    hadolint: None,
    buildkit: None,
    summary: "The final stage never switches away from root",
    check: check,
}

fn check(ctx: &mut Checker) {
    let Some(stage) = ctx.model.final_stage() else {
        return;
    };
    let Some(from) = stage.from else { return };
    if nonroot::last_user(ctx, stage).is_some() || stage.os == Os::Windows {
        return;
    }
    if let Some(image) = ctx.model.root_image(stage.index)
        && nonroot::runs_unprivileged(image)
    {
        return;
    }
    if matches!(stage.base, Base::Unresolved(_) | Base::Missing) {
        return;
    }
    let instruction = &ctx.file.instructions[from];
    let fix = nonroot::fix(ctx, stage);
    ctx.report_fix(instruction.range, "The final image runs as root: no USER switches to an unprivileged user", fix);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(&RULE)
            .pass(&[
                "FROM alpine:3.20\nUSER app\n",
                "FROM gcr.io/distroless/static-debian13:nonroot\nCOPY app /app\n",
                "FROM cgr.dev/chainguard/python:latest\nCMD [\"app.py\"]\n",
                "FROM alpine:3.20 AS base\nUSER 1000\nFROM base\nCMD [\"x\"]\n",
                "FROM $BASE\nCMD [\"x\"]\n",
                "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nCMD [\"cmd\"]\n",
                "FROM golang:1.26 AS build\nRUN go build\nFROM gcr.io/distroless/static-debian13:nonroot\nCOPY --from=build /app /app\n",
            ])
            .fail(&[
                "FROM python:3.13-slim\nCOPY . /app\nCMD [\"python\", \"/app/main.py\"]\n",
                "FROM alpine:3.20 AS build\nUSER app\nFROM alpine:3.20\nCMD [\"x\"]\n",
                "FROM scratch\nCOPY app /app\nENTRYPOINT [\"/app\"]\n",
                "FROM example.com/unknown:1.0\nCMD [\"x\"]\n",
            ])
            .fix(&[
                (
                    "FROM python:3.13-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nCMD [\"python\", \"main.py\"]\n",
                    "FROM python:3.13-slim\nWORKDIR /app\nRUN groupadd --system --gid 10001 app \\\n    && useradd --system --uid 10001 --gid app --no-log-init --create-home app\nCOPY --chown=app:app requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY --chown=app:app . .\nUSER 10001:10001\nCMD [\"python\", \"main.py\"]\n",
                ),
                (
                    "FROM python:3.12-alpine3.18\nCOPY . /app\nCMD [\"python\", \"/app/main.py\"]",
                    "FROM python:3.12-alpine3.18\nRUN addgroup -S -g 10001 app && adduser -S -u 10001 -G app app\nCOPY --chown=app:app . /app\nUSER 10001:10001\nCMD [\"python\", \"/app/main.py\"]",
                ),
                (
                    "FROM node:22-alpine\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\nCMD [\"node\", \"server.js\"]\n",
                    "FROM node:22-alpine\nWORKDIR /app\nCOPY --chown=node:node . .\nRUN npm ci --omit=dev\nUSER 1000:1000\nCMD [\"node\", \"server.js\"]\n",
                ),
                (
                    "FROM oven/bun:1.2-slim\nWORKDIR /app\nCOPY . .\nRUN bun install --production\nCMD [\"bun\", \"run\", \"index.ts\"]\n",
                    "FROM oven/bun:1.2-slim\nWORKDIR /app\nCOPY --chown=bun:bun . .\nRUN bun install --production\nUSER 1000:1000\nCMD [\"bun\", \"run\", \"index.ts\"]\n",
                ),
                (
                    "FROM scratch\nCOPY app /app\nENTRYPOINT [\"/app\"]\n",
                    "FROM scratch\nCOPY app /app\nUSER 65532:65532\nENTRYPOINT [\"/app\"]\n",
                ),
                (
                    "FROM debian:12-slim\nRUN useradd --uid 10001 svc\nCMD [\"run\"]\n",
                    "FROM debian:12-slim\nRUN useradd --uid 10001 svc\nUSER 10001\nCMD [\"run\"]\n",
                ),
                (
                    "FROM debian:12-slim\nRUN useradd svc\nCMD [\"run\"]\n",
                    "FROM debian:12-slim\nRUN useradd svc\nUSER svc\nCMD [\"run\"]\n",
                ),
            ])
            .run();
    }
}
