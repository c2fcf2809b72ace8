//! Fixes from different rules applied together must still make sense as a build: each rule's
//! own tests cannot see these interactions.

use shipshape::{Applicability, Settings};

fn fix_all(source: &str) -> String {
    let settings = Settings { select: vec!["ALL".to_string()], ..Settings::default() };
    let result = shipshape::fix(source, &settings, Applicability::Unsafe);
    assert!(result.converged);
    result.output
}

/// The apt lists are removed only after every install of the RUN that removes them.
#[test]
fn apt_lists_are_removed_after_the_installs() {
    let output = fix_all(
        "FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl\nRUN apt-get update\nRUN apt-get install -y wget\nUSER 1000\n",
    );
    let parse = shipshape::parse(&output);
    for instruction in &parse.file.instructions {
        let text = instruction.range.slice(&output);
        if let Some(cleanup) = text.find("rm -rf /var/lib/apt/lists") {
            assert!(
                !text[cleanup..].contains("apt-get install"),
                "an install runs after the lists are gone:\n{output}"
            );
        }
    }
    assert!(output.contains("apt-get install"), "{output}");
}

/// Creating a user, chowning the copies, merging RUNs and moving the dependency install happen
/// in one go on the Python-on-Alpine example, and the result has no fixable finding left.
#[test]
fn the_seed_example_fixes_cleanly() {
    let source = include_str!("../../../tests/fixtures/seed-python-alpine.Dockerfile");
    let output = fix_all(source);
    let settings = Settings { select: vec!["ALL".to_string()], ..Settings::default() };
    let left: Vec<_> =
        shipshape::check(&output, &settings).into_iter().filter(|d| d.fix.is_some()).map(|d| d.rule.code).collect();
    assert!(left.is_empty(), "fixable findings left: {left:?}\n{output}");
    let user = output.find("RUN addgroup").expect("the user is created");
    let chown =
        output.find("COPY --chown=app:app requirements.txt").expect("the manifest is copied first, owned by the user");
    assert!(user < chown, "{output}");
}
