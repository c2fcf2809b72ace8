use super::pip_without_no_cache_dir::pip_install;
use crate::rules::prelude::*;
use crate::semantic::invocation::{self, Tool};
use crate::text::code;

declare_rule! {
    /// ## What it does
    /// Checks for a stage that copies the whole build context (`COPY . .`) before the step that
    /// installs its dependencies: pip, poetry, uv or pipenv; npm, yarn, pnpm or bun; `go mod`;
    /// cargo; Maven or Gradle; Bundler; Composer.
    ///
    /// ## Why is this bad?
    /// Docker reuses a cached layer only while everything before it is unchanged. When the
    /// whole source tree is copied first, editing any file invalidates the cache and the
    /// dependencies are downloaded and built again on every build. Copying only the dependency
    /// manifests first, installing, and copying the rest afterwards keeps the slow install
    /// cached until the dependencies themselves change.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.13-slim
    /// WORKDIR /app
    /// COPY . .
    /// RUN pip install --no-cache-dir -r requirements.txt
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.13-slim
    /// WORKDIR /app
    /// COPY requirements.txt ./
    /// RUN pip install --no-cache-dir -r requirements.txt
    /// COPY . .
    /// ```
    ///
    /// ## Fix safety
    /// The fix copies the manifests first and moves the install (or, for Go, Maven, poetry and
    /// uv, adds a dependency-only download) before the full copy. An install that runs project
    /// scripts (npm `prepare`, `postinstall`) may need files that are not there yet, so the
    /// fix is unsafe.
    ///
    /// There is no fix when a step between the full copy and the install would behave
    /// differently: one that reads the sources (a build step, another `COPY . .`, a virtualenv
    /// the context may also hold) or one the install depends on (a `WORKDIR`, a `RUN` that
    /// installs or configures the tool). Only OS packages and global tools installed by name,
    /// cache cleaning and metadata may stand between.
    code: "SS004",
    name: "copy-before-install",
    category: Performance,
    fix: Sometimes,
    hadolint: None,
    buildkit: None,
    summary: "The whole context is copied before dependencies are installed",
    check: check,
}

/// A dependency-install command and what a dependency-first layout needs for it.
struct Install {
    /// The tool, so that an earlier install by the same tool counts.
    ecosystem: &'static str,
    /// Human name of the step, for the message.
    what: String,
    /// Files to copy first, relative to the directory the install runs in. Empty when no fix
    /// is known.
    manifests: Vec<String>,
    /// When set, this command is added before the full copy instead of moving the install.
    prepare: Option<String>,
}

