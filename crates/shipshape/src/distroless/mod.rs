//! Distroless conversion: rewrites a Dockerfile into a multi-stage build whose final stage runs
//! on a distroless image (no shell, no package manager, nonroot), or refuses with a reason.
//!
//! The work goes analyse → plan → rewrite, all pure functions over the syntax tree:
//!
//! - [`analyze`](self::analyze) reads what the file builds and runs (the stack of each stage,
//!   the command, the users, the packages) and refuses what cannot live without a shell;
//! - [`plan`](self::plan) takes the decisions: runtime and build images, converting the final
//!   stage in place or splitting it into a build stage and a new runtime stage, what to copy,
//!   the command, the health check, the user, and a note for each;
//! - [`rewrite`](self::rewrite) turns the plan into text, editing spans of the original (so its
//!   formatting and comments survive) and rendering the new stage;
//! - finally shipshape's own fixes for the practices its rules check (`--no-cache-dir`, manifests copied
//!   before the rest, the Python environment variables) run over the result.
//!
//! [`images`] is the one table of base-image facts (sizes with their source and date, runtime
//! versions, entrypoints, users).

mod analyze;
mod check;
mod context;
mod entrypoint;
mod has;
pub mod images;
mod needs;
mod packages;
mod plan;
mod refusal;
mod rewrite;
mod start;

use std::fmt;

use crate::fix::Applicability;
use crate::semantic::{Base, ImageRef, Model, Os};
use crate::settings::Settings;
use crate::syntax;
use crate::text::code;
pub use images::{Family, ImageFacts, Libc, Size};
pub use refusal::{Refusal, RefusalClass};

/// Which family of runtime images to convert to. A conversion never moves to another family
/// on its own: a stack the chosen family does not publish is refused (`not-published`), and the
/// reason says whether the other family converts the file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum RuntimeFamily {
    /// `gcr.io/distroless/*` (Debian 13), with the `:nonroot` tag; for a runtime Google does
    /// not ship, the distroless image its own maintainers publish (`oven/bun:distroless`).
    #[default]
    Distroless,
    /// `cgr.dev/chainguard/*` (Wolfi, glibc): every stack Chainguard publishes, including Ruby,
    /// PHP and nginx, which Google does not.
    Chainguard,
}

impl RuntimeFamily {
    pub const fn as_str(self) -> &'static str {
        match self {
            RuntimeFamily::Distroless => "distroless",
            RuntimeFamily::Chainguard => "chainguard",
        }
    }

    /// The other family, for the remedy of a `not-published` refusal.
    pub const fn other(self) -> RuntimeFamily {
        match self {
            RuntimeFamily::Distroless => RuntimeFamily::Chainguard,
            RuntimeFamily::Chainguard => RuntimeFamily::Distroless,
        }
    }

    pub fn parse(text: &str) -> Option<RuntimeFamily> {
        match text.to_ascii_lowercase().as_str() {
            "distroless" => Some(RuntimeFamily::Distroless),
            "chainguard" => Some(RuntimeFamily::Chainguard),
            _ => None,
        }
    }
}

/// What a conversion is configured with.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    pub runtime: RuntimeFamily,
    /// Files of the build context the front end read for the conversion (see
    /// [`context_wanted`]): the CLI's `--context DIR`, a playground's uploads.
    pub context: Vec<ContextFile>,
}

/// A file of the build context, as a path relative to the context directory and its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContextFile {
    pub path: String,
    pub text: String,
}

pub use context::{context_wanted, matches_wanted};

/// The result of [`convert`].
// Made once per call and matched by the front ends: boxing the large variant would only make
// that matching clumsier.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum Conversion {
    Converted(Converted),
    Refused(Refusal),
}

impl Conversion {
    pub fn converted(&self) -> Option<&Converted> {
        match self {
            Conversion::Converted(c) => Some(c),
            Conversion::Refused(_) => None,
        }
    }
}

/// A converted Dockerfile, with what changed and what to check.
#[derive(Clone, Debug, PartialEq)]
pub struct Converted {
    /// The new Dockerfile.
    pub dockerfile: String,
    /// What the app is.
    pub stack: Stack,
    /// The tools that build it, as detected: `pip`, `poetry`, `uv`, `npm`, `maven`, `cargo`, …
    pub tools: Vec<&'static str>,
    /// The final stage's image, as written in its FROM.
    pub image: String,
    /// What changed and why, and what the user must check; in the order they apply.
    pub notes: Vec<Note>,
    pub comparison: Comparison,
    /// True when the file already ran on a distroless image and was left as it is.
    pub unchanged: bool,
    /// The context files the conversion read (paths as given in [`Options::context`]).
    pub context_used: Vec<String>,
}

/// The kind of app, which decides the runtime image.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Stack {
    Python,
    Node,
    Go,
    Java,
    Rust,
    /// A prebuilt static binary (the image was `FROM scratch`).
    StaticBinary,
    /// Static files served by nginx.
    StaticWeb,
    /// A .NET app (`dotnet app.dll`, or the apphost or native binary `dotnet publish` made).
    Dotnet,
    /// A compiled program of another language (C, C++, Haskell, Zig, …) built in the file.
    Native,
    /// A Bun app (`bun run index.ts`).
    Bun,
    Ruby,
    Php,
}

