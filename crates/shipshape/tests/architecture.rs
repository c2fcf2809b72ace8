//! The core's modules import one another one way: no module reaches, through its imports, a
//! module that imports it. A circle makes every module on it a prerequisite of the others, so
//! none can be read, tested or moved alone (`meta` is the leaf that broke the last one, between
//! `diagnostic`, `rules` and `settings`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The top-level modules of `src/` and, for each, the others it names as `crate::module`,
/// outside its tests.
fn imports() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut graph = BTreeMap::new();
    for entry in std::fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        if name == "lib" {
            continue;
        }
        let mut sources = Vec::new();
        collect(&path, &mut sources);
        let mut deps = BTreeSet::new();
        for source in sources {
            // Test modules may use anything: only what the library itself imports counts.
            let source = source.split("#[cfg(test)]").next().unwrap_or_default();
            for (at, _) in source.match_indices("crate::") {
                let rest = &source[at + "crate::".len()..];
                let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(rest.len());
                deps.insert(rest[..end].to_string());
            }
        }
        deps.remove(&name);
        graph.insert(name, deps);
    }
    let modules: BTreeSet<String> = graph.keys().cloned().collect();
    for deps in graph.values_mut() {
        deps.retain(|d| modules.contains(d));
    }
    graph
}

fn collect(path: &Path, out: &mut Vec<String>) {
    if path.is_dir() {
        for entry in std::fs::read_dir(path).unwrap() {
            collect(&entry.unwrap().path(), out);
        }
    } else if path.extension().is_some_and(|e| e == "rs") {
        out.push(std::fs::read_to_string(path).unwrap());
    }
}

/// A circle of imports starting at `from`, if its imports lead back to a module on `path`.
fn circle(
    graph: &BTreeMap<String, BTreeSet<String>>,
    from: &str,
    path: &mut Vec<String>,
    done: &mut BTreeSet<String>,
) -> Option<Vec<String>> {
    if let Some(at) = path.iter().position(|m| m == from) {
        let mut found = path[at..].to_vec();
        found.push(from.to_string());
        return Some(found);
    }
    if !done.insert(from.to_string()) {
        return None;
    }
    path.push(from.to_string());
    for next in &graph[from] {
        if let Some(found) = circle(graph, next, path, done) {
            return Some(found);
        }
    }
    path.pop();
    None
}

#[test]
fn the_modules_import_one_another_without_a_circle() {
    let graph = imports();
    assert!(graph.len() > 10 && graph["meta"].is_empty(), "{graph:?}");
    assert!(graph["linter"].contains("rules"), "the graph reads the imports: {graph:?}");
    let mut done = BTreeSet::new();
    for module in graph.keys() {
        if let Some(found) = circle(&graph, module, &mut Vec::new(), &mut done) {
            panic!("an import circle: {}", found.join(" → "));
        }
    }
}

#[test]
fn a_circle_is_found() {
    let graph: BTreeMap<String, BTreeSet<String>> = [("a", &["b"][..]), ("b", &["c"]), ("c", &["a"]), ("d", &[])]
        .into_iter()
        .map(|(m, deps)| (m.to_string(), deps.iter().map(|d| d.to_string()).collect()))
        .collect();
    let found = circle(&graph, "a", &mut Vec::new(), &mut BTreeSet::new()).unwrap();
    assert_eq!(found, ["a", "b", "c", "a"]);
    assert!(circle(&graph, "d", &mut Vec::new(), &mut BTreeSet::new()).is_none());
}
