//! ShellCheck's checks on the scripts of RUN instructions, under ShellCheck's codes.
//!
//! hadolint runs ShellCheck on every RUN; these rules do the same work natively, on the syntax
//! tree of [`crate::shell::ast`], in the context hadolint gives ShellCheck: the shell of the
//! instruction (SHELL, `# hadolint shell=`, a heredoc's shebang) decides what counts as a
//! bashism, and the variables the stage's ARG and ENV instructions define are known. Each rule
//! is one file here; this module builds the scripts once per check and holds what several rules
//! share (variables that cannot split, `set -e`, reporting with `# shellcheck disable=`).

pub mod ampersand_redirect_in_sh;
pub mod and_or_not_if_else;
pub mod append_assignment_in_sh;
pub mod array_in_sh;
pub mod backticks;
pub mod bang_skips_errexit;
pub mod bash_builtin_in_sh;
pub mod bashisms;
pub mod brace_expansion_in_sh;
pub mod cd_without_fallback;
pub mod command_flag_in_sh;
pub mod dot_with_arguments;
pub mod double_bracket_in_sh;
pub mod double_equals_in_test_in_sh;
pub mod duplicate_range_characters;
pub mod echo_escape_sequences;
pub mod echo_flags_in_sh;
pub mod egrep;
pub mod else_if;
pub mod escaped_control_letter;
pub mod fgrep;
pub mod find_without_path;
pub mod find_xargs_without_null;
pub mod flow;
pub mod for_over_cat;
pub mod glob_as_command;
pub mod glob_as_option;
pub mod here_string_in_sh;
pub mod implicit_non_empty_test;
pub mod keyword_as_argument;
pub mod literal_brace;
pub mod ln_without_destination;
pub mod local_in_sh;
pub mod masked_return_value;
pub mod mkdir_parents_mode;
pub mod printf_variable_format;
pub mod process_substitution_in_sh;
pub mod rm_with_empty_variable;
pub mod set_option_in_sh;
pub mod shell_syntax_error;
pub mod single_item_loop;
pub mod single_quoted_expansion;
pub mod source_in_sh;
pub mod space_after_assignment;
pub mod string_indexing_in_sh;
pub mod string_replacement_in_sh;
pub mod test_and_or_flags;
pub mod unassigned_variable;
pub mod unquoted_array_expansion;
pub mod unquoted_array_item;
pub mod unquoted_between_single_quotes;
pub mod unquoted_command_substitution;
pub mod unquoted_dollar_star;
pub mod unquoted_expansion;
pub mod unused_variable;
pub mod useless_cat;
pub mod useless_echo;
pub mod useless_escape;

use std::cell::OnceCell;
use std::collections::HashMap;
use std::rc::Rc;

use crate::fix::Fix;
use crate::rules::{Checker, Rule};
use crate::semantic::{Model, ShellKind};
use crate::shell::ast::{AssignValue, Dialect, Issue, Part, Tree, Word};
use crate::shell::parse_tree;
use crate::shell::visit::{self, Role, Scope, Visitor};
use crate::syntax::{Args, Command, Dockerfile, Kind};
use crate::text::TextRange;

