//! How the image starts the app, when a file of the build context (or the Dockerfile) decides
//! it: the entry point script a command runs, read with [`super::entrypoint`], and the
//! `package.json` script `npm start` and its kind run. Each gives the command the app is started
//! with, which the rest of the analysis reads as if the Dockerfile had it.

use super::analyze::{Analysis, Launch, basename, join};
use super::{Refusal, RefusalClass, entrypoint};
use crate::text::{TextRange, code};

/// An entry point script, read and translated into what an image without a shell does instead.
#[derive(Clone, Debug)]
pub(crate) struct ScriptLaunch {
    /// Its path in the image.
    pub name: String,
    pub origin: ScriptOrigin,
    pub translation: entrypoint::Translation,
}

/// Where the text of a script was read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ScriptOrigin {
    /// A file of the build context, by its path there.
    Context(String),
    /// A heredoc of the Dockerfile (`COPY <<EOF /run.sh`).
    Heredoc,
    /// The command itself: `sh -c '…'`, a shell-form CMD.
    Command,
    /// A script of the `package.json` at this context path, by its name.
    PackageJson(String, String),
    /// The base image's own launcher (`docker-entrypoint.sh` of `node`).
    BaseImage,
}

/// The shells a command may start.
const SHELLS: &[&str] = &["sh", "bash", "ash", "dash", "zsh", "ksh"];

/// Where a script the image starts is: its path in the image and the words after it, or the
/// text of `sh -c '…'`.
enum ScriptSource {
    File { path: String, args: Vec<String> },
    Inline { text: String, args: Vec<String> },
}

/// The script the command starts, if it starts one: `sh -c '…'`, `sh start.sh`, a `.sh` file,
/// or a file of the build context that begins with a shell's `#!` line.
fn script_source(analysis: &Analysis, argv: &[String], at: usize) -> Option<ScriptSource> {
    let first = argv.first()?;
    let program = basename(first);
    let workdir = analysis.workdir_at(at).unwrap_or_else(|| "/".into());
    if SHELLS.contains(&program) {
        let rest = &argv[1..];
        let flags: Vec<&String> = rest.iter().take_while(|a| a.starts_with('-')).collect();
        if flags.iter().any(|f| f.starts_with('-') && !f.starts_with("--") && f.contains('c')) {
            let text = rest.get(flags.len())?.clone();
            // `sh -c 'script' name args…`: `$0` is `name`.
            let args = rest.iter().skip(flags.len() + 2).cloned().collect();
            return Some(ScriptSource::Inline { text, args });
        }
        let script = rest.get(flags.len())?;
        return Some(ScriptSource::File { path: join(&workdir, script), args: rest[flags.len() + 1..].to_vec() });
    }
    let path = command_path(analysis, first, &workdir);
    let named_like_a_script = program.ends_with(".sh") || program.ends_with(".bash") || program.contains("entrypoint");
    let shebang = analysis.context_source(analysis.final_stage, &path).and_then(|p| {
        analysis.context.iter().find(|f| f.path == p).map(|f| {
            let line = f.text.lines().next().unwrap_or("");
            line.starts_with("#!")
                && SHELLS
                    .iter()
                    .any(|s| line.trim_end().ends_with(&format!("/{s}")) || line.ends_with(&format!(" {s}")))
        })
    });
    (named_like_a_script || shebang == Some(true)).then(|| ScriptSource::File { path, args: argv[1..].to_vec() })
}

/// The base image's own launcher at `path`, when the build did not put another file there.
fn base_launcher(analysis: &Analysis, path: &str) -> Option<&'static super::images::Launcher> {
    let image = analysis.root_image.as_ref()?;
    let launcher = super::images::launcher(image, path)?;
    (analysis.context_source(analysis.final_stage, path).is_none() && analysis.heredoc_file(path).is_none())
        .then_some(launcher)
}

