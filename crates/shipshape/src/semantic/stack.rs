//! Which ecosystem a Dockerfile builds, judged from its base images and the commands it runs.

use super::{Base, Model};
use crate::syntax::Dockerfile;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Stack {
    Python,
    Node,
    Go,
    Java,
    Rust,
    Ruby,
    Php,
    Dotnet,
    Generic,
}

impl Stack {
    pub const fn as_str(self) -> &'static str {
        match self {
            Stack::Python => "python",
            Stack::Node => "node",
            Stack::Go => "go",
            Stack::Java => "java",
            Stack::Rust => "rust",
            Stack::Ruby => "ruby",
            Stack::Php => "php",
            Stack::Dotnet => "dotnet",
            Stack::Generic => "generic",
        }
    }
}

/// The ecosystem of a whole file: the strongest signal across its stages, image names first,
/// then the tools its RUN instructions call.
pub fn detect(file: &Dockerfile, model: &Model) -> Stack {
    let mut scores = [0u32; 9];
    let bump = |scores: &mut [u32; 9], stack: Stack, by: u32| scores[stack as usize] += by;
    for stage in &model.stages {
        if let Base::Image(image) = &stage.base
            && let Some(stack) = stack_of_image(image.name(), &image.repository)
        {
            bump(&mut scores, stack, 3);
        }
    }
    for (i, _) in file.instructions.iter().enumerate() {
        let Some(script) = model.script(i) else {
            continue;
        };
        for command in &script.commands {
            let stack = match command.program().unwrap_or("") {
                "pip" | "pip3" | "pipenv" | "poetry" | "uv" | "python" | "python3" | "gunicorn" | "uvicorn" => {
                    Stack::Python
                }
                "npm" | "yarn" | "pnpm" | "npx" | "node" | "bun" => Stack::Node,
                "go" => Stack::Go,
                "mvn" | "mvnw" | "gradle" | "gradlew" | "java" => Stack::Java,
                "cargo" | "rustc" | "rustup" => Stack::Rust,
                "bundle" | "gem" | "rake" | "rails" => Stack::Ruby,
                "composer" | "php" => Stack::Php,
                "dotnet" => Stack::Dotnet,
                _ => continue,
            };
            bump(&mut scores, stack, 1);
        }
    }
    let order =
        [Stack::Python, Stack::Node, Stack::Go, Stack::Java, Stack::Rust, Stack::Ruby, Stack::Php, Stack::Dotnet];
    order
        .into_iter()
        .filter(|s| scores[*s as usize] > 0)
        .max_by_key(|s| (scores[*s as usize], std::cmp::Reverse(*s as usize)))
        .unwrap_or(Stack::Generic)
}

/// The ecosystem an image name points to.
pub fn stack_of_image(name: &str, repository: &str) -> Option<Stack> {
    let name = name.to_ascii_lowercase();
    Some(match name.as_str() {
        "python" | "pypy" => Stack::Python,
        n if n.starts_with("python3") => Stack::Python,
        "node" | "bun" => Stack::Node,
        n if n.starts_with("nodejs") => Stack::Node,
        "golang" | "go" => Stack::Go,
        "openjdk"
        | "eclipse-temurin"
        | "maven"
        | "gradle"
        | "amazoncorretto"
        | "ibm-semeru-runtimes"
        | "sapmachine"
        | "jre"
        | "jdk" => Stack::Java,
        n if n.starts_with("java") => Stack::Java,
        "rust" => Stack::Rust,
        "ruby" => Stack::Ruby,
        "php" | "composer" => Stack::Php,
        _ if repository.contains("dotnet") => Stack::Dotnet,
        _ => return None,
    })
}
