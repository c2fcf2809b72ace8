//! Tool invocations: which package manager or build tool a shell command runs, what it does,
//! and with which operands. The one reading of `pip`, `npm`, `apt-get`, `go`, `cargo` & co.
//! that the rules and the distroless converter share, so that `pip3.12`, `python -m pip` and
//! `uv pip` mean the same thing everywhere.
//!
//! [`read`] gives an [`Invocation`]: the [`Tool`], the tool's own arguments (after `-m pip` or
//! `uv pip`), and its operands with options and option values left out. [`operands`] is the
//! reader underneath, with one table of value-taking options per tool.

use crate::shell::{SimpleCommand, Word};

/// A package manager or build tool.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Tool {
    /// `pip`, `pip3`, `pip3.12`, `python -m pip`, `uv pip`.
    Pip,
    Pipx,
    /// `uv` itself (`uv sync`, `uv venv`); `uv pip …` is [`Tool::Pip`].
    Uv,
    Poetry,
    Pipenv,
    Pdm,
    Npm,
    Pnpm,
    Yarn,
    Bun,
    /// `apt-get`, `apt`, `aptitude`.
    Apt,
    Apk,
    /// `dnf`, `yum`, `microdnf`, `tdnf`.
    Dnf,
    Zypper,
    Go,
    /// `cargo`, and the cross-compiling wrappers `cross` and `xx-cargo`.
    Cargo,
    /// `mvn`, `mvnw`.
    Maven,
    /// `gradle`, `gradlew`.
    Gradle,
    Dotnet,
}

impl Tool {
    /// The tool's name for people and for `Converted::tools`: `pip`, `maven`, `apt`.
    pub const fn name(self) -> &'static str {
        match self {
            Tool::Pip => "pip",
            Tool::Pipx => "pipx",
            Tool::Uv => "uv",
            Tool::Poetry => "poetry",
            Tool::Pipenv => "pipenv",
            Tool::Pdm => "pdm",
            Tool::Npm => "npm",
            Tool::Pnpm => "pnpm",
            Tool::Yarn => "yarn",
            Tool::Bun => "bun",
            Tool::Apt => "apt",
            Tool::Apk => "apk",
            Tool::Dnf => "dnf",
            Tool::Zypper => "zypper",
            Tool::Go => "go",
            Tool::Cargo => "cargo",
            Tool::Maven => "maven",
            Tool::Gradle => "gradle",
            Tool::Dotnet => "dotnet",
        }
    }

    /// True for the operating system's package managers.
    pub const fn is_os_package_manager(self) -> bool {
        matches!(self, Tool::Apt | Tool::Apk | Tool::Dnf | Tool::Zypper)
    }

    /// True for the tools that install a Python project's dependencies.
    pub const fn is_python(self) -> bool {
        matches!(self, Tool::Pip | Tool::Uv | Tool::Poetry | Tool::Pipenv | Tool::Pdm)
    }

    /// The options of the tool that take their value as the next word.
    pub const fn value_options(self) -> &'static [&'static str] {
        match self {
            Tool::Pip => PIP_WITH_VALUE,
            Tool::Pipx => PIPX_WITH_VALUE,
            Tool::Npm | Tool::Pnpm | Tool::Yarn | Tool::Bun => NPM_WITH_VALUE,
            Tool::Apt => APT_WITH_VALUE,
            Tool::Apk => APK_WITH_VALUE,
            Tool::Dnf => RPM_WITH_VALUE,
            Tool::Zypper => ZYPPER_WITH_VALUE,
            Tool::Go => GO_WITH_VALUE,
            Tool::Cargo => CARGO_WITH_VALUE,
            Tool::Dotnet => DOTNET_WITH_VALUE,
            Tool::Uv | Tool::Poetry | Tool::Pipenv | Tool::Pdm | Tool::Maven | Tool::Gradle => &[],
        }
    }
}

