use crate::rules::prelude::*;
use crate::syntax::json::quote;

declare_rule! {
    /// ## What it does
    /// Checks that the final stage of a service image — one that `EXPOSE`s a port or starts a
    /// server such as gunicorn, uvicorn, nginx or `npm start` — has a `HEALTHCHECK` (or an
    /// explicit `HEALTHCHECK NONE`).
    ///
    /// ## Why is this bad?
    /// Without a health check, Docker and Compose only know whether the process is running, not
    /// whether it answers. A deadlocked or half-started service looks healthy, keeps receiving
    /// traffic, and is never restarted.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.13-slim
    /// EXPOSE 8000
    /// CMD ["gunicorn", "--bind", "0.0.0.0:8000", "app:app"]
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.13-slim
    /// EXPOSE 8000
    /// HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/', timeout=3)"]
    /// CMD ["gunicorn", "--bind", "0.0.0.0:8000", "app:app"]
    /// ```
    ///
    /// ## Fix safety
    /// The fix probes `http://127.0.0.1:<port>/` with a tool the image is known to have: the
    /// Python or Node.js runtime, BusyBox `wget` on Alpine, or `curl` when the Dockerfile
    /// installs it. It is written in exec form so it also works without a shell. Your service
    /// may answer on another path, so the fix is unsafe: point it at your health endpoint.
    code: "SS006",
    name: "missing-healthcheck",
    category: Suspicious,
    fix: Sometimes,
    hadolint: None,
    buildkit: None,
    summary: "A service image has no HEALTHCHECK",
    check: check,
}

const SERVERS: &[&str] = &[
    "gunicorn",
    "uvicorn",
    "hypercorn",
    "daphne",
    "waitress-serve",
    "nginx",
    "httpd",
    "httpd-foreground",
    "apache2-foreground",
    "caddy",
    "traefik",
    "php-fpm",
    "puma",
    "unicorn",
    "rails",
    "serve",
    "http-server",
];

fn check(ctx: &mut Checker) {
    let Some(stage) = ctx.model.final_stage() else {
        return;
    };
    let Some(from) = stage.from else { return };
    let lineage: Vec<usize> = ctx.model.lineage(stage.index).flat_map(|s| s.instructions.clone()).collect();
    let instructions = &ctx.file.instructions;
    if lineage.iter().any(|&i| instructions[i].kind == Kind::Healthcheck) {
        return;
    }
    let port = lineage.iter().rev().find_map(|&i| exposed_port(&instructions[i]));
    let server = lineage
        .iter()
        .any(|&i| matches!(instructions[i].kind, Kind::Cmd | Kind::Entrypoint) && starts_server(&instructions[i]));
    if port.is_none() && !server {
        return;
    }
    let fix = port.and_then(|port| fix(ctx, stage, port));
    let what = match port {
        Some(port) => format!("serves on port {port}"),
        None => "runs a server".to_string(),
    };
    ctx.report_fix(
        instructions[from].range,
        format!("The final image {what} but has no HEALTHCHECK: Docker cannot tell a hung service from a healthy one"),
        fix,
    );
}

/// The first TCP port an EXPOSE names.
fn exposed_port(instruction: &Instruction) -> Option<u16> {
    if instruction.kind != Kind::Expose {
        return None;
    }
    let Args::Words(words) = &instruction.args else {
        return None;
    };
    words.iter().find_map(|w| {
        let (port, proto) = w.value.split_once('/').unwrap_or((&w.value, "tcp"));
        if !proto.eq_ignore_ascii_case("tcp") {
            return None;
        }
        port.split('-').next()?.parse().ok()
    })
}

fn starts_server(instruction: &Instruction) -> bool {
    let words: Vec<&str> = match instruction.command() {
        Some(Command::Exec(exec)) => exec.elements.iter().map(|e| e.value.as_str()).collect(),
        Some(Command::Shell(shell)) => shell.text.split_whitespace().collect(),
        None => return false,
    };
    let program = |w: &str| w.rsplit('/').next().unwrap_or(w).to_string();
    let first = words.first().map(|w| program(w)).unwrap_or_default();
    SERVERS.contains(&first.as_str())
        || (first == "npm" && words.get(1) == Some(&"start"))
        || words.windows(2).any(|w| {
            (w[0] == "-m" && SERVERS.contains(&w[1])) || (w[0] == "flask" && w[1] == "run") || w[1] == "runserver"
        })
}

