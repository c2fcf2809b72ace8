//! The check a conversion runs on its own output, every time: what the original needed
//! ([`super::needs`]) against what the converted image has ([`super::has`]). A need the result
//! cannot meet refuses the conversion (a broken image is worse than none); one it meets only in
//! part becomes a `Check:` note.

use super::has::{Has, Health};
use super::needs::Needs;
use crate::text::code;

/// What the check found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Findings {
    /// Needs the result does not meet: each one refuses the conversion.
    pub unmet: Vec<String>,
    /// Needs met only in part: each one is a `Check:` note.
    pub partial: Vec<String>,
}

pub(crate) fn check(needs: &Needs, has: &Has) -> Findings {
    let mut found = Findings::default();
    if has.runs_shell {
        found.unmet.push("its final stage still has RUN or SHELL, and the runtime image has no shell".into());
    }
    let argv = has.argv();
    match argv.first() {
        None => found.unmet.push("it starts no program".into()),
        Some(program) if !has.has_program(program) => found.unmet.push(format!(
            "it starts {program}, which is neither in {} nor copied into it",
            code(&has.image),
            program = code(program)
        )),
        Some(_) => {}
    }
    if needs.cmd_only && !has.effective_entrypoint().is_empty() {
        found.unmet.push(format!(
            "the original was started by CMD alone, so `docker run IMAGE other-command` ran that command; the result has the ENTRYPOINT {}",
            code(&has.effective_entrypoint().join(" "))
        ));
    }
    match &has.health {
        Health::Exec(argv) => {
            if let Some(program) = argv.first()
                && !has.has_program(program)
            {
                found.unmet.push(format!(
                    "its HEALTHCHECK runs {program}, which the image does not have",
                    program = code(program)
                ));
            }
        }
        Health::Shell(text) => found.unmet.push(format!("its HEALTHCHECK {text} needs a shell", text = code(text))),
        Health::Unset | Health::Disabled => {}
    }
    // A program whose linked libraries were found with ldd where it ran has them, whatever
    // packages installed them.
    let scanned = argv.first().is_some_and(|p| {
        let path = crate::semantic::paths::join(&has.workdir, p);
        has.scanned_binaries.contains(&path)
    });
    for library in needs.libraries.iter().filter(|_| !scanned) {
        let super::packages::Role::Library { sonames } = library.role else { continue };
        let missing: Vec<&str> = sonames.iter().copied().filter(|s| !has.has_library(s)).collect();
        if !missing.is_empty() {
            found.unmet.push(format!(
                "the app loads {} (from `{}`), which the image does not have",
                missing.iter().map(|s| code(s).to_string()).collect::<Vec<_>>().join(", "),
                library.debian
            ));
        }
    }
    for program in needs.programs() {
        if scanned && program.role.is_none() && super::packages::looks_like_library(&program.name, program.distro) {
            continue;
        }
        found.unmet.push(format!(
            "the original installed {} for run time, and the image has no way to add it",
            code(&program.name)
        ));
    }
    if !needs.unknown_installs.is_empty() {
        found.unmet.push(format!(
            "the original installed packages named by {} for run time, which cannot be known from the file",
            needs.unknown_installs.iter().map(|(w, _)| code(w).to_string()).collect::<Vec<_>>().join(", ")
        ));
    }
    for dir in &needs.dirs {
        if dir.writable && !has.writable(&dir.path) {
            found.partial.push(format!(
                "{} was writable for the app in the original, and in the result it is {}",
                code(&dir.path),
                if has.exists(&dir.path) { "owned by root" } else { "missing" }
            ));
        } else if !dir.writable && !has.exists(&dir.path) {
            found.partial.push(format!("{}, which the original created, is not in the result", code(&dir.path)));
        }
    }
    // Without USER, the image's own user: the `:nonroot` tag, Chainguard's and the chiseled
    // images' users are not root; Microsoft's OpenJDK image runs as root.
    let nonroot = match has.user.as_deref() {
        Some(user) => has.is_app_user(user),
        None => {
            has.image.contains("nonroot")
                || has.image.contains("chiseled")
                || has.facts.is_some_and(|f| f.family == super::images::Family::Chainguard)
        }
    };
    if !nonroot {
        found.unmet.push(format!(
            "it does not run as the runtime image's non-root user ({})",
            has.facts.map_or("nonroot (uid 65532)", |f| f.user)
        ));
    }
    found
}

#[cfg(test)]
mod tests {
    use crate::distroless::verify_output;

    const ORIGINAL: &str = "FROM rust:1.88-trixie AS build\nWORKDIR /src\nCOPY . .\nRUN cargo build --release\nFROM debian:trixie-slim\nRUN apt-get update && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*\nRUN mkdir /data && chown 1000 /data\nCOPY --from=build /src/target/release/server /usr/local/bin/server\nUSER 1000\nCMD [\"/usr/local/bin/server\"]\n";

    #[test]
    fn a_result_that_drops_a_need_fails_the_check() {
        // No libpq, no /data for the app, and the program under another name.
        let broken = "FROM rust:1.88-trixie AS build\nWORKDIR /src\nCOPY . .\nRUN cargo build --release\nFROM gcr.io/distroless/cc-debian13:nonroot\nCOPY --from=build /src/target/release/server /server\nENTRYPOINT [\"/usr/local/bin/server\"]\n";
        let (unmet, partial) = verify_output(ORIGINAL, broken);
        assert!(unmet.iter().any(|u| u.contains("libpq.so.5")), "{unmet:?}");
        assert!(unmet.iter().any(|u| u.contains("starts `/usr/local/bin/server`")), "{unmet:?}");
        assert!(unmet.iter().any(|u| u.contains("CMD alone")), "{unmet:?}");
        assert!(partial.iter().any(|p| p.contains("`/data`")), "{partial:?}");
    }

    #[test]
    fn the_converters_own_result_passes_it() {
        let crate::distroless::Conversion::Converted(c) =
            crate::distroless::convert(ORIGINAL, &crate::distroless::Options::default())
        else {
            panic!("refused")
        };
        assert_eq!(verify_output(ORIGINAL, &c.dockerfile), (Vec::new(), Vec::new()), "{}", c.dockerfile);
        assert!(c.dockerfile.contains("--chown=65532:65532 /data /data"), "{}", c.dockerfile);
    }
}