/// The command a base image's launcher runs: the CMD, with its program put in front when the
/// first word is a flag or a script file.
fn launcher_launch(analysis: &Analysis, launch: &Launch, path: &str) -> Launch {
    let launcher = base_launcher(analysis, path).expect("a launcher");
    let argv = launch.argv();
    let split = launch.split();
    let entry_at = launch.entrypoint.as_ref().map(|(i, _)| *i);
    let fixed: Vec<String> = argv[1..split.max(1)].to_vec();
    let cmd: Vec<String> = argv[split.max(1)..].to_vec();
    let first = fixed.first().or(cmd.first()).cloned().unwrap_or_default();
    let script_file = [".js", ".mjs", ".cjs", ".ts"].iter().any(|e| first.ends_with(e));
    let prepend =
        !launcher.prepends.is_empty() && (first.starts_with('-') || (script_file && launcher.prepends != "php"));
    let mut translation = entrypoint::Translation { takes_args: true, ..Default::default() };
    translation.command = if prepend { vec![launcher.prepends.to_string()] } else { Vec::new() };
    translation.command.extend(fixed);
    let image = analysis.root_image.as_ref().map(|i| i.raw.clone()).unwrap_or_default();
    translation.notes.push(format!(
        "{} is the launcher of the base image {}: it {}{}; the final stage runs the command itself",
        code(path),
        code(&image),
        match launcher.also {
            Some(also) => format!("{also}, then ran the command"),
            None => "ran the command".to_string(),
        },
        if launcher.prepends.is_empty() {
            String::new()
        } else {
            format!(", with {} put in front of arguments that start with `-`", code(launcher.prepends))
        }
    ));
    if !launcher.prepends.is_empty() && !prepend {
        translation.notes.push(format!(
            "`docker run IMAGE --flag` ran `{} --flag` through the launcher; now pass the program too (`docker run IMAGE {} --flag`)",
            launcher.prepends, launcher.prepends
        ));
    }
    let cmd_at = launch.cmd.as_ref().map(|(i, _)| *i).or(entry_at).unwrap_or(0);
    let mut new =
        Launch { wrappers: launch.wrappers.clone(), inherited: launch.inherited.clone(), ..Launch::default() };
    if translation.command.is_empty() {
        new.cmd = (!cmd.is_empty()).then_some((cmd_at, cmd));
    } else {
        new.entrypoint = Some((entry_at.unwrap_or(cmd_at), translation.command.clone()));
        new.cmd = (!cmd.is_empty()).then_some((cmd_at, cmd));
    }
    new.script = Some(ScriptLaunch { name: path.to_string(), origin: ScriptOrigin::BaseImage, translation });
    new
}

/// Where a command's program is in the image: a path against the working directory, or a bare
/// name found through PATH where the build copied a file of that name.
pub(crate) fn command_path(analysis: &Analysis, program: &str, workdir: &str) -> String {
    if program.contains('/') {
        return join(workdir, program);
    }
    ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"]
        .iter()
        .map(|dir| join(dir, program))
        .find(|p| analysis.context_source(analysis.final_stage, p).is_some())
        // Or the base image's own launcher of that name.
        .or_else(|| {
            let image = analysis.root_image.as_ref()?;
            super::images::LAUNCHERS
                .iter()
                .map(|l| l.script)
                .find(|script| basename(script) == program && super::images::launcher(image, script).is_some())
                .map(str::to_string)
        })
        .unwrap_or_else(|| join(workdir, program))
}

