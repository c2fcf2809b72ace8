//! The health check of the final image. None is invented: an image without one keeps having
//! none (the linter suggests one). One that runs without a shell keeps running, its program
//! moved to where the new image has it (the virtual environment's `python3`, the runtime's
//! `node`, the app's binary); one that needs a shell, curl or wget becomes `HEALTHCHECK NONE`,
//! with a note that says what to write instead.

use super::*;

impl Planner<'_, '_> {
    pub(super) fn health(&mut self) -> Health {
        let a = self.a;
        let Some(hc) = a.lineage_instructions().into_iter().rev().find(|&i| a.instruction(i).kind == Kind::Healthcheck)
        else {
            return Health::Absent;
        };
        let Args::Healthcheck(args) = &a.instruction(hc).args else { return Health::Keep(hc) };
        let Some(command) = &args.command else { return Health::Keep(hc) };
        let original = a.text(a.instruction(hc).args_range).trim().to_string();
        let argv = match command {
            Command::Exec(exec) => Ok(exec.elements.iter().map(|e| e.value.clone()).collect::<Vec<_>>()),
            Command::Shell(shell) => {
                analyze::shell_words(&shell.text).map_err(|why| format!("{why}, which needs a shell"))
            }
        }
        .and_then(|argv| self.health_argv(&argv).map(|new| (argv, new)));
        match argv {
            Ok((old, new)) => {
                if old == new && matches!(command, Command::Exec(_)) {
                    return Health::Keep(hc);
                }
                let flags: Vec<&str> = a.instruction(hc).flags.iter().map(|f| a.text(f.range)).collect();
                let flags = if flags.is_empty() { String::new() } else { format!("{} ", flags.join(" ")) };
                if old[0] != new[0] {
                    self.note(format!(
                        "HEALTHCHECK runs {} where the new image has it: {}",
                        code(basename(&old[0])),
                        code(&new[0])
                    ));
                }
                Health::Write {
                    line: format!("HEALTHCHECK {flags}CMD {}", exec_form(&new)),
                    original: Some(hc),
                    comment: None,
                }
            }
            Err(why) => {
                // The URL the old check requested, when it is written out.
                let url = original
                    .split(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | ',' | '[' | ']'))
                    .find(|w| (w.starts_with("http://") || w.starts_with("https://")) && !w.contains(['$', '\'', '`']))
                    .unwrap_or("http://127.0.0.1:<port>/<health path>")
                    .replace("://localhost", "://127.0.0.1");
                let remedy = match &self.interpreter {
                    Some(python) if python.contains("python") => code(&format!(
                        "HEALTHCHECK CMD [\"{python}\", \"-c\", \"import urllib.request; urllib.request.urlopen('{url}', timeout=3)\"]"
                    ))
                    .to_string(),
                    Some(node) => code(&format!(
                        "HEALTHCHECK CMD [\"{node}\", \"-e\", \"require('{}').get('{url}', r => process.exit(r.statusCode < 400 ? 0 : 1)).on('error', () => process.exit(1))\"]",
                        if url.starts_with("https") { "https" } else { "http" }
                    ))
                    .to_string(),
                    None => {
                        "a health sub-command of the app in exec form (`HEALTHCHECK CMD [\"/app\", \"health\"]`)".into()
                    }
                };
                self.check(format!(
                    "HEALTHCHECK {original} {why}, and the runtime image has no shell, curl or wget: it became `HEALTHCHECK NONE`, so Docker no longer reports the container's health; write one that runs without a shell, such as {remedy}, or rely on your orchestrator's probes",
                    original = code(&original)
                ));
                Health::Write {
                    line: "HEALTHCHECK NONE".into(),
                    original: Some(hc),
                    comment: Some(
                        "# The old check needed a shell, curl or wget, which this image does not have.".into(),
                    ),
                }
            }
        }
    }

    /// The health check's command in the new image, or why it cannot run there.
    fn health_argv(&self, argv: &[String]) -> Result<Vec<String>, String> {
        let a = self.a;
        let Some(program) = argv.first() else { return Err("has no command".into()) };
        let name = basename(program);
        let mut new = argv.to_vec();
        let interpreter_fits = |interpreter: &str| {
            (is_python_interpreter(program) && interpreter.contains("python"))
                || (matches!(name, "node" | "nodejs") && interpreter.ends_with("node"))
        };
        if let Some(interpreter) = self.interpreter.as_deref().filter(|i| interpreter_fits(i)) {
            new[0] = interpreter.to_string();
            return Ok(new);
        }
        if matches!(name, "curl" | "wget" | "nc" | "sh" | "bash" | "ash" | "pg_isready" | "redis-cli") {
            return Err(format!("runs {name}", name = code(name)));
        }
        let old_program = a.launch.program().unwrap_or_default();
        if let Some(new_program) = self.new_program()
            && (program == &old_program || basename(&old_program) == name)
        {
            new[0] = new_program;
            return Ok(new);
        }
        // A program of the app's own, in a directory the final image copies.
        let cwd = a.workdir_at(a.launch.instructions().last().copied().unwrap_or(0)).unwrap_or_else(|| "/".into());
        let path = join(&cwd, program);
        if program.contains('/') && !needs::is_system_path(&path) && self.copy_app_dirs {
            return Ok(new);
        }
        Err(format!("runs {name}, which the new image does not have", name = code(name)))
    }

    /// The program the new command line starts.
    pub(super) fn new_program(&self) -> Option<String> {
        match &self.launch.entrypoint {
            Some(e) if !e.is_empty() => e.first().cloned(),
            _ => self.launch.cmd.as_ref().and_then(|c| c.first().cloned()),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::distroless::{Conversion, Options, convert};

    fn converted(source: &str) -> crate::distroless::Converted {
        match convert(source, &Options::default()) {
            Conversion::Converted(c) => c,
            Conversion::Refused(r) => panic!("refused: {}", r.reason),
        }
    }

    #[test]
    fn no_health_check_is_invented() {
        let c = converted(
            "FROM python:3.13-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\nEXPOSE 8000\nCMD [\"gunicorn\", \"-b\", \"0.0.0.0:8000\", \"app:app\"]\n",
        );
        assert!(!c.dockerfile.contains("HEALTHCHECK"), "{}", c.dockerfile);
    }

    #[test]
    fn a_check_with_a_command_substitution_is_quoted_literally() {
        let c = converted(
            "FROM python:3.13-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\nHEALTHCHECK CMD curl -f http://`hostname`:8000/ || exit 1\nCMD [\"python\", \"app.py\"]\n",
        );
        let note = c.notes.iter().map(ToString::to_string).find(|n| n.contains("HEALTHCHECK ``")).expect("a note");
        assert!(note.contains("HEALTHCHECK ``CMD curl -f http://`hostname`:8000/ || exit 1`` runs"), "{note}");
        // The URL is made at run time: the remedy does not copy it.
        assert!(note.contains("urlopen('http://127.0.0.1:<port>/<health path>'"), "{note}");
    }

    #[test]
    fn a_check_that_runs_without_a_shell_keeps_running() {
        let c = converted(
            "FROM python:3.13-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\nHEALTHCHECK --interval=10s CMD [\"python\", \"healthcheck.py\"]\nCMD [\"python\", \"app.py\"]\n",
        );
        assert!(
            c.dockerfile.contains("HEALTHCHECK --interval=10s CMD [\"/venv/bin/python3\", \"healthcheck.py\"]"),
            "{}",
            c.dockerfile
        );
        let c = converted(
            "FROM golang:1.24 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/server .\nFROM scratch\nCOPY --from=build /out/server /server\nHEALTHCHECK CMD [\"/server\", \"health\"]\nENTRYPOINT [\"/server\"]\n",
        );
        assert!(c.dockerfile.contains("HEALTHCHECK CMD [\"/server\", \"health\"]"), "{}", c.dockerfile);
    }

    #[test]
    fn a_check_that_needs_a_shell_becomes_none_with_a_note() {
        let c = converted(
            "FROM node:22-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\nHEALTHCHECK CMD curl -f http://localhost:3000/health || exit 1\nCMD [\"node\", \"server.js\"]\n",
        );
        assert!(c.dockerfile.contains("HEALTHCHECK NONE"), "{}", c.dockerfile);
        let note = c.notes.iter().find(|n| n.message.contains("HEALTHCHECK `CMD curl")).expect("a note");
        assert!(note.message.contains("/nodejs/bin/node"), "the note shows a check that works: {}", note.message);
    }
}
