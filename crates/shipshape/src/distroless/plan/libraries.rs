//! Run-time libraries the app loads that the runtime image lacks (`libpq` for a PostgreSQL
//! driver built from source, `libvips` for an image library): collected the way experts do it,
//! in a stage on the runtime's own Debian release, where the package manager installs them with
//! their dependencies and `ldd` lists what each one loads, then copied into the final image.

use super::*;

/// Where the libraries stage puts the files, mirrored from `/`.
pub(super) const LIBRARIES_DIR: &str = "/runtime-libs";

impl Planner<'_, '_> {
    pub(super) fn carry_libraries(&mut self) -> Result<(), Refusal> {
        let Some(runtime) = self.runtime else { return Ok(()) };
        let missing: Vec<&'static packages::Package> = self
            .needs
            .libraries
            .iter()
            .chain(self.context_libraries.iter())
            .copied()
            .filter(|library| match library.role {
                packages::Role::Library { sonames } => !sonames.iter().all(|s| runtime.libraries.contains(s)),
                _ => false,
            })
            .collect();
        if missing.is_empty() {
            return Ok(());
        }
        let mut missing = missing;
        missing.dedup();
        let names: Vec<String> = missing.iter().map(|l| l.debian.to_string()).collect();
        let range = self.needs.installed.first().map(|p| self.a.instruction(p.at).range);
        if runtime.libc != images::Libc::Glibc {
            return Err(Refusal::new(
                format!(
                    "the app loads {} at run time, and `{}` has no C library to load {} with: build the program statically, or convert it by hand onto `base` or `cc`",
                    list(&names),
                    runtime.reference(),
                    if names.len() == 1 { "it" } else { "them" }
                ),
                range,
            ));
        }
        let Some(debian) = images::debian_for(runtime) else {
            return Err(Refusal::new(
                format!(
                    "the app loads {} at run time, which `{}` does not have, and shipshape carries libraries only into the Debian-based distroless images: convert with `--runtime distroless`",
                    list(&names),
                    runtime.reference()
                ),
                range,
            ));
        };
        self.libraries = missing;
        let one = names.len() == 1;
        self.note(format!(
            "The app loads {} at run time, which `{}` does not have: the stage `{}` installs {} on `{debian}` (the runtime's Debian release, so the versions match), collects {} with the libraries {} load{}, and the final image copies them in",
            list(&names),
            self.runtime_name(),
            self.libraries_stage_name(),
            if one { "it" } else { "them" },
            if one { "it" } else { "them" },
            if one { "it" } else { "they" },
            if one { "s" } else { "" },
        ));
        Ok(())
    }

    /// The name of the libraries stage, unused by the file.
    pub(super) fn libraries_stage_name(&self) -> String {
        let taken = |n: &str| self.a.model.stages.iter().any(|s| s.name.as_deref() == Some(n));
        ["runtime-libs", "runtime-libs-2", "runtime-libs-3"]
            .into_iter()
            .find(|n| !taken(n))
            .unwrap_or("runtime-libs-x")
            .to_string()
    }

    /// The libraries stage, as lines (with a blank line after it), or nothing.
    pub(super) fn libraries_stage(&self) -> Vec<String> {
        let Some(debian) = self.runtime.and_then(images::debian_for) else { return Vec::new() };
        if self.libraries.is_empty() {
            return Vec::new();
        }
        let e = self.a.file.escape;
        let packages: Vec<&str> = self.libraries.iter().map(|l| l.debian).collect();
        vec![
            "# Run-time libraries the app loads, with the libraries they load in turn, collected on the".into(),
            "# runtime image's Debian release (the C library itself is the runtime's own).".into(),
            format!("FROM {debian} AS {}", self.libraries_stage_name()),
            "SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]".into(),
            format!("RUN apt-get update {e}"),
            format!("    && apt-get install -y --no-install-recommends {} {e}", packages.join(" ")),
            format!("    && for lib in $(dpkg -L {} | grep '\\.so'); do {e}", packages.join(" ")),
            format!("         for dep in \"$lib\" $(ldd \"$lib\" | awk '$3 ~ /^\\// {{ print $3 }}'); do {e}"),
            format!("           case \"$dep\" in */libc.so.*|*/libm.so.*|*/ld-linux*) continue ;; esac; {e}"),
            format!("           dir={LIBRARIES_DIR}$(dirname \"$(readlink -f \"$dep\")\"); {e}"),
            format!("           mkdir -p \"$dir\" && cp -L \"$dep\" \"$dir/\"; {e}"),
            format!("         done; {e}"),
            format!("       done {e}"),
            "    && rm -rf /var/lib/apt/lists/*".into(),
            String::new(),
        ]
    }

    /// The COPY line that brings the libraries into the final image.
    pub(super) fn libraries_copy(&self) -> Option<String> {
        (!self.libraries.is_empty()).then(|| format!("COPY --from={} {LIBRARIES_DIR}/ /", self.libraries_stage_name()))
    }
}

#[cfg(test)]
mod tests {
    use crate::distroless::{Conversion, Options, convert};

    #[test]
    fn a_library_the_app_links_is_collected_and_copied() {
        let source = "FROM rust:1.88-trixie AS build\nWORKDIR /src\nCOPY . .\nRUN cargo build --release\nFROM debian:trixie-slim\nRUN apt-get update && apt-get install -y --no-install-recommends libpq5 ca-certificates && rm -rf /var/lib/apt/lists/*\nCOPY --from=build /src/target/release/server /usr/local/bin/server\nCMD [\"/usr/local/bin/server\"]\n";
        let Conversion::Converted(c) = convert(source, &Options::default()) else { panic!("refused") };
        assert!(c.dockerfile.contains("FROM debian:trixie-slim AS runtime-libs"), "{}", c.dockerfile);
        assert!(c.dockerfile.contains("apt-get install -y --no-install-recommends libpq5 \\"), "{}", c.dockerfile);
        assert!(c.dockerfile.contains("COPY --from=runtime-libs /runtime-libs/ /"), "{}", c.dockerfile);
        assert!(c.dockerfile.contains("FROM gcr.io/distroless/cc-debian13:nonroot"), "{}", c.dockerfile);
    }
}
