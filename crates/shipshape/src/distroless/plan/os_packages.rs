//! The RUN instructions of the final stage: which ones only install packages, create users or clean
//! caches (and so can go), and what the final image loses with the packages they installed.

use super::*;

impl Planner<'_, '_> {
    // ----- RUN classification and package notes -----

    pub(super) fn classify_runs(&self) -> Vec<RunFacts> {
        let a = self.a;
        a.lineage_instructions()
            .into_iter()
            .filter(|&i| a.instruction(i).kind == Kind::Run)
            .map(|at| {
                let instruction = a.instruction(at);
                let script = a.model.script(at);
                let droppable = script.is_some_and(|s| {
                    !s.commands.is_empty() && s.errors.is_empty() && s.commands.iter().all(droppable_command)
                }) && matches!(instruction.command(), Some(Command::Shell(_)))
                    && instruction.flags.iter().all(|f| f.name == "mount");
                RunFacts { at, droppable }
            })
            .collect()
    }

    /// Notes about OS packages: what the final image no longer has.
    pub(super) fn package_notes(&mut self) {
        let a = self.a;
        let mut runtime_packages: Vec<String> = Vec::new();
        for (_, command) in a.commands_in(&a.lineage) {
            let Some(pc) = package_command(command) else { continue };
            for p in pc.os_packages().iter().filter(|p| !p.is_dynamic() && !a.launch.wrappers.contains(&p.name)) {
                if !packages::is_build_only(&p.name)
                    && !packages::is_in_distroless(&p.name)
                    && !runtime_packages.contains(&p.name)
                {
                    runtime_packages.push(p.name.clone());
                }
            }
        }
        if !runtime_packages.is_empty() {
            self.check(format!(
                "{} {} installed with the package manager for run time, and the runtime image has no package manager, so the final image does not have {}: if the app needs {}, copy the files from the build stage, or choose a library that bundles {}",
                list(&runtime_packages),
                if runtime_packages.len() == 1 { "was" } else { "were" },
                if runtime_packages.len() == 1 { "it" } else { "them" },
                if runtime_packages.len() == 1 { "it" } else { "them" },
                if runtime_packages.len() == 1 { "it" } else { "them" },
            ));
        }
        if a.stack == Stack::Python || a.stack == Stack::Node {
            let mut libraries: Vec<(String, &'static str)> = Vec::new();
            for (_, command) in a.commands_in(&a.needed) {
                let Some(pc) = package_command(command) else { continue };
                for p in pc.os_packages().iter() {
                    if let Some(lib) = packages::runtime_library_of(&p.name)
                        && !libraries.iter().any(|(n, _)| *n == p.name)
                    {
                        libraries.push((p.name.clone(), lib));
                    }
                }
            }
            if !libraries.is_empty() {
                let devs: Vec<String> = libraries.iter().map(|(dev, _)| dev.clone()).collect();
                let libs: Vec<String> = libraries.iter().map(|(_, lib)| lib.to_string()).collect();
                let one = libraries.len() == 1;
                self.check(format!(
                    "The build installs {}: a package compiled from source against {} loads {} at run time, and the runtime image does not have {}. Prefer packages whose wheels bundle the library (`psycopg[binary]` rather than `psycopg2`, for example), or copy the library from the build stage",
                    list(&devs),
                    if one { "it" } else { "them" },
                    list(&libs),
                    if one { "it" } else { "them" },
                ));
            }
        }
    }
}

/// A command the runtime image has no use for: package installs, user setup, cache cleanup.
pub(super) fn droppable_command(command: &SimpleCommand) -> bool {
    if !command.redirects.is_empty() || command.in_substitution {
        return false;
    }
    if command.words.is_empty() {
        return command.assignments.is_empty();
    }
    if package_command(command).is_some() || is_user_setup(command) {
        return true;
    }
    match command.program().unwrap_or("") {
        "update-ca-certificates" | "true" | ":" | "set" => true,
        "rm" => command.positional().all(|w| {
            let v = w.value.as_str();
            v.starts_with("/var/cache/")
                || v.starts_with("/var/lib/apt/lists")
                || v.starts_with("/tmp/")
                || v.starts_with("/root/.cache")
        }),
        _ => false,
    }
}
