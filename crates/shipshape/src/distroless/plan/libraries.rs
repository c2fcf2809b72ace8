//! Run-time libraries the app loads that the runtime image lacks (`libpq` for a PostgreSQL
//! driver built from source, `libvips` for an image library): collected the way experts do it,
//! in a stage on the runtime's own Debian release, where the package manager installs them with
//! their dependencies and `ldd` lists what each one loads, then copied into the final image. A
//! compiled program's libraries are found with `ldd` on the program itself, in the stage where
//! the original image had it with its libraries.

use super::*;

/// What the libraries stage runs `ldd` over, besides the packages it installs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum LibraryScan {
    /// The shared objects in a directory of the build stage (a virtual environment's compiled
    /// packages), which the final image copies with it.
    Dir(String),
    /// A program of the build stage (the app's own binary).
    Binary(String),
}

/// Where the libraries stage puts the files, mirrored from `/`.
pub(super) const LIBRARIES_DIR: &str = "/runtime-libs";

impl Planner<'_, '_> {
    pub(super) fn carry_libraries(&mut self) -> Result<(), Refusal> {
        let Some(runtime) = self.runtime else { return Ok(()) };
        // A program's libraries come from where it ran, by ldd, whatever the packages.
        if matches!(self.library_scan, Some(LibraryScan::Binary(_))) {
            return Ok(());
        }
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
                RefusalClass::RunTimePackages,
                format!(
                    "the app loads {} at run time, and {} has no C library to load {} with: build the program statically, or convert it by hand onto `base` or `cc`",
                    list(&names),
                    code(&runtime.reference()),
                    if names.len() == 1 { "it" } else { "them" }
                ),
                range,
            ));
        }
        let Some(debian) = images::debian_for(runtime) else {
            // Google publishes Debian-based images for these stacks; for the others, there is
            // no image shipshape can carry the library into.
            let remedy = match self.a.stack {
                Stack::Ruby | Stack::Php | Stack::StaticWeb | Stack::Bun => format!(
                    "keep a slim base image, or build a runtime image that has {} (with apko)",
                    if names.len() == 1 { "it" } else { "them" }
                ),
                _ => "convert with `--runtime distroless`".to_string(),
            };
            return Err(Refusal::new(
                RefusalClass::RunTimePackages,
                format!(
                    "the app loads {} at run time, which {} does not have, and shipshape carries libraries only into the Debian-based distroless images: {remedy}",
                    list(&names),
                    code(&self.runtime_reference())
                ),
                range,
            ));
        };
        self.libraries = missing;
        let one = names.len() == 1;
        let base = match &self.library_scan {
            Some(_) => format!("on the build stage {} (the runtime's Debian release)", code(&self.build_name)),
            None => {
                format!("on {debian} (the runtime's Debian release, so the versions match)", debian = code(debian))
            }
        };
        self.note(format!(
            "The app loads {} at run time, which {} does not have: the stage {} installs {} {base}, collects {} with the libraries {} load{}, and the final image copies them in",
            list(&names),
            code(self.runtime_name()),
            code(&self.libraries_stage_name()),
            if one { "it" } else { "them" },
            if one { "it" } else { "them" },
            if one { "it" } else { "they" },
            if one { "s" } else { "" }
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
    ///
    /// It starts from the build stage when the libraries to find are those the app's compiled
    /// packages link (that stage has them, on the runtime's Debian release), and from the
    /// runtime's Debian release otherwise. `ldd` lists what each library loads; the C library
    /// and what the runtime image already has are left out.
    pub(super) fn libraries_stage(&self) -> Vec<String> {
        let Some(runtime) = self.runtime else { return Vec::new() };
        if self.libraries.is_empty() && self.library_scan.is_none() {
            return Vec::new();
        }
        let e = self.a.file.escape;
        let packages: Vec<&str> = self.libraries.iter().map(|l| l.debian).collect();
        let mut lines = Vec::new();
        let base = match &self.library_scan {
            Some(LibraryScan::Dir(path)) => {
                lines.push(format!(
                    "# Run-time libraries: those the compiled packages in {path} load (found with ldd where they"
                ));
                lines.push("# were built, on the runtime image's Debian release), except what the runtime has.".into());
                self.build_name.clone()
            }
            Some(LibraryScan::Binary(path)) => {
                lines.push(format!(
                    "# Run-time libraries: those {path} links, found with ldd in the stage that ran it, with the"
                ));
                lines.push(
                    "# libraries the original image had; the C library and what the runtime has stay out.".into(),
                );
                self.build_name.clone()
            }
            None => {
                let Some(debian) = images::debian_for(runtime) else { return Vec::new() };
                lines.push(
                    "# Run-time libraries the app loads, with the libraries they load in turn, collected on the".into(),
                );
                lines.push("# runtime image's Debian release (the C library itself is the runtime's own).".into());
                debian.to_string()
            }
        };
        lines.push(format!("FROM {base} AS {}", self.libraries_stage_name()));
        lines.push("SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]".into());
        // The directory exists even when nothing is found, so the final stage's COPY works.
        let mut steps: Vec<String> = vec![format!("mkdir -p {LIBRARIES_DIR}")];
        if !packages.is_empty() {
            steps.push("apt-get update".into());
            steps.push(format!("apt-get install -y --no-install-recommends {}", packages.join(" ")));
            steps.push("rm -rf /var/lib/apt/lists/*".into());
            steps.push(format!("dpkg -L {} | grep '\\.so' > /tmp/libs", packages.join(" ")));
        } else {
            steps.push(": > /tmp/libs".into());
        }
        match &self.library_scan {
            Some(LibraryScan::Dir(path)) => steps.push(format!("find {path} -name '*.so*' -type f > /tmp/objects")),
            Some(LibraryScan::Binary(path)) => steps.push(format!("printf '%s\\n' {path} > /tmp/objects")),
            None => steps.push(": > /tmp/objects".into()),
        }
        let mut keep = [
            "libc.so.*",
            "libm.so.*",
            "libmvec.so.*",
            "libpthread.so.*",
            "libdl.so.*",
            "librt.so.*",
            "libresolv.so.*",
            "libutil.so.*",
            "libanl.so.*",
            "ld-linux*",
        ]
        .join("|");
        for soname in runtime.libraries {
            keep.push('|');
            keep.push_str(soname);
        }
        let skip_own = match &self.library_scan {
            Some(LibraryScan::Dir(path)) => format!("           case \"$dep\" in {path}/*) continue ;; esac; {e}"),
            _ => String::new(),
        };
        // Wolfi keeps every library in /usr/lib; Debian's and Ubuntu's multiarch directories
        // are not on its loader's path, so what was found there goes to /usr/lib.
        let dir = match runtime.debian {
            Some(_) => format!("{LIBRARIES_DIR}$(dirname \"$(readlink -f \"$dep\")\")"),
            None => format!("{LIBRARIES_DIR}/usr/lib"),
        };
        lines.push(format!("RUN {} {e}", steps.join(&format!(" {e}\n    && "))));
        lines.push(format!("    && {{ cat /tmp/libs /tmp/objects | xargs -r ldd 2>/dev/null || true; }} {e}"));
        lines.push(format!("       | awk '$3 ~ /^\\// {{ print $3 }}' | cat /tmp/libs - | sort -u {e}"));
        lines.push(format!("       | while read -r dep; do {e}"));
        if !skip_own.is_empty() {
            lines.push(skip_own);
        }
        lines.push(format!("           case \"${{dep##*/}}\" in {keep}) continue ;; esac; {e}"));
        lines.push(format!("           dir={dir}; {e}"));
        lines.push(format!("           mkdir -p \"$dir\" && cp -L \"$dep\" \"$dir/\"; {e}"));
        lines.push("         done".into());
        lines.push(String::new());
        lines
    }

    /// The COPY line that brings the libraries into the final image.
    pub(super) fn libraries_copy(&self) -> Option<String> {
        (!self.libraries.is_empty() || self.library_scan.is_some())
            .then(|| format!("COPY --from={} {LIBRARIES_DIR}/ /", self.libraries_stage_name()))
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
        assert!(c.dockerfile.contains("RUN mkdir -p /runtime-libs \\\n    && apt-get update"), "{}", c.dockerfile);
        assert!(c.dockerfile.contains("COPY --from=runtime-libs /runtime-libs/ /"), "{}", c.dockerfile);
        assert!(c.dockerfile.contains("FROM gcr.io/distroless/cc-debian13:nonroot"), "{}", c.dockerfile);
    }
}
