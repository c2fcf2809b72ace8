//! Node apps: the distroless Node runtime of the same LTS line, a Debian build stage with that Node
//! major, and the script `node` runs.

use super::*;

impl Planner<'_, '_> {
    // ----- Node -----

    pub(super) fn node(&mut self) -> Result<(), Refusal> {
        let a = self.a;
        let root = a.root_image.clone().unwrap_or_default();
        let from_range = a.root_from_range();
        if root.name() != "node" || root.registry_host() != "docker.io" {
            return Err(Refusal::new(
                RefusalClass::UnknownBase,
                format!(
                    "the app starts from {}, not from the official `node` image: shipshape cannot tell which Node version and C library it has",
                    code(&root.raw)
                ),
                from_range,
            ));
        }
        let tag = root.tag_or_latest().to_ascii_lowercase();
        let version = analyze::tag_version(&tag);
        // The LTS codenames name a major; `latest`, `current` and variant-only tags (`alpine`)
        // follow the newest release.
        let codename = [("hydrogen", 18), ("iron", 20), ("jod", 22), ("krypton", 24)]
            .into_iter()
            .find(|(name, _)| tag.starts_with(name))
            .map(|(_, major)| major);
        let lts = tag.starts_with("lts").then_some(24);
        let major = version.as_deref().and_then(|v| analyze::major_minor(v).0).or(codename).or(lts);
        let guessed = version.is_none() && codename.is_none();
        let major = major.or(Some(26));
        if major.is_some_and(|m| m < 18) {
            return Err(Refusal::new(
                RefusalClass::UnsupportedVersion,
                format!(
                    "the app runs on Node {}, which reached its end of life and is far from the oldest distroless Node (22): upgrade the app first",
                    major.unwrap_or_default()
                ),
                from_range,
            ));
        }
        let target = match major {
            Some(m) if m <= 22 => 22,
            Some(m) if m <= 24 => 24,
            Some(m) if m <= 26 => 26,
            Some(m) => {
                return Err(Refusal::new(
                    RefusalClass::NotPublished,
                    format!("the app runs on Node {m}, newer than the newest distroless Node (26)"),
                    from_range,
                ));
            }
            None => 24,
        };
        let runtime = match self.family {
            Family::Chainguard => images::runtime(Family::Chainguard, "node"),
            _ => images::runtime(Family::Distroless, &format!("nodejs{target}-debian13")),
        };
        let runtime = runtime
            .ok_or_else(|| Refusal::new(RefusalClass::ConverterLimit, "the image table has no Node runtime", None))?;
        self.runtime = Some(runtime);
        match (self.family, major) {
            (Family::Distroless, _) if guessed => self.check(format!(
                "{} does not name a Node version; it stands for Node {target} today, and the build and the runtime now use Node {target}: test the app on it",
                code(&root.raw)
            )),
            (Family::Distroless, Some(m)) if m != target => self.check(format!(
                "Node {m} → {target}: distroless ships only the even (LTS) Node lines 22, 24 and 26, and native addons are built per Node major; rebuild and test the app on Node {target}, or keep a `node:{m}-slim` runtime if you cannot move yet"
            )),
            (Family::Chainguard, _) => {
                self.check("Chainguard's `node:latest` follows the newest Node release: test the app on it")
            }
            _ => {}
        }
        if let Some((range, file)) = context::node_engines(&self.options.context) {
            self.use_context_files(std::iter::once(file.clone()));
            if !context::engines_allow(&range, u64::from(target)) {
                self.check(format!(
                    "{file} asks for Node {range} (`engines.node`), and the runtime is Node {target}: widen the range once the app works on Node {target}, or keep a `node` runtime of a version it allows",
                    file = code(&file),
                    range = code(&range)
                ));
            }
        }
        self.build_name = self.unique_build_name();
        for s in a.needed.clone() {
            if !matches!(a.model.stages[s].base, Base::Image(_)) || (!self.split && a.lineage.contains(&s)) {
                continue;
            }
            let Some(image) = a.root_image_of(s) else { continue };
            if image.name() != "node" {
                continue;
            }
            let os = a.model.stages[s].os;
            let same_major =
                analyze::tag_version(image.tag_or_latest()).and_then(|v| analyze::major_minor(&v).0) == Some(target);
            let rebase = match self.family {
                Family::Chainguard => true,
                _ => os == Os::Alpine || !same_major || image_is_newer_than_trixie(image),
            };
            if rebase {
                let why = if self.family == Family::Chainguard {
                    "node_modules must be built by the same Node as the Chainguard runtime"
                } else if os == Os::Alpine {
                    "native addons built on Alpine link musl, which the distroless image does not have, so the build runs on Debian with the runtime's Node major"
                } else {
                    "the build must use the runtime's Node major, because native addons are built for one"
                };
                let builder = images::builder(runtime, Flavour::of_tag(image.tag_or_latest()))
                    .unwrap_or_else(|| format!("node:{target}-trixie-slim"));
                self.rebase(s, &builder, why)?;
                if self.family == Family::Chainguard
                    && let Some(from) = a.model.stages[s].from
                {
                    self.change(Change::InsertAfter { instruction: from, lines: chainguard_root() });
                }
            }
        }
        // Production dependencies only?
        let prunes = a.commands_in(&a.needed).iter().any(|(_, c)| {
            c.has_long_flag("omit") && c.flag_value(&["--omit"]) == Some("dev")
                || c.has_long_flag("production")
                || (c.is_any(&["npm", "pnpm"]) && c.subcommand() == Some("prune"))
                || (c.is("yarn") && c.subcommand() == Some("workspaces"))
                || c.has_long_flag("prod")
        }) || a.model.variable(a.file.instructions.len().saturating_sub(1), "NODE_ENV").as_deref()
            == Some("production");
        let prune = if a.tools.contains(&"pnpm") {
            Some("pnpm prune --prod")
        } else if a.tools.contains(&"yarn") {
            Some("yarn install --production --frozen-lockfile")
        } else if a.tools.contains(&"npm") {
            Some("npm prune --omit=dev")
        } else {
            None
        };
        if let Some(prune) = prune.filter(|_| !prunes && self.ships_installed_modules()) {
            self.check(format!(
                "node_modules may include devDependencies: add `RUN {prune}` at the end of the build stage (after any build step) to ship only what runs"
            ));
        }
        let node = runtime.entrypoint.first().copied().unwrap_or("/nodejs/bin/node").to_string();
        self.interpreter = Some(node.clone());
        let mut argv = a.launch.argv();
        let mut split = a.launch.split();
        let Some(first) = argv.first().cloned() else { return Ok(()) };
        if matches!(basename(&first), "node" | "nodejs") {
            argv[0] = node;
        } else {
            argv.insert(0, node);
            split += usize::from(split > 0);
        }
        self.set_launch(argv, split);
        Ok(())
    }

