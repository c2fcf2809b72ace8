//! Analysis: what the Dockerfile builds and runs, read from the syntax tree and the semantic
//! model. No decisions are taken here, only facts (and refusals when the facts say the image
//! cannot live without a shell or an unknown base).

use super::images;
use super::start::{ScriptLaunch, command_path, package_launch, script_launch};
use super::{ContextFile, Refusal, RefusalClass, Stack};
pub(crate) use crate::semantic::invocation::is_python_interpreter;
use crate::semantic::invocation::{self, Tool};
use crate::semantic::paths::Cwd;
pub(crate) use crate::semantic::paths::{is_under, join};
use crate::semantic::{Base, ImageRef, Model, Os, ShellKind, mount_option, vars};
use crate::shell::{self, SimpleCommand};
use crate::syntax::{Args, Command, Dockerfile, Instruction, Kind};
use crate::text::{TextRange, code};

/// The ARGs BuildKit defines for every build, whose values depend on the platform.
pub(crate) const PLATFORM_ARGS: &[&str] = &[
    "TARGETPLATFORM",
    "TARGETOS",
    "TARGETARCH",
    "TARGETVARIANT",
    "BUILDPLATFORM",
    "BUILDOS",
    "BUILDARCH",
    "BUILDVARIANT",
];

/// Everything the planner needs to know about the input.
pub(crate) struct Analysis<'a> {
    pub source: &'a str,
    pub file: &'a Dockerfile,
    pub model: &'a Model,
    pub final_stage: usize,
    /// The final stage and the stages it builds on (`FROM <stage>`), root first.
    pub lineage: Vec<usize>,
    /// Every stage the final image needs: its lineage and the stages it copies or mounts from,
    /// transitively. Sorted.
    pub needed: Vec<usize>,
    /// The image the lineage starts from.
    pub root_image: Option<ImageRef>,
    pub launch: Launch,
    pub stack: Stack,
    /// The tools that build the app: `pip`, `poetry`, `npm`, `maven`, …
    pub tools: Vec<&'static str>,
    /// The files of the build context the front end gave.
    pub context: &'a [ContextFile],
}

/// The program the image runs: ENTRYPOINT and CMD as Docker combines them.
#[derive(Clone, Debug, Default)]
pub(crate) struct Launch {
    /// The ENTRYPOINT in effect and its arguments.
    pub entrypoint: Option<(usize, Vec<String>)>,
    /// The CMD in effect (none when a later ENTRYPOINT reset it, or a shell-form ENTRYPOINT
    /// ignores it).
    pub cmd: Option<(usize, Vec<String>)>,
    /// Init and user-switching wrappers removed from the front: `tini --`, `gosu app`.
    pub wrappers: Vec<String>,
    /// The base image's JVM start script the command runs (`run-java.sh`), which the Java plan
    /// replaces by the `java` command it would run.
    pub jvm_launcher: Option<&'static super::images::JvmLauncher>,
    /// The command is the base image's own (the file sets none): the image it comes from.
    pub inherited: Option<String>,
    /// The entry point script the image started, translated: the command is what it ran.
    pub script: Option<ScriptLaunch>,
}

impl Launch {
    /// The whole command line.
    pub fn argv(&self) -> Vec<String> {
        let mut argv = Vec::new();
        if let Some((_, e)) = &self.entrypoint {
            argv.extend(e.iter().cloned());
        }
        if let Some((_, c)) = &self.cmd {
            argv.extend(c.iter().cloned());
        }
        argv
    }

    /// How many leading words of [`Launch::argv`] come from ENTRYPOINT.
    pub fn split(&self) -> usize {
        self.entrypoint.as_ref().map_or(0, |(_, e)| e.len())
    }

    pub fn program(&self) -> Option<String> {
        self.argv().first().cloned()
    }

    pub fn instructions(&self) -> Vec<usize> {
        self.entrypoint.iter().chain(self.cmd.iter()).map(|(i, _)| *i).collect()
    }
}

