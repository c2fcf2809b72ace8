//! Java apps: the distroless Java runtime of the same LTS release (Google publishes 17, 21 and
//! 25; Microsoft's distroless OpenJDK image runs Java 8 and 11), started as the original started
//! it: `java -jar app.jar` (the jar alone copied in, or the whole `quarkus-app` directory a
//! Quarkus fast-jar needs), `java -cp … Main` and Spring Boot's `JarLauncher` over extracted
//! layers (the class path copied in), or a base image's start script (`run-java.sh`), replaced
//! by the `java` command it runs, with its JVM options in `JAVA_TOOL_OPTIONS`.

use super::*;
use crate::distroless::images::JvmLauncher;

/// How `java` finds the app.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum JavaShape {
    /// `java -jar app.jar`.
    Jar(String),
    /// `java -cp a:b/* Main`, or `java Main` with the working directory (or `CLASSPATH`) as the
    /// class path; the entries as written.
    ClassPath { entries: Vec<String>, main: String },
    /// `java -m module/Main` on a module path.
    Module,
}

/// JVM options that take their value as the next word.
const JAVA_WITH_VALUE: &[&str] =
    &["--add-opens", "--add-exports", "--add-reads", "--add-modules", "--limit-modules", "-p", "--module-path"];

/// Reads how a `java` command line finds the app (`argv[0]` is `java`).
pub(super) fn java_shape(argv: &[String], classpath_env: Option<&str>) -> Option<JavaShape> {
    let mut classpath: Option<String> = None;
    let mut k = 1;
    while let Some(word) = argv.get(k) {
        match word.as_str() {
            "-jar" => return argv.get(k + 1).map(|jar| JavaShape::Jar(jar.clone())),
            "-m" | "--module" => return Some(JavaShape::Module),
            "-cp" | "-classpath" | "--class-path" => {
                classpath = argv.get(k + 1).cloned();
                k += 2;
                continue;
            }
            w if w.starts_with("--class-path=") => classpath = Some(w["--class-path=".len()..].to_string()),
            w if w.starts_with("--module=") => return Some(JavaShape::Module),
            w if JAVA_WITH_VALUE.contains(&w) => {
                k += 2;
                continue;
            }
            w if w.starts_with('-') => {}
            main => {
                let classpath = classpath.or_else(|| classpath_env.map(str::to_string)).unwrap_or_else(|| ".".into());
                let entries = classpath.split(':').filter(|e| !e.is_empty()).map(str::to_string).collect();
                return Some(JavaShape::ClassPath { entries, main: main.to_string() });
            }
        }
        k += 1;
    }
    None
}

/// The directory or file a class path entry names: `lib/*` is `lib`.
fn classpath_path(entry: &str) -> &str {
    let entry = entry.strip_suffix("/*").or_else(|| entry.strip_suffix('*')).unwrap_or(entry);
    if entry.is_empty() { "." } else { entry }
}

impl Planner<'_, '_> {
    // ----- Java -----

