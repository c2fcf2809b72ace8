//! Which expansions of a script cannot split or glob, following the script's order and
//! branches as ShellCheck's data flow does: `x=amd64; echo $x` is safe, but after
//! `if a; then x=amd64; fi` the `$x` may still hold what the environment gave it, which is
//! unknown. The stage's ARG and ENV variables start out safe (hadolint tells ShellCheck they
//! are set to `1`); other unset variables are unknown.

use std::cmp::Ordering;

use crate::shell::ast::{AssignValue, Command, CommandKind, List, Param, Part, PartKind, Pipeline, Simple, Word};

/// Special parameters and shell variables that hold numbers or single words.
const SAFE_SPECIALS: &[&str] = &[
    "#",
    "?",
    "$",
    "!",
    "-",
    "LINENO",
    "OPTIND",
    "RANDOM",
    "SECONDS",
    "PPID",
    "UID",
    "EUID",
    "BASHPID",
    "SHLVL",
    "COLUMNS",
    "LINES",
    "HISTCMD",
    "EPOCHSECONDS",
];

/// The expansions (by the offset of their `$`) whose variable holds a safe value where they
/// are expanded.
pub fn safe_uses<'t>(body: &'t List, known: &dyn Fn(&str) -> bool) -> Vec<u32> {
    let mut flow = Flow { state: State::default(), safe: Vec::new(), known };
    flow.list(body);
    // Sorted, for a binary search per expansion.
    flow.safe.sort_unstable();
    flow.safe.dedup();
    flow.safe
}

/// What the script's assignments made of its variables on a path (the others are as the
/// script started: safe when ARG/ENV define them); `dead` after `exit` or `return`, where no
/// path goes on. Only assigned variables are held, sorted by name and borrowed from the tree:
/// a state is copied at every `&&`, and most scripts assign few variables or none, so the copy
/// is a small one (often of nothing) rather than a map of owned names.
#[derive(Clone, Debug, Default, PartialEq)]
struct State<'t> {
    vars: Vec<(&'t str, bool)>,
    dead: bool,
}

impl<'t> State<'t> {
    fn get(&self, name: &str) -> Option<bool> {
        self.vars.binary_search_by(|&(k, _)| k.cmp(name)).ok().map(|i| self.vars[i].1)
    }

    fn set(&mut self, name: &'t str, safe: bool) {
        match self.vars.binary_search_by(|&(k, _)| k.cmp(name)) {
            Ok(i) => self.vars[i].1 = safe,
            Err(i) => self.vars.insert(i, (name, safe)),
        }
    }
}

struct Flow<'k, 't> {
    state: State<'t>,
    safe: Vec<u32>,
    known: &'k dyn Fn(&str) -> bool,
}

/// A value that neither splits nor globs.
pub fn is_safe_value(value: &str) -> bool {
    !value.chars().any(|c| c.is_whitespace() || matches!(c, '*' | '?' | '[' | ']'))
}

