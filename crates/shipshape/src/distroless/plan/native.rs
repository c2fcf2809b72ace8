//! Compiled programs (Go, Rust, and static binaries copied into `scratch`): the smallest runtime
//! that has the C library the binary links, and the binary alone copied in.

use super::*;

impl Planner<'_, '_> {
    // ----- Go, Rust, static binaries -----

    pub(super) fn go(&mut self) -> Result<(), Refusal> {
        let a = self.a;
        let mut cgo = false;
        let mut builders = Vec::new();
        for (i, command) in a.commands_in(&a.needed) {
            if !invocation::read(command).is_some_and(|i| i.tool == Tool::Go && i.builds()) {
                continue;
            }
            let stage = a.model.stage_of[i].unwrap_or(a.final_stage);
            match a.sets_variable(i, Some(command), "CGO_ENABLED").as_deref() {
                Some("1") => cgo = true,
                Some(_) => {}
                None => {
                    if !builders.contains(&stage) {
                        builders.push(stage);
                    }
                }
            }
        }
        if cgo {
            for (i, command) in a.commands_in(&a.needed) {
                if command.is("go") && a.model.stages[a.model.stage_of[i].unwrap_or(0)].os == Os::Alpine {
                    return Err(self.refuse_at(RefusalClass::BuildChange,
                        "the Go build uses cgo (CGO_ENABLED=1) on Alpine, so the binary links musl, which distroless does not have: build with CGO_ENABLED=0, or on a Debian golang image",
                        i,
                    ));
                }
            }
        }
        let name = if cgo { "base-debian13" } else { "static-debian13" };
        let runtime = match (self.family, cgo) {
            (Family::Chainguard, false) => images::runtime(Family::Chainguard, "static"),
            (Family::Chainguard, true) => images::runtime(Family::Chainguard, "glibc-dynamic"),
            _ => images::runtime(Family::Distroless, name),
        };
        self.runtime = runtime;
        if cgo {
            self.note(format!(
                "The Go build enables cgo, so the binary needs glibc: the runtime is {}",
                code(&runtime.map(|r| r.reference()).unwrap_or_default())
            ));
        }
        let builds = a
            .commands_in(&a.needed)
            .iter()
            .any(|(_, c)| invocation::read(c).is_some_and(|i| i.tool == Tool::Go && i.builds()));
        if !builds {
            self.check(
                "The Go program is not built in this Dockerfile: check that it was built with CGO_ENABLED=0 (a static binary), because the `static` image has no C library",
            );
        }
        for stage in builders {
            let Some(from) = a.model.stages[stage].from else { continue };
            self.change(Change::InsertAfter {
                instruction: from,
                lines: vec![
                    "# A static binary needs no C library: the runtime image has none.".to_string(),
                    "ENV CGO_ENABLED=0".to_string(),
                ],
            });
            let label = self.stage_label_for_split(stage);
            self.note(format!(
                "`CGO_ENABLED=0` in {label} makes `go build` produce a static binary, which runs on `static` without a C library",
                label = code(&label)
            ));
        }
        self.binary_launch()
    }

