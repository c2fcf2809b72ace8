//! What the new final stage copies from the build stage, and who owns it.

use super::*;

impl Planner<'_, '_> {
    // ----- Ownership -----

    /// Paths the app's user owned in the original (COPY --chown, chown, VOLUME): the app
    /// probably writes there.
    pub(super) fn owned_paths(&self) -> Vec<String> {
        let a = self.a;
        let mut owned = Vec::new();
        for i in a.lineage_instructions() {
            let instruction = a.instruction(i);
            match instruction.kind {
                Kind::Copy | Kind::Add => {
                    if instruction.flag("chown").and_then(|f| f.value.as_deref()).is_some_and(is_non_root_owner)
                        && let Some(dest) = a.copy_destination(i)
                    {
                        owned.push(dest);
                    }
                }
                Kind::Volume => owned.extend(volume_paths(a, i)),
                Kind::Run => {
                    let dir = a.workdir_at(i).unwrap_or_else(|| "/".into());
                    for command in a.commands(i) {
                        if let Some((owner, paths)) = chown_of(command)
                            && is_non_root_owner(&owner)
                        {
                            owned.extend(paths.iter().filter(|p| !p.contains(['$', '*'])).map(|p| join(&dir, p)));
                        }
                    }
                }
                _ => {}
            }
        }
        owned.retain(|p| p != "/");
        owned.sort();
        owned.dedup();
        owned
    }

