//! Features of bash and ksh that POSIX sh does not have, found once per script for the
//! SC3xxx rules (ShellCheck's `checkBashisms`). Only scripts that `/bin/sh` (or dash, ash)
//! runs are judged: a RUN under `SHELL ["/bin/bash", "-c"]` or a heredoc with a bash shebang
//! may use them.

use super::ScriptView;
use crate::rules::Checker;
use crate::shell::ast::{AssignValue, Command, CommandKind, List, Part, PartKind, Redirect, Simple, Word};
use crate::shell::visit::{Role, Scope, Visitor};
use crate::text::TextRange;

/// One use of a feature sh lacks: ShellCheck's code, where, and what it is ("echo flags are").
#[derive(Clone, Debug)]
pub struct Bashism {
    pub code: u16,
    pub range: TextRange,
    pub what: String,
}

/// Reports the bashisms of code `code` in every script `/bin/sh` runs.
pub fn report(ctx: &mut Checker, code: u16, rule_code: &str) {
    for script in ctx.shell_scripts() {
        if !script.tree.dialect.is_sh() {
            continue;
        }
        for b in script.bashisms().iter().filter(|b| b.code == code) {
            let message = format!(
                "In POSIX sh, {} undefined: this RUN runs with /bin/sh, so use a POSIX form or set `SHELL [\"/bin/bash\", \"-c\"]`",
                // `set -o "pipefail<newline>…` quotes a word that spans lines.
                crate::text::OneLine(&b.what)
            );
            super::report(ctx, rule_code, script, b.range, message, None);
        }
    }
}

/// The bashisms of a script, in source order.
pub fn find(script: &ScriptView) -> Vec<Bashism> {
    let mut finder = Finder { out: Vec::new(), vars: &script.vars };
    for &(command, scope) in &script.commands {
        finder.command(command, scope);
    }
    for &(word, role, scope) in &script.words {
        finder.word(word, role, scope);
    }
    // Both lists are in source order; the findings are wanted in it too.
    finder.out.sort_by_key(|b| b.range.start);
    finder.out
}

struct Finder<'a> {
    out: Vec<Bashism>,
    vars: &'a super::Variables<'a>,
}

impl Finder<'_> {
    fn push(&mut self, code: u16, range: TextRange, what: impl Into<String>) {
        self.out.push(Bashism { code, range, what: what.into() });
    }
}

/// Flags each command accepts in POSIX sh (as ShellCheck 0.11 has them); others are bash's.
const ALLOWED_FLAGS: &[(&str, &str)] = &[
    ("cd", "LP"),
    ("exec", ""),
    ("export", "p"),
    ("hash", "r"),
    ("jobs", "lp"),
    ("printf", ""),
    ("read", "r"),
    ("readonly", "p"),
    ("trap", ""),
    ("type", ""),
    ("ulimit", "f"),
    ("umask", "S"),
    ("unset", "fv"),
    ("wait", ""),
];

const UNSUPPORTED: &[&str] = &[
    "let",
    "caller",
    "builtin",
    "complete",
    "compgen",
    "declare",
    "dirs",
    "disown",
    "enable",
    "mapfile",
    "readarray",
    "pushd",
    "popd",
    "shopt",
    "suspend",
    "typeset",
];

/// `set -o` options POSIX sh has (ShellCheck 0.11's list, which predates `pipefail` in POSIX).
const SET_OPTIONS: &[&str] = &[
    "allexport",
    "errexit",
    "ignoreeof",
    "monitor",
    "noclobber",
    "noexec",
    "noglob",
    "nolog",
    "notify",
    "nounset",
    "verbose",
    "vi",
    "xtrace",
];

const BASH_VARIABLES: &[&str] = &[
    "OSTYPE",
    "MACHTYPE",
    "HOSTTYPE",
    "HOSTNAME",
    "DIRSTACK",
    "EUID",
    "UID",
    "SHLVL",
    "PIPESTATUS",
    "SHELLOPTS",
    "_",
    "BASH",
    "BASHOPTS",
    "BASHPID",
    "BASH_ALIASES",
    "BASH_ARGC",
    "BASH_ARGV",
    "BASH_ARGV0",
    "BASH_CMDS",
    "BASH_COMMAND",
    "BASH_EXECUTION_STRING",
    "BASH_LINENO",
    "BASH_LOADABLES_PATH",
    "BASH_REMATCH",
    "BASH_SOURCE",
    "BASH_SUBSHELL",
    "BASH_VERSINFO",
    "COMP_CWORD",
    "COMP_KEY",
    "COMP_LINE",
    "COMP_POINT",
    "COMP_TYPE",
    "COMP_WORDBREAKS",
    "COMP_WORDS",
    "COPROC",
    "FUNCNAME",
    "GROUPS",
    "HISTCMD",
    "MAPFILE",
];
const BASH_DYNAMIC: &[&str] = &["BASH_MONOSECONDS", "EPOCHREALTIME", "EPOCHSECONDS", "RANDOM", "SECONDS", "SRANDOM"];

