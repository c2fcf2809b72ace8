//! Bun apps: Oven's own distroless image (`oven/bun:<version>-distroless`, bun on Google's
//! `base-nossl-debian13`) with `--runtime distroless`, Chainguard's `bun` with `--runtime
//! chainguard`. The build stays on Oven's Debian image of the same version (an Alpine build is
//! moved there, since native addons built on musl do not load on glibc), and the final stage
//! copies the app with its node_modules.

use super::*;

impl Planner<'_, '_> {
    pub(super) fn bun(&mut self) -> Result<(), Refusal> {
        let a = self.a;
        let root = a.root_image.clone().unwrap_or_default();
        let from_range = a.root_from_range();
        if !root.is_oven_bun() {
            return Err(Refusal::new(
                RefusalClass::UnknownBase,
                format!(
                    "the app starts from {}, not from Oven's `oven/bun` image: shipshape cannot tell which bun and C library it has",
                    code(&root.raw)
                ),
                from_range,
            ));
        }
        // `1.2.19`, `1.2`, `1`, or none for `latest`, `alpine`, `slim`, `debian`.
        let tag = root.tag_or_latest().to_ascii_lowercase();
        let version = analyze::tag_version(&tag);
        let runtime = match self.family {
            Family::Chainguard => images::runtime(Family::Chainguard, "bun"),
            _ => images::runtime(Family::Upstream, "bun"),
        }
        .ok_or_else(|| Refusal::new(RefusalClass::ConverterLimit, "the image table has no Bun runtime", None))?;
        self.runtime = Some(runtime);
        self.split = true;
        self.build_name = self.unique_build_name();
        match self.family {
            Family::Chainguard => self.check(format!(
                "Chainguard's `bun:latest` follows the newest bun release{}: test the app on it",
                version.as_deref().map(|v| format!(" (your image used {v})")).unwrap_or_default()
            )),
            _ => {
                let runtime_tag = match &version {
                    Some(v) => format!("{v}-distroless"),
                    None => "distroless".to_string(),
                };
                if version.is_none() {
                    self.check(format!(
                        "{} names no bun version, and neither does `oven/bun:distroless`: both follow the newest release; name a version in both (`oven/bun:1.2`, `oven/bun:1.2-distroless`) to keep builds repeatable",
                        code(&root.raw)
                    ));
                }
                self.runtime_tag = Some(runtime_tag);
                self.note(
                    "Oven's distroless image sets no user, so it would run as root: `USER 65532:65532` runs the app as the image's `nonroot` user",
                );
            }
        }
        for s in a.needed.clone() {
            if !matches!(a.model.stages[s].base, Base::Image(_)) {
                continue;
            }
            let Some(image) = a.root_image_of(s) else { continue };
            if image.repository != "oven/bun" {
                continue;
            }
            let os = a.model.stages[s].os;
            let image_tag = image.tag_or_latest().to_ascii_lowercase();
            match self.family {
                Family::Chainguard => {
                    self.rebase(
                        s,
                        runtime.builder.unwrap_or("cgr.dev/chainguard/bun:latest-dev"),
                        "node_modules must be installed by the same bun, on the same C library, as the Chainguard runtime",
                    )?;
                    if let Some(from) = a.model.stages[s].from {
                        self.change(Change::InsertAfter { instruction: from, lines: chainguard_root() });
                    }
                }
                _ if os == Os::Alpine || image_tag.contains("alpine") => {
                    let builder = match &version {
                        Some(v) => format!("oven/bun:{v}-slim"),
                        None => "oven/bun:slim".to_string(),
                    };
                    self.rebase(
                        s,
                        &builder,
                        "native addons built on Alpine link musl, which the distroless image does not have, so the build runs on Oven's Debian image of the same bun",
                    )?;
                }
                _ => {}
            }
        }
        let installs_production = a.commands_in(&a.needed).iter().any(|(_, c)| {
            c.is("bun") && matches!(c.subcommand(), Some("install" | "i")) && c.has_any_flag(&["--production", "-p"])
        });
        if !installs_production && self.ships_installed_modules() {
            self.check(
                "node_modules may include devDependencies: install with `bun install --production` (after any build step) to ship only what runs",
            );
        }
        self.copy_app_dirs = true;
        let bun = runtime.entrypoint.first().copied().unwrap_or("/usr/local/bin/bun").to_string();
        self.interpreter = None;
        let mut argv = a.launch.argv();
        let mut split = a.launch.split();
        match argv.first().map(|p| basename(p).to_string()) {
            Some(name) if name == "bun" => argv[0] = bun,
            Some(_) => {
                argv.insert(0, bun);
                split += usize::from(split > 0);
            }
            None => return Err(Refusal::new(RefusalClass::ConverterLimit, "the image has no command", None)),
        }
        self.set_launch(argv, split);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::distroless::{Conversion, Options, RuntimeFamily, convert};

    const APP: &str = "FROM oven/bun:1.2-alpine\nWORKDIR /app\nCOPY package.json bun.lock ./\nRUN bun install --frozen-lockfile --production\nCOPY . .\nEXPOSE 3000\nCMD [\"bun\", \"run\", \"src/index.ts\"]\n";

    #[test]
    fn bun_runs_on_ovens_distroless_image_of_the_same_version() {
        let Conversion::Converted(c) = convert(APP, &Options::default()) else { panic!("refused") };
        assert!(c.dockerfile.starts_with("FROM oven/bun:1.2-slim AS build\n"), "{}", c.dockerfile);
        assert!(c.dockerfile.contains("FROM oven/bun:1.2-distroless\n"), "{}", c.dockerfile);
        assert!(c.dockerfile.contains("USER 65532:65532\n"), "{}", c.dockerfile);
        assert!(
            c.dockerfile.ends_with("ENTRYPOINT []\nCMD [\"/usr/local/bin/bun\", \"run\", \"src/index.ts\"]\n"),
            "{}",
            c.dockerfile
        );
        assert_eq!(c.image, "oven/bun:1.2-distroless");
    }

    #[test]
    fn a_build_that_relied_on_the_images_working_directory_keeps_it_on_chainguard() {
        // pinax-network/drops-miner: no WORKDIR, so oven/bun's /home/bun/app.
        let source = "FROM oven/bun:1.2\nCOPY . .\nRUN bun install\nCMD [\"bun\", \"run\", \"index.ts\"]\n";
        let options = Options { runtime: RuntimeFamily::Chainguard, ..Options::default() };
        let Conversion::Converted(c) = convert(source, &options) else { panic!("refused") };
        assert!(
            c.dockerfile.starts_with("FROM cgr.dev/chainguard/bun:latest-dev AS build\nWORKDIR /home/bun/app\n"),
            "{}",
            c.dockerfile
        );
        assert!(c.dockerfile.contains("COPY --from=build /home/bun/app /home/bun/app\n"), "{}", c.dockerfile);
    }

    #[test]
    fn a_bundle_needs_no_advice_to_install_for_production() {
        let advice = |source: &str| {
            let Conversion::Converted(c) = convert(source, &Options::default()) else { panic!("refused") };
            c.notes.iter().filter(|n| n.message.contains("devDependencies")).count()
        };
        let bundle = "FROM oven/bun:1.2 AS build\nWORKDIR /app\nCOPY . .\nRUN bun install --frozen-lockfile\nRUN bun build src/index.ts --outdir dist --target bun\n\nFROM oven/bun:1.2-slim\nWORKDIR /app\nCOPY --from=build /app/dist ./dist\nCMD [\"bun\", \"run\", \"dist/index.js\"]\n";
        assert_eq!(advice(bundle), 0);
        assert_eq!(advice(&bundle.replace("/app/dist ./dist", "/app ./")), 1);
        assert_eq!(advice(&APP.replace(" --production", "")), 1);
    }

    #[test]
    fn chainguard_has_a_bun_image_too() {
        let Conversion::Converted(c) =
            convert(APP, &Options { runtime: RuntimeFamily::Chainguard, ..Options::default() })
        else {
            panic!("refused")
        };
        assert!(c.dockerfile.contains("FROM cgr.dev/chainguard/bun:latest\n"), "{}", c.dockerfile);
        assert!(c.dockerfile.contains("CMD [\"/usr/bin/bun\", \"run\", \"src/index.ts\"]"), "{}", c.dockerfile);
    }
}