/// How pip was reached.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Via {
    /// The program itself: `pip3.12 install`, `/venv/bin/pip install`.
    Program,
    /// `python -m pip install`.
    PythonModule,
    /// `uv pip install`, which has options of its own (`--no-cache` rather than `--no-cache-dir`).
    Uv,
}

/// One command that runs a known tool.
#[derive(Clone, Debug)]
pub struct Invocation<'c> {
    pub tool: Tool,
    pub via: Via,
    pub command: &'c SimpleCommand,
    /// The tool's own arguments: the words after the program, after `-m pip`, after `uv pip`.
    pub args: &'c [Word],
    /// The arguments that are neither options nor option values, in order (everything after
    /// `--` included). The first is the action for most tools: `install`, `add`, `build`.
    pub operands: Vec<&'c Word>,
}

impl<'c> Invocation<'c> {
    /// The action word: `install` in `apt-get -y install curl`, `group` in `dnf group install`.
    pub fn action_word(&self) -> Option<&'c Word> {
        self.operands.first().copied()
    }

    /// The action, as written; `None` for a bare command or one whose action is a variable.
    pub fn action(&self) -> Option<&'c str> {
        self.action_word().filter(|w| !w.dynamic).map(|w| w.value.as_str())
    }

    /// The operands after the action.
    pub fn rest(&self) -> &[&'c Word] {
        self.operands.get(1..).unwrap_or(&[])
    }

    /// True when the command installs packages or a project's dependencies.
    pub fn installs(&self) -> bool {
        let action = self.action().unwrap_or("");
        match self.tool {
            Tool::Pip | Tool::Pipx => action == "install",
            Tool::Uv => matches!(action, "sync" | "add"),
            Tool::Poetry => matches!(action, "install" | "add"),
            Tool::Pipenv => matches!(action, "install" | "sync"),
            Tool::Pdm => matches!(action, "install" | "sync" | "add"),
            Tool::Npm | Tool::Pnpm | Tool::Bun => matches!(action, "install" | "i" | "ci" | "add"),
            // A bare `yarn` installs.
            Tool::Yarn => matches!(action, "" | "install" | "add"),
            Tool::Apt | Tool::Dnf | Tool::Zypper => matches!(action, "install" | "in" | "reinstall"),
            Tool::Apk => matches!(action, "add"),
            Tool::Go => action == "install",
            Tool::Cargo => action == "install",
            Tool::Maven | Tool::Gradle | Tool::Dotnet => false,
        }
    }

    /// True when the command builds the app: `go build`, `cargo build`, `mvn package`,
    /// `gradle bootJar`, `dotnet publish`.
    pub fn builds(&self) -> bool {
        let action = self.action().unwrap_or("");
        match self.tool {
            Tool::Go => matches!(action, "build" | "install"),
            Tool::Cargo => matches!(action, "build" | "install" | "auditable"),
            Tool::Maven => self.operands.iter().any(|w| matches!(w.value.as_str(), "package" | "install" | "verify")),
            Tool::Gradle => !self.operands.is_empty(),
            Tool::Dotnet => matches!(action, "publish" | "build"),
            _ => false,
        }
    }

    /// The packages an OS package manager installs, with version pins split off; empty for
    /// anything else.
    pub fn os_packages(&self) -> Vec<OsPackage<'c>> {
        if !self.tool.is_os_package_manager() || !self.installs() {
            return Vec::new();
        }
        self.rest()
            .iter()
            // `` `# why` `` between packages is a comment that expands to nothing.
            .filter(|word| !is_inline_comment(&word.value))
            .map(|word| {
                let value = word.value.as_str();
                let (name, pinned) = match value.find(['=', '~', '>', '<']) {
                    Some(at) if at > 0 => (&value[..at], true),
                    _ => (value, false),
                };
                OsPackage { name: name.to_string(), word, pinned }
            })
            .collect()
    }
}

