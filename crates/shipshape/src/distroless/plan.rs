//! Planning: the decisions. Which runtime image, which build image, whether the final stage is
//! converted where it stands or split into a build stage and a new runtime stage, what the new
//! stage copies, how the command and the health check run without a shell, which user owns
//! what, and the notes that explain each decision to the user.

use super::analyze::{
    self, Analysis, PYTHON_PROGRAMS, basename, chown_of, is_non_root_owner, is_python_interpreter, is_under,
    is_user_setup, join, owner_is_named, package_command,
};
use super::images::{self, Family, ImageFacts};
use super::packages::{self, Target, Translation};
use super::{Note, Options, Refusal, RuntimeFamily, Stack};
use crate::semantic::{Base, ImageRef, Os};
use crate::shell::SimpleCommand;
use crate::syntax::json::quote;
use crate::syntax::{Args, Command, Kind};
use crate::text::TextRange;

/// One change to the existing text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Change {
    /// Replace the image of a FROM; `pragma` is a comment line written above it.
    SetImage {
        from: usize,
        image: String,
        pragma: Option<String>,
    },
    /// Give an unnamed stage a name (`AS name`).
    Name {
        from: usize,
        name: String,
    },
    InsertAfter {
        instruction: usize,
        lines: Vec<String>,
    },
    /// Remove an instruction. Its leading comments go with it when it moves to the final stage;
    /// otherwise they, and any comment lines inside it, stay.
    Delete {
        instruction: usize,
        with_leading_comments: bool,
    },
    /// Replace an instruction by new lines (comment lines inside it are kept above them).
    Replace {
        instruction: usize,
        lines: Vec<String>,
    },
    /// Replace a span inside an instruction (a command of a RUN, a flag).
    ReplaceRange {
        instruction: usize,
        range: TextRange,
        text: String,
    },
    /// Add lines at the end of a stage.
    Append {
        stage: usize,
        lines: Vec<String>,
    },
}

/// The new runtime stage of a split conversion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct FinalStage {
    /// Comment lines above its FROM.
    pub header: Vec<String>,
    pub image: String,
    pub name: Option<String>,
    pub items: Vec<Item>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Item {
    /// An instruction of the input, as written, with its leading comments when `comments`.
    Carry { instruction: usize, comments: bool },
    /// New lines, after the comments of the input instructions they replace.
    Text { lines: Vec<String>, comments_of: Vec<usize> },
}

#[derive(Clone, Debug)]
pub(crate) struct Plan {
    pub stack: Stack,
    pub runtime: &'static ImageFacts,
    pub changes: Vec<Change>,
    /// `None` when the final stage is converted where it stands.
    pub final_stage: Option<FinalStage>,
    pub notes: Vec<Note>,
}

/// The user the final image runs as.
pub(crate) const NONROOT: &str = "65532:65532";

/// Directories of programs the build uses (copied in from tool images): they are not part of
/// the app unless the command runs them.
const TOOL_DIRS: &[&str] = &["/bin", "/sbin", "/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin"];

const DEFAULT_HEALTH_FLAGS: &str = "--interval=30s --timeout=3s --start-period=10s --retries=3";

pub(crate) fn plan(analysis: &Analysis, options: &Options) -> Result<Plan, Refusal> {
    let mut planner = Planner::new(analysis, options);
    planner.run()?;
    let runtime = planner.runtime.ok_or_else(|| Refusal::new("no runtime image fits this app", None))?;
    Ok(Plan {
        stack: analysis.stack,
        runtime,
        changes: planner.changes,
        final_stage: planner.final_stage,
        notes: planner.notes,
    })
}

/// How a RUN of the final stage's lineage relates to the runtime image.
#[derive(Clone, Debug)]
struct RunFacts {
    at: usize,
    /// Only installs packages, manages users or cleans caches: nothing the runtime needs.
    droppable: bool,
}

/// What the new command line looks like.
#[derive(Clone, Debug, Default)]
struct NewLaunch {
    entrypoint: Option<Vec<String>>,
    cmd: Option<Vec<String>>,
    /// `ENV` lines the command needs (JAVA_TOOL_OPTIONS).
    env: Vec<String>,
}

/// How a health probe can run in the runtime image.
#[derive(Clone, Debug)]
enum Probe {
    Python(String),
    Node(String),
    None,
}

#[derive(Clone, Debug)]
enum Health {
    /// No HEALTHCHECK, and none needed.
    Absent,
    /// Keep the original instruction as it is.
    Keep(usize),
    /// A new HEALTHCHECK line, replacing `original` if there was one.
    Write { line: String, original: Option<usize>, comment: Option<String> },
}

/// One path the final stage copies from the build stage.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Artefact {
    path: String,
    /// The app writes there: copy it owned by 65532.
    owned: bool,
}

struct Planner<'a, 'b> {
    a: &'b Analysis<'a>,
    options: &'b Options,
    family: Family,
    runtime: Option<&'static ImageFacts>,
    changes: Vec<Change>,
    notes: Vec<Note>,
    runs: Vec<RunFacts>,
    split: bool,
    /// The name of the build stage (split conversions).
    build_name: String,
    /// Stages whose base changes from musl (Alpine) or to Wolfi: their package commands and
    /// users are translated.
    translated: Vec<usize>,
    /// Instructions already deleted or replaced.
    touched: Vec<usize>,
    /// Changes that go after all others at their position (the last step of the build stage).
    late: Vec<Change>,
    /// The first note: what the conversion did as a whole.
    summary: Option<String>,
    /// The Python virtual environment the app runs from.
    venv: Option<String>,
    /// `ENV` lines for the final stage.
    final_env: Vec<String>,
    /// Paths the final stage copies from the build stage, besides the app directories.
    extra_artefacts: Vec<String>,
    /// Copy the app's directories (interpreted stacks) or only `extra_artefacts` (binaries).
    copy_app_dirs: bool,
    launch: NewLaunch,
    probe: Probe,
    final_stage: Option<FinalStage>,
}

impl<'a, 'b> Planner<'a, 'b> {
    fn new(a: &'b Analysis<'a>, options: &'b Options) -> Self {
        let family = match options.runtime {
            RuntimeFamily::Distroless => Family::Distroless,
            RuntimeFamily::Chainguard => Family::Chainguard,
        };
        Planner {
            a,
            options,
            family,
            runtime: None,
            changes: Vec::new(),
            notes: Vec::new(),
            runs: Vec::new(),
            split: true,
            build_name: String::new(),
            translated: Vec::new(),
            touched: Vec::new(),
            late: Vec::new(),
            summary: None,
            venv: None,
            final_env: Vec::new(),
            extra_artefacts: Vec::new(),
            copy_app_dirs: true,
            launch: NewLaunch::default(),
            probe: Probe::None,
            final_stage: None,
        }
    }

    fn note(&mut self, message: impl Into<String>) {
        let message = message.into();
        if !self.notes.iter().any(|n| n.message == message) {
            self.notes.push(Note::changed(message));
        }
    }

    fn check(&mut self, message: impl Into<String>) {
        let message = message.into();
        if !self.notes.iter().any(|n| n.message == message) {
            self.notes.push(Note::check(message));
        }
    }

    fn change(&mut self, change: Change) {
        match &change {
            Change::Delete { instruction, .. } | Change::Replace { instruction, .. } => {
                self.touched.push(*instruction);
            }
            _ => {}
        }
        self.changes.push(change);
    }

    fn final_stage_index(&self) -> usize {
        self.a.final_stage
    }

    fn last_stage_instructions(&self) -> std::ops::Range<usize> {
        self.a.model.stages[self.a.final_stage].instructions.clone()
    }

    fn refuse_at(&self, message: impl Into<String>, at: usize) -> Refusal {
        Refusal::new(message, Some(self.a.instruction(at).range))
    }

    fn run(&mut self) -> Result<(), Refusal> {
        self.runs = self.classify_runs();
        // Converting in place is possible when the final stage is one stage whose RUNs only
        // install packages or users, which the runtime image has no use for.
        self.split = self.a.lineage.len() > 1 || self.runs.iter().any(|r| !r.droppable);
        match self.a.stack {
            Stack::Python => self.python()?,
            Stack::Node => self.node()?,
            Stack::Go => self.go()?,
            Stack::Rust => self.rust()?,
            Stack::Java => self.java()?,
            Stack::StaticBinary => self.static_binary()?,
            Stack::StaticWeb => self.static_web()?,
        }
        let runtime = self.runtime.ok_or_else(|| Refusal::new("no runtime image fits this app", None))?;
        if !runtime.verified {
            self.check(format!(
                "`{}` is not verified in shipshape's image table (its name and entrypoint come from secondary sources): check that it exists and what it runs before you rely on it",
                runtime.reference()
            ));
        }
        if runtime.family == Family::Chainguard {
            let builder = match runtime.builder {
                Some(builder) => format!(" and its builder `{builder}`"),
                None => String::new(),
            };
            self.check(format!(
                "Chainguard's free tier only publishes `:latest` and `:latest-dev`: pin `{}`{builder} by digest, so that builds are repeatable{}",
                runtime.reference(),
                if runtime.builder.is_some() { " and both stages keep the same runtime version" } else { "" }
            ));
        }
        self.package_notes();
        self.wrapper_notes();
        self.port_notes();
        let health = self.health();
        if self.split {
            self.split_stage(health)?;
        } else {
            self.in_place(health)?;
        }
        let late = std::mem::take(&mut self.late);
        self.changes.extend(late);
        if let Some(summary) = self.summary.take() {
            self.notes.insert(0, Note::changed(summary));
        }
        Ok(())
    }