fn install_of(ctx: &Checker, command: &SimpleCommand) -> Option<Install> {
    let program = command.program()?;
    let sub = command.subcommand().unwrap_or("");
    let text = ctx.text(command.range).to_string();
    let only_sub = command.positional().count() <= 1;
    let install = |what: &str, manifests: &[&str], prepare: Option<String>| Install {
        ecosystem: program_ecosystem(program),
        what: what.to_string(),
        manifests: manifests.iter().map(|s| s.to_string()).collect(),
        prepare,
    };
    if pip_install(command).is_some() {
        let args = command.args();
        let mut files = Vec::new();
        for (i, word) in args.iter().enumerate() {
            let value = word.value.as_str();
            if matches!(value, "-r" | "--requirement" | "-c" | "--constraint") {
                files.extend(args.get(i + 1).map(|w| w.value.clone()));
            } else if let Some(file) =
                value.strip_prefix("--requirement=").or_else(|| value.strip_prefix("-r")).filter(|f| !f.is_empty())
            {
                files.push(file.to_string());
            }
        }
        let mut operands = Vec::new();
        let mut skip = false;
        for word in args.iter().skip_while(|w| w.value != "install").skip(1) {
            let value = word.value.as_str();
            if std::mem::take(&mut skip) {
                continue;
            }
            if matches!(
                value,
                "-r" | "--requirement"
                    | "-c"
                    | "--constraint"
                    | "-i"
                    | "--index-url"
                    | "--extra-index-url"
                    | "-f"
                    | "--find-links"
                    | "-t"
                    | "--target"
                    | "--prefix"
                    | "--root"
                    | "--trusted-host"
                    | "--platform"
                    | "--python-version"
            ) {
                skip = true;
            } else if !value.starts_with('-') {
                operands.push(value);
            }
        }
        let installs_project = operands.iter().any(|v| v.starts_with('.') || v.starts_with('/'))
            || command.has_any_flag(&["-e", "--editable"]);
        if files.is_empty() && !installs_project {
            return None;
        }
        if files.iter().any(|f| f.contains('$')) || installs_project {
            return Some(Install {
                ecosystem: "pip",
                what: "pip install".into(),
                manifests: Vec::new(),
                prepare: None,
            });
        }
        return Some(Install { ecosystem: "pip", what: text, manifests: files, prepare: None });
    }
    match (program, sub) {
        ("poetry", "install") => Some(install(
            &text,
            &["pyproject.toml", "poetry.lock*"],
            (!command.has_long_flag("no-root")).then(|| format!("{text} --no-root")),
        )),
        ("uv", "sync") => Some(install(
            &text,
            &["pyproject.toml", "uv.lock*"],
            (!command.has_long_flag("no-install-project")).then(|| format!("{text} --no-install-project")),
        )),
        ("pipenv", "install" | "sync") => Some(install(&text, &["Pipfile", "Pipfile.lock*"], None)),
        ("npm", "ci" | "install" | "i") if only_sub => Some(install(&text, &["package*.json"], None)),
        ("yarn", "install" | "") if only_sub => Some(install(&text, &["package.json", "yarn.lock*"], None)),
        ("pnpm", "install" | "i") if only_sub => Some(install(&text, &["package.json", "pnpm-lock.yaml*"], None)),
        ("bun", "install" | "i") if only_sub => Some(install(&text, &["package.json", "bun.lock*"], None)),
        ("go", "mod") if command.has_arg("download") => Some(install(&text, &["go.mod", "go.sum*"], None)),
        ("go", "build" | "install" | "test" | "vet") => {
            Some(install(&text, &["go.mod", "go.sum*"], Some("go mod download".into())))
        }
        ("cargo", "build" | "install" | "fetch" | "test") => Some(install(&text, &[], None)),
        ("mvn", "package" | "install" | "verify" | "compile" | "test") => {
            Some(install(&text, &["pom.xml"], Some("mvn -B dependency:go-offline".into())))
        }
        ("mvnw" | "gradle" | "gradlew", _) => Some(install(&text, &[], None)),
        ("bundle", "install") => Some(install(&text, &["Gemfile", "Gemfile.lock*"], None)),
        ("composer", "install") => Some(install(&text, &[], None)),
        _ => None,
    }
}

fn program_ecosystem(program: &str) -> &'static str {
    match program {
        "poetry" => "poetry",
        "uv" => "uv",
        "pipenv" => "pipenv",
        "npm" | "yarn" | "pnpm" | "bun" => "node",
        "go" => "go",
        "cargo" => "cargo",
        "mvn" | "mvnw" => "maven",
        "gradle" | "gradlew" => "gradle",
        "bundle" => "bundler",
        "composer" => "composer",
        _ => "pip",
    }
}