    pub(super) fn rust(&mut self) -> Result<(), Refusal> {
        let a = self.a;
        let mut musl = false;
        let mut builder_os = Os::Unknown;
        let mut builder_image: Option<ImageRef> = None;
        for (i, command) in a.commands_in(&a.needed) {
            if !invocation::read(command).is_some_and(|i| i.tool == Tool::Cargo && i.builds()) {
                continue;
            }
            let stage = a.model.stage_of[i].unwrap_or(a.final_stage);
            builder_os = a.model.stages[stage].os;
            builder_image = a.root_image_of(stage).cloned();
            if builder_os == Os::Alpine || command.flag_value(&["--target"]).is_some_and(|t| t.contains("musl")) {
                musl = true;
                let flags = a.sets_variable(i, Some(command), "RUSTFLAGS").unwrap_or_default();
                if flags.contains("-crt-static") {
                    return Err(self.refuse_at(RefusalClass::BuildChange,
                        "the Rust build links musl dynamically (`-C target-feature=-crt-static`), and the runtime images have no musl: build a static binary, or build on a Debian rust image",
                        i,
                    ));
                }
            }
        }
        self.build_name = self.unique_build_name();
        if musl {
            self.runtime = match self.family {
                Family::Chainguard => images::runtime(Family::Chainguard, "static"),
                _ => images::runtime(Family::Distroless, "static-debian13"),
            };
            self.check(
                "The Rust build targets musl, whose binaries are statically linked by default, so the runtime is `static`: check with `ldd` that the binary has no dynamic dependencies (a crate linking a system library makes it dynamic)",
            );
        } else {
            if self.family != Family::Chainguard && builder_image.as_ref().is_some_and(image_is_newer_than_trixie) {
                return Err(Refusal::new(
                    RefusalClass::BuildChange,
                    "the Rust build runs on a Debian newer than the distroless cc image (Debian 13): its binary would need a newer glibc than the runtime has",
                    None,
                ));
            }
            self.runtime = match self.family {
                Family::Chainguard => images::runtime(Family::Chainguard, "glibc-dynamic"),
                _ => images::runtime(Family::Distroless, "cc-debian13"),
            };
            let codename = builder_image.as_ref().and_then(debian_codename);
            match codename {
                // Wolfi follows the newest glibc, which runs what any older one built.
                Some(c) if self.family == Family::Chainguard => self.note(format!(
                    "The binary is built on Debian {c} and runs on `glibc-dynamic`, which has glibc and libgcc_s (for unwinding); Wolfi follows the newest glibc, which runs binaries built against an older one"
                )),
                None if self.family == Family::Chainguard => {}
                Some(c) => self.note(format!(
                    "The binary is built on Debian {c} and runs on `cc-debian13`, which has glibc and libgcc_s (for unwinding); a binary built on a Debian release at or before the runtime's finds the glibc it needs"
                )),
                None => self.check(format!(
                    "The Rust builder {} does not name its Debian release; the runtime is `cc-debian13` (Debian 13, glibc 2.41). Pin the builder to `-trixie` (or older) so a newer default release cannot produce a binary that needs a newer glibc",
                    code(&builder_image.as_ref().map(|i| i.raw.clone()).unwrap_or_else(|| "image".into()))
                )),
            }
            if builder_os == Os::Unknown {
                self.check(
                    "shipshape could not tell which C library the Rust build uses: check that the binary runs on glibc",
                );
            }
        }
        self.binary_launch()
    }

