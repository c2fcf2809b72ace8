//! Python apps: the distroless (or Chainguard) Python runtime, a build stage on the same Python and
//! C library, the virtual environment the final stage copies whole, and the command run by that
//! environment.

use super::*;

impl Planner<'_, '_> {
    // ----- Python -----

    pub(super) fn python(&mut self) -> Result<(), Refusal> {
        let a = self.a;
        let root = a.root_image.clone().unwrap_or_default();
        let root_stage = a.root_stage();
        let from_range = a.root_from_range();
        let installs_python = installs_os_python(a, &a.lineage);
        let kind = python_image(&root).filter(|k| *k != PythonImage::Debian || installs_python);
        if kind.is_none() {
            let reason = if installs_python {
                format!(
                    "the app runs on Python from the OS packages of {}: shipshape rebuilds Python apps on the official `python` image, Astral's uv image or Debian's own Python 3.13 (the distroless one); start from `python:3.13-slim` or `debian:trixie-slim` first",
                    code(&root.raw)
                )
            } else {
                format!(
                    "the app starts from {}, not from the official `python` image: shipshape cannot tell what that image adds (servers, start scripts) to rebuild it on the distroless Python",
                    code(&root.raw)
                )
            };
            return Err(Refusal::new(RefusalClass::UnknownBase, reason, from_range));
        }
        let kind = kind.unwrap_or(PythonImage::Official);
        if kind != PythonImage::Official {
            self.refuse_foreign_python_on_chainguard(root_stage, &root)?;
        }
        if kind == PythonImage::Debian
            && find_user_venv(a).is_none()
            && let Some((at, _)) = a.commands_in(&a.needed).into_iter().find(|(_, c)| python_install(c))
        {
            return Err(self.refuse_at(
                RefusalClass::BuildChange,
                "the app's packages go into Debian's system Python, which the distroless image cannot take as a whole: install them into a virtual environment (`python3 -m venv /opt/venv` with `python3-venv`, then `/opt/venv/bin/pip install`), then convert again",
                at,
            ));
        }
        let version = python_version(&root, kind);
        let (major, minor) = version.as_deref().map(analyze::major_minor).unwrap_or((None, None));
        if major == Some(2) {
            return Err(Refusal::new(
                RefusalClass::UnsupportedVersion,
                "the app runs on Python 2, which has no distroless image (and no support since 2020)",
                from_range,
            ));
        }
        if major == Some(3) && minor.is_some_and(|m| m <= 8) {
            return Err(Refusal::new(
                RefusalClass::UnsupportedVersion,
                format!(
                    "the app runs on Python {}, which reached its end of life and is too far from the distroless Python (3.13) to convert without testing: upgrade the app first",
                    version.clone().unwrap_or_default()
                ),
                from_range,
            ));
        }
        let runtime = match self.family {
            Family::Chainguard => images::runtime(Family::Chainguard, "python"),
            _ => images::runtime(Family::Distroless, "python3-debian13"),
        };
        let runtime = runtime
            .ok_or_else(|| Refusal::new(RefusalClass::ConverterLimit, "the image table has no Python runtime", None))?;
        self.runtime = Some(runtime);
        let target = runtime.runtime.map(|r| r.version).unwrap_or("3.13");
        match (self.family, minor) {
            (Family::Distroless, Some(m)) if m > 13 => {
                return Err(Refusal::new(RefusalClass::NotPublished,
                    format!(
                        "the app runs on Python 3.{m}, and distroless only ships Python 3.13: use `--runtime chainguard` (its image follows the newest Python), or keep a `python:3.{m}-slim` runtime"
                    ),
                    from_range,
                ));
            }
            (Family::Distroless, Some(13)) => {}
            (Family::Distroless, Some(m)) => {
                let at_risk = self.python_pins_at_risk(m);
                self.check(format!(
                    "Python 3.{m} → {target}: distroless only ships Python {target}. {at_risk}Rebuild and test your dependencies (compiled wheels are built per Python version), or keep a `python:3.{m}-slim` runtime or use Chainguard (`--runtime chainguard`) if you cannot move yet"
                ))
            }
            (Family::Distroless, None) => self.check(format!(
                "{} does not name a Python minor version; the build and the runtime now use Python {target}, the only distroless Python: rebuild and test your dependencies",
                code(&root.raw)
            )),
            (_, _) => self.check(format!(
                "Chainguard's `python:latest` follows the newest Python release{}: test the app on it",
                version.map(|v| format!(" (your image used {v})")).unwrap_or_default()
            )),
        }
        self.python_refusals()?;
        self.python_context_libraries();
        self.build_name = self.unique_build_name();
        // Every Python stage the image needs must run the runtime's Python on glibc.
        let mut full_build = false;
        let stages: Vec<usize> = a.needed.clone();
        for s in stages {
            if a.model.stages[s].from.is_none() || !matches!(a.model.stages[s].base, Base::Image(_)) {
                continue;
            }
            // Converted in place, the final stage gets the runtime image, not the builder.
            if !self.split && a.lineage.contains(&s) {
                continue;
            }
            let Some(image) = a.root_image_of(s) else { continue };
            match python_image(image) {
                Some(PythonImage::Official) => {}
                Some(PythonImage::Uv) => {
                    self.rebase_uv_stage(s, image)?;
                    full_build |= Flavour::of_tag(image.tag_or_latest()) == Flavour::Full;
                    continue;
                }
                Some(PythonImage::Debian) if installs_os_python(a, &[s]) => {
                    self.rebase_debian_python_stage(s, image)?;
                    continue;
                }
                _ => continue,
            }
            full_build |= Flavour::of_tag(image.tag_or_latest()) == Flavour::Full;
            self.keep_uv_on_the_image_python(s);
            if needs_python_rebase(image, a.model.stages[s].os, self.family) {
                let why = if a.model.stages[s].os == Os::Alpine {
                    "packages built on Alpine link musl, which the distroless image does not have, so the build must run on the Debian release and Python version of the runtime image"
                } else {
                    "the build must use the same Python version and C library as the runtime image, or compiled packages and the virtual environment will not load"
                };
                let why = if self.family == Family::Chainguard {
                    "the build must use the same Python as the Chainguard runtime; its `-dev` variant has pip and a shell"
                } else {
                    why
                };
                let flavour = Flavour::of_tag(image.tag_or_latest());
                let builder = images::builder(runtime, flavour).unwrap_or_else(|| "python:3.13-slim-trixie".into());
                let why = match flavour {
                    Flavour::Full if self.family == Family::Distroless => format!(
                        "{why}; it stays a full image, like the original, so the compilers and headers that source builds need are there"
                    ),
                    _ => why.to_string(),
                };
                self.rebase(s, &builder, &why)?;
                if self.family == Family::Chainguard
                    && let Some(from) = a.model.stages[s].from
                {
                    self.change(Change::InsertAfter { instruction: from, lines: chainguard_root() });
                }
            }
        }
        self.python_venv()?;
        // A dependency built from source (the full image has the compilers and the headers of
        // libpq, libmysqlclient, libxml2, …) loads its system library at run time.
        // Headers count when the library they belong to is not in the runtime image already
        // (`libffi-dev` builds against the libffi the Python image has).
        let lacks = |library: &packages::Package| match library.role {
            packages::Role::Library { sonames } => !sonames.iter().all(|s| runtime.libraries.contains(s)),
            _ => false,
        };
        let headers = a.commands_in(&a.needed).iter().any(|(at, c)| {
            package_command(c).is_some_and(|p| {
                let distro = needs::distro_of(a.model.stages[a.model.stage_of[*at].unwrap_or(a.final_stage)].os);
                p.os_packages().iter().any(|w| {
                    matches!(packages::role(&w.name, distro), Some(packages::Role::Headers { .. }))
                        && packages::runtime_library(&w.name, distro).is_some_and(lacks)
                })
            })
        });
        if (full_build || headers)
            && self.split
            && self.family == Family::Distroless
            && let Some(venv) = self.venv.clone()
        {
            {
                self.note(format!(
                    "Packages built from source in {venv} load system libraries ({}) that the runtime image lacks: the stage {} finds them with `ldd` in the build stage and the final image copies them in",
                    if full_build { "the full `python` image has the headers of libpq, libmysqlclient, libxml2 and more" } else { "the build installs headers" },
                    code(&self.libraries_stage_name())
                ));
                self.library_scan = Some(libraries::LibraryScan::Dir(venv));
            }
        }
        self.python_launch()?;
        Ok(())
    }

