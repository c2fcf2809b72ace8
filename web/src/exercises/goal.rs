//! An exercise's goal, checked with the engine: rules that must no longer fire, text the
//! Dockerfile must keep (so deleting the problem is not solving it), paths the `.dockerignore`
//! must leave out, and "the final image is distroless and runs as a non-root user".

use shipshape::dockerignore::DockerIgnore;
use shipshape::rules::nonroot;
use shipshape::semantic::{Base, Model, Os};
use shipshape::text::LineIndex;
use shipshape::{Settings, check_full, rules};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Goal {
    /// Rule selectors that must report nothing.
    pub fixed: Vec<String>,
    /// Text that must still appear in some instruction (`pip install`, `CMD`).
    pub keep: Vec<String>,
    /// Paths the `.dockerignore` must leave out of the build context.
    pub ignored: Vec<String>,
    /// The final image is distroless (or a Chainguard image) and runs as a non-root user.
    pub distroless: bool,
}

impl Goal {
    pub fn is_empty(&self) -> bool {
        self.fixed.is_empty() && self.ignored.is_empty() && !self.distroless
    }
}

/// One line of the goal's checklist.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Criterion {
    pub label: String,
    pub met: bool,
    /// What is still wrong, when it is not met.
    pub detail: Option<String>,
}

/// The checklist for a Dockerfile and its `.dockerignore`. The goal is reached when every
/// criterion is met. Pragmas (`# hadolint ignore=`) do not count: silencing a rule is not
/// fixing what it finds.
pub fn evaluate(goal: &Goal, dockerfile: &str, dockerignore: &str) -> Vec<Criterion> {
    let ignore_file = (!dockerignore.trim().is_empty()).then(|| DockerIgnore::parse(dockerignore));
    let settings = Settings {
        select: goal.fixed.clone(),
        dockerignore: ignore_file.clone(),
        disable_ignore_pragma: true,
        ..Settings::default()
    };
    let result = check_full(dockerfile, &settings);
    let lines = LineIndex::new(dockerfile);
    let file = &result.parse.file;
    let mut out = Vec::new();

    let has_from = !result.model.stages.is_empty() && result.model.stages.iter().any(|s| s.from.is_some());
    let errors = result.parse.errors.len();
    out.push(Criterion {
        label: "The Dockerfile still builds an image: it has a FROM and no syntax error".to_string(),
        met: has_from && errors == 0,
        detail: if !has_from {
            Some("There is no FROM instruction.".to_string())
        } else {
            result.parse.errors.first().map(|e| format!("Line {}: {}", lines.line(e.range.start) + 1, e.message))
        },
    });

    for selector in &goal.fixed {
        let rule = rules::find(selector);
        let label = match rule {
            Some(r) => format!("`{}` ({}) no longer fires", r.meta.name, r.meta.code),
            None => format!("`{selector}` no longer fires"),
        };
        let hit = result.diagnostics.iter().find(|d| shipshape::settings::selector_matches(selector, d.rule));
        out.push(Criterion {
            label,
            met: hit.is_none(),
            detail: hit.map(|d| format!("Line {}: {}", lines.line(d.range.start) + 1, d.message)),
        });
    }

    for text in &goal.keep {
        let kept = file.instructions.iter().any(|i| i.range.slice(dockerfile).contains(text.as_str()));
        out.push(Criterion {
            label: format!("The Dockerfile still has `{text}`"),
            met: kept,
            detail: (!kept)
                .then(|| format!("No instruction contains `{text}` any more: fix the problem, keep the step.")),
        });
    }

    for path in &goal.ignored {
        let left_out = ignore_file.as_ref().is_some_and(|f| f.is_ignored(path));
        out.push(Criterion {
            label: format!("The .dockerignore leaves out `{path}`"),
            met: left_out,
            detail: (!left_out).then(|| match ignore_file {
                None => "There is no .dockerignore yet: write one in the .dockerignore tab.".to_string(),
                Some(_) => format!("`{path}` would still be sent to the builder."),
            }),
        });
    }

    if goal.distroless {
        let (distroless, nonroot) = final_image(file, &result.model);
        out.push(Criterion {
            label: "The final image is distroless".to_string(),
            met: distroless.is_ok(),
            detail: distroless.err(),
        });
        out.push(Criterion {
            label: "The final image runs as a non-root user".to_string(),
            met: nonroot.is_ok(),
            detail: nonroot.err(),
        });
    }
    out
}

pub fn reached(criteria: &[Criterion]) -> bool {
    criteria.iter().all(|c| c.met)
}