/// Reads the entry point script the command starts, from the context (or the command itself),
/// and gives the command it amounts to; `None` when the command starts no script.
pub(crate) fn script_launch(
    analysis: &Analysis,
    launch: &Launch,
    range: Option<TextRange>,
) -> Result<Option<Launch>, Refusal> {
    let argv = launch.argv();
    let split = launch.split();
    let Some(&at) = launch.instructions().first() else { return Ok(None) };
    let Some(source) = script_source(analysis, &argv, at) else { return Ok(None) };
    // The words the script receives: those after it in ENTRYPOINT are fixed, the CMD is what
    // `docker run IMAGE …` replaces. A script started by CMD alone receives nothing else.
    let in_entrypoint = split > 0;
    let (text, name, origin, args) = match source {
        ScriptSource::Inline { text, args } => (text, "the command".to_string(), ScriptOrigin::Command, args),
        ScriptSource::File { path, args } if analysis.heredoc_file(&path).is_some() => {
            let text = analysis.heredoc_file(&path).unwrap_or_default();
            (text, path, ScriptOrigin::Heredoc, args)
        }
        ScriptSource::File { path, .. } if base_launcher(analysis, &path).is_some() => {
            return Ok(Some(launcher_launch(analysis, launch, &path)));
        }
        ScriptSource::File { path, args } => {
            let Some(context_path) = analysis.context_source(analysis.final_stage, &path) else {
                return Err(Refusal::new(
                    RefusalClass::NeedsShell,
                    format!(
                        "the image starts the script {path}, which needs a shell at run time, and distroless images have none; the build makes it (it is not copied from the build context), so shipshape cannot read it: move its steps into the build stage or into the app, and start the program directly",
                        path = code(&path)
                    ),
                    range,
                ));
            };
            let Some(file) = analysis.context.iter().find(|f| f.path == context_path) else {
                // A COPY of several directories: any of them may hold the script.
                let candidates: Vec<String> =
                    analysis.context_sources(analysis.final_stage, &path).iter().map(|c| code(c).to_string()).collect();
                return Err(Refusal::new(
                    RefusalClass::NeedsContext,
                    format!(
                        "the image starts the script {} ({} in the build context), which needs a shell at run time: run the conversion with `--context DIR` so shipshape can read it; a script that only sets variables, switches user, waits or prepares directories and then starts the app is translated",
                        code(&path),
                        candidates.join(" or ")
                    ),
                    range,
                ));
            };
            (file.text.clone(), path, ScriptOrigin::Context(context_path), args)
        }
    };
    // `args` runs to the end of the command: the CMD's words are its last ones.
    let (script_args, cmd): (Vec<String>, Vec<String>) = if in_entrypoint {
        let cmd = argv[split..].to_vec();
        let fixed = args.len().saturating_sub(cmd.len());
        (args[..fixed].to_vec(), cmd)
    } else {
        (args, Vec::new())
    };
    let env = |name: &str| analysis.model.variable(at, name);
    let start = entrypoint::Start {
        name: &name,
        text: &text,
        args: script_args,
        cmd: cmd.clone(),
        env: &env,
        workdir: analysis.workdir_at(at).unwrap_or_else(|| "/".into()),
        inline: origin == ScriptOrigin::Command,
        label: None,
        built: &|_: &[String]| false,
    };
    let translation = entrypoint::translate(&start).map_err(|refused| {
        let reason = if origin != ScriptOrigin::Command {
            format!(
                "the image starts the script {name}, and {}, which needs a shell: move that step into the build (a RUN), into the app, or into a one-off container run before it (a Compose service, a Kubernetes init container), then convert again",
                refused.sentence(&name),
                name = code(&name)
            )
        } else {
            let keyword = analysis.instruction(at).kind.as_str();
            let part = if refused.part == text.trim() { String::new() } else { format!(": {}", code(&refused.part)) };
            format!(
                "{keyword} {}{part} {}, which needs a shell at run time, and distroless images have none: write it in exec form without shell features (or move the logic into the app) first",
                code(text.trim()),
                refused.why
            )
        };
        Refusal::new(RefusalClass::NeedsShell, reason, range)
    })?;
    let entry_at = launch.entrypoint.as_ref().map(|(i, _)| *i);
    let cmd_at = launch.cmd.as_ref().map(|(i, _)| *i).or(entry_at).unwrap_or(at);
    let mut new =
        Launch { wrappers: launch.wrappers.clone(), inherited: launch.inherited.clone(), ..Launch::default() };
    let command = translation.command.clone();
    match (in_entrypoint, translation.takes_args) {
        // `exec "$@"`: the CMD is the whole command, which `docker run IMAGE …` replaces.
        (true, true) if command.is_empty() => new.cmd = (!cmd.is_empty()).then(|| (cmd_at, cmd.clone())),
        (true, true) => {
            new.entrypoint = Some((entry_at.unwrap_or(at), command));
            new.cmd = (!cmd.is_empty()).then(|| (cmd_at, cmd.clone()));
        }
        (true, false) => new.entrypoint = Some((entry_at.unwrap_or(at), command)),
        // Started by CMD alone: whatever it runs is the CMD.
        (false, _) => new.cmd = (!command.is_empty()).then_some((cmd_at, command)),
    }
    new.script = Some(ScriptLaunch { name, origin, translation });
    Ok(Some(new))
}