    pub(super) fn java(&mut self) -> Result<(), Refusal> {
        let a = self.a;
        let range = a.launch.instructions().last().map(|&i| a.instruction(i).range);
        let lineage_version = a.root_image.as_ref().and_then(analyze::java_version);
        let builder_version =
            a.needed.iter().filter_map(|&s| a.root_image_of(s)).filter_map(analyze::java_version).max();
        let version = lineage_version.or(builder_version);
        let runtime = self.java_runtime(version, range)?;
        self.runtime = Some(runtime);
        self.build_name = self.unique_build_name();
        self.copy_app_dirs = !self.lineage_builds();
        let (mut argv, split) = match a.launch.jvm_launcher {
            Some(launcher) => self.launcher_command(launcher, range)?,
            None => (a.launch.argv(), a.launch.split()),
        };
        let last = a.file.instructions.len();
        let classpath_env = a.model.variable(last, "CLASSPATH");
        let command_at = a.launch.instructions().last().copied().unwrap_or(0);
        let workdir = self.start_dir.clone().or_else(|| a.workdir_at(command_at)).unwrap_or_else(|| "/".into());
        match java_shape(&argv, classpath_env.as_deref()) {
            Some(JavaShape::Jar(jar)) => {
                let path = join(&workdir, &jar);
                if basename(&path) == "quarkus-run.jar" {
                    // A Quarkus fast-jar: the jar is a launcher for `lib/`, `app/` and `quarkus/`.
                    let dir = path.rsplit_once('/').map_or("/".to_string(), |(d, _)| d.to_string());
                    if self.split && !self.copy_app_dirs {
                        self.note(format!(
                            "`quarkus-run.jar` is a Quarkus fast-jar, which loads the app from `lib/`, `app/` and `quarkus/` beside it: the final stage copies the whole {dir}, not the sources it was built from",
                            dir = code(&dir)
                        ));
                    }
                    if self.split {
                        self.extra_artefacts.push(if dir.is_empty() { "/".into() } else { dir });
                    }
                } else if self.split {
                    if !self.copy_app_dirs {
                        self.note(format!(
                            "The final stage copies the jar {path}, not the sources it was built from",
                            path = code(&path)
                        ));
                    }
                    self.extra_artefacts.push(path);
                }
            }
            Some(JavaShape::ClassPath { entries, main }) => {
                if self.split && !self.copy_app_dirs {
                    let paths: Vec<String> = dedup(entries.iter().map(|e| join(&workdir, classpath_path(e))).collect());
                    if paths.iter().any(|p| p == "/") {
                        return Err(Refusal::new(
                            RefusalClass::BuildChange,
                            "the class path includes `/`, the whole file system: put the app's classes and jars in a directory of their own and name it in `-cp`, then convert again",
                            range,
                        ));
                    }
                    self.note(format!(
                        "The final stage copies the class path of {main} ({}), not the sources it was built from",
                        list(&paths),
                        main = code(&main)
                    ));
                    self.extra_artefacts.extend(paths);
                }
                if main.starts_with("org.springframework.boot.loader") {
                    self.note(format!(
                        "Spring Boot's {} starts the app from the layers extracted into {workdir}, which stays the working directory",
                        code(main.rsplit('.').next().unwrap_or(&main))
                    ));
                }
            }
            Some(JavaShape::Module) => {
                return Err(Refusal::new(
                    RefusalClass::ConverterLimit,
                    "the image starts a Java module (`java -m`): shipshape converts apps started with `java -jar` or a class path; convert it by hand, copying the module path into the final stage",
                    range,
                ));
            }
            None => {
                return Err(Refusal::new(
                    RefusalClass::InvalidInput,
                    "the `java` command names no jar and no main class",
                    range,
                ));
            }
        }
        argv[0] = runtime.programs.first().copied().unwrap_or("/usr/bin/java").to_string();
        self.set_launch(argv, split);
        Ok(())
    }