/// The ShellCheck rules, in the registry's order (they close [`crate::rules::RULES`]; a test
/// holds the two lists to each other). [`check`] runs them without the registry.
pub static RULES: &[Rule] = &[
    shell_syntax_error::RULE,
    useless_escape::RULE,
    escaped_control_letter::RULE,
    space_after_assignment::RULE,
    keyword_as_argument::RULE,
    literal_brace::RULE,
    else_if::RULE,
    unquoted_expansion::RULE,
    unused_variable::RULE,
    unassigned_variable::RULE,
    unquoted_command_substitution::RULE,
    single_quoted_expansion::RULE,
    backticks::RULE,
    and_or_not_if_else::RULE,
    echo_escape_sequences::RULE,
    glob_as_option::RULE,
    find_xargs_without_null::RULE,
    single_item_loop::RULE,
    printf_variable_format::RULE,
    duplicate_range_characters::RULE,
    rm_with_empty_variable::RULE,
    useless_echo::RULE,
    masked_return_value::RULE,
    cd_without_fallback::RULE,
    test_and_or_flags::RULE,
    mkdir_parents_mode::RULE,
    find_without_path::RULE,
    egrep::RULE,
    fgrep::RULE,
    glob_as_command::RULE,
    ln_without_destination::RULE,
    dot_with_arguments::RULE,
    bang_skips_errexit::RULE,
    unquoted_between_single_quotes::RULE,
    for_over_cat::RULE,
    unquoted_array_expansion::RULE,
    unquoted_dollar_star::RULE,
    unquoted_array_item::RULE,
    useless_cat::RULE,
    implicit_non_empty_test::RULE,
    process_substitution_in_sh::RULE,
    brace_expansion_in_sh::RULE,
    double_bracket_in_sh::RULE,
    here_string_in_sh::RULE,
    double_equals_in_test_in_sh::RULE,
    ampersand_redirect_in_sh::RULE,
    append_assignment_in_sh::RULE,
    array_in_sh::RULE,
    echo_flags_in_sh::RULE,
    set_option_in_sh::RULE,
    local_in_sh::RULE,
    bash_builtin_in_sh::RULE,
    command_flag_in_sh::RULE,
    source_in_sh::RULE,
    string_indexing_in_sh::RULE,
    string_replacement_in_sh::RULE,
];

/// The script of a RUN (its line, or a heredoc body the shell runs), parsed.
#[derive(Debug)]
pub struct RunScript {
    /// The instruction (the ONBUILD, for `ONBUILD RUN`).
    pub instruction: usize,
    pub tree: Tree,
    /// Names the stage's ARG and ENV instructions define before this RUN (and the proxy
    /// variables Docker always passes): ShellCheck is told they are set.
    pub known: Known,
    /// The bodies of the RUN's heredocs that its commands read (`cat <<EOF > file`): the
    /// shell expands variables in them too.
    pub heredoc_input: String,
}

/// The scripts of every RUN in the file.
pub fn scripts(file: &Dockerfile, source: &str, model: &Model) -> Vec<RunScript> {
    let mut out = Vec::new();
    for_each_script(file, source, model, |script| out.push(script));
    out
}

/// Reads the scripts of every RUN in the file, in order, handing each to `f`: a check runs the
/// rules on one before it reads the next, so the file's scripts are never all held at once.
pub fn for_each_script(file: &Dockerfile, source: &str, model: &Model, mut f: impl FnMut(RunScript)) {
    // Each stage's ARG and ENV names with where each is first declared, shared by its RUNs.
    let mut stages: Vec<Rc<HashMap<String, usize>>> = Vec::new();
    let mut current: HashMap<String, usize> = HashMap::new();
    for (i, outer) in file.instructions.iter().enumerate() {
        let instruction = outer.effective();
        match instruction.kind {
            Kind::From => stages.push(Rc::new(std::mem::take(&mut current))),
            Kind::Arg | Kind::Env if outer.kind != Kind::Onbuild => {
                if let Args::Pairs(pairs) = &instruction.args {
                    for pair in pairs {
                        current.entry(pair.key.value.clone()).or_insert(i);
                    }
                }
            }
            _ => {}
        }
    }
    stages.push(Rc::new(current));
    let mut stage = 0;
    for (i, outer) in file.instructions.iter().enumerate() {
        let instruction = outer.effective();
        match instruction.kind {
            Kind::From => stage += 1,
            Kind::Run => {}
            _ => continue,
        }
        if instruction.kind != Kind::Run || model.script(i).is_none() {
            continue;
        }
        let Some(Command::Shell(shell)) = instruction.command() else { continue };
        let dialect = match &model.shell_of[i] {
            ShellKind::Posix { path, .. } => Dialect::of(path),
            _ => continue,
        };
        let logical = &instruction.logical;
        let start = shell.logical_start;
        let end = start + crate::text::to_u32(shell.text.len());
        let mut map = vec![(0, logical.to_source(start))];
        for &(l, s) in &logical.segments {
            if l > start && l < end {
                map.push((l - start, s));
            }
        }
        // Which heredocs are scripts depends on the commands of the line; most RUNs have none.
        let is_script: Vec<bool> = if instruction.heredocs.is_empty() {
            Vec::new()
        } else {
            let line_script = crate::shell::parse(&shell.text, 0, shell.text.len(), &|r| r);
            instruction
                .heredocs
                .iter()
                .map(|h| crate::semantic::heredoc_runs_as_shell(&line_script, h, source))
                .collect()
        };
        let heredoc_input: String = instruction
            .heredocs
            .iter()
            .zip(&is_script)
            .filter(|(h, script)| !**script && h.expand)
            .map(|(h, _)| h.body.slice(source))
            .collect();
        let known = Known { names: stages[stage].clone(), before: i };
        let mut push = |tree: Tree, heredoc_input: String| {
            f(RunScript { instruction: i, tree, known: known.clone(), heredoc_input });
        };
        push(parse_tree(&shell.text, map, dialect), heredoc_input);
        for (heredoc, script) in instruction.heredocs.iter().zip(is_script) {
            if !script {
                continue;
            }
            let body = heredoc.body.slice(source);
            let dialect = match shebang(body) {
                Some(exe) => Dialect::of(exe),
                None => dialect,
            };
            push(parse_tree(body, vec![(0, heredoc.body.start)], dialect), String::new());
        }
    }
}

