//! Planning: the decisions. Which runtime image, which build image, whether the final stage is
//! converted where it stands or split into a build stage and a new runtime stage, what the new
//! stage copies, how the command and the health check run without a shell, which user owns
//! what, and the notes that explain each decision to the user.
//!
//! One file per stack (`python`, `node`, `bun`, `java`, `native`, `ruby`, `php`, `static_site`) and
//! one per shared step
//! (`split`, `in_place`, `health`, `artefacts`, `libraries`, `translate`, `os_packages`,
//! `risks`, `launch`), each
//! adding its part to the one [`Planner`] that collects the changes and notes.

mod artefacts;
mod bun;
mod dotnet;
mod health;
mod in_place;
mod java;
mod launch;
mod libraries;
mod native;
mod node;
mod os_packages;
mod php;
mod python;
mod risks;
mod ruby;
mod split;
mod static_site;
mod translate;

use super::analyze::{
    self, Analysis, PYTHON_PROGRAMS, basename, chown_of, is_non_root_owner, is_python_interpreter, is_under,
    is_user_setup, join, owner_is_named, package_command,
};
pub(crate) use php::is_php_program;
pub(crate) use ruby::is_ruby_program;

use super::context;
use super::images::{self, Family, Flavour, ImageFacts};
use super::needs::{self, Needs};
use super::packages::{self, Distro, Translation};
use super::start::ScriptOrigin;
use super::{Note, Options, Refusal, RefusalClass, RuntimeFamily, Stack};
use crate::semantic::invocation::{self, Tool};
use crate::semantic::{Base, ImageRef, Os};
use crate::shell::SimpleCommand;
use crate::syntax::json::quote;
use crate::syntax::{Args, Command, Kind};
use crate::text::{TextRange, code};

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
    /// Add lines before an instruction and the comment lines directly above it.
    InsertBefore {
        instruction: usize,
        lines: Vec<String>,
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
    /// The final stage's image as written: the runtime's reference, or another tag of it
    /// (`oven/bun:1.2-distroless`).
    pub reference: String,
    pub changes: Vec<Change>,
    /// `None` when the final stage is converted where it stands.
    pub final_stage: Option<FinalStage>,
    pub notes: Vec<Note>,
    /// The context files the plan read.
    pub context_used: Vec<String>,
}

/// The user the final image runs as when the runtime image says nothing else.
pub(crate) const NONROOT: &str = "65532:65532";

/// Directories of programs the build uses (copied in from tool images): they are not part of
/// the app unless the command runs them.
const TOOL_DIRS: &[&str] = &["/bin", "/sbin", "/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin"];

pub(crate) fn plan(analysis: &Analysis, needs: &Needs, options: &Options) -> Result<Plan, Refusal> {
    let mut planner = Planner::new(analysis, needs, options);
    planner.run()?;
    let runtime = planner
        .runtime
        .ok_or_else(|| Refusal::new(RefusalClass::ConverterLimit, "no runtime image fits this app", None))?;
    Ok(Plan {
        stack: analysis.stack,
        runtime,
        reference: planner.runtime_reference(),
        changes: planner.changes,
        final_stage: planner.final_stage,
        notes: planner.notes,
        context_used: planner.context_used,
    })
}

/// How a RUN of the final stage's lineage relates to the runtime image.
#[derive(Clone, Debug)]
struct RunFacts {
    at: usize,
    /// Only installs packages, manages users or cleans caches: nothing the runtime needs.
    droppable: bool,
}