/// One package an OS package manager installs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OsPackage<'c> {
    /// The name without its version pin.
    pub name: String,
    pub word: &'c Word,
    /// A version pin was split off (`curl=8.5.0-r0`).
    pub pinned: bool,
}

impl OsPackage<'_> {
    /// The word holds a variable (`$BUILD_DEPS`), so the package is not known.
    pub fn is_dynamic(&self) -> bool {
        self.word.dynamic
    }
}

/// Reads the tool a command runs; `None` for any other command.
pub fn read(command: &SimpleCommand) -> Option<Invocation<'_>> {
    let program = command.program()?;
    let all = command.args();
    let (tool, via, args) = match program {
        p if is_pip(p) => (Tool::Pip, Via::Program, all),
        p if is_python_interpreter(p) => {
            // `python -m pip …`; options before `-m` (`-u`, `-I`) are the interpreter's.
            let at = all.iter().position(|w| !w.value.starts_with('-') || w.value == "-m")?;
            if all[at].value != "-m" || all.get(at + 1).map(|w| w.value.as_str()) != Some("pip") {
                return None;
            }
            (Tool::Pip, Via::PythonModule, &all[at + 2..])
        }
        "uv" if all.first().is_some_and(|w| w.value == "pip") => (Tool::Pip, Via::Uv, &all[1..]),
        "uv" => (Tool::Uv, Via::Program, all),
        "pipx" => (Tool::Pipx, Via::Program, all),
        "poetry" => (Tool::Poetry, Via::Program, all),
        "pipenv" => (Tool::Pipenv, Via::Program, all),
        "pdm" => (Tool::Pdm, Via::Program, all),
        "npm" => (Tool::Npm, Via::Program, all),
        "pnpm" => (Tool::Pnpm, Via::Program, all),
        "yarn" => (Tool::Yarn, Via::Program, all),
        "bun" => (Tool::Bun, Via::Program, all),
        "apt-get" | "apt" | "aptitude" => (Tool::Apt, Via::Program, all),
        "apk" => (Tool::Apk, Via::Program, all),
        "dnf" | "dnf5" | "yum" | "microdnf" | "tdnf" => (Tool::Dnf, Via::Program, all),
        "zypper" => (Tool::Zypper, Via::Program, all),
        "go" => (Tool::Go, Via::Program, all),
        "cargo" | "cross" | "xx-cargo" => (Tool::Cargo, Via::Program, all),
        "mvn" | "mvnw" => (Tool::Maven, Via::Program, all),
        "gradle" | "gradlew" => (Tool::Gradle, Via::Program, all),
        "dotnet" => (Tool::Dotnet, Via::Program, all),
        _ => return None,
    };
    let operands = operands(args, tool.value_options(), true);
    Some(Invocation { tool, via, command, args, operands })
}

/// True for a word that is only a comment in a command substitution: `` `# why` ``.
fn is_inline_comment(word: &str) -> bool {
    let inner = word
        .strip_prefix('`')
        .and_then(|w| w.strip_suffix('`'))
        .or_else(|| word.strip_prefix("$(").and_then(|w| w.strip_suffix(')')));
    inner.is_some_and(|w| w.trim_start().starts_with('#'))
}

/// True for `pip`, `pip3`, `pip3.12`.
pub fn is_pip(program: &str) -> bool {
    program.strip_prefix("pip").is_some_and(|v| v.chars().all(|c| c.is_ascii_digit() || c == '.'))
}

/// True for `python`, `python3`, `python3.12` (a path's basename).
pub fn is_python_interpreter(program: &str) -> bool {
    let p = program.rsplit('/').next().unwrap_or(program);
    p == "python"
        || p == "python3"
        || p.strip_prefix("python3.").is_some_and(|v| !v.is_empty() && v.chars().all(|c| c.is_ascii_digit()))
}

