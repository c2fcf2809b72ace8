use crate::rules::prelude::*;
use crate::semantic::invocation::{self, Tool};
use crate::syntax::Pair;
use crate::text::code;

declare_rule! {
    /// ## What it does
    /// Checks for downloads with TLS certificate checks turned off, in `RUN` and in `ENV` or
    /// `ARG` variables the tools read:
    /// - `curl -k` / `--insecure`, `wget --no-check-certificate`;
    /// - `pip --trusted-host`, `PIP_TRUSTED_HOST`, `uv --allow-insecure-host`;
    /// - `PYTHONHTTPSVERIFY=0`, `NODE_TLS_REJECT_UNAUTHORIZED=0`;
    /// - npm, Yarn and pnpm `strict-ssl false`, `NPM_CONFIG_STRICT_SSL=false`;
    /// - `GIT_SSL_NO_VERIFY`, `git config http.sslVerify false`;
    /// - `sslverify=false` for yum and dnf.
    ///
    /// ## Why is this bad?
    /// Without the certificate check, anyone on the network path between the build and the
    /// server (a compromised proxy, a hostile Wi-Fi, a poisoned DNS answer) can serve their own
    /// file, and the build installs it into the image. The usual reason for turning it off is a
    /// corporate proxy that re-signs traffic: add its CA certificate to the image (or mount it
    /// as a build secret) instead. Checkov reports these as CKV2_DOCKER_2 to 16.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN curl -fsSLk https://example.com/install.sh -o /tmp/install.sh
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN curl -fsSL https://example.com/install.sh -o /tmp/install.sh
    /// ```
    ///
    /// ## Fix safety
    /// Where the setting is one flag or one variable, the fix removes it. The download may then
    /// fail, which is the point when the certificate is not trusted, so the fix is unsafe. Tool
    /// configuration (`npm config set`, `git config`, repository files) is left to you.
    code: "SS204",
    name: "tls-verification-disabled",
    category: Security,
    fix: Sometimes,
    hadolint: None,
    buildkit: None,
    summary: "A download runs with TLS certificate checks turned off",
    check: check,
}

const CONSEQUENCE: &str = "so anyone on the network path can serve tampered files";

/// `false`, `0`, `no`, `off` in any case.
pub(crate) fn falsy(value: &str) -> bool {
    matches!(value.trim().to_ascii_lowercase().as_str(), "false" | "0" | "no" | "off")
}

/// What setting `name` to `value` turns off, when it turns off certificate checks.
fn disabling_variable(name: &str, value: Option<&str>) -> Option<String> {
    let value = value?;
    let upper = name.to_ascii_uppercase();
    let what = match upper.as_str() {
        "PYTHONHTTPSVERIFY" if value == "0" => "makes Python's HTTPS clients accept any TLS certificate",
        "NODE_TLS_REJECT_UNAUTHORIZED" if value == "0" => "makes Node.js accept any TLS certificate",
        "NPM_CONFIG_STRICT_SSL" | "YARN_STRICT_SSL" | "YARN_ENABLE_STRICT_SSL" if falsy(value) => {
            "makes the package manager accept any TLS certificate from the registry"
        }
        // git turns the check off when the variable is set at all, whatever its value.
        "GIT_SSL_NO_VERIFY" => "makes git accept any TLS certificate",
        "PIP_TRUSTED_HOST" if !value.is_empty() => "lets pip use those hosts without checking their TLS certificate",
        _ => return None,
    };
    Some(format!("{} {what}, {CONSEQUENCE}", code(&format!("{name}={value}"))))
}

