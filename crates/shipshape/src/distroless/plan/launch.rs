//! The command line of the final image. The original's split between ENTRYPOINT and CMD is
//! kept, because it is part of how people run the image: with a CMD alone, `docker run IMAGE
//! other-command` (Compose's `command:`, Kubernetes' `args`) replaces the whole command; with an
//! ENTRYPOINT, it replaces only the arguments. A runtime image's own ENTRYPOINT (`python3.13`,
//! `node`, `java -jar`) would change that, so a CMD-only original gets `ENTRYPOINT []` and the
//! full command in CMD.

use super::*;

/// The new ENTRYPOINT and CMD for a command line `argv` whose first `split` words came from
/// ENTRYPOINT, on an image whose own ENTRYPOINT is `image_entry`.
pub(super) fn fit_launch(argv: &[String], split: usize, image_entry: &[&str]) -> NewLaunch {
    let split = split.min(argv.len());
    let mut launch = NewLaunch::default();
    if split == 0 {
        if !image_entry.is_empty() {
            launch.entrypoint = Some(Vec::new());
        }
    } else {
        launch.entrypoint = Some(argv[..split].to_vec());
    }
    if argv.len() > split {
        launch.cmd = Some(argv[split..].to_vec());
    }
    launch
}

impl Planner<'_, '_> {
    /// Sets the new command line from the adapted `argv` (its first `split` words from
    /// ENTRYPOINT), and says how it relates to the runtime image's own entrypoint.
    pub(super) fn set_launch(&mut self, argv: Vec<String>, split: usize) {
        let Some(runtime) = self.runtime else { return };
        self.launch = fit_launch(&argv, split, runtime.entrypoint);
        if split == 0
            && !runtime.entrypoint.is_empty()
            && let Some(base) = self.a.launch.inherited.clone()
        {
            self.note(format!(
                "The original ran the command of its base image {base} ({}), which `docker run IMAGE other-command` replaced; `ENTRYPOINT []` clears the entrypoint of {} ({}), so CMD holds the whole command and that still works",
                code(&self.a.launch.argv().join(" ")),
                code(self.runtime_name()),
                code(&runtime.entrypoint.join(" ")),
                base = code(&base)
            ));
        } else if split == 0
            && !runtime.entrypoint.is_empty()
            && self
                .a
                .launch
                .script
                .as_ref()
                .is_some_and(|s| s.translation.takes_args && !matches!(s.origin, ScriptOrigin::PackageJson(..)))
        {
            self.note(format!(
                "The script ran its arguments (the CMD, which `docker run IMAGE other-command` replaced), so the CMD is now the whole command; `ENTRYPOINT []` clears the entrypoint of {} ({}), so that still works",
                code(self.runtime_name()),
                code(&runtime.entrypoint.join(" "))
            ));
        } else if split == 0 && !runtime.entrypoint.is_empty() {
            self.note(format!(
                "The original was started by CMD alone, so `docker run IMAGE other-command` replaced the whole command; `ENTRYPOINT []` clears the entrypoint of {} ({}), so CMD holds the whole command and that still works",
                code(self.runtime_name()),
                code(&runtime.entrypoint.join(" "))
            ));
        }
    }
}

impl Planner<'_, '_> {
    /// What a translated entry point script did, done the distroless way: its variables as
    /// ENV, its directory as WORKDIR, its directories made in the build stage and copied owned
    /// by the app's user, its template copied at build time, and a note for each.
    pub(super) fn script_effects(&mut self) {
        let Some(script) = self.a.launch.script.clone() else { return };
        let t = &script.translation;
        let read = match &script.origin {
            ScriptOrigin::Context(path) => {
                Some(format!("{} (read from {path} in the build context)", code(&script.name), path = code(path)))
            }
            ScriptOrigin::Heredoc => Some(format!("{} (written by a heredoc of the Dockerfile)", code(&script.name))),
            ScriptOrigin::Command => Some("a shell command".to_string()),
            // The script's own first note says what it ran.
            ScriptOrigin::PackageJson(..) | ScriptOrigin::BaseImage => None,
        };
        if let Some(read) = read {
            self.note(format!(
                "The image started {read}, which only did what an image without a shell does in other ways: it is no longer run, and the final stage starts the app itself; the notes below say what became of each step"
            ));
        }
        if let ScriptOrigin::Context(path) | ScriptOrigin::PackageJson(path, _) = &script.origin {
            self.use_context_files(std::iter::once(path.clone()));
        }
        for (name, value) in &t.env {
            self.final_env.push(format!("ENV {name}={}", env_value(value)));
        }
        if let Some(dir) = &t.workdir
            && self.start_dir.is_none()
        {
            self.start_dir = Some(dir.clone());
        }
        if !t.dirs.is_empty() {
            self.script_dirs.extend(t.dirs.iter().cloned());
            self.change(Change::Append {
                stage: self.a.final_stage,
                lines: vec![format!("RUN mkdir -p {}", t.dirs.join(" "))],
            });
        }
        self.extra_copies.extend(t.copies.iter().cloned());
        for note in &t.notes {
            self.note(note.clone());
        }
        for check in &t.checks {
            self.check(check.clone());
        }
    }
}

/// An ENV value as written in a Dockerfile: quoted when it has spaces or quotes.
fn env_value(value: &str) -> String {
    if !value.is_empty() && value.chars().all(|c| c.is_ascii_alphanumeric() || "-_./:@,+=%".contains(c)) {
        value.to_string()
    } else {
        quote(value)
    }
}

