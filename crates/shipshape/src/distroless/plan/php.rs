//! PHP apps: Google publishes no distroless PHP, so only `--runtime chainguard` converts them,
//! onto `cgr.dev/chainguard/php` (`:latest-fpm` for PHP-FPM, `:latest` for the CLI). PHP code
//! is not compiled, so the build stays on the official image (Composer runs there as before) and
//! the final stage copies the app; what cannot move is a compiled extension, since the runtime
//! has a fixed set and no package manager, so an extension outside that set refuses the
//! conversion, naming it.

use super::*;

/// The official image's configuration directory, which Chainguard's PHP does not read.
const OFFICIAL_CONF_DIR: &str = "/usr/local/etc/php";

/// Extensions compiled into PHP itself, which every build has.
const CORE_EXTENSIONS: &[&str] = &["core", "date", "hash", "json", "pcre", "random", "reflection", "spl", "standard"];

/// True for the programs a PHP image starts.
pub(crate) fn is_php_program(program: &str) -> bool {
    let name = basename(program);
    name == "php" || name.starts_with("php-fpm") || name.starts_with("php8") || name == "apache2-foreground"
}

impl Planner<'_, '_> {
    pub(super) fn php(&mut self) -> Result<(), Refusal> {
        let a = self.a;
        let root = a.root_image.clone().unwrap_or_default();
        let from_range = a.root_from_range();
        if self.family != Family::Chainguard {
            return Err(Refusal::new(
                RefusalClass::NotPublished,
                "the app runs on PHP, and Google publishes no distroless PHP image; Chainguard does (`cgr.dev/chainguard/php`, the CLI, and `:latest-fpm` with PHP-FPM, with no shell, running as nonroot)",
                from_range,
            ));
        }
        if root.name() != "php" || root.registry_host() != "docker.io" {
            return Err(Refusal::new(
                RefusalClass::UnknownBase,
                format!(
                    "the app starts from {}, not from the official `php` image: shipshape cannot tell which PHP and extensions it has",
                    code(&root.raw)
                ),
                from_range,
            ));
        }
        let tag = root.tag_or_latest().to_ascii_lowercase();
        let argv = a.launch.argv();
        let program = argv.first().map(|p| basename(p).to_string()).unwrap_or_default();
        if tag.contains("apache") || program == "apache2-foreground" {
            return Err(Refusal::new(
                RefusalClass::BuildChange,
                "the app runs in Apache with mod_php (`php:*-apache`), and Chainguard publishes no such image: serve it with PHP-FPM (`php:*-fpm`) behind a web server of its own, then convert again",
                from_range,
            ));
        }
        let version = analyze::tag_version(&tag);
        if let (Some(major), minor) = version.as_deref().map(analyze::major_minor).unwrap_or((None, None))
            && (major < 8 || (major == 8 && minor.is_some_and(|m| m < 1)))
        {
            return Err(Refusal::new(
                RefusalClass::UnsupportedVersion,
                format!(
                    "the app runs on PHP {}, which reached its end of life and is far from Chainguard's PHP (the newest release): upgrade the app first",
                    version.clone().unwrap_or_default()
                ),
                from_range,
            ));
        }
        let fpm = program.starts_with("php-fpm");
        if !fpm && program != "php" && !program.starts_with("php8") {
            return Err(Refusal::new(
                RefusalClass::UnknownProgram,
                format!(
                    "the image starts {program} on the php image, which shipshape cannot place: it converts PHP-FPM and the PHP CLI",
                    program = code(&program)
                ),
                a.launch.instructions().last().map(|&i| a.instruction(i).range),
            ));
        }
        // The app comes from the context or a build stage; `COPY --from=composer:2` only brings a
        // tool.
        let copies_app = a.lineage_instructions().into_iter().any(|i| {
            let instruction = a.instruction(i);
            matches!(instruction.kind, Kind::Copy | Kind::Add)
                && instruction
                    .flag("from")
                    .and_then(|f| f.value.as_deref())
                    .is_none_or(|from| a.model.stage_named(from, a.final_stage).is_some())
        });
        if !copies_app || argv.iter().map(String::as_str).eq(["php", "-a"]) {
            return Err(Refusal::new(
                RefusalClass::NotAnApp,
                "the image copies no app in and runs PHP as its base image does: it is an environment whose code is mounted at run time (for development), and shipshape converts images that hold their app",
                from_range,
            ));
        }
        self.php_extensions()?;
        self.php_configuration()?;
        let runtime = if fpm {
            images::runtime_tagged(Family::Chainguard, "php", "latest-fpm")
        } else {
            images::runtime_tagged(Family::Chainguard, "php", "latest")
        }
        .ok_or_else(|| Refusal::new(RefusalClass::ConverterLimit, "the image table has no PHP runtime", None))?;
        self.runtime = Some(runtime);
        self.check(format!(
            "Chainguard's `php` follows the newest PHP release{}: test the app on it, and check that composer.json's `php` requirement allows it",
            version.map(|v| format!(" (your image used {v})")).unwrap_or_default()
        ));
        self.check(format!(
            "The runtime has only these PHP extensions besides PHP's own: {}; check that the app needs no other (composer.json's `ext-*` requirements, and those of its packages in composer.lock)",
            images::PHP_EXTENSIONS.join(", ")
        ));
        self.split = true;
        self.build_name = self.unique_build_name();
        self.copy_app_dirs = true;
        self.interpreter = None;
        let mut argv = argv;
        let mut split = a.launch.split();
        if fpm {
            // The official image's configuration keeps PHP-FPM in the foreground
            // (`daemonize = no`); the flag does the same whatever the configuration.
            argv[0] = "/usr/sbin/php-fpm".into();
            if !argv.iter().any(|w| matches!(w.as_str(), "-F" | "--nodaemonize")) {
                argv.insert(1, "--nodaemonize".into());
                split += usize::from(split >= 1);
            }
            self.note(
                "PHP-FPM runs from `/usr/sbin/php-fpm` with `--nodaemonize`, in the foreground as the official image's configuration kept it, and listens on 9000 as before",
            );
            self.check(
                "PHP-FPM's pool and logging configuration are now Chainguard's (its workers run as 65532, not www-data): check the settings you relied on (the listen address, which must accept connections from the web server's container, pm.max_children, upload limits, error_log)",
            );
        } else {
            argv[0] = "/usr/bin/php".into();
        }
        self.set_launch(argv, split);
        Ok(())
    }

