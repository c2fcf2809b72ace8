//! What the original final image needs at run time, read from the file before anything is
//! rewritten: the packages its stages installed and what each is for, the run-time libraries
//! and programs among them, the directories its RUNs create or hand to the app's user, its
//! ports, volumes and users, and how it is started. [`super::has`] models the converted image,
//! and [`super::check`] holds one against the other.

use super::Stack;
use super::analyze::{Analysis, chown_of, is_non_root_owner, package_command};
use super::packages::{self, Distro, Package, Role};
use crate::semantic::Os;
use crate::semantic::paths::{is_under, join};
use crate::syntax::{Args, Kind};

/// One OS package a stage of the final image's lineage installed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Installed {
    pub name: String,
    pub distro: Distro,
    /// What the table says it is for; `None` for a package it does not know.
    pub role: Option<Role>,
    /// The RUN that installs it.
    pub at: usize,
}

impl Installed {
    /// True when the final image still needs the package: a library, a program apps run, or
    /// something the table does not know. Tools for people inside the container, build tools,
    /// headers, what the runtime image has, musl shims and the build image's own Python are
    /// not needed.
    pub fn needed(&self) -> bool {
        matches!(self.role, None | Some(Role::Library { .. } | Role::Program { apps_run_it: true }))
    }
}

/// A directory the app writes to, as the original made it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Dir {
    pub path: String,
    /// Given to a user other than root (`chown`, `COPY --chown`), made writable for everyone
    /// (`chmod 777`), or declared a VOLUME.
    pub writable: bool,
    pub at: usize,
}

#[derive(Clone, Debug, Default)]
pub(crate) struct Needs {
    /// Every OS package the lineage installs, in order.
    pub installed: Vec<Installed>,
    /// Package words that are variables (`apk add $RUNTIME_DEPS`): what they install is unknown.
    pub unknown_installs: Vec<(String, usize)>,
    /// The run-time libraries (Debian rows) the app loads: installed as libraries, implied by
    /// headers in the final image, or by headers a native extension was built against.
    pub libraries: Vec<&'static Package>,
    /// Directories the final image's RUNs create, give to the app's user or make writable.
    pub dirs: Vec<Dir>,
    /// The TCP ports EXPOSE names.
    pub ports: Vec<u16>,
    pub volumes: Vec<String>,
    /// The user the image ran as (the last USER), if set.
    pub user: Option<String>,
    /// The original set no ENTRYPOINT: `docker run IMAGE cmd` replaced the whole command.
    pub cmd_only: bool,
}

impl Needs {
    /// The installed packages the final image still needs, that are not libraries: programs
    /// and packages the table does not know.
    pub fn programs(&self) -> Vec<&Installed> {
        self.installed.iter().filter(|p| p.needed() && !matches!(p.role, Some(Role::Library { .. }))).fold(
            Vec::new(),
            |mut out, p| {
                if !out.iter().any(|o: &&Installed| o.name == p.name) {
                    out.push(p);
                }
                out
            },
        )
    }

    /// True when the original ran as root (no USER, or root).
    pub fn ran_as_root(&self) -> bool {
        self.user.as_deref().is_none_or(|u| !is_non_root_owner(u))
    }
}

/// The distribution whose package names a stage's package manager uses.
pub(crate) fn distro_of(os: Os) -> Distro {
    match os {
        Os::Alpine => Distro::Alpine,
        Os::Wolfi => Distro::Wolfi,
        _ => Distro::Debian,
    }
}

pub(crate) fn needs(a: &Analysis) -> Needs {
    // With a CMD and no ENTRYPOINT (after init wrappers), `docker run IMAGE other-command`
    // replaced the whole command; an image whose command comes from its base keeps the base's.
    // A web server image runs its own server, started by the runtime image's entrypoint.
    let cmd_only = a.launch.entrypoint.is_none() && a.launch.cmd.is_some() && a.stack != Stack::StaticWeb;
    let mut needs = Needs { cmd_only, ..Needs::default() };
    for (at, command) in a.commands_in(&a.lineage) {
        let Some(pc) = package_command(command) else { continue };
        let distro = distro_of(a.model.stages[a.model.stage_of[at].unwrap_or(a.final_stage)].os);
        for package in pc.os_packages() {
            if package.is_dynamic() {
                needs.unknown_installs.push((package.word.value.clone(), at));
                continue;
            }
            // Wrappers the command used (`tini`, `gosu`) are removed from it.
            if a.launch.wrappers.contains(&package.name) {
                continue;
            }
            let role = packages::role(&package.name, distro);
            needs.installed.push(Installed { name: package.name, distro, role, at });
        }
    }
    // Libraries: what the final stage installs, and for interpreted apps, what their native
    // extensions were built against in any stage the image needs.
    let mut add_library = |package: &'static Package| {
        if !needs.libraries.contains(&package) {
            needs.libraries.push(package);
        }
    };
    for p in &needs.installed {
        if let Some(library) = packages::runtime_library(&p.name, p.distro) {
            add_library(library);
        }
    }
    // PHP's extensions are compiled for the build's PHP and never reach a Chainguard runtime,
    // which refuses those it lacks; the headers they were built against do not count.
    if a.stack.is_interpreted() && a.stack != Stack::Php {
        for (at, command) in a.commands_in(&a.needed) {
            let Some(pc) = package_command(command) else { continue };
            let distro = distro_of(a.model.stages[a.model.stage_of[at].unwrap_or(a.final_stage)].os);
            for package in pc.os_packages() {
                if matches!(packages::role(&package.name, distro), Some(Role::Headers { .. }))
                    && let Some(library) = packages::runtime_library(&package.name, distro)
                {
                    add_library(library);
                }
            }
        }
    }
    needs.dirs = dirs(a);
    for i in a.lineage_instructions() {
        let instruction = a.instruction(i);
        match instruction.kind {
            Kind::Expose => needs.ports.extend(exposed_ports(a, i)),
            Kind::Volume => needs.volumes.extend(volume_paths(a, i)),
            Kind::User => {
                if let Args::Text(word) = &instruction.args {
                    needs.user = Some(a.expand(&word.value, i).unwrap_or_else(|| word.value.clone()));
                }
            }
            _ => {}
        }
    }
    needs
}