impl NewLaunch {
    /// The ENTRYPOINT and CMD lines, in exec form.
    pub(super) fn lines(&self) -> Vec<String> {
        let mut lines = Vec::new();
        if let Some(e) = &self.entrypoint {
            lines.push(format!("ENTRYPOINT {}", exec_form(e)));
        }
        if let Some(c) = &self.cmd {
            lines.push(format!("CMD {}", exec_form(c)));
        }
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::converted;
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn a_cmd_only_image_stays_cmd_only() {
        let python = ["/usr/bin/python3.13"];
        let l = fit_launch(&s(&["/venv/bin/gunicorn", "app:app"]), 0, &python);
        assert_eq!(
            (l.entrypoint.clone(), l.cmd.clone()),
            (Some(Vec::new()), Some(s(&["/venv/bin/gunicorn", "app:app"])))
        );
        assert_eq!(l.lines(), ["ENTRYPOINT []", "CMD [\"/venv/bin/gunicorn\", \"app:app\"]"]);
        let l = fit_launch(&s(&["/server", "--port", "80"]), 0, &[]);
        assert_eq!((l.entrypoint, l.cmd), (None, Some(s(&["/server", "--port", "80"]))));
    }

    fn with_context(source: &str, files: &[(&str, &str)]) -> crate::distroless::Conversion {
        let context = files
            .iter()
            .map(|(path, text)| crate::distroless::ContextFile { path: path.to_string(), text: text.to_string() })
            .collect();
        crate::distroless::convert(source, &crate::distroless::Options { context, ..Default::default() })
    }

    #[test]
    fn a_script_read_from_the_context_is_translated() {
        let source = "FROM golang:1.24 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/api .\nFROM alpine:3.21\nCOPY --from=build /out/api /usr/local/bin/api\nCOPY entrypoint.sh /entrypoint.sh\nENTRYPOINT [\"/entrypoint.sh\"]\nCMD [\"serve\"]\n";
        let script = "#!/bin/sh\nset -e\n: \"${API_ADDR:=:8080}\"\nexport API_ADDR\nexec /usr/local/bin/api \"$@\"\n";
        let crate::distroless::Conversion::Converted(c) = with_context(source, &[("entrypoint.sh", script)]) else {
            panic!("refused")
        };
        assert!(c.dockerfile.contains("ENV API_ADDR=:8080\n"), "{}", c.dockerfile);
        assert!(c.dockerfile.ends_with("ENTRYPOINT [\"/usr/local/bin/api\"]\nCMD [\"serve\"]\n"), "{}", c.dockerfile);
        assert!(
            !c.dockerfile.contains("COPY --from=build-2 /entrypoint.sh"),
            "the script is not copied:\n{}",
            c.dockerfile
        );
        assert_eq!(c.context_used, ["entrypoint.sh"]);
        // Without the context, the reason says how to give it.
        let crate::distroless::Conversion::Refused(r) = with_context(source, &[]) else { panic!("converted") };
        assert_eq!(r.class, crate::distroless::RefusalClass::NeedsContext);
        assert!(r.reason.contains("`--context DIR`"), "{}", r.reason);
    }

    #[test]
    fn a_script_written_by_a_heredoc_is_read_from_the_dockerfile() {
        let source = "FROM rust:1.88-trixie AS build\nWORKDIR /src\nCOPY . .\nRUN cargo build --release\nFROM debian:trixie-slim\nCOPY --from=build /src/target/release/worker /usr/local/bin/worker\nCOPY --chmod=755 <<EOF /start.sh\n#!/bin/sh\necho \"starting the worker\"\nexec /usr/local/bin/worker --queue jobs\nEOF\nCMD [\"/start.sh\"]\n";
        let crate::distroless::Conversion::Converted(c) = with_context(source, &[]) else { panic!("refused") };
        assert!(c.dockerfile.ends_with("CMD [\"/usr/local/bin/worker\", \"--queue\", \"jobs\"]\n"), "{}", c.dockerfile);
        assert!(c.notes.iter().any(|n| n.message.contains("heredoc")), "{:?}", c.notes);
    }

    #[test]
    fn the_base_images_own_launcher_hands_the_command_on() {
        let c = converted(
            "FROM node:22-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\nENTRYPOINT [\"docker-entrypoint.sh\"]\nCMD [\"node\", \"server.js\"]\n",
        );
        assert!(
            c.dockerfile.ends_with("ENTRYPOINT []\nCMD [\"/nodejs/bin/node\", \"server.js\"]\n"),
            "{}",
            c.dockerfile
        );
        assert!(c.notes.iter().any(|n| n.message.contains("launcher of the base image")), "{:?}", c.notes);
    }

    #[test]
    fn a_shell_form_command_is_read_as_a_script() {
        let c = converted(
            "FROM node:22-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\nCMD NODE_OPTIONS=--max-old-space-size=512 exec node server.js\n",
        );
        assert!(c.dockerfile.ends_with("CMD [\"/nodejs/bin/node\", \"server.js\"]\n"), "{}", c.dockerfile);
        assert!(c.dockerfile.contains("ENV NODE_OPTIONS=--max-old-space-size=512"), "{}", c.dockerfile);
    }

    #[test]
    fn an_entrypoint_keeps_its_words_and_cmd_its_arguments() {
        let java = ["/usr/bin/java", "-jar"];
        let l = fit_launch(&s(&["/usr/bin/java", "-jar", "/app.jar", "--port", "80"]), 3, &java);
        assert_eq!(
            (l.entrypoint, l.cmd),
            (Some(s(&["/usr/bin/java", "-jar", "/app.jar"])), Some(s(&["--port", "80"])))
        );
        let l = fit_launch(&s(&["/server"]), 1, &[]);
        assert_eq!((l.entrypoint, l.cmd), (Some(s(&["/server"])), None));
    }
}