impl Stack {
    /// Apps whose code is read by an interpreter at run time (a script, not a binary): they
    /// resolve files from the working directory, and their dependencies may be built against
    /// system libraries.
    pub const fn is_interpreted(self) -> bool {
        matches!(self, Stack::Python | Stack::Node | Stack::Bun | Stack::Ruby | Stack::Php)
    }

    pub const fn as_str(self) -> &'static str {
        match self {
            Stack::Python => "python",
            Stack::Node => "node",
            Stack::Go => "go",
            Stack::Java => "java",
            Stack::Rust => "rust",
            Stack::StaticBinary => "static-binary",
            Stack::StaticWeb => "static-web",
            Stack::Dotnet => "dotnet",
            Stack::Native => "native",
            Stack::Bun => "bun",
            Stack::Ruby => "ruby",
            Stack::Php => "php",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NoteKind {
    /// What changed and why.
    Changed,
    /// Something the user must check: a version change, a guess, a file the image may lack.
    Check,
}

impl NoteKind {
    pub const fn as_str(self) -> &'static str {
        match self {
            NoteKind::Changed => "changed",
            NoteKind::Check => "check",
        }
    }
}

/// One sentence for the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    pub kind: NoteKind,
    pub message: String,
}

impl Note {
    pub fn changed(message: impl Into<String>) -> Note {
        Note { kind: NoteKind::Changed, message: message.into() }
    }

    pub fn check(message: impl Into<String>) -> Note {
        Note { kind: NoteKind::Check, message: message.into() }
    }
}

impl fmt::Display for Note {
    /// `Check: …` for what the user must check; the message alone otherwise.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            NoteKind::Changed => write!(f, "{}", self.message),
            NoteKind::Check => write!(f, "Check: {}", self.message),
        }
    }
}

/// The base image before and after the conversion, side by side.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    pub before: ImageSummary,
    pub after: ImageSummary,
}

/// What a base image brings: OS, shell, package manager, user and estimated size.
#[derive(Clone, Debug, PartialEq)]
pub struct ImageSummary {
    pub image: String,
    pub os: String,
    /// `None` when unknown.
    pub shell: Option<bool>,
    /// `apk`, `apt`, `dnf`, `none`, or `unknown`.
    pub package_manager: String,
    pub user: String,
    /// The estimated compressed size, when shipshape's table has one.
    pub size: Option<Size>,
    /// The OS packages the Dockerfile installs on top of the base image in this stage.
    pub packages: Vec<String>,
}

/// Converts `source` to a distroless multi-stage build, or refuses with a reason.
pub fn convert(source: &str, options: &Options) -> Conversion {
    match draft(source, options) {
        Ok(draft) => finish(draft),
        Err(refusal) => Conversion::Refused(refusal),
    }
}

/// The conversion before shipshape's own rules polish it: the plan, rewritten. It needs no rule,
/// so a front end can run it in a small module of its own (the playground loads it only when
/// its Distroless tab opens) and [`finish`] it with the engine it already has.
pub fn draft(source: &str, options: &Options) -> Result<Converted, Refusal> {
    match draft_with(source, options) {
        Err(refusal) if refusal.class == RefusalClass::NotPublished => Err(with_other_family(source, options, refusal)),
        other => other,
    }
}

/// A `not-published` refusal, completed with what the other runtime family does with the file:
/// the user switches family knowingly, never the converter silently.
fn with_other_family(source: &str, options: &Options, mut refusal: Refusal) -> Refusal {
    let other = options.runtime.other();
    match draft_with(source, &Options { runtime: other, ..options.clone() }) {
        Ok(_) => refusal.reason.push_str(&format!(": `--runtime {}` converts this file", other.as_str())),
        // Neither family has an image for it: the reason says so already.
        Err(r) if r.class == RefusalClass::NotPublished => {}
        Err(r) => {
            refusal.reason.push_str(&format!(
                "; with `--runtime {}` it is refused too ({}): {}",
                other.as_str(),
                r.class,
                r.reason
            ));
            refusal.class = r.class;
            refusal.range = r.range.or(refusal.range);
        }
    }
    refusal
}

fn draft_with(source: &str, options: &Options) -> Result<Converted, Refusal> {
    let parse = syntax::parse(source);
    if let Some(error) = parse.errors.first() {
        return Err(Refusal::new(
            RefusalClass::InvalidInput,
            format!(
                "the file has syntax errors (the first: {}): fix them first, `shipshape check` shows them",
                error.message
            ),
            Some(error.range),
        ));
    }
    let model = Model::build(&parse.file, source);
    if let Some(unchanged) = already_distroless(source, &parse.file, &model) {
        return Ok(unchanged);
    }
    let analysis = analyze::analyze(source, &parse.file, &model, &options.context)?;
    let needs = needs::needs(&analysis);
    let mut plan = plan::plan(&analysis, &needs, options)?;
    let dockerfile = rewrite::render(&analysis, &plan);
    verify(&needs, &dockerfile, &mut plan.notes)?;
    let mut before = summary_of_input(analysis.root_image.as_ref(), analysis.model.stages[analysis.lineage[0]].os);
    before.packages = analyze::installed_packages(&analysis, &analysis.lineage);
    // The user the original ran as: its last USER, else its base image's.
    if let Some(user) = &needs.user {
        before.user.clone_from(user);
    }
    let mut after = summary_of_facts(plan.runtime);
    after.image = plan.reference.clone();
    // An image that runs as root (Oven's bun) gets USER 65532:65532.
    if plan.runtime.uid().is_none() {
        after.user = "nonroot (uid 65532)".to_string();
    }
    Ok(Converted {
        dockerfile,
        stack: plan.stack,
        tools: analysis.tools.clone(),
        image: plan.reference.clone(),
        notes: plan.notes,
        comparison: Comparison { before, after },
        unchanged: false,
        context_used: plan.context_used,
    })
}