/// The operands among `args`: the words that are neither options nor the values of options, in
/// order.
///
/// `with_value` lists the options that take their value in the next word (`-t`,
/// `--target-release`); written `--name=value`, or with a short option's value attached
/// (`-trelease`), the value is part of the option word. Everything after `--` is an operand when
/// `after_double_dash` is true, and is left out otherwise (for commands such as `gem install`
/// that hand those words to another program).
pub fn operands<'c>(args: &'c [Word], with_value: &[&str], after_double_dash: bool) -> Vec<&'c Word> {
    let mut out = Vec::new();
    let mut args = args.iter();
    while let Some(word) = args.next() {
        let value = word.value.as_str();
        if value == "--" {
            if after_double_dash {
                out.extend(args);
            }
            break;
        }
        if value == "-" || !value.starts_with('-') {
            out.push(word);
            continue;
        }
        if with_value.contains(&value) {
            args.next();
            continue;
        }
        if value.starts_with("--") || value.split_once('=').is_some_and(|(name, _)| with_value.contains(&name)) {
            continue;
        }
        // A cluster of short options (`-yqt release`): the first one that takes a value takes
        // the rest of the word, or the next word when it ends the cluster.
        let cluster = &value[1..];
        for (i, c) in cluster.char_indices() {
            let takes_value = with_value.iter().any(|o| o.len() == 2 && o.starts_with('-') && o[1..].starts_with(c));
            if takes_value {
                if i + c.len_utf8() == cluster.len() {
                    args.next();
                }
                break;
            }
        }
    }
    out
}

/// The package words of `command`: the operands after the first one, which must be one of
/// `subcommands`. `None` for another subcommand.
pub fn packages<'c>(
    command: &'c SimpleCommand,
    subcommands: &[&str],
    with_value: &[&str],
    after_double_dash: bool,
) -> Option<Vec<&'c Word>> {
    let operands = operands(command.args(), with_value, after_double_dash);
    let (first, rest) = operands.split_first()?;
    if first.dynamic || !subcommands.contains(&first.value.as_str()) {
        return None;
    }
    Some(rest.to_vec())
}

/// apt-get options that take the next word as their value.
pub const APT_WITH_VALUE: &[&str] = &[
    "-o",
    "--option",
    "-c",
    "--config-file",
    "-t",
    "--target-release",
    "--default-release",
    "-a",
    "--host-architecture",
];

/// apk options that take the next word as their value.
pub const APK_WITH_VALUE: &[&str] = &[
    "-t",
    "--virtual",
    "-X",
    "--repository",
    "-p",
    "--root",
    "--keys-dir",
    "--repositories-file",
    "--arch",
    "--cache-dir",
    "--cache-max-age",
    "--timeout",
    "--wait",
];

/// Options of yum, dnf and microdnf that take their value as the next word
/// (`--enablerepo epel`), so that value is not read as a subcommand or a package.
pub const RPM_WITH_VALUE: &[&str] = &[
    "-c",
    "--config",
    "-d",
    "--debuglevel",
    "-e",
    "--errorlevel",
    "-x",
    "--exclude",
    "--installroot",
    "--enablerepo",
    "--disablerepo",
    "--repo",
    "--repoid",
    "--releasever",
    "--setopt",
    "--forcearch",
    "--downloaddir",
    "--destdir",
    "--color",
    "--rpmverbosity",
    "--repofrompath",
    "--disableplugin",
    "--enableplugin",
    "--advisory",
    "--advisories",
    "--bz",
    "--cve",
    "--sec-severity",
    "--secseverity",
    "--comment",
];

/// Options of zypper (global and of its install-like commands) that take the next word.
pub const ZYPPER_WITH_VALUE: &[&str] = &[
    "-c",
    "--config",
    "-R",
    "--root",
    "--installroot",
    "--reposd-path",
    "-D",
    "--cache-dir",
    "-C",
    "--raw-cache-dir",
    "--solv-cache-dir",
    "--pkg-cache-dir",
    "--userdata",
    "-r",
    "--repo",
    "--from",
    "-t",
    "--type",
    "--download",
];

