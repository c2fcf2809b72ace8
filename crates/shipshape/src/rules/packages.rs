//! Reading package-manager command lines: which words are the packages. Shared by the
//! version-pinning rules (apt-get, apk, pip, npm, gem).

use super::Checker;
use crate::shell::{Script, SimpleCommand, Word};

/// The operands of `command`: its words after the program name that are neither options nor
/// the values of options, in order.
///
/// `with_value` lists the options that take their value in the next word (`-t`,
/// `--target-release`); written `--name=value`, or with a short option's value attached
/// (`-trelease`), the value is part of the option word. Everything after `--` is an operand when
/// `after_double_dash` is true, and is left out otherwise (for commands such as `gem install`
/// that hand those words to another program).
pub fn operands<'c>(command: &'c SimpleCommand, with_value: &[&str], after_double_dash: bool) -> Vec<&'c Word> {
    let mut out = Vec::new();
    let mut args = command.args().iter();
    while let Some(word) = args.next() {
        let value = word.value.as_str();
        if value == "--" {
            if after_double_dash {
                out.extend(args);
            }
            break;
        }
        if value == "-" || !value.starts_with('-') {
            out.push(word);
            continue;
        }
        if value.starts_with("--") {
            if !value.contains('=') && with_value.contains(&value) {
                args.next();
            }
            continue;
        }
        // A cluster of short options (`-yqt release`): the first one that takes a value takes
        // the rest of the word, or the next word when it ends the cluster.
        let cluster = &value[1..];
        for (i, c) in cluster.char_indices() {
            let takes_value = with_value.iter().any(|o| o.len() == 2 && o.starts_with('-') && o[1..].starts_with(c));
            if takes_value {
                if i + c.len_utf8() == cluster.len() {
                    args.next();
                }
                break;
            }
        }
    }
    out
}

/// The package words of `command`: the operands after the first one, which must be one of
/// `subcommands`. `None` for another subcommand.
pub fn packages<'c>(
    command: &'c SimpleCommand,
    subcommands: &[&str],
    with_value: &[&str],
    after_double_dash: bool,
) -> Option<Vec<&'c Word>> {
    let operands = operands(command, with_value, after_double_dash);
    let (first, rest) = operands.split_first()?;
    if first.dynamic || !subcommands.contains(&first.value.as_str()) {
        return None;
    }
    Some(rest.to_vec())
}

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
    let names: Vec<String> = words.iter().map(|w| format!("`{w}`")).collect();
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
    if count == 1 { format!("pin it as `{example}`") } else { format!("pin each, as in `{example}`") }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn command(text: &str) -> SimpleCommand {
        let script = crate::shell::parse(text, 0, text.len(), &|r| r);
        script.commands.into_iter().next().expect("one command")
    }

    fn values(text: &str, with_value: &[&str], dd: bool) -> Vec<String> {
        operands(&command(text), with_value, dd).iter().map(|w| w.value.clone()).collect()
    }

    #[test]
    fn skips_options_and_their_values() {
        let with = &["-t", "--target-release", "-o"];
        assert_eq!(values("apt-get -yq -o Dpkg::Use-Pty=0 install -t bookworm curl", with, true), ["install", "curl"]);
        assert_eq!(values("apt-get install --target-release=bookworm curl", with, true), ["install", "curl"]);
        assert_eq!(values("apt-get install -qtbookworm curl", with, true), ["install", "curl"]);
        assert_eq!(values("apt-get install -yt bookworm curl", with, true), ["install", "curl"]);
        assert_eq!(values("gem install a -- --with-x b", &[], false), ["install", "a"]);
        assert_eq!(values("npm install -- -weird", &[], true), ["install", "-weird"]);
    }

    #[test]
    fn packages_need_the_subcommand() {
        let c = command("apk add --virtual .deps $PKGS curl");
        let p = packages(&c, &["add"], &["--virtual"], true).expect("apk add");
        assert_eq!(p.iter().map(|w| w.value.as_str()).collect::<Vec<_>>(), ["$PKGS", "curl"]);
        assert!(packages(&command("apk del curl"), &["add"], &[], true).is_none());
    }

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