/// The check a conversion runs on its own output: every need of the original that the result
/// does not meet refuses it; what it meets in part becomes a `Check:` note.
fn verify(needs: &needs::Needs, dockerfile: &str, notes: &mut Vec<Note>) -> Result<(), Refusal> {
    let Some(has) = has::has(dockerfile) else {
        return Err(Refusal::new(
            RefusalClass::ConverterLimit,
            "the conversion produced no final stage; please report this file",
            None,
        ));
    };
    let found = check::check(needs, &has);
    if let Some(first) = found.unmet.first() {
        return Err(Refusal::new(
            RefusalClass::ConverterLimit,
            format!(
                "shipshape's check of its own result found that the converted image would not run as the original did: {first}; rather than a broken image, no conversion"
            ),
            None,
        ));
    }
    for partial in found.partial {
        let note = Note::check(format!(
            "{partial}: copy it with `--chown=65532:65532` from the build stage if the app writes there"
        ));
        if !notes.contains(&note) {
            notes.push(note);
        }
    }
    Ok(())
}

/// Checks a conversion's output against the original: the needs the result does not meet, and
/// those it meets only in part. Empty when the output keeps everything the original needed.
pub fn verify_output(source: &str, output: &str) -> (Vec<String>, Vec<String>) {
    verify_output_with(source, output, &[])
}

/// [`verify_output`] for a conversion that read files of the build context: the original's
/// needs are those it has with them (the command its entry point script runs, say).
pub fn verify_output_with(source: &str, output: &str, context: &[ContextFile]) -> (Vec<String>, Vec<String>) {
    let parse = syntax::parse(source);
    let model = Model::build(&parse.file, source);
    let Ok(analysis) = analyze::analyze(source, &parse.file, &model, context) else {
        return (vec!["the original cannot be analysed".into()], Vec::new());
    };
    let needs = needs::needs(&analysis);
    match has::has(output) {
        Some(has) => {
            let found = check::check(&needs, &has);
            (found.unmet, found.partial)
        }
        None => (vec!["the output has no final stage".into()], Vec::new()),
    }
}

/// Brings the practices shipshape's rules check into a [`draft`] with shipshape's own fixes, settles what no fix
/// can in its build stages, and checks that the result re-parses.
pub fn finish(mut draft: Converted) -> Conversion {
    if draft.unchanged {
        return Conversion::Converted(draft);
    }
    match polish(&draft.dockerfile) {
        Ok((dockerfile, notes)) => {
            draft.dockerfile = dockerfile;
            draft.notes.extend(notes);
            Conversion::Converted(draft)
        }
        Err(refusal) => Conversion::Refused(refusal),
    }
}

/// A finding's message up to its first `: ` or `. ` outside a code span: what was found,
/// without the why that follows.
fn first_clause(message: &str) -> &str {
    let mut in_code = false;
    for (i, c) in message.char_indices() {
        match c {
            '`' => in_code = !in_code,
            ':' | '.' if !in_code && message[i + 1..].starts_with(' ') => return &message[..i],
            _ => {}
        }
    }
    message
}

/// The text half of [`finish`], for front ends that receive the draft from elsewhere: the
/// polished Dockerfile and the notes saying what the polish did.
pub fn polish(dockerfile: &str) -> Result<(String, Vec<Note>), Refusal> {
    let settings = Settings { select: PRACTICE_RULES.iter().map(|s| s.to_string()).collect(), ..Settings::default() };
    let fixed = crate::linter::fix(dockerfile, &settings, Applicability::Unsafe);
    let mut notes = Vec::new();
    if fixed.fix_count() > 0 {
        // What each rule found, in its own words: findings carry their messages in every build
        // (the page's has no rule summaries). A rule whose finding only a fix brought has its
        // name.
        let found = crate::linter::check(dockerfile, &settings);
        let applied: Vec<String> = fixed
            .fixed
            .iter()
            .filter_map(|(code, _)| crate::rules::find(code))
            .map(|rule| {
                let said = found.iter().find(|d| d.rule.code == rule.meta.code);
                let what =
                    said.map_or_else(|| rule.meta.name.to_string(), |d| first_clause(&d.message).to_lowercase_first());
                format!("{what} ({})", rule.meta.code)
            })
            .collect();
        notes.push(Note::changed(format!(
            "shipshape's own rules found these in the result, and their fixes were applied: {}",
            applied.join("; ")
        )));
    }
    let (dockerfile, settled) = settle_build_stages(&fixed.output);
    notes.extend(settled);
    let result = crate::linter::check_full(&dockerfile, &Settings::default());
    if let Some(error) = result.parse.errors.first() {
        return Err(Refusal::new(
            RefusalClass::ConverterLimit,
            format!("the conversion produced invalid syntax ({}); please report this file", error.message),
            None,
        ));
    }
    notes.extend(remaining_findings(&dockerfile, &result.diagnostics));
    Ok((dockerfile, notes))
}