fn check(ctx: &mut Checker) {
    for (_, outer) in ctx.instructions() {
        let instruction = outer.effective();
        if !matches!(instruction.kind, Kind::Env | Kind::Arg) {
            continue;
        }
        let Args::Pairs(pairs) = &instruction.args else { continue };
        let found: Vec<(&Pair, String)> = pairs
            .iter()
            .filter_map(|p| {
                disabling_variable(&p.key.value, p.value.as_ref().map(|v| v.value.as_str())).map(|m| (p, m))
            })
            .collect();
        // When every pair goes, the whole instruction goes: an empty ENV is an error.
        let remove_all = found.len() == pairs.len();
        for (pair, message) in found {
            let edit = if !remove_all {
                ctx.delete_word(pair.range)
            } else if outer.comments.is_empty() {
                Some(ctx.delete_instruction(outer))
            } else {
                None
            };
            let setting = ctx.text(pair.range).to_string();
            let fix = edit.map(|e| Fix::unsafe_edit(format!("Remove {}", code(&setting)), vec![e]));
            ctx.report_fix(pair.range, message, fix);
        }
    }
    for (_, _, script) in ctx.scripts() {
        for command in &script.commands {
            check_command(ctx, command);
        }
    }
}

fn check_command(ctx: &mut Checker, command: &SimpleCommand) {
    for assignment in &command.assignments {
        let Some((name, value)) = assignment.value.split_once('=') else { continue };
        if let Some(message) = disabling_variable(name, Some(value)) {
            // `NAME=value cmd` sets it for one command: dropping the prefix is a plain edit.
            let fix = (!command.words.is_empty())
                .then(|| ctx.delete_word(assignment.range))
                .flatten()
                .map(|edit| Fix::unsafe_edit(format!("Remove {}", code(&format!("{name}={value}"))), vec![edit]));
            ctx.report_fix(assignment.range, message, fix);
        }
    }
    if command.is("export") {
        for word in command.args() {
            let Some((name, value)) = word.value.split_once('=') else { continue };
            if let Some(message) = disabling_variable(name, Some(value)) {
                ctx.report(word.range, message);
            }
        }
        return;
    }
    if command.is("curl") {
        curl(ctx, command);
    } else if command.is("wget") {
        for word in command.args() {
            let v = word.value.as_str();
            let off = v == "--no-check-certificate"
                || v.strip_prefix("--check-certificate=").is_some_and(|x| falsy(x) || x == "quiet");
            if off {
                report_flag(
                    ctx,
                    word,
                    &format!("{} accepts any TLS certificate, {CONSEQUENCE}", code(&format!("wget {v}"))),
                    &[word],
                );
            }
        }
    } else if let Some(args) = pip_args(command) {
        pip(ctx, command, args);
    } else if command.is("git") {
        git(ctx, command);
    } else if command.is_any(&["npm", "yarn", "pnpm"]) {
        package_registry(ctx, command);
    }
    for word in command.args() {
        if let Some(setting) = sslverify_off(&word.value) {
            let package_manager = command.is_any(&["yum", "dnf", "microdnf", "tdnf", "zypper"]);
            let message = format!(
                "{} makes the package manager accept any TLS certificate from the repository, {CONSEQUENCE}",
                code(setting)
            );
            if package_manager && word.value.starts_with("--setopt=") {
                report_flag(ctx, word, &message, &[word]);
            } else {
                ctx.report(word.range, message);
            }
        }
    }
}

/// Reports `word` with a fix that removes `remove` (the flag and, for `--flag value`, its value).
fn report_flag(ctx: &mut Checker, word: &ShellWord, message: &str, remove: &[&ShellWord]) {
    let title = remove.iter().map(|w| w.value.as_str()).collect::<Vec<_>>().join(" ");
    let edits = ctx.delete_words(&remove.iter().map(|w| w.range).collect::<Vec<_>>());
    ctx.report_fix(word.range, message, edits.map(|edits| Fix::unsafe_edit(format!("Remove {}", code(&title)), edits)));
}

/// curl's short options that take a value: the rest of a combined group is that value.
const CURL_SHORT_WITH_VALUE: &str = "AbcCdDeEFHKmoPQrtTuUwxXyYz";

