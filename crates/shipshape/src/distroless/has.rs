//! What the converted final image has, read back from the converted Dockerfile: the base
//! image's facts from [`super::images`] (its programs, libraries, entrypoint, user) and
//! everything the final stage copies in, with its owner; how it starts; what it exposes.

use super::images::{self, ImageFacts};
use super::packages::{self, Role};
use crate::semantic::paths::{Cwd, is_under, join};
use crate::semantic::{Base, Model};
use crate::syntax::{self, Args, Command, Kind};

/// One path the final stage copies in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Copied {
    /// Where it lands, absolute: the destination, or the file's path in a destination directory
    /// (`COPY app.jar /srv/` gives `/srv/app.jar`).
    pub path: String,
    /// Copied with `--chown` to the app's user (the runtime image's non-root user).
    pub owned_by_app: bool,
}

/// How the image's health is checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Health {
    /// No HEALTHCHECK in the final stage.
    Unset,
    /// `HEALTHCHECK NONE`.
    Disabled,
    Exec(Vec<String>),
    /// Shell form: needs a shell.
    Shell(String),
}

#[derive(Clone, Debug)]
pub(crate) struct Has {
    pub image: String,
    pub facts: Option<&'static ImageFacts>,
    pub copied: Vec<Copied>,
    /// Sonames the libraries stage (`COPY --from=<stage> /runtime-libs/ /`) brings in.
    pub copied_libraries: Vec<String>,
    /// Programs whose linked libraries that stage found with `ldd` and brings in.
    pub scanned_binaries: Vec<String>,
    /// ENTRYPOINT as set in the final stage (`Some([])` for `ENTRYPOINT []`), or `None` when the
    /// image's own applies.
    pub entrypoint: Option<Vec<String>>,
    pub cmd: Option<Vec<String>>,
    pub health: Health,
    pub workdir: String,
    pub user: Option<String>,
    pub exposed: Vec<u16>,
    /// RUN or SHELL instructions in the final stage.
    pub runs_shell: bool,
}

impl Has {
    /// The command the image runs, as Docker combines ENTRYPOINT and CMD.
    pub fn argv(&self) -> Vec<String> {
        let mut argv: Vec<String> = match &self.entrypoint {
            Some(e) => e.clone(),
            None => self.facts.map(|f| f.entrypoint.iter().map(|s| s.to_string()).collect()).unwrap_or_default(),
        };
        argv.extend(self.cmd.iter().flatten().cloned());
        argv
    }

    /// The ENTRYPOINT in effect: the stage's, or the image's own.
    pub fn effective_entrypoint(&self) -> Vec<String> {
        match &self.entrypoint {
            Some(e) => e.clone(),
            None => self.facts.map(|f| f.entrypoint.iter().map(|s| s.to_string()).collect()).unwrap_or_default(),
        }
    }

    /// True when the image has the program at `path` (absolute, or relative to WORKDIR).
    pub fn has_program(&self, path: &str) -> bool {
        let path = join(&self.workdir, path);
        self.facts.is_some_and(|f| f.programs.contains(&path.as_str()))
            || self.copied.iter().any(|c| is_under(&path, &c.path))
    }

    /// True when the image has the library with this soname.
    pub fn has_library(&self, soname: &str) -> bool {
        self.facts.is_some_and(|f| f.libraries.contains(&soname)) || self.copied_libraries.iter().any(|l| l == soname)
    }

    /// True when `path` is in the image and owned by the app's user.
    pub fn writable(&self, path: &str) -> bool {
        self.copied.iter().any(|c| c.owned_by_app && is_under(path, &c.path))
    }

    /// True when `user` (a USER or `--chown` owner, `name[:group]`) is the runtime image's
    /// non-root user: `65532` or `nonroot` on distroless and Chainguard, `1654` or `app` on
    /// .NET's chiseled images.
    pub fn is_app_user(&self, user: &str) -> bool {
        let user = user.split(':').next().unwrap_or(user);
        let (name, uid) = match self.facts {
            Some(facts) => (facts.user.split(' ').next().unwrap_or("nonroot"), facts.uid().unwrap_or(65532)),
            None => ("nonroot", 65532),
        };
        user == name || user == uid.to_string()
    }

    /// True when `path` is in the image at all.
    pub fn exists(&self, path: &str) -> bool {
        self.copied.iter().any(|c| is_under(path, &c.path) || is_under(&c.path, path))
    }
}