fn check(ctx: &mut Checker) {
    for stage in &ctx.model.stages {
        let instructions = &ctx.file.instructions;
        let range = stage.instructions.clone();
        let Some(copy) = range.clone().find(|&i| {
            let instruction = &instructions[i];
            matches!(instruction.kind, Kind::Copy | Kind::Add)
                && instruction.flag("from").is_none()
                && copy_paths(instruction)
                    .split_last()
                    .is_some_and(|(_, sources)| sources.iter().any(|s| is_whole_context(&s.value)))
        }) else {
            continue;
        };
        let installed_before: Vec<&str> = range
            .clone()
            .filter(|&i| i < copy)
            .filter_map(|i| ctx.model.script(i))
            .flat_map(|s| s.commands.iter())
            .filter_map(|c| install_of(ctx, c))
            .map(|install| install.ecosystem)
            .collect();
        let found = range.clone().filter(|&i| i > copy).find_map(|i| {
            let script = ctx.model.script(i)?;
            script
                .commands
                .iter()
                .filter_map(|c| install_of(ctx, c).map(|install| (c, install)))
                .find(|(_, install)| !installed_before.contains(&install.ecosystem))
                .map(|(c, install)| (i, c.range, install))
        });
        let Some((run, _, install)) = found else {
            continue;
        };
        let fix = fix(ctx, copy, run, &install);
        // Say the step a learner types: `go mod download`, not "install".
        let advice = match (install.manifests.is_empty(), &install.prepare, install.ecosystem) {
            (false, Some(prepare), _) => format!("Copy {} first, run {}, then copy the rest", install.manifests.join(" "), code(prepare)),
            (false, None, _) => format!("Copy {} first, install, then copy the rest", install.manifests.join(" ")),
            (true, _, "cargo") => "Copy Cargo.toml and Cargo.lock first and build the dependencies alone (cargo-chef does this), then copy the sources".to_string(),
            (true, _, "gradle") => "Copy the build files (settings.gradle*, build.gradle*, gradle/) first and resolve the dependencies, then copy the sources".to_string(),
            (true, _, "composer") => "Copy composer.json and composer.lock first, run `composer install --no-scripts --no-autoloader`, then copy the rest".to_string(),
            (true, _, _) => "Copy the dependency manifests first, install, then copy the rest".to_string(),
        };
        ctx.report_fix(
            instructions[copy].range,
            format!(
                "The whole build context is copied before {}: every source change re-runs the install. {advice}",
                code(&install.what)
            ),
            fix,
        );
    }
}

fn fix(ctx: &Checker, copy: usize, run: usize, install: &Install) -> Option<Fix> {
    if install.manifests.is_empty() {
        return None;
    }
    let instructions = &ctx.file.instructions;
    let copy_instruction = &instructions[copy];
    let paths = copy_paths(copy_instruction);
    let dest = paths.last()?.value.as_str();
    let dest_dir = if dest.ends_with('/') { dest.to_string() } else { format!("{dest}/") };
    // Manifests must land where the install will look for them: relative to the directory
    // the install runs in, which is the copy's destination only when that is `.`.
    let relative_dest = matches!(dest, "." | "./");
    let mut lines: Vec<String> = Vec::new();
    let mut by_dir: Vec<(String, Vec<String>)> = Vec::new();
    for manifest in &install.manifests {
        let relative = if let Some(rest) = manifest.strip_prefix(&dest_dir) {
            rest.to_string()
        } else if manifest.starts_with('/') || !relative_dest && !workdir_is(ctx, run, dest) {
            return None;
        } else {
            manifest.trim_start_matches("./").to_string()
        };
        let dir = match relative.rfind('/') {
            Some(i) => format!("{dest_dir}{}/", &relative[..i]),
            None => dest_dir.clone(),
        };
        match by_dir.iter_mut().find(|(d, _)| *d == dir) {
            Some((_, files)) => files.push(relative),
            None => by_dir.push((dir, vec![relative])),
        }
    }
    let keyword = copy_instruction.keyword.slice(ctx.source);
    let copy_word = if keyword.chars().all(|c| c.is_ascii_lowercase()) { "copy" } else { "COPY" };
    let chown: String = copy_instruction
        .flags
        .iter()
        .filter(|f| matches!(f.name.as_str(), "chown" | "chmod" | "link"))
        .map(|f| format!("{} ", ctx.text(f.range)))
        .collect();
    for (dir, files) in &by_dir {
        lines.push(format!("{copy_word} {chown}{} {dir}", files.join(" ")));
    }
    let run_instruction = &instructions[run];
    let manifests = lines.join("\n");
    let between = copy + 1..run;
    if let Some(prepare) = &install.prepare {
        // Download the dependencies from the manifests alone, before the full copy. The new
        // step runs where the copy was: a WORKDIR, ENV or USER between them, or a RUN that
        // installs or configures the tool (`pip install poetry`, `poetry config`), would not
        // be in effect yet.
        if !between.clone().all(|i| is_metadata(instructions[i].kind)) {
            return None;
        }
        let flags: String = run_instruction.flags.iter().map(|f| format!("{} ", ctx.text(f.range))).collect();
        let text = format!("{manifests}\nRUN {flags}{prepare}");
        return Some(Fix::unsafe_edit(TITLE, vec![ctx.insert_before(copy_instruction, &text)]));
    }
    if run_instruction.kind != Kind::Run || !run_instruction.heredocs.is_empty() {
        return None;
    }
    let script = ctx.model.script(run)?;
    let top: Vec<&SimpleCommand> = script.top_level().collect();
    let installs = top.iter().take_while(|c| install_of(ctx, c).is_some() || is_pip_upgrade(c)).count();
    if installs == 0 {
        return None;
    }
    if installs == top.len() {
        // The RUN only installs: copy the manifests where the full copy was, and move the full
        // copy down after the install. Steps in between keep their order, and now run before
        // the sources are there, so each must be one that never reads them.
        let copy_expands = ctx.text(copy_instruction.range).contains('$');
        if !between.clone().all(|i| runs_without_sources(ctx, i, copy_expands)) {
            return None;
        }
        let copy_lines = TextRange::new(
            ctx.line_start(copy_instruction.range.start),
            ctx.next_line_start(copy_instruction.range.end),
        );
        let full_copy = ctx
            .text(TextRange::new(ctx.line_start(copy_instruction.range.start), copy_instruction.range.end))
            .trim_start();
        let indent = ctx.indentation(copy_instruction.range.start);
        let nl = ctx.newline();
        let replacement: String = lines.iter().map(|l| format!("{indent}{l}{nl}")).collect();
        let edits = vec![Edit::replace(copy_lines, replacement), ctx.insert_after(run_instruction, full_copy)];
        return Some(Fix::unsafe_edit(TITLE, edits));
    }
    // The RUN installs and then builds: move the install part up, right before the full copy,
    // when nothing stands between them.
    if !between.clone().all(|i| matches!(instructions[i].kind, Kind::Expose | Kind::Label)) {
        return None;
    }
    let Some(Command::Shell(shell)) = run_instruction.command() else { return None };
    if top[installs - 1].end.is_none_or(|op| op.kind != OperatorKind::And) || !shell.range.contains(top[0].range.start)
    {
        return None;
    }
    let first = top[0].range.start;
    let last = top[installs - 1].range.end;
    let flags: String = run_instruction.flags.iter().map(|f| format!("{} ", ctx.text(f.range))).collect();
    let moved = ctx.text(TextRange::new(first, last));
    let text = format!("{manifests}\nRUN {flags}{moved}");
    let edits = vec![
        ctx.insert_before(copy_instruction, &text),
        Edit::delete(TextRange::new(first, top[installs].range.start)),
    ];
    Some(Fix::unsafe_edit(TITLE, edits))
}