    /// The runtime image's short name, for sentences: `python3-debian13`.
    fn runtime_name(&self) -> &'static str {
        self.runtime.map(|r| r.repository.rsplit('/').next().unwrap_or(r.repository)).unwrap_or("runtime")
    }

    /// True when the app depends on running in `/` (the original set no WORKDIR): relative
    /// destinations or paths in the command, or an interpreter that resolves modules from the
    /// working directory.
    fn needs_root_workdir(&self) -> bool {
        let a = self.a;
        if matches!(a.stack, Stack::Python | Stack::Node) {
            return true;
        }
        let relative_copy = a.lineage_instructions().into_iter().any(|i| {
            matches!(&a.instruction(i).args, Args::Copy(copy) if copy.destination().is_some_and(|d| !d.value.starts_with('/')))
        });
        let relative_arg = a.launch.argv().iter().any(|w| {
            !w.starts_with('/')
                && !w.starts_with('-')
                && (w.contains('/') || [".py", ".js", ".jar", ".mjs", ".cjs"].iter().any(|e| w.ends_with(e)))
        });
        relative_copy || relative_arg
    }

    fn wrapper_notes(&mut self) {
        let wrappers = self.a.launch.wrappers.clone();
        for wrapper in wrappers {
            match wrapper.as_str() {
                "gosu" | "su-exec" | "s6-setuidgid" | "setpriv" => self.note(format!(
                    "`{wrapper}` switched users at start-up, which needs root; the image runs as nonroot from the start instead"
                )),
                w if w.ends_with(" run") => self.note(format!(
                    "`{wrapper}` only ran the program inside the project's environment, and the runtime image does not have it: the command runs the program from the environment directly"
                )),
                _ => self.check(format!(
                    "`{wrapper}` was removed from the command (it is not in the runtime image): run the container with `docker run --init` (Kubernetes and Compose have the same option) if the app needs an init process to reap zombie processes or forward signals"
                )),
            }
        }
    }

    fn port_notes(&mut self) {
        let a = self.a;
        let low: Vec<String> = a
            .lineage_instructions()
            .into_iter()
            .filter_map(|i| exposed_port(a, i))
            .filter(|p| *p < 1024)
            .map(|p| p.to_string())
            .collect();
        if !low.is_empty() {
            self.check(format!(
                "The app listens on port {} and now runs as nonroot: Docker lets a nonroot process bind ports below 1024, but Kubernetes and other runtimes may not; move it to a port such as 8080 if it fails to start",
                low.join(", ")
            ));
        }
    }

    // ----- RUN classification and package notes -----

    fn classify_runs(&self) -> Vec<RunFacts> {
        let a = self.a;
        a.lineage_instructions()
            .into_iter()
            .filter(|&i| a.instruction(i).kind == Kind::Run)
            .map(|at| {
                let instruction = a.instruction(at);
                let script = a.model.script(at);
                let droppable = script.is_some_and(|s| {
                    !s.commands.is_empty() && s.errors.is_empty() && s.commands.iter().all(droppable_command)
                }) && matches!(instruction.command(), Some(Command::Shell(_)))
                    && instruction.flags.iter().all(|f| f.name == "mount");
                RunFacts { at, droppable }
            })
            .collect()
    }

    /// Notes about OS packages: what the final image no longer has.
    fn package_notes(&mut self) {
        let a = self.a;
        let mut runtime_packages: Vec<String> = Vec::new();
        for (_, command) in a.commands_in(&a.lineage) {
            let Some(pc) = package_command(command) else { continue };
            if !pc.installs() {
                continue;
            }
            for p in pc.packages.iter().filter(|p| !p.dynamic && !a.launch.wrappers.contains(&p.name)) {
                if !packages::is_build_only(&p.name)
                    && !packages::is_in_distroless(&p.name)
                    && !runtime_packages.contains(&p.name)
                {
                    runtime_packages.push(p.name.clone());
                }
            }
        }
        if !runtime_packages.is_empty() {
            self.check(format!(
                "{} {} installed with the package manager for run time, and the runtime image has no package manager, so the final image does not have {}: if the app needs {}, copy the files from the build stage, or choose a library that bundles {}",
                list(&runtime_packages),
                if runtime_packages.len() == 1 { "was" } else { "were" },
                if runtime_packages.len() == 1 { "it" } else { "them" },
                if runtime_packages.len() == 1 { "it" } else { "them" },
                if runtime_packages.len() == 1 { "it" } else { "them" },
            ));
        }
        if a.stack == Stack::Python || a.stack == Stack::Node {
            let mut libraries: Vec<(String, &'static str)> = Vec::new();
            for (_, command) in a.commands_in(&a.needed) {
                let Some(pc) = package_command(command) else { continue };
                for p in pc.packages.iter().filter(|_| pc.installs()) {
                    if let Some(lib) = packages::runtime_library_of(&p.name)
                        && !libraries.iter().any(|(n, _)| *n == p.name)
                    {
                        libraries.push((p.name.clone(), lib));
                    }
                }
            }
            if !libraries.is_empty() {
                let devs: Vec<String> = libraries.iter().map(|(dev, _)| dev.clone()).collect();
                let libs: Vec<String> = libraries.iter().map(|(_, lib)| lib.to_string()).collect();
                let one = libraries.len() == 1;
                self.check(format!(
                    "The build installs {}: a package compiled from source against {} loads {} at run time, and the runtime image does not have {}. Prefer packages whose wheels bundle the library (`psycopg[binary]` rather than `psycopg2`, for example), or copy the library from the build stage",
                    list(&devs),
                    if one { "it" } else { "them" },
                    list(&libs),
                    if one { "it" } else { "them" },
                ));
            }
        }
    }

    // ----- Stages: rebasing and translating -----

    /// Moves a root stage to another base image. When the C library or the package system
    /// changes, the stages built on it get their package commands translated and their user
    /// setup removed (the build stages run as root; the final image runs as nonroot).
    fn rebase(&mut self, stage: usize, image: &str, why: &str) -> Result<(), Refusal> {
        let a = self.a;
        let Some(from) = a.model.stages[stage].from else { return Ok(()) };
        let old = match &a.model.stages[stage].base {
            Base::Image(image) => image.clone(),
            _ => return Ok(()),
        };
        if old.raw == image {
            return Ok(());
        }
        let pragma = floating_pragma(image, self.runtime);
        self.change(Change::SetImage { from, image: image.to_string(), pragma });
        let old_os = a.model.stages[stage].os;
        let target = if image.starts_with("cgr.dev/") { Target::Wolfi } else { Target::Debian };
        self.note(format!(
            "The build stage `{}` moved from `{}` to `{image}`: {why}",
            self.stage_label(stage),
            old.raw
        ));
        let changes_packages = match target {
            Target::Wolfi => true,
            Target::Debian => old_os == Os::Alpine,
        };
        if !changes_packages {
            return Ok(());
        }
        let descendants: Vec<usize> =
            (0..a.model.stages.len()).filter(|&s| a.model.lineage(s).any(|l| l.index == stage)).collect();
        for s in descendants {
            if !self.translated.contains(&s) {
                self.translated.push(s);
                self.translate_stage(s, old_os == Os::Alpine, target)?;
            }
        }
        Ok(())
    }

    fn stage_label(&self, stage: usize) -> String {
        if stage == self.a.final_stage && self.split && !self.build_name.is_empty() {
            return self.build_name.clone();
        }
        match &self.a.model.stages[stage].name {
            Some(name) => name.clone(),
            None => stage.to_string(),
        }
    }

    /// Translates the package commands of a stage to the new package system and removes what
    /// only made sense on the old one (users created with busybox's `adduser`).
    fn translate_stage(&mut self, stage: usize, from_alpine: bool, target: Target) -> Result<(), Refusal> {
        let a = self.a;
        let mut created_users: Vec<String> = Vec::new();
        let mut unknown: Vec<String> = Vec::new();
        let mut pinned: Vec<String> = Vec::new();
        let mut translations: Vec<(String, String)> = Vec::new();
        for i in a.model.stages[stage].instructions.clone() {
            let instruction = a.instruction(i);
            match instruction.kind {
                Kind::User => {
                    if !self.touched.contains(&i) {
                        self.change(Change::Delete { instruction: i, with_leading_comments: false });
                    }
                    continue;
                }
                Kind::Copy | Kind::Add => {
                    if let Some(flag) = instruction.flag("chown")
                        && flag.value.as_deref().is_some_and(owner_is_named)
                    {
                        // The named user no longer exists in the build stage; root owns the files.
                        let end = next_non_space(a.source, flag.range.end);
                        self.change(Change::ReplaceRange {
                            instruction: i,
                            range: TextRange::new(flag.range.start, end),
                            text: String::new(),
                        });
                    }
                    continue;
                }
                Kind::Run => {}
                _ => continue,
            }
            let Some(script) = a.model.script(i) else {
                if matches!(instruction.command(), Some(Command::Exec(e)) if e.elements.first().is_some_and(|w| matches!(basename(&w.value), "apk" | "apt-get" | "apt")))
                {
                    return Err(self.refuse_at(
                        "an exec-form RUN calls the package manager of the old base image, which shipshape cannot translate",
                        i,
                    ));
                }
                continue;
            };
            let mut edits: Vec<(usize, Option<String>)> = Vec::new();
            // The packages of every install in this RUN go into the first one, as one
            // `apt-get install`.
            let mut first_install: Option<usize> = None;
            let mut names: Vec<String> = Vec::new();
            for (k, command) in script.commands.iter().enumerate() {
                if is_user_setup(command) {
                    for w in command.positional() {
                        created_users.push(w.value.clone());
                    }
                    edits.push((k, None));
                    continue;
                }
                if let Some((owner, _)) = chown_of(command)
                    && owner_is_named(&owner)
                    && is_non_root_owner(&owner)
                {
                    edits.push((k, None));
                    continue;
                }
                let Some(pc) = package_command(command) else { continue };
                if let Some(p) = pc.packages.iter().find(|p| p.dynamic) {
                    return Err(self.refuse_at(
                        format!(
                            "the package list `{}` is a variable, and the build stage moves to another distribution: shipshape cannot translate its package names; list them literally first",
                            p.name
                        ),
                        i,
                    ));
                }
                match (pc.manager, target) {
                    ("apk", Target::Debian) | ("apt", Target::Wolfi) => {
                        if !pc.installs() {
                            edits.push((k, None));
                            continue;
                        }
                        match first_install {
                            None => first_install = Some(k),
                            Some(_) => edits.push((k, None)),
                        }
                        for p in &pc.packages {
                            if p.pinned {
                                pinned.push(p.name.clone());
                            }
                            match packages::translate(&p.name, from_alpine, target) {
                                Translation::Known(n) => {
                                    if n != p.name {
                                        translations.push((p.name.clone(), n.clone()));
                                    }
                                    if !names.contains(&n) {
                                        names.push(n);
                                    }
                                }
                                Translation::Dropped => {}
                                Translation::Unknown(n) => {
                                    unknown.push(n.clone());
                                    names.push(n);
                                }
                            }
                        }
                    }
                    ("apk", Target::Wolfi) => {
                        for p in &pc.packages {
                            if let Translation::Known(n) = packages::translate(&p.name, true, Target::Wolfi)
                                && n != p.name
                            {
                                translations.push((p.name.clone(), n.clone()));
                                self.change(Change::ReplaceRange { instruction: i, range: p.range, text: n });
                            }
                        }
                    }
                    (manager, _) if manager != "apt" || target != Target::Debian => {
                        return Err(self.refuse_at(
                            format!(
                                "the build stage moves to {}, and shipshape cannot translate `{manager}` commands",
                                if target == Target::Debian { "Debian" } else { "Wolfi" }
                            ),
                            i,
                        ));
                    }
                    _ => {}
                }
            }
            if let Some(k) = first_install {
                if names.is_empty() {
                    edits.push((k, None));
                } else {
                    let text = match target {
                        Target::Debian => self.chain(
                            i,
                            &[
                                "apt-get update".to_string(),
                                format!("apt-get install -y --no-install-recommends {}", names.join(" ")),
                                "rm -rf /var/lib/apt/lists/*".to_string(),
                            ],
                        ),
                        Target::Wolfi => format!("apk add --no-cache {}", names.join(" ")),
                    };
                    edits.push((k, Some(text)));
                }
            }
            self.edit_commands(i, &edits);
        }
        if !translations.is_empty() {
            let pairs: Vec<String> = translations.iter().map(|(a, b)| format!("`{a}` → `{b}`")).collect();
            self.note(format!("Package names follow the new base: {}", dedup(pairs).join(", ")));
        }
        if !unknown.is_empty() {
            self.check(format!(
                "shipshape knows no {} name for {}: the name was kept, check that the package exists there",
                if target == Target::Debian { "Debian" } else { "Wolfi" },
                list(&dedup(unknown))
            ));
        }
        if !pinned.is_empty() {
            self.check(format!(
                "The version pins of {} were for the old distribution and were removed: pin the new distribution's versions if you need them",
                list(&dedup(pinned))
            ));
        }
        if !created_users.is_empty() {
            self.note(format!(
                "The build stage `{}` runs as root and no longer creates the user {}: only the final image needs a user, and the runtime image has `nonroot` (uid 65532)",
                self.stage_label(stage),
                list(&dedup(created_users))
            ));
        }
        Ok(())
    }

    /// Commands joined with `&&` in the style of the RUN they go into: on continuation lines
    /// with a leading or trailing `&&` when the RUN spans several lines, else on one line.
    fn chain(&self, at: usize, parts: &[String]) -> String {
        let a = self.a;
        let escape = a.file.escape;
        let text = a.text(a.instruction(at).range);
        let lines: Vec<&str> = text.lines().collect();
        let indent_of = |l: &str| l[..l.len() - l.trim_start().len()].to_string();
        if let Some(line) = lines.iter().skip(1).find(|l| l.trim_start().starts_with("&&")) {
            let indent = indent_of(line);
            return parts.join(&format!(" {escape}\n{indent}&& "));
        }
        if lines.len() > 1
            && lines[..lines.len() - 1]
                .iter()
                .any(|l| l.trim_end().strip_suffix(escape).is_some_and(|r| r.trim_end().ends_with("&&")))
        {
            let indent = indent_of(lines[1]);
            return parts.join(&format!(" && {escape}\n{indent}"));
        }
        parts.join(" && ")
    }

    /// Removes (`None`) or replaces commands of a RUN. A RUN whose commands all go is deleted;
    /// a removed command takes its `&&` or `;` with it, and where that cannot be done cleanly
    /// (inside `if`, a pipeline) it becomes `true`.
    fn edit_commands(&mut self, at: usize, edits: &[(usize, Option<String>)]) {
        if edits.is_empty() {
            return;
        }
        let a = self.a;
        let Some(script) = a.model.script(at) else { return };
        let commands = &script.commands;
        let removed: Vec<bool> =
            (0..commands.len()).map(|k| edits.iter().any(|(e, t)| *e == k && t.is_none())).collect();
        if removed.iter().all(|r| *r) {
            self.change(Change::Delete { instruction: at, with_leading_comments: false });
            return;
        }
        for (k, text) in edits {
            if let Some(text) = text {
                self.change(Change::ReplaceRange { instruction: at, range: commands[*k].range, text: text.clone() });
            }
        }
        let mut k = 0;
        while k < commands.len() {
            if !removed[k] {
                k += 1;
                continue;
            }
            let first = k;
            while k + 1 < commands.len() && removed[k + 1] {
                k += 1;
            }
            let last = k;
            k += 1;
            let plain = |from: usize, to: usize| {
                (from..to).all(|j| {
                    commands[j].depth == 0
                        && commands[j + 1].depth == 0
                        // A command substitution's commands come before the one holding them.
                        && commands[j].range.end <= commands[j + 1].range.start
                        && a.source
                            .get(commands[j].range.end as usize..commands[j + 1].range.start as usize)
                            .is_some_and(|between| is_plain_separator(between, a.file.escape))
                })
            };
            if last + 1 < commands.len() && plain(first, last + 1) {
                let range = TextRange::new(commands[first].range.start, commands[last + 1].range.start);
                self.change(Change::ReplaceRange { instruction: at, range, text: String::new() });
            } else if first > 0 && plain(first - 1, last) {
                let range = TextRange::new(commands[first - 1].range.end, commands[last].range.end);
                self.change(Change::ReplaceRange { instruction: at, range, text: String::new() });
            } else {
                for command in &commands[first..=last] {
                    self.change(Change::ReplaceRange { instruction: at, range: command.range, text: "true".into() });
                }
            }
        }
    }

    // ----- Python -----

    fn python(&mut self) -> Result<(), Refusal> {
        let a = self.a;
        let root = a.root_image.clone().unwrap_or_default();
        let root_stage = a.lineage.first().copied().unwrap_or(a.final_stage);
        let from_range = a.model.stages[root_stage].from.map(|f| a.instruction(f).range);
        if root.name() != "python" || root.registry_host() != "docker.io" {
            let installs_python = a.commands_in(&a.lineage).iter().any(|(_, c)| {
                package_command(c)
                    .is_some_and(|p| p.packages.iter().any(|w| w.name.starts_with("python3") || w.name == "python"))
            });
            let reason = if installs_python {
                format!(
                    "the app runs on Python from the OS packages of `{}`: shipshape rebuilds Python apps on the official `python` image (the same Python as the distroless one); start from `python:3.13-slim` first",
                    root.raw
                )
            } else {
                format!(
                    "the app starts from `{}`, not from the official `python` image: shipshape cannot tell what that image adds (servers, start scripts) to rebuild it on the distroless Python",
                    root.raw
                )
            };
            return Err(Refusal::new(reason, from_range));
        }
        let version = analyze::tag_version(root.tag_or_latest());
        let (major, minor) = version.as_deref().map(analyze::major_minor).unwrap_or((None, None));
        if major == Some(2) {
            return Err(Refusal::new(
                "the app runs on Python 2, which has no distroless image (and no support since 2020)",
                from_range,
            ));
        }
        if major == Some(3) && minor.is_some_and(|m| m <= 8) {
            return Err(Refusal::new(
                format!(
                    "the app runs on Python {}, which reached its end of life and is too far from the distroless Python (3.13) to convert without testing: upgrade the app first",
                    version.clone().unwrap_or_default()
                ),
                from_range,
            ));
        }
        let runtime = match self.family {
            Family::Chainguard => images::runtime(Family::Chainguard, "python"),
            _ => images::runtime(Family::Distroless, "python3-debian13"),
        };
        let runtime = runtime.ok_or_else(|| Refusal::new("the image table has no Python runtime", None))?;
        self.runtime = Some(runtime);
        let target = runtime.runtime.map(|r| r.version).unwrap_or("3.13");
        match (self.family, minor) {
            (Family::Distroless, Some(m)) if m > 13 => {
                return Err(Refusal::new(
                    format!(
                        "the app runs on Python 3.{m}, and distroless only ships Python 3.13: use `--runtime chainguard` (its image follows the newest Python), or keep a `python:3.{m}-slim` runtime"
                    ),
                    from_range,
                ));
            }
            (Family::Distroless, Some(13)) => {}
            (Family::Distroless, Some(m)) => self.check(format!(
                "Python 3.{m} → {target}: distroless only ships Python {target}. Rebuild and test your dependencies (compiled wheels are built per Python version), or keep a `python:3.{m}-slim` runtime or use Chainguard (`--runtime chainguard`) if you cannot move yet"
            )),
            (Family::Distroless, None) => self.check(format!(
                "`{}` does not name a Python minor version; the build and the runtime now use Python {target}, the only distroless Python: rebuild and test your dependencies",
                root.raw
            )),
            (_, _) => self.check(format!(
                "Chainguard's `python:latest` follows the newest Python release{}: test the app on it",
                version.map(|v| format!(" (your image used {v})")).unwrap_or_default()
            )),
        }
        self.python_refusals()?;
        self.build_name = self.unique_build_name();
        // Every Python stage the image needs must run the runtime's Python on glibc.
        let builder = runtime.builder.unwrap_or("python:3.13-slim-trixie");
        let stages: Vec<usize> = a.needed.clone();
        for s in stages {
            if a.model.stages[s].from.is_none() || !matches!(a.model.stages[s].base, Base::Image(_)) {
                continue;
            }
            // Converted in place, the final stage gets the runtime image, not the builder.
            if !self.split && a.lineage.contains(&s) {
                continue;
            }
            let Some(image) = a.root_image_of(s) else { continue };
            if image.name() != "python" {
                continue;
            }
            if needs_python_rebase(image, a.model.stages[s].os, self.family) {
                let why = if a.model.stages[s].os == Os::Alpine {
                    "packages built on Alpine link musl, which the distroless image does not have, so the build must run on the Debian release and Python version of the runtime image"
                } else {
                    "the build must use the same Python version and C library as the runtime image, or compiled packages and the virtual environment will not load"
                };
                let why = if self.family == Family::Chainguard {
                    "the build must use the same Python as the Chainguard runtime; its `-dev` variant has pip and a shell"
                } else {
                    why
                };
                self.rebase(s, builder, why)?;
                if self.family == Family::Chainguard
                    && let Some(from) = a.model.stages[s].from
                {
                    self.change(Change::InsertAfter { instruction: from, lines: chainguard_root() });
                }
            }
        }
        self.python_venv()?;
        self.python_launch()?;
        Ok(())
    }

    fn python_refusals(&self) -> Result<(), Refusal> {
        let a = self.a;
        for (i, command) in a.commands_in(&a.needed) {
            if pip_install(command) && command.has_any_flag(&["--target", "--prefix", "--root", "-t"]) {
                return Err(self.refuse_at(
                    "`pip install --target/--prefix` puts packages where only a matching PYTHONPATH finds them: install into a virtual environment (`python -m venv /venv`) first, so the converter can copy it whole",
                    i,
                ));
            }
        }
        for i in a.instructions_of(&a.needed) {
            let instruction = a.instruction(i);
            if !matches!(instruction.kind, Kind::Copy) || instruction.flag("from").is_none() {
                continue;
            }
            let Args::Copy(copy) = &instruction.args else { continue };
            for source in copy.sources() {
                let v = &source.value;
                if v.contains("site-packages") || v.contains("dist-packages") {
                    return Err(self.refuse_at(
                        format!(
                            "the image copies Python packages by path (`{v}`), which is tied to one Python version and layout: install them into a virtual environment and copy that instead"
                        ),
                        i,
                    ));
                }
                let v_dir = v.trim_end_matches('/');
                if matches!(v_dir, "/usr/local" | "/usr/local/lib" | "/usr/lib") || v_dir.starts_with("/usr/lib/python")
                {
                    return Err(self.refuse_at(
                        format!(
                            "the image copies `{v}` from another stage, which holds a Python installation tied to that image: install the dependencies into a virtual environment and copy that instead"
                        ),
                        i,
                    ));
                }
                if v.contains("/.local") {
                    return Err(self.refuse_at(
                        format!(
                            "the image copies packages installed with `pip install --user` (`{v}`), which only that user's Python finds: install them into a virtual environment and copy that instead"
                        ),
                        i,
                    ));
                }
            }
        }
        Ok(())
    }

    /// Finds or creates the virtual environment the app's dependencies live in, and repairs it
    /// for the distroless interpreter.
    fn python_venv(&mut self) -> Result<(), Refusal> {
        let a = self.a;
        let user_venv = find_user_venv(a);
        let lineage_installs = a.commands_in(&a.lineage).iter().any(|(_, c)| python_install(c));
        let uses_uv_project =
            a.commands_in(&a.lineage).iter().any(|(_, c)| c.is("uv") && matches!(c.subcommand(), Some("sync" | "run")));
        let (venv, source_stage) = match user_venv {
            Some((path, stage)) => {
                self.note(format!(
                    "The app's virtual environment `{path}` carries its dependencies to the final stage"
                ));
                (Some(path), Some(stage))
            }
            None if lineage_installs => {
                if !self.split {
                    (None, None)
                } else {
                    let root_stage = a.lineage.first().copied().unwrap_or(a.final_stage);
                    let Some(from) = a.model.stages[root_stage].from else { return Ok(()) };
                    let mut env = vec!["ENV VIRTUAL_ENV=/venv \\".to_string(), "    PATH=/venv/bin:$PATH".to_string()];
                    if uses_uv_project {
                        env = vec![
                            "ENV VIRTUAL_ENV=/venv \\".to_string(),
                            "    UV_PROJECT_ENVIRONMENT=/venv \\".to_string(),
                            "    PATH=/venv/bin:$PATH".to_string(),
                        ];
                    }
                    let escape = a.file.escape;
                    let env: Vec<String> = env.into_iter().map(|l| l.replace('\\', &escape.to_string())).collect();
                    let mut lines = vec![
                        "# The dependencies go into a virtual environment, which the final stage copies whole."
                            .to_string(),
                        "RUN python -m venv /venv".to_string(),
                    ];
                    lines.extend(env);
                    self.change(Change::InsertAfter { instruction: from, lines });
                    self.note(
                        "Dependencies are installed into the virtual environment /venv (on PATH in both stages), so the final stage can copy them in one piece; pip, poetry, uv and pipenv all install into the active environment",
                    );
                    self.final_env =
                        vec![format!("ENV VIRTUAL_ENV=/venv {escape}"), "    PATH=/venv/bin:$PATH".to_string()];
                    (Some("/venv".to_string()), Some(a.final_stage))
                }
            }
            None => (None, None),
        };
        // Build tools installed with pip land in the environment the app ships with.
        if let Some(path) = &venv {
            let mut tools: Vec<String> = Vec::new();
            for (_, command) in a.commands_in(&a.needed) {
                if !pip_install(command) {
                    continue;
                }
                for word in command.positional() {
                    let name = word.value.split(['=', '<', '>', '[', '~', '!']).next().unwrap_or("").to_string();
                    if matches!(name.as_str(), "poetry" | "pipenv" | "uv" | "pdm" | "hatch") && !tools.contains(&name) {
                        tools.push(name);
                    }
                }
            }
            if !tools.is_empty() {
                let one = tools.len() == 1;
                self.check(format!(
                    "{} {} installed with pip into {path}, so {} and {} dependencies ship in the final image too: install {} with pipx, or into another environment, to leave {} in the build stage",
                    list(&tools),
                    if one { "is" } else { "are" },
                    if one { "it" } else { "they" },
                    if one { "its" } else { "their" },
                    if one { "it" } else { "them" },
                    if one { "it" } else { "them" },
                ));
            }
        }
        // `pip install --user` cannot install into a virtual environment.
        if venv.is_some() {
            for (i, command) in a.commands_in(&a.lineage) {
                if pip_install(command)
                    && let Some(word) = command.args().iter().find(|w| w.value == "--user")
                {
                    let end = next_non_space(a.source, word.range.end);
                    self.change(Change::ReplaceRange {
                        instruction: i,
                        range: TextRange::new(word.range.start, end),
                        text: String::new(),
                    });
                    self.note("`pip install --user` became `pip install`: a virtual environment has no user site");
                }
            }
        }
        if let (Some(path), Some(stage)) = (&venv, source_stage)
            && self.family == Family::Distroless
        {
            // The venv's `python` points at the build image's interpreter (/usr/local/bin);
            // distroless has Python at /usr/bin/python3.13. Split, the build stage holds the
            // venv the final stage copies; in place, the stage that made it does.
            let stage = if self.split { a.final_stage } else { stage };
            let escape = a.file.escape;
            let repair = vec![
                "# Point the virtual environment at the interpreter of the distroless image.".to_string(),
                format!("RUN ln -sf /usr/bin/python3.13 {path}/bin/python {escape}"),
                format!("    && ln -sf python {path}/bin/python3 && ln -sf python {path}/bin/python3.13 {escape}"),
                format!("    && sed -i 's|^home = .*|home = /usr/bin|' {path}/pyvenv.cfg"),
            ];
            if !self.split && self.used_by_other_stages(stage) {
                // Other stages build on that stage and need its Python working: the repair goes
                // into a stage of its own, which the final stage copies from.
                self.repair_in_own_stage(stage, path, repair)?;
            } else {
                self.late.push(Change::Append { stage, lines: repair });
                self.note(format!(
                    "The virtual environment's `python` links to the build image's interpreter; the last step of `{}` points it at /usr/bin/python3.13, where the distroless image keeps Python",
                    self.stage_label(stage)
                ));
            }
        }
        if self.split
            && let Some(path) = &venv
            && a.lineage.contains(&source_stage.unwrap_or(usize::MAX))
        {
            self.extra_artefacts.push(path.clone());
        }
        if self.split
            && let Some(path) = &venv
            && source_stage.is_some_and(|s| !a.lineage.contains(&s))
            && self.lineage_copies_from(path)
        {
            self.extra_artefacts.push(path.clone());
        }
        self.venv = venv;
        Ok(())
    }

    /// True when a stage other than the final one builds on `stage` or copies from it.
    fn used_by_other_stages(&self, stage: usize) -> bool {
        let a = self.a;
        a.model.stages.iter().filter(|s| s.index > stage && s.index != a.final_stage).any(|s| {
            matches!(s.base, Base::Stage(p) if p == stage)
                || s.instructions.clone().any(|i| {
                    a.instruction(i).effective().flags.iter().any(|f| {
                        let from = match f.name.as_str() {
                            "from" => f.value.as_deref(),
                            "mount" => f.value.as_deref().and_then(|v| crate::semantic::mount_option(v, "from")),
                            _ => None,
                        };
                        from.and_then(|n| a.model.stage_named(n, s.index)) == Some(stage)
                    })
                })
        })
    }

    /// Adds a stage that repairs the virtual environment of `stage`, just before the final
    /// stage, and points the final stage's COPY of the environment at it.
    fn repair_in_own_stage(&mut self, stage: usize, path: &str, repair: Vec<String>) -> Result<(), Refusal> {
        let a = self.a;
        let Some(from) = a.model.stages[stage].from else { return Ok(()) };
        let name = match &a.model.stages[stage].name {
            Some(name) => name.clone(),
            None => {
                let name = format!("stage-{stage}");
                self.change(Change::Name { from, name: name.clone() });
                name
            }
        };
        let repaired = {
            let taken = |n: &str| a.model.stages.iter().any(|s| s.name.as_deref() == Some(n));
            let base = format!("{name}-venv");
            if taken(&base) { format!("{base}-2") } else { base }
        };
        let copy = a.lineage_instructions().into_iter().find(|&i| {
            let instruction = a.instruction(i);
            instruction.kind == Kind::Copy
                && instruction
                    .flag("from")
                    .and_then(|f| f.value.as_deref())
                    .and_then(|v| a.model.stage_named(v, a.final_stage))
                    == Some(stage)
                && a.copy_destination(i).is_some_and(|d| d == path)
        });
        let Some(copy) = copy else {
            return Err(Refusal::new(
                format!(
                    "shipshape cannot find the COPY that brings the virtual environment `{path}` into the final stage"
                ),
                None,
            ));
        };
        let Some(value_range) = a.instruction(copy).flag("from").and_then(|f| f.value_range) else {
            return Ok(());
        };
        self.change(Change::ReplaceRange { instruction: copy, range: value_range, text: repaired.clone() });
        let mut lines = vec![String::new(), format!("FROM {name} AS {repaired}")];
        lines.extend(repair);
        self.late.push(Change::Append { stage: a.final_stage - 1, lines });
        self.note(format!(
            "The virtual environment's `python` links to the build image's interpreter; the stage `{repaired}` points it at /usr/bin/python3.13, where the distroless image keeps Python, and leaves `{name}` as it was for the stages built on it"
        ));
        Ok(())
    }

    /// True when the lineage copies `path` in from another stage.
    fn lineage_copies_from(&self, path: &str) -> bool {
        let a = self.a;
        a.lineage_instructions().into_iter().any(|i| {
            a.instruction(i).kind == Kind::Copy
                && a.instruction(i).flag("from").is_some()
                && a.copy_destination(i).is_some_and(|d| d == path)
        })
    }

    fn python_launch(&mut self) -> Result<(), Refusal> {
        let a = self.a;
        let runtime = self.runtime.ok_or_else(|| Refusal::new("no runtime", None))?;
        let image_entry: Vec<String> = runtime.entrypoint.iter().map(|s| s.to_string()).collect();
        let interpreter = match &self.venv {
            Some(v) => format!("{v}/bin/python3"),
            None => image_entry.first().cloned().unwrap_or_else(|| "/usr/bin/python3".into()),
        };
        self.probe = Probe::Python(interpreter.clone());
        let mut argv = a.launch.argv();
        let split = a.launch.split();
        let range = a.launch.instructions().last().map(|&i| a.instruction(i).range);
        let Some(first) = argv.first().cloned() else {
            return Err(Refusal::new("the image has no command", range));
        };
        let program = basename(&first).to_string();
        let mut split = split;
        if is_python_interpreter(&first) {
            argv[0] = interpreter.clone();
        } else if program.ends_with(".py") {
            argv.insert(0, interpreter.clone());
            split += usize::from(split > 0);
        } else {
            let Some(venv) = &self.venv else {
                return Err(Refusal::new(
                    format!(
                        "the image starts `{program}`, but shipshape finds no Python dependencies installed for it: start it with `python -m …` or install it with pip first"
                    ),
                    range,
                ));
            };
            if first.contains('/') && !is_under(&first, venv) && !is_under(&first, "/usr/local/bin") {
                return Err(Refusal::new(
                    format!("the image starts `{first}`, which shipshape cannot place in the virtual environment"),
                    range,
                ));
            }
            argv[0] = format!("{venv}/bin/{program}");
            if !PYTHON_PROGRAMS.contains(&program.as_str()) {
                self.check(format!(
                    "`{program}` is taken to be a console script installed into {venv} by pip: check that it is, since the runtime image has no other programs"
                ));
            }
        }
        if self.family == Family::Chainguard {
            // The table's Chainguard entrypoints come from secondary sources: name the
            // interpreter in ENTRYPOINT instead of relying on the image's.
            self.launch = adapt_launch(&argv, split.max(1), &[]);
        } else {
            self.launch = adapt_launch(&argv, split, &image_entry);
        }
        if self.launch.entrypoint.is_some() && self.venv.is_some() {
            self.note(format!(
                "The entrypoint of `{}` is {}, which does not see the packages in {}: ENTRYPOINT runs the virtual environment's {} instead, and CMD holds its arguments",
                self.runtime_name(),
                image_entry.first().cloned().unwrap_or_default(),
                self.venv.clone().unwrap_or_default(),
                if is_python_interpreter(&argv[0]) { "interpreter".to_string() } else { format!("`{program}`") }
            ));
        } else if self.launch.entrypoint.is_none() {
            self.note(format!(
                "`{}` already runs the interpreter as its ENTRYPOINT; CMD names only what it runs",
                self.runtime_name()
            ));
        }
        Ok(())
    }

    fn unique_build_name(&self) -> String {
        let a = self.a;
        let final_name = a.model.stages[a.final_stage].name.clone();
        let base = match &final_name {
            Some(name) => format!("{name}-build"),
            None => "build".to_string(),
        };
        let taken = |n: &str| a.model.stages.iter().any(|s| s.name.as_deref() == Some(n));
        if !taken(&base) {
            return base;
        }
        (2..).map(|k| format!("{base}-{k}")).find(|n| !taken(n)).unwrap_or(base)
    }

    // ----- Node -----

    fn node(&mut self) -> Result<(), Refusal> {
        let a = self.a;
        let root = a.root_image.clone().unwrap_or_default();
        let root_stage = a.lineage.first().copied().unwrap_or(a.final_stage);
        let from_range = a.model.stages[root_stage].from.map(|f| a.instruction(f).range);
        if root.name() != "node" || root.registry_host() != "docker.io" {
            return Err(Refusal::new(
                format!(
                    "the app starts from `{}`, not from the official `node` image: shipshape cannot tell which Node version and C library it has",
                    root.raw
                ),
                from_range,
            ));
        }
        let tag = root.tag_or_latest().to_ascii_lowercase();
        let version = analyze::tag_version(&tag);
        // The LTS codenames name a major; `latest`, `current` and variant-only tags (`alpine`)
        // follow the newest release.
        let codename = [("hydrogen", 18), ("iron", 20), ("jod", 22), ("krypton", 24)]
            .into_iter()
            .find(|(name, _)| tag.starts_with(name))
            .map(|(_, major)| major);
        let lts = tag.starts_with("lts").then_some(24);
        let major = version.as_deref().and_then(|v| analyze::major_minor(v).0).or(codename).or(lts);
        let guessed = version.is_none() && codename.is_none();
        let major = major.or(Some(26));
        if major.is_some_and(|m| m < 18) {
            return Err(Refusal::new(
                format!(
                    "the app runs on Node {}, which reached its end of life and is far from the oldest distroless Node (22): upgrade the app first",
                    major.unwrap_or_default()
                ),
                from_range,
            ));
        }
        let target = match major {
            Some(m) if m <= 22 => 22,
            Some(m) if m <= 24 => 24,
            Some(m) if m <= 26 => 26,
            Some(m) => {
                return Err(Refusal::new(
                    format!("the app runs on Node {m}, newer than the newest distroless Node (26)"),
                    from_range,
                ));
            }
            None => 24,
        };
        let runtime = match self.family {
            Family::Chainguard => images::runtime(Family::Chainguard, "node"),
            _ => images::runtime(Family::Distroless, &format!("nodejs{target}-debian13")),
        };
        let runtime = runtime.ok_or_else(|| Refusal::new("the image table has no Node runtime", None))?;
        self.runtime = Some(runtime);
        match (self.family, major) {
            (Family::Distroless, _) if guessed => self.check(format!(
                "`{}` does not name a Node version; it stands for Node {target} today, and the build and the runtime now use Node {target}: test the app on it",
                root.raw
            )),
            (Family::Distroless, Some(m)) if m != target => self.check(format!(
                "Node {m} → {target}: distroless ships only the even (LTS) Node lines 22, 24 and 26, and native addons are built per Node major; rebuild and test the app on Node {target}, or keep a `node:{m}-slim` runtime if you cannot move yet"
            )),
            (Family::Chainguard, _) => {
                self.check("Chainguard's `node:latest` follows the newest Node release: test the app on it")
            }
            _ => {}
        }
        self.build_name = self.unique_build_name();
        let builder = runtime.builder.map(str::to_string).unwrap_or_else(|| format!("node:{target}-trixie-slim"));
        for s in a.needed.clone() {
            if !matches!(a.model.stages[s].base, Base::Image(_)) || (!self.split && a.lineage.contains(&s)) {
                continue;
            }
            let Some(image) = a.root_image_of(s) else { continue };
            if image.name() != "node" {
                continue;
            }
            let os = a.model.stages[s].os;
            let same_major =
                analyze::tag_version(image.tag_or_latest()).and_then(|v| analyze::major_minor(&v).0) == Some(target);
            let rebase = match self.family {
                Family::Chainguard => true,
                _ => os == Os::Alpine || !same_major || image_is_newer_than_trixie(image),
            };
            if rebase {
                let why = if self.family == Family::Chainguard {
                    "node_modules must be built by the same Node as the Chainguard runtime"
                } else if os == Os::Alpine {
                    "native addons built on Alpine link musl, which the distroless image does not have, so the build runs on Debian with the runtime's Node major"
                } else {
                    "the build must use the runtime's Node major, because native addons are built for one"
                };
                self.rebase(s, &builder, why)?;
                if self.family == Family::Chainguard
                    && let Some(from) = a.model.stages[s].from
                {
                    self.change(Change::InsertAfter { instruction: from, lines: chainguard_root() });
                }
            }
        }
        // Production dependencies only?
        let prunes = a.commands_in(&a.needed).iter().any(|(_, c)| {
            c.has_long_flag("omit") && c.flag_value(&["--omit"]) == Some("dev")
                || c.has_long_flag("production")
                || (c.is_any(&["npm", "pnpm"]) && c.subcommand() == Some("prune"))
                || (c.is("yarn") && c.subcommand() == Some("workspaces"))
                || c.has_long_flag("prod")
        }) || a.model.variable(a.file.instructions.len().saturating_sub(1), "NODE_ENV").as_deref()
            == Some("production");
        let prune = if a.tools.contains(&"pnpm") {
            Some("pnpm prune --prod")
        } else if a.tools.contains(&"yarn") {
            Some("yarn install --production --frozen-lockfile")
        } else if a.tools.contains(&"npm") {
            Some("npm prune --omit=dev")
        } else {
            None
        };
        if let Some(prune) = prune.filter(|_| !prunes) {
            self.check(format!(
                "node_modules may include devDependencies: add `RUN {prune}` at the end of the build stage (after any build step) to ship only what runs"
            ));
        }
        let image_entry: Vec<String> = runtime.entrypoint.iter().map(|s| s.to_string()).collect();
        self.probe = Probe::Node(image_entry.first().cloned().unwrap_or_else(|| "/nodejs/bin/node".into()));
        let mut argv = a.launch.argv();
        let mut split = a.launch.split();
        let Some(first) = argv.first().cloned() else { return Ok(()) };
        if matches!(basename(&first), "node" | "nodejs") {
            argv[0] = image_entry.first().cloned().unwrap_or_else(|| "/nodejs/bin/node".into());
        } else {
            argv.insert(0, image_entry.first().cloned().unwrap_or_else(|| "/nodejs/bin/node".into()));
            split += usize::from(split > 0);
        }
        if self.family == Family::Chainguard {
            self.launch = adapt_launch(&argv, split.max(1), &[]);
        } else {
            self.launch = adapt_launch(&argv, split, &image_entry);
        }
        if self.launch.entrypoint.is_none() {
            self.note(format!(
                "`{}` already runs `node` as its ENTRYPOINT; CMD names only the script",
                self.runtime_name()
            ));
        }
        Ok(())
    }

    // ----- Go, Rust, static binaries -----

    fn go(&mut self) -> Result<(), Refusal> {
        let a = self.a;
        let mut cgo = false;
        let mut builders = Vec::new();
        for (i, command) in a.commands_in(&a.needed) {
            if !(command.is("go") && matches!(command.subcommand(), Some("build" | "install"))) {
                continue;
            }
            let stage = a.model.stage_of[i].unwrap_or(a.final_stage);
            match a.sets_variable(i, Some(command), "CGO_ENABLED").as_deref() {
                Some("1") => cgo = true,
                Some(_) => {}
                None => {
                    if !builders.contains(&stage) {
                        builders.push(stage);
                    }
                }
            }
        }
        if cgo {
            for (i, command) in a.commands_in(&a.needed) {
                if command.is("go") && a.model.stages[a.model.stage_of[i].unwrap_or(0)].os == Os::Alpine {
                    return Err(self.refuse_at(
                        "the Go build uses cgo (CGO_ENABLED=1) on Alpine, so the binary links musl, which distroless does not have: build with CGO_ENABLED=0, or on a Debian golang image",
                        i,
                    ));
                }
            }
        }
        let name = if cgo { "base-debian13" } else { "static-debian13" };
        let runtime = match (self.family, cgo) {
            (Family::Chainguard, false) => images::runtime(Family::Chainguard, "static"),
            (Family::Chainguard, true) => images::runtime(Family::Chainguard, "glibc-dynamic"),
            _ => images::runtime(Family::Distroless, name),
        };
        self.runtime = runtime;
        if cgo {
            self.note(format!(
                "The Go build enables cgo, so the binary needs glibc: the runtime is `{}`",
                runtime.map(|r| r.reference()).unwrap_or_default()
            ));
        }
        let builds = a
            .commands_in(&a.needed)
            .iter()
            .any(|(_, c)| c.is("go") && matches!(c.subcommand(), Some("build" | "install")));
        if !builds {
            self.check(
                "The Go program is not built in this Dockerfile: check that it was built with CGO_ENABLED=0 (a static binary), because the `static` image has no C library",
            );
        }
        for stage in builders {
            let Some(from) = a.model.stages[stage].from else { continue };
            self.change(Change::InsertAfter {
                instruction: from,
                lines: vec![
                    "# A static binary needs no C library: the runtime image has none.".to_string(),
                    "ENV CGO_ENABLED=0".to_string(),
                ],
            });
            let label = self.stage_label_for_split(stage);
            self.note(format!(
                "`CGO_ENABLED=0` in `{label}` makes `go build` produce a static binary, which runs on `static` without a C library"
            ));
        }
        self.binary_launch()
    }

    fn stage_label_for_split(&mut self, stage: usize) -> String {
        if self.build_name.is_empty() {
            self.build_name = self.unique_build_name();
        }
        self.stage_label(stage)
    }

    fn rust(&mut self) -> Result<(), Refusal> {
        let a = self.a;
        let mut musl = false;
        let mut builder_os = Os::Unknown;
        let mut builder_image: Option<ImageRef> = None;
        for (i, command) in a.commands_in(&a.needed) {
            if !(command.is("cargo") && matches!(command.subcommand(), Some("build" | "install"))) {
                continue;
            }
            let stage = a.model.stage_of[i].unwrap_or(a.final_stage);
            builder_os = a.model.stages[stage].os;
            builder_image = a.root_image_of(stage).cloned();
            if builder_os == Os::Alpine || command.flag_value(&["--target"]).is_some_and(|t| t.contains("musl")) {
                musl = true;
                let flags = a.sets_variable(i, Some(command), "RUSTFLAGS").unwrap_or_default();
                if flags.contains("-crt-static") {
                    return Err(self.refuse_at(
                        "the Rust build links musl dynamically (`-C target-feature=-crt-static`), and the runtime images have no musl: build a static binary, or build on a Debian rust image",
                        i,
                    ));
                }
            }
        }
        self.build_name = self.unique_build_name();
        if musl {
            self.runtime = match self.family {
                Family::Chainguard => images::runtime(Family::Chainguard, "static"),
                _ => images::runtime(Family::Distroless, "static-debian13"),
            };
            self.check(
                "The Rust build targets musl, whose binaries are statically linked by default, so the runtime is `static`: check with `ldd` that the binary has no dynamic dependencies (a crate linking a system library makes it dynamic)",
            );
        } else {
            if builder_image.as_ref().is_some_and(image_is_newer_than_trixie) {
                return Err(Refusal::new(
                    "the Rust build runs on a Debian newer than the distroless cc image (Debian 13): its binary would need a newer glibc than the runtime has",
                    None,
                ));
            }
            self.runtime = match self.family {
                Family::Chainguard => images::runtime(Family::Chainguard, "glibc-dynamic"),
                _ => images::runtime(Family::Distroless, "cc-debian13"),
            };
            let codename = builder_image.as_ref().and_then(debian_codename);
            match codename {
                Some(c) => self.note(format!(
                    "The binary is built on Debian {c} and runs on `cc-debian13`, which has glibc and libgcc_s (for unwinding); a binary built on a Debian release at or before the runtime's finds the glibc it needs"
                )),
                None => self.check(format!(
                    "The Rust builder `{}` does not name its Debian release; the runtime is `cc-debian13` (Debian 13, glibc 2.41). Pin the builder to `-trixie` (or older) so a newer default release cannot produce a binary that needs a newer glibc",
                    builder_image.as_ref().map(|i| i.raw.clone()).unwrap_or_else(|| "image".into())
                )),
            }
            if builder_os == Os::Unknown {
                self.check(
                    "shipshape could not tell which C library the Rust build uses: check that the binary runs on glibc",
                );
            }
        }
        self.binary_launch()
    }

    fn static_binary(&mut self) -> Result<(), Refusal> {
        self.runtime = match self.family {
            Family::Chainguard => images::runtime(Family::Chainguard, "static"),
            _ => images::runtime(Family::Distroless, "static-debian13"),
        };
        self.note(
            "The image ran a binary on `scratch`, so the binary is static: `static` runs it and adds CA certificates, time zone data and a `nonroot` user",
        );
        self.binary_launch()
    }

    /// For compiled programs: find where the binary is, copy only it, keep the command.
    fn binary_launch(&mut self) -> Result<(), Refusal> {
        let a = self.a;
        if self.build_name.is_empty() {
            self.build_name = self.unique_build_name();
        }
        let argv = a.launch.argv();
        let split = a.launch.split();
        let Some(first) = argv.first().cloned() else {
            return Err(Refusal::new("the image has no command", None));
        };
        self.copy_app_dirs = false;
        if self.split {
            let path = self.locate_binary(&first)?;
            self.note(format!(
                "The final stage copies only the binary `{path}`; if the program reads files at run time (templates, static files, configuration), copy those too"
            ));
            self.extra_artefacts.push(path.clone());
            let mut argv = argv;
            if !first.contains('/') {
                argv[0] = path;
            }
            self.launch = adapt_launch(&argv, split, &[]);
        } else {
            let mut argv = argv;
            if !first.contains('/') {
                // A bare name was found through the old image's PATH.
                let path = self.locate_binary(&first)?;
                argv[0] = path;
            }
            self.launch = adapt_launch(&argv, split, &[]);
        }
        Ok(())
    }

    /// The absolute path of the program the image runs.
    fn locate_binary(&self, program: &str) -> Result<String, Refusal> {
        let a = self.a;
        let command_at = a.launch.instructions().last().copied().unwrap_or(0);
        let workdir = a.workdir_at(command_at).unwrap_or_else(|| "/".into());
        if program.contains('/') {
            return Ok(join(&workdir, program));
        }
        // `go build -o`, `cargo build` output, `go install` / `cargo install` locations.
        for (i, command) in a.commands_in(&a.lineage) {
            if let Some(out) = command.flag_value(&["-o", "--output"])
                && basename(out) == program
                && !out.contains('$')
            {
                let dir = a.workdir_at(i).unwrap_or_else(|| "/".into());
                let path = join(&dir, out);
                return Ok(if out.ends_with('/') { join(&path, program) } else { path });
            }
            if command.is("go") && command.subcommand() == Some("install") {
                let gobin = a.sets_variable(i, Some(command), "GOBIN").unwrap_or_else(|| "/go/bin".into());
                return Ok(join(&gobin, program));
            }
            if command.is("cargo") && command.subcommand() == Some("install") {
                return Ok(format!("/usr/local/cargo/bin/{program}"));
            }
        }
        for i in a.lineage_instructions() {
            if matches!(a.instruction(i).kind, Kind::Copy | Kind::Add)
                && let Some(dest) = a.copy_destination(i)
            {
                let Args::Copy(copy) = &a.instruction(i).args else { continue };
                let dest_is_dir =
                    copy.destination().is_some_and(|d| d.value.ends_with('/')) || copy.sources().len() > 1;
                if basename(&dest) == program && !dest_is_dir {
                    return Ok(dest);
                }
                if copy.sources().iter().any(|s| basename(s.value.trim_end_matches('/')) == program) {
                    return Ok(if dest_is_dir || dest.ends_with('/') || basename(&dest) != program {
                        join(&dest, program)
                    } else {
                        dest
                    });
                }
            }
        }
        Err(Refusal::new(
            format!(
                "the image starts `{program}` through PATH, and shipshape cannot tell where the build put it: start it by its absolute path first"
            ),
            a.launch.instructions().last().map(|&i| a.instruction(i).range),
        ))
    }

    // ----- Java -----

    fn java(&mut self) -> Result<(), Refusal> {
        let a = self.a;
        let range = a.launch.instructions().last().map(|&i| a.instruction(i).range);
        let lineage_version = a.root_image.as_ref().and_then(analyze::java_version);
        let builder_version =
            a.needed.iter().filter_map(|&s| a.root_image_of(s)).filter_map(analyze::java_version).max();
        let version = lineage_version.or(builder_version);
        let target = match version {
            Some(v) if v < 17 => {
                return Err(Refusal::new(
                    format!("the app runs on Java {v}, and the oldest distroless Java is 17: upgrade the app first"),
                    range,
                ));
            }
            Some(v) if v <= 17 => 17,
            Some(v) if v <= 21 => 21,
            Some(v) if v <= 25 => 25,
            Some(v) => {
                return Err(Refusal::new(
                    format!("the app runs on Java {v}, newer than the newest distroless Java (25)"),
                    range,
                ));
            }
            None => 21,
        };
        match version {
            Some(v) if v != target => self.check(format!(
                "Java {v} → {target}: distroless ships the LTS releases 17, 21 and 25; test the app on Java {target}, or keep an `eclipse-temurin:{v}-jre` runtime if you cannot move yet"
            )),
            None => self.check(format!(
                "shipshape could not read the Java version from the images; the runtime is Java {target}: check that the app runs on it"
            )),
            _ => {}
        }
        self.runtime = match self.family {
            Family::Chainguard => images::runtime(Family::Chainguard, "jre"),
            _ => images::runtime(Family::Distroless, &format!("java{target}-debian13")),
        };
        self.build_name = self.unique_build_name();
        self.copy_app_dirs = false;
        let argv = a.launch.argv();
        let Some(jar_at) = argv.iter().position(|w| w == "-jar") else {
            return Err(Refusal::new(
                "the image starts Java with a class path and a main class; shipshape converts apps started with `java -jar app.jar`",
                range,
            ));
        };
        let Some(jar) = argv.get(jar_at + 1).cloned() else {
            return Err(Refusal::new("`java -jar` has no jar", range));
        };
        let options: Vec<String> = argv[1..jar_at].to_vec();
        let args: Vec<String> = argv[jar_at + 2..].to_vec();
        if self.split {
            let command_at = a.launch.instructions().last().copied().unwrap_or(0);
            let workdir = a.workdir_at(command_at).unwrap_or_else(|| "/".into());
            let path = join(&workdir, &jar);
            self.note(format!("The final stage copies only the jar `{path}`"));
            self.extra_artefacts.push(path);
        }
        let runtime = self.runtime.ok_or_else(|| Refusal::new("no Java runtime", None))?;
        let mut launch = NewLaunch::default();
        if runtime.family == Family::Distroless {
            if !options.is_empty() && options.iter().all(|o| !o.contains(' ') && !o.contains('"')) {
                launch.env.push(format!("ENV JAVA_TOOL_OPTIONS=\"{}\"", options.join(" ")));
                self.note(format!(
                    "The JVM options {} moved to JAVA_TOOL_OPTIONS: the distroless Java image's ENTRYPOINT is `java -jar`, so CMD holds only the jar",
                    options.iter().map(|o| format!("`{o}`")).collect::<Vec<_>>().join(" ")
                ));
                let mut cmd = vec![jar];
                cmd.extend(args);
                launch.cmd = Some(cmd);
            } else if options.is_empty() {
                let mut cmd = vec![jar];
                cmd.extend(args);
                launch.cmd = Some(cmd);
                self.note("The distroless Java image already runs `java -jar` (ENTRYPOINT); CMD names only the jar");
            } else {
                let mut entry = vec!["/usr/bin/java".to_string()];
                entry.extend(options);
                entry.push("-jar".into());
                entry.push(jar);
                launch.entrypoint = Some(entry);
                if !args.is_empty() {
                    launch.cmd = Some(args);
                }
            }
        } else {
            let mut entry = vec![runtime.entrypoint.first().copied().unwrap_or("/usr/bin/java").to_string()];
            entry.extend(options);
            entry.push("-jar".into());
            entry.push(jar);
            launch.entrypoint = Some(entry);
            if !args.is_empty() {
                launch.cmd = Some(args);
            }
        }
        self.launch = launch;
        Ok(())
    }

    // ----- Static web sites -----

    fn static_web(&mut self) -> Result<(), Refusal> {
        let a = self.a;
        let from = a.model.stages[a.final_stage].from.map(|f| a.instruction(f).range);
        let copies =
            a.lineage_instructions().into_iter().any(|i| matches!(a.instruction(i).kind, Kind::Copy | Kind::Add));
        if !copies {
            return Err(Refusal::new(
                "the nginx image copies no site or configuration in: it is a base image, and shipshape converts images that serve something",
                from,
            ));
        }
        let installs: Vec<String> = analyze::installed_packages(a, &a.lineage)
            .into_iter()
            .filter(|p| !packages::is_build_only(p) && !packages::is_in_distroless(p))
            .collect();
        if !installs.is_empty() {
            return Err(Refusal::new(
                format!(
                    "the nginx image installs {} with its package manager, which a static site on Chainguard's nginx cannot have: it is more than a static site",
                    list(&installs)
                ),
                from,
            ));
        }
        self.runtime = images::runtime(Family::Chainguard, "nginx");
        self.build_name = self.unique_build_name();
        self.copy_app_dirs = true;
        if self.options.runtime == RuntimeFamily::Distroless {
            self.note(
                "distroless has no web server image: the site is served by Chainguard's nginx (`cgr.dev/chainguard/nginx`), which has no shell or package manager and runs as nonroot (uid 65532)",
            );
        }
        self.check(
            "Chainguard's nginx runs as nonroot with its own configuration: check the port it listens on (its default server listens on 8080), and that a custom nginx.conf needs no root (no `user` directive, pid and temp files in writable paths)",
        );
        self.launch = NewLaunch::default();
        Ok(())
    }

    // ----- Health checks -----

    fn health(&mut self) -> Health {
        let a = self.a;
        let instructions = a.lineage_instructions();
        let original = instructions.iter().rev().copied().find(|&i| a.instruction(i).kind == Kind::Healthcheck);
        let program = a.launch.program();
        if let Some(hc) = original {
            let Args::Healthcheck(args) = &a.instruction(hc).args else { return Health::Keep(hc) };
            if args.is_none() {
                return Health::Keep(hc);
            }
            let flags: String =
                a.instruction(hc).flags.iter().map(|f| a.text(f.range).to_string()).collect::<Vec<_>>().join(" ");
            let flags = if flags.is_empty() { DEFAULT_HEALTH_FLAGS.to_string() } else { flags };
            let words: Vec<String> = match &args.command {
                Some(Command::Exec(exec)) => exec.elements.iter().map(|e| e.value.clone()).collect(),
                Some(Command::Shell(shell)) => shell.text.split_whitespace().map(str::to_string).collect(),
                None => Vec::new(),
            };
            let shell_form = matches!(args.command, Some(Command::Shell(_)));
            // A check that runs the app's own binary in exec form works as it is.
            if !shell_form
                && let (Some(first), Some(program)) = (words.first(), &program)
                && (first == program || basename(first) == basename(program))
                && matches!(self.a.stack, Stack::Go | Stack::Rust | Stack::StaticBinary)
            {
                return Health::Keep(hc);
            }
            let url = words
                .iter()
                .find(|w| w.starts_with("http://") || w.starts_with("https://"))
                .map(|w| w.trim_matches(['"', '\'']).to_string());
            let original_text = a.text(a.instruction(hc).args_range).trim().to_string();
            if let Some(url) = url
                && let Some(line) = self.probe_line(&flags, &url)
            {
                self.note(format!(
                    "HEALTHCHECK: `{original_text}` needs tools the runtime image does not have; the check now requests {url} with the runtime's own {}",
                    self.probe_name()
                ));
                return Health::Write { line, original: Some(hc), comment: None };
            }
            self.check(format!(
                "HEALTHCHECK `{original_text}` cannot run without a shell, curl or wget, and was replaced by `HEALTHCHECK NONE`: give the app a health sub-command (`HEALTHCHECK CMD [\"/app\", \"health\"]`) or rely on your orchestrator's probes"
            ));
            return Health::Write {
                line: "HEALTHCHECK NONE".into(),
                original: Some(hc),
                comment: Some(
                    "# No shell, curl or wget here to run the old check: add one the app itself provides.".into(),
                ),
            };
        }
        let argv = a.launch.argv();
        let port = instructions
            .iter()
            .rev()
            .find_map(|&i| exposed_port(a, i))
            .or_else(|| port_from_args(&argv))
            .or_else(|| default_port(&argv));
        let server = is_server(&a.launch.argv());
        if port.is_none() && !server {
            return Health::Absent;
        }
        if let Some(port) = port
            && let Some(line) = self.probe_line(DEFAULT_HEALTH_FLAGS, &format!("http://127.0.0.1:{port}/"))
        {
            self.check(format!(
                "The new HEALTHCHECK requests http://127.0.0.1:{port}/ with the runtime's {}: point it at the app's health endpoint if it has one",
                self.probe_name()
            ));
            return Health::Write { line, original: None, comment: None };
        }
        let why = match self.probe {
            Probe::None => "the runtime image has no shell, curl or wget to probe it with",
            _ => "shipshape found no port to probe",
        };
        self.check(format!(
            "The app serves requests, and {why}: the image declares `HEALTHCHECK NONE`; give the app a health sub-command (`HEALTHCHECK CMD [\"/app\", \"health\"]`) or rely on your orchestrator's probes"
        ));
        Health::Write {
            line: "HEALTHCHECK NONE".into(),
            original: None,
            comment: Some("# No shell, curl or wget to probe with: add a check the app itself provides.".into()),
        }
    }

    fn probe_name(&self) -> &'static str {
        match self.probe {
            Probe::Python(_) => "Python (urllib)",
            Probe::Node(_) => "Node (http)",
            Probe::None => "tools",
        }
    }

    fn probe_line(&self, flags: &str, url: &str) -> Option<String> {
        let url = url.replace('\'', "%27");
        let argv: Vec<String> = match &self.probe {
            Probe::Python(exe) => vec![
                exe.clone(),
                "-c".into(),
                format!("import urllib.request; urllib.request.urlopen('{url}', timeout=3)"),
            ],
            Probe::Node(exe) => {
                let module = if url.starts_with("https:") { "https" } else { "http" };
                vec![
                    exe.clone(),
                    "-e".into(),
                    format!(
                        "require('{module}').get('{url}', r => process.exit(r.statusCode < 400 ? 0 : 1)).on('error', () => process.exit(1))"
                    ),
                ]
            }
            Probe::None => return None,
        };
        Some(format!("HEALTHCHECK {flags} CMD {}", exec_form(&argv)))
    }

    // ----- Ownership -----

    /// Paths the app's user owned in the original (COPY --chown, chown, VOLUME): the app
    /// probably writes there.
    fn owned_paths(&self) -> Vec<String> {
        let a = self.a;
        let mut owned = Vec::new();
        for i in a.lineage_instructions() {
            let instruction = a.instruction(i);
            match instruction.kind {
                Kind::Copy | Kind::Add => {
                    if instruction.flag("chown").and_then(|f| f.value.as_deref()).is_some_and(is_non_root_owner)
                        && let Some(dest) = a.copy_destination(i)
                    {
                        owned.push(dest);
                    }
                }
                Kind::Volume => owned.extend(volume_paths(a, i)),
                Kind::Run => {
                    let dir = a.workdir_at(i).unwrap_or_else(|| "/".into());
                    for command in a.commands(i) {
                        if let Some((owner, paths)) = chown_of(command)
                            && is_non_root_owner(&owner)
                        {
                            owned.extend(paths.iter().filter(|p| !p.contains(['$', '*'])).map(|p| join(&dir, p)));
                        }
                    }
                }
                _ => {}
            }
        }
        owned.retain(|p| p != "/");
        owned.sort();
        owned.dedup();
        owned
    }

    // ----- The final stage, split -----

    fn split_stage(&mut self, health: Health) -> Result<(), Refusal> {
        let a = self.a;
        let runtime = self.runtime.ok_or_else(|| Refusal::new("no runtime", None))?;
        if self.build_name.is_empty() {
            self.build_name = self.unique_build_name();
        }
        let last = self.last_stage_instructions();
        let final_from = a.model.stages[a.final_stage].from.unwrap_or(last.start);
        let final_name = a.model.stages[a.final_stage].name.clone();
        // The build stage: the original final stage, renamed if it had a name.
        match &final_name {
            Some(_) => {
                let Args::From(args) = &a.instruction(final_from).args else { return Ok(()) };
                if let Some(name) = &args.name {
                    self.changes.push(Change::ReplaceRange {
                        instruction: final_from,
                        range: name.range,
                        text: self.build_name.clone(),
                    });
                }
            }
            None => self.changes.push(Change::Name { from: final_from, name: self.build_name.clone() }),
        }
        // Only root builds: drop USER from the build stages (the final stage sets its own).
        let mut user_comments = Vec::new();
        for i in a.lineage_instructions() {
            if a.instruction(i).kind == Kind::User && !self.touched.contains(&i) {
                let moving = last.contains(&i);
                if moving {
                    user_comments.push(i);
                }
                self.change(Change::Delete { instruction: i, with_leading_comments: moving });
            }
        }
        let original_users: Vec<String> = a
            .lineage_instructions()
            .into_iter()
            .filter_map(|i| match &a.instruction(i).args {
                Args::Text(w) if a.instruction(i).kind == Kind::User => Some(w.value.clone()),
                _ => None,
            })
            .collect();
        let mut items: Vec<Item> = Vec::new();
        let mut carried_text = String::new();
        // LABEL, MAINTAINER, ENV and ARG, in their order.
        let mut envs = Vec::new();
        let mut labels = Vec::new();
        for i in a.lineage_instructions() {
            let instruction = a.instruction(i);
            let moving = last.contains(&i);
            match instruction.kind {
                Kind::Label => {
                    if moving {
                        self.change(Change::Delete { instruction: i, with_leading_comments: true });
                    }
                    labels.push(Item::Carry { instruction: i, comments: true });
                    carried_text.push_str(a.text(instruction.range));
                }
                Kind::Maintainer => {
                    if moving {
                        self.change(Change::Delete { instruction: i, with_leading_comments: true });
                    }
                    if let Args::Text(w) = &instruction.args {
                        labels.push(Item::Text {
                            lines: vec![format!("LABEL maintainer={}", quote(&w.value))],
                            comments_of: vec![i],
                        });
                        self.note("MAINTAINER, deprecated, became `LABEL maintainer=…`");
                    }
                }
                Kind::Env => {
                    envs.push(Item::Carry { instruction: i, comments: true });
                    carried_text.push_str(a.text(instruction.range));
                }
                _ => {}
            }
        }
        if !self.final_env.is_empty() {
            envs.push(Item::Text { lines: self.final_env.clone(), comments_of: Vec::new() });
        }
        for env in &self.launch.env {
            envs.push(Item::Text { lines: vec![env.clone()], comments_of: Vec::new() });
        }
        // WORKDIR: the one in effect when the image starts.
        let command_at = a.launch.instructions().last().copied().unwrap_or(last.end.saturating_sub(1));
        let workdir = a
            .workdir_at(command_at.max(last.end.saturating_sub(1)) + 1)
            .or_else(|| a.workdir_at(last.end.saturating_sub(1)));
        let last_workdir = a.lineage_instructions().into_iter().rev().find(|&i| a.instruction(i).kind == Kind::Workdir);
        let workdir_item = match (&workdir, last_workdir) {
            (_, None) if self.needs_root_workdir() => {
                self.note(
                    "The original set no WORKDIR, so it ran in `/`; `WORKDIR /` keeps relative paths working, because the nonroot images start in /home/nonroot",
                );
                Some(Item::Text { lines: vec!["WORKDIR /".into()], comments_of: Vec::new() })
            }
            (Some(dir), Some(w)) if dir != "/" => {
                let text = a.text(a.instruction(w).args_range).trim().to_string();
                if text.contains('$') || !text.starts_with('/') {
                    carried_text.push_str(&text);
                    Some(Item::Text { lines: vec![format!("WORKDIR {dir}")], comments_of: Vec::new() })
                } else {
                    Some(Item::Carry { instruction: w, comments: false })
                }
            }
            _ => None,
        };
        // ARGs the carried instructions use.
        let mut args_items = Vec::new();
        for i in a.lineage_instructions() {
            if a.instruction(i).kind != Kind::Arg {
                continue;
            }
            let Args::Pairs(pairs) = &a.instruction(i).args else { continue };
            if pairs.iter().any(|p| uses_variable(&carried_text, &p.key.value)) {
                args_items.push(Item::Carry { instruction: i, comments: true });
            }
        }
        items.extend(args_items);
        items.extend(labels);
        items.extend(envs);
        if let Some(item) = workdir_item {
            items.push(item);
        }
        // What to copy.
        let artefacts = self.artefacts(workdir.as_deref())?;
        let from_stage = self.build_name.clone();
        let mut copy_lines = Vec::new();
        for artefact in &artefacts {
            let chown = if artefact.owned { format!(" --chown={NONROOT}") } else { String::new() };
            copy_lines.push(format!("COPY --from={from_stage}{chown} {} {}", artefact.path, artefact.path));
        }
        if copy_lines.is_empty() {
            return Err(Refusal::new("shipshape found nothing to copy into the final image", None));
        }
        let owned: Vec<&str> = artefacts.iter().filter(|x| x.owned).map(|x| x.path.as_str()).collect();
        if !owned.is_empty() {
            self.note(format!(
                "{} {} copied owned by 65532 because the original gave {} to its app user; everything else is owned by root and read-only for the app",
                list(&owned.iter().map(|s| s.to_string()).collect::<Vec<_>>()),
                if owned.len() == 1 { "is" } else { "are" },
                if owned.len() == 1 { "it" } else { "them" }
            ));
        } else if self.copy_app_dirs
            && a.stack != Stack::StaticWeb
            && artefacts.iter().any(|x| !self.extra_artefacts.contains(&x.path))
        {
            self.check(
                "The app's files are owned by root and read-only for uid 65532: if the app writes to a directory (uploads, a SQLite file, caches), copy that directory with `--chown=65532:65532`",
            );
        }
        items.push(Item::Text { lines: copy_lines, comments_of: Vec::new() });
        items.push(Item::Text { lines: vec![format!("USER {NONROOT}")], comments_of: user_comments });
        self.user_note(&original_users);
        // EXPOSE, VOLUME, STOPSIGNAL move.
        for i in a.lineage_instructions() {
            let kind = a.instruction(i).kind;
            if matches!(kind, Kind::Expose | Kind::Volume | Kind::Stopsignal) {
                if last.contains(&i) {
                    self.change(Change::Delete { instruction: i, with_leading_comments: true });
                }
                items.push(Item::Carry { instruction: i, comments: true });
            }
            if kind == Kind::Shell && last.contains(&i) {
                self.note("SHELL only applies to the build stage's RUN instructions: the final stage has no shell");
            }
        }
        // HEALTHCHECK.
        match health {
            Health::Absent => {}
            Health::Keep(i) => {
                if last.contains(&i) {
                    self.change(Change::Delete { instruction: i, with_leading_comments: true });
                }
                items.push(Item::Carry { instruction: i, comments: true });
            }
            Health::Write { line, original, comment } => {
                let mut comments_of = Vec::new();
                if let Some(i) = original {
                    if last.contains(&i) {
                        self.change(Change::Delete { instruction: i, with_leading_comments: true });
                    }
                    comments_of.push(i);
                }
                let mut lines = Vec::new();
                lines.extend(comment);
                lines.push(line);
                items.push(Item::Text { lines, comments_of });
            }
        }
        // Other HEALTHCHECKs of the last stage would stay in the build stage, harmless; remove
        // the command instructions, which move.
        let mut command_comments = Vec::new();
        for i in last.clone() {
            if matches!(a.instruction(i).kind, Kind::Cmd | Kind::Entrypoint) {
                self.change(Change::Delete { instruction: i, with_leading_comments: true });
                command_comments.push(i);
            }
        }
        let mut command_lines = Vec::new();
        if let Some(e) = &self.launch.entrypoint {
            command_lines.push(format!("ENTRYPOINT {}", exec_form(e)));
        }
        if let Some(c) = &self.launch.cmd {
            command_lines.push(format!("CMD {}", exec_form(c)));
        }
        if !command_lines.is_empty() || !command_comments.is_empty() {
            items.push(Item::Text { lines: command_lines, comments_of: command_comments });
        }
        if a.stack == Stack::StaticWeb && self.runs.iter().any(|r| !r.droppable) {
            self.check(format!(
                "The RUN steps of `{}` changed files of the old nginx image; Chainguard's nginx has its own configuration files, which they did not touch: check the final configuration",
                self.build_name
            ));
        }
        self.summary = Some(format!(
            "The build steps stay in the stage `{}`; a new final stage starts from `{}` and copies in only what the app needs: it has no shell, so it has no RUN",
            self.build_name,
            runtime.reference()
        ));
        let header = vec![format!(
            "# Runtime: {} has no shell and no package manager, and runs as nonroot (uid 65532).",
            runtime.repository.split_once('/').map_or(runtime.repository, |(_, path)| path)
        )];
        self.final_stage = Some(FinalStage { header, image: runtime.reference(), name: final_name, items });
        Ok(())
    }

    fn user_note(&mut self, original_users: &[String]) {
        match original_users.last() {
            Some(user) if !analyze::is_non_root_owner(user) => self.note(format!(
                "The image ran as `{user}`; it now runs as nonroot (uid 65532), so the app cannot write to files owned by root"
            )),
            Some(user) => self.note(format!(
                "The user `{user}` does not exist in the runtime image; the image runs as nonroot (uid 65532), numeric so that Kubernetes `runAsNonRoot` can verify it"
            )),
            None => self.note(
                "The image ran as root; it now runs as nonroot (uid 65532), numeric so that Kubernetes `runAsNonRoot` can verify it",
            ),
        }
    }

    /// The paths the final stage copies from the build stage.
    fn artefacts(&mut self, workdir: Option<&str>) -> Result<Vec<Artefact>, Refusal> {
        let a = self.a;
        let owned = self.owned_paths();
        let argv = a.launch.argv();
        let mut paths: Vec<String> = self.extra_artefacts.clone();
        let mut dropped_tools = Vec::new();
        if self.copy_app_dirs {
            if let Some(dir) = workdir.filter(|d| *d != "/") {
                paths.push(dir.to_string());
            }
            for i in a.lineage_instructions() {
                let instruction = a.instruction(i);
                if !matches!(instruction.kind, Kind::Copy | Kind::Add) {
                    continue;
                }
                let Some(dest) = a.copy_destination(i) else {
                    return Err(self.refuse_at(
                        "shipshape cannot tell where this COPY puts its files (its destination uses a variable without a value)",
                        i,
                    ));
                };
                if dest == "/" {
                    return Err(self.refuse_at(
                        "the build copies files into `/`, so shipshape cannot tell the app's files from the base image's: copy them into a WORKDIR such as /app first",
                        i,
                    ));
                }
                if self.venv.as_deref().is_some_and(|v| is_under(&dest, v)) {
                    continue;
                }
                if TOOL_DIRS.iter().any(|d| is_under(&dest, d))
                    && !argv.iter().any(|w| is_under(w, &dest) || basename(w) == basename(&dest))
                {
                    // Name the files: `/bin/uv`, not `/bin`.
                    let into_dir = TOOL_DIRS.contains(&dest.as_str())
                        || matches!(&instruction.args, Args::Copy(c) if c.sources().len() > 1 || c.destination().is_some_and(|d| d.value.ends_with('/')));
                    match &instruction.args {
                        Args::Copy(copy) if into_dir => dropped_tools.extend(
                            copy.sources().iter().map(|s| join(&dest, basename(s.value.trim_end_matches('/')))),
                        ),
                        _ => dropped_tools.push(dest),
                    }
                    continue;
                }
                paths.push(dest);
            }
            let uncovered: Vec<String> =
                owned.iter().filter(|o| !paths.iter().any(|p| is_under(o, p))).cloned().collect();
            paths.extend(uncovered);
            // Directories the build creates or moves files to, outside the system's own.
            for i in a.lineage_instructions() {
                let dir = a.workdir_at(i).unwrap_or_else(|| "/".into());
                for command in a.commands(i) {
                    let targets: Vec<String> = match command.program() {
                        Some("mkdir") => command.positional().map(|w| w.value.clone()).collect(),
                        Some("mv" | "cp") => command.positional().last().map(|w| w.value.clone()).into_iter().collect(),
                        _ => Vec::new(),
                    };
                    for target in targets.iter().filter(|t| !t.contains(['$', '*', '`'])) {
                        let path = join(&dir, target);
                        if !is_system_path(&path) {
                            paths.push(path);
                        }
                    }
                }
            }
        }
        if !dropped_tools.is_empty() {
            let tools = dedup(dropped_tools);
            self.note(format!(
                "{} {} only used to build, and {} in the build stage",
                list(&tools),
                if tools.len() == 1 { "is" } else { "are" },
                if tools.len() == 1 { "stays" } else { "stay" }
            ));
        }
        // Keep the outermost paths, in a stable order.
        paths.sort();
        paths.dedup();
        let mut cover: Vec<String> = Vec::new();
        for p in paths {
            if !cover.iter().any(|c| is_under(&p, c)) {
                cover.retain(|c| !is_under(c, &p));
                cover.push(p);
            }
        }
        // The dependencies (a virtual environment) change less often than the app: copy them
        // first, for the layer cache.
        cover.sort_by_key(|p| !self.extra_artefacts.contains(p));
        let mut artefacts: Vec<Artefact> = Vec::new();
        for path in &cover {
            // A binary or a jar is only read: ownership matters for the app's directories.
            let is_owned = self.copy_app_dirs && owned.iter().any(|o| is_under(path, o));
            artefacts.push(Artefact { path: path.clone(), owned: is_owned });
            // Owned directories inside a root-owned copy get their own copy.
            if !is_owned && self.copy_app_dirs {
                let inside: Vec<&String> = owned.iter().filter(|o| is_under(o, path) && *o != path).collect();
                for o in &inside {
                    if !inside.iter().any(|other| other != o && is_under(o, other)) {
                        artefacts.push(Artefact { path: (*o).clone(), owned: true });
                    }
                }
            }
        }
        // Volumes must exist in the build stage to be copied.
        let created: Vec<String> = a
            .lineage_instructions()
            .into_iter()
            .flat_map(|i| {
                let dir = a.workdir_at(i).unwrap_or_else(|| "/".into());
                a.commands(i)
                    .iter()
                    .filter(|c| c.is("mkdir"))
                    .flat_map(|c| c.positional().map(|w| w.value.clone()).collect::<Vec<_>>())
                    .map(move |p| join(&dir, &p))
                    .collect::<Vec<_>>()
            })
            .collect();
        let volumes: Vec<String> = a
            .lineage_instructions()
            .into_iter()
            .filter(|&i| a.instruction(i).kind == Kind::Volume)
            .flat_map(|i| volume_paths(a, i))
            .filter(|v| !created.contains(v))
            .collect();
        if !volumes.is_empty() && self.copy_app_dirs {
            self.change(Change::Append {
                stage: a.final_stage,
                lines: vec![format!("RUN mkdir -p {}", volumes.join(" "))],
            });
        }
        Ok(artefacts)
    }

    // ----- The final stage, in place -----

    fn in_place(&mut self, health: Health) -> Result<(), Refusal> {
        let a = self.a;
        let runtime = self.runtime.ok_or_else(|| Refusal::new("no runtime", None))?;
        let stage = self.final_stage_index();
        let range = self.last_stage_instructions();
        let Some(from) = a.model.stages[stage].from else { return Ok(()) };
        self.change(Change::SetImage { from, image: runtime.reference(), pragma: None });
        if !range.clone().any(|i| a.instruction(i).kind == Kind::Workdir) && self.needs_root_workdir() {
            self.change(Change::InsertAfter { instruction: from, lines: vec!["WORKDIR /".into()] });
            self.note(
                "The original set no WORKDIR, so it ran in `/`; `WORKDIR /` keeps relative paths working, because the nonroot images start in /home/nonroot",
            );
        }
        let mut dropped_runs = 0;
        for run in self.runs.clone() {
            self.change(Change::Delete { instruction: run.at, with_leading_comments: false });
            dropped_runs += 1;
        }
        if dropped_runs > 0 {
            self.note(format!(
                "The final stage's RUN {} only installed packages or created users, which the runtime image does not need (it has CA certificates, time zone data and a `nonroot` user), and {} removed: it has no shell to run them",
                if dropped_runs == 1 { "instruction" } else { "instructions" },
                if dropped_runs == 1 { "was" } else { "were" }
            ));
        }
        let mut original_users = Vec::new();
        let users: Vec<usize> = range.clone().filter(|&i| a.instruction(i).kind == Kind::User).collect();
        for &i in &users {
            if let Args::Text(w) = &a.instruction(i).args {
                original_users.push(w.value.clone());
            }
        }
        for i in range.clone() {
            let instruction = a.instruction(i);
            match instruction.kind {
                Kind::Shell => {
                    self.change(Change::Delete { instruction: i, with_leading_comments: false });
                    self.note("SHELL was removed: the runtime image has no shell");
                }
                Kind::Maintainer => {
                    if let Args::Text(w) = &instruction.args {
                        self.change(Change::Replace {
                            instruction: i,
                            lines: vec![format!("LABEL maintainer={}", quote(&w.value))],
                        });
                        self.note("MAINTAINER, deprecated, became `LABEL maintainer=…`");
                    }
                }
                Kind::Copy | Kind::Add => {
                    if let Some(flag) = instruction.flag("chown")
                        && let (Some(value), Some(value_range)) = (flag.value.as_deref(), flag.value_range)
                        && is_non_root_owner(value)
                    {
                        self.change(Change::ReplaceRange { instruction: i, range: value_range, text: NONROOT.into() });
                        self.note(format!(
                            "`COPY --chown={value}` became `--chown={NONROOT}`, the distroless `nonroot` user"
                        ));
                    }
                }
                _ => {}
            }
        }
        // The command.
        let commands: Vec<usize> =
            range.clone().filter(|&i| matches!(a.instruction(i).kind, Kind::Cmd | Kind::Entrypoint)).collect();
        let mut command_lines = Vec::new();
        if let Some(e) = &self.launch.entrypoint {
            command_lines.push(format!("ENTRYPOINT {}", exec_form(e)));
        }
        if let Some(c) = &self.launch.cmd {
            command_lines.push(format!("CMD {}", exec_form(c)));
        }
        let mut before_command: Vec<String> = self.launch.env.clone();
        if let Health::Write { line, original, comment } = &health {
            let mut lines: Vec<String> = comment.iter().cloned().collect();
            lines.push(line.clone());
            match original {
                Some(i) if range.contains(i) => self.change(Change::Replace { instruction: *i, lines }),
                _ => before_command.extend(lines),
            }
        }
        // USER goes where the last USER was, or before the command.
        let user_line = format!("USER {NONROOT}");
        match users.last() {
            Some(&last_user) => {
                for &i in &users[..users.len() - 1] {
                    self.change(Change::Delete { instruction: i, with_leading_comments: false });
                }
                self.change(Change::Replace { instruction: last_user, lines: vec![user_line] });
            }
            None => before_command.insert(0, user_line),
        }
        self.user_note(&original_users);
        // The new lines take the place of the last CMD or ENTRYPOINT; the other one goes (a line
        // is never inserted next to an instruction that is deleted, where it could be lost).
        match commands.split_last() {
            Some((&last_command, rest)) => {
                for &i in rest {
                    self.change(Change::Delete { instruction: i, with_leading_comments: false });
                }
                let had_command = !command_lines.is_empty();
                let mut lines = before_command;
                lines.extend(command_lines);
                if lines.is_empty() {
                    self.change(Change::Delete { instruction: last_command, with_leading_comments: false });
                } else {
                    self.change(Change::Replace { instruction: last_command, lines });
                }
                if !had_command {
                    self.note(format!(
                        "`{}` was removed: `{}` starts its server by itself",
                        a.text(a.instruction(last_command).range),
                        runtime.reference()
                    ));
                }
            }
            None => {
                let mut lines = before_command;
                lines.extend(command_lines);
                if !lines.is_empty() {
                    self.change(Change::Append { stage, lines });
                }
            }
        }
        self.summary = Some(format!(
            "The final stage now starts from `{}`: no shell, no package manager, only the files it copies in",
            runtime.reference()
        ));
        Ok(())
    }
}