    /// Refuses extensions the build adds that the Chainguard runtime does not have: they were
    /// compiled for the official image's PHP and cannot be copied into another.
    fn php_extensions(&self) -> Result<(), Refusal> {
        let a = self.a;
        let mut missing: Vec<String> = Vec::new();
        let mut at = None;
        for (i, command) in a.commands_in(&a.needed) {
            let names: Vec<String> = match command.program() {
                Some("docker-php-ext-install" | "docker-php-ext-enable" | "install-php-extensions") => command
                    .positional()
                    .map(|w| w.value.clone())
                    .filter(|w| !w.contains('$') && !w.starts_with('-'))
                    .collect(),
                Some("pecl") if command.subcommand() == Some("install") => command
                    .positional()
                    .skip(1)
                    .map(|w| w.value.split('-').next().unwrap_or(&w.value).to_string())
                    .collect(),
                _ => continue,
            };
            for name in names {
                let name = name.to_ascii_lowercase();
                let known = images::PHP_EXTENSIONS.contains(&name.as_str()) || CORE_EXTENSIONS.contains(&name.as_str());
                if !known && !missing.contains(&name) {
                    missing.push(name);
                    at.get_or_insert(i);
                }
            }
        }
        let Some(at) = at else { return Ok(()) };
        let one = missing.len() == 1;
        Err(self.refuse_at(
            RefusalClass::RunTimePackages,
            format!(
                "the build adds the PHP {} {}, which Chainguard's php image does not have ({} are all it adds to PHP), and a distroless image has no package manager to add {}: keep the official php image, or build a runtime with {} (apko, or Chainguard's custom images)",
                if one { "extension" } else { "extensions" },
                list(&missing),
                images::PHP_EXTENSIONS.join(", "),
                if one { "it" } else { "them" },
                if one { "it" } else { "them" },
            ),
            at,
        ))
    }

    /// Refuses configuration written where only the official image reads it.
    fn php_configuration(&self) -> Result<(), Refusal> {
        let a = self.a;
        for i in a.lineage_instructions() {
            if !matches!(a.instruction(i).kind, Kind::Copy | Kind::Add) {
                continue;
            }
            if let Some(dest) = a.copy_destination(i)
                && is_under(&dest, OFFICIAL_CONF_DIR)
            {
                return Err(self.refuse_at(
                    RefusalClass::BuildChange,
                    format!(
                        "the image configures PHP in {dest}, under the official image's {OFFICIAL_CONF_DIR}, which Chainguard's PHP does not read: move the settings into the app (or into the runtime's own configuration directory), then convert again",
                        dest = code(&dest)
                    ),
                    i,
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::distroless::{Conversion, Options, RefusalClass, RuntimeFamily, convert};

    fn chainguard(source: &str) -> Conversion {
        convert(source, &Options { runtime: RuntimeFamily::Chainguard, ..Options::default() })
    }

    #[test]
    fn php_fpm_without_a_command_runs_the_base_images_one() {
        let Conversion::Converted(c) = chainguard(
            "FROM php:8.3-fpm\nRUN docker-php-ext-install pdo_mysql\nCOPY --from=composer:2 /usr/bin/composer /usr/bin/composer\nCOPY . /var/www/html\nRUN composer install --no-dev --optimize-autoloader\n",
        ) else {
            panic!("refused")
        };
        assert!(c.dockerfile.contains("FROM cgr.dev/chainguard/php:latest-fpm\n"), "{}", c.dockerfile);
        assert!(c.dockerfile.contains("COPY --from=build /var/www/html /var/www/html"), "{}", c.dockerfile);
        assert!(
            c.dockerfile.ends_with("ENTRYPOINT []\nCMD [\"/usr/sbin/php-fpm\", \"--nodaemonize\"]\n"),
            "{}",
            c.dockerfile
        );
    }

    #[test]
    fn an_extension_the_runtime_lacks_is_named() {
        let Conversion::Refused(r) = chainguard(
            "FROM php:8.3-fpm\nRUN apt-get update && apt-get install -y libpng-dev && docker-php-ext-install gd pdo_mysql\nCOPY . /var/www/html\n",
        ) else {
            panic!("converted")
        };
        assert_eq!(r.class, RefusalClass::RunTimePackages);
        assert!(r.reason.contains("extension `gd`"), "{}", r.reason);
    }

    #[test]
    fn apache_with_mod_php_is_refused() {
        let Conversion::Refused(r) = chainguard("FROM php:8.3-apache\nCOPY . /var/www/html\n") else {
            panic!("converted")
        };
        assert!(r.reason.contains("mod_php"), "{}", r.reason);
    }
}
