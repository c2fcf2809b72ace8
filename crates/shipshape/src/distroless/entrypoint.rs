//! Entry point scripts (`docker-entrypoint.sh`, `entrypoint.sh`, `run.sh`), read the way an
//! expert reads one before dropping it from an image that has no shell.
//!
//! Most such scripts prepare a little and then start the app: they set or default variables,
//! switch to the app's user (`gosu`, `su-exec`), give it its data directories, copy a
//! configuration template into place when none is mounted, wait for a database, print a
//! message, and `exec "$@"` or `exec` the app. Each of those has a distroless equivalent (ENV,
//! WORKDIR, the final command in exec form, the nonroot user, a copy at build time) or is
//! dropped with a note that says what changed. Anything else (a migration run at start-up,
//! `umask`, a file filled in with `envsubst`, a loop over secrets) needs a shell: the script is
//! refused, naming its line.
//!
//! The script is evaluated for the image as it will run: as uid 65532 (so a branch that only
//! runs as root never runs), with the image's ENV, and with the command's arguments (the CMD,
//! which `docker run IMAGE …` replaces; what the script does with other arguments is said in a
//! note). The reading is a function of the text given, so the CLI (`--context DIR`) and the
//! playground read scripts the same way.

use crate::shell::{self, Keyword, OperatorKind, SimpleCommand, Word};
use crate::text::{LineIndex, TextRange, code};

use super::analyze::{basename, is_under, join};

/// A script and how the image starts it.
pub(crate) struct Start<'a> {
    /// The script's path in the image (`/usr/local/bin/docker-entrypoint.sh`), for sentences.
    pub name: &'a str,
    pub text: &'a str,
    /// The words after the script in ENTRYPOINT: fixed arguments.
    pub args: Vec<String>,
    /// The CMD, which the script receives after `args` and `docker run IMAGE …` replaces.
    pub cmd: Vec<String>,
    /// The image's ENV at start-up.
    pub env: &'a dyn Fn(&str) -> Option<String>,
    /// The working directory at start-up.
    pub workdir: String,
    /// The script is a command's text (`sh -c '…'`, a shell-form CMD), not a file.
    pub inline: bool,
    /// What to call it at the start of a sentence, instead of its name (`The start script`).
    pub label: Option<String>,
    /// True for a command the build stage ran already (`npm run build`): a step that repeats
    /// the build at start-up is dropped rather than refused.
    pub built: &'a dyn Fn(&[String]) -> bool,
}

/// What the script amounts to in an image without a shell.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Translation {
    /// The command's fixed words (they become ENTRYPOINT when the arguments follow them).
    pub command: Vec<String>,
    /// The command is followed by the script's arguments (`exec "$@"`, `exec app "$@"`).
    pub takes_args: bool,
    /// Variables the script exported, in order: ENV lines of the final stage.
    pub env: Vec<(String, String)>,
    /// The directory the script changed into.
    pub workdir: Option<String>,
    /// Directories the script made or gave to the app's user at start-up.
    pub dirs: Vec<String>,
    /// Files the script copied into place (a configuration template): `(from, to)`, done at build
    /// time instead.
    pub copies: Vec<(String, String)>,
    /// What changed, one sentence per dropped behaviour.
    pub notes: Vec<String>,
    /// What the user must check.
    pub checks: Vec<String>,
}

/// A line of the script that needs a shell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Refused {
    /// 1-based.
    pub line: u32,
    /// The line's text.
    pub text: String,
    /// The command (or construct) itself, which may be part of the line.
    pub part: String,
    pub why: String,
}

impl Refused {
    /// The refusal as a clause: "line 7 of `run.sh` (`python manage.py migrate`) runs … ".
    pub fn sentence(&self, name: &str) -> String {
        format!("line {} of {} ({}) {}", self.line, code(basename(name)), crate::text::code(&self.text), self.why)
    }
}

/// Reads the script; the translation, or the line that needs a shell.
pub(crate) fn translate(start: &Start) -> Result<Translation, Refused> {
    let text = start.text;
    let script = shell::parse(text, 0, text.len(), &|r| r);
    let lines = LineIndex::new(text);
    let at = |range: TextRange| {
        let line = lines.line(range.start);
        let line_text = text.lines().nth(line as usize).unwrap_or("").trim().to_string();
        (line + 1, line_text)
    };
    if let Some(error) = script.errors.first() {
        let (line, text) = at(error.range);
        return Err(Refused { line, part: text.clone(), text, why: format!("is not valid shell ({})", error.message) });
    }
    if let Some(c) = script.commands.iter().find(|c| c.depth > 0 && !c.in_substitution) {
        let (line, text) = at(c.range);
        return Err(Refused { line, part: text.clone(), text, why: "runs commands in a subshell".into() });
    }
    let tokens = tokens(&script);
    let mut parser = Parser { tokens: &tokens, next: 0, script: &script };
    let body = parser.list(&[]);
    if let Some(token) = parser.tokens.get(parser.next) {
        let (line, text) = at(token.range());
        return Err(Refused {
            line,
            part: text.clone(),
            text,
            why: "is shell syntax shipshape does not follow".into(),
        });
    }
    let mut eval = Eval {
        start,
        at: &at,
        vars: Vec::new(),
        positional: start.args.iter().cloned().map(Arg::Word).chain(std::iter::once(Arg::Cmd)).collect(),
        out: Translation::default(),
        logged: false,
        args_note: false,
        fixed_env: Vec::new(),
        exec_at: TextRange::new(0, 0),
    };
    match eval.list(&body, true)? {
        Flow::Exec(argv) => eval.finish(argv),
        Flow::Go => {
            let end = TextRange::new(text.len() as u32, text.len() as u32);
            let (line, _) = at(end);
            Err(Refused {
                line,
                text: "end of the script".into(),
                part: "end of the script".into(),
                why: "is reached without starting the app".into(),
            })
        }
    }
}

// ----- Structure: the flat commands and reserved words into statements -----

#[derive(Clone, Copy, Debug)]
enum Token<'s> {
    Command(&'s SimpleCommand),
    Keyword(&'s Keyword),
}

impl Token<'_> {
    fn range(&self) -> TextRange {
        match self {
            Token::Command(c) => c.range,
            Token::Keyword(k) => k.range,
        }
    }

    fn keyword(&self) -> Option<&'static str> {
        match self {
            Token::Keyword(k) => Some(k.word),
            Token::Command(_) => None,
        }
    }
}

/// The top-level commands and reserved words in source order.
fn tokens(script: &shell::Script) -> Vec<Token<'_>> {
    let mut tokens: Vec<Token> = script
        .commands
        .iter()
        .filter(|c| c.depth == 0 && !c.in_substitution)
        .map(Token::Command)
        .chain(script.keywords.iter().filter(|k| k.depth == 0).map(Token::Keyword))
        .collect();
    tokens.sort_by_key(|t| t.range().start);
    tokens
}

#[derive(Clone, Debug)]
enum Stmt<'s> {
    Command(&'s SimpleCommand),
    /// `a && b || c`: the first statement, then each operator with the next.
    AndOr(Box<Stmt<'s>>, Vec<(OperatorKind, Stmt<'s>)>),
    Not(Box<Stmt<'s>>),
    If {
        branches: Vec<(Vec<Stmt<'s>>, Vec<Stmt<'s>>)>,
        otherwise: Option<Vec<Stmt<'s>>>,
        at: TextRange,
    },
    Loop {
        until: bool,
        condition: Vec<Stmt<'s>>,
        body: Vec<Stmt<'s>>,
        at: TextRange,
    },
    Group(Vec<Stmt<'s>>),
    /// `for`, `case`, a function: what the reading does not follow, at its first word.
    Unsupported {
        word: &'static str,
        at: TextRange,
    },
    /// A pipeline or a command sent to the background.
    Operator {
        op: OperatorKind,
        at: TextRange,
    },
}

struct Parser<'t, 's> {
    tokens: &'t [Token<'s>],
    next: usize,
    script: &'s shell::Script,
}