    /// The pinned packages of the context's Python files that have no wheels for Python 3.13,
    /// as a sentence for the version-change note (empty when there is nothing to say).
    pub(super) fn python_pins_at_risk(&mut self, _from_minor: u32) -> String {
        let pins = context::python_pins(&self.options.context);
        self.use_context_files(pins.iter().map(|p| p.file.clone()));
        let risky = context::pins_without_wheels(&pins);
        if self.options.context.is_empty() {
            return "Run the conversion with `--context DIR` to have your requirement and lock files checked for pins without wheels for it. ".into();
        }
        if risky.is_empty() {
            return String::new();
        }
        let one = risky.len() == 1;
        format!(
            "{} {} no wheels for Python 3.13, so pip builds {} from source, which needs compilers and headers and may not build for 3.13 at all: upgrade {} first. ",
            list(&risky),
            if one { "has" } else { "have" },
            if one { "it" } else { "them" },
            if one { "it" } else { "them" },
        )
    }

    /// Libraries the context's pinned drivers load (`psycopg2` built from source loads libpq).
    pub(super) fn python_context_libraries(&mut self) {
        let pins = context::python_pins(&self.options.context);
        for (library, driver) in context::driver_libraries(&pins) {
            if let Some(pin) = pins.iter().find(|p| p.name == driver) {
                self.use_context_files(std::iter::once(pin.file.clone()));
            }
            if !self.context_libraries.contains(&library) {
                self.context_libraries.push(library);
            }
        }
    }