    /// True when the final image may get the `node_modules` a stage installed (npm, pnpm, yarn
    /// or bun): an install in the final stage's own lineage, whose files the conversion keeps,
    /// or a `COPY --from` of the directory an install filled. A bundle or Next.js's
    /// `standalone` output (traced to the files that run) brings none, so advice to prune
    /// would send the user after nothing. With no install at all, any modules came from the
    /// build context, where pruning helps as much.
    pub(super) fn ships_installed_modules(&self) -> bool {
        let a = self.a;
        let installs: Vec<(usize, String)> = a
            .commands_in(&a.needed)
            .into_iter()
            .filter(|(_, c)| {
                invocation::read(c)
                    .is_some_and(|i| matches!(i.tool, Tool::Npm | Tool::Pnpm | Tool::Yarn | Tool::Bun) && i.installs())
            })
            .map(|(i, _)| (i, join(&a.workdir_at(i).unwrap_or_else(|| "/".into()), "node_modules")))
            .collect();
        if installs.is_empty()
            || installs.iter().any(|(i, _)| a.model.stage_of[*i].is_some_and(|s| a.lineage.contains(&s)))
        {
            return true;
        }
        a.lineage_instructions().into_iter().any(|i| {
            let instruction = a.instruction(i);
            let Args::Copy(copy) = &instruction.args else { return false };
            if instruction.flag("from").is_none() {
                return false;
            }
            copy.sources().iter().any(|source| match a.expand(&source.value, i) {
                // Sources of `COPY --from` are read from the root of the stage they name.
                Some(value) if !value.contains(['*', '?', '[']) => {
                    let path = join("/", &value);
                    path.split('/').any(|part| part == "node_modules")
                        || installs.iter().any(|(_, modules)| is_under(modules, &path))
                }
                _ => true,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{converted, refused};

    #[test]
    fn an_entrypoint_keeps_its_split() {
        let c = converted(
            "FROM node:22-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\nENTRYPOINT [\"node\", \"cli.js\"]\nCMD [\"--help\"]\n",
        );
        assert!(
            c.dockerfile.ends_with("ENTRYPOINT [\"/nodejs/bin/node\", \"cli.js\"]\nCMD [\"--help\"]\n"),
            "{}",
            c.dockerfile
        );
    }

    const NEXT_STANDALONE: &str = "FROM node:22-slim AS builder\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\n\nFROM node:22-slim\nWORKDIR /app\nCOPY --from=builder /app/.next/standalone ./\nCOPY --from=builder /app/.next/static ./.next/static\nCMD [\"node\", \"server.js\"]\n";

    fn prune_checks(source: &str) -> usize {
        converted(source).notes.iter().filter(|n| n.message.contains("devDependencies")).count()
    }

    #[test]
    fn a_final_stage_without_the_installed_modules_gets_no_advice_to_prune_them() {
        assert_eq!(prune_checks(NEXT_STANDALONE), 0);
    }

    #[test]
    fn a_final_stage_that_copies_the_installed_modules_is_told_to_prune_them() {
        let whole_app = NEXT_STANDALONE.replace("/app/.next/standalone", "/app");
        assert_eq!(prune_checks(&whole_app), 1);
        let modules = NEXT_STANDALONE.replace("/app/.next/standalone ./", "/app/node_modules ./node_modules");
        assert_eq!(prune_checks(&modules), 1);
        let single_stage = "FROM node:22-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD [\"node\", \"server.js\"]\n";
        assert_eq!(prune_checks(single_stage), 1);
    }

    #[test]
    fn npm_start_is_refused() {
        assert!(refused("FROM node:22\nWORKDIR /app\nCOPY . .\nCMD [\"npm\", \"start\"]\n").contains("npm"));
    }
}
