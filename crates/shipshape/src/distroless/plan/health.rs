//! The health check of the final image: kept when it runs without a shell, rewritten to the
//! runtime's own interpreter when it only requests a URL, `HEALTHCHECK NONE` otherwise.

use super::*;

impl Planner<'_, '_> {
    // ----- Health checks -----

    pub(super) fn health(&mut self) -> Health {
        let a = self.a;
        let instructions = a.lineage_instructions();
        let original = instructions.iter().rev().copied().find(|&i| a.instruction(i).kind == Kind::Healthcheck);
        let program = a.launch.program();
        if let Some(hc) = original {
            let Args::Healthcheck(args) = &a.instruction(hc).args else { return Health::Keep(hc) };
            if args.is_none() {
                return Health::Keep(hc);
            }
            let flags: String =
                a.instruction(hc).flags.iter().map(|f| a.text(f.range).to_string()).collect::<Vec<_>>().join(" ");
            let flags = if flags.is_empty() { DEFAULT_HEALTH_FLAGS.to_string() } else { flags };
            let words: Vec<String> = match &args.command {
                Some(Command::Exec(exec)) => exec.elements.iter().map(|e| e.value.clone()).collect(),
                Some(Command::Shell(shell)) => shell.text.split_whitespace().map(str::to_string).collect(),
                None => Vec::new(),
            };
            let shell_form = matches!(args.command, Some(Command::Shell(_)));
            // A check that runs the app's own binary in exec form works as it is.
            if !shell_form
                && let (Some(first), Some(program)) = (words.first(), &program)
                && (first == program || basename(first) == basename(program))
                && matches!(self.a.stack, Stack::Go | Stack::Rust | Stack::StaticBinary)
            {
                return Health::Keep(hc);
            }
            let url = words
                .iter()
                .find(|w| w.starts_with("http://") || w.starts_with("https://"))
                .map(|w| w.trim_matches(['"', '\'']).to_string());
            let original_text = a.text(a.instruction(hc).args_range).trim().to_string();
            if let Some(url) = url
                && let Some(line) = self.probe_line(&flags, &url)
            {
                self.note(format!(
                    "HEALTHCHECK: `{original_text}` needs tools the runtime image does not have; the check now requests {url} with the runtime's own {}",
                    self.probe_name()
                ));
                return Health::Write { line, original: Some(hc), comment: None };
            }
            self.check(format!(
                "HEALTHCHECK `{original_text}` cannot run without a shell, curl or wget, and was replaced by `HEALTHCHECK NONE`: give the app a health sub-command (`HEALTHCHECK CMD [\"/app\", \"health\"]`) or rely on your orchestrator's probes"
            ));
            return Health::Write {
                line: "HEALTHCHECK NONE".into(),
                original: Some(hc),
                comment: Some(
                    "# No shell, curl or wget here to run the old check: add one the app itself provides.".into(),
                ),
            };
        }
        let argv = a.launch.argv();
        let port = instructions
            .iter()
            .rev()
            .find_map(|&i| exposed_port(a, i))
            .or_else(|| port_from_args(&argv))
            .or_else(|| default_port(&argv));
        let server = is_server(&a.launch.argv());
        if port.is_none() && !server {
            return Health::Absent;
        }
        if let Some(port) = port
            && let Some(line) = self.probe_line(DEFAULT_HEALTH_FLAGS, &format!("http://127.0.0.1:{port}/"))
        {
            self.check(format!(
                "The new HEALTHCHECK requests http://127.0.0.1:{port}/ with the runtime's {}: point it at the app's health endpoint if it has one",
                self.probe_name()
            ));
            return Health::Write { line, original: None, comment: None };
        }
        let why = match self.probe {
            Probe::None => "the runtime image has no shell, curl or wget to probe it with",
            _ => "shipshape found no port to probe",
        };
        self.check(format!(
            "The app serves requests, and {why}: the image declares `HEALTHCHECK NONE`; give the app a health sub-command (`HEALTHCHECK CMD [\"/app\", \"health\"]`) or rely on your orchestrator's probes"
        ));
        Health::Write {
            line: "HEALTHCHECK NONE".into(),
            original: None,
            comment: Some("# No shell, curl or wget to probe with: add a check the app itself provides.".into()),
        }
    }

