//! Converting the final stage where it stands, when its RUNs only installed packages or created
//! users: the base image changes, the RUNs go.

use super::*;

impl Planner<'_, '_> {
    // ----- The final stage, in place -----

    pub(super) fn in_place(&mut self, health: Health) -> Result<(), Refusal> {
        let a = self.a;
        if self.runtime.is_none() {
            return Err(Refusal::new(RefusalClass::ConverterLimit, "no runtime", None));
        }
        let stage = self.final_stage_index();
        let range = self.last_stage_instructions();
        let Some(from) = a.model.stages[stage].from else { return Ok(()) };
        self.change(Change::SetImage { from, image: self.runtime_reference(), pragma: None });
        let libraries = self.libraries_stage();
        if !libraries.is_empty() {
            self.change(Change::InsertBefore { instruction: from, lines: libraries });
        }
        if !range.clone().any(|i| a.instruction(i).kind == Kind::Workdir) && self.needs_root_workdir() {
            self.change(Change::InsertAfter { instruction: from, lines: vec!["WORKDIR /".into()] });
            self.note(
                "The original set no WORKDIR, so it ran in `/`; `WORKDIR /` keeps relative paths working, because the nonroot images start in /home/nonroot",
            );
        }
        if let Some(copy) = self.libraries_copy() {
            self.change(Change::InsertAfter { instruction: from, lines: vec![copy] });
        }
        if !self.final_env.is_empty() {
            self.change(Change::InsertAfter { instruction: from, lines: self.final_env.clone() });
        }
        let mut dropped_runs = 0;
        for run in self.runs.clone() {
            self.change(Change::Delete { instruction: run.at, with_leading_comments: false });
            dropped_runs += 1;
        }
        if dropped_runs > 0 {
            self.note(format!(
                "The final stage's RUN {} installed packages or created users, and {} removed, since the runtime image has no shell to run them: it has CA certificates, time zone data and a `nonroot` user already, and the other notes say what became of each package",
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
        // Docker runs only the last HEALTHCHECK of a stage (DL3012); an earlier one, which may
        // need the shell the new image lacks, goes.
        let last_health = range.clone().rev().find(|&i| a.instruction(i).kind == Kind::Healthcheck);
        for i in range.clone() {
            let instruction = a.instruction(i);
            match instruction.kind {
                Kind::Healthcheck if Some(i) != last_health => {
                    self.change(Change::Delete { instruction: i, with_leading_comments: false });
                    self.note(format!(
                        "{} was removed: only the last HEALTHCHECK of a stage counts, so Docker never ran it",
                        code(a.text(instruction.range))
                    ));
                }
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
                    self.explicit_destination(i);
                    if self.replaces_passwd(i) {
                        self.check(format!(
                            "{} replaces the runtime image's /etc/passwd, which names its user, {}: unless the copied file has a line for uid {uid}, the app runs with no user name and HOME=/, and a program that looks itself up (Go's os/user, `id -un`, Python's getpass) fails; add `nonroot:x:{uid}:{uid}::/home/nonroot:/sbin/nologin` to it in the build stage, or stop copying it",
                            code(a.text(instruction.range)),
                            self.user_text(),
                            uid = self.uid_text()
                        ));
                    }
                    if let Some(flag) = instruction.flag("chown")
                        && let (Some(value), Some(value_range)) = (flag.value.as_deref(), flag.value_range)
                        && is_non_root_owner(value)
                    {
                        let user = self.user_id();
                        self.change(Change::ReplaceRange { instruction: i, range: value_range, text: user.clone() });
                        let whose = match self.runtime.map(|r| r.family) {
                            Some(Family::Distroless) => "the distroless `nonroot` user".to_string(),
                            _ => format!("the runtime image's user, {}", self.user_text()),
                        };
                        self.note(format!("`COPY --chown={value}` became `--chown={user}`, {whose}"));
                    }
                }
                Kind::Expose => {
                    if let Some((from_port, to_port)) = self.port_change
                        && let Args::Words(words) = &instruction.args
                    {
                        for word in words.iter().filter(|w| w.value.split('/').next() == Some(&from_port.to_string())) {
                            let range = crate::text::TextRange::new(
                                word.range.start,
                                word.range.start + crate::text::to_u32(from_port.to_string().len()),
                            );
                            self.change(Change::ReplaceRange { instruction: i, range, text: to_port.to_string() });
                        }
                    }
                }
                _ => {}
            }
        }
        // The command.
        let commands: Vec<usize> =
            range.clone().filter(|&i| matches!(a.instruction(i).kind, Kind::Cmd | Kind::Entrypoint)).collect();
        let command_lines = self.launch.lines();
        let mut before_command: Vec<String> = Vec::new();
        if let Some((_, to_port)) = self.port_change
            && !range.clone().any(|i| a.instruction(i).kind == Kind::Expose)
        {
            before_command.push(format!("EXPOSE {to_port}"));
        }
        // A start script that changed into a directory of its own (`run-java.sh`) decides.
        if let Some(dir) = &self.start_dir
            && a.workdir_at(a.file.instructions.len()).as_deref() != Some(dir.as_str())
        {
            before_command.push(format!("WORKDIR {dir}"));
        }
        if let Health::Write { line, original, comment } = &health {
            let mut lines: Vec<String> = comment.iter().cloned().collect();
            lines.push(line.clone());
            match original {
                Some(i) if range.contains(i) => self.change(Change::Replace { instruction: *i, lines }),
                _ => before_command.extend(lines),
            }
        }
        // USER goes where the last USER was, or before the command.
        let user_line = format!("USER {}", self.user_id());
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
        if self.needs.ran_as_root() && a.stack.is_interpreted() {
            self.check(format!(
                "The app's files are owned by root and read-only for uid {}: if the app writes to a directory (uploads, a SQLite file, caches such as Next.js's `.next/cache`), copy that directory with `--chown={}`",
                self.uid_text(),
                self.user_id()
            ));
        }
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
                        "{} was removed: {} starts its server by itself",
                        code(a.text(a.instruction(last_command).range)),
                        code(&self.runtime_reference())
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
            "The final stage now starts from {}: no shell, no package manager, only the files it copies in",
            code(&self.runtime_reference())
        ));
        Ok(())
    }