/// The rules whose fixes bring the checked practices into the output, and those that repair
/// what the final stage carries over from the original (`ADD app.jar`, `WORKDIR .`).
const PRACTICE_RULES: &[&str] =
    &["DL3042", "SS004", "DL3009", "DL3015", "DL3014", "DL3019", "SS007", "SS008", "DL3020", "DL3000", "DL3065"];

/// Rules whose findings depend on files beside the Dockerfile, which a conversion cannot see.
const CONTEXT_RULES: &[&str] = &["SS003"];

/// What shipshape still reports at warning level or above once the conversion is done: mostly
/// findings the original file had that no fix can settle (`golang:latest`, an unpinned
/// `pip install`). Chainguard's `:latest`, which has a note of its own, is not repeated.
/// The user reads them in one note instead of finding them in the next check.
fn remaining_findings(dockerfile: &str, diagnostics: &[crate::Diagnostic]) -> Option<Note> {
    let lines = crate::text::LineIndex::new(dockerfile);
    let left: Vec<String> = diagnostics
        .iter()
        .filter(|d| d.severity >= crate::Severity::Warning && !CONTEXT_RULES.contains(&d.rule.code))
        .filter(|d| !(d.rule.code == "DL3007" && dockerfile[d.range.start as usize..].starts_with("cgr.dev/")))
        .map(|d| format!("line {}: {} ({})", lines.line(d.range.start) + 1, d.message, d.rule.code))
        .collect();
    let (first, more) = left.split_first()?;
    let mut message =
        format!("`shipshape check` still reports these in the result, which the conversion does not settle: {first}");
    for finding in more.iter().take(4) {
        message.push_str("; ");
        message.push_str(finding);
    }
    if more.len() > 4 {
        message.push_str(&format!("; and {} more (`shipshape check` lists them)", more.len() - 4));
    }
    Some(Note::check(message))
}

/// The package-pinning rules, which cannot be fixed without a registry.
const PINNING_RULES: &[&str] = &["DL3008", "DL3018", "DL3033", "DL3037", "DL3041"];

/// Build stages keep what the original build did, including findings no fix can settle: an
/// unpinned package (the version lives in a registry) and a relative COPY in a stage with no
/// WORKDIR. Their packages never reach the final image, so the pins are silenced with a pragma
/// that says so; the working directory is written out, with the value the base image has.
fn settle_build_stages(text: &str) -> (String, Vec<Note>) {
    let result = crate::linter::check_full(text, &Settings::default());
    let last = result.model.stages.len().saturating_sub(1);
    let file = &result.parse.file;
    let mut edits: Vec<crate::fix::Edit> = Vec::new();
    let mut notes = Vec::new();
    let mut pinned_rules: Vec<&str> = Vec::new();
    let mut workdir_stages: Vec<usize> = Vec::new();
    let line_start = |offset: u32| text[..offset as usize].rfind('\n').map_or(0, |i| i + 1) as u32;
    // New lines end like the file's own, so a CRLF file stays CRLF.
    let nl = if text.contains("\r\n") { "\r\n" } else { "\n" };
    for d in &result.diagnostics {
        let Some(index) = crate::suppression::instruction_at(file, d.range.start) else { continue };
        let Some(stage) = result.model.stage_of[index] else { continue };
        if stage == last {
            continue;
        }
        if PINNING_RULES.contains(&d.rule.code) {
            let at = line_start(file.instructions[index].range.start);
            if !edits.iter().any(|e| e.range.start == at) {
                edits.push(crate::fix::Edit::insert(
                    at,
                    format!(
                        "# hadolint ignore={}  # a build stage: its packages never reach the final image{nl}",
                        d.rule.code
                    ),
                ));
                if !pinned_rules.contains(&d.rule.code) {
                    pinned_rules.push(d.rule.code);
                }
            }
        } else if d.rule.code == "DL3045" && !workdir_stages.contains(&stage) {
            let workdir = result.model.root_image(stage).and_then(images::default_workdir);
            if let (Some(workdir), Some(from)) = (workdir, result.model.stages[stage].from) {
                let end = file.instructions[from].range.end as usize;
                let at = text[end..].find('\n').map_or(text.len(), |i| end + i + 1) as u32;
                edits.push(crate::fix::Edit::insert(at, format!("WORKDIR {workdir}{nl}")));
                workdir_stages.push(stage);
            }
        }
    }
    if !pinned_rules.is_empty() {
        notes.push(Note::check(format!(
            "The build stage installs packages without versions ({}); they never reach the final image, so the finding is silenced with a pragma. Pin them if you need reproducible builds",
            pinned_rules.join(", ")
        )));
    }
    if !workdir_stages.is_empty() {
        notes.push(Note::changed(
            "The build stage now names its working directory, the one its base image already had, so that relative COPY destinations are explicit",
        ));
    }
    // A WORKDIR and a pragma may go to the same place: the pragma must stay right above its RUN.
    edits.sort_by_key(|e| (e.range.start, !e.content.starts_with("WORKDIR")));
    let mut merged: Vec<crate::fix::Edit> = Vec::new();
    for edit in edits {
        match merged.last_mut() {
            Some(last) if last.range == edit.range => last.content.push_str(&edit.content),
            _ => merged.push(edit),
        }
    }
    let fixes = [crate::fix::Fix::safe("settle build stages", merged)];
    let refs: Vec<&crate::fix::Fix> = fixes.iter().collect();
    (crate::fix::apply(text, &refs).0, notes)
}