impl<'t> Visitor<'t> for Finder<'_> {
    fn command(&mut self, command: &'t Command, _scope: Scope) {
        for redirect in &command.redirects {
            self.redirect(redirect);
        }
        match &command.kind {
            CommandKind::Simple(simple) => self.simple(command, simple),
            CommandKind::Test(words) => {
                let r = words.first().map_or(command.range, |w| w.range);
                self.push(3010, r, "[[ ]] is");
            }
            CommandKind::Arithmetic(_) => self.push(3006, command.range, "standalone ((..)) is"),
            CommandKind::ArithFor { .. } => self.push(3005, command.range, "arithmetic for loops are"),
            CommandKind::Function { name, name_range, .. } if !super::is_name(name) => {
                self.push(3033, *name_range, "naming functions outside [a-zA-Z_][a-zA-Z0-9_]* is");
            }
            _ => {}
        }
    }

    fn word(&mut self, word: &'t Word, role: Role<'t>, _scope: Scope) {
        if let Role::Assign(a) | Role::ArrayItem(a) = role {
            if a.append {
                self.push(3024, a.range, "+= is");
            }
            if matches!(a.value, AssignValue::Array(_)) && matches!(role, Role::ArrayItem(_)) {
                // Reported once per array, below.
            }
        }
        self.parts(&word.parts, matches!(role, Role::Test | Role::CasePattern));
    }
}