impl<'s> Parser<'_, 's> {
    fn peek_keyword(&self) -> Option<&'static str> {
        self.tokens.get(self.next).and_then(Token::keyword)
    }

    fn eat(&mut self, word: &str) -> bool {
        if self.peek_keyword() == Some(word) {
            self.next += 1;
            true
        } else {
            false
        }
    }

    /// Statements until one of the `stop` words (not consumed) or the end.
    fn list(&mut self, stop: &[&str]) -> Vec<Stmt<'s>> {
        let mut out = Vec::new();
        while let Some(token) = self.tokens.get(self.next) {
            if token.keyword().is_some_and(|k| stop.contains(&k)) {
                break;
            }
            let before = self.next;
            match self.and_or() {
                Some(stmt) => out.push(stmt),
                None => break,
            }
            if self.next == before {
                break;
            }
        }
        out
    }

    /// The list operator that follows a statement ending at `end`, before the next token.
    fn operator_after(&self, end: u32) -> Option<(OperatorKind, TextRange)> {
        let limit = self.tokens.get(self.next).map_or(u32::MAX, |t| t.range().start);
        self.script
            .list_operators
            .iter()
            .find(|o| o.depth == 0 && o.op.range.start >= end && o.op.range.start < limit)
            .map(|o| (o.op.kind, o.op.range))
    }

    fn and_or(&mut self) -> Option<Stmt<'s>> {
        let (first, mut end) = self.unit()?;
        let mut rest = Vec::new();
        loop {
            match self.operator_after(end) {
                Some((op @ (OperatorKind::And | OperatorKind::Or), _)) => {
                    let Some((next, next_end)) = self.unit() else { break };
                    rest.push((op, next));
                    end = next_end;
                }
                Some((op @ (OperatorKind::Pipe | OperatorKind::PipeAll | OperatorKind::Background), at)) => {
                    return Some(Stmt::Operator { op, at });
                }
                _ => break,
            }
        }
        Some(if rest.is_empty() { first } else { Stmt::AndOr(Box::new(first), rest) })
    }

    /// One command or compound command, and where it ends.
    fn unit(&mut self) -> Option<(Stmt<'s>, u32)> {
        let token = *self.tokens.get(self.next)?;
        self.next += 1;
        let keyword = match token {
            Token::Command(c) => return Some((Stmt::Command(c), c.range.end)),
            Token::Keyword(k) => k,
        };
        let at = keyword.range;
        let end = |p: &Self| p.tokens.get(p.next.saturating_sub(1)).map_or(at.end, |t| t.range().end);
        match keyword.word {
            "if" => {
                let mut branches = Vec::new();
                let mut otherwise = None;
                loop {
                    let condition = self.list(&["then"]);
                    if !self.eat("then") {
                        return Some((Stmt::Unsupported { word: "if", at }, at.end));
                    }
                    let body = self.list(&["elif", "else", "fi"]);
                    branches.push((condition, body));
                    if self.eat("elif") {
                        continue;
                    }
                    if self.eat("else") {
                        otherwise = Some(self.list(&["fi"]));
                    }
                    break;
                }
                if !self.eat("fi") {
                    return Some((Stmt::Unsupported { word: "if", at }, at.end));
                }
                Some((Stmt::If { branches, otherwise, at }, end(self)))
            }
            word @ ("while" | "until") => {
                let condition = self.list(&["do"]);
                self.eat("do");
                let body = self.list(&["done"]);
                if !self.eat("done") {
                    return Some((Stmt::Unsupported { word: "while", at }, at.end));
                }
                Some((Stmt::Loop { until: word == "until", condition, body, at }, end(self)))
            }
            "{" => {
                let body = self.list(&["}"]);
                self.eat("}");
                Some((Stmt::Group(body), end(self)))
            }
            "!" => {
                let (inner, inner_end) = self.unit()?;
                Some((Stmt::Not(Box::new(inner)), inner_end))
            }
            word @ ("for" | "select") => {
                self.eat("do");
                self.list(&["done"]);
                self.eat("done");
                Some((Stmt::Unsupported { word, at }, end(self)))
            }
            "case" => {
                self.list(&["esac"]);
                self.eat("esac");
                Some((Stmt::Unsupported { word: "case", at }, end(self)))
            }
            "()" => {
                // The function's body, a group or another compound command.
                let _ = self.unit();
                Some((Stmt::Unsupported { word: "()", at }, end(self)))
            }
            other => Some((Stmt::Unsupported { word: other, at }, at.end)),
        }
    }
}

// ----- Evaluation -----

/// One positional parameter: a word the script or ENTRYPOINT gave, or the CMD as a whole (which
/// `docker run IMAGE …` replaces).
#[derive(Clone, Debug, PartialEq, Eq)]
enum Arg {
    Word(String),
    Cmd,
}

/// A value and what it depends on at start-up.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Value {
    text: String,
    /// Run-time inputs it depends on: a variable `docker run -e` may set, the arguments, a
    /// command's output.
    depends: Vec<String>,
}

impl Value {
    fn fixed(text: impl Into<String>) -> Value {
        Value { text: text.into(), depends: Vec::new() }
    }
}

#[derive(Clone, Debug)]
struct Var {
    name: String,
    value: Value,
    exported: bool,
}

enum Flow {
    /// Go on with the next statement.
    Go,
    /// The app is started with these words.
    Exec(Vec<Arg>),
}

struct Eval<'a, 'b> {
    start: &'b Start<'a>,
    at: &'b dyn Fn(TextRange) -> (u32, String),
    vars: Vec<Var>,
    positional: Vec<Arg>,
    out: Translation,
    logged: bool,
    args_note: bool,
    /// Variables set by ENV whose values the translation fixes (in the command, WORKDIR).
    fixed_env: Vec<String>,
    /// The command that starts the app.
    exec_at: TextRange,
}

/// Programs that switch user and run the rest: how many words (with the user) to skip.
fn user_switch(argv: &[String]) -> Option<(usize, String)> {
    let program = basename(argv.first()?);
    match program {
        "gosu" | "su-exec" | "s6-setuidgid" if argv.len() > 2 => Some((2, argv[1].clone())),
        "chpst" => {
            let at = argv.iter().position(|a| a == "-u")?;
            (argv.len() > at + 2).then(|| (at + 2, argv[at + 1].clone()))
        }
        "setpriv" | "runuser" => {
            let mut n = 1;
            let mut user = String::new();
            while let Some(a) = argv.get(n) {
                if a == "--" {
                    n += 1;
                    break;
                }
                if !a.starts_with('-') {
                    break;
                }
                if let Some(v) = a.strip_prefix("--reuid=").or_else(|| a.strip_prefix("--user=")) {
                    user = v.to_string();
                } else if a == "-u" {
                    user = argv.get(n + 1).cloned().unwrap_or_default();
                    n += 1;
                }
                n += 1;
            }
            (n < argv.len()).then_some((n, user))
        }
        _ => None,
    }
}

/// Programs that wait for a service and then run the rest (`wait-for-it db:5432 -- app`).
fn wait_wrapper(argv: &[String]) -> Option<(Option<usize>, String)> {
    let program = basename(argv.first()?);
    let what = argv.get(1).cloned().unwrap_or_default();
    match program {
        "wait-for-it" | "wait-for-it.sh" | "wait-for" | "wait-for.sh" => {
            Some((argv.iter().position(|a| a == "--").map(|i| i + 1), what))
        }
        "dockerize" if argv.iter().any(|a| a == "-wait") => {
            // dockerize's flags take a value each; the command follows them.
            let mut n = 1;
            while n < argv.len() && argv[n].starts_with('-') {
                n += 2;
            }
            let what = argv.iter().skip_while(|a| *a != "-wait").nth(1).cloned().unwrap_or_default();
            Some(((n < argv.len()).then_some(n), what))
        }
        "wait" if argv.len() == 1 => None,
        _ => None,
    }
}

/// Programs whose only effect is on users and groups.
const USER_SETUP: &[&str] =
    &["useradd", "adduser", "groupadd", "addgroup", "usermod", "groupmod", "deluser", "delgroup", "id"];

/// Programs that probe a service (a wait loop's condition).
const PROBES: &[&str] =
    &["nc", "pg_isready", "curl", "wget", "mysqladmin", "redis-cli", "mongosh", "mongo", "timeout", "test", "["];

impl<'a, 'b> Eval<'a, 'b> {
    fn refuse(&self, range: TextRange, why: impl Into<String>) -> Refused {
        let (line, text) = (self.at)(range);
        let part = self.start.text.get(range.start as usize..range.end as usize).unwrap_or(&text).trim().to_string();
        Refused { line, text, part, why: why.into() }
    }

