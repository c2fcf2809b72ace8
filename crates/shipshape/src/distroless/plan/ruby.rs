//! Ruby apps: Google publishes no distroless Ruby, so only `--runtime chainguard` converts them,
//! onto `cgr.dev/chainguard/ruby`. The build moves to its `-dev` variant, so gems with native
//! extensions are compiled for the runtime's own Ruby; the gems live in `/usr/local/bundle`, as on
//! the official image, with bundler installed there too (the runtime image has none), and the
//! final stage copies them whole. The command runs through the runtime's `ruby`, so no script's
//! `#!` line has to find an interpreter.

use super::*;

/// Where the official `ruby` image keeps gems, bundler's configuration and gem executables; the
/// converted build and runtime keep them there too.
pub(super) const GEM_HOME: &str = "/usr/local/bundle";

/// Gems whose executables start Ruby apps (servers, job runners, task runners).
const RUBY_PROGRAMS: &[&str] =
    &["rails", "puma", "rackup", "unicorn", "thin", "falcon", "sidekiq", "rake", "hanami", "good_job", "solid_queue"];

/// True for the programs a Ruby image starts: the interpreter, bundler, a gem's executable, a
/// `.rb` script.
pub(crate) fn is_ruby_program(program: &str) -> bool {
    let name = basename(program);
    name == "ruby"
        || name.starts_with("ruby3")
        || name == "bundle"
        || name == "bundler"
        || name.ends_with(".rb")
        || RUBY_PROGRAMS.contains(&name)
}

impl Planner<'_, '_> {
    pub(super) fn ruby(&mut self) -> Result<(), Refusal> {
        let a = self.a;
        let root = a.root_image.clone().unwrap_or_default();
        let from_range = a.root_from_range();
        if self.family != Family::Chainguard {
            return Err(Refusal::new(
                RefusalClass::NotPublished,
                "the app runs on Ruby, and Google publishes no distroless Ruby image; Chainguard does (`cgr.dev/chainguard/ruby`, with no shell, running as nonroot)",
                from_range,
            ));
        }
        if root.name() != "ruby" || root.registry_host() != "docker.io" {
            return Err(Refusal::new(
                RefusalClass::UnknownBase,
                format!(
                    "the app starts from {}, not from the official `ruby` image: shipshape cannot tell which Ruby it has or where its gems live; start from `ruby:3-slim` first",
                    code(&root.raw)
                ),
                from_range,
            ));
        }
        let version = analyze::tag_version(root.tag_or_latest());
        let (major, _) = version.as_deref().map(analyze::major_minor).unwrap_or((None, None));
        if major.is_some_and(|m| m < 3) {
            return Err(Refusal::new(
                RefusalClass::UnsupportedVersion,
                format!(
                    "the app runs on Ruby {}, which reached its end of life and is far from Chainguard's Ruby (the newest release): upgrade the app first",
                    version.clone().unwrap_or_default()
                ),
                from_range,
            ));
        }
        let runtime = images::runtime(Family::Chainguard, "ruby")
            .ok_or_else(|| Refusal::new(RefusalClass::ConverterLimit, "the image table has no Ruby runtime", None))?;
        self.runtime = Some(runtime);
        self.check(format!(
            "Chainguard's `ruby:latest` follows the newest Ruby release{}: test the app on it (gems with native extensions are compiled again for it in the build stage)",
            version.map(|v| format!(" (your image used {v})")).unwrap_or_default()
        ));
        // The gems are compiled on the builder: the final stage always copies from a build stage.
        self.split = true;
        self.build_name = self.unique_build_name();
        let builder = runtime.builder.unwrap_or("cgr.dev/chainguard/ruby:latest-dev");
        let bundler = self.bundler_install();
        for s in a.needed.clone() {
            if !matches!(a.model.stages[s].base, Base::Image(_)) {
                continue;
            }
            let Some(image) = a.root_image_of(s) else { continue };
            if image.name() != "ruby" {
                continue;
            }
            self.rebase(
                s,
                builder,
                "gems with native extensions must be compiled for the Ruby of the Chainguard runtime; its `-dev` variant has a shell, compilers and bundler",
            )?;
            if let Some(from) = a.model.stages[s].from {
                let mut lines = chainguard_root();
                lines.push(
                    "# Gems go where the official ruby image keeps them, with a bundler of their own, since".into(),
                );
                lines.push("# the runtime image has no bundler.".into());
                lines.extend(gem_env(a.file.escape));
                lines.push(bundler.clone());
                self.change(Change::InsertAfter { instruction: from, lines });
            }
        }
        self.note(format!(
            "The gems and bundler live in {GEM_HOME}, as on the official ruby image: the final stage copies them whole and sets GEM_HOME, BUNDLE_APP_CONFIG and PATH as that image did"
        ));
        self.final_env = gem_env(a.file.escape);
        self.extra_artefacts.push(GEM_HOME.to_string());
        self.copy_app_dirs = true;
        self.interpreter = Some("/usr/bin/ruby".into());
        self.ruby_launch()
    }

    /// `RUN gem install bundler`, at the version `Gemfile.lock` was bundled with when the
    /// context has it.
    fn bundler_install(&mut self) -> String {
        match context::bundled_with(&self.options.context) {
            Some((version, file)) => {
                self.use_context_files(std::iter::once(file));
                format!("RUN gem install --no-document bundler -v {version}")
            }
            None => "RUN gem install --no-document bundler".to_string(),
        }
    }