/// A script with what the rules ask of it, found in one walk of its tree when a check starts:
/// every rule reads these lists instead of walking the tree again.
pub struct ScriptView<'t> {
    pub script: &'t RunScript,
    /// Every word, with its role and scope, in source order.
    pub words: Vec<(&'t Word, Role<'t>, Scope)>,
    /// Every command (simple or compound), in source order.
    pub commands: Vec<(&'t crate::shell::ast::Command, Scope)>,
    /// The simple commands among them.
    pub simple: Vec<(&'t crate::shell::ast::Command, &'t crate::shell::ast::Simple, Scope)>,
    /// Every and-or list.
    pub and_ors: Vec<(&'t crate::shell::ast::AndOr, Scope)>,
    /// Facts about the script's variables, for the quoting rules.
    pub vars: Variables<'t>,
    /// The bashisms of the script, found once for the SC3xxx rules.
    bashisms: OnceCell<Vec<bashisms::Bashism>>,
}

impl<'t> ScriptView<'t> {
    pub fn new(script: &'t RunScript) -> ScriptView<'t> {
        struct Collect<'t> {
            words: Vec<(&'t Word, Role<'t>, Scope)>,
            commands: Vec<(&'t crate::shell::ast::Command, Scope)>,
            and_ors: Vec<(&'t crate::shell::ast::AndOr, Scope)>,
        }
        impl<'t> Visitor<'t> for Collect<'t> {
            fn and_or(&mut self, node: &'t crate::shell::ast::AndOr, scope: Scope) {
                self.and_ors.push((node, scope));
            }
            fn command(&mut self, command: &'t crate::shell::ast::Command, scope: Scope) {
                self.commands.push((command, scope));
            }
            fn word(&mut self, word: &'t Word, role: Role<'t>, scope: Scope) {
                self.words.push((word, role, scope));
            }
        }
        // Roughly one word per sixteen bytes of script, one command per forty: the lists live
        // as long as the check, so they start near their size rather than far above it.
        let n = script.tree.text.len();
        let mut c = Collect {
            words: Vec::with_capacity(n / 16),
            commands: Vec::with_capacity(n / 40 + 1),
            and_ors: Vec::with_capacity(n / 60 + 1),
        };
        visit::walk(&script.tree.body, &mut c);
        let simple =
            c.commands.iter().filter_map(|&(command, scope)| command.simple().map(|s| (command, s, scope))).collect();
        let mut view = ScriptView {
            script,
            words: c.words,
            commands: c.commands,
            simple,
            and_ors: c.and_ors,
            vars: Variables::default(),
            bashisms: OnceCell::new(),
        };
        view.vars = Variables::of(&view);
        view
    }

    /// The features of bash the script uses (for a script `/bin/sh` runs).
    pub fn bashisms(&self) -> &[bashisms::Bashism] {
        self.bashisms.get_or_init(|| bashisms::find(self))
    }

    /// Every pipeline, in source order.
    pub fn pipelines(&self) -> impl Iterator<Item = &'t crate::shell::ast::Pipeline> + '_ {
        self.and_ors.iter().flat_map(|(a, _)| std::iter::once(&a.first).chain(a.rest.iter().map(|(_, p)| p)))
    }
}

impl std::ops::Deref for ScriptView<'_> {
    type Target = RunScript;

    fn deref(&self) -> &RunScript {
        self.script
    }
}

/// The variables the stage's ARG and ENV instructions define before a RUN, and the proxy
/// variables Docker always passes: hadolint tells ShellCheck they are set.
#[derive(Clone, Debug)]
pub struct Known {
    /// Every name the stage declares, with the instruction that first does.
    names: Rc<HashMap<String, usize>>,
    /// The RUN's instruction.
    before: usize,
}

impl Known {
    pub fn contains(&self, name: &str) -> bool {
        PROXIES.contains(&name) || self.names.get(name).is_some_and(|&i| i < self.before)
    }
}

const PROXIES: [&str; 8] =
    ["HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "FTP_PROXY", "ftp_proxy", "NO_PROXY", "no_proxy"];

/// The interpreter a `#!` line names (`/usr/bin/env bash` gives `bash`).
fn shebang(body: &str) -> Option<&str> {
    let line = body.strip_prefix("#!")?.lines().next()?;
    let mut parts = line.split_whitespace();
    let exe = parts.next()?;
    if exe.ends_with("/env") { parts.find(|p| !p.starts_with('-')) } else { Some(exe) }
}

/// Reports a finding of `code` at `range` of `script`, with `fix`, unless a
/// `# shellcheck disable=` in the script turns the code off.
///
/// A script the shell cannot run (SC1072) keeps its findings but loses their fixes: past a
/// fatal error the reader's structure is a guess, and an edit placed by it can land inside the
/// broken construct (` .` "after the last word" of `ln $(ln x(` goes into the open `$(`),
/// fixing nothing and coming back on every pass. ShellCheck itself reports nothing else there.
pub fn report(
    ctx: &mut Checker,
    code: &str,
    script: &RunScript,
    range: TextRange,
    message: impl Into<String>,
    fix: Option<Fix>,
) {
    if script.tree.disables(code) {
        return;
    }
    let d = ctx.report(script.tree.source_range(range), message);
    d.fix = fix.filter(|_| !script.tree.issues.iter().any(Issue::is_fatal));
}

/// What the script's assignments say about its variables.
#[derive(Clone, Debug, Default)]
pub struct Variables<'t> {
    /// The expansions (by their offset, sorted) whose value cannot split or glob where they
    /// are expanded (see [`flow`]).
    pub safe_uses: Vec<u32>,
    /// Every variable the script assigns, sorted, as the tree spells it (see
    /// [`Variables::assigns`]).
    assigned: Vec<&'t str>,
    /// The script runs `set -e` (or `set -o errexit`).
    pub errexit: bool,
}

impl<'t> Variables<'t> {
    fn of(view: &ScriptView<'t>) -> Variables<'t> {
        let mut assigned = Vec::new();
        let mut errexit = false;
        for &(command, _) in &view.commands {
            match &command.kind {
                crate::shell::ast::CommandKind::For { name, .. } => {
                    assigned.push(name.as_str());
                }
                crate::shell::ast::CommandKind::Simple(simple) => {
                    assigned.extend(simple.assignments.iter().map(|a| a.name.as_str()));
                    if simple.is("set") {
                        let args: Vec<String> = simple.args().iter().filter_map(Word::literal).collect();
                        if args.iter().any(|a| a.starts_with('-') && !a.starts_with("--") && a.contains('e'))
                            || args.windows(2).any(|w| w[0] == "-o" && w[1] == "errexit")
                        {
                            errexit = true;
                        }
                    }
                }
                _ => {}
            }
        }
        assigned.sort_unstable();
        assigned.dedup();
        Variables { safe_uses: flow::safe_uses(&view.tree.body, &|name| view.known.contains(name)), assigned, errexit }
    }

    /// True when the script assigns `name` somewhere.
    pub fn assigns(&self, name: &str) -> bool {
        self.assigned.binary_search(&name).is_ok()
    }

    /// True when the expansion at `part` cannot split or glob.
    pub fn is_safe(&self, part: &Part) -> bool {
        self.safe_uses.binary_search(&part.range.start).is_ok()
    }
}

pub fn is_name(s: &str) -> bool {
    let mut bytes = s.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// The scalar value word of an assignment, if it has one.
pub fn scalar(value: &AssignValue) -> Option<&Word> {
    match value {
        AssignValue::Scalar(word) => Some(word),
        AssignValue::Array(_) => None,
    }
}

/// A finding in a script: where (in the script), the message, and a fix in source offsets.
pub type Finding = (TextRange, String, Option<Fix>);

/// Runs `find` on every script and reports what it returns under `code`.
pub fn report_all(ctx: &mut Checker, code: &str, find: impl Fn(&ScriptView) -> Vec<Finding>) {
    for script in ctx.shell_scripts() {
        for (range, message, fix) in find(script) {
            report(ctx, code, script, range, message, fix);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::settings::Settings;

    /// Pieces of shell that open, close and nest constructs, with multi-byte text among them.
    const PIECES: &[&str] = &[
        "$(",
        ")",
        "`",
        "\"",
        "'",
        "${",
        "}",
        "{",
        "((",
        "))",
        "$((",
        "<<EOF\n",
        "EOF\n",
        "<(",
        "é",
        "€x",
        "\\",
        "\\\n",
        "case $x in ",
        "a)",
        ";;",
        "esac",
        "if ",
        "then ",
        "elif ",
        "else ",
        "fi",
        "for x in a b; ",
        "do ",
        "done",
        "while ",
        "[ ",
        " ]",
        "[[ ",
        " ]]",
        "|",
        "&&",
        "||",
        ";",
        "&",
        "\n",
        " ",
        "!",
        "x=",
        "$x",
        "$@",
        "${x:-y}",
        "echo ",
        "cd /x",
        "export a=$(b)",
        "f() ",
        "local ",
        "# c\n",
        "$'\\n'",
        "=",
        "*",
        "[a]",
        "-e ",
        ">",
        "2>&1",
    ];

    #[test]
    fn random_scripts_never_panic() {
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as usize
        };
        let settings = Settings { select: ["SC1", "SC2", "SC3"].map(String::from).to_vec(), ..Settings::default() };
        for _ in 0..1500 {
            let script: String = (0..next() % 40).map(|_| PIECES[next() % PIECES.len()]).collect();
            for source in
                [format!("FROM debian:13\nRUN {script}\n"), format!("FROM debian:13\nRUN <<EOF\n{script}\nEOF\n")]
            {
                let result = std::panic::catch_unwind(|| crate::check(&source, &settings));
                assert!(result.is_ok(), "checking panicked on\n{source}");
            }
        }
    }

    #[test]
    fn deep_nesting_checks_quickly() {
        let settings = Settings { select: ["SC1", "SC2", "SC3"].map(String::from).to_vec(), ..Settings::default() };
        for piece in ["$(", "`", "(", "{ ", "if true; then ", "\"$(", "${x:-", "$((", "case a in a) "] {
            let source = format!("FROM debian:13\nRUN {}\n", piece.repeat(10_000));
            let _ = crate::check(&source, &settings);
        }
    }
}