    pub(super) fn probe_name(&self) -> &'static str {
        match self.probe {
            Probe::Python(_) => "Python (urllib)",
            Probe::Node(_) => "Node (http)",
            Probe::None => "tools",
        }
    }

    pub(super) fn probe_line(&self, flags: &str, url: &str) -> Option<String> {
        let url = url.replace('\'', "%27");
        let argv: Vec<String> = match &self.probe {
            Probe::Python(exe) => vec![
                exe.clone(),
                "-c".into(),
                format!("import urllib.request; urllib.request.urlopen('{url}', timeout=3)"),
            ],
            Probe::Node(exe) => {
                let module = if url.starts_with("https:") { "https" } else { "http" };
                vec![
                    exe.clone(),
                    "-e".into(),
                    format!(
                        "require('{module}').get('{url}', r => process.exit(r.statusCode < 400 ? 0 : 1)).on('error', () => process.exit(1))"
                    ),
                ]
            }
            Probe::None => return None,
        };
        Some(format!("HEALTHCHECK {flags} CMD {}", exec_form(&argv)))
    }
}

/// The first TCP port an EXPOSE names.
pub(super) fn exposed_port(a: &Analysis, i: usize) -> Option<u16> {
    let instruction = a.instruction(i);
    if instruction.kind != Kind::Expose {
        return None;
    }
    let Args::Words(words) = &instruction.args else { return None };
    words.iter().find_map(|w| {
        let (port, proto) = w.value.split_once('/').unwrap_or((&w.value, "tcp"));
        if !proto.eq_ignore_ascii_case("tcp") {
            return None;
        }
        port.split('-').next()?.parse().ok()
    })
}

/// The port a server command binds: gunicorn `-b 0.0.0.0:8000`, uvicorn `--port 8000`, Django
/// `runserver 0.0.0.0:8000`, Flask `--port`.
pub(super) fn port_from_args(argv: &[String]) -> Option<u16> {
    for (k, w) in argv.iter().enumerate() {
        let next = argv.get(k + 1).map(String::as_str);
        let value = match w.as_str() {
            "-b" | "--bind" | "--port" | "-p" | "--server.port" => next,
            "runserver" => next.filter(|n| !n.starts_with('-')),
            _ => w
                .strip_prefix("--bind=")
                .or_else(|| w.strip_prefix("--port="))
                .or_else(|| w.strip_prefix("--server.port=")),
        };
        if let Some(value) = value {
            let port = value.rsplit(':').next().unwrap_or(value);
            if let Ok(port) = port.parse::<u16>() {
                return Some(port);
            }
        }
    }
    None
}

/// The port a known server listens on when its command does not say.
pub(super) fn default_port(argv: &[String]) -> Option<u16> {
    let program = argv.first().map(|p| basename(p)).unwrap_or("");
    let module = argv.windows(2).find(|w| w[0] == "-m").map(|w| w[1].as_str()).unwrap_or("");
    let runs = |name: &str| program == name || module == name;
    if runs("gunicorn")
        || runs("uvicorn")
        || runs("hypercorn")
        || runs("daphne")
        || runs("granian")
        || argv.iter().any(|w| w == "runserver")
    {
        Some(8000)
    } else if (runs("flask") || argv.windows(2).any(|w| w[0] == "flask")) && argv.iter().any(|w| w == "run") {
        Some(5000)
    } else if runs("streamlit") {
        Some(8501)
    } else if runs("waitress-serve") || runs("waitress") {
        Some(8080)
    } else {
        None
    }
}

pub(super) fn is_server(argv: &[String]) -> bool {
    let program = argv.first().map(|p| basename(p)).unwrap_or("");
    matches!(
        program,
        "gunicorn" | "uvicorn" | "hypercorn" | "daphne" | "granian" | "waitress-serve" | "nginx" | "streamlit"
    ) || argv.windows(2).any(|w| {
        (w[0] == "-m" && matches!(w[1].as_str(), "gunicorn" | "uvicorn" | "hypercorn" | "daphne" | "flask"))
            || (w[0] == "flask" && w[1] == "run")
            || w[1] == "runserver"
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn reads_ports_and_separators() {
        assert_eq!(port_from_args(&s(&["gunicorn", "-b", "0.0.0.0:8000", "app:app"])), Some(8000));
        assert_eq!(port_from_args(&s(&["uvicorn", "main:app", "--port=8080"])), Some(8080));
        assert_eq!(port_from_args(&s(&["python", "manage.py", "runserver", "0.0.0.0:8000"])), Some(8000));
        assert!(is_plain_separator(" && ", '\\'));
        assert!(is_plain_separator(" \\\n    && ", '\\'));
        assert!(is_plain_separator(" \\\n  # why\n    && ", '\\'));
        assert!(!is_plain_separator("; fi && ", '\\'));
        assert!(!is_plain_separator(" | ", '\\'));
    }
}
