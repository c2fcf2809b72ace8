//! The examples menu. The Python-on-Alpine examples are the CLI tests' fixtures too.

pub struct Example {
    pub id: &'static str,
    pub title: &'static str,
    pub source: &'static str,
}

pub const EXAMPLES: &[Example] = &[
    Example {
        id: "seed-bad",
        title: "Python on Alpine (before)",
        source: include_str!("../../tests/fixtures/seed-python-alpine.Dockerfile"),
    },
    Example {
        id: "seed-good",
        title: "Python on Alpine (after)",
        source: include_str!("../../tests/fixtures/seed-python-alpine-good.Dockerfile"),
    },
    Example { id: "node", title: "Node.js app", source: include_str!("../examples/node-app.Dockerfile") },
    Example { id: "go", title: "Go service", source: include_str!("../examples/go-service.Dockerfile") },
    Example { id: "java", title: "Java jar (Spring Boot)", source: include_str!("../examples/java-jar.Dockerfile") },
    Example {
        id: "heredoc",
        title: "Multi-stage with heredocs",
        source: include_str!("../examples/python-heredoc.Dockerfile"),
    },
];

/// What the editor shows on a first visit.
pub fn default_source() -> &'static str {
    EXAMPLES[0].source
}

pub fn find(id: &str) -> Option<&'static Example> {
    EXAMPLES.iter().find(|e| e.id == id)
}