impl<'t> Flow<'_, 't> {
    /// A variable's safety before the script assigns it.
    fn initial(&self, name: &str) -> bool {
        (self.known)(name) || SAFE_SPECIALS.contains(&name)
    }

    fn lookup(&self, state: &State, name: &str) -> bool {
        state.get(name).unwrap_or_else(|| self.initial(name))
    }

    /// After one of two paths: a variable is safe only if it is on both (a path that ended
    /// in `exit` does not count). A variable one path never assigned is as the script started
    /// on that path.
    fn join(&self, a: &State<'t>, b: &State<'t>) -> State<'t> {
        if a.dead {
            return b.clone();
        }
        if b.dead || a.vars == b.vars {
            return a.clone();
        }
        let mut vars = Vec::with_capacity(a.vars.len().max(b.vars.len()));
        let (mut i, mut j) = (0, 0);
        loop {
            match (a.vars.get(i), b.vars.get(j)) {
                (Some(&(ka, va)), Some(&(kb, vb))) => match ka.cmp(kb) {
                    Ordering::Less => {
                        vars.push((ka, va && self.initial(ka)));
                        i += 1;
                    }
                    Ordering::Greater => {
                        vars.push((kb, vb && self.initial(kb)));
                        j += 1;
                    }
                    Ordering::Equal => {
                        vars.push((ka, va && vb));
                        i += 1;
                        j += 1;
                    }
                },
                (Some(&(ka, va)), None) => {
                    vars.push((ka, va && self.initial(ka)));
                    i += 1;
                }
                (None, Some(&(kb, vb))) => {
                    vars.push((kb, vb && self.initial(kb)));
                    j += 1;
                }
                (None, None) => break,
            }
        }
        State { vars, dead: false }
    }

    fn list(&mut self, list: &'t List) {
        for item in &list.items {
            self.pipeline(&item.first);
            for (_, pipeline) in &item.rest {
                // The right side of `&&`/`||` may not run.
                let before = self.state.clone();
                self.pipeline(pipeline);
                self.state = self.join(&before, &self.state);
            }
        }
    }

    fn pipeline(&mut self, pipeline: &'t Pipeline) {
        if pipeline.commands.len() == 1 {
            self.command(&pipeline.commands[0]);
            return;
        }
        // Each part of a pipeline runs in a subshell: its assignments do not last.
        for command in &pipeline.commands {
            let before = self.state.clone();
            self.command(command);
            self.state = before;
        }
    }

    fn subshell(&mut self, list: &'t List) {
        let before = self.state.clone();
        self.list(list);
        self.state = before;
    }

    fn command(&mut self, command: &'t Command) {
        match &command.kind {
            CommandKind::Simple(simple) => {
                self.simple(simple);
                if simple.is_any_of(&["exit", "return"]) && simple.words.len() <= 2 {
                    self.state.dead = true;
                }
            }
            CommandKind::Brace(body) => self.list(body),
            CommandKind::Subshell(body) => self.subshell(body),
            CommandKind::If { branches, otherwise } => {
                let mut ends = Vec::new();
                for (condition, body) in branches {
                    self.list(condition);
                    let after_condition = self.state.clone();
                    self.list(body);
                    ends.push(std::mem::replace(&mut self.state, after_condition));
                }
                if let Some(body) = otherwise {
                    self.list(body);
                }
                for end in &ends {
                    self.state = self.join(&self.state, end);
                }
            }
            CommandKind::Loop { condition, body, .. } => {
                self.list(condition);
                let before = self.state.clone();
                self.list(body);
                self.state = self.join(&before, &self.state);
            }
            CommandKind::For { name, items, body, .. } => {
                let mut safe = items.is_some();
                for word in items.iter().flatten() {
                    self.word(word);
                    safe &= word.literal().is_some_and(|v| is_safe_value(&v));
                }
                let before = self.state.clone();
                self.state.set(name, safe);
                self.list(body);
                self.state = self.join(&before, &self.state);
            }
            CommandKind::ArithFor { body } => {
                let before = self.state.clone();
                self.list(body);
                self.state = self.join(&before, &self.state);
            }
            CommandKind::Case { subject, arms } => {
                self.word(subject);
                let before = self.state.clone();
                // Without a `*)` arm, no arm may match.
                let catch_all = arms.iter().any(|a| a.patterns.iter().any(|p| p.is_plain("*")));
                let mut end = if catch_all { State { dead: true, ..State::default() } } else { before.clone() };
                for arm in arms {
                    self.state = before.clone();
                    for pattern in &arm.patterns {
                        self.word(pattern);
                    }
                    self.list(&arm.body);
                    end = self.join(&end, &self.state);
                }
                self.state = end;
            }
            CommandKind::Function { body, .. } => {
                // The body runs when called; its expansions are judged with what is set where
                // it is defined, and defining it changes nothing.
                let before = self.state.clone();
                self.command(body);
                self.state = before;
            }
            CommandKind::Test(words) => {
                for word in words {
                    self.word(word);
                }
            }
            CommandKind::Arithmetic(_) => {}
        }
        for redirect in &command.redirects {
            if let Some(target) = &redirect.target {
                self.word(target);
            }
        }
    }

    fn simple(&mut self, simple: &'t Simple) {
        for assignment in &simple.assignments {
            match &assignment.value {
                AssignValue::Scalar(word) => self.word(word),
                AssignValue::Array(words) => words.iter().for_each(|w| self.word(w)),
            }
        }
        for word in &simple.words {
            self.word(word);
        }
        // Assignments before a command name only set its environment.
        if simple.words.is_empty() {
            for assignment in &simple.assignments {
                let safe = match &assignment.value {
                    AssignValue::Scalar(word) => !assignment.append && self.parts_safe(&word.parts),
                    AssignValue::Array(_) => false,
                };
                self.state.set(&assignment.name, safe);
            }
        }
        let args = simple.args();
        if simple.is_any_of(&["export", "local", "declare", "typeset", "readonly"]) {
            for arg in args {
                if let Some((name, head, tail)) = split_assignment(arg) {
                    let safe = is_safe_value(head) && self.parts_safe(tail);
                    self.state.set(name, safe);
                }
            }
        }
        if simple.is_any_of(&["read", "getopts", "mapfile", "readarray"]) {
            for name in args.iter().filter_map(Word::plain).filter(|n| super::is_name(n)) {
                self.state.set(name, false);
            }
        }
        if simple.is("printf")
            && let Some(i) = args.iter().position(|a| a.is_plain("-v"))
            && let Some(name) = args.get(i + 1).and_then(Word::plain)
        {
            self.state.set(name, false);
        }
        if simple.is("unset") {
            for name in args.iter().filter_map(Word::plain) {
                self.state.set(name, false);
            }
        }
    }

    /// Records the expansions of a word, and walks its substitutions.
    fn word(&mut self, word: &'t Word) {
        self.parts(&word.parts);
    }

    fn parts(&mut self, parts: &'t [Part]) {
        for part in parts {
            match &part.kind {
                PartKind::Param(param) if self.param_safe(param) => {
                    self.safe.push(part.range.start);
                }
                PartKind::DoubleQuoted(inner) => self.parts(inner),
                PartKind::CommandSub { body, .. } | PartKind::ProcessSub(body) => self.subshell(body),
                _ => {}
            }
        }
    }

    fn var_safe(&self, name: &str) -> bool {
        self.lookup(&self.state, name)
    }

    /// True when expanding `param` here cannot split or glob.
    fn param_safe(&self, param: &Param) -> bool {
        if param.length {
            return true;
        }
        let op = param.op.as_str();
        // `${x:+word}` is written on purpose: ShellCheck leaves it alone.
        if op.starts_with(":+") || op.starts_with('+') {
            return true;
        }
        if !self.var_safe(&param.name) {
            return false;
        }
        match op.strip_prefix(":-").or_else(|| op.strip_prefix('-')).or_else(|| op.strip_prefix(":=")) {
            Some(default) => is_safe_value(default) && !default.contains('$'),
            None => !op.starts_with('['),
        }
    }

    /// True when a value made of these parts cannot split or glob.
    fn parts_safe(&self, parts: &[Part]) -> bool {
        parts.iter().all(|p| match &p.kind {
            PartKind::Literal(s) | PartKind::SingleQuoted(s) | PartKind::DollarSingle(s) => is_safe_value(s),
            PartKind::Escaped(c) => !c.is_whitespace() && !matches!(c, '*' | '?' | '['),
            PartKind::DoubleQuoted(inner) => self.parts_safe(inner),
            PartKind::Arith(_) => true,
            PartKind::Param(param) => {
                param.length
                    || (self.var_safe(&param.name) && {
                        let op = param.op.as_str();
                        match op.strip_prefix(":-").or_else(|| op.strip_prefix('-')) {
                            Some(default) => is_safe_value(default) && !default.contains('$'),
                            None => op.is_empty() || op.starts_with(['%', '#']),
                        }
                    })
            }
            PartKind::CommandSub { .. } | PartKind::ProcessSub(_) => false,
        })
    }
}