const TITLE: &str = "Copy the dependency manifests and install before copying the rest";

/// Instructions that only describe the image: they read no file and change nothing a RUN
/// runs with.
fn is_metadata(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::Expose
            | Kind::Label
            | Kind::Stopsignal
            | Kind::Healthcheck
            | Kind::Cmd
            | Kind::Entrypoint
            | Kind::Maintainer
    )
}

/// Whether instruction `i`, between the full copy and the install, does the same when the
/// full copy comes after it: it reads no file of the build context (`RUN python setup.py
/// build` does; so does another `COPY . .`, whose install would be found and moved again) and
/// sets nothing the copy's own words expand.
fn runs_without_sources(ctx: &Checker, i: usize, copy_expands: bool) -> bool {
    let instruction = &ctx.file.instructions[i];
    match instruction.kind {
        // COPY without --chown writes files owned by root whoever the USER is.
        kind if is_metadata(kind) => true,
        Kind::User => true,
        Kind::Env | Kind::Arg => !copy_expands,
        Kind::Run => {
            instruction.heredocs.is_empty()
                && mounts(instruction).all(|(kind, _)| kind != "bind")
                && ctx.model.script(i).is_some_and(|script| script.commands.iter().all(reads_no_sources))
        }
        _ => false,
    }
}