    /// A program compiled in the file by a C or C++ build, Haskell, Zig, Nim, Crystal, D, Swift,
    /// …: `cc` with the libraries it links (found with `ldd` where the original image ran it),
    /// or `static` for a statically linked build on musl.
    pub(super) fn native(&mut self) -> Result<(), Refusal> {
        let a = self.a;
        let range = a.launch.instructions().last().map(|&i| a.instruction(i).range);
        let Some((build_at, tool)) = analyze::native_build(a) else {
            return Err(Refusal::new(RefusalClass::ConverterLimit, "shipshape found no native build", range));
        };
        let build_stage = a.model.stage_of[build_at].unwrap_or(a.final_stage);
        let statically = static_link(a);
        // The C library it is built against, and the one it ran with in the original.
        let root_stage = a.root_stage();
        let mut musl = false;
        let stages = if build_stage == root_stage { vec![build_stage] } else { vec![build_stage, root_stage] };
        for stage in stages {
            let os = a.model.stages[stage].os;
            let image = a.root_image_of(stage);
            let name = image.map(|i| i.raw.clone()).unwrap_or_else(|| "scratch".into());
            let from = a.model.stages[stage].from.map(|f| a.instruction(f).range);
            match os {
                Os::Alpine => musl = true,
                Os::Debian | Os::Ubuntu => {
                    if let Some(release) = image.and_then(|i| newer_glibc(i, os)) {
                        return Err(Refusal::new(
                            RefusalClass::BuildChange,
                            format!(
                                "{name} is {release}, whose glibc is newer than the distroless images' (Debian 13, glibc 2.41): a program built or run there may need symbols the runtime lacks; build and run it on `debian:trixie` (or an older release) or `ubuntu:24.04`, then convert again",
                                name = code(&name)
                            ),
                            from,
                        ));
                    }
                }
                Os::Scratch => {}
                _ => {
                    return Err(Refusal::new(
                        RefusalClass::BuildChange,
                        format!(
                            "the program is built or run on {name}, and shipshape collects a compiled program's libraries on Debian and Ubuntu only, whose library directories the distroless images share: build it on `debian:trixie` (or an older release), then convert again",
                            name = code(&name)
                        ),
                        from,
                    ));
                }
            }
        }
        if musl && statically.is_none() {
            return Err(Refusal::new(
                RefusalClass::BuildChange,
                format!(
                    "{tool} builds the program on Alpine, where it links musl dynamically, and distroless images have no musl: link it statically (`-static` in LDFLAGS, a `*-linux-musl` target with Zig), or build it on Debian, then convert again",
                    tool = code(tool)
                ),
                Some(a.instruction(build_at).range),
            ));
        }
        self.split = true;
        self.build_name = self.unique_build_name();
        let argv = a.launch.argv();
        let Some(first) = argv.first().cloned() else {
            return Err(Refusal::new(RefusalClass::NoCommand, "the image has no command", range));
        };
        let path = self.locate_binary(&first)?;
        self.runtime = match (self.family, musl) {
            (Family::Chainguard, true) => images::runtime(Family::Chainguard, "static"),
            (Family::Chainguard, false) => images::runtime(Family::Chainguard, "glibc-dynamic"),
            (_, true) => images::runtime(Family::Distroless, "static-debian13"),
            (_, false) => images::runtime(Family::Distroless, "cc-debian13"),
        };
        let runtime =
            self.runtime.ok_or_else(|| Refusal::new(RefusalClass::ConverterLimit, "no runtime image", None))?;
        let flag = statically.clone().unwrap_or_default();
        if musl {
            self.note(format!(
                "{tool} links the program statically on Alpine ({flag}), so it needs no C library: the runtime is {}",
                code(&runtime.reference()),
                tool = code(tool)
            ));
            self.check(
                "Check with `ldd` (or `file`) in the build stage that the program is static: a library linked dynamically would make it need musl, which the runtime image does not have",
            );
        } else {
            self.library_scan = Some(libraries::LibraryScan::Binary(path.clone()));
            self.note(format!(
                "The program is compiled by {tool} against glibc: the runtime is {}, which has glibc and the C++ run-time libraries; the stage {} runs ldd on {path} in {}, where the original image had it with its libraries, and the final image copies in what it links besides those",
                code(&runtime.reference()),
                code(&self.libraries_stage_name()),
                code(&self.build_name),
                tool = code(tool),
                path = code(&path)
            ));
            if statically.is_some() {
                self.note(format!(
                    "The build links statically ({flag}); ldd then finds nothing to copy, and `cc` runs it as it is"
                ));
            }
            if runtime.debian.is_none() {
                self.check(format!(
                    "The libraries ldd finds were built for {} and go into Wolfi's /usr/lib: test the image (OpenSSL from Debian, for one, looks for its configuration and CA certificates where Debian keeps them), or convert with `--runtime distroless`, whose `cc` image is Debian",
                    if a.model.stages[root_stage].os == Os::Ubuntu { "Ubuntu" } else { "Debian" }
                ));
            }
        }
        if musl {
            self.check(format!(
                "{first} is taken to be the program {tool} compiled (an executable, not a script, which would need a shell): check that it is",
                first = code(&first),
                tool = code(tool)
            ));
        } else {
            self.check(format!(
                "{first} is taken to be the program {tool} compiled (an executable, not a script): libraries it opens at run time with dlopen (plugins), and data files its packages installed, are not found by ldd; copy them from the build stage if it uses them",
                first = code(&first),
                tool = code(tool)
            ));
        }
        // Only what the build made: the binary, not the sources beside it.
        self.copy_app_dirs = !a.lineage.contains(&build_stage);
        if !self.copy_app_dirs {
            self.note(format!(
                "The final stage copies the program {path}, not the sources it was built from; if it reads files at run time (configuration, templates, data), copy those too",
                path = code(&path)
            ));
        }
        self.extra_artefacts.push(path.clone());
        let mut argv = argv;
        if !first.contains('/') {
            argv[0] = path;
        }
        self.set_launch(argv, a.launch.split());
        Ok(())
    }

    pub(super) fn static_binary(&mut self) -> Result<(), Refusal> {
        self.runtime = match self.family {
            Family::Chainguard => images::runtime(Family::Chainguard, "static"),
            _ => images::runtime(Family::Distroless, "static-debian13"),
        };
        self.note(
            "The image ran a binary on `scratch`, so the binary is static: `static` runs it and adds CA certificates, time zone data and a `nonroot` user",
        );
        self.binary_launch()
    }