/// A package manager running a `package.json` script: `npm start`, `npm run serve -- --port 80`,
/// `yarn start`, `pnpm run start`, `bun start`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ScriptRun {
    pub tool: &'static str,
    pub script: String,
    /// The words after the script's name (after `--`), which the tool appends to its text.
    pub extra: Vec<String>,
}

/// Commands of the package managers that are not scripts (`yarn install`, `pnpm exec`).
const BUILTINS: &[&str] = &[
    "install",
    "i",
    "ci",
    "add",
    "remove",
    "rm",
    "uninstall",
    "update",
    "up",
    "upgrade",
    "exec",
    "dlx",
    "x",
    "create",
    "init",
    "link",
    "unlink",
    "publish",
    "pack",
    "audit",
    "outdated",
    "list",
    "ls",
    "why",
    "info",
    "config",
    "cache",
    "help",
    "version",
    "login",
    "logout",
    "prune",
    "rebuild",
    "dedupe",
    "import",
    "workspace",
    "workspaces",
    "set",
    "test",
    "t",
];

/// The script a package manager command runs, if it runs one.
pub(crate) fn script_run(argv: &[String]) -> Option<ScriptRun> {
    let tool = match basename(argv.first()?) {
        "npm" => "npm",
        "yarn" => "yarn",
        "pnpm" => "pnpm",
        "bun" => "bun",
        _ => return None,
    };
    // Flags that only change what the tool prints.
    let quiet = |w: &String| matches!(w.as_str(), "-s" | "--silent" | "-q" | "--quiet" | "--no-update-notifier");
    let words: Vec<&String> = argv[1..].iter().filter(|w| !quiet(w)).collect();
    let (script, rest) = match words.as_slice() {
        [first, rest @ ..] if first.as_str() == "start" => ("start".to_string(), rest),
        [first, name, rest @ ..] if matches!(first.as_str(), "run" | "run-script") => ((*name).clone(), rest),
        [name, rest @ ..] if tool != "npm" && !name.starts_with('-') && !BUILTINS.contains(&name.as_str()) => {
            ((*name).clone(), rest)
        }
        _ => return None,
    };
    if script.starts_with('-') || (tool == "bun" && (script.contains('/') || script.contains('.'))) {
        return None;
    }
    let extra: Vec<String> = match rest.split_first() {
        Some((first, after)) if first.as_str() == "--" => after.iter().map(|w| (*w).clone()).collect(),
        _ => rest.iter().map(|w| (*w).clone()).collect(),
    };
    Some(ScriptRun { tool, script, extra })
}

/// Development tools a start script may run, which are no way to serve an app.
const DEV_TOOLS: &[&str] = &[
    "nodemon",
    "ts-node",
    "ts-node-dev",
    "tsx",
    "vite",
    "react-scripts",
    "webpack-dev-server",
    "ng",
    "nest",
    "parcel",
];

/// Where the program of a package's `.bin` entry lives, for the ones that start production
/// servers: `next start` is `node node_modules/next/dist/bin/next start`.
const BIN_FILES: &[(&str, &str)] = &[("next", "node_modules/next/dist/bin/next")];

