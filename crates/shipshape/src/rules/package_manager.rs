//! Shared by the yum, dnf, zypper and yarn rules (DL3030–DL3041, DL3060): which subcommand a
//! package-manager command runs, which packages it names, and whether a cache it leaves behind
//! ends up in an image. Every rule asks about one package manager by name, so a fix for one
//! never lands on another's command.

use super::Checker;
use crate::fix::{Edit, Fix};
use crate::semantic::invocation::{rpm_action, rpm_assumes_yes, rpm_changes_packages, rpm_describe};
use crate::semantic::mounts;
use crate::shell::{Script, SimpleCommand};
use crate::syntax::{Instruction, Kind};
use crate::text::code;

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
                    "{} without `-y` stops at a confirmation prompt that no one can answer in a build, and the build fails",
                    code(&rpm_describe(command))
                ),
                Some(fix),
            );
        }
    }
}