impl<'a> Analysis<'a> {
    pub fn instruction(&self, i: usize) -> &'a Instruction {
        &self.file.instructions[i]
    }

    /// The instruction indices of the given stages, in file order.
    pub fn instructions_of(&self, stages: &[usize]) -> Vec<usize> {
        stages.iter().flat_map(|&s| self.model.stages[s].instructions.clone()).collect()
    }

    /// The lineage's instructions, root stage first.
    pub fn lineage_instructions(&self) -> Vec<usize> {
        self.instructions_of(&self.lineage)
    }

    /// The first stage of the final stage's lineage: the one that names the base image the
    /// others build on.
    pub fn root_stage(&self) -> usize {
        self.lineage.first().copied().unwrap_or(self.final_stage)
    }

    /// The FROM of the root stage, where a refusal about the base image points.
    pub fn root_from_range(&self) -> Option<TextRange> {
        self.model.stages[self.root_stage()].from.map(|f| self.instruction(f).range)
    }

    pub fn text(&self, range: TextRange) -> &'a str {
        range.slice(self.source)
    }

    /// Expands `$VAR` in `text` with the ENV and ARG values in effect before instruction `at`
    /// (an ARG redeclared in a stage takes its global default). BuildKit's automatic platform
    /// ARGs (`TARGETARCH`, …), declared in the stage, have a value only at build time: they stay
    /// as they are written, as `${NAME}`. `None` when a variable has no value the file gives.
    pub fn expand(&self, text: &str, at: usize) -> Option<String> {
        vars::expand(text, &|name| {
            if let Some(value) = self.model.resolve(at, &format!("${{{name}}}")) {
                return Some(value);
            }
            if PLATFORM_ARGS.contains(&name) && self.model.variable(at, name).is_some() {
                return Some(format!("${{{name}}}"));
            }
            if self.model.variable(at, name).is_some() {
                // Declared without a value: only the build command can give one.
                return None;
            }
            self.model.global_args.iter().rev().find(|a| a.name == name).and_then(|a| a.default.clone())
        })
    }

    /// The working directory in effect before instruction `at` (absolute, normalized), following
    /// the stage's lineage; the base image's is taken to be `/`. `None` when a WORKDIR uses a
    /// variable without a known value.
    pub fn workdir_at(&self, at: usize) -> Option<String> {
        // The base image's own working directory, where the table knows it (`php` starts in
        // /var/www/html), `/` otherwise.
        let base = || {
            let stage = self.model.stage_of.get(at).copied().flatten().unwrap_or(self.final_stage);
            self.root_image_of(stage).and_then(images::base_defaults).map_or("/", |d| d.workdir)
        };
        match self.model.cwd_before(self.file, self.source, at, &|text, i| self.expand(text, i)) {
            Cwd::Known(dir) => Some(dir),
            Cwd::BaseImage => Some(base().into()),
            Cwd::UnderBaseImage(relative) => Some(join(base(), &relative)),
            Cwd::Unknown => None,
        }
    }

    /// The absolute destination of a COPY or ADD.
    pub fn copy_destination(&self, at: usize) -> Option<String> {
        let Args::Copy(copy) = &self.instruction(at).args else { return None };
        let dest = copy.destination()?;
        let value = self.expand(&dest.value, at)?;
        Some(join(&self.workdir_at(at)?, &value))
    }

    /// The build-context path of the file at `path` in a stage's image: the source of the COPY
    /// or ADD that put it there (a file, a directory's content, a pattern's match), following
    /// `COPY --from=<stage>` to where that stage got it. `None` when a RUN made the file or it
    /// came from another image or a URL. When the COPY has several sources that may be
    /// directories, the one the context holds (else the last, which Docker copies last).
    pub fn context_source(&self, stage: usize, path: &str) -> Option<String> {
        let candidates = self.context_sources(stage, path);
        candidates.iter().find(|c| self.context.iter().any(|f| &f.path == *c)).or(candidates.first()).cloned()
    }

    /// Every build-context path the file at `path` may come from: one, unless the COPY that put
    /// it there has several sources that may be directories (`COPY app LICENSE /app/` puts
    /// `/app/run.sh` there from `app/run.sh`, as far as the Dockerfile tells).
    pub fn context_sources(&self, stage: usize, path: &str) -> Vec<String> {
        self.context_sources_in(stage, path, 0)
    }

    fn context_sources_in(&self, stage: usize, path: &str, depth: usize) -> Vec<String> {
        if depth > 8 {
            return Vec::new();
        }
        let stages: Vec<usize> = self.model.lineage(stage).map(|s| s.index).collect();
        for s in stages {
            for i in self.model.stages[s].instructions.clone().rev() {
                let instruction = self.instruction(i);
                if !matches!(instruction.kind, Kind::Copy | Kind::Add) {
                    continue;
                }
                let Args::Copy(copy) = &instruction.args else { continue };
                let (Some(raw_dest), Some(dest)) = (copy.destination(), self.copy_destination(i)) else { continue };
                let into_dir = raw_dest.value.ends_with('/') || copy.sources().len() > 1;
                if !is_under(path, &dest) {
                    continue;
                }
                let from = instruction.flag("from").and_then(|f| f.value.as_deref());
                let mut found = Vec::new();
                for source in copy.sources().iter().rev() {
                    let Some(value) = self.expand(&source.value, i) else { continue };
                    if value.starts_with("<<") || value.contains("://") {
                        continue;
                    }
                    let candidate = if path == dest && !into_dir {
                        value.clone()
                    } else if path != dest {
                        let rel = path[dest.len()..].trim_start_matches('/');
                        let name = basename(value.trim_end_matches('/'));
                        let first = rel.split('/').next().unwrap_or(rel);
                        if name == first || (name.contains('*') && super::context::matches_wanted(name, first)) {
                            join(&dirname(&join("/", &value)), rel)
                        } else if may_be_directory(&value) {
                            // A directory lands as its content.
                            join(&join("/", &value), rel)
                        } else {
                            continue;
                        }
                    } else {
                        continue;
                    };
                    let sources = match from {
                        None => vec![built_from(join("/", &candidate).trim_start_matches('/'))],
                        Some(name) => match self.model.stage_named(name, s) {
                            Some(from_stage) => self.context_sources_in(from_stage, &join("/", &candidate), depth + 1),
                            None => Vec::new(),
                        },
                    };
                    for source in sources {
                        if !found.contains(&source) {
                            found.push(source);
                        }
                    }
                }
                if !found.is_empty() || from.is_some() {
                    return found;
                }
            }
        }
        Vec::new()
    }

    /// The text of a file the final image's lineage writes with a heredoc (`COPY <<EOF /run.sh`),
    /// as BuildKit writes it (variables expanded unless the delimiter was quoted).
    pub fn heredoc_file(&self, path: &str) -> Option<String> {
        for i in self.lineage_instructions().into_iter().rev() {
            let instruction = self.instruction(i);
            if !matches!(instruction.kind, Kind::Copy | Kind::Add) || instruction.heredocs.len() != 1 {
                continue;
            }
            if self.copy_destination(i).as_deref() != Some(path) {
                continue;
            }
            let heredoc = &instruction.heredocs[0];
            let body = heredoc.body.slice(self.source);
            return Some(if heredoc.expand {
                self.expand(&body.replace("\\$", "\u{0}"), i).unwrap_or_else(|| body.to_string()).replace('\u{0}', "$")
            } else {
                body.to_string()
            });
        }
        None
    }

    /// The POSIX commands of a RUN, heredoc bodies included.
    pub fn commands(&self, at: usize) -> &'a [SimpleCommand] {
        self.model.script(at).map(|s| s.commands.as_slice()).unwrap_or(&[])
    }

    /// Every command run in the given stages, with its instruction.
    pub fn commands_in(&self, stages: &[usize]) -> Vec<(usize, &'a SimpleCommand)> {
        self.instructions_of(stages).into_iter().flat_map(|i| self.commands(i).iter().map(move |c| (i, c))).collect()
    }

    /// The image a stage starts from, following stage references.
    pub fn root_image_of(&self, stage: usize) -> Option<&'a ImageRef> {
        self.model.root_image(stage)
    }

    /// True when `ENV`/`ARG` in the stage's lineage, or an assignment on the command itself,
    /// sets `name` before instruction `at`.
    pub fn sets_variable(&self, at: usize, command: Option<&SimpleCommand>, name: &str) -> Option<String> {
        if let Some(value) = command.and_then(|c| c.assignment(name)) {
            return Some(value.to_string());
        }
        self.model.variable(at, name)
    }
}

/// Reads the input; refuses when there is no final stage worth converting.
pub(crate) fn analyze<'a>(
    source: &'a str,
    file: &'a Dockerfile,
    model: &'a Model,
    context: &'a [ContextFile],
) -> Result<Analysis<'a>, Refusal> {
    let mut analysis = prepare(source, file, model, context)?;
    analysis.launch = launch(&analysis)?;
    let (stack, tools) = detect_stack(&analysis)?;
    analysis.stack = stack;
    analysis.tools = tools;
    Ok(analysis)
}