/// System directories the app does not own.
pub(crate) fn is_system_path(path: &str) -> bool {
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

/// Directories the lineage's RUNs create (`mkdir`), give to a non-root user (`chown`) or make
/// writable for everyone (`chmod 777`, `chmod o+w`); COPY `--chown` to a user and VOLUMEs.
fn dirs(a: &Analysis) -> Vec<Dir> {
    let mut dirs: Vec<Dir> = Vec::new();
    let mut add = |path: String, writable: bool, at: usize| {
        if is_system_path(&path) && !writable {
            return;
        }
        if path == "/" {
            return;
        }
        match dirs.iter_mut().find(|d| d.path == path) {
            Some(d) => d.writable |= writable,
            None => dirs.push(Dir { path, writable, at }),
        }
    };
    for i in a.lineage_instructions() {
        let instruction = a.instruction(i);
        let cwd = a.workdir_at(i).unwrap_or_else(|| "/".into());
        match instruction.kind {
            Kind::Run => {
                for command in a.commands(i) {
                    let words = |skip_first: bool| -> Vec<String> {
                        command
                            .positional()
                            .skip(usize::from(skip_first))
                            .filter_map(|w| a.expand(&w.value, i))
                            .filter(|p| !p.contains(['$', '*', '`', '?']) && !p.is_empty())
                            .map(|p| join(&cwd, &p))
                            .collect()
                    };
                    match command.program() {
                        Some("mkdir") => words(false).into_iter().for_each(|p| add(p, false, i)),
                        Some("chown") => {
                            if let Some((owner, _)) = chown_of(command)
                                && is_non_root_owner(&a.expand(&owner, i).unwrap_or(owner))
                            {
                                words(true).into_iter().for_each(|p| add(p, true, i));
                            }
                        }
                        Some("chmod") => {
                            let mode = command.positional().next().map(|w| w.value.clone()).unwrap_or_default();
                            let for_everyone = mode.ends_with('7') && mode.len() >= 3
                                || mode.ends_with("6") && mode.len() >= 3
                                || mode.contains("o+w")
                                || mode.contains("a+w");
                            if for_everyone {
                                words(true).into_iter().for_each(|p| add(p, true, i));
                            }
                        }
                        _ => {}
                    }
                }
            }
            Kind::Copy | Kind::Add => {
                if instruction.flag("chown").and_then(|f| f.value.as_deref()).is_some_and(is_non_root_owner)
                    && let Some(dest) = a.copy_destination(i)
                {
                    add(dest, true, i);
                }
            }
            Kind::Volume => {
                for path in volume_paths(a, i) {
                    add(path, true, i);
                }
            }
            _ => {}
        }
    }
    dirs
}

/// The TCP ports an EXPOSE names (the first of a range).
pub(crate) fn exposed_ports(a: &Analysis, i: usize) -> Vec<u16> {
    let Args::Words(words) = &a.instruction(i).args else { return Vec::new() };
    words
        .iter()
        .filter_map(|w| {
            let value = a.expand(&w.value, i)?;
            let (port, proto) = value.split_once('/').unwrap_or((&value, "tcp"));
            if !proto.eq_ignore_ascii_case("tcp") {
                return None;
            }
            port.split('-').next()?.parse().ok()
        })
        .collect()
}

pub(crate) fn volume_paths(a: &Analysis, i: usize) -> Vec<String> {
    let Args::Words(words) = &a.instruction(i).args else { return Vec::new() };
    let dir = a.workdir_at(i).unwrap_or_else(|| "/".into());
    words.iter().filter_map(|w| a.expand(&w.value, i)).map(|v| join(&dir, &v)).filter(|p| p != "/").collect()
}