/// Whether the final stage's image is distroless, and whether it runs as a non-root user;
/// each `Err` says why not.
fn final_image(file: &shipshape::syntax::Dockerfile, model: &Model) -> (Result<(), String>, Result<(), String>) {
    let Some(stage) = model.final_stage() else {
        return (Err("There is no stage.".to_string()), Err("There is no stage.".to_string()));
    };
    let image = model.root_image(stage.index);
    let distroless = match image {
        Some(image) if stage.os == Os::Distroless || shipshape::semantic::image::os_of(image) == Os::Distroless => {
            Ok(())
        }
        Some(image) => Err(format!(
            "The final stage runs on `{}`, which has a shell and a package manager: base it on `gcr.io/distroless/…` or `cgr.dev/chainguard/…`.",
            image.raw
        )),
        None if model.lineage(stage.index).any(|s| s.base == Base::Scratch) => Err(
            "The final stage is `scratch`: fine for a static binary, but this exercise asks for a distroless image."
                .to_string(),
        ),
        None => Err("The final stage's image is not known (a build argument without a default?).".to_string()),
    };
    let last_user = model
        .lineage(stage.index)
        .find_map(|s| s.instructions.clone().rev().find_map(|i| file.instructions.get(i).and_then(nonroot::user_of)));
    let nonroot = match last_user {
        Some(user) if nonroot::is_root(user) => Err(format!("The last USER is `{user}`.")),
        Some(_) => Ok(()),
        None if image.is_some_and(nonroot::runs_unprivileged) => Ok(()),
        None => Err(format!(
            "The final stage has no USER, and `{}` runs as root by default: add `USER 65532:65532`, or use its `:nonroot` tag.",
            image.map_or("its image", |i| i.raw.as_str())
        )),
    };
    (distroless, nonroot)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn goal(fixed: &[&str]) -> Goal {
        Goal { fixed: fixed.iter().map(|s| s.to_string()).collect(), ..Goal::default() }
    }

    #[test]
    fn rules_that_must_stop_firing() {
        let g = goal(&["DL3042"]);
        let bad = evaluate(&g, "FROM python:3.13-slim\nRUN pip install flask\n", "");
        assert!(!reached(&bad));
        assert_eq!(bad[1].label, "`pip-without-no-cache-dir` (DL3042) no longer fires");
        assert!(bad[1].detail.as_deref().unwrap().starts_with("Line 2:"));
        assert!(reached(&evaluate(&g, "FROM python:3.13-slim\nRUN pip install --no-cache-dir flask\n", "")));
        // A pragma silences the rule, but does not reach the goal.
        let silenced = "FROM python:3.13-slim\n# hadolint ignore=DL3042\nRUN pip install flask\n";
        assert!(!reached(&evaluate(&g, silenced, "")));
        // Nor does deleting everything.
        assert!(!reached(&evaluate(&g, "", "")));
        assert!(!reached(&evaluate(&g, "FROM python:3.13-slim\nRUN <<EOF\n", "")));
    }

    #[test]
    fn rules_off_by_default_are_checked_too() {
        // Goals select their rules, whatever the defaults.
        let g = goal(&["missing-user"]);
        assert!(!reached(&evaluate(&g, "FROM python:3.13-slim\nCMD [\"python\"]\n", "")));
    }

    #[test]
    fn keep_and_ignored() {
        let g =
            Goal { keep: vec!["pip install".into()], ignored: vec![".git".into(), ".env".into()], ..goal(&["DL3042"]) };
        let c = evaluate(&g, "FROM python:3.13-slim\nRUN echo hi\n", "");
        assert!(!c[2].met && !c[3].met && !c[4].met);
        assert!(c[3].detail.as_deref().unwrap().contains("no .dockerignore"));
        let c = evaluate(&g, "FROM python:3.13-slim\nRUN pip install --no-cache-dir x\n", ".git\n");
        assert!(c[2].met && c[3].met && !c[4].met);
        assert!(reached(&evaluate(&g, "FROM python:3.13-slim\nRUN pip install --no-cache-dir x\n", ".git\n.env\n")));
    }

    #[test]
    fn distroless_and_nonroot() {
        let g = Goal { distroless: true, ..Goal::default() };
        let check = |text: &str| {
            let c = evaluate(&g, text, "");
            (c[1].met, c[2].met)
        };
        assert_eq!(check("FROM python:3.13-slim\nUSER app\n"), (false, true));
        assert_eq!(check("FROM gcr.io/distroless/python3-debian12\n"), (true, false));
        assert_eq!(check("FROM gcr.io/distroless/python3-debian12:nonroot\n"), (true, true));
        assert_eq!(check("FROM gcr.io/distroless/static-debian12\nUSER 65532:65532\n"), (true, true));
        assert_eq!(check("FROM gcr.io/distroless/static-debian12:nonroot\nUSER root\n"), (true, false));
        assert_eq!(check("FROM cgr.dev/chainguard/python:latest\n"), (true, true));
        assert_eq!(check("FROM golang:1.23 AS build\nFROM build\nUSER 1000\n"), (false, true));
        let multi = "FROM python:3.13-slim AS build\nRUN pip install x\nFROM gcr.io/distroless/python3-debian12:nonroot\nCOPY --from=build /x /x\n";
        assert!(reached(&evaluate(&g, multi, "")));
        assert!(!reached(&evaluate(&g, "FROM scratch\n", "")));
        assert!(!reached(&evaluate(&g, "ARG BASE\nFROM $BASE\n", "")));
    }
}
