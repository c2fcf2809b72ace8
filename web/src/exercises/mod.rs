//! Workshop exercises: a course is a list of exercises, each a story, a starting Dockerfile, a
//! goal the engine checks, hints and a model solution.
//!
//! The default course is `web/exercises/*.toml` (one exercise per file, in file-name order),
//! compiled into the page. An instructor's course is one TOML file with `[[exercise]]`
//! tables, handed out as a link: `#course=<the file, compressed like share links>`.
//! `docs/exercises.md` describes the format.

pub mod goal;
pub mod progress;
pub mod toml;
pub mod view;

use shipshape::rules::selector_is_unknown;

use self::goal::Goal;
use self::toml::{Table, Value};

/// The fragment key of a shared course.
pub const COURSE_KEY: &str = "course";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Course {
    pub title: String,
    pub description: String,
    pub exercises: Vec<Exercise>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exercise {
    /// Unique in the course: lower-case letters, digits and `-`.
    pub id: String,
    pub title: String,
    /// The situation, in a few sentences (Markdown: paragraphs and `code`).
    pub story: String,
    /// Why the practice matters: shown when the goal is reached.
    pub why: String,
    /// Revealed one at a time.
    pub hints: Vec<String>,
    pub start: Files,
    pub solution: Files,
    pub goal: Goal,
}

/// A Dockerfile and the `.dockerignore` beside it (empty: none).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Files {
    pub dockerfile: String,
    pub dockerignore: String,
}

/// The default course, one file per exercise, in this order.
pub const DEFAULT_FILES: &[(&str, &str)] = &[
    ("01-nonroot.toml", include_str!("../../exercises/01-nonroot.toml")),
    ("02-package-caches.toml", include_str!("../../exercises/02-package-caches.toml")),
    ("03-precise-base.toml", include_str!("../../exercises/03-precise-base.toml")),
    ("04-dockerignore.toml", include_str!("../../exercises/04-dockerignore.toml")),
    ("05-dependencies-first.toml", include_str!("../../exercises/05-dependencies-first.toml")),
    ("06-chown-and-merge.toml", include_str!("../../exercises/06-chown-and-merge.toml")),
    ("07-healthcheck.toml", include_str!("../../exercises/07-healthcheck.toml")),
    ("08-python-env.toml", include_str!("../../exercises/08-python-env.toml")),
    ("09-exec-form.toml", include_str!("../../exercises/09-exec-form.toml")),
    ("10-distroless.toml", include_str!("../../exercises/10-distroless.toml")),
];

pub const DEFAULT_TITLE: &str = "Ship-shape Dockerfiles, one practice at a time";
pub const DEFAULT_DESCRIPTION: &str = "Ten short exercises, each on a small real-world app: make the image run as a non-root user, drop package caches, pin the base image, keep the build context clean, order the layers for the cache, set a health check, and finish with a distroless image.";

/// The default course. Its files are tested, so this never fails in practice; a broken file
/// would show as an exercise that says what is wrong rather than as a blank page.
pub fn default_course() -> Course {
    let exercises = DEFAULT_FILES
        .iter()
        .map(|(name, text)| {
            toml::parse(text)
                .map_err(|e| e.to_string())
                .and_then(|doc| exercise(&doc.root))
                .unwrap_or_else(|error| broken(name, &error))
        })
        .collect();
    Course { title: DEFAULT_TITLE.to_string(), description: DEFAULT_DESCRIPTION.to_string(), exercises }
}

fn broken(name: &str, error: &str) -> Exercise {
    Exercise {
        id: name.trim_end_matches(".toml").to_string(),
        title: format!("{name} cannot be read"),
        story: format!("This exercise file has an error: {error}"),
        why: String::new(),
        hints: Vec::new(),
        start: Files::default(),
        solution: Files::default(),
        goal: Goal::default(),
    }
}

