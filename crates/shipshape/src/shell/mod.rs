//! A small POSIX-shell reader for RUN bodies and heredoc scripts.
//!
//! Rules do not need a full shell grammar. They need the *simple commands* a script runs —
//! `apt-get install -y curl`, `pip install --no-cache-dir -r requirements.txt` — with their
//! words, the operators between them, and byte spans for fixes. This module provides exactly
//! that: a tolerant reader that flattens `if`/`for`/`case`/subshells/`$(...)` into a list of
//! [`SimpleCommand`]s, never fails, and maps every span back into the Dockerfile.
//!
//! The ShellCheck rules need more: the quoting of each part of a word, the structure of
//! compound commands, functions and tests. [`parse_tree`] reads a script into the syntax tree
//! of [`ast`] for them, just as tolerantly, with ShellCheck's notes on suspicious syntax.

#[cfg(feature = "shellcheck")]
pub mod ast;
mod parser;
#[cfg(feature = "shellcheck")]
mod tree;
#[cfg(feature = "shellcheck")]
pub mod visit;

pub use parser::parse;
#[cfg(feature = "shellcheck")]
pub use tree::parse as parse_tree;

use crate::text::TextRange;

/// The simple commands of a script, in source order (a command substitution's commands come
/// before the command that contains them).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Script {
    pub commands: Vec<SimpleCommand>,
    /// The source range the script was read from.
    pub range: TextRange,
    /// Problems such as an unterminated quote. The script is still read as far as possible.
    pub errors: Vec<ShellError>,
    /// Every pipe operator (`|`, `|&`), in order — also one that follows a compound command
    /// (`{ …; } | tee`, `done | sort`) and so ends no simple command.
    pub pipes: Vec<TextRange>,
    /// Every `&&`, `||`, `|`, `|&`, `;` and `&`, in order, with how deeply it is nested; the
    /// formatter breaks a long RUN before the ones at the top.
    pub list_operators: Vec<ListOperator>,
    /// The reserved words that shape the script (`if`, `then`, `fi`, `while`, `do`, `done`,
    /// `for`, `case`, `esac`, `{`, `}`, `!`, and `()` for a function definition), in order: with
    /// the commands' ranges they give the structure the flat list of commands leaves out.
    pub keywords: Vec<Keyword>,
}

/// A reserved word of a compound command, where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Keyword {
    pub word: &'static str,
    pub range: TextRange,
    /// 0 at the top level; one more inside each `$(...)`, backquote or `(...)`.
    pub depth: u32,
}