/// Models the final stage of a converted Dockerfile; `None` when it has no final stage.
pub(crate) fn has(text: &str) -> Option<Has> {
    let parse = syntax::parse(text);
    let file = &parse.file;
    let model = Model::build(file, text);
    let stage = model.stages.last()?;
    let image = match &stage.base {
        Base::Image(image) => image.clone(),
        _ => return None,
    };
    let facts = images::facts_for(&image).filter(|f| f.family != images::Family::Common);
    let mut has = Has {
        image: image.raw.clone(),
        facts,
        copied: Vec::new(),
        copied_libraries: Vec::new(),
        scanned_binaries: Vec::new(),
        entrypoint: None,
        cmd: None,
        health: Health::Unset,
        workdir: "/".into(),
        user: None,
        exposed: Vec::new(),
        runs_shell: false,
    };
    let expand = |text: &str, at: usize| model.resolve(at, text);
    for i in stage.instructions.clone() {
        let instruction = &file.instructions[i];
        let cwd = match model.cwd_before(file, text, i, &expand) {
            Cwd::Known(dir) => dir,
            Cwd::UnderBaseImage(rel) => join("/", &rel),
            Cwd::BaseImage | Cwd::Unknown => "/".into(),
        };
        match instruction.kind {
            Kind::Run | Kind::Shell => has.runs_shell = true,
            Kind::Copy | Kind::Add => {
                let Args::Copy(copy) = &instruction.args else { continue };
                let Some(dest) = copy.destination() else { continue };
                let dest_text = model.resolve(i, &dest.value).unwrap_or_else(|| dest.value.clone());
                let dest_path = join(&cwd, &dest_text);
                let into_dir = dest_text.ends_with('/') || copy.sources().len() > 1;
                let owned =
                    instruction.flag("chown").and_then(|f| f.value.as_deref()).is_some_and(|o| has.is_app_user(o));
                if let Some(from) = instruction.flag("from").and_then(|f| f.value.as_deref())
                    && copy.sources().iter().any(|s| s.value.trim_end_matches('/') == "/runtime-libs")
                    && let Some(libs_stage) = model.stage_named(from, stage.index)
                {
                    has.copied_libraries.extend(libraries_installed_in(&model, libs_stage));
                    has.scanned_binaries.extend(binaries_scanned_in(&model, libs_stage));
                    continue;
                }
                for source in copy.sources() {
                    let name = source.value.trim_end_matches('/').rsplit('/').next().unwrap_or("").to_string();
                    // A directory source lands as its contents; only a file (as far as its
                    // name tells: `server.js`, `app.jar`) lands under its own name.
                    let is_file = name.rsplit_once('.').is_some_and(|(stem, ext)| !stem.is_empty() && !ext.is_empty())
                        && !source.value.ends_with('/');
                    let path = if into_dir && is_file && !name.contains('*') {
                        join(&dest_path, &name)
                    } else {
                        dest_path.clone()
                    };
                    has.copied.push(Copied { path, owned_by_app: owned });
                }
            }
            Kind::Workdir => {
                // WORKDIR creates the directory (owned by root).
                if let Cwd::Known(dir) = model.cwd_before(file, text, i + 1, &expand) {
                    has.workdir = dir;
                }
            }
            Kind::Entrypoint | Kind::Cmd => {
                let argv = match instruction.command() {
                    Some(Command::Exec(exec)) => exec.elements.iter().map(|e| e.value.clone()).collect(),
                    Some(Command::Shell(shell)) => vec!["/bin/sh".into(), "-c".into(), shell.text.clone()],
                    None => Vec::new(),
                };
                if instruction.kind == Kind::Entrypoint {
                    has.entrypoint = Some(argv);
                    // ENTRYPOINT resets the CMD set before it.
                    has.cmd = None;
                } else {
                    has.cmd = Some(argv);
                }
            }
            Kind::Healthcheck => {
                let Args::Healthcheck(args) = &instruction.args else { continue };
                has.health = match &args.command {
                    None => Health::Disabled,
                    Some(Command::Exec(exec)) => Health::Exec(exec.elements.iter().map(|e| e.value.clone()).collect()),
                    Some(Command::Shell(shell)) => Health::Shell(shell.text.clone()),
                };
            }
            Kind::User => {
                if let Args::Text(word) = &instruction.args {
                    has.user = Some(word.value.clone());
                }
            }
            Kind::Expose => {
                if let Args::Words(words) = &instruction.args {
                    has.exposed.extend(words.iter().filter_map(|w| {
                        let value = model.resolve(i, &w.value)?;
                        value.split('/').next()?.split('-').next()?.parse::<u16>().ok()
                    }));
                }
            }
            _ => {}
        }
    }
    Some(has)
}

/// The programs a libraries stage lists for `ldd` (`printf '%s\n' /usr/local/bin/app > …`).
fn binaries_scanned_in(model: &Model, stage: usize) -> Vec<String> {
    let mut paths = Vec::new();
    for i in model.stages[stage].instructions.clone() {
        let Some(script) = model.script(i) else { continue };
        for command in script.commands.iter().filter(|c| c.is("printf")) {
            paths.extend(command.positional().skip(1).map(|w| w.value.clone()).filter(|p| p.starts_with('/')));
        }
    }
    paths
}

/// The sonames of the library packages a stage installs with apt-get.
fn libraries_installed_in(model: &Model, stage: usize) -> Vec<String> {
    let mut sonames = Vec::new();
    for i in model.stages[stage].instructions.clone() {
        let Some(script) = model.script(i) else { continue };
        for command in &script.commands {
            let Some(pc) = super::analyze::package_command(command) else { continue };
            for package in pc.os_packages() {
                if let Some(Role::Library { sonames: names }) = packages::role(&package.name, packages::Distro::Debian)
                {
                    sonames.extend(names.iter().map(|s| s.to_string()));
                }
            }
        }
    }
    sonames
}