    fn line_of(&self, range: TextRange) -> u32 {
        (self.at)(range).0
    }

    fn note(&mut self, message: String) {
        if !self.out.notes.contains(&message) {
            self.out.notes.push(message);
        }
    }

    fn check(&mut self, message: String) {
        if !self.out.checks.contains(&message) {
            self.out.checks.push(message);
        }
    }

    /// The script, for the start of a sentence: `` `run.sh` ``, or the shell command.
    fn script(&self) -> String {
        match &self.start.label {
            Some(label) => label.clone(),
            None if self.start.inline => "The shell command".to_string(),
            None => format!("{}", code(basename(self.start.name))),
        }
    }

    /// The value of `$name` now.
    fn lookup(&self, name: &str) -> Value {
        if let Some(var) = self.vars.iter().rev().find(|v| v.name == name) {
            return var.value.clone();
        }
        match (self.start.env)(name) {
            // Set by ENV: its value is known, though `docker run -e` may give another.
            Some(value) => Value { text: value, depends: vec![format!("env:{name}")] },
            // Set, if at all, only at run time.
            None => Value { text: String::new(), depends: vec![format!("${name}")] },
        }
    }

    /// The positional parameters with the CMD in place, and whether the CMD took part.
    fn concrete_args(&self) -> (Vec<String>, bool) {
        let mut out = Vec::new();
        let mut uses_cmd = false;
        for arg in &self.positional {
            match arg {
                Arg::Word(w) => out.push(w.clone()),
                Arg::Cmd => {
                    uses_cmd |= !self.start.cmd.is_empty();
                    out.extend(self.start.cmd.iter().cloned());
                }
            }
        }
        (out, uses_cmd)
    }

    /// A word's value: `$VAR`, `${VAR:-default}`, `$1`, `$#`, `$(id -u)` expanded.
    fn word(&mut self, word: &Word) -> Value {
        if !word.dynamic {
            return Value::fixed(word.value.clone());
        }
        let text = word.value.as_str();
        let mut out = Value::fixed("");
        let mut i = 0;
        let bytes = text.as_bytes();
        while i < bytes.len() {
            if bytes[i] != b'$' && bytes[i] != b'`' {
                let c = text[i..].chars().next().unwrap_or('?');
                out.text.push(c);
                i += c.len_utf8();
                continue;
            }
            let rest = &text[i..];
            let (value, len) = self.expansion(rest);
            out.text.push_str(&value.text);
            out.depends.extend(value.depends);
            i += len.max(1);
        }
        out
    }

