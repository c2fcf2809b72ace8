//! A short reference for each instruction, shown when the pointer rests on its keyword.

use shipshape::syntax::Kind;

/// What an instruction does and how it is written, in a sentence or two of Markdown.
pub fn reference(kind: Kind) -> Option<(&'static str, &'static str)> {
    let (syntax, text) = match kind {
        Kind::From => (
            "FROM [--platform=<platform>] <image>[:<tag>|@<digest>] [AS <name>]",
            "Starts a build stage on a base image. Pin a tag or a digest so that the build is reproducible; `AS` names the stage for `COPY --from` and `--target`.",
        ),
        Kind::Run => (
            "RUN [--mount=…] [--network=…] <command>  ·  RUN [\"executable\", \"arg\"…]",
            "Runs a command while building and commits the result as a new layer. Clean package caches in the same RUN, or they stay in the layer.",
        ),
        Kind::Cmd => (
            "CMD [\"executable\", \"arg\"…]  ·  CMD <command>",
            "The default command of a container (or the default arguments of ENTRYPOINT). The exec form runs it as PID 1, so it receives signals; the shell form wraps it in `/bin/sh -c`.",
        ),
        Kind::Entrypoint => (
            "ENTRYPOINT [\"executable\", \"arg\"…]  ·  ENTRYPOINT <command>",
            "The executable a container runs; CMD supplies its default arguments. Use the exec form, or `docker stop` cannot reach the process.",
        ),
        Kind::Copy => (
            "COPY [--from=<stage|image>] [--chown=<user>:<group>] [--chmod=<mode>] [--link] <src>… <dest>",
            "Copies files from the build context (or another stage) into the image. Copy dependency manifests before the rest of the source so that installs stay cached.",
        ),
        Kind::Add => (
            "ADD [--chown=…] [--checksum=<digest>] <src>… <dest>",
            "Like COPY, but also fetches URLs and git repositories and unpacks local tar archives. Prefer COPY for plain files: it does only what it says.",
        ),
        Kind::Env => (
            "ENV <key>=<value> …",
            "Sets environment variables for the following instructions and for containers started from the image. Values stay visible in the image: never put secrets here.",
        ),
        Kind::Arg => (
            "ARG <name>[=<default>]",
            "Declares a build argument (`docker build --build-arg`). An ARG before the first FROM is usable in FROM lines; inside a stage it must be declared again.",
        ),
        Kind::Label => (
            "LABEL <key>=<value> …",
            "Adds metadata to the image, such as the OCI annotations `org.opencontainers.image.source` and `…version`.",
        ),
        Kind::Expose => (
            "EXPOSE <port>[/tcp|/udp] …",
            "Documents the ports the container listens on. It publishes nothing: `docker run -p` does.",
        ),
        Kind::User => (
            "USER <user>[:<group>]",
            "The user (name or numeric UID) that the following RUN, CMD and ENTRYPOINT run as. Containers should not run as root.",
        ),
        Kind::Workdir => (
            "WORKDIR <path>",
            "Sets the working directory for the following instructions and the container, creating it if needed. Use an absolute path instead of `RUN cd`.",
        ),
        Kind::Volume => (
            "VOLUME [\"<path>\"…]  ·  VOLUME <path>…",
            "Marks paths as mount points for external volumes. Changes to them in later build steps are discarded.",
        ),
        Kind::Healthcheck => (
            "HEALTHCHECK [--interval=…] [--timeout=…] [--start-period=…] [--retries=…] CMD <command>  ·  HEALTHCHECK NONE",
            "Tells Docker how to test that the container still works; orchestrators restart or replace it when the check fails.",
        ),
        Kind::Shell => (
            "SHELL [\"executable\", \"arg\"…]",
            "Changes the shell that the shell forms of RUN, CMD and ENTRYPOINT use, for example `[\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]`.",
        ),
        Kind::Stopsignal => (
            "STOPSIGNAL <signal>",
            "The signal `docker stop` sends to the container's main process (SIGTERM by default).",
        ),
        Kind::Onbuild => (
            "ONBUILD <instruction>",
            "Stores an instruction that runs later, when another Dockerfile builds `FROM` this image.",
        ),
        Kind::Maintainer => {
            ("MAINTAINER <name>", "Deprecated: use `LABEL org.opencontainers.image.authors=\"…\"` instead.")
        }
        Kind::Unknown => return None,
    };
    Some((syntax, text))
}

/// The reference as hover Markdown, with a link to Docker's documentation of the instruction.
pub fn hover_markdown(kind: Kind) -> Option<String> {
    let (syntax, text) = reference(kind)?;
    let anchor = kind.as_str().to_ascii_lowercase();
    Some(format!(
        "**{}**\n\n```dockerfile\n{syntax}\n```\n\n{text}\n\n[Dockerfile reference](https://docs.docker.com/reference/dockerfile/#{anchor})",
        kind.as_str()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_instruction_has_a_reference() {
        for kind in Kind::ALL {
            let (syntax, text) = reference(kind).unwrap_or_else(|| panic!("{kind:?}"));
            assert!(syntax.starts_with(kind.as_str()), "{kind:?}: {syntax}");
            assert!(text.ends_with('.') && text.len() < 220, "{kind:?}: one or two short sentences");
        }
        assert_eq!(reference(Kind::Unknown), None);
    }
}