/// A list or pipeline operator and where it sits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ListOperator {
    pub op: Operator,
    /// 0 at the top level; one more inside each `$(...)`, backquote or `(...)`.
    pub depth: u32,
    /// How many compound commands (`if`, `for`, `while`, `until`, `case`, `{ … }`) enclose it
    /// in its subshell or substitution.
    pub compound: u32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShellError {
    pub range: TextRange,
    pub message: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SimpleCommand {
    /// From the first word (or assignment, or redirect) to the last.
    pub range: TextRange,
    /// `NAME=value` words before the command name.
    pub assignments: Vec<Word>,
    /// The command name and its arguments.
    pub words: Vec<Word>,
    pub redirects: Vec<Redirect>,
    /// The operator that ends this command, `None` at the end of the script.
    pub end: Option<Operator>,
    /// 0 at the top level; one more inside each `$(...)`, backquote or `(...)`.
    pub depth: u32,
    /// Inside a command substitution, whose output is captured.
    pub in_substitution: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Word {
    pub range: TextRange,
    /// Quotes removed and escapes processed; expansions such as `$VAR` or `$(cmd)` kept as
    /// written.
    pub value: String,
    /// Some part was quoted.
    pub quoted: bool,
    /// Contains an expansion (`$VAR`, `${...}`, `$(...)`, backquotes) outside single quotes, so
    /// its run-time value is not known statically.
    pub dynamic: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Redirect {
    pub range: TextRange,
    /// The operator, e.g. `>`, `2>&1`'s `>&`, `<<`.
    pub op: String,
    pub target: Option<Word>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Operator {
    pub kind: OperatorKind,
    pub range: TextRange,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OperatorKind {
    /// `&&`
    And,
    /// `||`
    Or,
    /// `;`
    Semi,
    /// `;;` in a `case`.
    DoubleSemi,
    /// `|`
    Pipe,
    /// `|&`
    PipeAll,
    /// `&`
    Background,
    /// A line break (in heredoc scripts).
    Newline,
}

impl OperatorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            OperatorKind::And => "&&",
            OperatorKind::Or => "||",
            OperatorKind::Semi => ";",
            OperatorKind::DoubleSemi => ";;",
            OperatorKind::Pipe => "|",
            OperatorKind::PipeAll => "|&",
            OperatorKind::Background => "&",
            OperatorKind::Newline => "\n",
        }
    }
}

impl SimpleCommand {
    /// The command name as written (`apt-get`, `/usr/bin/pip3`), if any.
    pub fn name(&self) -> Option<&str> {
        self.words.first().map(|w| w.value.as_str())
    }

    /// The command name without its directory: `/usr/bin/pip3` gives `pip3`.
    pub fn program(&self) -> Option<&str> {
        let name = self.name()?;
        // A plain byte loop: rules ask every command for its program, and `rsplit`'s searcher
        // was a sixth of the time of checking a large file.
        Some(name.as_bytes().iter().rposition(|&b| b == b'/').map_or(name, |slash| &name[slash + 1..]))
    }

    /// True when the program (basename) is `name`.
    pub fn is(&self, name: &str) -> bool {
        self.program() == Some(name)
    }

    /// True when the program is one of `names`.
    pub fn is_any(&self, names: &[&str]) -> bool {
        self.program().is_some_and(|p| names.contains(&p))
    }

    /// The words after the name.
    pub fn args(&self) -> &[Word] {
        self.words.get(1..).unwrap_or(&[])
    }

    /// Arguments that are not flags (do not start with `-`), in order.
    pub fn positional(&self) -> impl Iterator<Item = &Word> {
        self.args().iter().filter(|w| !w.value.starts_with('-') || w.value == "-")
    }

    /// The first positional argument: `install` in `apt-get -y install curl`.
    pub fn subcommand(&self) -> Option<&str> {
        self.positional().next().map(|w| w.value.as_str())
    }

    /// True when a positional argument equals `arg`.
    pub fn has_arg(&self, arg: &str) -> bool {
        self.positional().any(|w| w.value == arg)
    }

    /// True when the long flag `--name` (or `--name=...`) is present.
    pub fn has_long_flag(&self, name: &str) -> bool {
        self.long_flag(name).is_some()
    }

    /// The word of the long flag `--name` or `--name=value`.
    pub fn long_flag(&self, name: &str) -> Option<&Word> {
        self.args().iter().find(|w| {
            w.value
                .strip_prefix("--")
                .is_some_and(|rest| rest == name || rest.strip_prefix(name).is_some_and(|v| v.starts_with('=')))
        })
    }

    /// True when the short flag `-c` is present, alone or combined (`-qy`).
    pub fn has_short_flag(&self, c: char) -> bool {
        self.args().iter().any(|w| {
            w.value.strip_prefix('-').is_some_and(|rest| !rest.starts_with('-') && !rest.is_empty() && rest.contains(c))
        })
    }

    /// True when any of the given flags is present; each is `-x` or `--long`.
    pub fn has_any_flag(&self, flags: &[&str]) -> bool {
        flags.iter().any(|flag| match flag.strip_prefix("--") {
            Some(long) => self.has_long_flag(long),
            None => flag.strip_prefix('-').and_then(|s| s.chars().next()).is_some_and(|c| self.has_short_flag(c)),
        })
    }

    /// The value of `--name=value` or `--name value` / `-n value`.
    pub fn flag_value(&self, flags: &[&str]) -> Option<&str> {
        let args = self.args();
        for (i, w) in args.iter().enumerate() {
            for flag in flags {
                if w.value == *flag {
                    return args.get(i + 1).map(|w| w.value.as_str());
                }
                if let Some(v) = w.value.strip_prefix(flag).and_then(|v| v.strip_prefix('='))
                    && flag.starts_with("--")
                {
                    return Some(v);
                }
            }
        }
        None
    }

    /// The value an assignment prefix gives `name`, as in `PIP_NO_CACHE_DIR=1 pip install`.
    pub fn assignment(&self, name: &str) -> Option<&str> {
        self.assignments.iter().find_map(|w| w.value.strip_prefix(name).and_then(|v| v.strip_prefix('=')))
    }
}

impl Script {
    /// Commands whose program is `name`.
    pub fn find<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a SimpleCommand> + 'a {
        self.commands.iter().filter(move |c| c.is(name))
    }

    /// True when some command's program is one of `names`.
    pub fn runs_any(&self, names: &[&str]) -> bool {
        self.commands.iter().any(|c| c.is_any(names))
    }

    /// The top-level commands (not inside a substitution or subshell).
    pub fn top_level(&self) -> impl Iterator<Item = &SimpleCommand> {
        self.commands.iter().filter(|c| c.depth == 0)
    }
}
