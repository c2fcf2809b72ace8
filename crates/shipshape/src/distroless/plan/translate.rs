//! Moving a build stage to another base image: its package commands are translated to the new
//! distribution, and what only made sense on the old one (users made with busybox `adduser`) goes.

use super::*;

impl Planner<'_, '_> {
    // ----- Stages: rebasing and translating -----

    /// Moves a root stage to another base image. When the C library or the package system
    /// changes, the stages built on it get their package commands translated and their user
    /// setup removed (the build stages run as root; the final image runs as nonroot).
    pub(super) fn rebase(&mut self, stage: usize, image: &str, why: &str) -> Result<(), Refusal> {
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
        // Chainguard's images start elsewhere than Docker Hub's: a stage that relied on its
        // image's working directory keeps it.
        let sets_workdir = a.model.stages[stage].instructions.clone().any(|i| a.instruction(i).kind == Kind::Workdir);
        if image.starts_with("cgr.dev/")
            && !sets_workdir
            && let Some(workdir) = images::default_workdir(&old)
        {
            self.change(Change::InsertAfter { instruction: from, lines: vec![format!("WORKDIR {workdir}")] });
            self.note(format!(
                "{} keeps the build stage in the working directory of {}, which {} does not start in",
                code(&format!("WORKDIR {workdir}")),
                code(&old.raw),
                code(image)
            ));
        }
        let old_os = a.model.stages[stage].os;
        let target = if image.starts_with("cgr.dev/") { Distro::Wolfi } else { Distro::Debian };
        self.note(format!(
            "The build stage {} moved from {} to {image}: {why}",
            code(&self.stage_label(stage)),
            code(&old.raw),
            image = code(image)
        ));
        if old.digest.is_some() {
            self.check(format!(
                "{} was pinned by digest; its replacement {} is not: pin it by digest too ({} shows it) to keep builds repeatable",
                code(&old.raw),
                code(image),
                code(&format!("docker buildx imagetools inspect {image}"))
            ));
        }
        let changes_packages = match target {
            Distro::Debian => old_os == Os::Alpine,
            _ => true,
        };
        if !changes_packages {
            return Ok(());
        }
        let descendants: Vec<usize> =
            (0..a.model.stages.len()).filter(|&s| a.model.lineage(s).any(|l| l.index == stage)).collect();
        for s in descendants {
            if !self.translated.contains(&s) {
                self.translated.push(s);
                self.translate_stage(s, needs::distro_of(old_os), target)?;
            }
        }
        Ok(())
    }