/// Paths of the operating system and of caches, which the app does not own.
fn is_system_path(path: &str) -> bool {
    path == "/"
        || [
            "/tmp",
            "/var/tmp",
            "/var/cache",
            "/var/lib/apt",
            "/var/lib/apk",
            "/var/run",
            "/run",
            "/root",
            "/proc",
            "/dev",
            "/usr",
            "/lib",
            "/bin",
            "/sbin",
            "/etc",
        ]
        .iter()
        .any(|d| is_under(path, d))
}

/// Chainguard's `-dev` images run as nonroot; the build stage installs packages as root (it is
/// not shipped, so DL3002 does not apply).
fn chainguard_root() -> Vec<String> {
    vec![
        "# Chainguard's -dev images run as nonroot; the build needs root, and this stage is not shipped.".into(),
        "# shipshape ignore=last-user-root".into(),
        "USER root".into(),
    ]
}

fn needs_python_rebase(image: &ImageRef, os: Os, family: Family) -> bool {
    if family == Family::Chainguard {
        return true;
    }
    let version = analyze::tag_version(image.tag_or_latest());
    let minor = version.as_deref().map(analyze::major_minor).and_then(|(_, m)| m);
    minor != Some(13) || os != Os::Debian || image_is_newer_than_trixie(image)
}