trait LowercaseFirst {
    fn to_lowercase_first(&self) -> String;
}

impl LowercaseFirst for str {
    fn to_lowercase_first(&self) -> String {
        let mut chars = self.chars();
        match chars.next() {
            Some(c) => c.to_lowercase().chain(chars).collect(),
            None => String::new(),
        }
    }
}

/// A file whose final stage already runs on distroless or Chainguard is left as it is.
fn already_distroless(source: &str, file: &syntax::Dockerfile, model: &Model) -> Option<Converted> {
    let stage = model.stages.last()?;
    let image = model.root_image(stage.index)?;
    let host = image.registry_host();
    let distroless = host == "gcr.io" && image.repository.starts_with("distroless/");
    let chainguard = host == "cgr.dev" && !image.tag_or_latest().contains("dev");
    let microsoft = is_microsoft_distroless(image);
    let upstream = images::facts_for(image).is_some_and(|f| f.family == Family::Upstream);
    if !distroless && !chainguard && !microsoft && !upstream {
        return None;
    }
    let mut notes =
        vec![Note::changed(format!("The final stage already runs on {}: the file is left as it is", code(&image.raw)))];
    let lineage: Vec<usize> = model.lineage(stage.index).flat_map(|s| s.instructions.clone()).collect();
    let tag = image.tag_or_latest();
    if distroless && tag.contains("debug") {
        notes.push(Note::check(format!(
            "{} is a debug image, with a busybox shell: use it to investigate, and ship the image without `debug`",
            code(&image.raw)
        )));
    }
    // An exec-form RUN (`RUN ["app", "--version"]`) needs no shell.
    if lineage.iter().any(|&i| {
        file.instructions[i].kind == syntax::Kind::Run
            && matches!(file.instructions[i].command(), Some(syntax::Command::Shell(_)))
    }) && !tag.contains("debug")
    {
        notes.push(Note::check(
            "The final stage has shell-form RUN instructions, and a distroless image has no shell to run them: move them into a build stage, or write them in exec form",
        ));
    }
    if lineage.iter().any(|&i| {
        matches!(file.instructions[i].kind, syntax::Kind::Cmd | syntax::Kind::Entrypoint)
            && matches!(file.instructions[i].command(), Some(syntax::Command::Shell(_)))
    }) {
        notes
            .push(Note::check("CMD or ENTRYPOINT is in shell form, which needs a shell: write it in exec (JSON) form"));
    }
    let has_user = lineage.iter().any(|&i| file.instructions[i].kind == syntax::Kind::User);
    if distroless && !tag.contains("nonroot") && !has_user {
        notes.push(Note::check(format!(
            "{} runs as root: use the `:nonroot` tag or `USER 65532:65532`",
            code(&image.raw)
        )));
    }
    if microsoft && image.repository.starts_with("openjdk/") && !has_user {
        notes.push(Note::check(format!("{} runs as root: add `USER 101:101`, its `app` user", code(&image.raw))));
    }
    if upstream && !has_user {
        notes.push(Note::check(format!("{} runs as root: add `USER 65532:65532`", code(&image.raw))));
    }
    if distroless && !image.repository.contains("-debian") {
        notes.push(Note::check(
            "The image name has no `-debianNN` suffix, so it will move to a new Debian release on its own: name the release (`-debian13`)",
        ));
    }
    let facts = images::facts_for(image);
    let mut summary = facts.map(summary_of_facts).unwrap_or_else(|| summary_of_input(Some(image), stage.os));
    // The user it runs as: its last USER, else its base image's.
    let last_user = lineage.iter().rev().find(|&&i| file.instructions[i].kind == syntax::Kind::User);
    if let Some(syntax::Args::Text(word)) = last_user.map(|&i| &file.instructions[i].args) {
        summary.user.clone_from(&word.value);
    }
    let stack = match crate::semantic::stack::detect(file, model) {
        crate::semantic::stack::Stack::Python => Stack::Python,
        crate::semantic::stack::Stack::Node => Stack::Node,
        crate::semantic::stack::Stack::Go => Stack::Go,
        crate::semantic::stack::Stack::Java => Stack::Java,
        crate::semantic::stack::Stack::Rust => Stack::Rust,
        crate::semantic::stack::Stack::Dotnet => Stack::Dotnet,
        _ => Stack::StaticBinary,
    };
    let tools = analyze::tools_in(model.scripts.iter().flatten().flat_map(|s| s.commands.iter()));
    Some(Converted {
        dockerfile: source.to_string(),
        stack,
        tools,
        image: image.raw.clone(),
        notes,
        comparison: Comparison { before: summary.clone(), after: summary },
        unchanged: true,
        context_used: Vec::new(),
    })
}