    /// Whether the COPY or ADD at `at` puts a file at /etc/passwd.
    fn replaces_passwd(&self, at: usize) -> bool {
        let a = self.a;
        let Args::Copy(copy) = &a.instruction(at).args else { return false };
        let Some(path) = a.copy_destination(at) else { return false };
        let path = path.trim_end_matches('/');
        path == "/etc/passwd" || (path == "/etc" && copy.sources().iter().any(|s| basename(&s.value) == "passwd"))
    }

    /// `COPY app /usr/local/bin` puts `app` into a directory the old base image had; the runtime
    /// image may not have it, and the file would then be named `/usr/local/bin` itself. The
    /// destination becomes the file's full path, which means the same in both.
    fn explicit_destination(&mut self, at: usize) {
        let a = self.a;
        let Args::Copy(copy) = &a.instruction(at).args else { return };
        let (Some(dest), [source]) = (copy.destination(), copy.sources()) else { return };
        let name = basename(&source.value);
        if dest.value.ends_with('/') || name.is_empty() || name.contains(['*', '?', '$']) || source.value.ends_with('/')
        {
            return;
        }
        let Some(path) = a.copy_destination(at) else { return };
        if TOOL_DIRS.contains(&path.as_str()) {
            let full = join(&path, name);
            self.change(Change::ReplaceRange { instruction: at, range: dest.range, text: full.clone() });
            self.note(format!(
                "`COPY … {}` named a directory of the old base image; the runtime image may not have it, and the file would then be named {path} itself: the destination is now {full}",
                dest.value,
                path = code(&path),
                full = code(&full)
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::converted;

    #[test]
    fn a_copied_passwd_that_replaces_the_runtime_users_is_named() {
        let checks = |source: &str| -> Vec<String> {
            converted(source).notes.iter().map(ToString::to_string).filter(|n| n.contains("/etc/passwd")).collect()
        };
        let build = "FROM golang:1.24 AS build\nRUN useradd -u 1000 app\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app .\n";
        for copy in ["COPY --from=build /etc/passwd /etc/passwd", "COPY --from=build /etc/passwd /etc/"] {
            let found = checks(&format!(
                "{build}FROM scratch\n{copy}\nCOPY --from=build /out/app /app\nENTRYPOINT [\"/app\"]\n"
            ));
            assert_eq!(found.len(), 1, "{copy}: {found:?}");
            assert!(found[0].contains("uid 65532") && found[0].contains("HOME=/"), "{found:?}");
        }
        let other = checks(&format!(
            "{build}FROM scratch\nCOPY --from=build /etc/group /etc/group\nCOPY --from=build /out/app /app\nENTRYPOINT [\"/app\"]\n"
        ));
        assert!(other.is_empty(), "{other:?}");
    }

    #[test]
    fn a_copy_into_a_program_directory_names_the_file() {
        let c = converted(
            "FROM rust:1.88-trixie AS build\nWORKDIR /src\nCOPY . .\nRUN cargo build --release\nFROM debian:trixie-slim\nCOPY --from=build /src/target/release/tool /usr/local/bin\nENTRYPOINT [\"tool\"]\n",
        );
        assert!(
            c.dockerfile.contains("COPY --from=build /src/target/release/tool /usr/local/bin/tool\n"),
            "{}",
            c.dockerfile
        );
        assert!(c.dockerfile.contains("ENTRYPOINT [\"/usr/local/bin/tool\"]"), "{}", c.dockerfile);
    }

    #[test]
    fn a_dropped_run_with_a_library_keeps_the_library() {
        let c = converted(
            "FROM golang:1.24 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=1 go build -o /out/app .\nFROM debian:trixie-slim\nRUN apt-get update && apt-get install -y --no-install-recommends libsqlite3-0 && rm -rf /var/lib/apt/lists/*\nCOPY --from=build /out/app /app\nCMD [\"/app\"]\n",
        );
        assert!(c.dockerfile.contains("FROM debian:trixie-slim AS runtime-libs"), "{}", c.dockerfile);
        assert!(
            c.dockerfile.contains("FROM gcr.io/distroless/base-debian13:nonroot\nCOPY --from=runtime-libs"),
            "{}",
            c.dockerfile
        );
    }
}
