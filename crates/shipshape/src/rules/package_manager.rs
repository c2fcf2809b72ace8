//! Shared by the yum, dnf, zypper and yarn rules (DL3030–DL3041, DL3060): which subcommand a
//! package-manager command runs, which packages it names, and whether a cache it leaves behind
//! ends up in an image. Every rule asks about one package manager by name, so a fix for one
//! never lands on another's command.

use super::Checker;
use crate::fix::{Edit, Fix};
use crate::semantic::mounts;
use crate::shell::{Script, SimpleCommand, Word};
use crate::syntax::{Instruction, Kind};

/// Options of yum, dnf and microdnf that take their value as the next word
/// (`--enablerepo epel`), so that value is not read as a subcommand or a package.
pub const RPM_VALUE_FLAGS: &[&str] = &[
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
pub const ZYPPER_VALUE_FLAGS: &[&str] = &[
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

/// The words after the program that are not options or option values, in order.
pub fn operands<'a>(command: &'a SimpleCommand, value_flags: &[&str]) -> Vec<&'a Word> {
    let mut out = Vec::new();
    let mut args = command.args().iter();
    let mut after_double_dash = false;
    while let Some(word) = args.next() {
        let value = word.value.as_str();
        if after_double_dash || !value.starts_with('-') || value == "-" {
            out.push(word);
        } else if value == "--" {
            after_double_dash = true;
        } else if value_flags.contains(&value) {
            args.next();
        }
    }
    out
}

/// What an rpm-family command (yum, dnf, microdnf) does: `(words that name the action,
/// package operands)`. `dnf group install x` gives `([group, install], [x])`.
pub fn rpm_action(command: &SimpleCommand) -> Option<(Vec<&Word>, Vec<&Word>)> {
    let ops = operands(command, RPM_VALUE_FLAGS);
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
    let ops = operands(command, ZYPPER_VALUE_FLAGS);
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

/// True when the image keeps what a RUN leaves behind: the RUN is in the final stage, in a stage
/// a later one builds on (`FROM <stage>`), in the implicit stage of a snippet, or in an ONBUILD
/// trigger (which runs in whatever image builds on this one). A builder stage that is only
/// copied from does not ship its caches.
pub fn image_keeps(ctx: &Checker, index: usize) -> bool {
    let model = ctx.model;
    if ctx.file.instructions[index].kind == Kind::Onbuild {
        return true;
    }
    let last_stage = model.stages.len().saturating_sub(1);
    model.stage_of[index].is_none_or(|s| s == last_stage || model.is_base_of_later(s) || model.stages[s].from.is_none())
}

/// True when a BuildKit cache or tmpfs mount covers a directory that starts with one of `dirs`
/// (or a parent of it), so nothing written there stays in the layer.
pub fn cache_mounted(run: &Instruction, dirs: &[&str]) -> bool {
    mounts(run).any(|(kind, target)| {
        matches!(kind, "cache" | "tmpfs")
            && target.is_some_and(|t| {
                let t = t.trim_end_matches('/');
                dirs.iter().any(|d| d.starts_with(t) && (d.len() == t.len() || d[t.len()..].starts_with('/')))
            })
    })
}

/// True when `rm` deletes one of `dirs` (or something inside it).
pub fn removes_dir(command: &SimpleCommand, dirs: &[&str]) -> bool {
    command.is("rm")
        && command.args().iter().any(|w| {
            let path = w.value.trim_end_matches(['*', '/']);
            dirs.iter().any(|d| path == *d || path.starts_with(&format!("{d}/")))
        })
}

/// The last command of `script` for which `fills` holds, if no command after it satisfies
/// `cleans`: the command whose cache is left behind.
pub fn left_uncleaned(
    script: &Script,
    fills: impl Fn(&SimpleCommand) -> bool,
    cleans: impl Fn(&SimpleCommand) -> bool,
) -> Option<&SimpleCommand> {
    let last = script.commands.iter().rposition(fills)?;
    let cleaned = script.commands[last + 1..].iter().any(cleans);
    (!cleaned).then(|| &script.commands[last])
}

/// Reports rpm-family commands run by one of `programs` that change packages without `-y`,
/// with a fix that adds it after the action (`yum install -y x`).
pub fn report_missing_yes(ctx: &mut Checker, programs: &[&str]) {
    for (_, _, script) in ctx.scripts() {
        for command in script.commands.iter().filter(|c| c.is_any(programs)) {
            if !rpm_changes_packages(command) || rpm_assumes_yes(command) {
                continue;
            }
            let Some((action, _)) = rpm_action(command) else { continue };
            let Some(end) = action.last() else { continue };
            let fix = Fix::safe("Add `-y`", vec![Edit::insert(end.range.end, " -y")]);
            ctx.report_fix(
                command.range,
                format!(
                    "`{}` without `-y` stops at a confirmation prompt that no one can answer in a build, and the build fails",
                    rpm_describe(command)
                ),
                Some(fix),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