/// pip options that take the next word as their value.
pub const PIP_WITH_VALUE: &[&str] = &[
    "-m",
    "-r",
    "--requirement",
    "-c",
    "--constraint",
    "-e",
    "--editable",
    "-i",
    "--index-url",
    "--extra-index-url",
    "-f",
    "--find-links",
    "--trusted-host",
    "-t",
    "--target",
    "--prefix",
    "--root",
    "-b",
    "--build",
    "--src",
    "--platform",
    "--python-version",
    "--implementation",
    "--abi",
    "--no-binary",
    "--only-binary",
    "--progress-bar",
    "--proxy",
    "--upgrade-strategy",
    "--root-user-action",
    "--report",
    "--log",
    "--log-file",
    "--cache-dir",
    "--retries",
    "--timeout",
    "--exists-action",
    "--cert",
    "--client-cert",
    "--global-option",
    "--install-option",
    "-C",
    "--config-settings",
    "--use-feature",
    "--use-deprecated",
    "--python",
    "--group",
    "--keyring-provider",
];

/// pipx options that take the next word as their value.
pub const PIPX_WITH_VALUE: &[&str] = &[
    "--python",
    "--suffix",
    "--pip-args",
    "--index-url",
    "-i",
    "--spec",
    "--preinstall",
    "--backend",
    "--fetch-python",
];

/// npm options that take the next word as their value (pnpm, yarn and bun share most).
pub const NPM_WITH_VALUE: &[&str] = &[
    "--registry",
    "--loglevel",
    "--prefix",
    "-C",
    "--cache",
    "--userconfig",
    "--globalconfig",
    "--tag",
    "-w",
    "--workspace",
    "--omit",
    "--include",
    "--install-strategy",
    "--otp",
    "--scope",
    "--fetch-retries",
    "--fetch-timeout",
    "--proxy",
    "--https-proxy",
    "--cafile",
    "--ca",
    "--user-agent",
    "--node-options",
    "--script-shell",
    "--auth-type",
    "--before",
    "--cpu",
    "--os",
    "--libc",
    "--save-prefix",
    "--target",
    "--target_arch",
    "--target-arch",
    "--python",
];

/// `go` build flags that take the next word as their value.
pub const GO_WITH_VALUE: &[&str] = &[
    "-C",
    "-o",
    "-p",
    "-asmflags",
    "-buildmode",
    "-compiler",
    "-gccgoflags",
    "-gcflags",
    "-installsuffix",
    "-ldflags",
    "-mod",
    "-modfile",
    "-overlay",
    "-pgo",
    "-pkgdir",
    "-tags",
    "-toolexec",
    "-exec",
    "-covermode",
    "-coverpkg",
];

/// cargo options that take the next word as their value.
/// `dotnet` options that take a value (`-p:Name=Value` and `--self-contained[=bool]` are one
/// word each).
pub const DOTNET_WITH_VALUE: &[&str] = &[
    "-c",
    "--configuration",
    "-o",
    "--output",
    "-r",
    "--runtime",
    "-f",
    "--framework",
    "-a",
    "--arch",
    "--os",
    "-v",
    "--verbosity",
    "-s",
    "--source",
    "--version-suffix",
    "--manifest",
    "--packages",
    "--configfile",
    "--artifacts-path",
];

pub const CARGO_WITH_VALUE: &[&str] = &[
    "-p",
    "--package",
    "--bin",
    "--example",
    "--target",
    "--target-dir",
    "--features",
    "-F",
    "--profile",
    "-j",
    "--jobs",
    "--manifest-path",
    "--root",
    "--version",
    "--git",
    "--branch",
    "--tag",
    "--rev",
    "--path",
    "--config",
    "-Z",
];

// ----- yum, dnf, microdnf and zypper -----