impl Finder<'_> {
    fn simple(&mut self, command: &Command, simple: &Simple) {
        for a in &simple.assignments {
            if let AssignValue::Array(_) = a.value {
                self.push(3030, a.range, "arrays are");
            }
        }
        let Some(name) = simple.program() else { return };
        let args = simple.args();
        let literal = |w: &Word| w.literal();
        match name {
            "echo" => {
                if let Some(arg) = args.first()
                    && let Some(text) = arg.plain()
                    && text.len() > 1
                    && text.starts_with('-')
                    && text[1..].chars().all(|c| matches!(c, 'e' | 'E' | 's' | 'n'))
                {
                    self.push(3037, arg.range, "echo flags are");
                }
            }
            "exec" => {
                if let Some(arg) = args.first()
                    && arg.literal().is_some_and(|a| a.starts_with('-'))
                {
                    self.push(3038, arg.range, "exec flags are");
                }
            }
            "local" => self.push(3043, command.range, "'local' is"),
            "source" => self.push(3046, command.range, "'source' in place of '.' is"),
            "set" => self.set_options(args),
            "trap" => {
                for arg in args.iter().skip(1) {
                    let Some(s) = arg.literal() else { continue };
                    let upper = s.to_ascii_uppercase();
                    if matches!(upper.as_str(), "ERR" | "DEBUG" | "RETURN") {
                        self.push(3047, arg.range, format!("trapping {s} is"));
                    }
                    if upper.starts_with("SIG") {
                        self.push(3048, arg.range, "prefixing signal names with 'SIG' is");
                    }
                    if upper != s {
                        self.push(3049, arg.range, "using lower/mixed case for signal names is");
                    }
                }
            }
            "printf" => {
                if let Some(format) = args.first().and_then(literal)
                    && format.contains("%q")
                {
                    self.push(3050, args[0].range, "printf %q is");
                }
            }
            "read" if args.iter().all(|a| a.literal().is_some_and(|s| s.starts_with('-'))) => {
                self.push(3061, simple.words[0].range, "read without a variable is");
            }
            "[" | "test" => self.test_operators(simple),
            _ => {}
        }
        if UNSUPPORTED.contains(&name) {
            self.push(3044, command.range, format!("'{name}' is"));
        }
        if let Some((_, allowed)) = ALLOWED_FLAGS.iter().find(|(n, _)| *n == name) {
            for arg in args {
                let Some(text) = arg.literal() else { break };
                if text == "--" || !text.starts_with('-') || text == "-" {
                    break;
                }
                if let Some(flag) = text[1..].chars().find(|c| !allowed.contains(*c)) {
                    self.push(3045, arg.range, format!("{name} -{flag} is"));
                    break;
                }
            }
        }
    }

    fn set_options(&mut self, args: &[Word]) {
        let literals: Vec<(TextRange, String)> = args.iter().map_while(|w| w.literal().map(|s| (w.range, s))).collect();
        let mut i = 0;
        while i < literals.len() {
            let (_, flag) = &literals[i];
            let is_o = (flag.starts_with('-') || flag.starts_with('+'))
                && flag.len() > 1
                && flag.ends_with('o')
                && flag[1..].chars().all(|c| "abCefhmnuvxo".contains(c));
            if is_o && let Some((range, option)) = literals.get(i + 1) {
                if !SET_OPTIONS.contains(&option.as_str()) {
                    self.push(3040, *range, format!("set option {option} is"));
                }
                i += 2;
                continue;
            }
            if !(flag.starts_with('-') || flag.starts_with('+')) || flag == "--" || flag == "-" {
                break;
            }
            i += 1;
        }
    }

    fn test_operators(&mut self, simple: &Simple) {
        let mut args: Vec<&Word> = simple.args().iter().collect();
        if simple.is("[") && args.last().is_some_and(|w| w.is_plain("]")) {
            args.pop();
        }
        for (i, arg) in args.iter().enumerate() {
            let Some(op) = arg.plain() else { continue };
            match op {
                "==" if i > 0 => self.push(3014, arg.range, "== in place of = is"),
                "=~" if i > 0 => self.push(3015, arg.range, "=~ regex matching is"),
                "<" | ">" | "<=" | ">=" if i > 0 && arg.has_quotes() => {
                    self.push(3012, arg.range, format!("lexicographical {op} is"));
                }
                "-a" if i == 0 && args.len() == 2 => self.push(3017, arg.range, "unary -a in place of -e is"),
                "-v" if i == 0 && args.len() == 2 => {
                    self.push(3016, arg.range, "test -v (in place of [ -n \"${var+x}\" ]) is");
                }
                _ => {}
            }
        }
    }

    fn redirect(&mut self, redirect: &Redirect) {
        match redirect.op {
            "<<<" => self.push(3011, redirect.range, "here-strings are"),
            "&>" | "&>>" => self.push(3020, redirect.range, "&> is"),
            ">&" if redirect
                .target
                .as_ref()
                .and_then(Word::literal)
                .is_some_and(|t| !t.chars().all(|c| c.is_ascii_digit()) && t != "-") =>
            {
                self.push(3021, redirect.range, ">& filename (as opposed to >& fd) is");
            }
            _ => {}
        }
    }

    fn parts(&mut self, parts: &[Part], in_test: bool) {
        for part in parts {
            match &part.kind {
                PartKind::ProcessSub(_) => self.push(3001, part.range, "process substitution is"),
                PartKind::DollarSingle(_) => self.push(3003, part.range, "$'..' is"),
                PartKind::DoubleQuoted(inner) => self.parts(inner, in_test),
                PartKind::Param(p) => self.param(part.range, p),
                PartKind::CommandSub { body, .. } if only_redirection(body) => {
                    self.push(3034, part.range, "$(<file) to read files is");
                }
                PartKind::Literal(text) if !in_test => {
                    if is_brace_expansion(text) {
                        self.push(3009, part.range, "brace expansion is");
                    }
                    if text.as_bytes().windows(2).any(|w| w == b"[^") {
                        self.push(3026, part.range, "^ in place of ! in glob bracket expressions is");
                    }
                }
                _ => {}
            }
        }
    }

    fn param(&mut self, range: TextRange, p: &crate::shell::ast::Param) {
        let name = p.name.as_str();
        // Every name of the two lists starts with a capital or `_`: most names are passed over
        // at their first byte.
        let is_bash_var = name.as_bytes().first().is_some_and(|&b| b.is_ascii_uppercase() || b == b'_')
            && (BASH_DYNAMIC.contains(&name) || (BASH_VARIABLES.contains(&name) && !self.vars.assigns(name)));
        if is_bash_var {
            self.push(3028, range, format!("{name} is"));
        }
        if !p.braced {
            return;
        }
        let op = p.op.as_str();
        if name == "!" && op.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_') {
            if op.ends_with("[@]") || op.ends_with("[*]") {
                self.push(3055, range, "array key expansion is");
            } else if op.ends_with('@') || op.ends_with('*') {
                self.push(3056, range, "name matching prefixes are");
            } else {
                self.push(3053, range, "indirect expansion is");
            }
            return;
        }
        if name.is_empty() || p.length {
            return;
        }
        let after_index = if op.starts_with('[') { op.find(']').map_or("", |i| &op[i + 1..]) } else { op };
        if op.starts_with('[') && !matches!(name, "@" | "*") {
            self.push(3054, range, "array references are");
        }
        if after_index.starts_with(['^', ',']) {
            self.push(3059, range, "case modification is");
        }
        if after_index.starts_with('/') {
            self.push(3060, range, "string replacement is");
        }
        if op.starts_with(':') && !op[1..].starts_with(['-', '=', '?', '+']) {
            self.push(3057, range, "string indexing is");
        }
        if matches!(name, "@" | "*") && op.starts_with(['%', '#']) {
            self.push(3058, range, "string operations on $@/$* are");
        }
    }
}

/// `$(< file)`: a substitution that is only a redirection.
fn only_redirection(body: &List) -> bool {
    matches!(body.items.as_slice(), [item] if item.rest.is_empty()
        && matches!(item.first.commands.as_slice(), [c] if !c.redirects.is_empty()
            && c.simple().is_some_and(|s| s.words.is_empty() && s.assignments.is_empty())))
}

/// `{a,b}` or `{1..3}` in unquoted text.
fn is_brace_expansion(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(open) = bytes[i..].iter().position(|&b| b == b'{').map(|p| p + i) {
        let Some(close) = bytes[open..].iter().position(|&b| b == b'}').map(|p| p + open) else { return false };
        let inner = &text[open + 1..close];
        if !inner.is_empty() && !inner.contains('{') && (inner.contains(',') || inner.contains("..")) {
            return true;
        }
        i = open + 1;
    }
    false
}
