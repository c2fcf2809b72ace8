use super::tls_verification_disabled::falsy;
use crate::rules::prelude::*;
use crate::semantic::mount_option;
use crate::text::code;

declare_rule! {
    /// ## What it does
    /// Checks for package installs with signature checks turned off:
    /// - `apk add --allow-untrusted`;
    /// - `apt-get --allow-unauthenticated`, `--allow-insecure-repositories`, `--force-yes`,
    ///   `-o APT::Get::AllowUnauthenticated=true`, and `[trusted=yes]` repositories;
    /// - `yum`, `dnf`, `microdnf` and `tdnf` `--nogpgcheck`, and `gpgcheck=0`;
    /// - `rpm --nosignature`, `--nodigest`, `--nofiledigest`, `--noverify`;
    /// - `zypper --no-gpg-checks`.
    ///
    /// ## Why is this bad?
    /// Package signatures prove that a package comes from the distribution (or vendor) and was
    /// not changed on the way: mirrors and caching proxies are not trusted, the signature is.
    /// Without the check, a compromised mirror or anyone on the network path can ship their own
    /// package into the image. If a repository's key is missing, add the key (`apt-key` is
    /// deprecated: put it in `/etc/apt/keyrings` and use `signed-by=`; `rpm --import` for RPM)
    /// rather than turning the check off. Checkov reports these as CKV2_DOCKER_7 to 11.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add --no-cache --allow-untrusted /tmp/mytool.apk
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// COPY mytool.rsa.pub /etc/apk/keys/
    /// RUN apk add --no-cache /tmp/mytool.apk
    /// ```
    ///
    /// ## Fix safety
    /// The fix removes the flag, and turns apt's `--force-yes` into `-y` (what it was usually
    /// meant for). The install then fails if a package really is unsigned, so the fix is
    /// unsafe. Repository files and `-o` options are left to you.
    code: "SS205",
    name: "package-signature-verification-disabled",
    category: Security,
    fix: Sometimes,
    hadolint: None,
    buildkit: None,
    summary: "Packages are installed with signature checks turned off",
    check: check,
}

const CONSEQUENCE: &str = "so a tampered package from a mirror or the network would be installed";

const APT: &[&str] = &["apt-get", "apt", "aptitude"];
const RPM_FAMILY: &[&str] = &["yum", "dnf", "microdnf", "tdnf"];

fn check(ctx: &mut Checker) {
    for (_, run, script) in ctx.scripts() {
        // Local packages need no repository signature when the script checks the files itself
        // (`gpg --verify`, `sha256sum -c`) or they were built in another stage of this file.
        let verified = script.commands.iter().any(verifies_files)
            || run.flags_named("mount").any(|f| f.value.as_deref().and_then(|v| mount_option(v, "from")).is_some());
        for command in &script.commands {
            check_command(ctx, command, verified);
        }
    }
}

/// True for a command that checks a file's signature or checksum.
fn verifies_files(command: &SimpleCommand) -> bool {
    (command.is("gpg") && command.has_long_flag("verify"))
        || command.is("gpgv")
        || (command.program().is_some_and(|p| p.ends_with("sum") && p.starts_with("sha"))
            && command.has_any_flag(&["-c", "--check"]))
        || (command.is("cosign") && command.subcommand().is_some_and(|s| s.starts_with("verify")))
        || (command.is("minisign") && command.has_short_flag('V'))
}