/// yum/dnf subcommands that change packages, and so ask for confirmation and fill the cache.
pub const RPM_CHANGING: &[&str] = &[
    "install",
    "in",
    "localinstall",
    "groupinstall",
    "groupupdate",
    "groupupgrade",
    "reinstall",
    "rei",
    "update",
    "up",
    "upgrade",
    "upgrade-minimal",
    "up-min",
    "update-minimal",
    "downgrade",
    "dg",
    "distro-sync",
    "distrosync",
    "dsync",
    "swap",
];

/// What an rpm-family command (yum, dnf, microdnf) does: `(words that name the action,
/// package operands)`. `dnf group install x` gives `([group, install], [x])`.
pub fn rpm_action(command: &SimpleCommand) -> Option<(Vec<&Word>, Vec<&Word>)> {
    let ops = operands(command.args(), RPM_WITH_VALUE, true);
    let first = *ops.first()?;
    let nested = matches!(first.value.as_str(), "group" | "groups" | "module");
    let split = if nested { 2.min(ops.len()) } else { 1 };
    let (action, rest) = ops.split_at(split);
    Some((action.to_vec(), rest.to_vec()))
}

/// True when an rpm-family command installs, upgrades or removes packages — what asks for
/// confirmation and fills the package cache.
pub fn rpm_changes_packages(command: &SimpleCommand) -> bool {
    let Some((action, _)) = rpm_action(command) else { return false };
    match action.as_slice() {
        [sub] => {
            RPM_CHANGING.contains(&sub.value.as_str())
                || matches!(sub.value.as_str(), "remove" | "erase" | "rm" | "autoremove" | "groupremove")
        }
        [outer, inner] if matches!(outer.value.as_str(), "group" | "groups") => {
            matches!(inner.value.as_str(), "install" | "upgrade" | "update" | "remove" | "mark")
        }
        [outer, inner] if outer.value == "module" => {
            matches!(inner.value.as_str(), "install" | "update" | "remove" | "enable" | "reset" | "switch-to")
        }
        _ => false,
    }
}

/// True when an rpm-family command downloads packages into the cache.
pub fn rpm_fills_cache(command: &SimpleCommand) -> bool {
    let Some((action, _)) = rpm_action(command) else { return false };
    match action.as_slice() {
        [sub] => RPM_CHANGING.contains(&sub.value.as_str()),
        [outer, inner] if matches!(outer.value.as_str(), "group" | "groups" | "module") => {
            matches!(inner.value.as_str(), "install" | "upgrade" | "update")
        }
        _ => false,
    }
}

/// `yum install`, `dnf group install`: the program and the words naming its action, for
/// messages.
pub fn rpm_describe(command: &SimpleCommand) -> String {
    let program = command.program().unwrap_or_default();
    match rpm_action(command) {
        Some((action, _)) => {
            let words: Vec<&str> = action.iter().map(|w| w.value.as_str()).collect();
            format!("{program} {}", words.join(" "))
        }
        None => program.to_string(),
    }
}

/// True when `-y`/`--assumeyes` (or `--setopt=assumeyes=1`) is given.
pub fn rpm_assumes_yes(command: &SimpleCommand) -> bool {
    command.has_any_flag(&["-y", "--assumeyes", "--assume-yes"])
        || command.args().iter().any(|w| {
            w.value
                .strip_prefix("--setopt=assumeyes=")
                .or_else(|| w.value.strip_prefix("assumeyes="))
                .is_some_and(|v| matches!(v.to_ascii_lowercase().as_str(), "1" | "true" | "yes" | "on"))
        })
}

/// zypper commands that ask for confirmation before they change packages.
pub const ZYPPER_CHANGING: &[&str] = &[
    "install",
    "in",
    "remove",
    "rm",
    "source-install",
    "si",
    "patch",
    "update",
    "up",
    "dist-upgrade",
    "dup",
    "install-new-recommends",
    "inr",
];