/// The facts before the command is read: the stages, refusals for what no conversion can take.
pub(crate) fn prepare<'a>(
    source: &'a str,
    file: &'a Dockerfile,
    model: &'a Model,
    context: &'a [ContextFile],
) -> Result<Analysis<'a>, Refusal> {
    let Some(final_stage) = model.stages.iter().rev().find(|s| s.from.is_some()).map(|s| s.index) else {
        return Err(Refusal::new(RefusalClass::InvalidInput, "there is no FROM instruction: nothing to convert", None));
    };
    if final_stage + 1 != model.stages.len() {
        return Err(Refusal::new(
            RefusalClass::InvalidInput,
            "the file does not end in a stage that starts with FROM",
            None,
        ));
    }
    // The converter drops an escape that ends the file, so that the lines it adds start
    // instructions of their own; one more before it (`COPY a \ \`) would still join them.
    if let Some(escape) = file.dangling_escape(source) {
        // Blank lines do not end a continuation either (`COPY a \`, then a line of `\`).
        let before = source[..escape.start as usize].trim_end();
        if before.ends_with(file.escape) {
            return Err(Refusal::new(
                RefusalClass::InvalidInput,
                "the file ends inside a line continuation that continues twice: close it before converting",
                Some(escape),
            ));
        }
    }
    let mut lineage: Vec<usize> = model.lineage(final_stage).map(|s| s.index).collect();
    lineage.reverse();
    let needed = needed_stages(file, model, final_stage);
    for &s in &needed {
        let stage = &model.stages[s];
        let from = stage.from.map(|f| file.instructions[f].range);
        if stage.os == Os::Windows {
            return Err(Refusal::new(
                RefusalClass::Windows,
                "the image is built on Windows: distroless images are Linux only, and a Windows image has no distroless equivalent",
                from,
            ));
        }
        if let Base::Unresolved(text) = &stage.base
            && let Some(arg) = PLATFORM_ARGS.iter().find(|a| text.contains(*a))
        {
            return Err(Refusal::new(
                RefusalClass::UnknownBase,
                format!(
                    "the base image {} depends on the target platform ({}, which BuildKit sets per platform): each platform builds on another stage, which a conversion cannot follow; convert the file for one platform (with that stage named directly), or convert it by hand",
                    code(text),
                    code(arg)
                ),
                from,
            ));
        }
        if let Base::Unresolved(text) = &stage.base {
            return Err(Refusal::new(
                RefusalClass::UnknownBase,
                format!(
                    "the base image {} depends on a build argument without a default: shipshape cannot tell what the stage builds on",
                    code(text)
                ),
                from,
            ));
        }
        if stage.base == Base::Missing {
            return Err(Refusal::new(RefusalClass::InvalidInput, "a stage has a FROM without an image", from));
        }
        for i in stage.instructions.clone() {
            if matches!(model.shell_of[i], ShellKind::PowerShell | ShellKind::Cmd) {
                return Err(Refusal::new(
                    RefusalClass::Windows,
                    "the build runs PowerShell or cmd: it is a Windows build, and distroless images are Linux only",
                    Some(file.instructions[i].range),
                ));
            }
        }
    }
    for &i in &lineage.iter().flat_map(|&s| model.stages[s].instructions.clone()).collect::<Vec<_>>() {
        if file.instructions[i].kind == Kind::Onbuild {
            return Err(Refusal::new(
                RefusalClass::NotAnApp,
                "the final stage defines ONBUILD triggers: it is a base image for other builds, not an application image",
                Some(file.instructions[i].range),
            ));
        }
    }
    let root_image = lineage.first().and_then(|&s| match &model.stages[s].base {
        Base::Image(image) => Some(image.clone()),
        _ => None,
    });
    let analysis = Analysis {
        source,
        file,
        model,
        final_stage,
        lineage,
        needed,
        root_image,
        launch: Launch::default(),
        stack: Stack::StaticBinary,
        tools: Vec::new(),
        context,
    };
    if let Some(image) = analysis.root_image.as_ref().filter(|i| is_gpu_image(i)) {
        return Err(Refusal::new(
            RefusalClass::NotPublished,
            format!(
                "the image runs on {}, a GPU base (CUDA or ROCm): the app needs the GPU run-time libraries at run time, which no distroless image has; keep the GPU image as the runtime (with a non-root USER), and move the build steps into a stage of their own to keep it small",
                code(&image.raw)
            ),
            analysis.model.stages[analysis.lineage[0]].from.map(|f| file.instructions[f].range),
        ));
    }
    // `COPY --from=build / /` brings a whole image, shell and package manager included.
    for i in analysis.lineage_instructions() {
        let instruction = analysis.instruction(i);
        let Args::Copy(copy) = &instruction.args else { continue };
        // A stage of this file, whose whole system is known to be an OS (an image from a
        // registry may be a `scratch` image of a few programs).
        if let Some(from) = instruction.flag("from").and_then(|f| f.value.as_deref())
            && model.stage_named(from, final_stage).is_some()
            && copy.sources().iter().any(|s| matches!(s.value.as_str(), "/" | "/." | "/*"))
        {
            return Err(Refusal::new(
                RefusalClass::BuildChange,
                format!(
                    "the final stage copies the whole file system of {from} (`/`): it is that image under another name, with its shell and package manager, not an app shipshape can copy on its own; copy only what the app needs (its environment, its binary) from {from}, then convert again",
                    from = code(from)
                ),
                Some(instruction.range),
            ));
        }
    }
    Ok(analysis)
}

/// True for the images of GPU stacks: NVIDIA's CUDA images (Docker Hub and NGC), ROCm's, and
/// the frameworks' CUDA builds (`pytorch/pytorch:…-cuda12.1-…`, `tensorflow/tensorflow:…-gpu`).
fn is_gpu_image(image: &ImageRef) -> bool {
    let repository = image.repository.as_str();
    let tag = image.tag_or_latest().to_ascii_lowercase();
    repository.starts_with("nvidia/")
        || image.registry_host() == "nvcr.io"
        || repository.starts_with("rocm/")
        || (matches!(repository, "pytorch/pytorch" | "tensorflow/tensorflow" | "vllm/vllm-openai")
            && (tag.contains("cuda") || tag.contains("gpu") || repository.starts_with("vllm/")))
}