    pub(super) fn python_refusals(&self) -> Result<(), Refusal> {
        let a = self.a;
        for (i, command) in a.commands_in(&a.needed) {
            if pip_install(command) && command.has_any_flag(&["--target", "--prefix", "--root", "-t"]) {
                return Err(self.refuse_at(RefusalClass::BuildChange,
                    "`pip install --target/--prefix` puts packages where only a matching PYTHONPATH finds them: install into a virtual environment (`python -m venv /venv`) first, so the converter can copy it whole",
                    i,
                ));
            }
        }
        for i in a.instructions_of(&a.needed) {
            let instruction = a.instruction(i);
            if !matches!(instruction.kind, Kind::Copy) || instruction.flag("from").is_none() {
                continue;
            }
            let Args::Copy(copy) = &instruction.args else { continue };
            for source in copy.sources() {
                let v = &source.value;
                if v.contains("site-packages") || v.contains("dist-packages") {
                    return Err(self.refuse_at(RefusalClass::BuildChange,
                        format!(
                            "the image copies Python packages by path ({v}), which is tied to one Python version and layout: install them into a virtual environment and copy that instead",
                            v = code(v)
                        ),
                        i,
                    ));
                }
                let v_dir = v.trim_end_matches('/');
                if matches!(v_dir, "/usr/local" | "/usr/local/lib" | "/usr/lib") || v_dir.starts_with("/usr/lib/python")
                {
                    return Err(self.refuse_at(RefusalClass::BuildChange,
                        format!(
                            "the image copies {v} from another stage, which holds a Python installation tied to that image: install the dependencies into a virtual environment and copy that instead",
                            v = code(v)
                        ),
                        i,
                    ));
                }
                if v.contains("/.local") {
                    return Err(self.refuse_at(RefusalClass::BuildChange,
                        format!(
                            "the image copies packages installed with `pip install --user` ({v}), which only that user's Python finds: install them into a virtual environment and copy that instead",
                            v = code(v)
                        ),
                        i,
                    ));
                }
            }
        }
        Ok(())
    }