fn check_command(ctx: &mut Checker, command: &SimpleCommand, verified: bool) {
    let program = command.program().unwrap_or("");
    let args = command.args();
    for (i, word) in args.iter().enumerate() {
        let v = word.value.as_str();
        let flagged = match v {
            "--allow-untrusted" if program == "apk" => !verified,
            "--allow-unauthenticated" | "--allow-insecure-repositories" if APT.contains(&program) => true,
            "--nogpgcheck" if RPM_FAMILY.contains(&program) => true,
            "--nosignature" | "--nodigest" | "--nofiledigest" | "--noverify" if program == "rpm" => !verified,
            "--no-gpg-checks" if program == "zypper" => true,
            _ => false,
        };
        if flagged {
            let message = format!(
                "{} installs packages without checking their signatures, {CONSEQUENCE}",
                code(&format!("{program} {v}"))
            );
            let fix =
                ctx.delete_word(word.range).map(|edit| Fix::unsafe_edit(format!("Remove {}", code(v)), vec![edit]));
            ctx.report_fix(word.range, message, fix);
            continue;
        }
        if v == "--force-yes" && APT.contains(&program) {
            let has_yes = command.has_short_flag('y') || command.has_any_flag(&["--yes", "--assume-yes"]);
            let (title, edit) = if has_yes {
                ("Remove `--force-yes`", ctx.delete_word(word.range))
            } else {
                ("Replace `--force-yes` with `-y`", Some(Edit::replace(word.range, "-y")))
            };
            ctx.report_fix(
                word.range,
                format!(
                    "{} also installs unauthenticated packages, {CONSEQUENCE}: use `-y` to answer yes",
                    code(&format!("{program} --force-yes"))
                ),
                edit.map(|e| Fix::unsafe_edit(title, vec![e])),
            );
            continue;
        }
        // `--setopt=gpgcheck=0` on the command line.
        if let Some(option) = v.strip_prefix("--setopt=")
            && RPM_FAMILY.contains(&program)
            && gpgcheck_off(option).is_some()
        {
            let message = format!("{} installs packages without checking their signatures, {CONSEQUENCE}", code(v));
            let fix =
                ctx.delete_word(word.range).map(|edit| Fix::unsafe_edit(format!("Remove {}", code(v)), vec![edit]));
            ctx.report_fix(word.range, message, fix);
            continue;
        }
        // apt's `-o APT::Get::AllowUnauthenticated=true` (also written `-oAPT::…`).
        let option = v
            .strip_prefix("-o")
            .filter(|o| !o.is_empty())
            .or_else(|| (i > 0 && args[i - 1].value == "-o").then_some(v));
        if let Some(option) = option
            && APT.contains(&program)
            && let Some((key, value)) = option.split_once('=')
            && !falsy(value)
            && key.to_ascii_lowercase().contains("allow")
            && ["unauthenticated", "insecurerepositories"].iter().any(|k| key.to_ascii_lowercase().ends_with(k))
        {
            ctx.report(word.range, format!("{} makes apt accept unsigned packages, {CONSEQUENCE}", code(option)));
            continue;
        }
        // Repository definitions written by the build: `gpgcheck=0`, `[trusted=yes]`.
        if let Some(setting) = gpgcheck_off(v) {
            ctx.report(
                word.range,
                format!("{} turns off signature checks for the repository, {CONSEQUENCE}", code(setting)),
            );
        } else if crate::text::find_ignore_ascii_case(v, "trusted=yes").is_some()
            && !v.contains("file:/")
            && !v.contains("copy:/")
        {
            // A `file:` repository holds packages the build made itself; there is no download.
            ctx.report(
                word.range,
                format!("`[trusted=yes]` makes apt accept the repository without a signature, {CONSEQUENCE}"),
            );
        }
    }
}