/// A course file: `title`, `description`, and one `[[exercise]]` table per exercise.
pub fn parse_course(text: &str) -> Result<Course, String> {
    let doc = toml::parse(text).map_err(|e| e.to_string())?;
    if let Some((name, _)) = doc.items.iter().find(|(name, _)| name != "exercise") {
        return Err(format!("`[[{name}]]`: a course has only [[exercise]] tables"));
    }
    for (key, _, line) in &doc.root.entries {
        if !matches!(key.as_str(), "title" | "description") {
            return Err(format!(
                "line {line}: unknown key `{key}` (a course has `title`, `description` and [[exercise]] tables)"
            ));
        }
    }
    let title = string(&doc.root, "title")?.unwrap_or_else(|| "A shipshape course".to_string());
    let description = string(&doc.root, "description")?.unwrap_or_default();
    let mut exercises: Vec<Exercise> = Vec::new();
    for (_, table) in &doc.items {
        let exercise = exercise(table).map_err(|e| format!("exercise {}: {e}", exercises.len() + 1))?;
        if exercises.iter().any(|e| e.id == exercise.id) {
            return Err(format!("two exercises have the id `{}`", exercise.id));
        }
        exercises.push(exercise);
    }
    if exercises.is_empty() {
        return Err("a course needs at least one [[exercise]]".to_string());
    }
    Ok(Course { title, description, exercises })
}

const EXERCISE_KEYS: &[&str] = &[
    "id",
    "title",
    "story",
    "why",
    "hints",
    "start.dockerfile",
    "start.dockerignore",
    "solution.dockerfile",
    "solution.dockerignore",
    "goal.fixed",
    "goal.keep",
    "goal.ignored",
    "goal.distroless",
];

/// One exercise from its table.
pub fn exercise(table: &Table) -> Result<Exercise, String> {
    for (key, _, line) in &table.entries {
        if !EXERCISE_KEYS.contains(&key.as_str()) {
            return Err(format!("line {line}: unknown key `{key}` (known: {})", EXERCISE_KEYS.join(", ")));
        }
    }
    let required = |key: &str| string(table, key)?.ok_or_else(|| format!("`{key}` is missing"));
    let id = required("id")?;
    if id.is_empty() || !id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
        return Err(format!("the id `{id}` must be lower-case letters, digits and `-`"));
    }
    let fixed = strings(table, "goal.fixed")?;
    for selector in &fixed {
        if selector_is_unknown(selector) {
            return Err(format!("`goal.fixed` names `{selector}`, which is not a rule"));
        }
    }
    let goal = Goal {
        fixed,
        keep: strings(table, "goal.keep")?,
        ignored: strings(table, "goal.ignored")?,
        distroless: match table.get("goal.distroless") {
            None => false,
            Some(Value::Bool(b)) => *b,
            Some(other) => return Err(format!("`goal.distroless` must be true or false, not {}", other.kind())),
        },
    };
    if goal.is_empty() {
        return Err("the goal is empty: give `goal.fixed`, `goal.ignored` or `goal.distroless`".to_string());
    }
    Ok(Exercise {
        title: required("title")?,
        story: required("story")?,
        why: string(table, "why")?.unwrap_or_default(),
        hints: strings(table, "hints")?,
        start: Files {
            dockerfile: required("start.dockerfile")?,
            dockerignore: string(table, "start.dockerignore")?.unwrap_or_default(),
        },
        solution: Files {
            dockerfile: required("solution.dockerfile")?,
            dockerignore: string(table, "solution.dockerignore")?.unwrap_or_default(),
        },
        goal,
        id,
    })
}

fn string(table: &Table, key: &str) -> Result<Option<String>, String> {
    match table.get(key) {
        None => Ok(None),
        Some(Value::Str(s)) => Ok(Some(s.clone())),
        Some(other) => Err(format!("`{key}` must be a string, not {}", other.kind())),
    }
}

fn strings(table: &Table, key: &str) -> Result<Vec<String>, String> {
    match table.get(key) {
        None => Ok(Vec::new()),
        Some(Value::Array(values)) => values
            .iter()
            .map(|v| match v {
                Value::Str(s) => Ok(s.clone()),
                other => Err(format!("`{key}` must hold strings, not {}", other.kind())),
            })
            .collect(),
        Some(other) => Err(format!("`{key}` must be an array of strings, not {}", other.kind())),
    }
}