    /// Finds or creates the virtual environment the app's dependencies live in, and repairs it
    /// for the distroless interpreter.
    pub(super) fn python_venv(&mut self) -> Result<(), Refusal> {
        let a = self.a;
        let user_venv = find_user_venv(a);
        let lineage_installs = a.commands_in(&a.lineage).iter().any(|(_, c)| python_install(c));
        let uses_uv_project =
            a.commands_in(&a.lineage).iter().any(|(_, c)| c.is("uv") && matches!(c.subcommand(), Some("sync" | "run")));
        let (venv, source_stage) = match user_venv {
            Some((path, stage)) => {
                self.note(format!(
                    "The app's virtual environment {path} carries its dependencies to the final stage",
                    path = code(&path)
                ));
                (Some(path), Some(stage))
            }
            None if lineage_installs => {
                if !self.split {
                    (None, None)
                } else {
                    let Some(from) = a.model.stages[a.root_stage()].from else { return Ok(()) };
                    let mut env = vec!["ENV VIRTUAL_ENV=/venv \\".to_string(), "    PATH=/venv/bin:$PATH".to_string()];
                    if uses_uv_project {
                        env = vec![
                            "ENV VIRTUAL_ENV=/venv \\".to_string(),
                            "    UV_PROJECT_ENVIRONMENT=/venv \\".to_string(),
                            "    PATH=/venv/bin:$PATH".to_string(),
                        ];
                    }
                    let escape = a.file.escape;
                    let env: Vec<String> = env.into_iter().map(|l| l.replace('\\', &escape.to_string())).collect();
                    let mut lines = vec![
                        "# The dependencies go into a virtual environment, which the final stage copies whole."
                            .to_string(),
                        "RUN python -m venv /venv".to_string(),
                    ];
                    lines.extend(env);
                    self.change(Change::InsertAfter { instruction: from, lines });
                    self.note(
                        "Dependencies are installed into the virtual environment /venv (on PATH in both stages), so the final stage can copy them in one piece; pip, poetry, uv and pipenv all install into the active environment",
                    );
                    self.final_env =
                        vec![format!("ENV VIRTUAL_ENV=/venv {escape}"), "    PATH=/venv/bin:$PATH".to_string()];
                    (Some("/venv".to_string()), Some(a.final_stage))
                }
            }
            None => (None, None),
        };
        // Build tools installed with pip land in the environment the app ships with.
        if let Some(path) = &venv {
            let mut tools: Vec<String> = Vec::new();
            for (_, command) in a.commands_in(&a.needed) {
                if !pip_install(command) {
                    continue;
                }
                for word in command.positional() {
                    let name = word.value.split(['=', '<', '>', '[', '~', '!']).next().unwrap_or("").to_string();
                    if matches!(name.as_str(), "poetry" | "pipenv" | "uv" | "pdm" | "hatch") && !tools.contains(&name) {
                        tools.push(name);
                    }
                }
            }
            if !tools.is_empty() {
                let one = tools.len() == 1;
                self.check(format!(
                    "{} {} installed with pip into {path}, so {} and {} dependencies ship in the final image too: install {} with pipx, or into another environment, to leave {} in the build stage",
                    list(&tools),
                    if one { "is" } else { "are" },
                    if one { "it" } else { "they" },
                    if one { "its" } else { "their" },
                    if one { "it" } else { "them" },
                    if one { "it" } else { "them" },
                ));
            }
        }
        // `pip install --user` cannot install into a virtual environment.
        if venv.is_some() {
            for (i, command) in a.commands_in(&a.lineage) {
                if pip_install(command)
                    && let Some(word) = command.args().iter().find(|w| w.value == "--user")
                {
                    let end = next_non_space(a.source, word.range.end);
                    self.change(Change::ReplaceRange {
                        instruction: i,
                        range: TextRange::new(word.range.start, end),
                        text: String::new(),
                    });
                    self.note("`pip install --user` became `pip install`: a virtual environment has no user site");
                }
            }
        }
        if let (Some(path), Some(stage)) = (&venv, source_stage)
            && self.family == Family::Distroless
        {
            // The venv's `python` points at the build image's interpreter (/usr/local/bin);
            // distroless has Python at /usr/bin/python3.13. Split, the build stage holds the
            // venv the final stage copies; in place, the stage that made it does.
            let stage = if self.split { a.final_stage } else { stage };
            let escape = a.file.escape;
            let repair = vec![
                "# Point the virtual environment at the interpreter of the distroless image.".to_string(),
                format!("RUN ln -sf /usr/bin/python3.13 {path}/bin/python {escape}"),
                format!("    && ln -sf python {path}/bin/python3 && ln -sf python {path}/bin/python3.13 {escape}"),
                format!("    && sed -i 's|^home = .*|home = /usr/bin|' {path}/pyvenv.cfg"),
            ];
            if !self.split && self.used_by_other_stages(stage) {
                // Other stages build on that stage and need its Python working: the repair goes
                // into a stage of its own, which the final stage copies from.
                self.repair_in_own_stage(stage, path, repair)?;
            } else {
                self.late.push(Change::Append { stage, lines: repair });
                self.note(format!(
                    "The virtual environment's `python` links to the build image's interpreter; the last step of {} points it at /usr/bin/python3.13, where the distroless image keeps Python",
                    code(&self.stage_label(stage))
                ));
            }
        }
        if self.split
            && let Some(path) = &venv
            && a.lineage.contains(&source_stage.unwrap_or(usize::MAX))
        {
            self.extra_artefacts.push(path.clone());
        }
        if self.split
            && let Some(path) = &venv
            && source_stage.is_some_and(|s| !a.lineage.contains(&s))
            && self.lineage_copies_from(path)
        {
            self.extra_artefacts.push(path.clone());
        }
        self.venv = venv;
        Ok(())
    }

    /// True when a stage other than the final one builds on `stage` or copies from it.
    pub(super) fn used_by_other_stages(&self, stage: usize) -> bool {
        let a = self.a;
        a.model.stages.iter().filter(|s| s.index > stage && s.index != a.final_stage).any(|s| {
            matches!(s.base, Base::Stage(p) if p == stage)
                || s.instructions.clone().any(|i| {
                    a.instruction(i).effective().flags.iter().any(|f| {
                        let from = match f.name.as_str() {
                            "from" => f.value.as_deref(),
                            "mount" => f.value.as_deref().and_then(|v| crate::semantic::mount_option(v, "from")),
                            _ => None,
                        };
                        from.and_then(|n| a.model.stage_named(n, s.index)) == Some(stage)
                    })
                })
        })
    }

