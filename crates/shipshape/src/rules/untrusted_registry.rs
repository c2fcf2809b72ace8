use crate::rules::prelude::*;
use crate::semantic::mount_option;
use crate::text::code;

declare_rule! {
    /// ## What it does
    /// Checks that every image the build pulls — in `FROM`, `COPY --from` and
    /// `RUN --mount=from=` — comes from a trusted registry. The rule only runs when a list
    /// of trusted registries is configured (hadolint's `trustedRegistries`).
    ///
    /// An entry matches its registry host; `*.example.com` matches its subdomains, `*`
    /// anything, and an entry without a port matches every port of its host. Images without
    /// a registry come from Docker Hub, which `docker.io` (or `hub.docker.com`) trusts.
    /// Stages of the file, `scratch`, and images given through an `ARG` without a default are
    /// not checked.
    ///
    /// ## Why is this bad?
    /// Whatever a base image or a copied-from image contains runs in, or ends up in, your
    /// image. Teams limit where images may come from — an internal mirror, a vetted vendor
    /// registry — so that a typo or a look-alike name cannot bring in a stranger's image.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM quay.io/someone/python:3.13
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM docker.io/library/python:3.13
    /// ```
    code: "DL3026",
    name: "untrusted-registry",
    category: Security,
    fix: Never,
    hadolint: Some("DL3026"),
    buildkit: None,
    summary: "An image comes from a registry that is not trusted",
    check: check,
}

const DOCKER_HUB: &[&str] =
    &["docker.io", "hub.docker.com", "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com"];

/// `host:port` as `(host, port)`, lower-cased, with Docker Hub's names folded into `docker.io`.
fn split(registry: &str) -> (String, Option<&str>) {
    let (host, port) = match registry.rsplit_once(':') {
        Some((host, port)) if port.chars().all(|c| c.is_ascii_digit()) => (host, Some(port)),
        _ => (registry, None),
    };
    let host = host.to_ascii_lowercase();
    if DOCKER_HUB.contains(&host.as_str()) { ("docker.io".to_string(), port) } else { (host, port) }
}

/// True when `registry` (a host, perhaps with a port) matches one of the `trusted` entries.
pub(crate) fn is_trusted(registry: &str, trusted: &[String]) -> bool {
    let (host, port) = split(registry);
    trusted.iter().any(|entry| {
        let entry = entry.trim();
        if entry == "*" {
            return true;
        }
        let (pattern, entry_port) = split(entry);
        let port_ok = entry_port.is_none() || entry_port == port;
        let host_ok = match pattern.strip_prefix('*') {
            Some(suffix) if suffix.starts_with('.') => host.ends_with(suffix),
            _ => pattern == host,
        };
        port_ok && host_ok
    })
}

fn check(ctx: &mut Checker) {
    let trusted = &ctx.settings.trusted_registries;
    if trusted.is_empty() {
        return;
    }
    let model = ctx.model;
    let mut found: Vec<(TextRange, ImageRef)> = Vec::new();
    // An image named by `--from` or a mount's `from=`, unless it is a stage of the file.
    let image_of = |value: &str, stage: Option<usize>| -> Option<ImageRef> {
        let resolved = model.substitute_global(value)?;
        let lower = resolved.to_ascii_lowercase();
        let is_stage = stage.is_some_and(|s| {
            model.stage_named(&resolved, s).is_some() || model.stages[s].name.as_deref() == Some(lower.as_str())
        }) || resolved.parse::<usize>().is_ok();
        (!is_stage && lower != "scratch").then(|| ImageRef::parse(&resolved))
    };
    for (index, instruction) in ctx.instructions() {
        let stage = model.stage_of[index];
        match instruction.kind {
            Kind::From => {
                if let Some(Base::Image(image)) = stage.map(|s| &model.stages[s].base)
                    && let Args::From(args) = &instruction.args
                    && let Some(word) = &args.image
                {
                    found.push((word.range, image.clone()));
                }
            }
            Kind::Copy | Kind::Run => {
                for flag in &instruction.flags {
                    let Some(value) = flag.value.as_deref() else { continue };
                    let from = match flag.name.as_str() {
                        "from" => Some(value),
                        "mount" => mount_option(value, "from"),
                        _ => None,
                    };
                    if let Some(image) = from.and_then(|v| image_of(v, stage)) {
                        found.push((flag.range, image));
                    }
                }
            }
            _ => {}
        }
    }
    for (range, image) in found {
        let registry = image.registry.as_deref().unwrap_or("docker.io");
        if is_trusted(registry, trusted) {
            continue;
        }
        let list = trusted.iter().map(|t| code(t).to_string()).collect::<Vec<_>>().join(", ");
        ctx.report(
            range,
            format!(
                "{} comes from {}, which is not a trusted registry ({list}): pull it through one of those",
                code(&image.raw),
                code(registry)
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::Settings;
    use crate::test_util::RuleTest;

    #[test]
    fn matches_registries() {
        let trusted = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(is_trusted("docker.io", &trusted(&["hub.docker.com"])));
        assert!(is_trusted("foo.gcr.io", &trusted(&["*.gcr.io"])));
        assert!(!is_trusted("gcr.io", &trusted(&["*.gcr.io"])));
        assert!(is_trusted("registry.local:5000", &trusted(&["registry.local"])));
        assert!(!is_trusted("registry.local:5001", &trusted(&["registry.local:5000"])));
        assert!(is_trusted("anything.example", &trusted(&["*"])));
        assert!(is_trusted("Quay.IO", &trusted(&["quay.io"])));
    }

    #[test]
    fn cases() {
        RuleTest::new(&RULE)
            .settings(Settings {
                trusted_registries: vec!["docker.io".into(), "*.corp.example".into()],
                ..Settings::default()
            })
            .pass(&[
                "FROM python:3.13\n",
                "FROM docker.io/library/python:3.13\n",
                "FROM index.docker.io/library/python:3.13\n",
                "FROM registry.corp.example:5000/base:1\n",
                "FROM scratch\n",
                "FROM registry.corp.example/base:1 AS build\nFROM build\nCOPY --from=build /a /b\n",
                "ARG BASE\nFROM $BASE\n",
                "ARG BASE=python:3.13\nFROM $BASE\n",
                "FROM python:3.13\nCOPY --from=0 /a /b\n",
                "FROM python:3.13\nRUN --mount=type=bind,from=nginx:1.27,target=/x ls /x\n",
            ])
            .fail(&[
                "FROM quay.io/org/app:1\n",
                "ARG BASE=ghcr.io/org/base:1\nFROM ${BASE}\n",
                "FROM python:3.13\nCOPY --from=ghcr.io/org/tool:1 /tool /usr/local/bin/\n",
                "FROM python:3.13\nRUN --mount=type=cache,from=ghcr.io/org/cache:1,target=/c ls\n",
                "FROM corp.example/base:1\n",
            ])
            .run();
    }

    #[test]
    fn quiet_without_a_list() {
        RuleTest::new(&RULE).pass(&["FROM quay.io/org/app:1\n"]).run();
    }
}