/// A course as the TOML an instructor would write: the default course, to start from.
pub fn to_toml(course: &Course) -> String {
    let mut out = String::new();
    out.push_str(&format!("title = {}\n", quote(&course.title)));
    if !course.description.is_empty() {
        out.push_str(&format!("description = {}\n", quote(&course.description)));
    }
    for e in &course.exercises {
        out.push_str("\n[[exercise]]\n");
        out.push_str(&format!("id = {}\ntitle = {}\n", quote(&e.id), quote(&e.title)));
        out.push_str(&format!("story = {}\n", multiline(&e.story)));
        if !e.why.is_empty() {
            out.push_str(&format!("why = {}\n", multiline(&e.why)));
        }
        if !e.hints.is_empty() {
            out.push_str("hints = [\n");
            for hint in &e.hints {
                out.push_str(&format!("  {},\n", quote(hint)));
            }
            out.push_str("]\n");
        }
        let list = |items: &[String]| items.iter().map(|s| quote(s)).collect::<Vec<_>>().join(", ");
        out.push_str("\n[exercise.goal]\n");
        if !e.goal.fixed.is_empty() {
            out.push_str(&format!("fixed = [{}]\n", list(&e.goal.fixed)));
        }
        if !e.goal.keep.is_empty() {
            out.push_str(&format!("keep = [{}]\n", list(&e.goal.keep)));
        }
        if !e.goal.ignored.is_empty() {
            out.push_str(&format!("ignored = [{}]\n", list(&e.goal.ignored)));
        }
        if e.goal.distroless {
            out.push_str("distroless = true\n");
        }
        for (table, files) in [("start", &e.start), ("solution", &e.solution)] {
            out.push_str(&format!("\n[exercise.{table}]\ndockerfile = {}\n", multiline(&files.dockerfile)));
            if !files.dockerignore.is_empty() {
                out.push_str(&format!("dockerignore = {}\n", multiline(&files.dockerignore)));
            }
        }
    }
    out
}