/// `name=value` as an argument (`export name=value`): the name, the literal text after `=`
/// and the word's other parts. `None` for a word that is not an assignment.
fn split_assignment(word: &Word) -> Option<(&str, &str, &[Part])> {
    let Some(Part { kind: PartKind::Literal(first), .. }) = word.parts.first() else { return None };
    let (name, rest) = first.split_once('=')?;
    super::is_name(name).then_some((name, rest, &word.parts[1..]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::ast::Dialect;

    fn safe(script: &str, known: &[&str]) -> Vec<String> {
        let tree = crate::shell::parse_tree(script, vec![(0, 0)], Dialect::Sh);
        let uses = safe_uses(&tree.body, &|name| known.contains(&name));
        let mut out: Vec<String> = uses
            .iter()
            .map(|&at| script[at as usize..].split([' ', ';', '/']).next().unwrap_or("").to_string())
            .collect();
        out.sort();
        out
    }

    #[test]
    fn follows_order_and_branches() {
        assert_eq!(safe("x=a; echo $x", &[]), ["$x"]);
        assert_eq!(safe("x=a; x=$x-b; echo $x", &[]), ["$x", "$x-b"]);
        assert!(safe("PATH=$PATH:/x", &[]).is_empty());
        assert!(safe("if c; then x=a; fi; echo $x", &[]).is_empty());
        assert_eq!(safe("if c; then x=a; else x=b; fi; echo $x", &[]), ["$x"]);
        assert!(safe("c && x=a; echo $x", &[]).is_empty());
        assert_eq!(safe("echo $V", &["V"]), ["$V"]);
        assert!(safe("V=$(cat f); echo $V", &["V"]).is_empty());
        assert_eq!(safe("for i in a b; do echo $i; done", &[]), ["$i"]);
        assert!(safe("x=a | cat; echo $x", &[]).is_empty());
    }
}
