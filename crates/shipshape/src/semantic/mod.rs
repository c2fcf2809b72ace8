//! The semantic model: what the syntax tree means as a build.
//!
//! Stages and their bases (with global ARG defaults substituted and stage references
//! resolved), the operating system and shell of each stage, and the shell scripts of RUN
//! instructions. Built once per check and shared by every rule.

pub mod image;
pub mod invocation;
pub mod paths;
pub mod stack;
pub mod vars;

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use crate::shell::{self, Script};
use crate::syntax::{Args, Command, Dockerfile, Instruction, Kind};
use crate::text::TextRange;
pub use image::{ImageRef, Os};

#[derive(Clone, Debug, Default)]
pub struct Model {
    pub stages: Vec<Stage>,
    /// ARGs declared before the first FROM.
    pub global_args: Vec<GlobalArg>,
    /// For each instruction, the index of its stage; `None` for global ARGs.
    pub stage_of: Vec<Option<usize>>,
    /// For each instruction, the shell its RUN commands go to.
    pub shell_of: Vec<ShellKind>,
    /// For each shell-form RUN (also inside ONBUILD) under a POSIX shell, its script, heredoc
    /// scripts included. `None` elsewhere.
    pub scripts: Vec<Option<Script>>,
    /// Every ENV and ARG assignment by name, in instruction order: `(instruction, value as
    /// written)`, the last one of an instruction that sets the name twice. Rules look variables
    /// up for every RUN; scanning back through the file each time made a 20,000-line file take
    /// seconds.
    pub variables: HashMap<String, Vec<(usize, Option<String>)>>,
    /// The stages by `AS` name (lower-cased), in file order. Rules look a stage up by name for
    /// every stage and COPY; scanning the stages each time made 10,000 stages take seconds.
    pub stage_names: HashMap<String, Vec<usize>>,
    /// For each stage, true when a later stage builds on it (`FROM <stage>`).
    pub built_on: Vec<bool>,
    /// For each instruction, the nearest WORKDIR at or before it in its stage: rules ask for the
    /// working directory at every COPY and RUN, and walking back through a stage each time
    /// made a long stage quadratic.
    pub workdir_upto: Vec<Option<usize>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GlobalArg {
    pub name: String,
    pub default: Option<String>,
    pub instruction: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stage {
    pub index: usize,
    /// The FROM instruction. `None` for the implicit stage of a file (or snippet) whose
    /// instructions do not start with FROM.
    pub from: Option<usize>,
    /// The indices of the stage's instructions, FROM included.
    pub instructions: Range<usize>,
    /// The `AS` name, lower-cased.
    pub name: Option<String>,
    pub base: Base,
    pub os: Os,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Base {
    Image(ImageRef),
    /// `FROM <earlier stage>`.
    Stage(usize),
    Scratch,
    /// The image depends on a build argument with no default: `FROM $BASE`.
    Unresolved(String),
    /// No FROM, or a FROM without an image.
    Missing,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShellKind {
    /// A POSIX shell; `path` is the executable (`/bin/sh` unless SHELL says otherwise) and
    /// `pipefail` is true when SHELL passes `-o pipefail`.
    Posix {
        path: String,
        pipefail: bool,
    },
    PowerShell,
    Cmd,
    Other(String),
}

impl ShellKind {
    pub fn is_posix(&self) -> bool {
        matches!(self, ShellKind::Posix { .. })
    }

    fn default_for(os: Os) -> ShellKind {
        if os == Os::Windows {
            ShellKind::Cmd
        } else {
            ShellKind::Posix { path: "/bin/sh".to_string(), pipefail: false }
        }
    }

    /// Classifies a shell by its executable's basename (`/usr/bin/bash` is bash).
    pub fn from_executable(exe: &str, args: &[&str]) -> ShellKind {
        let base = exe.rsplit(['/', '\\']).next().unwrap_or(exe).to_ascii_lowercase();
        let base = base.strip_suffix(".exe").unwrap_or(&base);
        match base {
            "sh" | "bash" | "ash" | "dash" | "zsh" | "ksh" | "mksh" | "busybox" => ShellKind::Posix {
                path: exe.to_string(),
                pipefail: args.windows(2).any(|w| {
                    w[0].starts_with('-') && !w[0].starts_with("--") && w[0].ends_with('o') && w[1] == "pipefail"
                }),
            },
            "pwsh" | "powershell" => ShellKind::PowerShell,
            "cmd" => ShellKind::Cmd,
            other => ShellKind::Other(other.to_string()),
        }
    }
}

impl Model {
    pub fn build(file: &Dockerfile, source: &str) -> Model {
        let n = file.instructions.len();
        let mut model = Model {
            stages: Vec::new(),
            global_args: Vec::new(),
            stage_of: vec![None; n],
            shell_of: Vec::with_capacity(n),
            scripts: Vec::new(),
            variables: HashMap::new(),
            stage_names: HashMap::new(),
            built_on: Vec::new(),
            workdir_upto: Vec::with_capacity(n),
        };
        model.collect_stages(file);
        model.resolve_bases(file);
        model.assign_shells(file, source);
        model.scripts = file
            .instructions
            .iter()
            .enumerate()
            .map(|(i, instruction)| {
                let run = instruction.effective();
                if run.kind != Kind::Run || !model.shell_of[i].is_posix() {
                    return None;
                }
                run_script(run, source)
            })
            .collect();
        model.variables = variables(file);
        model
    }

    fn collect_stages(&mut self, file: &Dockerfile) {
        let instructions = &file.instructions;
        let first_from = instructions.iter().position(|i| i.kind == Kind::From);
        let preamble_end = first_from.unwrap_or(instructions.len());
        // ARGs before the first FROM are global; anything else there forms an implicit stage.
        let implicit = instructions[..preamble_end].iter().any(|i| i.kind != Kind::Arg);
        for (index, instruction) in instructions[..preamble_end].iter().enumerate() {
            if instruction.kind == Kind::Arg
                && !implicit
                && let Args::Pairs(pairs) = &instruction.args
            {
                for pair in pairs {
                    // BuildKit expands a default with the ARGs declared before it, so
                    // `ARG IMAGE=golang:${GO_VERSION}` names a concrete image. A default that
                    // uses an ARG without a value stays as written and resolves to nothing.
                    let default = pair
                        .value
                        .as_ref()
                        .map(|v| self.substitute_global(&v.value).unwrap_or_else(|| v.value.clone()));
                    self.global_args.push(GlobalArg { name: pair.key.value.clone(), default, instruction: index });
                }
            }
        }
        if implicit {
            self.stages.push(Stage {
                index: 0,
                from: None,
                instructions: 0..preamble_end,
                name: None,
                base: Base::Missing,
                os: Os::Unknown,
            });
        }
        let froms: Vec<usize> =
            instructions.iter().enumerate().filter(|(_, i)| i.kind == Kind::From).map(|(i, _)| i).collect();
        for (k, &from) in froms.iter().enumerate() {
            let end = froms.get(k + 1).copied().unwrap_or(instructions.len());
            let name = match &instructions[from].args {
                Args::From(args) => args.name.as_ref().map(|n| n.value.to_ascii_lowercase()),
                _ => None,
            };
            self.stages.push(Stage {
                index: self.stages.len(),
                from: Some(from),
                instructions: from..end,
                name,
                base: Base::Missing,
                os: Os::Unknown,
            });
        }
        for stage in &self.stages {
            for i in stage.instructions.clone() {
                self.stage_of[i] = Some(stage.index);
            }
            if let Some(name) = &stage.name {
                self.stage_names.entry(name.clone()).or_default().push(stage.index);
            }
        }
        let mut nearest = None;
        for (i, instruction) in instructions.iter().enumerate() {
            if i > 0 && self.stage_of[i] != self.stage_of[i - 1] {
                nearest = None;
            }
            if instruction.kind == Kind::Workdir {
                nearest = Some(i);
            }
            self.workdir_upto.push(nearest);
        }
    }

    fn resolve_bases(&mut self, file: &Dockerfile) {
        for s in 0..self.stages.len() {
            let Some(from) = self.stages[s].from else {
                continue;
            };
            let Args::From(args) = &file.instructions[from].args else {
                continue;
            };
            let Some(image) = &args.image else { continue };
            let base = match self.substitute_global(&image.value) {
                None => Base::Unresolved(image.value.clone()),
                Some(resolved) if resolved.eq_ignore_ascii_case("scratch") => Base::Scratch,
                Some(resolved) => match self.stage_named(&resolved, s) {
                    Some(parent) => Base::Stage(parent),
                    None => Base::Image(ImageRef::parse(&resolved)),
                },
            };
            let os = match &base {
                Base::Image(image) => image::os_of(image),
                Base::Stage(parent) => self.stages[*parent].os,
                Base::Scratch => Os::Scratch,
                Base::Unresolved(_) | Base::Missing => Os::Unknown,
            };
            let os = if os == Os::Unknown { guess_os_from_commands(file, &self.stages[s]) } else { os };
            self.stages[s].base = base;
            self.stages[s].os = os;
        }
        self.built_on = vec![false; self.stages.len()];
        for stage in &self.stages {
            if let Base::Stage(parent) = stage.base {
                self.built_on[parent] = true;
            }
        }
        if let Some(stage) = self.stages.first_mut().filter(|s| s.from.is_none()) {
            stage.os = guess_os_from_commands(file, stage);
        }
    }

    fn assign_shells(&mut self, file: &Dockerfile, source: &str) {
        let pragmas = shell_pragmas(file, source);
        let mut stage_end_shell: Vec<ShellKind> = Vec::with_capacity(self.stages.len());
        let mut current = ShellKind::default_for(Os::Unknown);
        let mut pragma_shell: Option<ShellKind> = None;
        for (i, instruction) in file.instructions.iter().enumerate() {
            if let Some((_, kind)) = pragmas.iter().rev().find(|(offset, _)| *offset < instruction.range.start) {
                pragma_shell = Some(kind.clone());
            }
            if instruction.kind == Kind::From {
                let stage = self.stage_of[i].map(|s| &self.stages[s]);
                current = match stage.map(|s| &s.base) {
                    Some(Base::Stage(parent)) => {
                        stage_end_shell.get(*parent).cloned().unwrap_or_else(|| ShellKind::default_for(Os::Unknown))
                    }
                    _ => ShellKind::default_for(stage.map_or(Os::Unknown, |s| s.os)),
                };
            }
            if instruction.kind == Kind::Shell
                && let Some(Command::Exec(exec)) = instruction.command()
                && let Some((exe, args)) = exec.elements.split_first()
            {
                let args: Vec<&str> = args.iter().map(|a| a.value.as_str()).collect();
                current = ShellKind::from_executable(&exe.value, &args);
            }
            self.shell_of.push(pragma_shell.clone().unwrap_or_else(|| current.clone()));
            let next_is_new_stage = file.instructions.get(i + 1).is_none_or(|next| next.kind == Kind::From);
            if next_is_new_stage && self.stage_of[i].is_some() {
                stage_end_shell.push(current.clone());
            }
        }
    }

    /// Substitutes global ARG defaults into `text`; `None` if a variable has no default.
    pub fn substitute_global(&self, text: &str) -> Option<String> {
        vars::expand(text, &|name| {
            // A default still holding a `$` used an ARG without a value: unknown, too.
            self.global_args
                .iter()
                .rev()
                .find(|a| a.name == name)
                .and_then(|a| a.default.clone())
                .filter(|d| !d.contains('$'))
        })
    }

    /// The stage called `name` (case-insensitive) or with that index, defined before stage
    /// `before`.
    pub fn stage_named(&self, name: &str, before: usize) -> Option<usize> {
        let first = self.stage_names.get(name.to_ascii_lowercase().as_str()).and_then(|stages| stages.first());
        first.copied().filter(|&s| s < before).or_else(|| {
            name.parse::<usize>().ok().filter(|&i| i < before && self.stages.get(i).is_some_and(|s| s.from.is_some()))
        })
    }

    pub fn final_stage(&self) -> Option<&Stage> {
        self.stages.last()
    }

    /// The stage and then its ancestors through `FROM <stage>`.
    pub fn lineage(&self, stage: usize) -> impl Iterator<Item = &Stage> {
        let mut next = self.stages.get(stage);
        let mut guard = self.stages.len() + 1;
        std::iter::from_fn(move || {
            let current = next?;
            guard -= 1;
            if guard == 0 {
                return None;
            }
            next = match current.base {
                Base::Stage(parent) if parent < current.index => self.stages.get(parent),
                _ => None,
            };
            Some(current)
        })
    }

    /// The image a stage ultimately builds on, following stage references.
    pub fn root_image(&self, stage: usize) -> Option<&ImageRef> {
        self.lineage(stage).find_map(|s| match &s.base {
            Base::Image(image) => Some(image),
            _ => None,
        })
    }

    /// True when a later stage builds on `stage` (`FROM <stage>`).
    pub fn is_base_of_later(&self, stage: usize) -> bool {
        self.built_on.get(stage).copied().unwrap_or(false)
    }

    /// The value of an ENV or ARG variable in effect just before instruction `before`,
    /// looking back through its stage and the stages it builds on; `before` may be the number of
    /// instructions, for the value the final stage ends with.
    pub fn variable(&self, before: usize, name: &str) -> Option<String> {
        self.definition(before, name).map(|(_, value)| value.unwrap_or_default())
    }

    /// Where the ENV or ARG variable in effect just before instruction `before` is set, and its
    /// value as written (`None` for an ARG without a default).
    fn definition(&self, before: usize, name: &str) -> Option<(usize, Option<String>)> {
        // Just past the last instruction is the end of the last stage: what the image starts with.
        let stage = match self.stage_of.get(before) {
            Some(stage) => (*stage)?,
            None if before == self.stage_of.len() => self.stages.last()?.index,
            None => return None,
        };
        let assignments = self.variables.get(name)?;
        let mut limit = before;
        for s in self.lineage(stage) {
            // The last assignment before `limit`, if it is in this stage.
            let end = limit.min(s.instructions.end);
            let last = assignments.partition_point(|(i, _)| *i < end).checked_sub(1).map(|k| &assignments[k]);
            if let Some((i, value)) = last.filter(|(i, _)| *i >= s.instructions.start) {
                return Some((*i, value.clone()));
            }
            limit = usize::MAX;
        }
        None
    }

    /// `text` with its variables replaced by the ENV and ARG values in effect just before
    /// instruction `before`, each value itself resolved where it is set (so
    /// `ARG UID=1000` + `ENV APP_UID=$UID` + `USER $APP_UID` gives `1000`). `None` when a
    /// variable is unknown: not set in the file, or an ARG without a default.
    pub fn resolve(&self, before: usize, text: &str) -> Option<String> {
        self.resolve_within(before, text, 8)
    }

    fn resolve_within(&self, before: usize, text: &str, depth: u32) -> Option<String> {
        if depth == 0 {
            return None;
        }
        vars::expand(text, &|name| {
            let (at, value) = self.definition(before, name)?;
            self.resolve_within(at, &value?, depth - 1)
        })
    }

    pub fn script(&self, instruction: usize) -> Option<&Script> {
        self.scripts.get(instruction).and_then(Option::as_ref)
    }
}

/// `key=value` in a comma-separated `--mount` option list.
pub fn mount_option<'a>(mount: &'a str, key: &str) -> Option<&'a str> {
    mount.split(',').find_map(|part| {
        let (k, v) = part.split_once('=')?;
        (k.trim() == key).then_some(v.trim())
    })
}

/// The `(type, target)` of every `--mount` flag of an instruction.
pub fn mounts(instruction: &Instruction) -> impl Iterator<Item = (&str, Option<&str>)> {
    instruction.flags_named("mount").filter_map(|f| {
        let value = f.value.as_deref()?;
        let kind = mount_option(value, "type").unwrap_or("bind");
        let target = mount_option(value, "target")
            .or_else(|| mount_option(value, "dst"))
            .or_else(|| mount_option(value, "destination"));
        Some((kind, target))
    })
}

/// The `# hadolint shell=...` pragmas, with their position.
fn shell_pragmas(file: &Dockerfile, _source: &str) -> Vec<(u32, ShellKind)> {
    file.comments
        .iter()
        .filter_map(|c| {
            let rest = c.text.strip_prefix("hadolint")?.trim_start();
            let shell = rest.strip_prefix("shell=")?.split_whitespace().next()?;
            Some((c.range.start, ShellKind::from_executable(shell, &[])))
        })
        .collect()
}

fn guess_os_from_commands(file: &Dockerfile, stage: &Stage) -> Os {
    for i in stage.instructions.clone() {
        if let Some(Command::Shell(shell)) = file.instructions[i].effective().command() {
            let text = &shell.text;
            if text.contains("apk ") {
                return Os::Alpine;
            }
            if text.contains("apt-get ") || text.contains("dpkg ") {
                return Os::Debian;
            }
            if text.contains("yum ") || text.contains("dnf ") || text.contains("microdnf ") {
                return Os::Rhel;
            }
            if text.contains("zypper ") {
                return Os::Suse;
            }
        }
    }
    Os::Unknown
}

/// The script of a shell-form RUN, with any heredoc bodies the shell runs.
fn run_script(run: &Instruction, source: &str) -> Option<Script> {
    let Some(Command::Shell(shell)) = run.command() else {
        return None;
    };
    let logical = &run.logical;
    let start = shell.logical_start as usize;
    let end = start + shell.text.len();
    let map = |r: TextRange| logical.range_to_source(r.start, r.end);
    let mut script = shell::parse(&logical.text, start, end, &map);
    for heredoc in &run.heredocs {
        if heredoc_runs_as_shell(&script, heredoc, source) {
            let body = shell::parse(source, heredoc.body.start as usize, heredoc.body.end as usize, &|r| r);
            script.commands.extend(body.commands);
            script.errors.extend(body.errors);
            script.pipes.extend(body.pipes);
        }
    }
    Some(script)
}

/// A RUN heredoc is a shell script when nothing but the heredoc is on the line (BuildKit runs
/// it with the shell), or when it is fed to a POSIX shell, and its shebang (if any) agrees.
pub(crate) fn heredoc_runs_as_shell(line: &Script, heredoc: &crate::syntax::Heredoc, source: &str) -> bool {
    let body = heredoc.body.slice(source);
    if let Some(shebang) = body.strip_prefix("#!") {
        let first_line = shebang.lines().next().unwrap_or("");
        let mut parts = first_line.split_whitespace();
        let exe = parts.next().unwrap_or("");
        let exe = if exe.ends_with("/env") { parts.next().unwrap_or("") } else { exe };
        return ShellKind::from_executable(exe, &[]).is_posix();
    }
    let feeding = line.commands.iter().find(|c| {
        c.redirects.iter().any(|r| r.op.starts_with("<<") && r.target.as_ref().is_some_and(|t| t.value == heredoc.name))
    });
    match feeding {
        None => line.commands.iter().all(|c| c.words.is_empty()),
        Some(command) if command.words.is_empty() => true,
        Some(command) => {
            command.is_any(&["sh", "bash", "ash", "dash", "zsh", "ksh"])
                && command.args().iter().all(|a| a.value.starts_with('-'))
        }
    }
}

/// The ENV and ARG assignments of the file by name (see [`Model::variables`]). An ONBUILD ENV
/// sets nothing in this image.
///
/// An ARG declared in a stage without a default takes the default of the global ARG of the
/// same name, as Docker gives it (`ARG APP=/opt/app` before FROM, `ARG APP` in the stage).
fn variables(file: &Dockerfile) -> HashMap<String, Vec<(usize, Option<String>)>> {
    let mut out: HashMap<String, Vec<(usize, Option<String>)>> = HashMap::new();
    let mut global_defaults: HashMap<String, String> = HashMap::new();
    let mut in_stage = false;
    for (i, instruction) in file.instructions.iter().enumerate() {
        in_stage |= instruction.kind == Kind::From;
        if !matches!(instruction.kind, Kind::Env | Kind::Arg) {
            continue;
        }
        let Args::Pairs(pairs) = &instruction.args else { continue };
        // An instruction that sets a name twice: its last pair wins.
        let mut seen = HashSet::new();
        for pair in pairs.iter().rev() {
            if seen.insert(pair.key.value.as_str()) {
                let mut value = pair.value.as_ref().map(|v| v.value.clone());
                if instruction.kind == Kind::Arg {
                    match (&value, in_stage) {
                        (Some(default), false) => {
                            global_defaults.insert(pair.key.value.clone(), default.clone());
                        }
                        (None, true) => value = global_defaults.get(&pair.key.value).cloned(),
                        _ => {}
                    }
                }
                out.entry(pair.key.value.clone()).or_default().push((i, value));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_variables_where_they_are_set() {
        let source = "ARG GLOBAL=1\nFROM debian:12\nARG UID=1000\nARG NONE\nENV APP_UID=$UID PATH=/x:$PATH\nENV UID=${UID}0\nUSER x\n";
        let parse = crate::syntax::parse(source);
        let model = Model::build(&parse.file, source);
        let user = parse.file.instructions.len() - 1;
        let resolve = |text: &str| model.resolve(user, text);
        assert_eq!(resolve("$APP_UID").as_deref(), Some("1000"));
        assert_eq!(resolve("${UID}:x").as_deref(), Some("10000:x"));
        assert_eq!(resolve("${NONE:-7}").as_deref(), Some("7"));
        assert_eq!(resolve("$NONE"), None);
        assert_eq!(resolve("$GLOBAL"), None, "a global ARG is not in scope in a stage");
        assert_eq!(resolve("$PATH"), None, "PATH comes from the base image");
        assert_eq!(model.variable(user, "NONE").as_deref(), Some(""));
    }

    #[test]
    fn global_arg_defaults_use_the_args_declared_before_them() {
        let source = "ARG GO=1.26.7\nARG DISTRO=bookworm\nARG IMAGE=golang:${GO}-${DISTRO}\nARG LATER=${UNSET}\n\
                      FROM ${IMAGE} AS base\nFROM ${LATER}\n";
        let parse = crate::syntax::parse(source);
        let model = Model::build(&parse.file, source);
        let Base::Image(image) = &model.stages[0].base else { panic!("{:?}", model.stages[0].base) };
        assert_eq!(image.raw, "golang:1.26.7-bookworm");
        assert!(matches!(model.stages[1].base, Base::Unresolved(_)), "{:?}", model.stages[1].base);
    }
}