/// A one-line basic string.
fn quote(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A multi-line string: literal when it can be, so Dockerfiles keep their backslashes.
fn multiline(text: &str) -> String {
    if !text.contains("'''") && !text.ends_with('\'') && !text.chars().any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        format!("'''\n{text}'''")
    } else {
        quote(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_course_reads_and_every_file_is_in_it() {
        for (name, text) in DEFAULT_FILES {
            let doc = toml::parse(text).unwrap_or_else(|e| panic!("{name}: {e}"));
            exercise(&doc.root).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
        let course = default_course();
        assert!(course.exercises.len() >= 9);
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/exercises");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter(|n| n.ends_with(".toml"))
            .collect();
        on_disk.sort();
        let listed: Vec<&str> = DEFAULT_FILES.iter().map(|(n, _)| *n).collect();
        assert_eq!(on_disk, listed, "web/exercises/*.toml and DEFAULT_FILES differ");
        let mut ids: Vec<&str> = course.exercises.iter().map(|e| e.id.as_str()).collect();
        ids.dedup();
        assert_eq!(ids.len(), course.exercises.len());
    }

    /// Each exercise of the default course starts away from its goal and its model solution
    /// reaches it; and the course is progressive: a start and a solution already follow the
    /// practices of the exercises before, and a solution leaves no finding of its own goal's
    /// rules nor of any earlier one.
    #[test]
    fn the_default_course_is_solvable_and_progressive() {
        let course = default_course();
        let mut earlier: Vec<String> = Vec::new();
        for e in &course.exercises {
            let start = goal::evaluate(&e.goal, &e.start.dockerfile, &e.start.dockerignore);
            assert!(!goal::reached(&start), "{}: the start already reaches the goal", e.id);
            let solution = goal::evaluate(&e.goal, &e.solution.dockerfile, &e.solution.dockerignore);
            assert!(
                goal::reached(&solution),
                "{}: the solution misses {:?}",
                e.id,
                solution.iter().filter(|c| !c.met).collect::<Vec<_>>()
            );
            let settings = crate::analysis::settings(&e.solution.dockerignore, &[], &[]);
            for d in shipshape::check(&e.solution.dockerfile, &settings) {
                let covered =
                    e.goal.fixed.iter().chain(&earlier).any(|s| shipshape::settings::selector_matches(s, d.rule));
                assert!(!covered, "{}: the solution still has {} ({})", e.id, d.rule.code, d.message);
            }
            let settings = crate::analysis::settings(&e.start.dockerignore, &[], &[]);
            for d in shipshape::check(&e.start.dockerfile, &settings) {
                let covered = earlier.iter().any(|s| shipshape::settings::selector_matches(s, d.rule));
                assert!(!covered, "{}: the start has {} from an earlier exercise ({})", e.id, d.rule.code, d.message);
            }
            assert!(e.hints.len() >= 2, "{}: give at least two hints", e.id);
            assert!(!e.why.is_empty(), "{}: say why the practice matters", e.id);
            for files in [&e.start, &e.solution] {
                assert!(shipshape::parse(&files.dockerfile).errors.is_empty(), "{}: syntax error", e.id);
            }
            earlier.extend(e.goal.fixed.iter().cloned());
        }
    }

    /// What the end-to-end test does in the browser: exercise 1 by typing two lines as the
    /// hints say, exercise 2 with the findings' fixes (`--no-install-recommends` is an unsafe one).
    #[test]
    fn the_first_two_exercises_as_a_learner_solves_them() {
        let course = default_course();
        let first = &course.exercises[0];
        let typed = first
            .start
            .dockerfile
            .replace("WORKDIR /app\n", "WORKDIR /app\nRUN useradd --create-home app\n")
            .replace("EXPOSE", "USER app\nEXPOSE");
        assert!(goal::reached(&goal::evaluate(&first.goal, &typed, &first.start.dockerignore)));
        let second = &course.exercises[1];
        let settings = crate::analysis::settings(&second.start.dockerignore, &[], &[]);
        let fixed = shipshape::fix(&second.start.dockerfile, &settings, shipshape::Applicability::Unsafe);
        let criteria = goal::evaluate(&second.goal, &fixed.output, &second.start.dockerignore);
        assert!(goal::reached(&criteria), "{}\n{criteria:?}", fixed.output);
    }

    #[test]
    fn a_course_round_trips_through_its_toml() {
        let course = default_course();
        let text = to_toml(&course);
        assert_eq!(parse_course(&text).unwrap(), course);
    }

    #[test]
    fn course_errors_say_where() {
        let one = "[[exercise]]\nid = \"a\"\ntitle = \"A\"\nstory = \"S\"\n[exercise.goal]\nfixed = [\"DL3002\"]\n[exercise.start]\ndockerfile = \"FROM a\"\n[exercise.solution]\ndockerfile = \"FROM b\"\n";
        let course = parse_course(one).unwrap();
        assert_eq!(course.exercises[0].goal.fixed, ["DL3002"]);
        assert_eq!(course.title, "A shipshape course");
        let cases = [
            ("", "at least one"),
            ("titel = \"x\"\n", "unknown key `titel`"),
            (&one.replace("DL3002", "DL9999"), "not a rule"),
            (&one.replace("fixed", "fixd"), "unknown key `goal.fixd`"),
            (&one.replace("id = \"a\"", "id = \"A b\""), "lower-case"),
            (&one.replace("title = \"A\"\n", ""), "`title` is missing"),
            (&format!("{one}{one}"), "two exercises"),
            (&one.replace("[[exercise]]", "[[lesson]]"), "only [[exercise]]"),
            (&one.replace("fixed = [\"DL3002\"]", "fixed = \"DL3002\""), "array of strings"),
            (&one.replace("fixed = [\"DL3002\"]", "keep = [\"CMD\"]"), "goal is empty"),
        ];
        for (text, message) in cases {
            let error = parse_course(text).unwrap_err();
            assert!(error.contains(message), "{text:?}: {error}");
        }
    }

    #[test]
    fn quoting() {
        assert_eq!(quote("a \"b\" \\ c\n"), "\"a \\\"b\\\" \\\\ c\\n\"");
        assert_eq!(multiline("RUN a \\\n  b\n"), "'''\nRUN a \\\n  b\n'''");
        assert_eq!(multiline("it's'"), "\"it's'\"");
    }
}