fn image_is_newer_than_trixie(image: &ImageRef) -> bool {
    let tag = image.tag_or_latest().to_ascii_lowercase();
    ["forky", "duke", "sid", "questing"].iter().any(|c| tag.contains(c))
}

fn debian_codename(image: &ImageRef) -> Option<&'static str> {
    let tag = image.tag_or_latest().to_ascii_lowercase();
    ["buster", "bullseye", "bookworm", "trixie"].into_iter().find(|c| tag.contains(c))
}

/// A pragma line for a builder tag that follows a major version on purpose (it matches the
/// runtime, which follows the same line).
fn floating_pragma(image: &str, runtime: Option<&ImageFacts>) -> Option<String> {
    let tag = image.rsplit_once(':').map(|(_, t)| t)?;
    let version = analyze::tag_version(tag)?;
    if version.contains('.') {
        return None;
    }
    let runtime = runtime?;
    Some(format!(
        "# shipshape ignore=floating-base-tag  # follows the same {}.x line as {}",
        version, runtime.repository
    ))
}

/// A command the runtime image has no use for: package installs, user setup, cache cleanup.
fn droppable_command(command: &SimpleCommand) -> bool {
    if !command.redirects.is_empty() || command.in_substitution {
        return false;
    }
    if command.words.is_empty() {
        return command.assignments.is_empty();
    }
    if package_command(command).is_some() || is_user_setup(command) {
        return true;
    }
    match command.program().unwrap_or("") {
        "update-ca-certificates" | "true" | ":" | "set" => true,
        "rm" => command.positional().all(|w| {
            let v = w.value.as_str();
            v.starts_with("/var/cache/")
                || v.starts_with("/var/lib/apt/lists")
                || v.starts_with("/tmp/")
                || v.starts_with("/root/.cache")
        }),
        _ => false,
    }
}

