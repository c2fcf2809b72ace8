//! Converting the final stage where it stands, when its RUNs only installed packages or created
//! users: the base image changes, the RUNs go.

use super::*;

impl Planner<'_, '_> {
    // ----- The final stage, in place -----

    pub(super) fn in_place(&mut self, health: Health) -> Result<(), Refusal> {
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