    /// The Java runtime image for the app's Java version, with the notes on what changes.
    fn java_runtime(&mut self, version: Option<u32>, range: Option<TextRange>) -> Result<&'static ImageFacts, Refusal> {
        if self.family == Family::Chainguard {
            self.check(format!(
                "Chainguard's `jre:latest` follows the newest Java release{}: test the app on it",
                version.map(|v| format!(" (your image used Java {v})")).unwrap_or_default()
            ));
            return images::runtime(Family::Chainguard, "jre")
                .ok_or_else(|| Refusal::new(RefusalClass::ConverterLimit, "no Java runtime", None));
        }
        // Google publishes the LTS releases from 17 on; Microsoft's distroless OpenJDK the older.
        let microsoft = |v: u32| images::microsoft_openjdk(v);
        let (target, runtime) = match version {
            Some(v) if v <= 8 => (8, microsoft(8)),
            Some(v) if v <= 11 => (11, microsoft(11)),
            Some(v) if v <= 17 => (17, images::runtime(Family::Distroless, "java17-debian13")),
            Some(v) if v <= 21 => (21, images::runtime(Family::Distroless, "java21-debian13")),
            Some(v) if v <= 25 => (25, images::runtime(Family::Distroless, "java25-debian13")),
            Some(v) => {
                return Err(Refusal::new(
                    RefusalClass::NotPublished,
                    format!("the app runs on Java {v}, newer than the newest distroless Java (25)"),
                    range,
                ));
            }
            None => (21, images::runtime(Family::Distroless, "java21-debian13")),
        };
        let runtime = runtime.ok_or_else(|| Refusal::new(RefusalClass::ConverterLimit, "no Java runtime", None))?;
        match version {
            Some(v) if v != target => self.check(format!(
                "Java {v} → {target}: the distroless Java images are the LTS releases (8 and 11 from Microsoft, 17, 21 and 25 from Google); test the app on Java {target}, or keep an `eclipse-temurin:{v}-jre` runtime if you cannot move yet"
            )),
            None => self.check(format!(
                "shipshape could not read the Java version from the images; the runtime is Java {target}: check that the app runs on it"
            )),
            _ => {}
        }
        if runtime.family == Family::Microsoft {
            self.note(format!(
                "Google's distroless ships Java 17, 21 and 25 only: Java {target} runs on Microsoft's distroless image {} (Azure Linux, no shell, no package manager), a full JDK in /usr/jdk, as its `app` user (uid 101)",
                code(&runtime.reference())
            ));
            self.check(format!(
                "Java {target} is an old release: once the app runs on Java 17 or later, Google's distroless Java images (`java17-debian13` and newer), which hold a JRE only, are smaller; plan the upgrade"
            ));
        }
        Ok(runtime)
    }

    /// The `java` command a base image's start script runs, from the environment the file sets:
    /// the jar (`JAVA_APP_JAR`) or main class (`JAVA_MAIN_CLASS`, `JAVA_CLASSPATH`) in the app
    /// directory (`JAVA_APP_DIR`), with the script's JVM options (`JAVA_OPTS`, or its defaults and
    /// `JAVA_OPTS_APPEND`) in `JAVA_TOOL_OPTIONS`. Returns the command and how many of its words
    /// come from ENTRYPOINT.
    fn launcher_command(
        &mut self,
        launcher: &'static JvmLauncher,
        range: Option<TextRange>,
    ) -> Result<(Vec<String>, usize), Refusal> {
        let a = self.a;
        let last = a.file.instructions.len();
        let env = |name: &str| {
            a.model.variable(last, name).map(|v| a.expand(&v, last).unwrap_or(v)).filter(|v| !v.trim().is_empty())
        };
        let script = launcher.script.rsplit('/').next().unwrap_or(launcher.script);
        let app_dir = env("JAVA_APP_DIR").unwrap_or_else(|| launcher.app_dir.to_string());
        let mut options: Vec<String> = match env("JAVA_OPTS").or_else(|| env("JAVA_OPTIONS")) {
            Some(options) => options.split_whitespace().map(str::to_string).collect(),
            None => {
                let mut options: Vec<String> = launcher.default_options.iter().map(|o| o.to_string()).collect();
                if let Some(ratio) = env("JAVA_MAX_MEM_RATIO") {
                    let whole = ratio.split('.').next().unwrap_or("").to_string();
                    options.retain(|o| !o.starts_with("-XX:MaxRAMPercentage="));
                    if whole != "0" {
                        options.insert(0, format!("-XX:MaxRAMPercentage={whole}.0"));
                    }
                }
                if let Some(gc) = env("GC_CONTAINER_OPTIONS") {
                    options.retain(|o| o != "-XX:+UseParallelGC");
                    options.extend(gc.split_whitespace().map(str::to_string));
                }
                options.extend(env("JAVA_OPTS_APPEND").iter().flat_map(|o| o.split_whitespace().map(str::to_string)));
                options
            }
        };
        if let Some(dynamic) = options.iter().find(|o| o.contains('$')) {
            return Err(Refusal::new(
                RefusalClass::NeedsShell,
                format!(
                    "the JVM options for {script} use {dynamic}, a variable the script expands at start-up; `JAVA_TOOL_OPTIONS` is not expanded: write the value out, then convert again",
                    script = code(script),
                    dynamic = code(dynamic)
                ),
                range,
            ));
        }
        options.retain(|o| !o.is_empty());
        let target: Vec<String> = match (env("JAVA_MAIN_CLASS"), env("JAVA_APP_JAR")) {
            (Some(main), _) => {
                let classpath = match env("JAVA_CLASSPATH") {
                    Some(classpath) => classpath,
                    None => {
                        self.check(format!(
                            "{script} put `{app_dir}/*` on the class path of {main} unless `{app_dir}/classpath` listed it: check that the app's jars are there",
                            script = code(script),
                            main = code(&main)
                        ));
                        format!(".:{app_dir}/*")
                    }
                };
                vec!["-cp".into(), classpath, main]
            }
            (None, Some(jar)) => vec!["-jar".into(), jar],
            (None, None) => {
                // The script runs the one jar in the app directory.
                let jars: Vec<String> = a
                    .lineage_instructions()
                    .into_iter()
                    .filter(|&i| matches!(a.instruction(i).kind, Kind::Copy | Kind::Add))
                    .filter_map(|i| {
                        let Args::Copy(copy) = &a.instruction(i).args else { return None };
                        let dest = a.copy_destination(i)?;
                        let jars: Vec<String> = copy
                            .sources()
                            .iter()
                            .filter(|s| s.value.ends_with(".jar") && !s.value.contains(['*', '?', '$']))
                            .map(|s| {
                                let into_dir = dest.ends_with('/')
                                    || copy.destination().is_some_and(|d| d.value.ends_with('/'))
                                    || dest == app_dir;
                                if into_dir { join(&dest, basename(&s.value)) } else { dest.clone() }
                            })
                            .collect();
                        Some(jars)
                    })
                    .flatten()
                    .filter(|jar| jar.rsplit_once('/').is_some_and(|(dir, _)| dir == app_dir))
                    .collect();
                match jars.as_slice() {
                    [jar] => {
                        self.check(format!(
                            "{script} ran the only jar it found in {app_dir}; the command names it, {jar}: check that it is the app",
                            script = code(script),
                            jar = code(jar)
                        ));
                        vec!["-jar".into(), jar.clone()]
                    }
                    _ => {
                        return Err(Refusal::new(
                            RefusalClass::BuildChange,
                            format!(
                                "the image starts {script}, which looks for the app's jar in {app_dir} at start-up, and shipshape cannot tell which jar that is: set `JAVA_APP_JAR` (or `JAVA_MAIN_CLASS`) in the Dockerfile, then convert again",
                                script = code(script)
                            ),
                            range,
                        ));
                    }
                }
            }
        };
        // The script's own words are gone; its arguments (CMD) stay arguments.
        let original = a.launch.argv();
        let entry_words = a.launch.split();
        let mut argv = vec!["java".to_string()];
        argv.extend(target.iter().cloned());
        let split = if entry_words > 0 { argv.len() + entry_words - 1 } else { 0 };
        argv.extend(original.iter().skip(1).cloned());
        if !options.is_empty() {
            let value = options.join(" ");
            self.final_env.push(format!("ENV JAVA_TOOL_OPTIONS={}", quote(&value)));
        }
        self.start_dir = Some(app_dir.clone());
        self.note(format!(
            "{script}, the start script of {}, needs a shell: the image runs the command it ran, `java {}`, in {app_dir}, with the JVM options it added ({}) in `JAVA_TOOL_OPTIONS`",
            code(&a.root_image.as_ref().map(|i| i.raw.clone()).unwrap_or_default()),
            target.join(" "),
            if options.is_empty() { "none".to_string() } else { options.join(" ") },
            script = code(script)
        ));
        let read: Vec<String> = launcher.reads.iter().map(|v| v.to_string()).collect();
        self.check(format!(
            "{script} read {} when the container started, and `java` does not: what you set with `docker run -e` (or in Kubernetes) must now go into `JAVA_TOOL_OPTIONS`, which replaces the image's value, so repeat the options above you want to keep",
            list(&read),
            script = code(script)
        ));
        Ok((argv, split))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::distroless::plan::test_support::{converted, refused};

    fn words(s: &str) -> Vec<String> {
        s.split(' ').map(str::to_string).collect()
    }

    #[test]
    fn reads_how_java_finds_the_app() {
        assert_eq!(
            java_shape(&words("java -Xmx1g -jar /app/app.jar --port 80"), None),
            Some(JavaShape::Jar("/app/app.jar".into()))
        );
        assert_eq!(
            java_shape(&words("java -cp app:app/lib/* hello.Application"), None),
            Some(JavaShape::ClassPath {
                entries: vec!["app".into(), "app/lib/*".into()],
                main: "hello.Application".into()
            })
        );
        assert_eq!(
            java_shape(
                &words(
                    "java --add-opens java.base/java.lang=ALL-UNNAMED org.springframework.boot.loader.launch.JarLauncher"
                ),
                None
            ),
            Some(JavaShape::ClassPath {
                entries: vec![".".into()],
                main: "org.springframework.boot.loader.launch.JarLauncher".into()
            })
        );
        assert_eq!(java_shape(&words("java -m app/app.Main"), None), Some(JavaShape::Module));
        assert_eq!(classpath_path("lib/*"), "lib");
        assert_eq!(classpath_path("*"), ".");
    }

    #[test]
    fn jvm_options_stay_in_the_command() {
        let c = converted(
            "FROM eclipse-temurin:21-jre\nCOPY app.jar /app/app.jar\nENTRYPOINT [\"java\", \"-Xmx512m\", \"-jar\", \"/app/app.jar\"]\n",
        );
        assert!(
            c.dockerfile.contains("ENTRYPOINT [\"/usr/bin/java\", \"-Xmx512m\", \"-jar\", \"/app/app.jar\"]"),
            "{}",
            c.dockerfile
        );
    }

    #[test]
    fn java_11_runs_on_microsofts_distroless_openjdk() {
        let c = converted("FROM openjdk:11-jre\nCOPY a.jar /a.jar\nCMD [\"java\", \"-jar\", \"/a.jar\"]\n");
        assert!(c.dockerfile.contains("FROM mcr.microsoft.com/openjdk/jdk:11-distroless\n"), "{}", c.dockerfile);
        assert!(
            c.dockerfile.contains("USER 101:101\nENTRYPOINT []\nCMD [\"/usr/jdk/bin/java\", \"-jar\", \"/a.jar\"]"),
            "{}",
            c.dockerfile
        );
        assert!(
            refused("FROM eclipse-temurin:26\nCOPY a.jar /a.jar\nCMD [\"java\", \"-jar\", \"/a.jar\"]\n")
                .contains("Java 26")
        );
    }

    #[test]
    fn a_class_path_built_in_the_final_stage_is_copied() {
        let c = converted(
            "FROM maven:3.9-eclipse-temurin-21\nWORKDIR /src\nCOPY . .\nRUN mvn -B package dependency:copy-dependencies -DoutputDirectory=target/lib\nCMD [\"java\", \"-cp\", \"target/classes:target/lib/*\", \"com.example.Main\"]\n",
        );
        assert!(c.dockerfile.contains("COPY --from=build /src/target/classes /src/target/classes\nCOPY --from=build /src/target/lib /src/target/lib\n"), "{}", c.dockerfile);
        assert!(
            c.dockerfile
                .ends_with("CMD [\"/usr/bin/java\", \"-cp\", \"target/classes:target/lib/*\", \"com.example.Main\"]\n"),
            "{}",
            c.dockerfile
        );
    }

    #[test]
    fn a_quarkus_fast_jar_is_copied_whole() {
        let c = converted(
            "FROM maven:3.9-eclipse-temurin-21\nWORKDIR /src\nCOPY . .\nRUN mvn -B package -DskipTests\nCMD [\"java\", \"-jar\", \"target/quarkus-app/quarkus-run.jar\"]\n",
        );
        assert!(
            c.dockerfile.contains("COPY --from=build /src/target/quarkus-app /src/target/quarkus-app\n"),
            "{}",
            c.dockerfile
        );
    }
}
