//! One instruction, printed from its logical line (continuations joined, comment lines out).
//!
//! The logical text is cut into atoms; between two atoms is a gap of whitespace, and each
//! physical line break of the source sits either in a gap (where it may move, merge or go) or
//! inside an atom (where it stays, with the text on both sides exactly as written: a break
//! inside a quoted string, or in the middle of a word).

use super::FormatOptions;
use super::scan;
use crate::shell::{self, OperatorKind};
use crate::syntax::{Args, Command, Instruction, Kind, Logical};
use crate::text::TextRange;

pub struct Context<'a> {
    pub source: &'a str,
    pub escape: char,
    pub options: &'a FormatOptions,
    /// Shell-form commands of this instruction go to a POSIX shell, for which whitespace
    /// outside quotes only separates words.
    pub posix: bool,
    /// The instruction ends the file with an open line continuation.
    pub dangling: bool,
}

#[derive(Clone, Debug)]
struct Atom {
    start: usize,
    end: usize,
    /// Printed instead of the text: a keyword in upper case, a converted `ENV key value`.
    text: Option<String>,
    /// A top-level `&&`, `||`, `|` or `|&` of a RUN.
    operator: Option<OperatorKind>,
    /// No space around it: the brackets and commas of a JSON array.
    tight: Tight,
    /// Starts a part of the instruction (a flag, the arguments): a line it starts is at the
    /// base indentation.
    part: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tight {
    No,
    /// `[`: nothing after it.
    Open,
    /// `,` and `]`: nothing before them.
    Close,
}

impl Atom {
    fn new(start: usize, end: usize) -> Atom {
        Atom { start, end, text: None, operator: None, tight: Tight::No, part: false }
    }
}

/// A line break of the source, or one the formatter adds.
#[derive(Clone, Debug, Default)]
struct Break {
    /// Where the next line starts in the logical text.
    offset: usize,
    /// Comment lines between the two lines.
    comments: Vec<TextRange>,
    /// The indentation width of the next line in the source; `None` for an added break.
    depth: Option<usize>,
    /// Lines holding only the escape came first: one is kept, as a paragraph break.
    separator: bool,
}

/// The instruction's lines, without terminators (heredoc bodies are the caller's).
pub fn print(ctx: &Context, instruction: &Instruction) -> Vec<String> {
    let logical = &instruction.logical;
    let text = logical.text.as_str();
    let breaks = source_breaks(ctx, instruction);
    let mut atoms = Vec::new();
    let mut current = instruction;
    loop {
        atoms.push(keyword_atom(current, logical));
        for flag in &current.flags {
            if let Some((s, e)) = to_logical(logical, flag.range) {
                atoms.push(Atom { part: true, ..Atom::new(s, e) });
            }
        }
        match &current.args {
            Args::Onbuild(Some(inner)) => current = inner,
            _ => break,
        }
    }
    let (mut arg_atoms, kind) = argument_atoms(ctx, current, logical, &breaks);
    if let Some(first) = arg_atoms.first_mut() {
        first.part = true;
    }
    let run = match kind {
        ArgKind::RunScript { sequential } if std::ptr::eq(current, instruction) => Some(sequential),
        _ => None,
    };
    atoms.extend(arg_atoms);
    let mut atoms = fill_gaps(atoms, text);
    let json_from =
        if matches!(kind, ArgKind::Json) { atoms.iter().position(|a| a.tight == Tight::Open) } else { None };

    // Every break goes to the gap it sits in, or stays inside its atom.
    let mut gaps: Vec<Vec<Break>> = vec![Vec::new(); atoms.len() + 1];
    let mut inside: Vec<Vec<Break>> = vec![Vec::new(); atoms.len()];
    for b in breaks {
        let i = atoms.partition_point(|a| a.end <= b.offset);
        if i < atoms.len() && atoms[i].start < b.offset {
            inside[i].push(b);
        } else {
            gaps[i].push(b);
        }
    }
    for (atom, breaks) in atoms.iter_mut().zip(&inside) {
        if !breaks.is_empty() {
            atom.text = None;
        }
    }
    let mut gaps: Vec<Option<Break>> = gaps.into_iter().map(merge).collect();

    // In a broken `&&`/`||` chain, the lines that start a command are the base level and the
    // lines that continue one are nested below it.
    let mut chain = false;
    if let Some(sequential) = run
        && ctx.options.break_long_runs
    {
        // An operator leads its line. A long `&&`/`||` chain has one command per line; a
        // script of `;`-separated commands, and a pipeline, break only where they did.
        chain = !sequential
            && atoms.iter().any(|a| matches!(a.operator, Some(OperatorKind::And | OperatorKind::Or)))
            && is_long(&atoms, &gaps, &inside, text);
        for i in 1..atoms.len().saturating_sub(1) {
            let Some(op) = atoms[i].operator else { continue };
            let adjacent = gaps[i].is_some() || gaps[i + 1].is_some();
            if !(adjacent || chain && matches!(op, OperatorKind::And | OperatorKind::Or)) {
                continue;
            }
            // Operators in a row (`| &&`, a typo the shell rejects) break before the first.
            let mut at = i;
            while at > 1 && atoms[at - 1].operator.is_some() {
                at -= 1;
            }
            let mut after = gaps[i + 1].take();
            for gap in &mut gaps[at + 1..=i] {
                after = match (after, gap.take()) {
                    (Some(mut a), Some(b)) => {
                        a.comments.splice(0..0, b.comments);
                        Some(a)
                    }
                    (a, b) => a.or(b),
                };
            }
            let before = gaps[at].get_or_insert_with(Break::default);
            if let Some(after) = after {
                before.comments.extend(after.comments);
                before.separator |= after.separator;
                if before.depth.is_none() {
                    before.depth = after.depth;
                }
            }
        }
    }
    if let Some(open) = json_from {
        // An exec-form array is printed on one line, unless comment lines sit in it.
        for gap in &mut gaps[open..atoms.len()] {
            if gap.as_ref().is_some_and(|b| b.comments.is_empty()) {
                *gap = None;
            }
        }
    }

    // A line that starts a part (a flag, the arguments, a command of a broken chain) is at the
    // base level; the other continuation lines keep their nesting below it, each distinct
    // source indentation becoming a level.
    let structural = |i: usize| i < atoms.len() && (atoms[i].part || (chain && atoms[i].operator.is_some()));
    let depth_of = |i: usize| gaps[i].as_ref().and_then(|b| b.depth);
    let base_depth = if chain { None } else { (0..gaps.len()).filter(|&i| structural(i)).filter_map(depth_of).min() };
    // A line left of the base is at the base.
    let depth_of = |i: usize| depth_of(i).map(|d| d.max(base_depth.unwrap_or(0)));
    // Only the lines that start with an atom have an indentation to keep: the break before the
    // keyword and the one after the last atom (an escape at the end of the file) do not count.
    let mut depths: Vec<usize> =
        (1..atoms.len()).filter(|&i| !structural(i)).filter_map(depth_of).chain(base_depth).collect();
    depths.sort_unstable();
    depths.dedup();
    let width = usize::from(ctx.options.indent_width);
    let levels: Vec<usize> = (0..gaps.len())
        .map(|i| match depth_of(i) {
            _ if structural(i) => 0,
            Some(d) => depths.partition_point(|&x| x < d) + usize::from(chain),
            None => 0,
        })
        .collect();
    let indent = |level: usize| " ".repeat(width * (level + 1));
    let base = indent(0);

    let comment = |range: &TextRange, indent: &str| format!("{indent}{}", range.slice(ctx.source).trim());
    let mut lines = Vec::new();
    let mut line = String::new();
    if let Some(b) = &gaps[0] {
        // The instruction starts with a line that holds only the escape (its keyword is on a
        // continuation line).
        lines.push(ctx.escape.to_string());
        lines.extend(b.comments.iter().map(|c| comment(c, &base)));
        line.clone_from(&base);
    }
    for (i, atom) in atoms.iter().enumerate() {
        if i > 0 {
            match &gaps[i] {
                Some(b) => {
                    line.push(' ');
                    line.push(ctx.escape);
                    lines.push(std::mem::take(&mut line));
                    let indent = indent(levels[i]);
                    if b.separator {
                        lines.push(format!("{indent}{}", ctx.escape));
                    }
                    lines.extend(b.comments.iter().map(|c| comment(c, &indent)));
                    line = indent;
                }
                None => {
                    if atoms[i - 1].tight != Tight::Open && atom.tight != Tight::Close {
                        line.push(' ');
                    }
                }
            }
        }
        if let Some(replacement) = &atom.text {
            line.push_str(replacement);
            continue;
        }
        let mut from = atom.start;
        for b in &inside[i] {
            line.push_str(&text[from..b.offset]);
            line.push(ctx.escape);
            lines.push(std::mem::take(&mut line));
            lines.extend(b.comments.iter().map(|c| comment(c, &base)));
            from = b.offset;
        }
        line.push_str(&text[from..atom.end]);
    }
    let trailing = gaps.pop().flatten();
    if trailing.is_some() || ctx.dangling {
        line.push(' ');
        line.push(ctx.escape);
        lines.push(line);
        if let Some(b) = trailing {
            lines.extend(b.comments.iter().map(|c| comment(c, &base)));
        }
    } else {
        lines.push(line);
    }
    lines
}

/// Text between atoms that is not whitespace (a bare `--` ending the flags) becomes atoms
/// too, so that nothing but whitespace is ever rewritten.
fn fill_gaps(atoms: Vec<Atom>, text: &str) -> Vec<Atom> {
    let mut out: Vec<Atom> = Vec::with_capacity(atoms.len());
    for atom in atoms {
        let from = out.last().map_or(0, |a| a.end);
        if atom.start < from {
            continue;
        }
        for (s, e) in scan::word_atoms(text, from, atom.start, '\\') {
            out.push(Atom::new(s, e));
        }
        out.push(atom);
    }
    out
}

/// Several breaks in one gap (a line holding only the escape) become one, with all comments.
fn merge(breaks: Vec<Break>) -> Option<Break> {
    let mut iter = breaks.into_iter();
    let mut merged = iter.next()?;
    for b in iter {
        merged.separator = true;
        merged.comments.extend(b.comments);
        merged.depth = b.depth;
        merged.offset = b.offset;
    }
    Some(merged)
}

/// A RUN is broken at its operators when it already spans lines or does not fit on one.
fn is_long(atoms: &[Atom], gaps: &[Option<Break>], inside: &[Vec<Break>], text: &str) -> bool {
    if gaps.iter().any(Option::is_some) || inside.iter().any(|b| !b.is_empty()) {
        return true;
    }
    let width: usize =
        atoms.iter().map(|a| a.text.as_deref().unwrap_or(&text[a.start..a.end]).chars().count() + 1).sum();
    width > super::LINE_WIDTH + 1
}

/// The line breaks of the source: where each continuation line starts in the logical text,
/// with the comment lines above it and its indentation.
fn source_breaks(ctx: &Context, instruction: &Instruction) -> Vec<Break> {
    let logical = &instruction.logical;
    let mut breaks: Vec<Break> = logical
        .segments
        .iter()
        .skip(1)
        .map(|&(offset, source_start)| {
            let line = &ctx.source[source_start as usize..];
            let depth =
                line.bytes().take_while(|b| matches!(b, b' ' | b'\t')).map(|b| if b == b'\t' { 4 } else { 1 }).sum();
            Break { offset: offset as usize, depth: Some(depth), ..Break::default() }
        })
        .collect();
    let mut trailing = Vec::new();
    for &comment in &instruction.comments {
        let next = logical.segments.iter().skip(1).position(|&(_, start)| start > comment.start);
        match next {
            Some(k) => breaks[k].comments.push(comment),
            None => trailing.push(comment),
        }
    }
    if !trailing.is_empty() {
        breaks.push(Break { offset: logical.text.len(), comments: trailing, ..Break::default() });
    }
    breaks
}

fn to_logical(logical: &Logical, range: TextRange) -> Option<(usize, usize)> {
    if range.is_empty() {
        return None;
    }
    let start = logical.from_source(range.start)?;
    let end = logical.from_source(range.end - 1)? + 1;
    Some((start as usize, end as usize))
}

fn keyword_atom(instruction: &Instruction, logical: &Logical) -> Atom {
    let (s, e) = to_logical(logical, instruction.keyword).unwrap_or((0, 0));
    let mut atom = Atom::new(s, e);
    if instruction.kind != Kind::Unknown {
        atom.text = Some(instruction.kind.as_str().to_string());
    }
    atom
}

enum ArgKind {
    Json,
    /// A shell-form RUN for a POSIX shell, without heredocs: its operators may lead lines.
    /// `sequential` when its top level runs commands one after another (`;`, `&`).
    RunScript {
        sequential: bool,
    },
    Other,
}

fn argument_atoms(
    ctx: &Context,
    instruction: &Instruction,
    logical: &Logical,
    breaks: &[Break],
) -> (Vec<Atom>, ArgKind) {
    let text = logical.text.as_str();
    let Some((start, end)) = to_logical(logical, instruction.args_range) else {
        return (Vec::new(), ArgKind::Other);
    };
    let plain = |atoms: Vec<(usize, usize)>| atoms.into_iter().map(|(s, e)| Atom::new(s, e)).collect::<Vec<_>>();
    let verbatim = || vec![Atom::new(start, end)];
    let words = || plain(scan::word_atoms(text, start, end, ctx.escape));
    let json = |s: usize, e: usize| {
        scan::json_atoms(text, s, e).map(|atoms| {
            let last = atoms.len() - 1;
            atoms
                .into_iter()
                .enumerate()
                .map(|(i, (s, e))| {
                    let tight = match &text[s..e] {
                        "[" if i == 0 => Tight::Open,
                        "]" if i == last => Tight::Close,
                        "," => Tight::Close,
                        _ => Tight::No,
                    };
                    Atom { tight, ..Atom::new(s, e) }
                })
                .collect::<Vec<_>>()
        })
    };
    match &instruction.args {
        Args::None | Args::Onbuild(_) => (Vec::new(), ArgKind::Other),
        Args::Command(command) => command_atoms(ctx, instruction, command, text, (start, end), &json),
        Args::Copy(_) | Args::Words(_) if instruction.json => match json(start, end) {
            Some(atoms) => (atoms, ArgKind::Json),
            None => (verbatim(), ArgKind::Other),
        },
        Args::Copy(_) | Args::Words(_) | Args::From(_) => {
            let mut atoms = words();
            if let Args::From(from) = &instruction.args
                && let Some((s, e)) = from.as_keyword.as_ref().and_then(|w| to_logical(logical, w.range))
                && let Some(atom) = atoms.iter_mut().find(|a| a.start == s && a.end == e)
            {
                atom.text = Some("AS".to_string());
            }
            (atoms, ArgKind::Other)
        }
        Args::Pairs(pairs) if pairs.len() == 1 && pairs[0].legacy => {
            let pair = &pairs[0];
            let key = to_logical(logical, pair.key.range);
            let value = pair.value.as_ref().and_then(|v| to_logical(logical, v.range));
            let (Some(key), Some(value)) = (key, value) else {
                return (verbatim(), ArgKind::Other);
            };
            let unbroken = !breaks.iter().any(|b| b.offset > key.0 && b.offset < value.1);
            match legacy_to_key_value(&text[key.0..key.1], &text[value.0..value.1], ctx.escape) {
                Some(converted) if unbroken => {
                    (vec![Atom { text: Some(converted), ..Atom::new(key.0, value.1) }], ArgKind::Other)
                }
                _ => (vec![Atom::new(key.0, key.1), Atom::new(value.0, value.1)], ArgKind::Other),
            }
        }
        Args::Pairs(_) => (words(), ArgKind::Other),
        Args::Text(_) => (verbatim(), ArgKind::Other),
        Args::Healthcheck(health) => {
            let mut atoms = Vec::new();
            let Some(kind) = &health.kind else { return (verbatim(), ArgKind::Other) };
            let Some((ks, ke)) = to_logical(logical, kind.range) else { return (verbatim(), ArgKind::Other) };
            let mut kind_atom = Atom::new(ks, ke);
            // As written, not the word's value: BuildKit reads `"CMD` as no type at all.
            let written = &text[ks..ke];
            if written.eq_ignore_ascii_case("cmd") || written.eq_ignore_ascii_case("none") {
                kind_atom.text = Some(kind.value.to_ascii_uppercase());
            }
            atoms.push(kind_atom);
            let Some(command) = &health.command else {
                if ke < end {
                    atoms.push(Atom::new(ke, end));
                }
                return (atoms, ArgKind::Other);
            };
            let command_start = end - text[ke..end].trim_start_matches(|c: char| c.is_ascii_whitespace()).len();
            let (rest, kind) = command_atoms(ctx, instruction, command, text, (command_start, end), &json);
            atoms.extend(rest);
            (atoms, if matches!(kind, ArgKind::Json) { ArgKind::Json } else { ArgKind::Other })
        }
    }
}

fn command_atoms(
    ctx: &Context,
    instruction: &Instruction,
    command: &Command,
    text: &str,
    (start, end): (usize, usize),
    json: &dyn Fn(usize, usize) -> Option<Vec<Atom>>,
) -> (Vec<Atom>, ArgKind) {
    match command {
        Command::Exec(_) => match json(start, end) {
            Some(atoms) => (atoms, ArgKind::Json),
            None => (vec![Atom::new(start, end)], ArgKind::Other),
        },
        // SHELL takes only the JSON form; a command for cmd or PowerShell keeps its spacing.
        Command::Shell(_) if instruction.kind == Kind::Shell || !ctx.posix => {
            (vec![Atom::new(start, end)], ArgKind::Other)
        }
        Command::Shell(_) => {
            let atoms = scan::shell_atoms_marked(text, start, end);
            if instruction.kind != Kind::Run || !instruction.heredocs.is_empty() {
                return (atoms.into_iter().map(|(s, e, _)| Atom::new(s, e)).collect(), ArgKind::Other);
            }
            let (atoms, sequential) = split_at_operators(text, start, end, &atoms);
            (atoms, ArgKind::RunScript { sequential })
        }
    }
}

/// The atoms of a RUN script with each top-level `&&`, `||`, `|` and `|&` an atom of its own,
/// and whether the script has top-level `;` or `&` between commands.
fn split_at_operators(text: &str, start: usize, end: usize, atoms: &[(usize, usize, bool)]) -> (Vec<Atom>, bool) {
    let script = shell::parse(text, start, end, &|r| r);
    let top = || script.list_operators.iter().filter(|o| o.depth == 0 && o.compound == 0);
    let sequential = top().any(|o| {
        matches!(o.op.kind, OperatorKind::Semi | OperatorKind::Background)
            && !text[o.op.range.end as usize..end].trim().is_empty()
    });
    let mut operators = top()
        .filter(|o| {
            matches!(o.op.kind, OperatorKind::And | OperatorKind::Or | OperatorKind::Pipe | OperatorKind::PipeAll)
        })
        .map(|o| (o.op.range.as_usize(), o.op.kind))
        .peekable();
    let mut out = Vec::with_capacity(atoms.len());
    for &(s, e, simple) in atoms {
        // BuildKit finds heredocs among its own words, which no shell operator splits: `a|<<EOF`
        // is no heredoc to it, but `a | <<EOF` is, so such an atom stays as written.
        let simple = simple && !text[s..e].contains("<<");
        let mut from = s;
        while let Some((op, kind)) = operators.next_if(|(op, _)| op.start < e) {
            if !simple || op.start < from || op.end > e {
                continue; // an operator the scanner keeps inside a protected atom
            }
            if op.start > from {
                out.push(Atom::new(from, op.start));
            }
            out.push(Atom { operator: Some(kind), ..Atom::new(op.start, op.end) });
            from = op.end;
        }
        if from < e {
            out.push(Atom::new(from, e));
        }
    }
    (out, sequential)
}

/// `ENV key value` as `key=value`, where BuildKit provably reads the same value: the legacy
/// value is the raw rest of the line, the new one the raw word after `=`. Without whitespace
/// outside quotes the raw text is one word already; without quotes and escapes, double quotes
/// keep its spaces and change nothing else.
fn legacy_to_key_value(key: &str, value: &str, escape: char) -> Option<String> {
    let plain_key =
        !key.is_empty() && !key.contains(['=', '\'', '"', '\\', escape]) && !key.chars().any(char::is_whitespace);
    if !plain_key {
        return None;
    }
    let words = crate::syntax::words::parse_words(value, 0, value.len(), escape);
    if words == [(0, value.len())] {
        return Some(format!("{key}={value}"));
    }
    if value.contains(['"', '\'', '\\', escape]) {
        return None;
    }
    Some(format!("{key}=\"{value}\""))
}