/// The zypper command a `zypper` invocation runs (`in` in `zypper -n in curl`) and its
/// operands.
pub fn zypper_action(command: &SimpleCommand) -> Option<(&Word, Vec<&Word>)> {
    let ops = operands(command.args(), ZYPPER_WITH_VALUE, true);
    let (first, rest) = ops.split_first()?;
    Some((*first, rest.to_vec()))
}

/// True when an rpm package operand names a version: `name-1.2`, `name-1:1.2-3.el9`,
/// `name-c++-1.1`, an `.rpm` file. A name with dashes but no version part (`rpm-sign`,
/// `python3-pip`) is not pinned.
pub fn rpm_package_pinned(package: &str) -> bool {
    if package.ends_with(".rpm") {
        return true;
    }
    let mut parts = package.split('-');
    parts.next();
    let rest: Vec<&str> = parts.collect();
    if rest.is_empty() {
        return false;
    }
    // The version is the suffix after some dash: every part from there on is made of version
    // characters and one of them starts with a digit.
    (0..rest.len()).any(|start| {
        let tail = &rest[start..];
        tail.iter().all(|p| !p.is_empty() && p.chars().all(is_version_char))
            && tail.iter().any(|p| p.starts_with(|c: char| c.is_ascii_digit()))
    })
}

fn is_version_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '~' | '^' | '_' | ':' | '+')
}