    /// Adds a stage that repairs the virtual environment of `stage`, just before the final
    /// stage, and points the final stage's COPY of the environment at it.
    pub(super) fn repair_in_own_stage(&mut self, stage: usize, path: &str, repair: Vec<String>) -> Result<(), Refusal> {
        let a = self.a;
        let Some(from) = a.model.stages[stage].from else { return Ok(()) };
        let name = match &a.model.stages[stage].name {
            Some(name) => name.clone(),
            None => {
                let name = format!("stage-{stage}");
                self.change(Change::Name { from, name: name.clone() });
                name
            }
        };
        let repaired = {
            let taken = |n: &str| a.model.stages.iter().any(|s| s.name.as_deref() == Some(n));
            let base = format!("{name}-venv");
            if taken(&base) { format!("{base}-2") } else { base }
        };
        let copy = a.lineage_instructions().into_iter().find(|&i| {
            let instruction = a.instruction(i);
            instruction.kind == Kind::Copy
                && instruction
                    .flag("from")
                    .and_then(|f| f.value.as_deref())
                    .and_then(|v| a.model.stage_named(v, a.final_stage))
                    == Some(stage)
                && a.copy_destination(i).is_some_and(|d| d == path)
        });
        let Some(copy) = copy else {
            return Err(Refusal::new(
                RefusalClass::ConverterLimit,
                format!(
                    "shipshape cannot find the COPY that brings the virtual environment {path} into the final stage",
                    path = code(path)
                ),
                None,
            ));
        };
        let Some(value_range) = a.instruction(copy).flag("from").and_then(|f| f.value_range) else {
            return Ok(());
        };
        self.change(Change::ReplaceRange { instruction: copy, range: value_range, text: repaired.clone() });
        let mut lines = vec![String::new(), format!("FROM {name} AS {repaired}")];
        lines.extend(repair);
        self.late.push(Change::Append { stage: a.final_stage - 1, lines });
        self.note(format!(
            "The virtual environment's `python` links to the build image's interpreter; the stage {repaired} points it at /usr/bin/python3.13, where the distroless image keeps Python, and leaves {name} as it was for the stages built on it",
            repaired = code(&repaired),
            name = code(&name)
        ));
        Ok(())
    }

    /// True when the lineage copies `path` in from another stage.
    pub(super) fn lineage_copies_from(&self, path: &str) -> bool {
        let a = self.a;
        a.lineage_instructions().into_iter().any(|i| {
            a.instruction(i).kind == Kind::Copy
                && a.instruction(i).flag("from").is_some()
                && a.copy_destination(i).is_some_and(|d| d == path)
        })
    }

    pub(super) fn python_launch(&mut self) -> Result<(), Refusal> {
        let a = self.a;
        let runtime = self.runtime.ok_or_else(|| Refusal::new(RefusalClass::ConverterLimit, "no runtime", None))?;
        let image_entry: Vec<String> = runtime.entrypoint.iter().map(|s| s.to_string()).collect();
        let interpreter = match &self.venv {
            Some(v) => format!("{v}/bin/python3"),
            None => image_entry.first().cloned().unwrap_or_else(|| "/usr/bin/python3".into()),
        };
        self.interpreter = Some(interpreter.clone());
        let mut argv = a.launch.argv();
        let split = a.launch.split();
        let range = a.launch.instructions().last().map(|&i| a.instruction(i).range);
        let Some(first) = argv.first().cloned() else {
            return Err(Refusal::new(RefusalClass::ConverterLimit, "the image has no command", range));
        };
        let program = basename(&first).to_string();
        let mut split = split;
        if is_python_interpreter(&first) {
            argv[0] = interpreter.clone();
        } else if program.ends_with(".py") {
            argv.insert(0, interpreter.clone());
            split += usize::from(split > 0);
        } else {
            let Some(venv) = &self.venv else {
                let uv_sync =
                    a.commands_in(&a.needed).iter().any(|(_, c)| c.is("uv") && c.subcommand() == Some("sync"));
                let (class, reason) = if uv_sync {
                    (
                        RefusalClass::BuildChange,
                        format!(
                            "the image starts {program} from the project environment `uv sync` made, and shipshape cannot tell where that environment is: set `UV_PROJECT_ENVIRONMENT` to an absolute path with ENV in the build stage, then convert again",
                            program = code(&program)
                        ),
                    )
                } else {
                    (
                        RefusalClass::UnknownProgram,
                        format!(
                            "the image starts {program}, but shipshape finds no Python dependencies installed for it: start it with `python -m …` or install it with pip first",
                            program = code(&program)
                        ),
                    )
                };
                return Err(Refusal::new(class, reason, range));
            };
            if first.contains('/') && !is_under(&first, venv) && !is_under(&first, "/usr/local/bin") {
                return Err(Refusal::new(
                    RefusalClass::ConverterLimit,
                    format!(
                        "the image starts {first}, which shipshape cannot place in the virtual environment",
                        first = code(&first)
                    ),
                    range,
                ));
            }
            argv[0] = format!("{venv}/bin/{program}");
            if !PYTHON_PROGRAMS.contains(&program.as_str()) {
                self.check(format!(
                    "{program} is taken to be a console script installed into {venv} by pip: check that it is, since the runtime image has no other programs",
                    program = code(&program)
                ));
            }
        }
        self.set_launch(argv, split);
        Ok(())
    }
}

/// Where an image gets its Python from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum PythonImage {
    /// The official `python` image (Python in /usr/local).
    Official,
    /// Astral's uv image (`ghcr.io/astral-sh/uv:python3.12-bookworm-slim`): the official image
    /// with uv in it.
    Uv,
    /// Debian, whose own `python3` the build installs with apt (Debian 13's is the distroless
    /// Python).
    Debian,
}