/// The stages the final stage depends on, transitively: its bases, `COPY --from` and
/// `RUN --mount=from=` sources.
fn needed_stages(file: &Dockerfile, model: &Model, final_stage: usize) -> Vec<usize> {
    let mut is_needed = vec![false; model.stages.len()];
    is_needed[final_stage] = true;
    let mut queue = vec![final_stage];
    while let Some(s) = queue.pop() {
        let stage = &model.stages[s];
        let mut deps = Vec::new();
        if let Base::Stage(parent) = stage.base {
            deps.push(parent);
        }
        for i in stage.instructions.clone() {
            let instruction = file.instructions[i].effective();
            for flag in &instruction.flags {
                let Some(value) = flag.value.as_deref() else { continue };
                let name = match flag.name.as_str() {
                    "from" => Some(value),
                    "mount" => mount_option(value, "from"),
                    _ => None,
                };
                if let Some(dep) = name.and_then(|n| model.stage_named(n, s)) {
                    deps.push(dep);
                }
            }
        }
        for dep in deps {
            if !is_needed[dep] {
                is_needed[dep] = true;
                queue.push(dep);
            }
        }
    }
    (0..model.stages.len()).filter(|&s| is_needed[s]).collect()
}

/// The directory of a path: `/config` for `/config/app.toml`.
pub(crate) fn dirname(path: &str) -> String {
    match path.rsplit_once('/') {
        Some(("", _)) => "/".into(),
        Some((dir, _)) => dir.into(),
        None => ".".into(),
    }
}

