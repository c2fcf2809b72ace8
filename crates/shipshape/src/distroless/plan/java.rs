//! Java apps started with `java -jar`: the distroless Java runtime of the same LTS release, the jar
//! alone copied in, JVM options in JAVA_TOOL_OPTIONS.

use super::*;

impl Planner<'_, '_> {
    // ----- Java -----

    pub(super) fn java(&mut self) -> Result<(), Refusal> {
        let a = self.a;
        let range = a.launch.instructions().last().map(|&i| a.instruction(i).range);
        let lineage_version = a.root_image.as_ref().and_then(analyze::java_version);
        let builder_version =
            a.needed.iter().filter_map(|&s| a.root_image_of(s)).filter_map(analyze::java_version).max();
        let version = lineage_version.or(builder_version);
        let target = match version {
            Some(v) if v < 17 => {
                return Err(Refusal::new(
                    RefusalClass::UnsupportedVersion,
                    format!("the app runs on Java {v}, and the oldest distroless Java is 17: upgrade the app first"),
                    range,
                ));
            }
            Some(v) if v <= 17 => 17,
            Some(v) if v <= 21 => 21,
            Some(v) if v <= 25 => 25,
            Some(v) => {
                return Err(Refusal::new(
                    RefusalClass::NotPublished,
                    format!("the app runs on Java {v}, newer than the newest distroless Java (25)"),
                    range,
                ));
            }
            None => 21,
        };
        match version {
            Some(v) if v != target => self.check(format!(
                "Java {v} → {target}: distroless ships the LTS releases 17, 21 and 25; test the app on Java {target}, or keep an `eclipse-temurin:{v}-jre` runtime if you cannot move yet"
            )),
            None => self.check(format!(
                "shipshape could not read the Java version from the images; the runtime is Java {target}: check that the app runs on it"
            )),
            _ => {}
        }
        self.runtime = match self.family {
            Family::Chainguard => images::runtime(Family::Chainguard, "jre"),
            _ => images::runtime(Family::Distroless, &format!("java{target}-debian13")),
        };
        self.build_name = self.unique_build_name();
        self.copy_app_dirs = !self.lineage_builds();
        let argv = a.launch.argv();
        let Some(jar_at) = argv.iter().position(|w| w == "-jar") else {
            return Err(Refusal::new(
                RefusalClass::ConverterLimit,
                "the image starts Java with a class path and a main class; shipshape converts apps started with `java -jar app.jar`",
                range,
            ));
        };
        let Some(jar) = argv.get(jar_at + 1).cloned() else {
            return Err(Refusal::new(RefusalClass::InvalidInput, "`java -jar` has no jar", range));
        };
        if self.split {
            let command_at = a.launch.instructions().last().copied().unwrap_or(0);
            let workdir = a.workdir_at(command_at).unwrap_or_else(|| "/".into());
            let path = join(&workdir, &jar);
            if !self.copy_app_dirs {
                self.note(format!("The final stage copies the jar `{path}`, not the sources it was built from"));
            }
            self.extra_artefacts.push(path);
        }
        let runtime =
            self.runtime.ok_or_else(|| Refusal::new(RefusalClass::ConverterLimit, "no Java runtime", None))?;
        let mut argv = argv;
        argv[0] = runtime.programs.first().copied().unwrap_or("/usr/bin/java").to_string();
        self.set_launch(argv, a.launch.split());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{converted, refused};

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
    fn java_11_is_refused() {
        assert!(
            refused("FROM openjdk:11-jre\nCOPY a.jar /a.jar\nCMD [\"java\", \"-jar\", \"/a.jar\"]\n")
                .contains("Java 11")
        );
    }
}