fn pip_install(command: &SimpleCommand) -> bool {
    let words: Vec<&str> = command.words.iter().map(|w| w.value.as_str()).collect();
    match command.program() {
        Some("pip" | "pip3") => command.subcommand() == Some("install"),
        Some(p) if is_python_interpreter(p) => {
            words.windows(3).any(|w| w[0] == "-m" && w[1] == "pip" && w[2] == "install")
        }
        Some("uv") => words.get(1) == Some(&"pip") && words.get(2) == Some(&"install"),
        _ => false,
    }
}

/// Commands that install the app's Python dependencies.
fn python_install(command: &SimpleCommand) -> bool {
    if pip_install(command) {
        return true;
    }
    let sub = command.subcommand().unwrap_or("");
    match command.program().unwrap_or("") {
        "poetry" => matches!(sub, "install" | "add"),
        "uv" => matches!(sub, "sync" | "add"),
        "pipenv" => matches!(sub, "install" | "sync"),
        _ => false,
    }
}

/// A virtual environment the build creates itself: `python -m venv X`, `virtualenv X`,
/// `uv venv X`, or `ENV VIRTUAL_ENV=X`. Returns its path and the stage that creates it.
fn find_user_venv(a: &Analysis) -> Option<(String, usize)> {
    let mut candidates: Vec<(String, usize)> = Vec::new();
    for (i, command) in a.commands_in(&a.needed) {
        let words: Vec<&str> = command.words.iter().map(|w| w.value.as_str()).collect();
        let path = if command.program().is_some_and(is_python_interpreter) {
            words
                .windows(2)
                .position(|w| w[0] == "-m" && matches!(w[1], "venv" | "virtualenv"))
                .and_then(|at| words[at + 2..].iter().find(|w| !w.starts_with('-')).map(|w| w.to_string()))
        } else if command.is("virtualenv") {
            words[1..].iter().find(|w| !w.starts_with('-')).map(|w| w.to_string())
        } else if command.is("uv") && command.subcommand() == Some("venv") {
            Some(command.positional().nth(1).map(|w| w.value.clone()).unwrap_or_else(|| ".venv".into()))
        } else {
            None
        };
        if let Some(path) = path
            && let Some(expanded) = a.expand(&path, i)
        {
            let dir = a.workdir_at(i).unwrap_or_else(|| "/".into());
            let stage = a.model.stage_of[i].unwrap_or(a.final_stage);
            candidates.push((join(&dir, &expanded), stage));
        }
    }
    if let Some(c) = candidates.pop() {
        // Prefer a venv the final stage copies in from its creator.
        return Some(c);
    }
    let last = a.file.instructions.len().checked_sub(1)?;
    for name in ["VIRTUAL_ENV", "UV_PROJECT_ENVIRONMENT"] {
        if let Some(value) = a.model.variable(last + 1 - 1, name).filter(|v| v.starts_with('/') && !v.contains('$')) {
            let stage = a
                .needed
                .iter()
                .copied()
                .find(|&s| {
                    a.model.stages[s].instructions.clone().any(|i| {
                        matches!(&a.instruction(i).args, Args::Pairs(p) if a.instruction(i).kind == Kind::Env && p.iter().any(|p| p.key.value == name))
                    })
                })
                .unwrap_or(a.final_stage);
            return Some((join("/", &value), stage));
        }
    }
    None
}