    pub(super) fn stage_label(&self, stage: usize) -> String {
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
    pub(super) fn translate_stage(&mut self, stage: usize, from: Distro, target: Distro) -> Result<(), Refusal> {
        let a = self.a;
        let mut created_users: Vec<String> = Vec::new();
        let mut unknown: Vec<(String, usize)> = Vec::new();
        let mut dropped: Vec<String> = Vec::new();
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
                    return Err(self.refuse_at(RefusalClass::BuildChange,
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
                if let Some(p) = pc.os_packages().iter().find(|p| p.is_dynamic()) {
                    return Err(self.refuse_at(RefusalClass::BuildChange,
                        format!(
                            "the package list {} is a variable, and the build stage moves to another distribution: shipshape cannot translate its package names; list them literally first",
                            code(&p.name)
                        ),
                        i,
                    ));
                }
                match (pc.tool.name(), target) {
                    ("apk", Distro::Debian) | ("apt", Distro::Wolfi) => {
                        if !pc.installs() {
                            edits.push((k, None));
                            continue;
                        }
                        match first_install {
                            None => first_install = Some(k),
                            Some(_) => edits.push((k, None)),
                        }
                        for p in &pc.os_packages() {
                            if p.pinned {
                                pinned.push(p.name.clone());
                            }
                            match packages::translate(&p.name, from, target) {
                                Translation::Known(n) => {
                                    if n != p.name {
                                        translations.push((p.name.clone(), n.clone()));
                                    }
                                    if !names.contains(&n) {
                                        names.push(n);
                                    }
                                }
                                Translation::Dropped => dropped.push(p.name.clone()),
                                Translation::Unknown(n) => unknown.push((n, i)),
                            }
                        }
                    }
                    ("apk", Distro::Wolfi) => {
                        for p in &pc.os_packages() {
                            if let Translation::Known(n) = packages::translate(&p.name, Distro::Alpine, Distro::Wolfi)
                                && n != p.name
                            {
                                translations.push((p.name.clone(), n.clone()));
                                self.change(Change::ReplaceRange { instruction: i, range: p.word.range, text: n });
                            }
                        }
                    }
                    (manager, _) if manager != "apt" || target != Distro::Debian => {
                        return Err(self.refuse_at(
                            RefusalClass::BuildChange,
                            format!(
                                "the build stage moves to {}, and shipshape cannot translate {manager} commands",
                                if target == Distro::Debian { "Debian" } else { "Wolfi" },
                                manager = code(manager)
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
                        Distro::Debian | Distro::Alpine => self.chain(
                            i,
                            &[
                                "apt-get update".to_string(),
                                format!("apt-get install -y --no-install-recommends {}", names.join(" ")),
                                "rm -rf /var/lib/apt/lists/*".to_string(),
                            ],
                        ),
                        Distro::Wolfi => format!("apk add --no-cache {}", names.join(" ")),
                    };
                    edits.push((k, Some(text)));
                }
            }
            self.edit_commands(i, &edits);
        }
        if !translations.is_empty() {
            let pairs: Vec<String> =
                translations.iter().map(|(a, b)| format!("{a} → {b}", a = code(a), b = code(b))).collect();
            self.note(format!("Package names follow the new base: {}", dedup(pairs).join(", ")));
        }
        if let Some((_, at)) = unknown.first() {
            let names: Vec<String> = dedup(unknown.iter().map(|(n, _)| n.clone()).collect());
            let one = names.len() == 1;
            return Err(self.refuse_at(RefusalClass::BuildChange,
                format!(
                    "the build stage {} moves to {}, and shipshape knows no {} name for {}: install {} under {} name there yourself (or drop {} if the build does not need {}), then convert again",
                    code(&self.stage_label(stage)),
                    if target == Distro::Debian { "Debian" } else { "Wolfi" },
                    if target == Distro::Debian { "Debian" } else { "Wolfi" },
                    list(&names),
                    if one { "it" } else { "them" },
                    if one { "its" } else { "their" },
                    if one { "it" } else { "them" },
                    if one { "it" } else { "them" }
                ),
                *at,
            ));
        }
        let dropped = dedup(dropped);
        let (shims, runtimes): (Vec<String>, Vec<String>) =
            dropped.into_iter().partition(|name| packages::role(name, from) == Some(packages::Role::MuslShim));
        if !shims.is_empty() {
            self.note(format!(
                "{} only let{} glibc programs run on musl; the new base's C library is glibc, so {} not installed",
                list(&shims),
                if shims.len() == 1 { "s" } else { "" },
                if shims.len() == 1 { "it is" } else { "they are" }
            ));
        }
        if !runtimes.is_empty() {
            self.note(format!(
                "{} {} not installed on the new base: the build image has its own Python, and a second one from the OS packages would not be the one the runtime runs",
                list(&runtimes),
                if runtimes.len() == 1 { "is" } else { "are" }
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
                "The build stage {} runs as root and no longer creates the user {}: only the final image needs a user, and the runtime image has `nonroot` (uid 65532)",
                code(&self.stage_label(stage)),
                list(&dedup(created_users))
            ));
        }
        Ok(())
    }

    /// Commands joined with `&&` in the style of the RUN they go into: on continuation lines
    /// with a leading or trailing `&&` when the RUN spans several lines, else on one line.
    pub(super) fn chain(&self, at: usize, parts: &[String]) -> String {
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
    pub(super) fn edit_commands(&mut self, at: usize, edits: &[(usize, Option<String>)]) {
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
        // A command inside another edited one (in its substitution, or in a backquote left
        // open) goes with it: editing both would overlap.
        let edited: Vec<bool> = (0..commands.len()).map(|k| edits.iter().any(|(e, _)| *e == k)).collect();
        let inside = inside_others(commands, &edited);
        let removed: Vec<bool> = (0..commands.len()).map(|k| removed[k] && !inside[k]).collect();
        for (k, text) in edits {
            if let Some(text) = text
                && !inside[*k]
            {
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
}

/// Which of the `marked` commands lie inside another marked one (of two with the same range,
/// the later). Commands nest or are apart, so one sweep in order of start (longest first)
/// finds them: a command is inside when an earlier one reaches past its end.
fn inside_others(commands: &[crate::shell::SimpleCommand], marked: &[bool]) -> Vec<bool> {
    let mut order: Vec<usize> = (0..commands.len()).filter(|&k| marked[k]).collect();
    order.sort_by_key(|&k| (commands[k].range.start, std::cmp::Reverse(commands[k].range.end), k));
    let mut inside = vec![false; commands.len()];
    let mut reach: Option<u32> = None;
    for k in order {
        let end = commands[k].range.end;
        inside[k] = reach.is_some_and(|r| r >= end);
        reach = Some(reach.map_or(end, |r| r.max(end)));
    }
    inside
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{converted, refused};

    #[test]
    fn a_musl_shim_is_not_carried_to_debian() {
        let c = converted(
            "FROM node:22-alpine\nRUN apk add --no-cache libc6-compat python3 make g++\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\nCMD [\"node\", \"server.js\"]\n",
        );
        assert!(!c.dockerfile.contains("libc6-compat"), "{}", c.dockerfile);
        assert!(c.dockerfile.contains("apt-get install -y --no-install-recommends make g++"), "{}", c.dockerfile);
    }

    #[test]
    fn a_package_with_no_known_name_is_refused() {
        let reason = refused(
            "FROM python:3.12-alpine AS build\nRUN apk add --no-cache some-alpine-only-thing\nCOPY requirements.txt .\nRUN python -m venv /venv && /venv/bin/pip install --no-cache-dir -r requirements.txt\nFROM python:3.12-alpine\nCOPY --from=build /venv /venv\nWORKDIR /app\nCOPY . .\nCMD [\"/venv/bin/python\", \"-m\", \"app\"]\n",
        );
        assert!(reason.contains("knows no Debian name for `some-alpine-only-thing`"), "{reason}");
    }

    #[test]
    fn a_digest_pin_that_has_to_go_is_said() {
        let c = converted(
            "FROM node:20-alpine@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef AS build\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\nFROM node:20-alpine@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\nWORKDIR /app\nCOPY --from=build /app /app\nCMD [\"node\", \"server.js\"]\n",
        );
        assert!(c.notes.iter().any(|n| n.message.contains("was pinned by digest")), "{:?}", c.notes);
    }
}