    /// The expansion at the start of `rest` (which starts with `$` or a backquote), and its
    /// length.
    fn expansion(&mut self, rest: &str) -> (Value, usize) {
        let substitution = |inner: &str| {
            let inner = inner.trim();
            match inner {
                // The converted image runs as nonroot.
                "id -u" => Value::fixed("65532"),
                "id -un" | "id -u -n" | "whoami" => Value::fixed("nonroot"),
                _ => Value { text: String::new(), depends: vec![format!("$({inner})")] },
            }
        };
        if let Some(body) = rest.strip_prefix('`') {
            let end = body.find('`').unwrap_or(body.len());
            return (substitution(&body[..end]), end + 2);
        }
        let body = &rest[1..];
        if let Some(inner) = body.strip_prefix('(') {
            let mut depth = 1;
            let mut end = inner.len();
            for (k, c) in inner.char_indices() {
                match c {
                    '(' => depth += 1,
                    ')' => {
                        depth -= 1;
                        if depth == 0 {
                            end = k;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            return (substitution(&inner[..end]), end + 3);
        }
        if let Some(inner) = body.strip_prefix('{') {
            let end = inner.find('}').unwrap_or(inner.len());
            return (self.braced(&inner[..end]), end + 3);
        }
        let special = body.chars().next().unwrap_or(' ');
        if matches!(special, '@' | '*' | '#' | '?' | '$' | '!' | '-') || special.is_ascii_digit() {
            return (self.special(&special.to_string()), 2);
        }
        let len = body.bytes().take_while(|b| b.is_ascii_alphanumeric() || *b == b'_').count();
        if len == 0 {
            return (Value::fixed("$"), 1);
        }
        (self.lookup(&body[..len]), len + 1)
    }

    /// `$1`, `$#`, `$@`, `$0`.
    fn special(&self, name: &str) -> Value {
        let (args, uses_cmd) = self.concrete_args();
        let depends = if uses_cmd { vec!["the arguments".to_string()] } else { Vec::new() };
        let text = match name {
            "#" => args.len().to_string(),
            "@" | "*" => args.join(" "),
            "0" => self.start.name.to_string(),
            n => n.parse::<usize>().ok().and_then(|k| args.get(k.wrapping_sub(1)).cloned()).unwrap_or_default(),
        };
        let depends = if matches!(name, "0") { Vec::new() } else { depends };
        Value { text, depends }
    }

    /// `${NAME}`, `${NAME:-w}`, `${NAME:=w}`, `${1#-}`, `${1:0:1}`, `${#NAME}`.
    fn braced(&mut self, inner: &str) -> Value {
        if let Some(name) = inner.strip_prefix('#')
            && !name.is_empty()
        {
            let value = self.lookup_any(name);
            return Value { text: value.text.chars().count().to_string(), depends: value.depends };
        }
        let name_len = if inner.starts_with(|c: char| c.is_ascii_digit() || "@*#?".contains(c)) {
            1
        } else {
            inner.bytes().take_while(|b| b.is_ascii_alphanumeric() || *b == b'_').count()
        };
        let (name, modifier) = inner.split_at(name_len);
        let value = self.lookup_any(name);
        let empty = value.text.is_empty();
        let word = |w: &str| Value::fixed(w.trim_matches(['"', '\'']));
        match modifier {
            "" => value,
            m if m.starts_with(":-") => {
                if empty {
                    Value { text: word(&m[2..]).text, depends: value.depends }
                } else {
                    value
                }
            }
            m if m.starts_with('-') => {
                if empty {
                    Value { text: word(&m[1..]).text, depends: value.depends }
                } else {
                    value
                }
            }
            m if m.starts_with(":=") || m.starts_with('=') => {
                let default = m.trim_start_matches(':')[1..].to_string();
                if empty {
                    let default = word(&default).text;
                    self.assign(name, Value { text: default.clone(), depends: value.depends.clone() }, None);
                    Value { text: default, depends: value.depends }
                } else {
                    value
                }
            }
            m if m.starts_with(":+") => {
                if empty {
                    Value { text: String::new(), depends: value.depends }
                } else {
                    Value { text: word(&m[2..]).text, depends: value.depends }
                }
            }
            m if m.starts_with('#') || m.starts_with('%') => {
                let pattern = m.trim_start_matches(['#', '%']);
                let text = if m.starts_with('#') {
                    value.text.strip_prefix(pattern).unwrap_or(&value.text).to_string()
                } else {
                    value.text.strip_suffix(pattern).unwrap_or(&value.text).to_string()
                };
                Value { text, depends: value.depends }
            }
            m if m.starts_with(':') && m[1..].split(':').all(|n| n.trim().parse::<usize>().is_ok()) => {
                let mut parts = m[1..].split(':').map(|n| n.trim().parse::<usize>().unwrap_or(0));
                let from = parts.next().unwrap_or(0);
                let text: String = match parts.next() {
                    Some(len) => value.text.chars().skip(from).take(len).collect(),
                    None => value.text.chars().skip(from).collect(),
                };
                Value { text, depends: value.depends }
            }
            _ => Value { text: String::new(), depends: vec![format!("${{{inner}}}")] },
        }
    }

    fn lookup_any(&self, name: &str) -> Value {
        if name.chars().all(|c| c.is_ascii_digit()) || matches!(name, "@" | "*" | "#" | "?") {
            self.special(name)
        } else {
            self.lookup(name)
        }
    }

    /// Sets a variable. `exported`: `Some(true)` for `export`, `None` to keep what it was.
    fn assign(&mut self, name: &str, value: Value, exported: Option<bool>) {
        let was_exported = self.vars.iter().rev().find(|v| v.name == name).map(|v| v.exported);
        let in_env = (self.start.env)(name).is_some();
        let exported = exported.or(was_exported).unwrap_or(in_env);
        self.vars.push(Var { name: name.to_string(), value, exported });
    }

    /// The words of a command with `"$@"` spliced in as arguments.
    fn argv(&mut self, words: &[Word]) -> Result<Vec<Arg>, String> {
        let mut out = Vec::new();
        for word in words {
            if word.dynamic && matches!(word.value.as_str(), "$@" | "${@}" | "$*") {
                out.extend(self.positional.clone());
                continue;
            }
            let value = self.word(word);
            for dep in &value.depends {
                match dep.strip_prefix("env:") {
                    Some(name) => {
                        if !self.fixed_env.iter().any(|n| n == name) {
                            self.fixed_env.push(name.to_string());
                        }
                    }
                    None if dep == "the arguments" => {}
                    None => return Err(dep.clone()),
                }
            }
            out.push(Arg::Word(value.text));
        }
        Ok(out)
    }

    /// The words with the CMD in place, for commands run before the app.
    fn concrete(&mut self, words: &[Word]) -> Result<Vec<String>, String> {
        let args = self.argv(words)?;
        let (cmd, _) = (self.start.cmd.clone(), ());
        Ok(args
            .into_iter()
            .flat_map(|a| match a {
                Arg::Word(w) => vec![w],
                Arg::Cmd => cmd.clone(),
            })
            .collect())
    }

    fn list(&mut self, stmts: &[Stmt], top: bool) -> Result<Flow, Refused> {
        for (k, stmt) in stmts.iter().enumerate() {
            let last = top && k + 1 == stmts.len();
            if let Flow::Exec(argv) = self.stmt(stmt, last)? {
                return Ok(Flow::Exec(argv));
            }
        }
        Ok(Flow::Go)
    }

    fn stmt(&mut self, stmt: &Stmt, last: bool) -> Result<Flow, Refused> {
        match stmt {
            Stmt::Command(c) => self.command(c, last),
            Stmt::Group(body) => self.list(body, last),
            Stmt::Not(inner) => Err(self.refuse(range_of(inner), "negates a command's status")),
            Stmt::AndOr(first, rest) => self.and_or(first, rest, last),
            Stmt::If { branches, otherwise, at } => self.if_(branches, otherwise.as_deref(), *at, last),
            Stmt::Loop { until, condition, body, at } => self.loop_(*until, condition, body, *at),
            Stmt::Unsupported { word, at } => Err(self.refuse(
                *at,
                match *word {
                    "for" | "select" => "loops over values at start-up".to_string(),
                    "case" => "chooses what to do with `case` at start-up".to_string(),
                    "()" => "defines a shell function".to_string(),
                    other => format!("uses {other}", other = code(other)),
                },
            )),
            Stmt::Operator { op, at } => Err(self.refuse(
                *at,
                match op {
                    OperatorKind::Background => "starts a process in the background next to the app",
                    _ => "pipes one command into another",
                },
            )),
        }
    }

    /// `cond && action`, `cond || action`, `cmd || true`.
    fn and_or(&mut self, first: &Stmt, rest: &[(OperatorKind, Stmt)], last: bool) -> Result<Flow, Refused> {
        if let [(OperatorKind::Or, Stmt::Command(c))] = rest
            && c.words.len() == 1
            && matches!(c.words[0].value.as_str(), "true" | ":" | "exit")
            && c.assignments.is_empty()
        {
            // `cmd || true`: errors ignored; the command is what counts.
            return self.stmt(first, last);
        }
        // `cd /app && exec app`: steps in a row, each run when the one before succeeded (a
        // test among them makes it a condition instead).
        let is_test = |s: &Stmt| match s {
            Stmt::Command(c) => c.is_any(&["[", "[[", "test", "true", "false"]),
            _ => true,
        };
        if !is_test(first) && rest.iter().all(|(op, s)| *op == OperatorKind::And && !is_test(s)) {
            let mut steps = vec![first.clone()];
            steps.extend(rest.iter().map(|(_, s)| s.clone()));
            return self.list(&steps, last);
        }
        let [(op, action)] = rest else {
            return Err(self.refuse(range_of(first), "chains several commands with `&&` and `||`"));
        };
        let negate = *op == OperatorKind::Or;
        let branches = vec![(vec![first.clone()], vec![action.clone()])];
        let otherwise: Option<&[Stmt]> = None;
        if negate {
            let condition = vec![Stmt::Not(Box::new(first.clone()))];
            return self.if_(&[(condition, vec![action.clone()])], otherwise, range_of(first), last);
        }
        self.if_(&branches, otherwise, range_of(first), last)
    }

    fn if_(
        &mut self,
        branches: &[(Vec<Stmt>, Vec<Stmt>)],
        otherwise: Option<&[Stmt]>,
        at: TextRange,
        last: bool,
    ) -> Result<Flow, Refused> {
        // What runs only as root never runs in the converted image.
        for (condition, body) in branches {
            let verdict = self.condition(condition, at)?;
            match verdict {
                Verdict::Known { value, on_args } => {
                    if on_args && !self.args_note {
                        self.args_note = true;
                        self.note(format!(
                            "{} chose what to run from its arguments (line {}); with the image's CMD it runs the command below, and `docker run IMAGE …` with other arguments now runs exactly those arguments",
                            self.script(),
                            self.line_of(at)
                        ));
                    }
                    if value {
                        return self.list(body, last);
                    }
                    self.skipped(body, at);
                }
                Verdict::Root { runs } => {
                    if runs {
                        return self.list(body, last);
                    }
                    self.skipped_root(body, at);
                }
                Verdict::Default { name } => {
                    // `[ -z "$X" ] && X=default`: a default the user may override.
                    if self.only_assigns(body, &name) {
                        return self.list(body, last);
                    }
                    return Err(self.refuse(
                        at,
                        format!(
                            "does something only when {} is set a certain way at run time",
                            code(name.trim_start_matches('!'))
                        ),
                    ));
                }
                Verdict::File { path, when_exists } => {
                    // `[ -f config ] || cp template config`: a template copied into place.
                    if let (false, Some((from, to))) = (when_exists, self.only_copies(body, &path)) {
                        self.out.copies.push((from.clone(), to.clone()));
                        self.note(format!(
                            "{} copied {from} to {to} when no file was there (line {}); the final stage copies it at build time",
                            self.script(),
                            self.line_of(at),
                            from = code(&from),
                            to = code(&to)
                        ));
                        self.check(format!(
                            "a volume or bind mount over {} hides the copied {}: put your own file there when you mount one",
                            code(&super::analyze::dirname(&to)),
                            code(basename(&to))
                        ));
                        continue;
                    }
                    return Err(self.refuse(at, format!("tests for {} at start-up", code(&path))));
                }
            }
        }
        match otherwise {
            Some(body) => self.list(body, last),
            None => Ok(Flow::Go),
        }
    }

    /// A branch the image does not take: it must be harmless to skip (nothing it starts).
    fn skipped(&mut self, _body: &[Stmt], _at: TextRange) {}

    fn skipped_root(&mut self, body: &[Stmt], at: TextRange) {
        let mut what: Vec<String> = Vec::new();
        collect_commands(body, &mut what);
        let what: Vec<String> = what.into_iter().take(3).map(|w| code(&w).to_string()).collect();
        self.note(format!(
            "{} did more when started as root (line {}{}); the converted image never runs as root, so that part is gone: data mounted from outside must belong to uid 65532",
            self.script(),
            self.line_of(at),
            if what.is_empty() { String::new() } else { format!(": {}", what.join(", ")) }
        ));
    }

    fn only_assigns(&self, body: &[Stmt], name: &str) -> bool {
        !body.is_empty()
            && body.iter().all(|s| match s {
                Stmt::Command(c) => {
                    let export = c.is("export")
                        && c.args().iter().all(|w| w.value.starts_with(&format!("{name}=")) || w.value == name);
                    let plain =
                        c.words.is_empty() && c.assignments.iter().all(|a| a.value.starts_with(&format!("{name}=")));
                    export || plain
                }
                _ => false,
            })
    }

    fn only_copies(&mut self, body: &[Stmt], path: &str) -> Option<(String, String)> {
        let mut copy = None;
        for s in body {
            let Stmt::Command(c) = s else { return None };
            if c.is_any(&["echo", "printf"]) {
                continue;
            }
            if !c.is("cp") || copy.is_some() {
                return None;
            }
            let words = self.concrete(c.args()).ok()?;
            let operands: Vec<&String> = words.iter().filter(|w| !w.starts_with('-')).collect();
            let [from, to] = operands.as_slice() else { return None };
            let to = join(&self.workdir(), to);
            if to != *path && !is_under(path, &to) {
                return None;
            }
            copy = Some((join(&self.workdir(), from), path.to_string()));
        }
        copy
    }

    fn workdir(&self) -> String {
        self.out.workdir.clone().unwrap_or_else(|| self.start.workdir.clone())
    }

    fn condition(&mut self, condition: &[Stmt], at: TextRange) -> Result<Verdict, Refused> {
        let [stmt] = condition else {
            return Err(self.refuse(at, "tests several commands"));
        };
        let (negated, stmt) = match stmt {
            Stmt::Not(inner) => (true, inner.as_ref()),
            other => (false, other),
        };
        let verdict = match stmt {
            Stmt::Command(c) if c.is_any(&["[", "test", "[["]) => {
                let mut words: Vec<&Word> = c.args().iter().collect();
                if c.is("[") || c.is("[[") {
                    words.pop();
                }
                self.test(&words, at)?
            }
            Stmt::AndOr(first, rest) => {
                // `[ a ] && [ b ]`: both known, or one of them decides.
                let mut parts = vec![self.condition(std::slice::from_ref(first.as_ref()), at)?];
                for (op, s) in rest {
                    if *op != OperatorKind::And {
                        return Err(self.refuse(at, "tests with `||`"));
                    }
                    parts.push(self.condition(std::slice::from_ref(s), at)?);
                }
                combine_and(parts).ok_or_else(|| self.refuse(at, "tests what depends on run time"))?
            }
            Stmt::Command(c) if c.is_any(&["true", ":"]) => Verdict::Known { value: true, on_args: false },
            Stmt::Command(c) if c.is("false") => Verdict::Known { value: false, on_args: false },
            Stmt::Command(c) => {
                let what = match c.name() {
                    Some(name) => format!("runs {} at start-up to decide what to do", code(name)),
                    // `_=$(id app) || useradd app`: an assignment whose value a command gives.
                    None => "runs a command (in a command substitution) at start-up to decide what to do".to_string(),
                };
                return Err(self.refuse(c.range, what));
            }
            _ => return Err(self.refuse(at, "tests something shipshape does not follow")),
        };
        Ok(if negated { verdict.negate() } else { verdict })
    }

    /// `[ … ]`'s expression.
    fn test(&mut self, words: &[&Word], at: TextRange) -> Result<Verdict, Refused> {
        if let Some(split) = words.iter().position(|w| matches!(w.value.as_str(), "-a" | "&&")) {
            let left = self.test(&words[..split], at)?;
            let right = self.test(&words[split + 1..], at)?;
            return combine_and(vec![left, right]).ok_or_else(|| self.refuse(at, "tests what depends on run time"));
        }
        if words.iter().any(|w| matches!(w.value.as_str(), "-o" | "||")) {
            return Err(self.refuse(at, "tests with `-o`"));
        }
        if words.first().is_some_and(|w| w.value == "!") {
            return Ok(self.test(&words[1..], at)?.negate());
        }
        let values: Vec<Value> = words.iter().map(|w| self.word(w)).collect();
        let depends: Vec<String> = values.iter().flat_map(|v| v.depends.clone()).collect();
        let root_test = words.iter().any(|w| {
            let v = w.value.as_str();
            v.contains("id -u") || v.contains("whoami") || v.contains("$EUID") || v.contains("${EUID") || v == "$UID"
        });
        let on_args = depends.iter().any(|d| d == "the arguments");
        let known = depends.iter().all(|d| d == "the arguments" || d.starts_with("env:"));
        for name in depends.iter().filter_map(|d| d.strip_prefix("env:")) {
            if !self.fixed_env.iter().any(|n| n == name) {
                self.fixed_env.push(name.to_string());
            }
        }
        let ops: Vec<&str> = words.iter().map(|w| w.value.as_str()).collect();
        let value = match (ops.as_slice(), values.as_slice()) {
            ([op, _], [_, v]) if matches!(*op, "-z" | "-n") => {
                // `$X`, `${X}`, `${X:-}`: the variable's name.
                let var: String = words[1]
                    .value
                    .trim_start_matches(['$', '{'])
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if !known && !root_test {
                    return Ok(Verdict::Default { name: var });
                }
                (*op == "-z") == v.text.is_empty()
            }
            ([op, _], [_, v]) if matches!(*op, "-f" | "-e" | "-s" | "-r") => {
                if !v.depends.is_empty() {
                    return Err(self.refuse(at, "tests a file named at run time"));
                }
                // `~/.bashrc` is under the home directory, not the working directory.
                let path = if v.text.starts_with('~') { v.text.clone() } else { join(&self.workdir(), &v.text) };
                return Ok(Verdict::File { path, when_exists: true });
            }
            ([op, _], _) if op.starts_with('-') => {
                return Err(self.refuse(at, format!("tests {op} at start-up", op = code(op))));
            }
            ([_, op, _], [a, _, b]) => {
                if !known && !root_test {
                    return Err(self.refuse(
                        at,
                        format!("tests {} at start-up", code(&depends.first().cloned().unwrap_or_default())),
                    ));
                }
                let numbers = a.text.trim().parse::<i64>().ok().zip(b.text.trim().parse::<i64>().ok());
                match (*op, numbers) {
                    ("=" | "==", _) => a.text == b.text,
                    ("!=", _) => a.text != b.text,
                    ("-eq", Some((x, y))) => x == y,
                    ("-ne", Some((x, y))) => x != y,
                    ("-lt", Some((x, y))) => x < y,
                    ("-gt", Some((x, y))) => x > y,
                    ("-le", Some((x, y))) => x <= y,
                    ("-ge", Some((x, y))) => x >= y,
                    _ => return Err(self.refuse(at, format!("compares with {op}", op = code(op)))),
                }
            }
            ([_], [v]) => {
                if !known {
                    return Err(self.refuse(at, "tests what depends on run time"));
                }
                !v.text.is_empty()
            }
            _ => return Err(self.refuse(at, "tests something shipshape does not follow")),
        };
        Ok(if root_test { Verdict::Root { runs: value } } else { Verdict::Known { value, on_args } })
    }

    fn loop_(&mut self, until: bool, condition: &[Stmt], body: &[Stmt], at: TextRange) -> Result<Flow, Refused> {
        let probe = condition.iter().all(|s| match s {
            Stmt::Command(c) => c.is_any(PROBES) || c.is_any(&["!"]),
            Stmt::Not(inner) => matches!(inner.as_ref(), Stmt::Command(c) if c.is_any(PROBES)),
            _ => false,
        });
        let idle = body.iter().all(|s| matches!(s, Stmt::Command(c) if c.is_any(&["sleep", "echo", "printf", ":"])));
        if !(probe && idle) {
            return Err(self.refuse(at, format!("loops ({}) at start-up", code(if until { "until" } else { "while" }))));
        }
        let (_, what) = (self.at)(at);
        self.waited(at, &what);
        Ok(Flow::Go)
    }

    fn waited(&mut self, at: TextRange, what: &str) {
        self.note(format!(
            "{} waited for a service before starting the app (line {}: {what}); the image starts the app at once, so the app must retry its connection, or the orchestrator order the start (Compose `depends_on` with `condition: service_healthy`, a Kubernetes init container)",
            self.script(),
            self.line_of(at),
            what = code(what)
        ));
    }

    fn command(&mut self, c: &SimpleCommand, last: bool) -> Result<Flow, Refused> {
        let line = self.line_of(c.range);
        if let Some(redirect) =
            c.redirects.iter().find(|r| !matches!(r.op.as_str(), ">&" | "<&") && !c.is_any(&["echo", "printf"]))
        {
            return Err(self.refuse(c.range, format!("redirects {} at start-up", code(&redirect.op))));
        }
        // Assignments alone: `X=value`.
        if c.words.is_empty() {
            for a in &c.assignments {
                let (name, value) = a.value.split_once('=').unwrap_or((&a.value, ""));
                let value = self.word(&Word { value: value.to_string(), ..a.clone() });
                self.assign(name, value, None);
            }
            return Ok(Flow::Go);
        }
        // `VAR=value exec app`: the variables go to the app, as ENV does.
        let starts_app = c.is("exec") || (last && !c.is_any(&["echo", "printf", "sleep", "cd", "export", ":", "true"]));
        if !c.assignments.is_empty() && !starts_app {
            return Err(self.refuse(c.range, "sets variables for one command"));
        }
        for a in &c.assignments {
            let (name, value) = a.value.split_once('=').unwrap_or((&a.value, ""));
            let value = self.word(&Word { value: value.to_string(), ..a.clone() });
            self.assign(name, value, Some(true));
        }
        let program = c.program().unwrap_or("");
        match program {
            "export" => {
                for w in c.args() {
                    if w.value.starts_with('-') {
                        return Err(self.refuse(c.range, format!("uses `export {}`", w.value)));
                    }
                    match w.value.split_once('=') {
                        Some((name, value)) => {
                            let value = self.word(&Word { value: value.to_string(), ..w.clone() });
                            self.assign(name, value, Some(true));
                        }
                        None => {
                            let value = self.lookup(&w.value);
                            self.assign(&w.value, value, Some(true));
                        }
                    }
                }
                Ok(Flow::Go)
            }
            ":" | "true" => {
                for w in c.args() {
                    self.word(w);
                }
                Ok(Flow::Go)
            }
            "set" => {
                let args = c.args();
                if let Some(at) = args.iter().position(|w| w.value == "--") {
                    self.positional = self.argv(&args[at + 1..]).map_err(|d| {
                        self.refuse(c.range, format!("sets the arguments from {d} at run time", d = code(&d)))
                    })?;
                    return Ok(Flow::Go);
                }
                if args.iter().all(|w| {
                    w.value.starts_with(['-', '+'])
                        || matches!(w.value.as_str(), "pipefail" | "errexit" | "nounset" | "xtrace")
                }) {
                    return Ok(Flow::Go);
                }
                Err(self.refuse(c.range, "sets the arguments"))
            }
            "shift" => {
                let n: usize = c.args().first().and_then(|w| w.value.parse().ok()).unwrap_or(1);
                for _ in 0..n {
                    match self.positional.first() {
                        Some(Arg::Word(_)) => {
                            self.positional.remove(0);
                        }
                        _ => return Err(self.refuse(c.range, "drops arguments the user may give")),
                    }
                }
                Ok(Flow::Go)
            }
            "echo" | "printf" => {
                if !self.logged {
                    self.logged = true;
                    self.note(format!("{} printed messages at start-up (line {line}), which are gone", self.script()));
                }
                Ok(Flow::Go)
            }
            "sleep" => {
                let what = c.args().first().map(|w| w.value.clone()).unwrap_or_default();
                self.note(format!(
                    "{} slept {what} seconds before starting the app (line {line}); the app now starts at once: if it waited for a service, it must retry its connection",
                    self.script()
                ));
                Ok(Flow::Go)
            }
            "cd" => {
                let dir = self.concrete(c.args()).map_err(|d| {
                    self.refuse(c.range, format!("changes into a directory named by {d} at run time", d = code(&d)))
                })?;
                let dir = join(&self.workdir(), dir.first().map(String::as_str).unwrap_or("~"));
                self.note(format!(
                    "{} changed into {dir} (line {line}); WORKDIR does the same",
                    self.script(),
                    dir = code(&dir)
                ));
                self.out.workdir = Some(dir);
                Ok(Flow::Go)
            }
            "mkdir" | "chown" | "chmod" | "find" => self.ownership(c, line),
            "cp" if !last => match self.concrete(c.args()) {
                Ok(words) => {
                    let operands: Vec<&String> = words.iter().filter(|w| !w.starts_with('-')).collect();
                    let [from, to] = operands.as_slice() else {
                        return Err(self.refuse(c.range, "copies several files at start-up"));
                    };
                    let (from, to) = (join(&self.workdir(), from), join(&self.workdir(), to));
                    self.out.copies.push((from.clone(), to.clone()));
                    self.note(format!(
                        "{} copied {from} to {to} at start-up (line {line}); the final stage copies it at build time",
                        self.script(),
                        from = code(&from),
                        to = code(&to)
                    ));
                    self.check(format!(
                        "a volume or bind mount over {} hides the copied {}: put your own file there when you mount one",
                        code(&super::analyze::dirname(&to)),
                        code(basename(&to))
                    ));
                    Ok(Flow::Go)
                }
                Err(d) => Err(self.refuse(c.range, format!("copies a file named by {d} at run time", d = code(&d)))),
            },
            p if USER_SETUP.contains(&p) => {
                self.note(format!(
                    "{} set up users at start-up (line {line}: {p}); the image runs as uid 65532, which needs none",
                    self.script(),
                    p = code(p)
                ));
                Ok(Flow::Go)
            }
            "exec" => {
                let words = &c.words[1..];
                if words.is_empty() {
                    return Err(self.refuse(c.range, "redirects the script's own output with `exec`"));
                }
                self.start_app(c, words, line)
            }
            _ if last => self.start_app(c, &c.words, line),
            _ => {
                let words = self.concrete(&c.words).ok();
                if words.as_deref().and_then(wait_wrapper).is_some() {
                    // `wait-for-it db:5432` alone.
                    self.waited(c.range, &(self.at)(c.range).1);
                    return Ok(Flow::Go);
                }
                if let Some(words) = words.filter(|w| (self.start.built)(w)) {
                    self.note(format!(
                        "{} ran {} before the app (line {line}), which the build stage did already: the image no longer repeats it at start-up",
                        self.script(),
                        code(&words.join(" "))
                    ));
                    return Ok(Flow::Go);
                }
                let why = match program {
                    "umask" => "sets the mode mask the app's files are created with, which needs a shell".into(),
                    "ulimit" => "raises resource limits, which needs a shell".into(),
                    "trap" => "handles signals in the shell".into(),
                    "source" | "." => "reads another script".into(),
                    "eval" => "evaluates a command built at run time".into(),
                    "envsubst" | "sed" | "awk" => "fills in a file at start-up".into(),
                    "wait" => "waits for processes of the shell".into(),
                    "exit" | "return" => "ends the script early".into(),
                    _ => "runs a step at start-up, before the app".to_string(),
                };
                Err(self.refuse(c.range, why))
            }
        }
    }

    /// `mkdir`, `chown`, `chmod`, `find … -exec chown`: directories the app writes.
    fn ownership(&mut self, c: &SimpleCommand, line: u32) -> Result<Flow, Refused> {
        let words = self
            .concrete(c.args())
            .map_err(|d| self.refuse(c.range, format!("works on a path named by {d} at run time", d = code(&d))))?;
        let program = c.program().unwrap_or("");
        let paths: Vec<String> = match program {
            "find" => {
                if !words.iter().any(|w| matches!(w.as_str(), "chown" | "chmod")) {
                    return Err(self.refuse(c.range, "runs `find` at start-up"));
                }
                words.first().into_iter().cloned().collect()
            }
            "mkdir" => words.iter().filter(|w| !w.starts_with('-')).cloned().collect(),
            // The owner or the mode comes first.
            _ => words.iter().filter(|w| !w.starts_with('-')).skip(1).cloned().collect(),
        };
        for path in paths {
            let path = join(&self.workdir(), &path);
            if !self.out.dirs.contains(&path) {
                self.out.dirs.push(path);
            }
        }
        self.note(format!(
            "{} prepared directories for the app at start-up (line {line}: {program}); the final stage has them, owned by 65532",
            self.script(),
            program = code(program)
        ));
        Ok(Flow::Go)
    }

    /// The command that starts the app: user switches and wait wrappers taken off the front.
    fn start_app(&mut self, c: &SimpleCommand, words: &[Word], line: u32) -> Result<Flow, Refused> {
        self.exec_at = c.range;
        let mut argv =
            self.argv(words).map_err(|d| {
                self.refuse(c.range, format!(
                "starts the app with {d}, a value known only at run time, which an exec-form command cannot expand",
                d = code(&d)
            ))
            })?;
        loop {
            let concrete: Vec<String> = argv
                .iter()
                .map(|a| match a {
                    Arg::Word(w) => w.clone(),
                    Arg::Cmd => String::new(),
                })
                .collect();
            if let Some((skip, user)) = user_switch(&concrete) {
                self.note(format!(
                    "{} switched to the user {user} with {} (line {line}); the image runs as uid 65532 from the start",
                    self.script(),
                    code(basename(&concrete[0])),
                    user = code(&user)
                ));
                argv.drain(..skip);
                continue;
            }
            if let Some((Some(skip), _)) = wait_wrapper(&concrete) {
                self.waited(c.range, &(self.at)(c.range).1);
                argv.drain(..skip);
                continue;
            }
            // `cross-env NODE_ENV=production node server.js`: variables for the app, as ENV.
            if concrete.first().map(|p| basename(p)) == Some("cross-env") {
                let n = 1 + concrete[1..].iter().take_while(|w| w.contains('=') && !w.starts_with('-')).count();
                for word in &concrete[1..n] {
                    let (name, value) = word.split_once('=').unwrap_or((word, ""));
                    self.assign(name, Value::fixed(value), Some(true));
                }
                argv.drain(..n);
                continue;
            }
            if matches!(concrete.first().map(|p| basename(p)), Some("tini" | "dumb-init")) {
                let mut n = 1;
                while concrete.get(n).is_some_and(|a| a.starts_with('-') && a != "--") {
                    n += 1;
                }
                if concrete.get(n).map(String::as_str) == Some("--") {
                    n += 1;
                }
                self.check(format!(
                    "{} started the app under {} (line {line}), which is not in the runtime image: run the container with `docker run --init` if the app needs an init process",
                    self.script(),
                    code(&concrete[0])
                ));
                argv.drain(..n);
                continue;
            }
            break;
        }
        if argv.first() == Some(&Arg::Cmd) && self.start.cmd.is_empty() {
            return Err(self.refuse(c.range, "runs its arguments, and the image gives none"));
        }
        // A package manager's script says so in a note of its own.
        if !c.is("exec") && self.start.label.is_none() {
            self.note(format!(
                "{} ran the app as a child of the shell (line {line}), which kept signals such as SIGTERM from it; the app now receives them directly",
                self.script()
            ));
        }
        let _ = self.start.args.len();
        Ok(Flow::Exec(argv))
    }

    fn finish(mut self, argv: Vec<Arg>) -> Result<Translation, Refused> {
        let marker = argv.iter().position(|a| *a == Arg::Cmd);
        let words: Vec<String> = argv
            .iter()
            .filter_map(|a| match a {
                Arg::Word(w) => Some(w.clone()),
                Arg::Cmd => None,
            })
            .collect();
        match marker {
            Some(k) if k + 1 != argv.len() => {
                return Err(self.refuse(
                    self.exec_at,
                    "passes the arguments to the app before other words, which exec form cannot keep",
                ));
            }
            Some(_) => {
                self.out.command = words;
                self.out.takes_args = true;
            }
            None => {
                if !self.start.cmd.is_empty() {
                    self.note(format!(
                        "{} did not pass its arguments (the CMD {}) to the app; `docker run IMAGE …` arguments now go to the app",
                        self.script(),
                        code(&self.start.cmd.join(" "))
                    ));
                }
                self.out.command = words;
                self.out.takes_args = false;
            }
        }
        // What the script exported, with the value it had when the app started.
        let mut env: Vec<(String, String)> = Vec::new();
        for var in &self.vars {
            if var.exported && (self.start.env)(&var.name).as_deref() != Some(var.value.text.as_str()) {
                env.retain(|(n, _)| *n != var.name);
                env.push((var.name.clone(), var.value.text.clone()));
            }
        }
        // A value built from a command's output or from another variable set only at run time
        // cannot be an ENV line (its own default, `${X:-8080}`, can).
        for var in self.vars.iter().filter(|v| v.exported) {
            if let Some(dep) = var.value.depends.iter().find(|d| {
                d.starts_with("$(") || d.starts_with("${") || (d.starts_with('$') && **d != format!("${}", var.name))
            }) {
                return Err(self.refuse(
                    self.exec_at,
                    format!(
                        "starts the app with {} exported from {dep}, known only at run time",
                        code(&var.name),
                        dep = code(dep)
                    ),
                ));
            }
        }
        if !self.fixed_env.is_empty() {
            let names: Vec<String> = self.fixed_env.iter().map(|n| format!("`${n}`")).collect();
            self.check(format!(
                "{} read {} when it ran; the translation uses {} ENV {} (in the command and WORKDIR), so `docker run -e` no longer changes what {} decided",
                self.script(),
                names.join(", "),
                if names.len() == 1 { "its" } else { "their" },
                if names.len() == 1 { "value" } else { "values" },
                if names.len() == 1 { "it" } else { "they" },
            ));
        }
        if !env.is_empty() {
            let names: Vec<String> = env.iter().map(|(n, _)| code(n).to_string()).collect();
            self.note(format!(
                "{} set {} at start-up; ENV sets {} now, and `docker run -e` still overrides {}",
                self.script(),
                names.join(", "),
                if names.len() == 1 { "it" } else { "them" },
                if names.len() == 1 { "it" } else { "them" },
            ));
        }
        self.out.env = env;
        Ok(self.out)
    }
}

/// What a test tells.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Verdict {
    /// Known for the image's arguments (`on_args`: it depends on them) or fixed values.
    Known { value: bool, on_args: bool },
    /// Whether the user is root: never, in the converted image.
    Root { runs: bool },
    /// `-z "$X"` with `X` settable at run time: only a default assignment can follow.
    Default { name: String },
    /// A test of a file at start-up: true when it exists (`-f`), or when it does not (`! -f`),
    /// where a copy into place can follow.
    File { path: String, when_exists: bool },
}

impl Verdict {
    fn negate(self) -> Verdict {
        match self {
            Verdict::Known { value, on_args } => Verdict::Known { value: !value, on_args },
            Verdict::Root { runs } => Verdict::Root { runs: !runs },
            // `-n "$X"` is the negation of a default: nothing can follow it.
            Verdict::Default { name } => Verdict::Default { name: format!("!{name}") },
            Verdict::File { path, when_exists } => Verdict::File { path, when_exists: !when_exists },
        }
    }
}

/// `a && b`: false when one side is known false (a root-only test among them), known when all
/// are.
fn combine_and(parts: Vec<Verdict>) -> Option<Verdict> {
    if parts.iter().any(|p| matches!(p, Verdict::Root { runs: false })) {
        return Some(Verdict::Root { runs: false });
    }
    let mut value = true;
    let mut on_args = false;
    for part in parts {
        match part {
            Verdict::Known { value: v, on_args: a } => {
                value &= v;
                on_args |= a;
            }
            Verdict::Root { runs } => value &= runs,
            _ => return None,
        }
    }
    Some(Verdict::Known { value, on_args })
}

fn range_of(stmt: &Stmt) -> TextRange {
    match stmt {
        Stmt::Command(c) => c.range,
        Stmt::AndOr(first, _) | Stmt::Not(first) => range_of(first),
        Stmt::If { at, .. } | Stmt::Loop { at, .. } | Stmt::Unsupported { at, .. } | Stmt::Operator { at, .. } => *at,
        Stmt::Group(body) => body.first().map_or(TextRange::new(0, 0), range_of),
    }
}

/// The commands of statements, for a note.
fn collect_commands(stmts: &[Stmt], out: &mut Vec<String>) {
    for stmt in stmts {
        match stmt {
            Stmt::Command(c) => {
                let text = command_text(c);
                if !text.is_empty() && !c.is_any(&["echo", "printf", ":"]) && !out.contains(&text) {
                    out.push(text);
                }
            }
            Stmt::AndOr(first, rest) => {
                collect_commands(std::slice::from_ref(first.as_ref()), out);
                for (_, s) in rest {
                    collect_commands(std::slice::from_ref(s), out);
                }
            }
            Stmt::Not(inner) => collect_commands(std::slice::from_ref(inner.as_ref()), out),
            Stmt::If { branches, otherwise, .. } => {
                for (_, body) in branches {
                    collect_commands(body, out);
                }
                if let Some(body) = otherwise {
                    collect_commands(body, out);
                }
            }
            Stmt::Loop { body, .. } | Stmt::Group(body) => collect_commands(body, out),
            Stmt::Unsupported { .. } | Stmt::Operator { .. } => {}
        }
    }
}

/// A command's first words, for sentences: `python manage.py migrate`.
fn command_text(c: &SimpleCommand) -> String {
    let words: Vec<&str> = c.words.iter().take(4).map(|w| w.value.as_str()).collect();
    let mut text = words.join(" ");
    if c.words.len() > 4 {
        text.push_str(" …");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str, cmd: &[&str]) -> Result<Translation, Refused> {
        let env = |name: &str| match name {
            "APP_HOME" => Some("/srv/app".to_string()),
            _ => None,
        };
        translate(&Start {
            name: "/usr/local/bin/docker-entrypoint.sh",
            text,
            args: Vec::new(),
            cmd: cmd.iter().map(|s| s.to_string()).collect(),
            env: &env,
            workdir: "/app".into(),
            inline: false,
            label: None,
            built: &|words: &[String]| words.join(" ") == "npm run build",
        })
    }

    #[test]
    fn exec_of_the_arguments_keeps_the_cmd_as_the_command() {
        let t = run("#!/bin/sh\nset -e\nexport PORT=\"${PORT:-8080}\"\nexec \"$@\"\n", &["node", "server.js"]).unwrap();
        assert_eq!((t.command.clone(), t.takes_args), (Vec::<String>::new(), true));
        assert_eq!(t.env, [("PORT".to_string(), "8080".to_string())]);
    }

    #[test]
    fn a_root_only_branch_with_gosu_is_dropped() {
        let script = "#!/bin/bash\nset -eu\nif [ \"$(id -u)\" = '0' ]; then\n  chown -R app:app /data\n  exec gosu app \"$0\" \"$@\"\nfi\nexec \"$@\"\n";
        let t = run(script, &["/usr/local/bin/server"]).unwrap();
        assert!(t.takes_args && t.command.is_empty(), "{t:?}");
        assert!(
            t.notes.iter().any(|n| n.contains("started as root") && n.contains("chown -R app:app /data")),
            "{:?}",
            t.notes
        );
    }

    #[test]
    fn gosu_and_a_fixed_command() {
        let t = run("#!/bin/sh\nmkdir -p /data\nchown app /data\nexec su-exec app /usr/bin/app --serve \"$@\"\n", &[])
            .unwrap();
        assert_eq!(t.command, ["/usr/bin/app", "--serve"]);
        assert!(t.takes_args);
        assert_eq!(t.dirs, ["/data"]);
        assert!(t.notes.iter().any(|n| n.contains("su-exec")), "{:?}", t.notes);
    }

    #[test]
    fn a_flag_prefix_is_evaluated_for_the_cmd() {
        let script =
            "#!/bin/sh\nset -e\nif [ \"${1#-}\" != \"$1\" ]; then\n  set -- valkey-server \"$@\"\nfi\nexec \"$@\"\n";
        let t = run(script, &["valkey-server"]).unwrap();
        assert!(t.takes_args && t.command.is_empty());
        assert!(t.notes.iter().any(|n| n.contains("from its arguments")), "{:?}", t.notes);
        let t = run(script, &["--port", "7000"]).unwrap();
        assert_eq!(t.command, ["valkey-server"]);
    }

    #[test]
    fn a_template_copied_when_missing() {
        let script = "#!/bin/sh\nif [ ! -f /config/app.toml ]; then\n  echo 'writing a default configuration'\n  cp /defaults/app.toml /config/app.toml\nfi\nexec /app/server\n";
        let t = run(script, &["--verbose"]).unwrap();
        assert_eq!(t.copies, [("/defaults/app.toml".to_string(), "/config/app.toml".to_string())]);
        assert_eq!((t.command.clone(), t.takes_args), (vec!["/app/server".to_string()], false));
        assert!(t.checks.iter().any(|c| c.contains("`/config`")), "{:?}", t.checks);
    }

    #[test]
    fn waiting_for_a_database_is_dropped_with_a_note() {
        let script = "#!/bin/sh\nuntil pg_isready -h \"$DB_HOST\"; do\n  echo waiting\n  sleep 1\ndone\nwait-for-it redis:6379 -t 30 -- node index.js\n";
        let t = run(script, &[]).unwrap();
        assert_eq!(t.command, ["node", "index.js"]);
        assert!(t.notes.iter().filter(|n| n.contains("waited for a service")).count() >= 1, "{:?}", t.notes);
    }

    #[test]
    fn a_default_only_when_unset() {
        let script = "#!/bin/sh\nif [ -z \"$WORKERS\" ]; then\n  export WORKERS=4\nfi\ncd \"$APP_HOME\"\nexec gunicorn app:app\n";
        let t = run(script, &[]).unwrap();
        assert_eq!(t.env, [("WORKERS".to_string(), "4".to_string())]);
        assert_eq!(t.workdir.as_deref(), Some("/srv/app"));
    }

    #[test]
    fn what_needs_a_shell_is_named_by_its_line() {
        let r =
            run("#!/bin/sh\nset -e\npython manage.py migrate --noinput\nexec gunicorn app.wsgi\n", &[]).unwrap_err();
        assert_eq!(r.line, 3);
        assert_eq!(r.text, "python manage.py migrate --noinput");
        assert!(r.why.contains("a step at start-up"), "{r:?}");
        let r = run("#!/bin/sh\numask 0077\nexec \"$@\"\n", &["app"]).unwrap_err();
        assert_eq!((r.line, r.text.as_str()), (2, "umask 0077"));
        let r = run(
            "#!/bin/sh\nfor f in /run/secrets/*; do export \"$(basename $f)\"=\"$(cat $f)\"; done\nexec app\n",
            &[],
        )
        .unwrap_err();
        assert!(r.why.contains("loops"), "{r:?}");
        let r = run("#!/bin/sh\nexec node server.js --port \"$PORT\"\n", &[]).unwrap_err();
        assert!(r.why.contains("`$PORT`"), "{r:?}");
        let r = run("#!/bin/sh\nenvsubst < /etc/app.tmpl > /etc/app.conf\nexec app\n", &[]).unwrap_err();
        assert!(r.why.contains("redirects") || r.why.contains("fills in"), "{r:?}");
        let r = run("#!/bin/sh\nexport A=1\n", &[]).unwrap_err();
        assert!(r.why.contains("without starting the app"), "{r:?}");
    }

    #[test]
    fn refusals_name_what_the_script_tests_as_it_is_written() {
        // syncthing: the variable, not the expansion's operator.
        let r = run("#!/bin/sh\n[ -n \"${UMASK:-}\" ] && umask \"$UMASK\"\nexec \"$@\"\n", &["app"]).unwrap_err();
        assert!(r.why.contains("when `UMASK` is set"), "{r:?}");
        // Prefect: `~` is the home directory, not a path under the working directory.
        let r = run("#!/bin/bash\nif [ -f ~/.bashrc ]; then\n  . ~/.bashrc\nfi\nexec \"$@\"\n", &["app"]).unwrap_err();
        assert!(r.why.contains("tests for `~/.bashrc`"), "{r:?}");
        // InvokeAI: a command substitution in an assignment has no program name of its own.
        let r = run("#!/bin/bash\n_=$(id ubuntu 2>&1) || useradd -u 1000 ubuntu\nexec \"$@\"\n", &["app"]).unwrap_err();
        assert!(!r.why.contains("``"), "{r:?}");
        assert_eq!(r.line, 2);
    }

    #[test]
    fn a_build_step_the_build_stage_ran_is_not_repeated() {
        let t = run("npm run build && NODE_ENV=production node dist/index.js", &[]).unwrap();
        assert_eq!(t.command, ["node", "dist/index.js"]);
        assert_eq!(t.env, [("NODE_ENV".to_string(), "production".to_string())]);
        assert!(t.notes.iter().any(|n| n.contains("the build stage did already")), "{:?}", t.notes);
        assert!(run("npx prisma migrate deploy && node dist/index.js", &[]).is_err());
    }

    #[test]
    fn the_last_command_starts_the_app_without_exec() {
        let t = run("#!/bin/bash\necho \"starting\"\ngosu bitwarden:bitwarden dotnet /app/Admin.dll\n", &[]).unwrap();
        assert_eq!(t.command, ["dotnet", "/app/Admin.dll"]);
        assert!(t.notes.iter().any(|n| n.contains("child of the shell")), "{:?}", t.notes);
    }
}