/// What the new command line looks like: `Some(vec![])` is `ENTRYPOINT []`.
#[derive(Clone, Debug, Default)]
struct NewLaunch {
    entrypoint: Option<Vec<String>>,
    cmd: Option<Vec<String>>,
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
    /// What the original final image needs at run time.
    needs: &'b Needs,
    options: &'b Options,
    family: Family,
    runtime: Option<&'static ImageFacts>,
    /// A tag of the runtime's repository other than the table's (`1.2-distroless` for bun
    /// 1.2), when the runtime follows the app's version.
    runtime_tag: Option<String>,
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
    /// The directory the app starts in, when the original's start script changed into it
    /// (`run-java.sh` runs the app in /deployments).
    start_dir: Option<String>,
    /// Paths the final stage copies from the build stage, besides the app directories.
    extra_artefacts: Vec<String>,
    /// Copy the app's directories (interpreted stacks) or only `extra_artefacts` (binaries).
    copy_app_dirs: bool,
    launch: NewLaunch,
    /// The program that runs the app's scripts in the final image (a virtual environment's
    /// `python3`, the runtime's `node`), for the health check.
    interpreter: Option<String>,
    /// The Debian run-time libraries the final image gets from the libraries stage.
    libraries: Vec<&'static packages::Package>,
    /// A port the runtime image listens on instead of the original's: `(old, new)`.
    port_change: Option<(u16, u16)>,
    /// The ports the app listens on, when they are known and EXPOSE does not name them (ASP.NET
    /// Core's 8080).
    listening: Option<Vec<u16>>,
    /// A directory of compiled packages (a virtual environment) whose system libraries the
    /// libraries stage finds with `ldd` in the build stage.
    library_scan: Option<libraries::LibraryScan>,
    /// Libraries the context files say the app loads (a driver built from source).
    context_libraries: Vec<&'static packages::Package>,
    /// The context files read.
    context_used: Vec<String>,
    /// Files the final stage copies from the build stage to another path: `(from, to)` (a
    /// configuration template an entry point script put into place).
    extra_copies: Vec<(String, String)>,
    /// Directories the entry point script made or gave to the app at start-up: the build
    /// stage makes them, and the final stage copies them owned by the app's user.
    script_dirs: Vec<String>,
    final_stage: Option<FinalStage>,
}