/// The basename of a program path.
pub(crate) fn basename(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// The context file a build output under `path` is made from, where the tool is known to copy
/// it: Next.js writes the project's `package.json` into its standalone output.
fn built_from(path: &str) -> String {
    match path.strip_suffix(".next/standalone/package.json") {
        Some(project) => format!("{project}package.json"),
        None => path.to_string(),
    }
}

/// Whether a COPY source may be a directory, as far as its name tells: it ends with `/`, is
/// `.`, or has no extension and is not one of the files conventionally named without one
/// (`LICENSE`, `Makefile`, `Gemfile` …).
fn may_be_directory(source: &str) -> bool {
    const FILES: &[&str] = &[
        "license",
        "licence",
        "copying",
        "notice",
        "readme",
        "authors",
        "changelog",
        "version",
        "makefile",
        "dockerfile",
        "containerfile",
        "gemfile",
        "rakefile",
        "procfile",
        "pipfile",
        "jenkinsfile",
        "vagrantfile",
        "caddyfile",
        "justfile",
        "brewfile",
        "guardfile",
        "podfile",
    ];
    if source.ends_with('/') || source == "." {
        return true;
    }
    let name = basename(source);
    !name.contains('.') && !FILES.contains(&name.to_ascii_lowercase().as_str())
}

/// The words of a shell-form command simple enough to run without a shell (one command, no
/// redirects, variables, patterns or assignments; a leading `exec` dropped), or why it needs a
/// shell.
pub(crate) fn shell_words(text: &str) -> Result<Vec<String>, String> {
    let text = text.trim();
    let script = shell::parse(text, 0, text.len(), &|r| r);
    if !script.errors.is_empty() {
        return Err("is not valid shell syntax".into());
    }
    let commands: Vec<&SimpleCommand> = script.commands.iter().collect();
    if commands.len() != 1 || commands[0].depth != 0 {
        return Err("runs several commands".into());
    }
    let command = commands[0];
    if !command.redirects.is_empty() {
        return Err("redirects output".into());
    }
    if !command.assignments.is_empty() {
        return Err("sets variables for the command".into());
    }
    if let Some(word) = command.words.iter().find(|w| w.dynamic) {
        return Err(format!("expands {}", code(&word.value)));
    }
    if command.words.iter().any(|w| w.value.contains(['*', '?', '~'])) {
        return Err("uses shell patterns".into());
    }
    let mut words: Vec<String> = command.words.iter().map(|w| w.value.clone()).collect();
    if words.first().map(String::as_str) == Some("exec") {
        words.remove(0);
    }
    Ok(words)
}

/// An argv from an exec-form command, or from a shell-form one simple enough to run without a
/// shell.
fn argv_of(analysis: &Analysis, at: usize) -> Result<(Vec<String>, bool), Refusal> {
    let instruction = analysis.instruction(at);
    let range = Some(instruction.range);
    match instruction.command() {
        Some(Command::Exec(exec)) => {
            let argv: Vec<String> = exec.elements.iter().map(|e| e.value.clone()).collect();
            // `["./app --help"]` names a program with a space in its name.
            if let Some(first) = argv.first().filter(|w| w.trim().contains(char::is_whitespace)) {
                let words: Vec<String> = first.split_whitespace().map(|w| format!("\"{w}\"")).collect();
                return Err(Refusal::new(
                    RefusalClass::InvalidInput,
                    format!(
                        "{} runs {} as one word: the exec form does not split words, so Docker looks for a program of that name, space included, and the original does not start either; write each word as its own element ({})",
                        instruction.kind.as_str(),
                        code(first),
                        code(&format!("[{}]", words.join(", ")))
                    ),
                    range,
                ));
            }
            Ok((argv, false))
        }
        Some(Command::Shell(shell)) => {
            let keyword = instruction.kind.as_str();
            let text = shell.text.trim();
            match shell_words(text) {
                Ok(words) => Ok((words, true)),
                Err(why) if why.starts_with("is not") => {
                    Err(Refusal::new(RefusalClass::InvalidInput, format!("the {keyword} line {why}"), range))
                }
                // What Docker runs: a shell that reads the command, which the script reader
                // translates (`cd /app && exec node server.js`) or refuses, naming the part.
                Err(_) => Ok((vec!["/bin/sh".into(), "-c".into(), text.to_string()], true)),
            }
        }
        None => Err(Refusal::new(
            RefusalClass::InvalidInput,
            format!("{} has no command", instruction.kind.as_str()),
            range,
        )),
    }
}

/// Reads ENTRYPOINT and CMD as Docker combines them.
fn launch(analysis: &Analysis) -> Result<Launch, Refusal> {
    let launch = command_words(analysis)?;
    finish(analysis, launch)
}

/// ENTRYPOINT and CMD as written (a shell form as the `/bin/sh -c` Docker runs it), before
/// wrappers and scripts are read.
fn command_words(analysis: &Analysis) -> Result<Launch, Refusal> {
    let instructions = analysis.lineage_instructions();
    let stage_of = |i: usize| analysis.model.stage_of[i];
    let entry = instructions.iter().rev().copied().find(|&i| analysis.instruction(i).kind == Kind::Entrypoint);
    let cmd = instructions.iter().rev().copied().find(|&i| analysis.instruction(i).kind == Kind::Cmd);
    // ENTRYPOINT resets a CMD inherited from the stage it builds on.
    let cmd = match (entry, cmd) {
        (Some(e), Some(c)) if c < e && stage_of(c) != stage_of(e) => None,
        (_, c) => c,
    };
    let mut launch = Launch::default();
    if entry.is_none()
        && cmd.is_none()
        && let Some(image) = analysis.root_image.as_ref()
        && let Some(defaults) = images::base_defaults(image).filter(|d| !d.command.is_empty())
        && let Some(&last) = instructions.last()
    {
        // The base image's own command, as if the file had it in CMD (its ENTRYPOINT only hands
        // the command on).
        launch.cmd = Some((last, defaults.command.iter().map(|w| w.to_string()).collect()));
        launch.inherited = Some(image.raw.clone());
        return Ok(launch);
    }
    if let Some(e) = entry {
        let (argv, shell_form) = argv_of(analysis, e)?;
        // `ENTRYPOINT [""]` clears the entrypoint.
        if !argv.is_empty() && !argv.iter().all(String::is_empty) {
            launch.entrypoint = Some((e, argv));
        }
        // A shell-form ENTRYPOINT ignores CMD.
        if shell_form {
            return Ok(launch);
        }
    }
    if let Some(c) = cmd {
        let (argv, _) = argv_of(analysis, c)?;
        if !argv.is_empty() {
            launch.cmd = Some((c, argv));
        }
    }
    Ok(launch)
}

/// The build-context files the command may need read: the script it starts (any word of the
/// command that names a file copied from the context), and the `package.json` of the directory
/// it starts in.
pub(crate) fn launch_files(analysis: &Analysis) -> Vec<String> {
    let Ok(launch) = command_words(analysis) else { return Vec::new() };
    let Some(&at) = launch.instructions().first() else { return Vec::new() };
    let workdir = analysis.workdir_at(at).unwrap_or_else(|| "/".into());
    let mut files = Vec::new();
    let argv = launch.argv();
    let words = argv.iter().filter(|w| !w.starts_with('-') && !w.contains(' '));
    for path in
        words.map(|w| command_path(analysis, w, &workdir)).chain(std::iter::once(join(&workdir, "package.json")))
    {
        for source in analysis.context_sources(analysis.final_stage, &path) {
            if !files.contains(&source) {
                files.push(source);
            }
        }
    }
    files
}

/// Removes init wrappers and refuses what needs a shell.
fn finish(analysis: &Analysis, mut launch: Launch) -> Result<Launch, Refusal> {
    loop {
        let argv = launch.argv();
        let Some(first) = argv.first() else { break };
        let program = basename(first);
        let strip = match program {
            "tini" | "tini-static" | "dumb-init" => {
                // The wrapper, its flags, and a `--` separator.
                let mut n = 1;
                while argv.get(n).is_some_and(|a| a.starts_with('-') && a != "--") {
                    n += 1;
                }
                if argv.get(n).map(String::as_str) == Some("--") {
                    n += 1;
                }
                n
            }
            "gosu" | "su-exec" | "s6-setuidgid" | "setpriv" if argv.len() > 2 => 2,
            // Project tools that run a program inside their environment: the program runs
            // from the environment directly.
            "uv" | "poetry" | "pipenv" | "pdm" | "rye" if argv.get(1).map(String::as_str) == Some("run") => {
                let takes_value =
                    ["--with", "--python", "-p", "--project", "--directory", "--env-file", "--group", "--extra"];
                let mut n = 2;
                while let Some(arg) = argv.get(n) {
                    if arg == "--" {
                        n += 1;
                        break;
                    }
                    if !arg.starts_with('-') {
                        break;
                    }
                    n += if takes_value.contains(&arg.as_str()) { 2 } else { 1 };
                }
                if n >= argv.len() {
                    break;
                }
                n
            }
            _ => break,
        };
        launch.wrappers.push(match program {
            "uv" | "poetry" | "pipenv" | "pdm" | "rye" => format!("{program} run"),
            _ => program.to_string(),
        });
        remove_front(&mut launch, strip);
    }
    let argv = launch.argv();
    // The instruction that names the program: ENTRYPOINT when there is one.
    let range = launch.instructions().first().map(|&i| analysis.instruction(i).range);
    if let Some(first) = argv.first() {
        let launcher = analysis.root_image.as_ref().and_then(|image| super::images::jvm_launcher(image, first));
        if launcher.is_some() {
            launch.jvm_launcher = launcher;
            return Ok(launch);
        }
    }
    if launch.script.is_none()
        && let Some(translated) = package_launch(analysis, &launch, range)?
    {
        return finish(analysis, translated);
    }
    if launch.script.is_none()
        && let Some(translated) = script_launch(analysis, &launch, range)?
    {
        // What the script ran goes through the same reading (wrappers, shells, launchers).
        return finish(analysis, translated);
    }
    if let Some(first) = argv.first() {
        let program = basename(first);
        if matches!(program, "sh" | "bash" | "ash" | "dash" | "zsh" | "ksh" | "busybox") {
            return Err(Refusal::new(
                RefusalClass::NeedsShell,
                format!(
                    "the image starts {}, a shell, and distroless images have none: run the program directly in exec form first",
                    code(&argv.join(" "))
                ),
                range,
            ));
        }

        if program.ends_with(".sh") || program.ends_with(".bash") || program.contains("entrypoint") {
            return Err(Refusal::new(
                RefusalClass::NeedsShell,
                format!(
                    "the image starts the script {}, which needs a shell at run time, and distroless images have none: move its steps into the build stage or into the app, and start the program directly",
                    code(first)
                ),
                range,
            ));
        }
    }
    Ok(launch)
}

fn remove_front(launch: &mut Launch, mut n: usize) {
    if let Some((_, e)) = &mut launch.entrypoint {
        let k = n.min(e.len());
        e.drain(..k);
        n -= k;
        if e.is_empty() {
            launch.entrypoint = None;
        }
    }
    if n > 0
        && let Some((_, c)) = &mut launch.cmd
    {
        let k = n.min(c.len());
        c.drain(..k);
        if c.is_empty() {
            launch.cmd = None;
        }
    }
}

/// Python servers and tools that pip installs as console scripts.
pub(crate) const PYTHON_PROGRAMS: &[&str] = &[
    "gunicorn",
    "uvicorn",
    "hypercorn",
    "daphne",
    "granian",
    "flask",
    "fastapi",
    "celery",
    "waitress-serve",
    "streamlit",
    "django-admin",
    "alembic",
    "dramatiq",
    "rq",
    "huey_consumer",
    "panel",
    "gradio",
    "chainlit",
    "mlflow",
    "jupyter",
    "dagster",
    "airflow",
];

/// `bun run src/index.ts`, `bun index.ts`: bun runs a file (rather than a `package.json`
/// script, as in `bun start` or `bun run build`).
fn runs_a_bun_file(argv: &[String]) -> bool {
    let rest: Vec<&String> = argv.iter().skip(1).filter(|a| !a.starts_with('-')).collect();
    let target = match rest.first().map(|s| s.as_str()) {
        Some("run") => rest.get(1).map(|s| s.as_str()),
        other => other,
    };
    target.is_some_and(|t| {
        t.contains('/') || [".ts", ".tsx", ".js", ".mjs", ".cjs", ".jsx"].iter().any(|e| t.ends_with(e))
    })
}

fn is_node_interpreter(program: &str) -> bool {
    matches!(basename(program), "node" | "nodejs")
}

/// What the app is, from the program it runs and the images and tools that build it.
fn detect_stack(analysis: &Analysis) -> Result<(Stack, Vec<&'static str>), Refusal> {
    let argv = analysis.launch.argv();
    let root_name = analysis.root_image.as_ref().map(|i| i.name().to_string()).unwrap_or_default();
    let command_range = analysis.launch.instructions().last().map(|&i| analysis.instruction(i).range);
    let tools = tools_of(analysis);
    let Some(first) = argv.first() else {
        if root_name == "nginx" {
            return Ok((Stack::StaticWeb, tools));
        }
        let from = analysis.model.stages[analysis.final_stage].from.map(|f| analysis.instruction(f).range);
        return Err(Refusal::new(
            RefusalClass::NoCommand,
            "the final stage has no CMD or ENTRYPOINT: it runs whatever its base image runs, which shipshape cannot see; add the command that starts the app",
            from,
        ));
    };
    let program = basename(first);
    if program.to_ascii_lowercase().ends_with(".exe") {
        return Err(Refusal::new(
            RefusalClass::Windows,
            format!(
                "the image starts {first}, a Windows program (.NET Framework apps run on Windows only): distroless images are Linux only; port the app to .NET 8 or later to run it on Linux",
                first = code(first)
            ),
            command_range,
        ));
    }
    if program.ends_with(".wasm") {
        return Err(Refusal::new(
            RefusalClass::NotPublished,
            format!(
                "the image runs the WebAssembly module {} with a Wasm runtime, not a Linux program: a distroless image cannot run it",
                code(first)
            ),
            command_range,
        ));
    }
    if is_python_interpreter(first) || PYTHON_PROGRAMS.contains(&program) || program.ends_with(".py") {
        return Ok((Stack::Python, tools));
    }
    if program == "uwsgi" {
        return Err(Refusal::new(
            RefusalClass::RunTimePackages,
            "the image starts uWSGI, a compiled server that loads shared libraries the distroless Python image may not have: switch to gunicorn or uvicorn, or convert by hand",
            command_range,
        ));
    }
    if is_node_interpreter(first) || [".js", ".mjs", ".cjs"].iter().any(|e| program.ends_with(e)) {
        return Ok((Stack::Node, tools));
    }
    if program == "bun" && runs_a_bun_file(&argv) {
        return Ok((Stack::Bun, tools));
    }
    if matches!(program, "npm" | "yarn" | "pnpm" | "npx" | "bun" | "pm2" | "pm2-runtime" | "nodemon" | "ts-node") {
        return Err(Refusal::new(
            RefusalClass::NeedsShell,
            format!(
                "the image starts {}: distroless Node images have no npm, yarn or global packages, only `node`; set CMD to the script `node` runs (for example `CMD [\"node\", \"server.js\"]`) first",
                code(&argv.join(" "))
            ),
            command_range,
        ));
    }
    if program == "java" || analysis.launch.jvm_launcher.is_some() {
        return Ok((Stack::Java, tools));
    }
    if matches!(program, "mvn" | "mvnw" | "gradle" | "gradlew") {
        return Err(Refusal::new(
            RefusalClass::BuildChange,
            "the image runs the app through its build tool at run time: package a jar (`mvn package`, `gradle bootJar`) and start it with `java -jar` first",
            command_range,
        ));
    }
    if program == "go" {
        return Err(Refusal::new(
            RefusalClass::BuildChange,
            "the image runs `go run`, which needs the Go toolchain at run time: build a binary with `go build -o` and start it instead",
            command_range,
        ));
    }
    if program == "cargo" {
        return Err(Refusal::new(
            RefusalClass::BuildChange,
            "the image runs `cargo run`, which needs the Rust toolchain at run time: build with `cargo build --release` and start the binary instead",
            command_range,
        ));
    }
    // A server copied alone into `scratch` (Traefik's own image) is a static binary: it runs on
    // `static` as it is.
    let static_image = analysis.model.stages[analysis.final_stage].base == Base::Scratch && analysis.lineage.len() == 1;
    if matches!(program, "nginx" | "httpd" | "caddy" | "openresty" | "lighttpd" | "traefik" | "haproxy")
        && !static_image
    {
        if program == "nginx" && root_name == "nginx" {
            return Ok((Stack::StaticWeb, tools));
        }
        return Err(Refusal::new(
            RefusalClass::ConverterLimit,
            format!(
                "the image runs the web server {}, and shipshape converts only sites served by the official nginx image (onto Chainguard's nginx, which has no shell): serve the site that way, or convert by hand",
                code(program)
            ),
            command_range,
        ));
    }
    if program == "dotnet" {
        return dotnet_stack(&argv, tools, command_range);
    }
    if super::plan::is_ruby_program(first) || (root_name == "ruby" && program == "bin/rails") {
        return Ok((Stack::Ruby, tools));
    }
    if super::plan::is_php_program(first) {
        return Ok((Stack::Php, tools));
    }
    if matches!(program, "perl" | "Rscript" | "R") {
        return Err(Refusal::new(
            RefusalClass::NotPublished,
            format!(
                "the image runs {}, and neither Google's distroless images nor the Chainguard images shipshape knows have that runtime",
                code(program)
            ),
            command_range,
        ));
    }
    // A compiled program: find the stage that builds it.
    binary_stack(analysis, first, tools, command_range)
}

/// `dotnet app.dll` is a .NET app; `dotnet run`, `dotnet watch` and the other SDK commands need
/// the SDK at run time.
fn dotnet_stack(
    argv: &[String],
    tools: Vec<&'static str>,
    range: Option<TextRange>,
) -> Result<(Stack, Vec<&'static str>), Refusal> {
    // The host's own options come before the app: `dotnet --roll-forward Major app.dll`.
    let app = argv[1..].iter().find(|w| !w.starts_with('-'));
    match app {
        Some(app) if app.ends_with(".dll") => Ok((Stack::Dotnet, tools)),
        Some(command) => Err(Refusal::new(
            RefusalClass::BuildChange,
            format!(
                "the image runs {}, which needs the .NET SDK at run time: publish the app in a build stage (`dotnet publish -c Release -o /app`) and start `dotnet /app/<App>.dll` instead",
                code(&format!("dotnet {command}"))
            ),
            range,
        )),
        None => Err(Refusal::new(
            RefusalClass::UnknownProgram,
            "the image starts `dotnet` without an app: name the app's dll in the command (`dotnet /app/<App>.dll`)",
            range,
        )),
    }
}

/// The build tools used in the stages the final image needs.
fn tools_of(analysis: &Analysis) -> Vec<&'static str> {
    tools_in(analysis.commands_in(&analysis.needed).into_iter().map(|(_, c)| c))
}