fn summary_of_facts(facts: &ImageFacts) -> ImageSummary {
    let libc = match facts.libc {
        Libc::None => "no libc".to_string(),
        libc => libc.as_str().to_string(),
    };
    let os = if facts.os.contains("libc") { facts.os.to_string() } else { format!("{}, {libc}", facts.os) };
    ImageSummary {
        image: match facts.family {
            Family::Common => format!("{}:{}", facts.repository, facts.tag),
            _ => facts.reference(),
        },
        os,
        shell: Some(facts.shell),
        package_manager: facts.package_manager.unwrap_or("none").to_string(),
        user: facts.user.to_string(),
        size: facts.size,
        packages: Vec::new(),
    }
}

fn summary_of_input(image: Option<&ImageRef>, os: Os) -> ImageSummary {
    let name = image.map(|i| i.raw.clone()).unwrap_or_else(|| "scratch".into());
    if let Some(facts) = image.and_then(images::facts_for) {
        let mut summary = summary_of_facts(facts);
        summary.image = name;
        return summary;
    }
    let (os_name, package_manager) = match os {
        Os::Alpine => ("Alpine Linux, musl", "apk"),
        Os::Debian => ("Debian, glibc", "apt"),
        Os::Ubuntu => ("Ubuntu, glibc", "apt"),
        Os::Rhel => ("Red Hat family, glibc", "dnf"),
        Os::Suse => ("SUSE, glibc", "zypper"),
        Os::Busybox => ("BusyBox", "none"),
        Os::Wolfi => ("Wolfi, glibc", "apk"),
        Os::Distroless => ("distroless", "none"),
        Os::Scratch => ("none (scratch)", "none"),
        Os::Windows => ("Windows", "unknown"),
        Os::Unknown => ("unknown", "unknown"),
    };
    let shell = match os {
        Os::Unknown | Os::Windows => None,
        other => Some(other.has_shell()),
    };
    ImageSummary {
        image: name,
        os: os_name.to_string(),
        shell,
        package_manager: package_manager.to_string(),
        user: "root".to_string(),
        size: None,
        packages: Vec::new(),
    }
}

impl Comparison {
    /// The comparison as a plain-text table, before and after, one row per fact.
    pub fn table(&self) -> String {
        let packages = |p: &[String]| if p.is_empty() { "none".to_string() } else { p.join(" ") };
        let rows: [(&str, String, String); 7] = [
            ("image", self.before.image.clone(), self.after.image.clone()),
            ("base image size", size_text(self.before.size), size_text(self.after.size)),
            ("OS packages added", packages(&self.before.packages), packages(&self.after.packages)),
            ("operating system", self.before.os.clone(), self.after.os.clone()),
            ("shell", yes_no(self.before.shell), yes_no(self.after.shell)),
            ("package manager", self.before.package_manager.clone(), self.after.package_manager.clone()),
            ("runs as", self.before.user.clone(), self.after.user.clone()),
        ];
        let w0 = rows.iter().map(|r| r.0.chars().count()).max().unwrap_or(0);
        let w1 = rows.iter().map(|r| r.1.chars().count()).max().unwrap_or(0).max("before".len());
        let mut out = format!("{:<w0$}  {:<w1$}  after\n", "", "before");
        for (label, before, after) in rows {
            out.push_str(&format!("{label:<w0$}  {before:<w1$}  {after}\n"));
        }
        let mut sources: Vec<String> = Vec::new();
        for size in [self.before.size, self.after.size].into_iter().flatten() {
            let source = format!("{} ({})", size.source, size.date);
            if !sources.contains(&source) {
                sources.push(source);
            }
        }
        if !sources.is_empty() {
            out.push_str(&format!(
                "Sizes are estimates of the compressed base image for linux/amd64, before the packages and files the Dockerfile adds; sources: {}.\n",
                sources.join("; ")
            ));
        }
        out
    }
}

fn size_text(size: Option<Size>) -> String {
    match size {
        Some(s) if s.approximate => format!("≈{:.0} MB", s.megabytes.max(1.0)),
        Some(s) => format!("{:.1} MB", s.megabytes),
        None => "not published".to_string(),
    }
}

fn yes_no(value: Option<bool>) -> String {
    match value {
        Some(true) => "yes".into(),
        Some(false) => "no".into(),
        None => "unknown".into(),
    }
}

impl Converted {
    /// The notes and the comparison as text, for a terminal or a test snapshot.
    pub fn report(&self) -> String {
        let mut out = String::new();
        for note in &self.notes {
            let prefix = match note.kind {
                NoteKind::Changed => "note",
                NoteKind::Check => "check",
            };
            out.push_str(&format!("{prefix}: {}\n", note.message));
        }
        out.push('\n');
        out.push_str(&self.comparison.table());
        out
    }
}

/// True when an image reference names a distroless or Chainguard runtime (not a `-dev` or
/// `debug` variant with a shell).
pub fn is_distroless_image(image: &ImageRef) -> bool {
    let host = image.registry_host();
    let tag = image.tag_or_latest();
    (host == "gcr.io" && image.repository.starts_with("distroless/") && !tag.contains("debug"))
        || (host == "cgr.dev" && !tag.contains("dev"))
        || is_microsoft_distroless(image)
        || images::facts_for(image).is_some_and(|f| f.family == Family::Upstream)
}