/// Commands that read nothing of the build context: OS packages and global tools installed by
/// name, cleaning the package caches, `export`.
fn reads_no_sources(command: &SimpleCommand) -> bool {
    // A path names a file of the context (`./pkg.deb`, `/app/wheels/x.whl`); a URL or a
    // scoped npm name does not.
    let by_name = |word: &&ShellWord| {
        let v = word.value.as_str();
        !word.dynamic && !v.starts_with(['.', '/', '~']) && !v.starts_with("file:")
    };
    match command.program() {
        Some("export" | "true" | ":") => true,
        Some("rm") => command.positional().all(|w| {
            ["/var/lib/apt/lists", "/var/cache/", "/tmp/", "/root/.cache"].iter().any(|p| w.value.starts_with(p))
        }),
        _ => invocation::read(command).is_some_and(|inv| {
            let global = command.has_any_flag(&["-g", "--global"]) || inv.action() == Some("global");
            let by_names = inv.rest().iter().all(by_name);
            match inv.tool {
                tool if tool.is_os_package_manager() => by_names,
                Tool::Pip => {
                    // `-rfile`, `--requirement=file`, `-e .` read files however they are spelled.
                    let reads_files = inv.args.iter().any(|w| {
                        ["-r", "-c", "-e", "--requirement", "--constraint", "--editable"]
                            .iter()
                            .any(|flag| w.value.starts_with(flag))
                    });
                    inv.action() == Some("install") && by_names && !reads_files
                }
                Tool::Npm | Tool::Pnpm | Tool::Yarn | Tool::Bun => global && by_names,
                _ => false,
            }
        }),
    }
}

fn is_pip_upgrade(command: &SimpleCommand) -> bool {
    pip_install(command).is_some()
        && command.positional().skip(1).all(|w| matches!(w.value.as_str(), "pip" | "setuptools" | "wheel"))
}