/// The first TCP port an EXPOSE names.
fn exposed_port(a: &Analysis, i: usize) -> Option<u16> {
    let instruction = a.instruction(i);
    if instruction.kind != Kind::Expose {
        return None;
    }
    let Args::Words(words) = &instruction.args else { return None };
    words.iter().find_map(|w| {
        let (port, proto) = w.value.split_once('/').unwrap_or((&w.value, "tcp"));
        if !proto.eq_ignore_ascii_case("tcp") {
            return None;
        }
        port.split('-').next()?.parse().ok()
    })
}

/// The port a server command binds: gunicorn `-b 0.0.0.0:8000`, uvicorn `--port 8000`, Django
/// `runserver 0.0.0.0:8000`, Flask `--port`.
fn port_from_args(argv: &[String]) -> Option<u16> {
    for (k, w) in argv.iter().enumerate() {
        let next = argv.get(k + 1).map(String::as_str);
        let value = match w.as_str() {
            "-b" | "--bind" | "--port" | "-p" | "--server.port" => next,
            "runserver" => next.filter(|n| !n.starts_with('-')),
            _ => w
                .strip_prefix("--bind=")
                .or_else(|| w.strip_prefix("--port="))
                .or_else(|| w.strip_prefix("--server.port=")),
        };
        if let Some(value) = value {
            let port = value.rsplit(':').next().unwrap_or(value);
            if let Ok(port) = port.parse::<u16>() {
                return Some(port);
            }
        }
    }
    None
}