fn curl(ctx: &mut Checker, command: &SimpleCommand) {
    let mut skip = false;
    for word in command.args() {
        if std::mem::take(&mut skip) {
            continue;
        }
        let v = word.value.as_str();
        if v == "--" {
            return;
        }
        if matches!(v, "--insecure" | "--proxy-insecure") {
            report_flag(
                ctx,
                word,
                &format!("{} accepts any TLS certificate, {CONSEQUENCE}", code(&format!("curl {v}"))),
                &[word],
            );
            return;
        }
        if v.starts_with("--") {
            continue;
        }
        let Some(group) = v.strip_prefix('-') else { continue };
        for (i, c) in group.char_indices() {
            if c == 'k' {
                let message = format!("`curl -k` accepts any TLS certificate, {CONSEQUENCE}");
                if group.len() == 1 {
                    report_flag(ctx, word, &message, &[word]);
                } else if ctx.text(word.range) == v {
                    // Take the `k` out of a group such as `-fsSLk`.
                    let at = word.range.start + crate::text::to_u32(1 + i);
                    let edit = Edit::delete(TextRange::new(at, at + 1));
                    ctx.report_fix(word.range, message, Some(Fix::unsafe_edit("Remove `-k`", vec![edit])));
                } else {
                    ctx.report(word.range, message);
                }
                return;
            }
            if CURL_SHORT_WITH_VALUE.contains(c) {
                skip = i + c.len_utf8() == group.len();
                break;
            }
        }
    }
}

/// The arguments after `pip` in `pip …`, `pip3.12 …`, `python -m pip …` and `uv pip …`.
fn pip_args(command: &SimpleCommand) -> Option<&[ShellWord]> {
    invocation::read(command).filter(|i| i.tool == Tool::Pip).map(|i| i.args)
}

fn pip(ctx: &mut Checker, command: &SimpleCommand, args: &[ShellWord]) {
    for (i, word) in args.iter().enumerate() {
        let v = word.value.as_str();
        for flag in ["--trusted-host", "--allow-insecure-host"] {
            if let Some(host) = v.strip_prefix(flag).and_then(|r| r.strip_prefix('=')) {
                let message = format!(
                    "{} lets pip use {} without checking its TLS certificate, {CONSEQUENCE}",
                    code(&format!("{flag} {host}")),
                    code(host)
                );
                report_flag(ctx, word, &message, &[word]);
            } else if v == flag {
                match args.get(i + 1) {
                    Some(host) => {
                        let message = format!(
                            "{} lets pip use {} without checking its TLS certificate, {CONSEQUENCE}",
                            code(&format!("{flag} {}", host.value)),
                            code(&host.value)
                        );
                        report_flag(ctx, word, &message, &[word, host]);
                    }
                    None => {
                        ctx.report(word.range, format!("`{flag}` turns off TLS certificate checks, {CONSEQUENCE}"));
                    }
                }
            }
        }
    }
    // `pip config set global.trusted-host example.com`
    let positional: Vec<&ShellWord> = args.iter().filter(|w| !w.value.starts_with('-')).collect();
    if let [config, set, key, ..] = positional.as_slice()
        && config.value == "config"
        && set.value == "set"
        && key.value.ends_with(".trusted-host")
    {
        ctx.report(
            command.range,
            format!(
                "{} lets pip use hosts without checking their TLS certificate, {CONSEQUENCE}",
                code(&format!("pip config set {}", key.value))
            ),
        );
    }
}

fn git(ctx: &mut Checker, command: &SimpleCommand) {
    let args = command.args();
    let is_ssl_verify = |key: &str| {
        let key = key.to_ascii_lowercase();
        key.starts_with("http.") && key.ends_with(".sslverify")
    };
    for (i, word) in args.iter().enumerate() {
        // `git -c http.sslVerify=false clone …`
        if let Some((key, value)) = word.value.split_once('=')
            && i > 0
            && args[i - 1].value == "-c"
            && is_ssl_verify(key)
            && falsy(value)
        {
            ctx.report(
                word.range,
                format!("{} makes git accept any TLS certificate, {CONSEQUENCE}", code(&word.value)),
            );
        }
    }
    // `git config [--global] http.sslVerify false`
    let positional: Vec<&ShellWord> = args.iter().filter(|w| !w.value.starts_with('-')).collect();
    if let [config, key, value, ..] = positional.as_slice()
        && config.value == "config"
        && is_ssl_verify(&key.value)
        && falsy(&value.value)
    {
        ctx.report(
            command.range,
            format!(
                "{} makes git accept any TLS certificate, {CONSEQUENCE}",
                code(&format!("git config {} {}", key.value, value.value))
            ),
        );
    }
}