    /// For compiled programs: find where the binary is, copy only it, keep the command.
    pub(super) fn binary_launch(&mut self) -> Result<(), Refusal> {
        let a = self.a;
        if self.build_name.is_empty() {
            self.build_name = self.unique_build_name();
        }
        let argv = a.launch.argv();
        let split = a.launch.split();
        let Some(first) = argv.first().cloned() else {
            return Err(Refusal::new(RefusalClass::ConverterLimit, "the image has no command", None));
        };
        self.copy_app_dirs = !self.lineage_builds();
        if self.split {
            let path = self.locate_binary(&first)?;
            if !self.copy_app_dirs {
                self.note(format!(
                    "The final stage copies the binary {path}, not the sources it was built from; if the program reads files at run time (templates, static files, configuration), copy those too",
                    path = code(&path)
                ));
            }
            self.extra_artefacts.push(path.clone());
            let mut argv = argv;
            if !first.contains('/') {
                argv[0] = path;
            }
            self.set_launch(argv, split);
        } else {
            let mut argv = argv;
            if !first.contains('/') {
                // A bare name was found through the old image's PATH.
                let path = self.locate_binary(&first)?;
                argv[0] = path;
            }
            self.set_launch(argv, split);
        }
        Ok(())
    }

    /// The absolute path of the program the image runs.
    pub(super) fn locate_binary(&self, program: &str) -> Result<String, Refusal> {
        let a = self.a;
        let command_at = a.launch.instructions().last().copied().unwrap_or(0);
        let workdir = a.workdir_at(command_at).unwrap_or_else(|| "/".into());
        if program.contains('/') {
            return Ok(join(&workdir, program));
        }
        // `go build -o`, `cargo build` output, `go install` / `cargo install` locations.
        for (i, command) in a.commands_in(&a.lineage) {
            if let Some(out) = command.flag_value(&["-o", "--output"])
                && basename(out) == program
                && !out.contains('$')
            {
                let dir = a.workdir_at(i).unwrap_or_else(|| "/".into());
                let path = join(&dir, out);
                return Ok(if out.ends_with('/') { join(&path, program) } else { path });
            }
            if command.is("go") && command.subcommand() == Some("install") {
                let gobin = a.sets_variable(i, Some(command), "GOBIN").unwrap_or_else(|| "/go/bin".into());
                return Ok(join(&gobin, program));
            }
            if invocation::read(command).is_some_and(|i| i.tool == Tool::Cargo && i.action() == Some("install")) {
                return Ok(format!("/usr/local/cargo/bin/{program}"));
            }
        }
        for i in a.lineage_instructions() {
            if matches!(a.instruction(i).kind, Kind::Copy | Kind::Add)
                && let Some(dest) = a.copy_destination(i)
            {
                let Args::Copy(copy) = &a.instruction(i).args else { continue };
                let dest_is_dir =
                    copy.destination().is_some_and(|d| d.value.ends_with('/')) || copy.sources().len() > 1;
                if basename(&dest) == program && !dest_is_dir {
                    return Ok(dest);
                }
                if copy.sources().iter().any(|s| basename(s.value.trim_end_matches('/')) == program) {
                    return Ok(if dest_is_dir || dest.ends_with('/') || basename(&dest) != program {
                        join(&dest, program)
                    } else {
                        dest
                    });
                }
            }
        }
        Err(Refusal::new(
            RefusalClass::UnknownProgram,
            format!(
                "the image starts {program} through PATH, and shipshape cannot tell where the build put it: start it by its absolute path first",
                program = code(program)
            ),
            a.launch.instructions().last().map(|&i| a.instruction(i).range),
        ))
    }
}

/// How the build links statically, when it says so: `-static` in the compiler's words or in
/// LDFLAGS, Haskell's `-optl-static`, Crystal's `--static`, a Zig build for a musl target.
fn static_link(a: &Analysis) -> Option<String> {
    for (i, command) in a.commands_in(&a.needed) {
        let words: Vec<&str> = command.words.iter().map(|w| w.value.as_str()).collect();
        if let Some(flag) = words.iter().find(|w| {
            matches!(**w, "-static" | "-static-pie" | "--static" | "--enable-executable-static")
                || w.contains("-optl-static")
                || (w.starts_with("LDFLAGS=") && w.contains("-static"))
        }) {
            return Some(code(flag).to_string());
        }
        if command.program().is_some_and(|p| basename(p) == "zig")
            && let Some(target) = words.iter().find(|w| w.contains("-musl"))
        {
            return Some(format!("Zig's {target}", target = code(target)));
        }
        if let Some(flags) = a.sets_variable(i, Some(command), "LDFLAGS").filter(|f| f.contains("-static")) {
            return Some(format!("`LDFLAGS={flags}`"));
        }
    }
    None
}