/// Reads the `package.json` script a package manager command starts, and gives the command it
/// amounts to; `None` when the command runs no script.
pub(crate) fn package_launch(
    analysis: &Analysis,
    launch: &Launch,
    range: Option<TextRange>,
) -> Result<Option<Launch>, Refusal> {
    let argv = launch.argv();
    // With an ENTRYPOINT, the CMD's words are arguments `docker run IMAGE …` replaces: they stay
    // arguments of the new command.
    let fixed = if launch.split() > 0 { &argv[..launch.split()] } else { &argv[..] };
    let Some(run) = script_run(fixed) else { return Ok(None) };
    let Some(&at) = launch.instructions().first() else { return Ok(None) };
    let workdir = analysis.workdir_at(at).unwrap_or_else(|| "/".into());
    let shown = argv.join(" ");
    let package = join(&workdir, "package.json");
    let Some(path) = analysis.context_source(analysis.final_stage, &package) else {
        return Err(Refusal::new(
            RefusalClass::NeedsShell,
            format!(
                "the image starts {}, which runs the {} script of {package} with a shell, and shipshape cannot tell where the build took that file from to read it: set CMD to the command the script runs (for example `CMD [\"node\", \"server.js\"]`)",
                code(&shown),
                code(&run.script),
                package = code(&package)
            ),
            range,
        ));
    };
    let scripts = match super::context::package_scripts(analysis.context, &path) {
        None => {
            return Err(Refusal::new(
                RefusalClass::NeedsContext,
                format!(
                    "the image starts {}, which runs the {} script of `package.json` ({path} in the build context) with a shell: run the conversion with `--context DIR` so shipshape can read it; a script that is a plain `node …` (after build steps the build stage ran) converts",
                    code(&shown),
                    code(&run.script),
                    path = code(&path)
                ),
                range,
            ));
        }
        Some(Err(())) => {
            return Err(Refusal::new(
                RefusalClass::InvalidInput,
                format!(
                    "{path} in the build context is not valid JSON, so shipshape cannot read its scripts",
                    path = code(&path)
                ),
                range,
            ));
        }
        Some(Ok(scripts)) => scripts,
    };
    let script = |name: &str| scripts.iter().find(|(n, _)| n == name).map(|(_, t)| t.clone());
    // What the build stages ran, to tell a build step in a start script from a step at start-up.
    let build_runs: Vec<Vec<String>> = analysis
        .commands_in(&analysis.needed)
        .into_iter()
        .map(|(_, c)| c.words.iter().map(|w| w.value.clone()).collect::<Vec<String>>())
        .collect();
    let built_scripts: Vec<String> = build_runs.iter().filter_map(|w| script_run(w)).map(|r| r.script).collect();
    let built = |words: &[String]| {
        let text = words.join(" ");
        build_runs.iter().any(|w| w.join(" ") == text)
            || script_run(words).is_some_and(|r| built_scripts.contains(&r.script))
            || built_scripts.iter().any(|name| script(name).is_some_and(|t| t.trim() == text))
            || (matches!(words.first().map(String::as_str), Some("npx" | "pnpm" | "yarn" | "bunx"))
                && words.get(1..).is_some_and(|rest| build_runs.iter().any(|w| w.join(" ").ends_with(&rest.join(" ")))))
    };
    let env = |name: &str| analysis.model.variable(at, name);
    let mut name = run.script.clone();
    let mut extra = run.extra.clone();
    let mut notes: Vec<String> = Vec::new();
    let mut command: Vec<String>;
    let mut translation;
    let mut depth = 0;
    loop {
        depth += 1;
        let text = match script(&name) {
            Some(text) => text,
            // npm's own default: `node server.js`.
            None if name == "start" && run.tool == "npm" => {
                notes.push(
                    "package.json has no `start` script, so `npm start` ran npm's default, `node server.js`".into(),
                );
                "node server.js".into()
            }
            None => {
                return Err(Refusal::new(
                    RefusalClass::InvalidInput,
                    format!(
                        "{path} has no {name} script, so {} fails in the original image too",
                        code(&shown),
                        path = code(&path),
                        name = code(&name)
                    ),
                    range,
                ));
            }
        };
        // npm and yarn run `pre<name>` first.
        if matches!(run.tool, "npm" | "yarn")
            && let Some(pre) = script(&format!("pre{name}"))
        {
            let words: Vec<String> = pre.split_whitespace().map(str::to_string).collect();
            if !built(&words) {
                return Err(Refusal::new(
                    RefusalClass::NeedsShell,
                    format!(
                        "the image starts {}, and {} runs the `pre{name}` script ({}) before it at start-up, which needs a shell: move it into the build stage (or into the app), then convert again",
                        code(&shown),
                        run.tool,
                        code(&pre)
                    ),
                    range,
                ));
            }
            notes.push(format!(
                "the `pre{name}` script ({pre}) repeated a step of the build stage, and is dropped",
                pre = code(&pre)
            ));
        }
        let full = if extra.is_empty() {
            text.clone()
        } else {
            format!("{text} {}", extra.iter().map(|w| shell_quote(w)).collect::<Vec<_>>().join(" "))
        };
        let label = format!("The {name} script", name = code(&name));
        let start = entrypoint::Start {
            name: &path,
            text: &full,
            args: Vec::new(),
            cmd: Vec::new(),
            env: &env,
            workdir: workdir.clone(),
            inline: true,
            label: Some(label),
            built: &built,
        };
        translation = entrypoint::translate(&start).map_err(|refused| {
            let part = if refused.part == full.trim() { String::new() } else { format!(" (at {})", code(&refused.part)) };
            Refusal::new(
                RefusalClass::NeedsShell,
                format!(
                    "the image starts {}, which runs the {name} script of {path}, {}, and the script{part} {}, which needs a shell at run time: write the script as a plain command (`node dist/index.js`), with build steps in the build stage and steps at start-up such as migrations in a one-off container run before the app (a Compose service, a Kubernetes init container), then convert again",
                    code(&shown),
                    code(full.trim()),
                    refused.why,
                    name = code(&name),
                    path = code(&path)
                ),
                range,
            )
        })?;
        command = translation.command.clone();
        // A script that runs another script: follow it.
        match script_run(&command) {
            Some(inner) if depth < 5 => {
                notes.push(format!("the {name} script ran the {} script", code(&inner.script), name = code(&name)));
                name = inner.script;
                extra = inner.extra;
            }
            _ => break,
        }
    }
    let program = command.first().cloned().unwrap_or_default();
    let program_name = basename(&program).to_string();
    if let Some((_, file)) = BIN_FILES.iter().find(|(bin, _)| *bin == program_name) {
        translation.checks.push(format!(
            "{program_name} is a program of node_modules/.bin; the image runs its file {file} with `node` instead (the runtime has no `.bin` on PATH): check that the installed version keeps it there",
            program_name = code(&program_name),
            file = code(file)
        ));
        command.splice(0..1, ["node".to_string(), (*file).to_string()]);
    } else if DEV_TOOLS.contains(&program_name.as_str()) {
        return Err(Refusal::new(
            RefusalClass::BuildChange,
            format!(
                "the image starts {}, whose {name} script runs {program_name}, a development tool (it compiles or watches the sources at start-up): build the app in the build stage and start the result with `node` (for example `node dist/main.js`), then convert again",
                code(&shown),
                name = code(&name),
                program_name = code(&program_name)
            ),
            range,
        ));
    } else if !matches!(program_name.as_str(), "node" | "nodejs" | "bun") && !program.contains('/') {
        return Err(Refusal::new(
            RefusalClass::BuildChange,
            format!(
                "the image starts {}, whose {name} script runs {program_name}, a program from node_modules/.bin or PATH that the runtime image cannot look up: write the script (or CMD) as `node` and the program's JavaScript file, then convert again",
                code(&shown),
                name = code(&name),
                program_name = code(&program_name)
            ),
            range,
        ));
    }
    // `node --watch` and `bun --watch`/`--hot` restart the app when a file changes: it still
    // starts, but as in development.
    if matches!(program_name.as_str(), "node" | "nodejs" | "bun")
        && let Some(flag) = command[1..]
            .iter()
            .take_while(|w| w.starts_with('-'))
            .find(|w| matches!(w.split('=').next(), Some("--watch" | "--hot" | "--watch-path")))
    {
        translation.checks.push(format!(
            "the {name} script runs {} with {}, a development mode that restarts the app when its files change (in an image they do not): the converted image keeps the flag; drop it from the script to start the app once",
            code(&program_name),
            code(flag),
            name = code(&name)
        ));
    }
    translation.command = command.clone();
    translation.notes.splice(
        0..0,
        std::iter::once(format!(
            "{} ran the {} script of {path} (read from the build context) through a shell: {}; the image starts that command directly, so it receives signals such as SIGTERM itself",
            code(&shown),
            code(&run.script),
            code(&command.join(" ")),
            path = code(&path)
        ))
        .chain(notes),
    );
    translation.checks.push(format!(
        "the app no longer runs under {}, which set `npm_package_*` and `npm_config_*` variables: check that it reads none (`process.env.npm_package_version`)",
        run.tool
    ));
    let entry_at = launch.entrypoint.as_ref().map(|(i, _)| *i);
    let cmd_at = launch.cmd.as_ref().map(|(i, _)| *i).or(entry_at).unwrap_or(at);
    let mut new =
        Launch { wrappers: launch.wrappers.clone(), inherited: launch.inherited.clone(), ..Launch::default() };
    // Arguments of `docker run IMAGE …` went to the tool, which appended them to the script:
    // with an ENTRYPOINT they still follow the command.
    if launch.split() > 0 {
        new.entrypoint = Some((entry_at.unwrap_or(at), command));
        new.cmd = (launch.split() < argv.len()).then(|| (cmd_at, argv[launch.split()..].to_vec()));
    } else {
        new.cmd = Some((cmd_at, command));
    }
    new.script =
        Some(ScriptLaunch { name: path.clone(), origin: ScriptOrigin::PackageJson(path, run.script), translation });
    Ok(Some(new))
}