pub(super) fn python_image(image: &ImageRef) -> Option<PythonImage> {
    let host = image.registry_host();
    match (host, image.hub_repository()) {
        ("docker.io", "python") => Some(PythonImage::Official),
        ("ghcr.io", "astral-sh/uv") if image.tag_or_latest().contains("python") => Some(PythonImage::Uv),
        ("docker.io", "debian") => Some(PythonImage::Debian),
        _ => None,
    }
}

/// The Python version an image runs: the official image's tag (`3.12-slim`), the uv image's
/// (`python3.12-bookworm-slim`), or the Debian release's own (`bookworm` has 3.11).
pub(super) fn python_version(image: &ImageRef, kind: PythonImage) -> Option<String> {
    let tag = image.tag_or_latest().to_ascii_lowercase();
    match kind {
        PythonImage::Official => analyze::tag_version(&tag),
        PythonImage::Uv => tag.split_once("python").and_then(|(_, rest)| analyze::tag_version(rest)),
        PythonImage::Debian => {
            let release = match analyze::tag_version(&tag).and_then(|v| analyze::major_minor(&v).0) {
                Some(11) => "bullseye",
                Some(12) => "bookworm",
                Some(13) => "trixie",
                _ => images::DEBIAN_PYTHON.iter().map(|(r, _)| *r).find(|r| tag.contains(r)).unwrap_or("trixie"),
            };
            images::DEBIAN_PYTHON.iter().find(|(r, _)| *r == release).map(|(_, v)| v.to_string())
        }
    }
}

/// True when the stages install Python from the OS packages (`apt-get install python3`).
pub(super) fn installs_os_python(a: &Analysis, stages: &[usize]) -> bool {
    a.commands_in(stages).iter().any(|(_, c)| {
        package_command(c)
            .is_some_and(|p| p.os_packages().iter().any(|w| w.name.starts_with("python3") || w.name == "python"))
    })
}

impl Planner<'_, '_> {
    /// A build stage on Astral's uv image moves to the uv image of the runtime's Python and Debian
    /// release; uv is kept from downloading a Python of its own, which the venv would link to.
    fn rebase_uv_stage(&mut self, stage: usize, image: &ImageRef) -> Result<(), Refusal> {
        self.refuse_foreign_python_on_chainguard(stage, image)?;
        let flavour = Flavour::of_tag(image.tag_or_latest());
        let current = python_version(image, PythonImage::Uv).as_deref() == Some("3.13")
            && image.tag_or_latest().contains("trixie");
        if !current {
            let builder = images::uv_builder(flavour);
            self.rebase(
                stage,
                builder,
                "the build must use the runtime's Python version and Debian release, or the project environment and its compiled packages will not load; Astral publishes uv on each",
            )?;
        }
        self.keep_uv_on_the_image_python(stage);
        Ok(())
    }

    /// uv makes a project environment on a Python it downloads when the project pins another
    /// version (`.python-version`): that Python would not be in the runtime image. Downloads are
    /// switched off in a stage that makes one, so the build uses the image's Python or fails.
    pub(super) fn keep_uv_on_the_image_python(&mut self, stage: usize) {
        let a = self.a;
        let makes_environment =
            a.commands_in(&[stage]).iter().any(|(_, c)| c.is("uv") && matches!(c.subcommand(), Some("sync" | "venv")));
        let downloads_off = a.model.lineage(stage).any(|st| {
            st.instructions.clone().any(|i| {
                a.instruction(i).kind == Kind::Env
                    && matches!(&a.instruction(i).args, Args::Pairs(p) if p.iter().any(|p| p.key.value == "UV_PYTHON_DOWNLOADS"))
            })
        });
        if makes_environment
            && !downloads_off
            && let Some(from) = a.model.stages[stage].from
        {
            self.change(Change::InsertAfter {
                instruction: from,
                lines: vec![
                    "# uv builds the environment on the image's Python, the runtime's, never on one it downloads."
                        .into(),
                    "ENV UV_PYTHON_DOWNLOADS=0".into(),
                ],
            });
            self.note(format!(
                "`UV_PYTHON_DOWNLOADS=0` in {} keeps uv on the image's Python: a Python it downloaded (for a `.python-version` pin, say) would not be in the runtime image, and the environment would not start",
                code(&self.stage_label(stage))
            ));
        }
    }