fn fix(ctx: &Checker, stage: &Stage, port: u16) -> Option<Fix> {
    let url = format!("http://127.0.0.1:{port}/");
    let image = ctx.model.root_image(stage.index);
    let name = image.map(|i| i.name()).unwrap_or("");
    let distroless = stage.os == Os::Distroless;
    let lineage: Vec<usize> = ctx.model.lineage(stage.index).flat_map(|s| s.instructions.clone()).collect();
    let installs_curl = lineage.iter().any(|&i| {
        ctx.model.script(i).is_some_and(|s| {
            s.commands.iter().any(|c| {
                c.is_any(&["apt-get", "apk", "yum", "dnf", "microdnf"]) && c.positional().any(|w| w.value == "curl")
            })
        })
    });
    let command: Vec<String> = if name.starts_with("python") || name == "pypy" {
        let exe = if distroless { "python3" } else { "python" };
        vec![exe.into(), "-c".into(), format!("import urllib.request; urllib.request.urlopen('{url}', timeout=3)")]
    } else if name == "node" || name.starts_with("nodejs") {
        let exe = if distroless { "/nodejs/bin/node" } else { "node" };
        vec![
            exe.into(),
            "-e".into(),
            format!(
                "require('http').get('{url}', r => process.exit(r.statusCode < 500 ? 0 : 1)).on('error', () => process.exit(1))"
            ),
        ]
    } else if installs_curl {
        vec!["curl".into(), "-fsS".into(), "-o".into(), "/dev/null".into(), url.clone()]
    } else if matches!(stage.os, Os::Alpine | Os::Busybox) {
        vec!["wget".into(), "-q".into(), "--spider".into(), url.clone()]
    } else {
        return None;
    };
    let exec = command.iter().map(|c| quote(c)).collect::<Vec<_>>().join(", ");
    let line = format!("HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 CMD [{exec}]");
    let instructions = &ctx.file.instructions;
    let range = stage.instructions.clone();
    let edit = match range.clone().find(|&i| matches!(instructions[i].kind, Kind::Cmd | Kind::Entrypoint)) {
        Some(first) => ctx.insert_before(&instructions[first], &line),
        None => ctx.insert_after(&instructions[range.end - 1], &line),
    };
    Some(Fix::unsafe_edit(format!("Add a HEALTHCHECK probing {url}"), vec![edit]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(&RULE)
            .pass(&[
                "FROM python:3.13-slim\nCMD [\"python\", \"job.py\"]\n",
                "FROM python:3.13-slim\nEXPOSE 8000\nHEALTHCHECK NONE\n",
                "FROM nginx:1.27 AS web\nEXPOSE 80\nHEALTHCHECK CMD [\"curl\", \"-f\", \"http://localhost/\"]\nFROM web\n",
                "FROM alpine:3.20\nEXPOSE 53/udp\nCMD [\"dnsd\"]\n",
            ])
            .fail(&[
                "FROM python:3.13-slim\nEXPOSE 8000\nCMD [\"gunicorn\", \"app:app\"]\n",
                "FROM node:22.11-slim\nCMD [\"npm\", \"start\"]\n",
                "FROM debian:12-slim\nEXPOSE 8080\nCMD [\"/srv/app\"]\n",
            ])
            .fix(&[
                (
                    "FROM python:3.13-slim\nEXPOSE 8000\nCMD [\"gunicorn\", \"--bind\", \"0.0.0.0:8000\", \"app:app\"]\n",
                    "FROM python:3.13-slim\nEXPOSE 8000\nHEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 CMD [\"python\", \"-c\", \"import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/', timeout=3)\"]\nCMD [\"gunicorn\", \"--bind\", \"0.0.0.0:8000\", \"app:app\"]\n",
                ),
                (
                    "FROM nginx:1.27-alpine\nEXPOSE 80\nCMD [\"nginx\", \"-g\", \"daemon off;\"]\nCMD [\"nginx\"]\n",
                    "FROM nginx:1.27-alpine\nEXPOSE 80\nHEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 CMD [\"wget\", \"-q\", \"--spider\", \"http://127.0.0.1:80/\"]\nCMD [\"nginx\", \"-g\", \"daemon off;\"]\nCMD [\"nginx\"]\n",
                ),
                (
                    "FROM node:22.11-slim\nEXPOSE 3000\n",
                    "FROM node:22.11-slim\nEXPOSE 3000\nHEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 CMD [\"node\", \"-e\", \"require('http').get('http://127.0.0.1:3000/', r => process.exit(r.statusCode < 500 ? 0 : 1)).on('error', () => process.exit(1))\"]\n",
                ),
            ])
            .run();
    }
}