/// The port a known server listens on when its command does not say.
fn default_port(argv: &[String]) -> Option<u16> {
    let program = argv.first().map(|p| basename(p)).unwrap_or("");
    let module = argv.windows(2).find(|w| w[0] == "-m").map(|w| w[1].as_str()).unwrap_or("");
    let runs = |name: &str| program == name || module == name;
    if runs("gunicorn")
        || runs("uvicorn")
        || runs("hypercorn")
        || runs("daphne")
        || runs("granian")
        || argv.iter().any(|w| w == "runserver")
    {
        Some(8000)
    } else if (runs("flask") || argv.windows(2).any(|w| w[0] == "flask")) && argv.iter().any(|w| w == "run") {
        Some(5000)
    } else if runs("streamlit") {
        Some(8501)
    } else if runs("waitress-serve") || runs("waitress") {
        Some(8080)
    } else {
        None
    }
}

fn is_server(argv: &[String]) -> bool {
    let program = argv.first().map(|p| basename(p)).unwrap_or("");
    matches!(
        program,
        "gunicorn" | "uvicorn" | "hypercorn" | "daphne" | "granian" | "waitress-serve" | "nginx" | "streamlit"
    ) || argv.windows(2).any(|w| {
        (w[0] == "-m" && matches!(w[1].as_str(), "gunicorn" | "uvicorn" | "hypercorn" | "daphne" | "flask"))
            || (w[0] == "flask" && w[1] == "run")
            || w[1] == "runserver"
    })
}