/// A word as the shell reads it back: quoted when it has anything but plain characters.
fn shell_quote(word: &str) -> String {
    if !word.is_empty() && word.chars().all(|c| c.is_ascii_alphanumeric() || "-_./:=,@+%".contains(c)) {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(words: &[&str]) -> Option<ScriptRun> {
        script_run(&words.iter().map(|w| w.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn reads_which_script_a_package_manager_runs() {
        let s = |tool: &'static str, script: &str, extra: &[&str]| {
            Some(ScriptRun { tool, script: script.into(), extra: extra.iter().map(|w| w.to_string()).collect() })
        };
        assert_eq!(run(&["npm", "start"]), s("npm", "start", &[]));
        assert_eq!(run(&["npm", "run", "serve", "--", "--port", "80"]), s("npm", "serve", &["--port", "80"]));
        assert_eq!(run(&["npm", "-s", "run-script", "start:prod"]), s("npm", "start:prod", &[]));
        assert_eq!(run(&["yarn", "serve"]), s("yarn", "serve", &[]));
        assert_eq!(run(&["pnpm", "start-docker"]), s("pnpm", "start-docker", &[]));
        assert_eq!(run(&["bun", "start"]), s("bun", "start", &[]));
        assert_eq!(run(&["bun", "run", "src/index.ts"]), None, "a file, not a script");
        assert_eq!(run(&["yarn", "install"]), None);
        assert_eq!(run(&["npm", "ci"]), None);
        assert_eq!(run(&["node", "server.js"]), None);
    }

    #[test]
    fn a_watch_mode_is_kept_with_a_check() {
        // pinax-network/drops-miner: `bun start` runs `bun --watch index.ts`.
        let source = "FROM oven/bun:1.2\nCOPY . .\nRUN bun install\nENTRYPOINT [\"bun\", \"start\"]\n";
        let package = r#"{"name": "miner", "scripts": {"start": "bun --watch index.ts"}}"#;
        let options = crate::distroless::Options {
            context: vec![crate::distroless::ContextFile { path: "package.json".into(), text: package.into() }],
            ..Default::default()
        };
        let crate::distroless::Conversion::Converted(c) = crate::distroless::convert(source, &options) else {
            panic!("refused")
        };
        assert!(
            c.dockerfile.contains("ENTRYPOINT [\"/usr/local/bin/bun\", \"--watch\", \"index.ts\"]"),
            "{}",
            c.dockerfile
        );
        assert!(c.notes.iter().any(|n| n.to_string().contains("`--watch`, a development mode")), "{:?}", c.notes);
    }
}