impl<'a, 'b> Planner<'a, 'b> {
    fn new(a: &'b Analysis<'a>, needs: &'b Needs, options: &'b Options) -> Self {
        let family = match options.runtime {
            RuntimeFamily::Distroless => Family::Distroless,
            RuntimeFamily::Chainguard => Family::Chainguard,
        };
        Planner {
            a,
            needs,
            options,
            family,
            runtime: None,
            runtime_tag: None,
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
            start_dir: None,
            extra_artefacts: Vec::new(),
            copy_app_dirs: true,
            launch: NewLaunch::default(),
            interpreter: None,
            libraries: Vec::new(),
            port_change: None,
            listening: None,
            library_scan: None,
            context_libraries: Vec::new(),
            context_used: Vec::new(),
            extra_copies: Vec::new(),
            script_dirs: Vec::new(),
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

    fn refuse_at(&self, class: RefusalClass, message: impl Into<String>, at: usize) -> Refusal {
        Refusal::new(class, message, Some(self.a.instruction(at).range))
    }

    fn run(&mut self) -> Result<(), Refusal> {
        self.runs = self.classify_runs();
        // Converting in place is possible when the final stage is one stage whose RUNs only
        // install packages or users, which the runtime image has no use for.
        // A translated entry point script may copy files and make directories, which only a
        // new stage built from the old one can do.
        self.split =
            self.a.lineage.len() > 1 || self.runs.iter().any(|r| !r.droppable) || self.a.launch.script.is_some();
        match self.a.stack {
            Stack::Python => self.python()?,
            Stack::Node => self.node()?,
            Stack::Go => self.go()?,
            Stack::Rust => self.rust()?,
            Stack::Java => self.java()?,
            Stack::StaticBinary => self.static_binary()?,
            Stack::StaticWeb => self.static_web()?,
            Stack::Dotnet => self.dotnet()?,
            Stack::Native => self.native()?,
            Stack::Bun => self.bun()?,
            Stack::Ruby => self.ruby()?,
            Stack::Php => self.php()?,
        }
        let runtime = self
            .runtime
            .ok_or_else(|| Refusal::new(RefusalClass::ConverterLimit, "no runtime image fits this app", None))?;
        if !runtime.verified {
            self.check(format!(
                "{} is not verified in shipshape's image table (its name and entrypoint come from secondary sources): check that it exists and what it runs before you rely on it",
                code(&runtime.reference())
            ));
        }
        if runtime.family == Family::Chainguard {
            // The builder counts only when a build stage was moved onto it (a PHP build stays
            // on the official image).
            let builder = runtime.builder.filter(|builder| {
                self.changes.iter().any(|c| matches!(c, Change::SetImage { image, .. } if image == builder))
            });
            let builder = match builder {
                Some(builder) => format!(" and its builder {builder}", builder = code(builder)),
                None => String::new(),
            };
            self.check(format!(
                "Chainguard's free tier only publishes `:latest` and `:latest-dev`: pin {}{builder} by digest, so that builds are repeatable{}",
                code(&self.runtime_reference()),
                if builder.is_empty() { "" } else { " and both stages keep the same runtime version" }
            ));
        }
        self.script_effects();
        // After the stack's own refusals, which say more about why a file cannot convert.
        self.refuse_unmet_packages()?;
        self.carry_libraries()?;
        self.package_notes();
        self.wrapper_notes();
        self.risk_notes();
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

    /// The USER the final image runs as, and the owner of what the app writes: the runtime
    /// image's non-root user (`65532:65532`; `1654:1654` on .NET's chiseled images).
    fn user_id(&self) -> String {
        self.runtime.map(|r| r.user_id()).unwrap_or_else(|| NONROOT.to_string())
    }

    /// True when a USER of the original names the runtime image's user: `1654`, `app` or
    /// `$APP_UID` on .NET's chiseled images.
    fn is_runtime_user(&self, user: &str) -> bool {
        let Some(runtime) = self.runtime else { return false };
        let user = user.split(':').next().unwrap_or(user);
        let uid = self.uid_text();
        let name = runtime.user.split(' ').next().unwrap_or("");
        user == uid || (user == name && uid == "1654") || (matches!(user, "$APP_UID" | "${APP_UID}") && uid == "1654")
    }

    /// Its uid for sentences: `65532`.
    fn uid_text(&self) -> String {
        self.user_id().split(':').next().unwrap_or("65532").to_string()
    }

    /// That user for sentences: `nonroot (uid 65532)`, `app (uid 1654)`.
    fn user_text(&self) -> &'static str {
        // An image that runs as root (Oven's bun) gets the `nonroot` user of its distroless base.
        self.runtime.filter(|r| r.uid().is_some()).map(|r| r.user).unwrap_or("nonroot (uid 65532)")
    }

    /// The final stage's image, as the FROM line names it.
    fn runtime_reference(&self) -> String {
        match (self.runtime, &self.runtime_tag) {
            (Some(runtime), Some(tag)) => format!("{}:{tag}", runtime.repository),
            (Some(runtime), None) => runtime.reference(),
            (None, _) => String::new(),
        }
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
        if a.stack.is_interpreted() {
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
                    "{wrapper} switched users at start-up, which needs root; the image runs as nonroot from the start instead",
                    wrapper = code(&wrapper)
                )),
                w if w.ends_with(" run") => self.note(format!(
                    "{wrapper} only ran the program inside the project's environment, and the runtime image does not have it: the command runs the program from the environment directly",
                    wrapper = code(&wrapper)
                )),
                _ => self.check(format!(
                    "{wrapper} was removed from the command (it is not in the runtime image): run the container with `docker run --init` (Kubernetes and Compose have the same option) if the app needs an init process to reap zombie processes or forward signals",
                    wrapper = code(&wrapper)
                )),
            }
        }
    }

    /// Records the context files the plan read.
    fn use_context_files(&mut self, paths: impl Iterator<Item = String>) {
        for path in paths {
            if !self.context_used.contains(&path) {
                self.context_used.push(path);
            }
        }
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
    fn stage_label_for_split(&mut self, stage: usize) -> String {
        if self.build_name.is_empty() {
            self.build_name = self.unique_build_name();
        }
        self.stage_label(stage)
    }

    fn user_note(&mut self, original_users: &[String]) {
        match original_users.last() {
            Some(user) if self.is_runtime_user(user) => self.note(format!(
                "The image ran as {user}, the runtime image's own user {}, and still does",
                self.user_text(),
                user = code(user)
            )),
            Some(user)
                if self.runtime.is_some_and(|r| r.user.split(' ').next() == user.split(':').next()) =>
            {
                self.note(format!(
                    "The image ran as {user}; the runtime image has a user of that name too, {}, whose uid may differ from the original's: the image now runs as it, numeric so that Kubernetes `runAsNonRoot` can verify it",
                    self.user_text(),
                    user = code(user)
                ))
            }
            Some(user) if matches!(user.split(':').next(), Some("nobody" | "65534")) => self.note(format!(
                "The image ran as {user}; it now runs as {}, the runtime image's user for apps, numeric so that Kubernetes `runAsNonRoot` can verify it",
                self.user_text(),
                user = code(user)
            )),
            Some(user) if !analyze::is_non_root_owner(user) => self.note(format!(
                "The image ran as {user}; it now runs as {}, so the app cannot write to files owned by root",
                self.user_text(),
                user = code(user)
            )),
            Some(user) => self.note(format!(
                "The user {user} does not exist in the runtime image; the image runs as {}, numeric so that Kubernetes `runAsNonRoot` can verify it",
                self.user_text(),
                user = code(user)
            )),
            None => self.note(format!(
                "The image ran as root; it now runs as {}, numeric so that Kubernetes `runAsNonRoot` can verify it",
                self.user_text()
            )),
        }
    }
}