/// The build tools these commands use: `pip`, `poetry`, `npm`, `go`, `maven`, `cargo`, …
pub(crate) fn tools_in<'c>(commands: impl Iterator<Item = &'c SimpleCommand>) -> Vec<&'static str> {
    let mut tools: Vec<&'static str> = Vec::new();
    for invocation in commands.filter_map(invocation::read) {
        let counts = match invocation.tool {
            tool if tool.is_os_package_manager() => false,
            Tool::Go => invocation.builds(),
            _ => true,
        };
        let name = invocation.tool.name();
        if counts && !tools.contains(&name) {
            tools.push(name);
        }
    }
    tools
}

/// How a compiled program is built: by `go build`, `cargo build`, or copied in as it is.
fn binary_stack(
    analysis: &Analysis,
    program: &str,
    tools: Vec<&'static str>,
    range: Option<TextRange>,
) -> Result<(Stack, Vec<&'static str>), Refusal> {
    let uses = |t: &str| tools.contains(&t);
    let image_of = |s: usize| analysis.root_image_of(s).map(|i| i.name().to_string()).unwrap_or_default();
    // The apphost, a self-contained or a native AOT build of a .NET app.
    let dotnet_image = |s: usize| {
        analysis.root_image_of(s).is_some_and(|i| {
            i.registry_host() == "mcr.microsoft.com"
                && i.repository.starts_with("dotnet/")
                && !i.repository.starts_with("dotnet/framework/")
        })
    };
    if uses("dotnet") || analysis.lineage.first().is_some_and(|&s| dotnet_image(s)) {
        return Ok((Stack::Dotnet, tools));
    }
    let builds_go = analysis.needed.iter().any(|&s| image_of(s) == "golang") || uses("go");
    let builds_rust = analysis.needed.iter().any(|&s| image_of(s) == "rust") || uses("cargo");
    if builds_go && !builds_rust {
        return Ok((Stack::Go, tools));
    }
    if builds_rust && !builds_go {
        return Ok((Stack::Rust, tools));
    }
    let final_base = &analysis.model.stages[analysis.final_stage].base;
    if *final_base == Base::Scratch && analysis.lineage.len() == 1 {
        return Ok((Stack::StaticBinary, tools));
    }
    if native_build(analysis).is_some() {
        return Ok((Stack::Native, tools));
    }
    Err(Refusal::new(
        RefusalClass::UnknownProgram,
        format!(
            "the image starts {}, and shipshape cannot tell what it is: not Python, Node, Java, .NET, or a binary built in this file (by Go, Rust, a C or C++ build, Haskell, Zig, …)",
            code(program)
        ),
        range,
    ))
}