/// The release of a Debian or Ubuntu image whose glibc is newer than Debian 13's (2.41), if it
/// is one: Debian 14 and testing, Ubuntu 25.10 and later (`ubuntu:latest` is 26.04).
fn newer_glibc(image: &ImageRef, os: Os) -> Option<String> {
    let tag = image.tag_or_latest().to_ascii_lowercase();
    match os {
        Os::Debian => {
            if let Some(codename) =
                ["forky", "duke", "sid", "unstable", "testing", "experimental"].iter().find(|c| tag.contains(*c))
            {
                return Some(format!("Debian {codename}"));
            }
            let major = analyze::tag_version(&tag).and_then(|v| analyze::major_minor(&v).0);
            (image.name() == "debian" && major.is_some_and(|m| m >= 14))
                .then(|| format!("Debian {}", major.unwrap_or(14)))
        }
        Os::Ubuntu => {
            if let Some(codename) = ["questing", "resolute"].iter().find(|c| tag.contains(*c)) {
                return Some(format!("Ubuntu {codename}"));
            }
            if image.name() != "ubuntu" {
                return None;
            }
            if matches!(tag.as_str(), "latest" | "rolling" | "devel") {
                return Some(format!("`ubuntu:{tag}` (Ubuntu 26.04 today)"));
            }
            let version = analyze::tag_version(&tag)?;
            match analyze::major_minor(&version) {
                (Some(major), Some(minor)) if (major, minor) >= (25, 10) => Some(format!("Ubuntu {version}")),
                _ => None,
            }
        }
        _ => None,
    }
}

pub(super) fn debian_codename(image: &ImageRef) -> Option<&'static str> {
    let tag = image.tag_or_latest().to_ascii_lowercase();
    ["buster", "bullseye", "bookworm", "trixie"].into_iter().find(|c| tag.contains(c))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{converted, refused};

    #[test]
    fn a_c_program_gets_cc_and_the_libraries_it_links() {
        let c = converted(
            "FROM debian:bookworm AS build\nRUN apt-get update && apt-get install -y --no-install-recommends build-essential libpq-dev && rm -rf /var/lib/apt/lists/*\nCOPY . /src\nRUN make -C /src\nFROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends libpq5 libfoo2 && rm -rf /var/lib/apt/lists/*\nCOPY --from=build /src/server /usr/local/bin/server\nCMD [\"/usr/local/bin/server\"]\n",
        );
        assert!(c.dockerfile.contains("printf '%s\\n' /usr/local/bin/server > /tmp/objects"), "{}", c.dockerfile);
        assert!(
            c.dockerfile.contains("FROM gcr.io/distroless/cc-debian13:nonroot\nCOPY --from=runtime-libs"),
            "{}",
            c.dockerfile
        );
    }

    #[test]
    fn a_native_build_on_an_unknown_library_layout_is_refused() {
        let reason = refused(
            "FROM fedora:41 AS build\nRUN dnf install -y gcc make\nCOPY . /src\nRUN make -C /src\nFROM fedora:41\nCOPY --from=build /src/server /server\nCMD [\"/server\"]\n",
        );
        assert!(reason.contains("Debian and Ubuntu only"), "{reason}");
        let reason = refused(
            "FROM ubuntu:25.10 AS build\nRUN apt-get update && apt-get install -y g++ make\nCOPY . /src\nRUN make -C /src\nFROM ubuntu:25.10\nCOPY --from=build /src/server /server\nCMD [\"/server\"]\n",
        );
        assert!(reason.contains("Ubuntu 25.10") && reason.contains("glibc"), "{reason}");
        // A build that also compiles for a language runtime makes no known native program.
        let reason = refused(
            "FROM elixir:1.17 AS build\nCOPY . /app\nRUN cd /app && make && mix release\nFROM debian:bookworm-slim\nCOPY --from=build /app/_build/prod/rel/app /app\nCMD [\"/app/bin/app\", \"start\"]\n",
        );
        assert!(reason.contains("cannot tell what it is"), "{reason}");
    }

    #[test]
    fn a_musl_rust_build_runs_on_static() {
        let c = converted(
            "FROM rust:1.88-alpine AS build\nWORKDIR /src\nCOPY . .\nRUN cargo build --release\nFROM alpine:3.22\nCOPY --from=build /src/target/release/app /app\nCMD [\"/app\"]\n",
        );
        assert!(c.dockerfile.contains("FROM gcr.io/distroless/static-debian13:nonroot"), "{}", c.dockerfile);
    }

    #[test]
    fn go_gets_a_static_build() {
        let c = converted("FROM golang:1.24\nWORKDIR /src\nCOPY . .\nRUN go build -o /bin/app .\nCMD [\"/bin/app\"]\n");
        assert!(c.dockerfile.contains("ENV CGO_ENABLED=0"), "{}", c.dockerfile);
    }
}