/// An exec-form (JSON) array.
pub(crate) fn exec_form(argv: &[String]) -> String {
    format!("[{}]", argv.iter().map(|a| quote(a)).collect::<Vec<_>>().join(", "))
}

/// True when the text between two commands is only `&&`, `;` or a line break, with line
/// continuations and comment lines around it.
pub(super) fn is_plain_separator(text: &str, escape: char) -> bool {
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
pub(super) fn next_non_space(source: &str, at: u32) -> u32 {
    let rest = source.get(at as usize..).unwrap_or("");
    let skipped = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    at + crate::text::to_u32(skipped)
}

pub(super) fn uses_variable(text: &str, name: &str) -> bool {
    text.contains(&format!("${name}")) || text.contains(&format!("${{{name}"))
}

pub(super) fn list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| format!("{i}", i = code(i))).collect();
    match quoted.len() {
        0 => String::new(),
        1 => quoted[0].clone(),
        n => format!("{} and {}", quoted[..n - 1].join(", "), quoted[n - 1]),
    }
}

pub(super) fn dedup(mut items: Vec<String>) -> Vec<String> {
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

/// Chainguard's `-dev` images run as nonroot; the build stage installs packages as root (it is
/// not shipped, so DL3002 does not apply).
pub(super) fn chainguard_root() -> Vec<String> {
    vec![
        "# Chainguard's -dev images run as nonroot; the build needs root, and this stage is not shipped.".into(),
        "# shipshape ignore=last-user-root".into(),
        "USER root".into(),
    ]
}

/// A pragma line for a builder tag that follows a major version on purpose (it matches the
/// runtime, which follows the same line).
pub(super) fn floating_pragma(image: &str, runtime: Option<&ImageFacts>) -> Option<String> {
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

pub(super) fn image_is_newer_than_trixie(image: &ImageRef) -> bool {
    let tag = image.tag_or_latest().to_ascii_lowercase();
    ["forky", "duke", "sid", "questing"].iter().any(|c| tag.contains(c))
}

#[cfg(test)]
pub(super) mod test_support {
    use crate::distroless::{Conversion, Converted, Options, convert};

    /// The conversion of `source` with the default options; panics on a refusal.
    pub fn converted(source: &str) -> Converted {
        match convert(source, &Options::default()) {
            Conversion::Converted(c) => c,
            Conversion::Refused(r) => panic!("refused: {}", r.reason),
        }
    }

    /// The reason `source` is refused; panics when it converts.
    pub fn refused(source: &str) -> String {
        match convert(source, &Options::default()) {
            Conversion::Refused(r) => r.reason,
            Conversion::Converted(c) => panic!("converted:\n{}", c.dockerfile),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_separators() {
        assert!(is_plain_separator(" && ", '\\'));
        assert!(is_plain_separator(" \\\n    && ", '\\'));
        assert!(is_plain_separator(" \\\n  # why\n    && ", '\\'));
        assert!(!is_plain_separator("; fi && ", '\\'));
        assert!(!is_plain_separator(" | ", '\\'));
    }
}
