//! What the new final stage copies from the build stage, and who owns it.

use super::*;

impl Planner<'_, '_> {
    // ----- Ownership -----

    /// Paths the app writes to in the original: given to its user (`chown`, `COPY --chown`),
    /// made writable for everyone, VOLUMEs, and, when the app ran as root, the directories the
    /// build created for data (none of the app's files are copied into them). They are copied
    /// owned by 65532.
    pub(super) fn owned_paths(&self) -> Vec<String> {
        let a = self.a;
        let copied: Vec<String> = a
            .lineage_instructions()
            .into_iter()
            .filter(|&i| matches!(a.instruction(i).kind, Kind::Copy | Kind::Add))
            .filter_map(|i| a.copy_destination(i))
            .collect();
        let workdir = a.workdir_at(a.file.instructions.len()).unwrap_or_else(|| "/".into());
        let mut owned: Vec<String> = self
            .needs
            .dirs
            .iter()
            .filter(|d| {
                d.writable
                    || (self.needs.ran_as_root()
                        && d.path != workdir
                        && !copied.iter().any(|c| is_under(c, &d.path) || is_under(&d.path, c)))
            })
            .map(|d| d.path.clone())
            .filter(|p| !p.contains('$'))
            .collect();
        owned.extend(self.script_dirs.iter().cloned());
        owned.sort();
        owned.dedup();
        owned
    }

    /// True when the final stage's lineage builds the program itself (`go build`, `cargo
    /// build`, `mvn package`): then its files are sources, and only what the build made is
    /// copied.
    pub(super) fn lineage_builds(&self) -> bool {
        let a = self.a;
        a.commands_in(&a.lineage).iter().any(|(_, c)| invocation::read(c).is_some_and(|i| i.builds()))
    }

    /// The paths the final stage copies from the build stage.
    pub(super) fn artefacts(&mut self, workdir: Option<&str>) -> Result<Vec<Artefact>, Refusal> {
        let a = self.a;
        let owned = self.owned_paths();
        let argv = a.launch.argv();
        let mut paths: Vec<String> = self.extra_artefacts.clone();
        let mut dropped_tools = Vec::new();
        // The directories the app writes to, whatever the stack; where the final stage's
        // lineage builds the program, what it copied in are sources, and only the directories
        // its RUNs made for the app count.
        let owned: Vec<String> = if self.copy_app_dirs {
            owned
        } else {
            let copied: Vec<String> = a
                .lineage_instructions()
                .into_iter()
                .filter(|&i| matches!(a.instruction(i).kind, Kind::Copy | Kind::Add))
                .filter_map(|i| a.copy_destination(i))
                .collect();
            owned.into_iter().filter(|o| !copied.iter().any(|c| is_under(c, o))).collect()
        };
        paths.extend(owned.iter().cloned());
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
                    return Err(self.refuse_at(RefusalClass::BuildChange,
                        "shipshape cannot tell where this COPY puts its files (its destination uses a variable without a value)",
                        i,
                    ));
                };
                if dest == "/" {
                    return Err(self.refuse_at(RefusalClass::BuildChange,
                        "the build copies files into `/`, so shipshape cannot tell the app's files from the base image's: copy them into a WORKDIR such as /app first",
                        i,
                    ));
                }
                if self.venv.as_deref().is_some_and(|v| is_under(&dest, v)) {
                    continue;
                }
                // The entry point script is translated, not run.
                if self.a.launch.script.as_ref().is_some_and(|s| s.origin != ScriptOrigin::Command && s.name == dest) {
                    continue;
                }
                if TOOL_DIRS.iter().any(|d| is_under(&dest, d)) {
                    // Name the files: `/bin/uv`, not `/bin`.
                    let into_dir = TOOL_DIRS.contains(&dest.as_str())
                        || matches!(&instruction.args, Args::Copy(c) if c.sources().len() > 1 || c.destination().is_some_and(|d| d.value.ends_with('/')));
                    let files: Vec<String> = match &instruction.args {
                        Args::Copy(copy) if into_dir => copy
                            .sources()
                            .iter()
                            .map(|s| join(&dest, basename(s.value.trim_end_matches('/'))))
                            .collect(),
                        _ => vec![dest],
                    };
                    for file in files {
                        // The program the image runs stays; the tools that built it do not.
                        if argv.iter().any(|w| w == &file || basename(w) == basename(&file)) {
                            paths.push(file);
                        } else {
                            dropped_tools.push(file);
                        }
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
                        if !needs::is_system_path(&path) {
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
            let is_owned = owned.iter().any(|o| is_under(path, o));
            artefacts.push(Artefact { path: path.clone(), owned: is_owned });
            // Owned directories inside a root-owned copy get their own copy.
            if !is_owned {
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
            .flat_map(|i| needs::volume_paths(a, i))
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

#[cfg(test)]
mod tests {
    use super::super::test_support::converted;

    #[test]
    fn a_directory_the_app_writes_is_copied_to_it() {
        let c = converted(
            "FROM rust:1.88-trixie AS build\nWORKDIR /src\nCOPY . .\nRUN cargo build --release\nFROM debian:trixie-slim\nRUN useradd app && mkdir -p /var/lib/app && chown app /var/lib/app\nCOPY --from=build /src/target/release/server /usr/local/bin/server\nUSER app\nCMD [\"/usr/local/bin/server\"]\n",
        );
        assert!(c.dockerfile.contains("--chown=65532:65532 /var/lib/app /var/lib/app"), "{}", c.dockerfile);
    }

    #[test]
    fn a_data_directory_of_an_image_that_ran_as_root_goes_to_the_app() {
        let c = converted(
            "FROM golang:1.24 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app .\nFROM alpine:3.22\nRUN mkdir /data\nCOPY --from=build /out/app /app\nCMD [\"/app\"]\n",
        );
        assert!(c.dockerfile.contains("--chown=65532:65532 /data /data"), "{}", c.dockerfile);
    }

    #[test]
    fn a_binary_built_in_the_final_stage_is_copied_without_its_sources() {
        let c = converted("FROM golang:1.24\nWORKDIR /src\nCOPY . .\nRUN go build -o /src/app .\nCMD [\"/src/app\"]\n");
        assert!(c.dockerfile.contains("COPY --from=build /src/app /src/app\n"), "{}", c.dockerfile);
        assert!(!c.dockerfile.contains("COPY --from=build /src /src"), "{}", c.dockerfile);
    }
}
