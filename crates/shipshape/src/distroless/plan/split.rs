//! Splitting the final stage: the original becomes the build stage, and a new stage on the runtime
//! image carries over its settings and copies in what the app needs.

use super::*;

impl Planner<'_, '_> {
    // ----- The final stage, split -----

    pub(super) fn split_stage(&mut self, health: Health) -> Result<(), Refusal> {
        let a = self.a;
        let runtime = self.runtime.ok_or_else(|| Refusal::new(RefusalClass::ConverterLimit, "no runtime", None))?;
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
        // WORKDIR: the one in effect when the image starts.
        let command_at = a.launch.instructions().last().copied().unwrap_or(last.end.saturating_sub(1));
        let workdir = a
            .workdir_at(command_at.max(last.end.saturating_sub(1)) + 1)
            .or_else(|| a.workdir_at(last.end.saturating_sub(1)));
        let last_workdir = a.lineage_instructions().into_iter().rev().find(|&i| a.instruction(i).kind == Kind::Workdir);
        // A start script that changed into a directory of its own (`run-java.sh`) decides.
        let workdir = self.start_dir.clone().or(workdir);
        let workdir_item = match (&workdir, last_workdir) {
            (Some(dir), _) if self.start_dir.is_some() => {
                Some(Item::Text { lines: vec![format!("WORKDIR {dir}")], comments_of: Vec::new() })
            }
            (Some(dir), None) if dir != "/" => {
                self.note(format!(
                    "The original set no WORKDIR and ran in its base image's {}; {} keeps it there on the runtime image",
                    code(dir),
                    code(&format!("WORKDIR {dir}"))
                ));
                Some(Item::Text { lines: vec![format!("WORKDIR {dir}")], comments_of: Vec::new() })
            }
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
        // What to copy.
        let artefacts = self.artefacts(workdir.as_deref())?;
        let from_stage = self.build_name.clone();
        let mut copy_lines: Vec<String> = self.libraries_copy().into_iter().collect();
        for artefact in &artefacts {
            let chown = if artefact.owned { format!(" --chown={}", self.user_id()) } else { String::new() };
            copy_lines.push(format!("COPY --from={from_stage}{chown} {} {}", artefact.path, artefact.path));
        }
        for (from, to) in self.extra_copies.clone() {
            // Into a directory the app writes, the copy is the app's too.
            let owned = artefacts.iter().any(|x| x.owned && is_under(&to, &x.path));
            let chown = if owned { format!(" --chown={}", self.user_id()) } else { String::new() };
            copy_lines.push(format!("COPY --from={from_stage}{chown} {from} {to}"));
        }
        if artefacts.is_empty() {
            return Err(Refusal::new(
                RefusalClass::ConverterLimit,
                "shipshape found nothing to copy into the final image",
                None,
            ));
        }
        // Copied paths may use an automatic platform ARG (`/out/app-${TARGETARCH}`).
        for line in &copy_lines {
            carried_text.push_str(line);
        }
        let owned: Vec<&str> = artefacts.iter().filter(|x| x.owned).map(|x| x.path.as_str()).collect();
        if !owned.is_empty() {
            self.note(format!(
                "{} {} copied owned by {}, the user the app now runs as, because the app wrote there in the original (it was given to its user, made writable, or the app ran as root); everything else is owned by root and read-only for the app",
                list(&owned.iter().map(|s| s.to_string()).collect::<Vec<_>>()),
                if owned.len() == 1 { "is" } else { "are" },
                self.uid_text(),
            ));
        } else if self.copy_app_dirs
            && a.stack != Stack::StaticWeb
            && artefacts.iter().any(|x| !self.extra_artefacts.contains(&x.path))
        {
            self.check(format!(
                "The app's files are owned by root and read-only for uid {}: if the app writes to a directory (uploads, a SQLite file, caches), copy that directory with `--chown={}`",
                self.uid_text(),
                self.user_id()
            ));
        }
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
        for name in analyze::PLATFORM_ARGS {
            let declared = args_items.iter().any(|item| {
                matches!(item, Item::Carry { instruction, .. } if matches!(&a.instruction(*instruction).args, Args::Pairs(p) if p.iter().any(|p| p.key.value == *name)))
            });
            if !declared && uses_variable(&carried_text, name) {
                args_items.push(Item::Text { lines: vec![format!("ARG {name}")], comments_of: Vec::new() });
            }
        }
        items.extend(args_items);
        items.extend(labels);
        items.extend(envs);
        if let Some(item) = workdir_item {
            items.push(item);
        }
        items.push(Item::Text { lines: copy_lines, comments_of: Vec::new() });
        items.push(Item::Text { lines: vec![format!("USER {}", self.user_id())], comments_of: user_comments });
        self.user_note(&original_users);
        // EXPOSE, VOLUME, STOPSIGNAL move; a port the runtime image changes is the new one.
        let mut exposed = false;
        for i in a.lineage_instructions() {
            let kind = a.instruction(i).kind;
            if matches!(kind, Kind::Expose | Kind::Volume | Kind::Stopsignal) {
                if last.contains(&i) {
                    self.change(Change::Delete { instruction: i, with_leading_comments: true });
                }
                match self.port_change {
                    Some((from, to)) if kind == Kind::Expose && needs::exposed_ports(a, i).contains(&from) => {
                        exposed = true;
                        items.push(Item::Text { lines: vec![format!("EXPOSE {to}")], comments_of: vec![i] });
                    }
                    _ => {
                        exposed |= kind == Kind::Expose;
                        items.push(Item::Carry { instruction: i, comments: true });
                    }
                }
            }
            if kind == Kind::Shell && last.contains(&i) {
                self.note("SHELL only applies to the build stage's RUN instructions: the final stage has no shell");
            }
        }
        if let Some((_, to)) = self.port_change
            && !exposed
        {
            items.push(Item::Text { lines: vec![format!("EXPOSE {to}")], comments_of: Vec::new() });
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
        let command_lines = self.launch.lines();
        if !command_lines.is_empty() || !command_comments.is_empty() {
            items.push(Item::Text { lines: command_lines, comments_of: command_comments });
        }
        if a.stack == Stack::StaticWeb && self.runs.iter().any(|r| !r.droppable) {
            self.check(format!(
                "The RUN steps of {} changed files of the old nginx image; Chainguard's nginx has its own configuration files, which they did not touch: check the final configuration",
                code(&self.build_name)
            ));
        }
        self.summary = Some(format!(
            "The build steps stay in the stage {}; a new final stage starts from {} and copies in only what the app needs: it has no shell, so it has no RUN",
            code(&self.build_name),
            code(&self.runtime_reference())
        ));
        let mut header = self.libraries_stage();
        header.push(format!(
            "# Runtime: {} has no shell and no package manager, and runs as {}.",
            runtime.repository.split_once('/').map_or(runtime.repository, |(_, path)| path),
            self.user_text()
        ));
        self.final_stage = Some(FinalStage { header, image: self.runtime_reference(), name: final_name, items });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::converted;

    #[test]
    fn a_global_arg_in_workdir_is_expanded() {
        let c = converted(
            "ARG APP_PATH=/opt/wiki\nFROM node:22-slim\nARG APP_PATH\nWORKDIR $APP_PATH\nCOPY . .\nRUN npm ci --omit=dev\nCMD [\"node\", \"server.js\"]\n",
        );
        assert!(c.dockerfile.contains("WORKDIR /opt/wiki\nCOPY --from=build /opt/wiki /opt/wiki"), "{}", c.dockerfile);
    }

    #[test]
    fn a_platform_arg_in_a_copied_path_is_declared() {
        let c = converted(
            "FROM golang:1.24 AS build\nARG TARGETARCH\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 GOARCH=$TARGETARCH go build -o /out/app-${TARGETARCH} .\nFROM golang:1.24\nARG TARGETARCH\nCOPY --from=build /out/app-${TARGETARCH} /srv/app\nRUN go version\nCMD [\"/srv/app\"]\n",
        );
        assert!(c.dockerfile.contains("ARG TARGETARCH\n"), "{}", c.dockerfile);
        assert!(c.dockerfile.ends_with("CMD [\"/srv/app\"]\n"), "{}", c.dockerfile);
    }

    #[test]
    fn stopsignal_volume_and_labels_carry_over() {
        let c = converted(
            "FROM python:3.13-slim\nLABEL org.opencontainers.image.title=app\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\nVOLUME /app/data\nSTOPSIGNAL SIGINT\nCMD [\"python\", \"app.py\"]\n",
        );
        let last = &c.dockerfile[c.dockerfile.rfind("FROM ").unwrap()..];
        for line in ["LABEL org.opencontainers.image.title=app", "VOLUME /app/data", "STOPSIGNAL SIGINT"] {
            assert!(last.contains(line), "{last}");
        }
        assert!(last.contains("--chown=65532:65532 /app/data /app/data"), "{last}");
    }
}