    /// The command, run by the runtime's `ruby`: `bundle exec puma` becomes
    /// `ruby /usr/local/bundle/bin/bundle exec puma`.
    fn ruby_launch(&mut self) -> Result<(), Refusal> {
        let a = self.a;
        let range = a.launch.instructions().last().map(|&i| a.instruction(i).range);
        let mut argv = a.launch.argv();
        let mut split = a.launch.split();
        let Some(first) = argv.first().cloned() else {
            return Err(Refusal::new(RefusalClass::ConverterLimit, "the image has no command", range));
        };
        let name = basename(&first).to_string();
        let ruby = "/usr/bin/ruby".to_string();
        if name == "ruby" || name.starts_with("ruby3") {
            argv[0] = ruby;
        } else {
            let script = if first.contains('/') {
                // An executable of the app's own (`bin/rails`) or of the gems.
                first.clone()
            } else {
                let script = format!("{GEM_HOME}/bin/{}", if name == "bundler" { "bundle" } else { &name });
                if !matches!(name.as_str(), "bundle" | "bundler") && !RUBY_PROGRAMS.contains(&name.as_str()) {
                    self.check(format!(
                        "{name} is taken to be the executable of a gem installed into {GEM_HOME}: check that the Gemfile has it",
                        name = code(&name)
                    ));
                }
                script
            };
            if name.ends_with(".rb") || first.contains('/') || script.starts_with(GEM_HOME) {
                argv[0] = script;
                argv.insert(0, ruby);
                split += usize::from(split > 0);
                self.note(format!(
                    "{first} runs through `/usr/bin/ruby`, so its `#!` line does not have to find an interpreter in an image that has no `env`",
                    first = code(&first)
                ));
            }
        }
        if argv.iter().any(|w| basename(w) == "rails") {
            self.check(
                "Rails writes tmp/ (pid files, caches) and log/ in the app directory at run time, and the app's files are owned by root: copy those directories with `--chown=65532:65532`, or point them elsewhere (`PIDFILE`, `RAILS_LOG_TO_STDOUT`)",
            );
        }
        self.set_launch(argv, split);
        Ok(())
    }
}

/// The official ruby image's gem settings, as ENV lines in the file's escape character.
fn gem_env(escape: char) -> Vec<String> {
    vec![
        format!("ENV GEM_HOME={GEM_HOME} {escape}"),
        format!("    BUNDLE_APP_CONFIG={GEM_HOME} {escape}"),
        format!("    PATH={GEM_HOME}/bin:$PATH"),
    ]
}

#[cfg(test)]
mod tests {
    use crate::distroless::{Conversion, Options, RefusalClass, RuntimeFamily, convert};

    fn chainguard(source: &str) -> Conversion {
        convert(source, &Options { runtime: RuntimeFamily::Chainguard, ..Options::default() })
    }

    const SINATRA: &str = "FROM ruby:3.3-slim\nWORKDIR /app\nCOPY Gemfile Gemfile.lock ./\nRUN bundle install\nCOPY . .\nEXPOSE 4567\nCMD [\"bundle\", \"exec\", \"ruby\", \"app.rb\", \"-o\", \"0.0.0.0\"]\n";

    #[test]
    fn a_bundled_app_runs_on_chainguard_ruby() {
        let Conversion::Converted(c) = chainguard(SINATRA) else { panic!("refused") };
        assert!(c.dockerfile.starts_with("FROM cgr.dev/chainguard/ruby:latest-dev AS build\n"), "{}", c.dockerfile);
        assert!(c.dockerfile.contains("RUN gem install --no-document bundler\n"), "{}", c.dockerfile);
        assert!(c.dockerfile.contains("FROM cgr.dev/chainguard/ruby:latest\n"), "{}", c.dockerfile);
        assert!(c.dockerfile.contains("COPY --from=build /usr/local/bundle /usr/local/bundle"), "{}", c.dockerfile);
        assert!(
            c.dockerfile.ends_with(
                "ENTRYPOINT []\nCMD [\"/usr/bin/ruby\", \"/usr/local/bundle/bin/bundle\", \"exec\", \"ruby\", \"app.rb\", \"-o\", \"0.0.0.0\"]\n"
            ),
            "{}",
            c.dockerfile
        );
    }

    #[test]
    fn distroless_refuses_with_the_chainguard_remedy() {
        let Conversion::Refused(r) = convert(SINATRA, &Options::default()) else { panic!("converted") };
        assert_eq!(r.class, RefusalClass::NotPublished);
        assert!(
            r.reason.contains("no distroless Ruby") && r.reason.ends_with("`--runtime chainguard` converts this file"),
            "{}",
            r.reason
        );
    }

    #[test]
    fn ruby_2_is_refused() {
        let Conversion::Refused(r) =
            chainguard("FROM ruby:2.7\nWORKDIR /app\nCOPY . .\nRUN bundle install\nCMD [\"ruby\", \"app.rb\"]\n")
        else {
            panic!("converted")
        };
        assert_eq!(r.class, RefusalClass::UnsupportedVersion, "{}", r.reason);
    }
}