/// True for operands that are not repository package names and cannot carry a version:
/// variables, files, URLs, groups (`@core`), capabilities (`dnf-command(builddep)`) and globs.
pub fn not_a_package_name(word: &Word) -> bool {
    let v = word.value.as_str();
    word.dynamic || v.is_empty() || v.starts_with('@') || v.contains(['/', '(', '*', '?', '[']) || v.ends_with(".rpm")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn commands(text: &str) -> Vec<SimpleCommand> {
        crate::shell::parse(text, 0, text.len(), &|r| r).commands
    }

    fn values(words: &[&Word]) -> Vec<String> {
        words.iter().map(|w| w.value.clone()).collect()
    }

    #[test]
    fn pip_is_pip_however_it_is_reached() {
        for text in [
            "pip install flask",
            "pip3.12 install flask",
            "/venv/bin/pip install flask",
            "python -m pip install flask",
            "python3.13 -u -m pip install flask",
            "uv pip install flask",
        ] {
            let cs = commands(text);
            let inv = read(&cs[0]).unwrap_or_else(|| panic!("{text}"));
            assert_eq!((inv.tool, inv.action(), inv.installs()), (Tool::Pip, Some("install"), true), "{text}");
            assert_eq!(values(inv.rest()), ["flask"], "{text}");
        }
        let cs = commands("uv pip install x && python -m venv /venv && python app.py && pipx install black");
        assert_eq!(read(&cs[0]).map(|i| i.via), Some(Via::Uv));
        assert!(read(&cs[1]).is_none() && read(&cs[2]).is_none());
        assert_eq!(read(&cs[3]).map(|i| i.tool), Some(Tool::Pipx));
    }

    #[test]
    fn os_packages_skip_option_values_and_split_pins() {
        let cs = commands(
            "apk add --no-cache --virtual .deps build-base curl=8.5-r0 $X && apt-get -o A=B -yt bookworm install -y gcc && dnf --enablerepo epel install -y a && apk del curl",
        );
        let apk = read(&cs[0]).expect("apk");
        let names: Vec<String> = apk.os_packages().iter().map(|p| p.name.clone()).collect();
        assert_eq!(names, ["build-base", "curl", "$X"]);
        let packages = apk.os_packages();
        assert!(packages[1].pinned && packages[2].is_dynamic());
        let apt = read(&cs[1]).expect("apt");
        assert_eq!((apt.tool, apt.action(), values(apt.rest())), (Tool::Apt, Some("install"), vec!["gcc".into()]));
        let dnf = read(&cs[2]).expect("dnf");
        assert_eq!(values(dnf.rest()), ["a"]);
        assert!(read(&cs[3]).is_some_and(|i| !i.installs() && i.os_packages().is_empty()));
    }

    #[test]
    fn dotnet_options_take_their_values() {
        let cs =
            commands("dotnet publish ./Api.csproj -c Release -r linux-x64 --self-contained -o /app -p:PublishAot=true");
        let i = read(&cs[0]).expect("dotnet");
        let operands: Vec<&str> = i.operands.iter().map(|w| w.value.as_str()).collect();
        assert_eq!(operands, ["publish", "./Api.csproj"]);
    }

    #[test]
    fn build_tools() {
        let cs = commands(
            "go build -o /out/app -tags netgo -ldflags=-s ./cmd && xx-cargo build --release -p cli && ./mvnw -B package && dotnet publish -c Release && yarn && npm ci --omit dev",
        );
        let tools: Vec<(Tool, bool, bool)> =
            cs.iter().filter_map(read).map(|i| (i.tool, i.builds(), i.installs())).collect();
        assert_eq!(
            tools,
            [
                (Tool::Go, true, false),
                (Tool::Cargo, true, false),
                (Tool::Maven, true, false),
                (Tool::Dotnet, true, false),
                (Tool::Yarn, false, true),
                (Tool::Npm, false, true),
            ]
        );
        let go = read(&cs[0]).expect("go");
        assert_eq!(values(&go.operands), ["build", "./cmd"], "the value of -o is not an operand");
    }

    #[test]
    fn skips_options_and_their_values() {
        let cs = commands(
            "apt-get -yq -o Dpkg::Use-Pty=0 install -t bookworm curl; apt-get install --target-release=bookworm curl; apt-get install -qtbookworm curl; gem install a -- --with-x b; npm install -- -weird",
        );
        let v = |k: usize, with: &[&str], dd: bool| values(&operands(cs[k].args(), with, dd));
        assert_eq!(v(0, APT_WITH_VALUE, true), ["install", "curl"]);
        assert_eq!(v(1, APT_WITH_VALUE, true), ["install", "curl"]);
        assert_eq!(v(2, APT_WITH_VALUE, true), ["install", "curl"]);
        assert_eq!(v(3, &[], false), ["install", "a"]);
        assert_eq!(v(4, &[], true), ["install", "-weird"]);
    }

    #[test]
    fn packages_need_the_subcommand() {
        let cs = commands("apk add --virtual .deps $PKGS curl; apk del curl");
        let p = packages(&cs[0], &["add"], APK_WITH_VALUE, true).expect("apk add");
        assert_eq!(values(&p), ["$PKGS", "curl"]);
        assert!(packages(&cs[1], &["add"], &[], true).is_none());
    }

    #[test]
    fn rpm_versions() {
        for pinned in ["tomcat-9.2", "openssl-1:1.1.1k", "rpm-sign-4.16.1.3", "gcc-c++-1.1.1", "x-1.0-1.el9", "a.rpm"] {
            assert!(rpm_package_pinned(pinned), "{pinned}");
        }
        for unpinned in ["tomcat", "rpm-sign", "python3-pip", "perl-Archive-Tar", "epel-release", "x-"] {
            assert!(!rpm_package_pinned(unpinned), "{unpinned}");
        }
    }

    #[test]
    fn actions() {
        let text = "dnf -y --enablerepo epel group install 'Development Tools' && yum --setopt x=1 install -y a b";
        let script = crate::shell::parse(text, 0, text.len(), &|r| r);
        let (action, packages) = rpm_action(&script.commands[0]).expect("dnf");
        assert_eq!(action.iter().map(|w| w.value.as_str()).collect::<Vec<_>>(), ["group", "install"]);
        assert_eq!(packages.len(), 1);
        let (action, packages) = rpm_action(&script.commands[1]).expect("yum");
        assert_eq!(action[0].value, "install");
        assert_eq!(packages.iter().map(|w| w.value.as_str()).collect::<Vec<_>>(), ["a", "b"]);
    }
}
