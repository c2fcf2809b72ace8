//! Package names in messages: what the package words of a command stand for (variables
//! resolved where the file gives their value), and how a rule lists them. Shared by the
//! version-pinning rules (apt-get, apk, pip, npm, gem); the words themselves come from
//! [`crate::semantic::invocation`].

use super::Checker;
use crate::shell::{Script, SimpleCommand, Word};
use crate::text::code;

/// The package names `words` stand for, as far as the file tells.
///
/// A literal word is a name as it is, and so is a word with a variable after a literal start
/// (`postgresql-${PG_MAJOR}`, `curl=${CURL_VERSION}`): what comes first is the package. A word
/// that is nothing but a variable (`$BUILD_DEPS`, `"${PACKAGES}"`) stands for the words of its
/// value, when an assignment earlier in the same script or an ENV or ARG default gives one; it
/// is left out when the value is unknown. Any other word starting with a variable is unknown.
pub fn package_names(
    ctx: &Checker,
    index: usize,
    script: &Script,
    command: &SimpleCommand,
    words: &[&Word],
) -> Vec<String> {
    let mut names = Vec::new();
    for word in words {
        if !word.value.starts_with('$') {
            names.push(word.value.clone());
            continue;
        }
        let Some(name) = variable_name(&word.value) else { continue };
        let value = assigned_before(script, command, name).or_else(|| ctx.model.variable(index, name));
        if let Some(value) = value {
            names.extend(value.split_whitespace().filter(|w| !w.starts_with('$')).map(str::to_string));
        }
    }
    names
}

/// `NAME` for a word that is exactly `$NAME` or `${NAME}`.
fn variable_name(word: &str) -> Option<&str> {
    let rest = word.strip_prefix('$')?;
    let name = match rest.strip_prefix('{') {
        Some(braced) => braced.strip_suffix('}')?,
        None => rest,
    };
    let valid = !name.is_empty()
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !name.starts_with(|c: char| c.is_ascii_digit());
    valid.then_some(name)
}

/// The value the script assigns to `name` (`deps="a b"; apt-get install $deps`) before
/// `command`.
fn assigned_before(script: &Script, command: &SimpleCommand, name: &str) -> Option<String> {
    script
        .commands
        .iter()
        .filter(|c| c.words.is_empty() && c.range.end <= command.range.start)
        .flat_map(|c| &c.assignments)
        .filter_map(|a| a.value.strip_prefix(name).and_then(|v| v.strip_prefix('=')))
        .next_back()
        .map(|v| v.trim_matches(|c| c == '"' || c == '\'').to_string())
}

/// `a`, `` `a` and `b` ``, `` `a`, `b` and 3 more ``: package names for a message.
pub fn name_list(words: &[String]) -> String {
    let names: Vec<String> = words.iter().map(|w| code(w).to_string()).collect();
    match names.len() {
        0 => String::new(),
        1 => names[0].clone(),
        2 => format!("{} and {}", names[0], names[1]),
        3 => format!("{}, {} and {}", names[0], names[1], names[2]),
        n => format!("{}, {} and {} more", names[0], names[1], n - 2),
    }
}

/// "pin it as `curl=<version>`", or "pin each, as in `curl=<version>`" for several packages.
pub fn pin_hint(count: usize, example: &str) -> String {
    if count == 1 { format!("pin it as {}", code(example)) } else { format!("pin each, as in {}", code(example)) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_variable_names() {
        assert_eq!(variable_name("$PKGS"), Some("PKGS"));
        assert_eq!(variable_name("${build_deps}"), Some("build_deps"));
        assert_eq!(variable_name("${PKGS:-curl}"), None);
        assert_eq!(variable_name("$PKGS-dev"), None);
    }

    #[test]
    fn lists_names() {
        let words: Vec<String> = ["a", "b", "c", "d"].iter().map(|s| s.to_string()).collect();
        assert_eq!(name_list(&words[..1]), "`a`");
        assert_eq!(name_list(&words[..3]), "`a`, `b` and `c`");
        assert_eq!(name_list(&words), "`a`, `b` and 2 more");
    }
}