    /// The paths the final stage copies from the build stage.
    pub(super) fn artefacts(&mut self, workdir: Option<&str>) -> Result<Vec<Artefact>, Refusal> {
        let a = self.a;
        let owned = self.owned_paths();
        let argv = a.launch.argv();
        let mut paths: Vec<String> = self.extra_artefacts.clone();
        let mut dropped_tools = Vec::new();
        if self.copy_app_dirs {
            if let Some(dir) = workdir.filter(|d| *d != "/") {
                paths.push(dir.to_string());
            }
            for i in a.lineage_instructions() {
                let instruction = a.instruction(i);
                if !matches!(instruction.kind, Kind::Copy | Kind::Add) {
                    continue;
                }
                let Some(dest) = a.copy_destination(i) else {
                    return Err(self.refuse_at(
                        "shipshape cannot tell where this COPY puts its files (its destination uses a variable without a value)",
                        i,
                    ));
                };
                if dest == "/" {
                    return Err(self.refuse_at(
                        "the build copies files into `/`, so shipshape cannot tell the app's files from the base image's: copy them into a WORKDIR such as /app first",
                        i,
                    ));
                }
                if self.venv.as_deref().is_some_and(|v| is_under(&dest, v)) {
                    continue;
                }
                if TOOL_DIRS.iter().any(|d| is_under(&dest, d))
                    && !argv.iter().any(|w| is_under(w, &dest) || basename(w) == basename(&dest))
                {
                    // Name the files: `/bin/uv`, not `/bin`.
                    let into_dir = TOOL_DIRS.contains(&dest.as_str())
                        || matches!(&instruction.args, Args::Copy(c) if c.sources().len() > 1 || c.destination().is_some_and(|d| d.value.ends_with('/')));
                    match &instruction.args {
                        Args::Copy(copy) if into_dir => dropped_tools.extend(
                            copy.sources().iter().map(|s| join(&dest, basename(s.value.trim_end_matches('/')))),
                        ),
                        _ => dropped_tools.push(dest),
                    }
                    continue;
                }
                paths.push(dest);
            }
            let uncovered: Vec<String> =
                owned.iter().filter(|o| !paths.iter().any(|p| is_under(o, p))).cloned().collect();
            paths.extend(uncovered);
            // Directories the build creates or moves files to, outside the system's own.
            for i in a.lineage_instructions() {
                let dir = a.workdir_at(i).unwrap_or_else(|| "/".into());
                for command in a.commands(i) {
                    let targets: Vec<String> = match command.program() {
                        Some("mkdir") => command.positional().map(|w| w.value.clone()).collect(),
                        Some("mv" | "cp") => command.positional().last().map(|w| w.value.clone()).into_iter().collect(),
                        _ => Vec::new(),
                    };
                    for target in targets.iter().filter(|t| !t.contains(['$', '*', '`'])) {
                        let path = join(&dir, target);
                        if !is_system_path(&path) {
                            paths.push(path);
                        }
                    }
                }
            }
        }
        if !dropped_tools.is_empty() {
            let tools = dedup(dropped_tools);
            self.note(format!(
                "{} {} only used to build, and {} in the build stage",
                list(&tools),
                if tools.len() == 1 { "is" } else { "are" },
                if tools.len() == 1 { "stays" } else { "stay" }
            ));
        }
        // Keep the outermost paths, in a stable order.
        paths.sort();
        paths.dedup();
        let mut cover: Vec<String> = Vec::new();
        for p in paths {
            if !cover.iter().any(|c| is_under(&p, c)) {
                cover.retain(|c| !is_under(c, &p));
                cover.push(p);
            }
        }
        // The dependencies (a virtual environment) change less often than the app: copy them
        // first, for the layer cache.
        cover.sort_by_key(|p| !self.extra_artefacts.contains(p));
        let mut artefacts: Vec<Artefact> = Vec::new();
        for path in &cover {
            // A binary or a jar is only read: ownership matters for the app's directories.
            let is_owned = self.copy_app_dirs && owned.iter().any(|o| is_under(path, o));
            artefacts.push(Artefact { path: path.clone(), owned: is_owned });
            // Owned directories inside a root-owned copy get their own copy.
            if !is_owned && self.copy_app_dirs {
                let inside: Vec<&String> = owned.iter().filter(|o| is_under(o, path) && *o != path).collect();
                for o in &inside {
                    if !inside.iter().any(|other| other != o && is_under(o, other)) {
                        artefacts.push(Artefact { path: (*o).clone(), owned: true });
                    }
                }
            }
        }
        // Volumes must exist in the build stage to be copied.
        let created: Vec<String> = a
            .lineage_instructions()
            .into_iter()
            .flat_map(|i| {
                let dir = a.workdir_at(i).unwrap_or_else(|| "/".into());
                a.commands(i)
                    .iter()
                    .filter(|c| c.is("mkdir"))
                    .flat_map(|c| c.positional().map(|w| w.value.clone()).collect::<Vec<_>>())
                    .map(move |p| join(&dir, &p))
                    .collect::<Vec<_>>()
            })
            .collect();
        let volumes: Vec<String> = a
            .lineage_instructions()
            .into_iter()
            .filter(|&i| a.instruction(i).kind == Kind::Volume)
            .flat_map(|i| volume_paths(a, i))
            .filter(|v| !created.contains(v))
            .collect();
        if !volumes.is_empty() && self.copy_app_dirs {
            self.change(Change::Append {
                stage: a.final_stage,
                lines: vec![format!("RUN mkdir -p {}", volumes.join(" "))],
            });
        }
        Ok(artefacts)
    }
}

/// Paths of the operating system and of caches, which the app does not own.
pub(super) fn is_system_path(path: &str) -> bool {
    path == "/"
        || [
            "/tmp",
            "/var/tmp",
            "/var/cache",
            "/var/lib/apt",
            "/var/lib/apk",
            "/var/run",
            "/run",
            "/root",
            "/proc",
            "/dev",
            "/usr",
            "/lib",
            "/bin",
            "/sbin",
            "/etc",
        ]
        .iter()
        .any(|d| is_under(path, d))
}

pub(super) fn volume_paths(a: &Analysis, i: usize) -> Vec<String> {
    let Args::Words(words) = &a.instruction(i).args else { return Vec::new() };
    let dir = a.workdir_at(i).unwrap_or_else(|| "/".into());
    words.iter().filter_map(|w| a.expand(&w.value, i)).map(|v| join(&dir, &v)).filter(|p| p != "/").collect()
}