/// True for Microsoft's images without a shell: .NET's chiseled and distroless variants
/// (`aspnet:8.0-noble-chiseled`, `runtime-deps:9.0-azurelinux3.0-distroless`) and the
/// distroless OpenJDK (`openjdk/jdk:11-distroless`).
fn is_microsoft_distroless(image: &ImageRef) -> bool {
    let tag = image.tag_or_latest();
    image.registry_host() == "mcr.microsoft.com"
        && (image.repository.starts_with("dotnet/") || image.repository == "openjdk/jdk")
        && (tag.contains("chiseled") || tag.contains("distroless"))
}

/// True when the model's final stage starts from a distroless or Chainguard runtime.
pub fn final_stage_is_distroless(model: &Model) -> bool {
    model.stages.last().is_some_and(|s| match &s.base {
        Base::Image(image) => is_distroless_image(image),
        _ => model.root_image(s.index).is_some_and(is_distroless_image),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn converted(source: &str) -> Converted {
        match convert(source, &Options::default()) {
            Conversion::Converted(c) => c,
            Conversion::Refused(r) => panic!("refused: {}", r.reason),
        }
    }

    fn refused(source: &str) -> Refusal {
        match convert(source, &Options::default()) {
            Conversion::Refused(r) => r,
            Conversion::Converted(c) => panic!("converted:\n{}", c.dockerfile),
        }
    }

    fn assert_parses(text: &str) {
        let parse = syntax::parse(text);
        assert!(parse.errors.is_empty(), "{:?}\n{text}", parse.errors);
    }

    #[test]
    fn keeps_crlf_line_endings() {
        let source = "FROM python:3.12-alpine\r\nWORKDIR /app\r\nCOPY . .\r\nRUN apk add --no-cache gcc musl-dev \\\r\n    && pip install --no-cache-dir -r requirements.txt\r\nCMD [\"python\", \"app.py\"]\r\n";
        let c = converted(source);
        assert_parses(&c.dockerfile);
        assert!(!c.dockerfile.replace("\r\n", "").contains('\n'), "every line ends with CRLF:\n{:?}", c.dockerfile);
        assert!(c.dockerfile.contains("apt-get install -y --no-install-recommends gcc libc6-dev"));
    }

    #[test]
    fn uses_the_escape_character_of_the_file() {
        let source = "# escape=`\nFROM python:3.13-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\nCMD [\"python\", \"app.py\"]\n";
        let c = converted(source);
        assert_parses(&c.dockerfile);
        assert!(c.dockerfile.contains("ENV VIRTUAL_ENV=/venv `\n    PATH=/venv/bin:$PATH"), "{}", c.dockerfile);
        assert!(!c.dockerfile.contains(" \\\n"), "{}", c.dockerfile);
    }

    #[test]
    fn translates_inside_heredocs_and_keeps_comment_lines() {
        let source = "FROM python:3.12-alpine\nWORKDIR /app\nCOPY . .\nRUN <<EOF\nset -e\napk add --no-cache build-base\npip install --no-cache-dir -r requirements.txt\nEOF\nRUN apk add --no-cache \\\n    # compilers for the wheels\n    gcc musl-dev \\\n    && addgroup -S app && adduser -S -G app app\nUSER app\nCMD [\"python\", \"app.py\"]\n";
        let c = converted(source);
        assert_parses(&c.dockerfile);
        assert!(c.dockerfile.contains("set -e\napt-get update"), "{}", c.dockerfile);
        assert!(c.dockerfile.contains("# compilers for the wheels"), "{}", c.dockerfile);
        assert!(!c.dockerfile.contains("adduser"), "{}", c.dockerfile);
        assert!(!c.dockerfile.contains("apk "), "{}", c.dockerfile);
    }

    #[test]
    fn a_file_without_a_final_line_break() {
        let c = converted(
            "FROM golang:1.23 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/app .\nFROM alpine:3.20\nCOPY --from=build /out/app /app\nCMD [\"/app\"]",
        );
        assert_parses(&c.dockerfile);
        assert!(c.dockerfile.contains("FROM gcr.io/distroless/static-debian13:nonroot\n"), "{}", c.dockerfile);
        assert!(c.dockerfile.contains("USER 65532:65532\nCMD [\"/app\"]"), "{}", c.dockerfile);
    }

    #[test]
    fn a_file_ending_inside_a_line_continuation() {
        // The continuation goes on over blank and comment lines, so the end of the file may be
        // several lines after the escape.
        for ending in ["", "\n", "  \n\n", "# later\n", "\n# later"] {
            let source = format!(
                "FROM node:22.11-bookworm-slim\nWORKDIR /app\nCOPY . .\nCMD [\"node\", \"index.js\"]\nRUN npm ci \\\n{ending}"
            );
            let c = converted(&source);
            assert_parses(&c.dockerfile);
            assert!(!c.dockerfile.contains("npm ci \\"), "the continuation is closed:\n{}", c.dockerfile);
            // The final stage is a stage of its own, not words of the RUN before it.
            let parse = syntax::parse(&c.dockerfile);
            let froms: Vec<&str> = parse
                .file
                .instructions
                .iter()
                .filter(|i| i.kind == syntax::Kind::From)
                .map(|i| i.args_range.slice(&c.dockerfile))
                .collect();
            assert_eq!(froms.last(), Some(&"gcr.io/distroless/nodejs22-debian13:nonroot"), "{}", c.dockerfile);
            if ending.contains('#') {
                assert!(c.dockerfile.contains("# later"), "{}", c.dockerfile);
            }
        }
    }

    #[test]
    fn removing_a_command_keeps_the_shell_valid() {
        // `adduser` sits inside an `if`: it becomes `true` rather than taking `fi` with it.
        let source = "FROM python:3.12-alpine\nWORKDIR /app\nCOPY . .\nRUN if [ -f x ]; then adduser -D app; fi && pip install --no-cache-dir .\nCMD [\"python\", \"-m\", \"app\"]\n";
        let c = converted(source);
        assert_parses(&c.dockerfile);
        assert!(c.dockerfile.contains("then true; fi && pip install"), "{}", c.dockerfile);
    }

    #[test]
    fn refusals_say_why() {
        assert!(refused("ARG VERSION=1\n").reason.contains("no FROM"));
        assert!(refused("").reason.contains("syntax"));
        assert!(
            refused("FROM python:3.12\nRUN pip install flask\nCMD python app.py && echo done\n")
                .reason
                .contains("shell")
        );
        assert!(refused("FROM python:3.12\nONBUILD COPY . /app\nCMD [\"python\"]\n").reason.contains("ONBUILD"));
        assert!(refused("FROM python:3.12\nENV GREETING\nCMD [\"python\", \"a.py\"]\n").reason.contains("syntax"));
        let ruby = refused("FROM ruby:3.3\nWORKDIR /app\nCOPY . .\nCMD [\"ruby\", \"app.rb\"]\n");
        assert!(
            ruby.reason.contains("no distroless Ruby image") && ruby.reason.contains("`--runtime chainguard` converts"),
            "{}",
            ruby.reason
        );
        assert!(
            refused("FROM python:3.14-slim\nRUN pip install flask\nCMD [\"python\", \"app.py\"]\n")
                .reason
                .contains("chainguard")
        );
        assert!(refused("ARG BASE\nFROM $BASE\nCMD [\"/app\"]\n").reason.contains("build argument"));
        assert!(refused("FROM python:3.12\nRUN pip install flask\n").reason.contains("no CMD"));
        let r = refused("FROM python:3.12\nCOPY run.sh /\nENTRYPOINT [\"/run.sh\"]\n");
        assert_eq!(r.range.map(|r| r.start), Some(31), "the range points at the ENTRYPOINT");
    }

    #[test]
    fn python_3_14_converts_to_chainguard() {
        let source = "FROM python:3.14-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir flask\nCMD [\"python\", \"app.py\"]\n";
        let Conversion::Converted(c) =
            convert(source, &Options { runtime: RuntimeFamily::Chainguard, ..Options::default() })
        else {
            panic!("refused")
        };
        assert!(c.dockerfile.contains("FROM cgr.dev/chainguard/python:latest\n"), "{}", c.dockerfile);
    }

    #[test]
    fn already_distroless_files_are_left_alone_with_notes() {
        let source = "FROM golang:1.23 AS build\nRUN go build -o /app .\nFROM gcr.io/distroless/static-debian13:debug\nCOPY --from=build /app /app\nRUN echo hi\nCMD /app\n";
        let c = converted(source);
        assert!(c.unchanged);
        assert_eq!(c.dockerfile, source);
        let notes: Vec<String> = c.notes.iter().map(ToString::to_string).collect();
        assert!(notes.iter().any(|n| n.contains("debug image")), "{notes:?}");
        assert!(notes.iter().any(|n| n.contains("exec (JSON) form")), "{notes:?}");
        assert_eq!(c.comparison.before.user, "nonroot (uid 65532)", "the image's own user, without USER");
        let with_user = source.replace("RUN echo hi\n", "USER 1000:1000\n");
        assert_eq!(converted(&with_user).comparison.before.user, "1000:1000");
    }

    #[test]
    fn the_comparison_says_whom_the_original_ran_as() {
        let source = "FROM python:3.13-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir flask \\\n    && useradd -u 10001 app\nUSER app\nCMD [\"python\", \"app.py\"]\n";
        let c = converted(source);
        assert_eq!(
            (c.comparison.before.user.as_str(), c.comparison.after.user.as_str()),
            ("app", "nonroot (uid 65532)")
        );
        let c = converted(&source.replace("USER app\n", ""));
        assert_eq!(c.comparison.before.user, "root");
    }

    #[test]
    fn comparison_table_names_its_sources() {
        let c = converted(include_str!("../../../../tests/distroless/seed-python-alpine.Dockerfile"));
        let table = c.comparison.table();
        assert!(table.contains("18.0 MB") && table.contains("2026-09-17"), "{table}");
        assert!(table.contains("build-base libffi-dev"), "{table}");
        assert_eq!(c.comparison.after.shell, Some(false));
        assert_eq!(c.comparison.after.package_manager, "none");
    }
}
