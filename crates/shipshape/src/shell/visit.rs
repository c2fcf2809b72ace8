//! A walk over a [`Tree`](super::ast::Tree): every and-or list, command and word, with where
//! it stands (in a condition, a function, a substitution). The tree is at most as deep as the
//! reader's nesting limit, so the walk's recursion is bounded too.

use super::ast::*;

/// Where a node stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Scope {
    /// Its exit status is tested: the left of `&&`/`||`, an `if`/`while` condition, or
    /// anything inside one.
    pub condition: bool,
    /// Inside a function body.
    pub function: bool,
    /// Inside `$(…)`, backquotes or `<(…)`.
    pub substitution: bool,
    /// Inside `( … )` or a substitution: its `cd` and assignments end with it.
    pub subshell: bool,
}

/// What a word is to the command around it.
#[derive(Clone, Copy, Debug)]
pub enum Role<'t> {
    /// The command name of a simple command.
    Name(&'t Simple),
    /// Argument `n` (1-based, as `$1`) of a simple command.
    Arg(&'t Simple, usize),
    /// The value of a scalar assignment (`x=value`, also `export x=value`'s is an argument).
    Assign(&'t Assignment),
    /// An element of `x=(…)`.
    ArrayItem(&'t Assignment),
    /// A word after `for x in`.
    ForItem,
    CaseSubject,
    CasePattern,
    /// A word of `[[ … ]]`.
    Test,
    Redirect(&'t Redirect),
}

pub trait Visitor<'t> {
    fn and_or(&mut self, _node: &'t AndOr, _scope: Scope) {}
    fn command(&mut self, _command: &'t Command, _scope: Scope) {}
    fn word(&mut self, _word: &'t Word, _role: Role<'t>, _scope: Scope) {}
}

/// Walks `list` in source order.
pub fn walk<'t>(list: &'t List, visitor: &mut impl Visitor<'t>) {
    walk_list(list, visitor, Scope::default(), false);
}

/// `last_is_condition`: the last item of the list is a condition (of `if`/`while`).
fn walk_list<'t>(list: &'t List, v: &mut impl Visitor<'t>, scope: Scope, last_is_condition: bool) {
    let n = list.items.len();
    for (i, item) in list.items.iter().enumerate() {
        let scope = Scope { condition: scope.condition || (last_is_condition && i + 1 == n), ..scope };
        v.and_or(item, scope);
        let pipelines = std::iter::once(&item.first).chain(item.rest.iter().map(|(_, p)| p));
        let count = item.rest.len() + 1;
        for (k, pipeline) in pipelines.enumerate() {
            // Every pipeline but the last is the left operand of an `&&` or `||`.
            let scope = Scope { condition: scope.condition || k + 1 < count, ..scope };
            for command in &pipeline.commands {
                walk_command(command, v, scope);
            }
        }
    }
}

fn walk_command<'t>(command: &'t Command, v: &mut impl Visitor<'t>, scope: Scope) {
    v.command(command, scope);
    match &command.kind {
        CommandKind::Simple(simple) => {
            for assignment in &simple.assignments {
                match &assignment.value {
                    AssignValue::Scalar(word) => walk_word(word, Role::Assign(assignment), v, scope),
                    AssignValue::Array(words) => {
                        for word in words {
                            walk_word(word, Role::ArrayItem(assignment), v, scope);
                        }
                    }
                }
            }
            for (i, word) in simple.words.iter().enumerate() {
                let role = if i == 0 { Role::Name(simple) } else { Role::Arg(simple, i) };
                walk_word(word, role, v, scope);
            }
        }
        CommandKind::Brace(body) => walk_list(body, v, scope, false),
        CommandKind::Subshell(body) => walk_list(body, v, Scope { subshell: true, ..scope }, false),
        CommandKind::If { branches, otherwise } => {
            for (condition, body) in branches {
                walk_list(condition, v, scope, true);
                walk_list(body, v, scope, false);
            }
            if let Some(body) = otherwise {
                walk_list(body, v, scope, false);
            }
        }
        CommandKind::Loop { condition, body, .. } => {
            walk_list(condition, v, scope, true);
            walk_list(body, v, scope, false);
        }
        CommandKind::For { items, body, .. } => {
            for word in items.iter().flatten() {
                walk_word(word, Role::ForItem, v, scope);
            }
            walk_list(body, v, scope, false);
        }
        CommandKind::ArithFor { body } => walk_list(body, v, scope, false),
        CommandKind::Case { subject, arms } => {
            walk_word(subject, Role::CaseSubject, v, scope);
            for arm in arms {
                for pattern in &arm.patterns {
                    walk_word(pattern, Role::CasePattern, v, scope);
                }
                walk_list(&arm.body, v, scope, false);
            }
        }
        CommandKind::Function { body, .. } => {
            walk_command(body, v, Scope { function: true, condition: false, ..scope });
        }
        CommandKind::Test(words) => {
            for word in words {
                walk_word(word, Role::Test, v, scope);
            }
        }
        CommandKind::Arithmetic(_) => {}
    }
    for redirect in &command.redirects {
        if let Some(target) = &redirect.target {
            walk_word(target, Role::Redirect(redirect), v, scope);
        }
    }
}

fn walk_word<'t>(word: &'t Word, role: Role<'t>, v: &mut impl Visitor<'t>, scope: Scope) {
    v.word(word, role, scope);
    walk_parts(&word.parts, v, scope);
}

fn walk_parts<'t>(parts: &'t [Part], v: &mut impl Visitor<'t>, scope: Scope) {
    let inner = Scope { substitution: true, subshell: true, ..scope };
    for part in parts {
        match &part.kind {
            PartKind::CommandSub { body, .. } | PartKind::ProcessSub(body) => walk_list(body, v, inner, false),
            PartKind::DoubleQuoted(parts) => walk_parts(parts, v, scope),
            _ => {}
        }
    }
}

/// Every simple command with its scope, in source order.
pub fn simple_commands(list: &List) -> Vec<(&Command, &Simple, Scope)> {
    struct Collect<'t>(Vec<(&'t Command, &'t Simple, Scope)>);
    impl<'t> Visitor<'t> for Collect<'t> {
        fn command(&mut self, command: &'t Command, scope: Scope) {
            if let CommandKind::Simple(simple) = &command.kind {
                self.0.push((command, simple, scope));
            }
        }
    }
    let mut collect = Collect(Vec::new());
    walk(list, &mut collect);
    collect.0
}

/// Every word with its role and scope, in source order.
pub fn words(list: &List) -> Vec<(&Word, Role<'_>, Scope)> {
    struct Collect<'t>(Vec<(&'t Word, Role<'t>, Scope)>);
    impl<'t> Visitor<'t> for Collect<'t> {
        fn word(&mut self, word: &'t Word, role: Role<'t>, scope: Scope) {
            self.0.push((word, role, scope));
        }
    }
    let mut collect = Collect(Vec::new());
    walk(list, &mut collect);
    collect.0
}