/// `gpgcheck=0` or `repo_gpgcheck=false` (spaces around `=` allowed) inside a word.
fn gpgcheck_off(word: &str) -> Option<&str> {
    // Most words are not settings: look before lowercasing.
    crate::text::find_ignore_ascii_case(word, "gpgcheck")?;
    let lower = word.to_ascii_lowercase();
    let start = lower.find("gpgcheck")?;
    let start = if lower[..start].ends_with("repo_") { start - "repo_".len() } else { start };
    let rest = &lower[lower[start..].find("gpgcheck")? + start + "gpgcheck".len()..];
    let value = rest.trim_start().strip_prefix('=')?.trim_start();
    let value_end = value.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(value.len());
    if !falsy(&value[..value_end]) {
        return None;
    }
    word.get(start..word.len() - (value.len() - value_end))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(&RULE)
            .pass(&[
                "FROM alpine:3.20\nRUN apk add --no-cache curl\n",
                "FROM debian:12\nRUN apt-get install -y --no-install-recommends curl\n",
                "FROM fedora:40\nRUN dnf install -y curl && rpm --import https://example.com/key.asc\n",
                "FROM fedora:40\nRUN echo 'gpgcheck=1' >> /etc/yum.repos.d/x.repo\n",
                "FROM debian:12\nRUN apt-get -o APT::Get::AllowUnauthenticated=false install -y curl\n",
                "FROM debian:12\nRUN echo --allow-untrusted\n",
                "FROM debian:12\nRUN apt-get -o Dpkg::Options::=--force-confold install -y curl\n",
                // Adapted from common official-image patterns: locally built or verified packages.
                "FROM debian:12\nRUN echo \"deb [ trusted=yes ] file://$tempDir ./\" > /etc/apt/sources.list.d/temp.list\n",
                "FROM alpine:3.20\nRUN --mount=type=bind,target=/tmp/packages,from=builder apk add --allow-untrusted /tmp/packages/x.apk\n",
                "FROM alpine:3.20\nRUN curl -O https://example.com/x.apk && curl -O https://example.com/x.sig \\\n    && gpg --verify x.sig x.apk && apk add --allow-untrusted x.apk\n",
            ])
            .fail(&[
                "FROM alpine:3.20\nRUN apk add --allow-untrusted /tmp/x.apk\n",
                "FROM debian:12\nRUN apt-get install -y --allow-unauthenticated curl\n",
                "FROM debian:12\nRUN apt-get update --allow-insecure-repositories\n",
                "FROM debian:12\nRUN apt-get install --force-yes curl\n",
                "FROM debian:12\nRUN apt-get -o APT::Get::AllowUnauthenticated=true install -y curl\n",
                "FROM debian:12\nRUN echo \"deb [trusted=yes] http://repo.example.com/ stable main\" > /etc/apt/sources.list.d/x.list\n",
                "FROM centos:7\nRUN yum install -y --nogpgcheck curl\n",
                "FROM fedora:40\nRUN dnf --setopt=gpgcheck=0 install -y curl\n",
                "FROM fedora:40\nRUN printf '[x]\\nbaseurl=http://x\\ngpgcheck = 0\\n' > /etc/yum.repos.d/x.repo\n",
                "FROM fedora:40\nRUN rpm -ivh --nosignature --nodigest /tmp/x.rpm\n",
                "FROM opensuse/leap:15.6\nRUN zypper --no-gpg-checks install -y curl\n",
                "FROM alpine:3.20\nONBUILD RUN apk add --allow-untrusted /tmp/x.apk\n",
                "FROM alpine:3.20\nRUN <<EOF\napk add --allow-untrusted /tmp/x.apk\nEOF\n",
            ])
            .fix(&[
                ("FROM alpine:3.20\nRUN apk add --allow-untrusted /tmp/x.apk\n", "FROM alpine:3.20\nRUN apk add /tmp/x.apk\n"),
                ("FROM debian:12\nRUN apt-get install --force-yes curl\n", "FROM debian:12\nRUN apt-get install -y curl\n"),
                ("FROM debian:12\nRUN apt-get install -qy --force-yes curl\n", "FROM debian:12\nRUN apt-get install -qy curl\n"),
                (
                    "FROM debian:12\nRUN apt-get install -y \\\n    --allow-unauthenticated \\\n    curl\n",
                    "FROM debian:12\nRUN apt-get install -y \\\n    curl\n",
                ),
                ("FROM fedora:40\nRUN rpm -ivh --nosignature --nodigest /tmp/x.rpm\n", "FROM fedora:40\nRUN rpm -ivh /tmp/x.rpm\n"),
                ("FROM fedora:40\nRUN dnf --setopt=gpgcheck=0 install -y curl\n", "FROM fedora:40\nRUN dnf install -y curl\n"),
            ])
            .run();
    }
}