/// npm, Yarn and pnpm: `config set strict-ssl false` and `--strict-ssl=false`.
fn package_registry(ctx: &mut Checker, command: &SimpleCommand) {
    let program = command.program().unwrap_or("npm");
    let is_strict_ssl =
        |key: &str| matches!(key.to_ascii_lowercase().as_str(), "strict-ssl" | "strict_ssl" | "enablestrictssl");
    for word in command.args() {
        let v = word.value.as_str();
        if v == "--no-strict-ssl" || v.strip_prefix("--strict-ssl=").is_some_and(falsy) {
            let message = format!(
                "{} accepts any TLS certificate from the registry, {CONSEQUENCE}",
                code(&format!("{program} {v}"))
            );
            report_flag(ctx, word, &message, &[word]);
        }
    }
    let positional: Vec<&str> =
        command.args().iter().map(|w| w.value.as_str()).filter(|w| !w.starts_with('-')).collect();
    let setting = match positional.as_slice() {
        ["config", "set", rest @ ..] | ["set", rest @ ..] => rest,
        _ => return,
    };
    let off = match setting {
        [pair, ..] if pair.contains('=') => pair.split_once('=').is_some_and(|(k, v)| is_strict_ssl(k) && falsy(v)),
        [key, value, ..] => is_strict_ssl(key) && falsy(value),
        _ => false,
    };
    if off {
        ctx.report(
            command.range,
            format!(
                "{} accepts any TLS certificate from the registry, {CONSEQUENCE}",
                code(&format!("{program} config set strict-ssl false"))
            ),
        );
    }
}