/// Programs that compile native code: C and C++ compilers and build systems, and the compilers
/// and build tools of Haskell, Zig, Nim, Crystal, D, Swift, Fortran and OCaml.
const NATIVE_BUILD_TOOLS: &[&str] = &[
    "make",
    "gmake",
    "cmake",
    "ninja",
    "meson",
    "configure",
    "gcc",
    "g++",
    "cc",
    "c++",
    "clang",
    "clang++",
    "cabal",
    "stack",
    "ghc",
    "zig",
    "nim",
    "nimble",
    "crystal",
    "shards",
    "dub",
    "ldc2",
    "dmd",
    "swift",
    "swiftc",
    "gfortran",
    "dune",
];

/// Build tools of languages whose programs are scripts or need a runtime: a stage that runs them
/// may run `make` for a native extension, and what it makes is not a native program.
const RUNTIME_BUILD_TOOLS: &[&str] = &[
    "mix", "rebar3", "erlc", "gem", "bundle", "npm", "yarn", "pnpm", "pip", "pip3", "python", "python3", "composer",
    "cpanm", "lein", "sbt", "mvn", "gradle", "dotnet", "Rscript", "julia", "go", "cargo",
];

/// The first command that compiles the program natively, in a stage the final image needs, and
/// its tool; `None` when no stage does, or when the stage that does also builds for a language
/// runtime (then what it makes is not known to be a native program).
pub(crate) fn native_build(analysis: &Analysis) -> Option<(usize, &'static str)> {
    let commands = analysis.commands_in(&analysis.needed);
    let (at, tool) = commands.iter().find_map(|(i, c)| {
        let program = basename(c.program()?);
        let tool = NATIVE_BUILD_TOOLS.iter().find(|t| **t == program)?;
        // `swift build`, `zig build`, `stack build`: the build subcommands only.
        let builds = match program {
            "swift" | "stack" | "dub" | "crystal" | "nimble" | "shards" | "dune" => {
                c.subcommand().is_some_and(|s| matches!(s, "build" | "install" | "compile"))
            }
            "zig" => c.subcommand().is_some_and(|s| s.starts_with("build")),
            "nim" => c.subcommand().is_some_and(|s| matches!(s, "c" | "cpp" | "compile")),
            _ => true,
        };
        builds.then_some((*i, *tool))
    })?;
    let stage = analysis.model.stage_of[at]?;
    let mixed = commands.iter().any(|(i, c)| {
        analysis.model.stage_of[*i] == Some(stage)
            && c.program().is_some_and(|p| RUNTIME_BUILD_TOOLS.contains(&basename(p)))
    });
    (!mixed).then_some((at, tool))
}