    /// Chainguard's Python is its own build, at its own path: an environment made by another
    /// Python does not run on it.
    fn refuse_foreign_python_on_chainguard(&self, stage: usize, image: &ImageRef) -> Result<(), Refusal> {
        if self.family != Family::Chainguard {
            return Ok(());
        }
        Err(Refusal::new(
            RefusalClass::BuildChange,
            format!(
                "the environment is built on {}, whose Python is not Chainguard's, and an environment runs only on the Python that made it: build on `cgr.dev/chainguard/python:latest-dev` (with uv copied in, if the build uses it), or convert with `--runtime distroless`",
                code(&image.raw)
            ),
            self.a.model.stages[stage].from.map(|f| self.a.instruction(f).range),
        ))
    }

    /// A build stage on Debian's own Python moves to Debian 13, whose `python3` is the
    /// distroless Python.
    fn rebase_debian_python_stage(&mut self, stage: usize, image: &ImageRef) -> Result<(), Refusal> {
        let a = self.a;
        self.refuse_foreign_python_on_chainguard(stage, image)?;
        // Packages named for one Python version (`python3.11-venv`) do not exist on trixie.
        for (i, command) in a.commands_in(&[stage]) {
            let Some(pc) = package_command(command) else { continue };
            if let Some(p) =
                pc.os_packages().iter().find(|p| p.name.starts_with("python3.") && !p.name.starts_with("python3.13"))
            {
                return Err(self.refuse_at(
                    RefusalClass::BuildChange,
                    format!(
                        "the build installs {}, a package of one Python version, and moves to Debian 13 (Python 3.13, the distroless Python): install `python3`, `python3-venv` and the like instead, then convert again",
                        code(&p.name)
                    ),
                    i,
                ));
            }
        }
        if python_version(image, PythonImage::Debian).as_deref() != Some("3.13") {
            let builder = images::debian_python_builder(Flavour::of_tag(image.tag_or_latest()));
            self.rebase(
                stage,
                builder,
                "the distroless Python is Debian 13's own `python3`, so the build moves to Debian 13, where the environment gets the same Python",
            )?;
        } else {
            self.note(format!(
                "The build on {} uses Debian 13's own Python, the one the distroless Python image has, at the same path: the environment runs there as it is",
                code(&image.raw)
            ));
        }
        Ok(())
    }
}

pub(super) fn needs_python_rebase(image: &ImageRef, os: Os, family: Family) -> bool {
    if family == Family::Chainguard {
        return true;
    }
    let version = analyze::tag_version(image.tag_or_latest());
    let minor = version.as_deref().map(analyze::major_minor).and_then(|(_, m)| m);
    minor != Some(13) || os != Os::Debian || image_is_newer_than_trixie(image)
}

pub(super) fn pip_install(command: &SimpleCommand) -> bool {
    invocation::read(command).is_some_and(|i| i.tool == Tool::Pip && i.installs())
}

/// Commands that install the app's Python dependencies.
pub(super) fn python_install(command: &SimpleCommand) -> bool {
    invocation::read(command).is_some_and(|i| i.tool.is_python() && i.installs())
}