fn volume_paths(a: &Analysis, i: usize) -> Vec<String> {
    let Args::Words(words) = &a.instruction(i).args else { return Vec::new() };
    let dir = a.workdir_at(i).unwrap_or_else(|| "/".into());
    words.iter().filter_map(|w| a.expand(&w.value, i)).map(|v| join(&dir, &v)).filter(|p| p != "/").collect()
}

/// The new ENTRYPOINT and CMD for a command line `argv` whose first `split` words came from
/// ENTRYPOINT, on an image whose own ENTRYPOINT is `image_entry`.
fn adapt_launch(argv: &[String], split: usize, image_entry: &[String]) -> NewLaunch {
    let mut launch = NewLaunch::default();
    let n = image_entry.len();
    if n > 0 && argv.len() >= n && argv[..n] == *image_entry && split <= n {
        let rest = argv[n..].to_vec();
        if !rest.is_empty() {
            launch.cmd = Some(rest);
        }
        return launch;
    }
    let k = if n == 0 { split } else { split.max(1) };
    if k > 0 {
        launch.entrypoint = Some(argv[..k.min(argv.len())].to_vec());
    }
    if argv.len() > k {
        launch.cmd = Some(argv[k..].to_vec());
    }
    launch
}

/// An exec-form (JSON) array.
pub(crate) fn exec_form(argv: &[String]) -> String {
    format!("[{}]", argv.iter().map(|a| quote(a)).collect::<Vec<_>>().join(", "))
}

/// True when the text between two commands is only `&&`, `;` or a line break, with line
/// continuations and comment lines around it.
fn is_plain_separator(text: &str, escape: char) -> bool {
    let mut rest = String::new();
    for line in text.split('\n') {
        let trimmed = line.trim();
        if trimmed.starts_with('#') {
            continue;
        }
        let trimmed = trimmed.strip_suffix(escape).unwrap_or(trimmed);
        rest.push_str(trimmed.trim());
    }
    matches!(rest.as_str(), "&&" | ";" | "")
}

/// The offset after `at` and the spaces that follow it (to delete a word with its separator).
fn next_non_space(source: &str, at: u32) -> u32 {
    let rest = source.get(at as usize..).unwrap_or("");
    let skipped = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    at + crate::text::to_u32(skipped)
}

fn uses_variable(text: &str, name: &str) -> bool {
    text.contains(&format!("${name}")) || text.contains(&format!("${{{name}"))
}

fn list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| format!("`{i}`")).collect();
    match quoted.len() {
        0 => String::new(),
        1 => quoted[0].clone(),
        n => format!("{} and {}", quoted[..n - 1].join(", "), quoted[n - 1]),
    }
}

fn dedup(mut items: Vec<String>) -> Vec<String> {
    let mut seen = Vec::new();
    items.retain(|i| {
        if seen.contains(i) {
            false
        } else {
            seen.push(i.clone());
            true
        }
    });
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn launch_follows_the_image_entrypoint() {
        let python = s(&["/usr/bin/python3.13"]);
        let l = adapt_launch(&s(&["/usr/bin/python3.13", "app.py"]), 0, &python);
        assert_eq!((l.entrypoint, l.cmd), (None, Some(s(&["app.py"]))));
        let l = adapt_launch(&s(&["/venv/bin/python3", "app.py"]), 0, &python);
        assert_eq!((l.entrypoint, l.cmd), (Some(s(&["/venv/bin/python3"])), Some(s(&["app.py"]))));
        let l = adapt_launch(&s(&["/venv/bin/gunicorn", "app:app"]), 1, &python);
        assert_eq!((l.entrypoint, l.cmd), (Some(s(&["/venv/bin/gunicorn"])), Some(s(&["app:app"]))));
        let l = adapt_launch(&s(&["/server", "--port", "80"]), 0, &[]);
        assert_eq!((l.entrypoint, l.cmd), (None, Some(s(&["/server", "--port", "80"]))));
        let l = adapt_launch(&s(&["/server", "--port", "80"]), 1, &[]);
        assert_eq!((l.entrypoint, l.cmd), (Some(s(&["/server"])), Some(s(&["--port", "80"]))));
    }

    #[test]
    fn reads_ports_and_separators() {
        assert_eq!(port_from_args(&s(&["gunicorn", "-b", "0.0.0.0:8000", "app:app"])), Some(8000));
        assert_eq!(port_from_args(&s(&["uvicorn", "main:app", "--port=8080"])), Some(8080));
        assert_eq!(port_from_args(&s(&["python", "manage.py", "runserver", "0.0.0.0:8000"])), Some(8000));
        assert!(is_plain_separator(" && ", '\\'));
        assert!(is_plain_separator(" \\\n    && ", '\\'));
        assert!(is_plain_separator(" \\\n  # why\n    && ", '\\'));
        assert!(!is_plain_separator("; fi && ", '\\'));
        assert!(!is_plain_separator(" | ", '\\'));
    }
}