/// The leading version number of an image tag: `3.12` for `3.12-alpine3.18`, `20` for
/// `20-bookworm-slim`; `None` for `latest`, `lts`, `alpine`.
pub(crate) fn tag_version(tag: &str) -> Option<String> {
    let tag = tag.strip_prefix('v').unwrap_or(tag);
    let end = tag.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(tag.len());
    let version = tag[..end].trim_end_matches('.');
    (!version.is_empty() && version.starts_with(|c: char| c.is_ascii_digit())).then(|| version.to_string())
}

/// `(major, minor)` of a version string.
pub(crate) fn major_minor(version: &str) -> (Option<u32>, Option<u32>) {
    let mut parts = version.split('.');
    (parts.next().and_then(|p| p.parse().ok()), parts.next().and_then(|p| p.parse().ok()))
}

/// The Java major version an image ships: `eclipse-temurin:21-jre`, `maven:3.9-eclipse-temurin-21`,
/// `gradle:8.10-jdk21`, `openjdk:17-jdk-slim`, `amazoncorretto:17`.
pub(crate) fn java_version(image: &ImageRef) -> Option<u32> {
    let tag = image.tag.as_deref().unwrap_or("").to_ascii_lowercase();
    let name = image.name();
    for marker in ["temurin-", "openjdk-", "corretto-", "jdk-", "jdk", "jre-", "jre", "java", "sapmachine-"] {
        if let Some(at) = tag.find(marker) {
            let rest = &tag[at + marker.len()..];
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            if let Ok(n) = digits.parse::<u32>()
                && (8..=40).contains(&n)
            {
                return Some(n);
            }
        }
    }
    // Red Hat's images name the version in the repository: `ubi9/openjdk-21-runtime`.
    if let Some(rest) = name.strip_prefix("openjdk-") {
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        if let Ok(n) = digits.parse::<u32>()
            && (8..=40).contains(&n)
        {
            return Some(n);
        }
    }
    if matches!(name, "eclipse-temurin" | "openjdk" | "amazoncorretto" | "ibm-semeru-runtimes" | "sapmachine")
        || name.starts_with("java")
        || image.repository == "openjdk/jdk"
    {
        let digits: String = tag.trim_start_matches("open-").chars().take_while(char::is_ascii_digit).collect();
        if let Ok(n) = digits.parse::<u32>()
            && (8..=40).contains(&n)
        {
            return Some(n);
        }
    }
    None
}

/// An OS package manager command: `apk add`, `apt-get install`, `apt-get update`, …
pub(crate) fn package_command(command: &SimpleCommand) -> Option<invocation::Invocation<'_>> {
    invocation::read(command).filter(|i| i.tool.is_os_package_manager())
}

/// The OS packages the given stages install, in order, without duplicates.
pub(crate) fn installed_packages(analysis: &Analysis, stages: &[usize]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for (_, command) in analysis.commands_in(stages) {
        let Some(pc) = package_command(command) else { continue };
        for p in pc.os_packages().into_iter().filter(|p| !p.is_dynamic()) {
            if !names.contains(&p.name) {
                names.push(p.name);
            }
        }
    }
    names
}

/// Commands that create or change users and groups.
pub(crate) fn is_user_setup(command: &SimpleCommand) -> bool {
    command.is_any(&["adduser", "addgroup", "useradd", "groupadd", "usermod", "groupmod", "deluser", "delgroup"])
}

/// `chown [-R] owner[:group] paths…`: the owner and the paths.
pub(crate) fn chown_of(command: &SimpleCommand) -> Option<(String, Vec<String>)> {
    if !command.is("chown") {
        return None;
    }
    let mut positional = command.args().iter().filter(|w| !w.value.starts_with('-')).map(|w| w.value.clone());
    let owner = positional.next()?;
    Some((owner, positional.collect()))
}

/// True when an owner (`app`, `app:app`, `1000:1000`) is someone other than root.
pub(crate) fn is_non_root_owner(owner: &str) -> bool {
    let user = owner.split(':').next().unwrap_or(owner);
    !user.is_empty() && user != "root" && user != "0"
}

/// True when the owner is a name (not a number), so it must exist in the image.
pub(crate) fn owner_is_named(owner: &str) -> bool {
    owner.split(':').any(|part| !part.is_empty() && !part.chars().all(|c| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_server_copied_alone_into_scratch_is_a_static_binary() {
        // Traefik's own image: its static binary, certificates and zone data.
        let source = "FROM scratch\nCOPY --from=traefik:v3.6.25-alpine /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nCOPY --from=traefik:v3.6.25-alpine /usr/local/bin/traefik /\nEXPOSE 80\nENTRYPOINT [\"/traefik\"]\n";
        match super::super::convert(source, &Default::default()) {
            super::super::Conversion::Converted(c) => {
                assert!(c.dockerfile.contains("FROM gcr.io/distroless/static-debian13:nonroot"), "{}", c.dockerfile)
            }
            super::super::Conversion::Refused(r) => panic!("refused: {}", r.reason),
        }
        // On a base image with a shell, the web server is still refused.
        let source = "FROM traefik:v3.6\nCOPY traefik.yml /etc/traefik/\nENTRYPOINT [\"traefik\"]\n";
        assert!(matches!(super::super::convert(source, &Default::default()), super::super::Conversion::Refused(_)));
    }

    #[test]
    fn reads_versions() {
        assert_eq!(tag_version("3.12-alpine3.18").as_deref(), Some("3.12"));
        assert_eq!(tag_version("20-bookworm").as_deref(), Some("20"));
        assert_eq!(tag_version("latest"), None);
        assert_eq!(major_minor("3.12"), (Some(3), Some(12)));
        let j = |s| java_version(&ImageRef::parse(s));
        assert_eq!(j("eclipse-temurin:21-jre"), Some(21));
        assert_eq!(j("maven:3.9-eclipse-temurin-17"), Some(17));
        assert_eq!(j("gradle:8.10-jdk21"), Some(21));
        assert_eq!(j("openjdk:17-jdk-slim"), Some(17));
        assert_eq!(j("amazoncorretto:17"), Some(17));
        assert_eq!(j("maven:3.8.5-openjdk-11"), Some(11));
        assert_eq!(j("openjdk:latest"), None);
        assert_eq!(j("registry.access.redhat.com/ubi9/openjdk-21-runtime:1.24"), Some(21));
        assert_eq!(j("mcr.microsoft.com/openjdk/jdk:11-ubuntu"), Some(11));
    }
}
