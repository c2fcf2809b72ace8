use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks that the final stage of a Node.js image that runs an app sets `NODE_ENV` (to
    /// `production`, for an image that ships). Images that set it to anything, take it as an
    /// `ARG`, start a development server (`npm run dev`, `nodemon`) or run nothing of their own
    /// (no CMD or ENTRYPOINT: a base, tool or dev-container image) are left alone.
    ///
    /// ## Why is this bad?
    /// Without `NODE_ENV=production`, Express and many other libraries run in development
    /// mode: templates are recompiled on every request, errors send stack traces to the
    /// client, and logging is verbose. Express's own measurements put the difference at about
    /// three times the throughput. The base `node` image does not set it.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22.11-slim
    /// WORKDIR /app
    /// COPY . .
    /// CMD ["node", "server.js"]
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:22.11-slim
    /// ENV NODE_ENV=production
    /// WORKDIR /app
    /// COPY . .
    /// CMD ["node", "server.js"]
    /// ```
    ///
    /// ## Fix safety
    /// The fix adds `ENV NODE_ENV=production` after the stage's last RUN, so that a build step
    /// in the same stage (`npm ci`, then `npm run build`) still gets its devDependencies. The
    /// app then runs in production mode, which is the point but changes its behaviour: the
    /// fix is unsafe.
    code: "SS008",
    name: "missing-node-env",
    category: Performance,
    fix: Always,
    hadolint: None,
    buildkit: None,
    summary: "A Node.js image does not set NODE_ENV",
    check: check,
}

fn is_node(image: &ImageRef) -> bool {
    let name = image.name();
    name == "node" || name.starts_with("nodejs")
}

/// Words of a CMD or ENTRYPOINT that start a development server, where production mode is
/// wrong.
const DEVELOPMENT: &[&str] = &["dev", "nodemon", "start:dev", "watch", "--watch", "serve"];

fn check(ctx: &mut Checker) {
    let Some(stage) = ctx.model.final_stage() else { return };
    let Some(from) = stage.from else { return };
    if !ctx.model.root_image(stage.index).is_some_and(is_node) {
        return;
    }
    let lineage: Vec<usize> = ctx.model.lineage(stage.index).flat_map(|s| s.instructions.clone()).collect();
    if !lineage.iter().any(|&i| matches!(ctx.file.instructions[i].kind, Kind::Cmd | Kind::Entrypoint)) {
        return;
    }
    for &i in &lineage {
        let instruction = &ctx.file.instructions[i];
        match (&instruction.kind, &instruction.args) {
            // Set to anything, or left to the build: the user decided.
            (Kind::Env | Kind::Arg, Args::Pairs(pairs)) if pairs.iter().any(|p| p.key.value == "NODE_ENV") => return,
            (Kind::Cmd | Kind::Entrypoint, _) => {
                let words: Vec<&str> = match instruction.command() {
                    Some(Command::Exec(exec)) => exec.elements.iter().map(|e| e.value.as_str()).collect(),
                    Some(Command::Shell(shell)) => shell.text.split_whitespace().collect(),
                    None => Vec::new(),
                };
                if words.iter().any(|w| DEVELOPMENT.contains(w) || w.ends_with("nodemon")) {
                    return;
                }
            }
            _ => {}
        }
    }
    // After the stage's last RUN, so its build steps keep their devDependencies.
    let own = stage.instructions.clone();
    let anchor = own.clone().rev().find(|&i| ctx.file.instructions[i].kind == Kind::Run).unwrap_or(from);
    let fix = Fix::unsafe_edit(
        "Set `NODE_ENV=production`",
        vec![ctx.insert_after(&ctx.file.instructions[anchor], "ENV NODE_ENV=production")],
    );
    ctx.report_fix(
        ctx.file.instructions[from].range,
        "The Node.js image does not set `NODE_ENV=production`: Express and many libraries run in development mode, slower and with stack traces in error responses",
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
                "FROM node:22.11-slim\nENV NODE_ENV=production\nCMD [\"node\", \"server.js\"]\n",
                "FROM node:22.11-slim AS base\nENV NODE_ENV production\nFROM base\nCMD [\"node\", \"server.js\"]\n",
                "FROM node:22.11-slim\nARG NODE_ENV=production\nCMD [\"node\", \"server.js\"]\n",
                "FROM node:22.11-slim\nENV NODE_ENV=development\nCMD [\"npm\", \"start\"]\n",
                "FROM node:22.11-slim\nCMD [\"npm\", \"run\", \"dev\"]\n",
                "FROM node:22.11-slim\nCMD nodemon server.js\n",
                "FROM node:22.11-slim AS build\nRUN npm ci\nFROM nginx:1.27-alpine\n",
                "FROM python:3.13-slim\nCMD [\"python\", \"app.py\"]\n",
                "FROM node:22.11-slim\nRUN npm install --global pnpm@9.15.0\n",
            ])
            .fail(&[
                "FROM node:22.11-slim\nCMD [\"node\", \"server.js\"]\n",
                "FROM gcr.io/distroless/nodejs22-debian13:nonroot\nCMD [\"server.js\"]\n",
                "FROM node:22.11-slim AS base\nFROM base\nCMD [\"npm\", \"start\"]\n",
            ])
            .fix(&[
                (
                    "FROM node:22.11-slim\nCMD [\"node\", \"server.js\"]\n",
                    "FROM node:22.11-slim\nENV NODE_ENV=production\nCMD [\"node\", \"server.js\"]\n",
                ),
                // The build still installs and runs its devDependencies.
                (
                    "FROM node:22.11-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci \\\n    && npm run build\nCMD [\"node\", \"dist/server.js\"]\n",
                    "FROM node:22.11-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci \\\n    && npm run build\nENV NODE_ENV=production\nCMD [\"node\", \"dist/server.js\"]\n",
                ),
            ])
            .run();
    }
}