/// True when the working directory at instruction `at` is `dir`.
fn workdir_is(ctx: &Checker, at: usize, dir: &str) -> bool {
    let Some(stage) = ctx.model.stage_of[at] else {
        return false;
    };
    let workdir = ctx.model.lineage(stage).find_map(|s| {
        // The stage's WORKDIRs before `at`, nearest first.
        let nearest =
            |before: usize| (before > s.instructions.start).then(|| ctx.model.workdir_upto[before - 1]).flatten();
        std::iter::successors(nearest(s.instructions.end.min(at)), |&i| nearest(i)).find_map(|i| {
            match &ctx.file.instructions[i].args {
                Args::Text(word) => Some(word.value.clone()),
                _ => None,
            }
        })
    });
    workdir.is_some_and(|w| w.trim_end_matches('/') == dir.trim_end_matches('/'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::linter::check;
    use crate::settings::Settings;
    use crate::test_util::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(&RULE)
            .pass(&[
                "FROM python:3.13-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\n",
                "FROM python:3.13-slim\nCOPY . .\nRUN python -m compileall .\n",
                "FROM python:3.13-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\nRUN pip install --no-deps -e .\n",
                "FROM node:22.11-slim\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\n",
                "FROM node:22.11-slim\nCOPY . .\nRUN npm install -g serve\n",
            ])
            .fail(&[
                "FROM python:3.13-slim\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\n",
                "FROM node:22.11-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\n",
                "FROM golang:1.23\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\n",
                "FROM rust:1.83\nCOPY . .\nRUN cargo build --release\n",
                "FROM python:3.13-slim\nCOPY . /app\nRUN pip install /app\n",
            ])
            .fix(&[
                (
                    "FROM python:3.13-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\nCMD [\"python\", \"app.py\"]\n",
                    "FROM python:3.13-slim\nWORKDIR /app\nCOPY requirements.txt ./\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nCMD [\"python\", \"app.py\"]\n",
                ),
                (
                    "FROM node:22.11-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\n",
                    "FROM node:22.11-slim\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\n",
                ),
                (
                    "FROM golang:1.23\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app .\n",
                    "FROM golang:1.23\nWORKDIR /src\nCOPY go.mod go.sum* ./\nRUN go mod download\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app .\n",
                ),
                (
                    "FROM python:3.13-slim\nCOPY . /app\nRUN pip install -r /app/requirements.txt\n",
                    "FROM python:3.13-slim\nCOPY requirements.txt /app/\nRUN pip install -r /app/requirements.txt\nCOPY . /app\n",
                ),
                (
                    "FROM python:3.12-alpine3.18\nWORKDIR /app\n# everything\nCOPY . .\nRUN apk add --no-cache build-base\nRUN pip install -r requirements.txt\nEXPOSE 5000\n",
                    "FROM python:3.12-alpine3.18\nWORKDIR /app\n# everything\nCOPY requirements.txt ./\nRUN apk add --no-cache build-base\nRUN pip install -r requirements.txt\nCOPY . .\nEXPOSE 5000\n",
                ),
                (
                    "FROM python:3.13-slim\nWORKDIR /srv\nCOPY --chown=app:app . .\n# dependencies\nRUN pip install --upgrade pip && pip install -r requirements/prod.txt\n",
                    "FROM python:3.13-slim\nWORKDIR /srv\nCOPY --chown=app:app requirements/prod.txt ./requirements/\n# dependencies\nRUN pip install --upgrade pip && pip install -r requirements/prod.txt\nCOPY --chown=app:app . .\n",
                ),
            ])
            .fix(&[(
                "FROM node:22.11-slim\nWORKDIR /app\nCOPY . .\nRUN apt-get update && apt-get install -y git && rm -rf /var/lib/apt/lists/*\nRUN npm install -g pnpm@9 && pip install gunicorn\nRUN npm ci\n",
                "FROM node:22.11-slim\nWORKDIR /app\nCOPY package*.json ./\nRUN apt-get update && apt-get install -y git && rm -rf /var/lib/apt/lists/*\nRUN npm install -g pnpm@9 && pip install gunicorn\nRUN npm ci\nCOPY . .\n",
            )])
            .run();
    }

    /// The finding stays, without a fix, where moving the copy or adding a step before it
    /// would change what the build does.
    #[test]
    fn no_fix_where_the_steps_between_need_the_sources_or_set_up_the_install() {
        let settings = Settings { select: vec!["SS004".to_string()], ..Settings::default() };
        for source in [
            // A build step reads the sources.
            "FROM python:3.13-slim\nWORKDIR /app\nCOPY . .\nRUN python setup.py build\nRUN pip install -r requirements.txt\n",
            // A second full copy: the install would still follow one, and be moved again.
            "FROM python:3.13-slim\nWORKDIR /app\nCOPY . .\nCOPY . .\nRUN pip install -r requirements.txt\n",
            // A virtualenv made between would be overwritten by a venv/ of the context.
            "FROM python:3.13-slim\nWORKDIR /app\nCOPY . .\nRUN python -m venv /app/venv\nRUN pip install -r requirements.txt\n",
            // Packages from files of the context.
            "FROM python:3.13-slim\nWORKDIR /app\nCOPY . .\nRUN apt-get install -y ./tool.deb\nRUN pip install -r requirements.txt\n",
            "FROM python:3.13-slim\nWORKDIR /app\nCOPY . .\nRUN pip install -rbase.txt\nRUN pip install -r requirements.txt\n",
            // A bind mount reads the context.
            "FROM python:3.13-slim\nWORKDIR /app\nCOPY . .\nRUN --mount=target=/ctx apt-get update\nRUN pip install -r requirements.txt\n",
            // The copy's words expand a variable set between.
            "FROM python:3.13-slim\nWORKDIR /app\nCOPY --chown=$U . .\nENV U=app\nRUN pip install -r requirements.txt\n",
            // The added download would run before the WORKDIR...
            "FROM golang:1.23\nCOPY . /src\nWORKDIR /src\nRUN go build -o /app .\n",
            // ...before the tool is installed, or before its configuration.
            "FROM python:3.13-slim\nWORKDIR /app\nCOPY . .\nRUN pip install poetry\nRUN poetry install\n",
            "FROM python:3.13-slim\nWORKDIR /app\nCOPY . .\nRUN poetry config virtualenvs.in-project true\nRUN poetry install\n",
        ] {
            let found: Vec<_> = check(source, &settings).into_iter().filter(|d| d.rule.code == "SS004").collect();
            assert_eq!(found.len(), 1, "{source}");
            assert!(found[0].fix.is_none(), "{source}");
        }
    }
}