/// `sslverify=0` (any case, spaces around `=` allowed) inside a word: the setting as written.
fn sslverify_off(word: &str) -> Option<&str> {
    // Most words are not settings: look before lowercasing.
    crate::text::find_ignore_ascii_case(word, "sslverify")?;
    let lower = word.to_ascii_lowercase();
    let start = lower.find("sslverify")?;
    if lower[..start].ends_with("http.") || lower[..start].contains("http.") {
        // git's `http.sslVerify` is handled with git.
        return None;
    }
    let rest = &lower[start + "sslverify".len()..];
    let value = rest.trim_start().strip_prefix('=')?.trim_start();
    let value_end = value.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(value.len());
    if !falsy(&value[..value_end]) {
        return None;
    }
    let end = word.len() - (value.len() - value_end);
    word.get(start..end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(&RULE)
            .pass(&[
                "FROM debian:12\nRUN curl -fsSL https://example.com -o /tmp/x\n",
                "FROM debian:12\nRUN curl -o -k https://example.com\n",
                "FROM debian:12\nRUN curl -H 'X-k: 1' -sS https://example.com\n",
                "FROM debian:12\nRUN curl -fsSLo kubectl https://dl.k8s.io/kubectl\n",
                "FROM debian:12\nRUN wget -q https://example.com\n",
                "FROM python:3.13\nRUN pip install --index-url https://pypi.example.com/simple flask\n",
                "FROM python:3.13\nENV PYTHONHTTPSVERIFY=1\n",
                "FROM node:22\nENV NODE_TLS_REJECT_UNAUTHORIZED=1 NPM_CONFIG_STRICT_SSL=true\n",
                "FROM node:22\nRUN npm config set strict-ssl true\n",
                "FROM alpine\nARG GIT_SSL_NO_VERIFY\n",
                "FROM alpine\nRUN echo curl -k\n",
                "FROM fedora:40\nRUN dnf --setopt=sslverify=true install -y curl\n",
                "FROM alpine\nRUN git config --global http.sslVerify true\n",
                "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL [\"powershell\", \"-Command\"]\nRUN curl -k https://example.com\n",
            ])
            .fail(&[
                "FROM debian:12\nRUN curl -k https://example.com\n",
                "FROM debian:12\nRUN curl -fsSLk https://example.com | sh\n",
                "FROM debian:12\nRUN curl --insecure -o /tmp/x https://example.com\n",
                "FROM debian:12\nRUN wget --no-check-certificate https://example.com\n",
                "FROM python:3.13\nRUN pip install --trusted-host pypi.example.com flask\n",
                "FROM python:3.13\nRUN python3 -m pip install --trusted-host=pypi.example.com flask\n",
                "FROM python:3.13\nRUN pip config set global.trusted-host pypi.example.com\n",
                "FROM python:3.13\nENV PYTHONHTTPSVERIFY=0 PIP_TRUSTED_HOST=pypi.example.com\n",
                "FROM node:22\nENV NODE_TLS_REJECT_UNAUTHORIZED 0\n",
                "FROM node:22\nARG NPM_CONFIG_STRICT_SSL=false\nRUN npm ci\n",
                "FROM node:22\nRUN npm config set strict-ssl false && yarn config set strict-ssl false\n",
                "FROM node:22\nRUN NODE_TLS_REJECT_UNAUTHORIZED=0 npm install\n",
                "FROM alpine\nENV GIT_SSL_NO_VERIFY=true\n",
                "FROM alpine\nRUN git config --global http.sslVerify false && git -c http.sslverify=0 clone https://example.com/r\n",
                "FROM centos:7\nRUN echo 'sslverify=false' >> /etc/yum.conf\n",
                "FROM fedora:40\nRUN dnf --setopt=sslverify=false install -y curl\n",
                "FROM debian:12\nRUN <<EOF\nexport NODE_TLS_REJECT_UNAUTHORIZED=0\ncurl -k https://example.com\nEOF\n",
                "FROM debian:12\nONBUILD RUN wget --no-check-certificate https://example.com\n",
            ])
            .fix(&[
                ("FROM debian:12\nRUN curl -k https://example.com\n", "FROM debian:12\nRUN curl https://example.com\n"),
                ("FROM debian:12\nRUN curl -fsSLk https://example.com | sh\n", "FROM debian:12\nRUN curl -fsSL https://example.com | sh\n"),
                ("FROM debian:12\nRUN curl -kfsSL https://example.com | sh\n", "FROM debian:12\nRUN curl -fsSL https://example.com | sh\n"),
                (
                    "FROM debian:12\nRUN wget \\\n    --no-check-certificate \\\n    https://example.com\n",
                    "FROM debian:12\nRUN wget \\\n    https://example.com\n",
                ),
                (
                    "FROM python:3.13\nRUN pip install --trusted-host pypi.example.com flask\n",
                    "FROM python:3.13\nRUN pip install flask\n",
                ),
                // The flag and its value fill a continuation line: the line goes.
                (
                    "FROM python:3.13\nRUN pip install \\\n    --trusted-host    pypi.example.com \\\n    flask\n",
                    "FROM python:3.13\nRUN pip install \\\n    flask\n",
                ),
                (
                    "FROM python:3.13\nRUN pip install flask \\\n    --trusted-host    pypi.example.com\n",
                    "FROM python:3.13\nRUN pip install flask\n",
                ),
                (
                    "FROM python:3.13\nRUN pip install --trusted-host \\\n    pypi.example.com flask\n",
                    "FROM python:3.13\nRUN pip install \\\n    flask\n",
                ),
                (
                    "FROM python:3.13\nENV PYTHONHTTPSVERIFY=0 PIP_TRUSTED_HOST=pypi.example.com\nCMD [\"app\"]\n",
                    "FROM python:3.13\nCMD [\"app\"]\n",
                ),
                (
                    "FROM python:3.13\nENV LANG=C.UTF-8 \\\n    PYTHONHTTPSVERIFY=0\n",
                    "FROM python:3.13\nENV LANG=C.UTF-8\n",
                ),
                ("FROM node:22\nRUN NODE_TLS_REJECT_UNAUTHORIZED=0 npm install\n", "FROM node:22\nRUN npm install\n"),
                (
                    "FROM fedora:40\nRUN dnf --setopt=sslverify=false install -y curl\n",
                    "FROM fedora:40\nRUN dnf install -y curl\n",
                ),
            ])
            .run();
    }
}
