//! The OS packages of the final image: which RUNs only install packages, create users or clean
//! caches (and so can go), what the image cannot have without a package manager (programs an
//! app may run, packages shipshape does not know: refused with a remedy), and what it loses on
//! purpose (tools for people inside the container).

use super::*;

impl Planner<'_, '_> {
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

    /// Refuses what the final image needs and a distroless image cannot have: programs an app
    /// runs, packages shipshape does not know, packages named by a variable.
    pub(super) fn refuse_unmet_packages(&self) -> Result<(), Refusal> {
        let needs = self.needs;
        if let Some((word, at)) = needs.unknown_installs.first() {
            return Err(self.refuse_at(RefusalClass::RunTimePackages,
                format!(
                    "the final stage installs the packages in {word}, a variable, for run time: shipshape cannot tell what they are or whether the app needs them, and the runtime image has no package manager; list them literally so each one can be checked",
                    word = code(word)
                ),
                *at,
            ));
        }
        // The libraries a program links are found with ldd on it, whichever package they are in.
        let scans_binary = matches!(self.library_scan, Some(libraries::LibraryScan::Binary(_)));
        let programs: Vec<&needs::Installed> = needs
            .programs()
            .into_iter()
            .filter(|p| !(scans_binary && p.role.is_none() && packages::looks_like_library(&p.name, p.distro)))
            .collect();
        let (known, unknown): (Vec<&needs::Installed>, Vec<&needs::Installed>) =
            programs.into_iter().partition(|p| p.role.is_some());
        if let Some(first) = known.first() {
            let names: Vec<String> = known.iter().map(|p| p.name.clone()).collect();
            let one = names.len() == 1;
            return Err(self.refuse_at(RefusalClass::RunTimePackages,
                format!(
                    "the final stage installs {}, {} apps run at run time, and a distroless image has no package manager to add {}: if the app runs {}, keep a slim base image; if it does not, remove {} from the final stage and convert again",
                    list(&names),
                    if one { "a program" } else { "programs" },
                    if one { "it" } else { "them" },
                    if one { "it" } else { "them" },
                    if one { "it" } else { "them" },
                ),
                first.at,
            ));
        }
        if let Some(first) = unknown.first() {
            let names: Vec<String> = unknown.iter().map(|p| p.name.clone()).collect();
            let one = names.len() == 1;
            return Err(self.refuse_at(RefusalClass::RunTimePackages,
                format!(
                    "the final stage installs {}, which shipshape does not know: it cannot tell whether the app needs {} at run time, and the runtime image has no package manager to install {}; if the app does not need {}, move the install into a build stage (or remove it) and convert again",
                    list(&names),
                    if one { "it" } else { "them" },
                    if one { "it" } else { "them" },
                    if one { "it" } else { "them" },
                ),
                first.at,
            ));
        }
        Ok(())
    }

    /// Notes about the packages the final image no longer has on purpose.
    pub(super) fn package_notes(&mut self) {
        let mut tools: Vec<String> = Vec::new();
        for p in &self.needs.installed {
            if p.role == Some(packages::Role::Program { apps_run_it: false }) && !tools.contains(&p.name) {
                tools.push(p.name.clone());
            }
        }
        if !tools.is_empty() {
            let one = tools.len() == 1;
            self.note(format!(
                "{} {} installed for people and scripts inside the container, and the final image does not have {}: there is no shell to `docker exec` into either; use `docker debug`, or the runtime image's `:debug` variant, when you need to look inside",
                list(&tools),
                if one { "was" } else { "were" },
                if one { "it" } else { "them" },
            ));
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

#[cfg(test)]
mod tests {
    use crate::distroless::{Conversion, Options, convert};

    fn refusal(source: &str) -> String {
        match convert(source, &Options::default()) {
            Conversion::Refused(r) => r.reason,
            Conversion::Converted(c) => panic!("converted:\n{}", c.dockerfile),
        }
    }

    #[test]
    fn a_program_the_app_runs_is_refused_with_a_remedy() {
        let reason = refusal(
            "FROM golang:1.24 AS build\nRUN go build -o /out/app .\nFROM debian:trixie-slim\nRUN apt-get update && apt-get install -y --no-install-recommends git ca-certificates && rm -rf /var/lib/apt/lists/*\nCOPY --from=build /out/app /usr/local/bin/app\nCMD [\"/usr/local/bin/app\"]\n",
        );
        assert!(reason.contains("`git`, a program apps run") && reason.contains("keep a slim base"), "{reason}");
    }

    #[test]
    fn an_unknown_package_counts_as_needed() {
        let reason = refusal(
            "FROM python:3.13-slim\nRUN apt-get update && apt-get install -y --no-install-recommends libfoo-bar && rm -rf /var/lib/apt/lists/*\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\nCMD [\"python\", \"app.py\"]\n",
        );
        assert!(reason.contains("`libfoo-bar`, which shipshape does not know"), "{reason}");
        let reason = refusal(
            "FROM alpine:3.22 AS base\nFROM golang:1.24 AS build\nRUN go build -o /out/app .\nFROM alpine:3.22\nRUN apk add --no-cache $RUNTIME_DEPS\nCOPY --from=build /out/app /app\nCMD [\"/app\"]\n",
        );
        assert!(reason.contains("`$RUNTIME_DEPS`, a variable"), "{reason}");
    }
}