/// A virtual environment the build creates itself: `python -m venv X`, `virtualenv X`,
/// `uv venv X`, or `ENV VIRTUAL_ENV=X`. Returns its path and the stage that creates it.
pub(super) fn find_user_venv(a: &Analysis) -> Option<(String, usize)> {
    let mut candidates: Vec<(String, usize)> = Vec::new();
    for (i, command) in a.commands_in(&a.needed) {
        let words: Vec<&str> = command.words.iter().map(|w| w.value.as_str()).collect();
        let path = if command.program().is_some_and(is_python_interpreter) {
            words
                .windows(2)
                .position(|w| w[0] == "-m" && matches!(w[1], "venv" | "virtualenv"))
                .and_then(|at| words[at + 2..].iter().find(|w| !w.starts_with('-')).map(|w| w.to_string()))
        } else if command.is("virtualenv") {
            words[1..].iter().find(|w| !w.starts_with('-')).map(|w| w.to_string())
        } else if command.is("uv") && command.subcommand() == Some("venv") {
            Some(command.positional().nth(1).map(|w| w.value.clone()).unwrap_or_else(|| ".venv".into()))
        } else if (command.is("uv") && command.subcommand() == Some("sync"))
            || (command.is("pdm") && matches!(command.subcommand(), Some("install" | "sync")))
        {
            // The project environment: `.venv` in the project, unless the environment says
            // otherwise (read below, from ENV).
            (a.sets_variable(i, Some(command), "UV_PROJECT_ENVIRONMENT").is_none()
                && a.sets_variable(i, Some(command), "VIRTUAL_ENV").is_none())
            .then(|| ".venv".to_string())
        } else {
            None
        };
        if let Some(path) = path
            && let Some(expanded) = a.expand(&path, i)
        {
            let dir = a.workdir_at(i).unwrap_or_else(|| "/".into());
            let stage = a.model.stage_of[i].unwrap_or(a.final_stage);
            candidates.push((join(&dir, &expanded), stage));
        }
    }
    if let Some(c) = candidates.pop() {
        // Prefer a venv the final stage copies in from its creator.
        return Some(c);
    }
    let last = a.file.instructions.len().checked_sub(1)?;
    for name in ["VIRTUAL_ENV", "UV_PROJECT_ENVIRONMENT"] {
        if let Some(value) = a.model.variable(last + 1 - 1, name).filter(|v| v.starts_with('/') && !v.contains('$')) {
            let stage = a
                .needed
                .iter()
                .copied()
                .find(|&s| {
                    a.model.stages[s].instructions.clone().any(|i| {
                        matches!(&a.instruction(i).args, Args::Pairs(p) if a.instruction(i).kind == Kind::Env && p.iter().any(|p| p.key.value == name))
                    })
                })
                .unwrap_or(a.final_stage);
            return Some((join("/", &value), stage));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{converted, refused};

    #[test]
    fn the_build_stage_keeps_the_flavour_of_the_original() {
        let full = converted(
            "FROM python:3.11\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\nCMD [\"python\", \"app.py\"]\n",
        );
        assert!(full.dockerfile.starts_with("FROM python:3.13-trixie AS build\n"), "{}", full.dockerfile);
        assert!(full.notes.iter().any(|n| n.message.contains("--context DIR")), "{:?}", full.notes);
        let slim = converted(
            "FROM python:3.11-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\nCMD [\"python\", \"app.py\"]\n",
        );
        assert!(slim.dockerfile.starts_with("FROM python:3.13-slim-trixie AS build\n"), "{}", slim.dockerfile);
    }

    #[test]
    fn a_cmd_only_image_stays_overridable() {
        let c = converted(
            "FROM python:3.13-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\nCMD gunicorn -b 0.0.0.0:8000 app:app\n",
        );
        assert!(
            c.dockerfile
                .ends_with("ENTRYPOINT []\nCMD [\"/venv/bin/gunicorn\", \"-b\", \"0.0.0.0:8000\", \"app:app\"]\n"),
            "{}",
            c.dockerfile
        );
    }

    #[test]
    fn reads_where_python_comes_from() {
        use super::{PythonImage, python_image, python_version};
        use crate::semantic::ImageRef;
        let image = |s| ImageRef::parse(s);
        let uv = image("ghcr.io/astral-sh/uv:0.9-python3.12-bookworm-slim");
        assert_eq!(python_image(&uv), Some(PythonImage::Uv));
        assert_eq!(python_version(&uv, PythonImage::Uv).as_deref(), Some("3.12"));
        assert_eq!(python_image(&image("ghcr.io/astral-sh/uv:0.9")), None, "uv alone has no Python");
        let debian = image("debian:bookworm-slim");
        assert_eq!(python_version(&debian, PythonImage::Debian).as_deref(), Some("3.11"));
        assert_eq!(python_version(&image("debian:13"), PythonImage::Debian).as_deref(), Some("3.13"));
        assert_eq!(python_version(&image("python:3.12-slim"), PythonImage::Official).as_deref(), Some("3.12"));
    }

    #[test]
    fn debian_trixie_python_needs_no_new_build_image() {
        let c = converted(
            "FROM debian:trixie-slim\nRUN apt-get update && apt-get install -y --no-install-recommends python3 python3-venv && rm -rf /var/lib/apt/lists/*\nRUN python3 -m venv /opt/venv\nCOPY . /opt/app\nRUN /opt/venv/bin/pip install --no-cache-dir -r /opt/app/requirements.txt\nWORKDIR /opt/app\nCMD [\"/opt/venv/bin/python\", \"-m\", \"app\"]\n",
        );
        assert!(c.dockerfile.starts_with("FROM debian:trixie-slim AS build\n"), "{}", c.dockerfile);
        assert!(c.notes.iter().any(|n| n.message.contains("Debian 13's own Python")), "{:?}", c.notes);
    }

    #[test]
    fn an_environment_of_another_python_is_refused_on_chainguard() {
        use crate::distroless::{Conversion, Options, RuntimeFamily, convert};
        let source = "FROM ghcr.io/astral-sh/uv:python3.13-trixie-slim AS build\nWORKDIR /app\nCOPY . .\nRUN uv sync --locked\nFROM python:3.13-slim-trixie\nCOPY --from=build /app /app\nWORKDIR /app\nCMD [\"/app/.venv/bin/python\", \"-m\", \"app\"]\n";
        let Conversion::Refused(r) =
            convert(source, &Options { runtime: RuntimeFamily::Chainguard, ..Options::default() })
        else {
            panic!("converted")
        };
        assert!(r.reason.contains("not Chainguard's"), "{}", r.reason);
        assert!(converted(source).dockerfile.contains("FROM gcr.io/distroless/python3-debian13:nonroot"));
    }

    #[test]
    fn python_2_is_refused() {
        assert!(refused("FROM python:2.7\nCOPY . /app\nCMD [\"python\", \"/app/a.py\"]\n").contains("Python 2"));
    }
}
