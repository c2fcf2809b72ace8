//! Building blocks shared by rule checks and fixes: where lines start, how to insert an
//! instruction, how to append a command to a RUN in the file's own style.

use super::Checker;
use crate::fix::Edit;
use crate::shell::{OperatorKind, Script, SimpleCommand};
use crate::syntax::{Args, Command, Instruction};
use crate::text::{TextRange, to_u32};

impl Checker<'_> {
    /// The offset where the line holding `offset` starts.
    pub fn line_start(&self, offset: u32) -> u32 {
        self.lines.line_start(self.lines.line(offset))
    }

    /// The offset just after the line terminator of the line holding `offset` (or the end).
    pub fn next_line_start(&self, offset: u32) -> u32 {
        self.lines.line_start(self.lines.line(offset) + 1)
    }

    /// The leading whitespace of the line holding `offset`.
    pub fn indentation(&self, offset: u32) -> &str {
        let start = self.line_start(offset) as usize;
        let line = &self.source[start..];
        let len = line.len() - line.trim_start_matches([' ', '\t']).len();
        &line[..len]
    }

    /// The file's line terminator: `\r\n` if it uses them, else `\n`.
    pub fn newline(&self) -> &'static str {
        self.newline
    }

    /// Inserts `text` (one or more lines, without a final newline) as new lines just before
    /// `instruction`, indented like it.
    pub fn insert_before(&self, instruction: &Instruction, text: &str) -> Edit {
        let at = self.line_start(instruction.range.start);
        let indent = self.indentation(instruction.range.start);
        let nl = self.newline();
        let body: String = text.lines().map(|l| format!("{indent}{l}{nl}")).collect();
        Edit::insert(at, body)
    }

    /// Inserts `text` as new lines just after `instruction` (after its heredocs and
    /// continuation lines).
    pub fn insert_after(&self, instruction: &Instruction, text: &str) -> Edit {
        let end = instruction.range.end;
        let nl = self.newline();
        let indent = self.indentation(instruction.range.start);
        let body: String = text.lines().map(|l| format!("{indent}{l}{nl}")).collect();
        if let Some(escape) = self.file.dangling_escape(self.source).filter(|e| instruction.range.contains_range(*e)) {
            // The file ends inside the instruction's continuation (`RUN a \` and then only
            // blank or comment lines): a line added after it would join it. The escape has
            // nothing left to continue, so dropping it (with the blanks before it) changes
            // nothing and ends the instruction; the lines after it stay as they are.
            let start = self.source[..escape.start as usize].trim_end_matches([' ', '\t']).len();
            let mut rest = self.source[escape.end as usize..].to_string();
            if !rest.ends_with('\n') {
                rest.push_str(nl);
            }
            return Edit::replace(TextRange::new(to_u32(start), to_u32(self.source.len())), format!("{rest}{body}"));
        }
        let next = self.next_line_start(end);
        if next as usize >= self.source.len() && !self.source.ends_with('\n') {
            // The instruction is on the last line, with no line break after it.
            let body: String = text.lines().map(|l| format!("{nl}{indent}{l}")).collect();
            return Edit::insert(to_u32(self.source.len()), body);
        }
        Edit::insert(next, body)
    }

    /// Deletes `instruction` with its whole lines (continuations, heredocs, line break).
    pub fn delete_instruction(&self, instruction: &Instruction) -> Edit {
        let start = self.line_start(instruction.range.start);
        let end = self.next_line_start(instruction.range.end);
        Edit::delete(TextRange::new(start, end))
    }

    /// Deletes the word at `range` together with the blanks that separate it from its
    /// neighbours: `curl -k url` becomes `curl url`; a word alone on a continuation line goes
    /// with its whole line, and the last word of a continuation takes the `\` before it. `None`
    /// when that would also delete a comment line.
    pub fn delete_word(&self, range: TextRange) -> Option<Edit> {
        let src = self.source.as_bytes();
        let line_start = self.line_start(range.start) as usize;
        let mut start = range.start as usize;
        while start > line_start && matches!(src[start - 1], b' ' | b'\t') {
            start -= 1;
        }
        if start > line_start {
            // Something precedes the word on its line: take the blanks before it.
            return Some(Edit::delete(TextRange::new(to_u32(start), range.end)));
        }
        let mut end = range.end as usize;
        while end < src.len() && matches!(src[end], b' ' | b'\t') {
            end += 1;
        }
        let rest = &self.source[end..];
        let escape = self.file.escape;
        let ends_line = |r: &str| r.is_empty() || r.starts_with('\n') || r.starts_with("\r\n");
        if rest.strip_prefix(escape).is_some_and(ends_line) {
            // Alone on a continuation line: the whole line goes.
            return Some(Edit::delete(TextRange::new(to_u32(line_start), self.next_line_start(range.end))));
        }
        if !ends_line(rest) {
            return Some(Edit::delete(TextRange::new(range.start, to_u32(end))));
        }
        // The last word of a continuation: the previous line must stop continuing.
        let previous = self.source[..line_start].trim_end_matches(['\n', '\r']);
        let marker = previous.trim_end_matches([' ', '\t']).strip_suffix(escape)?;
        let from = marker.trim_end_matches([' ', '\t']).len();
        Some(Edit::delete(TextRange::new(to_u32(from), to_u32(end))))
    }

    /// Deletes `words` (in order, neighbours in one command) and the blanks around them. Words
    /// that only blanks separate go as one, as [`Self::delete_word`] deletes a word (so a
    /// line they fill goes whole); deleting each alone, two neighbours could each take the
    /// blanks between them, and a fix's edits must not overlap. Edits that still meet, across
    /// a line break, are merged.
    pub fn delete_words(&self, words: &[TextRange]) -> Option<Vec<Edit>> {
        let mut groups: Vec<TextRange> = Vec::with_capacity(words.len());
        for &word in words {
            match groups.last_mut() {
                Some(group)
                    if group.end <= word.start
                        && self.source[group.end as usize..word.start as usize]
                            .bytes()
                            .all(|b| matches!(b, b' ' | b'\t')) =>
                {
                    *group = TextRange::new(group.start, word.end);
                }
                _ => groups.push(word),
            }
        }
        let mut edits: Vec<Edit> = Vec::with_capacity(groups.len());
        for group in groups {
            let edit = self.delete_word(group)?;
            match edits.last_mut() {
                Some(last) if edit.range.start <= last.range.end => {
                    last.range = TextRange::new(last.range.start, last.range.end.max(edit.range.end));
                }
                _ => edits.push(edit),
            }
        }
        Some(edits)
    }

    /// An edit that runs `command` after everything else in a shell-form RUN, written in the
    /// RUN's own style: `&&` or `;` as it chains commands, on a new continuation line when it
    /// spans several lines, or as a new line of its heredoc script.
    pub fn append_command(&self, run: &Instruction, script: &Script, command: &str) -> Option<Edit> {
        let Some(Command::Shell(shell)) = run.command() else {
            return None;
        };
        // After a quote or substitution left open, the new command would be part of it.
        if !script.errors.is_empty() {
            return None;
        }
        // A heredoc script: add a line before the terminator of the script's heredoc.
        if let Some(heredoc) = run
            .heredocs
            .iter()
            .find(|h| script.commands.iter().any(|c| h.body.contains_range(c.range)) && h.terminator.is_some())
        {
            let body = heredoc.body.slice(self.source);
            let nl = self.newline();
            let prefix = if body.is_empty() || body.ends_with('\n') { "" } else { nl };
            let tabs = if heredoc.chomp { "\t" } else { "" };
            return Some(Edit::insert(heredoc.body.end, format!("{prefix}{tabs}{command}{nl}")));
        }
        let main: Vec<&SimpleCommand> =
            script.commands.iter().filter(|c| shell.range.contains_range(c.range) && c.depth == 0).collect();
        let last = main.iter().max_by_key(|c| c.range.end)?;
        let separator = chain_separator(script, shell.range);
        let escape = self.file.escape;
        let (mut anchor, mut lead) = match last.end {
            Some(op) if op.kind == OperatorKind::Semi => (op.range.end, ""),
            _ => (last.range.end, separator),
        };
        let text = self.text(shell.range);
        // A compound command (`if …; fi`, `for …; done`, `{ …; }`) may close after the last
        // simple command: the new command goes after the closing word, not inside the body.
        let mut line_of = last.range.start;
        let after_last = last.end.map_or(last.range.end, |op| op.range.end);
        let tail: String = self.source[after_last as usize..shell.range.end as usize]
            .chars()
            .filter(|c| !c.is_whitespace() && *c != escape)
            .collect();
        if !tail.is_empty() && !tail.starts_with('#') {
            if tail.contains('#') {
                return None;
            }
            anchor = shell.range.start + to_u32(text.trim_end().len());
            lead = separator;
            line_of = anchor.saturating_sub(1);
        }
        if !text.contains('\n') {
            let sep = if lead.is_empty() { "" } else { lead };
            let space = if sep == ";" { "" } else { " " };
            return Some(Edit::insert(anchor, format!("{space}{sep} {command}")));
        }
        let indent = self.indentation(line_of).to_string();
        let last_line = self.source[self.line_start(line_of) as usize..].trim_start_matches([' ', '\t']);
        let nl = self.newline();
        let leading_operator = ["&&", "||", "|", ";"].iter().any(|op| last_line.starts_with(op));
        if leading_operator && !lead.is_empty() {
            let indent = self.indentation(line_of);
            Some(Edit::insert(anchor, format!(" {escape}{nl}{indent}{lead} {command}")))
        } else {
            let space = if lead == ";" || lead.is_empty() { "" } else { " " };
            Some(Edit::insert(anchor, format!("{space}{lead} {escape}{nl}{indent}{command}")))
        }
    }
}

/// How a script chains its commands: `;` when that is all it uses between top-level
/// commands, `&&` otherwise.
fn chain_separator(script: &Script, within: TextRange) -> &'static str {
    let ops: Vec<OperatorKind> = script
        .commands
        .iter()
        .filter(|c| c.depth == 0 && within.contains_range(c.range))
        .filter_map(|c| c.end.map(|op| op.kind))
        .filter(|k| matches!(k, OperatorKind::And | OperatorKind::Semi))
        .collect();
    if !ops.is_empty() && ops.iter().all(|k| *k == OperatorKind::Semi) { ";" } else { "&&" }
}

/// The words of a COPY/ADD (sources then destination).
pub fn copy_paths(instruction: &Instruction) -> &[crate::syntax::Word] {
    match &instruction.args {
        Args::Copy(copy) => &copy.paths,
        _ => &[],
    }
}

/// True for a source that brings in the whole build context: `.`, `./`, `*`, `./*`.
pub fn is_whole_context(path: &str) -> bool {
    matches!(path, "." | "./" | "*" | "./*" | "./." | ".*")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inserts_after_an_instruction_even_when_the_file_ends_in_its_continuation() {
        let check = |source: &str, expected: &str| {
            let parse = crate::syntax::parse(source);
            let model = crate::semantic::Model::build(&parse.file, source);
            let settings = crate::settings::Settings::default();
            let lines = crate::text::LineIndex::new(source);
            let ctx = Checker::new(source, &parse.file, &parse.errors, &model, &settings, &lines);
            let Some(last) = parse.file.instructions.last() else { panic!("no instruction in {source:?}") };
            let edit = ctx.insert_after(last, "USER 10001");
            let mut out = source.to_string();
            out.replace_range(edit.range.as_usize(), &edit.content);
            assert_eq!(out, expected);
            let after = crate::syntax::parse(&out);
            assert_eq!(after.file.instructions.len(), parse.file.instructions.len() + 1, "{out:?}");
        };
        check("FROM a\nRUN x\n", "FROM a\nRUN x\nUSER 10001\n");
        check("FROM a\nRUN x", "FROM a\nRUN x\nUSER 10001");
        check("FROM a\nRUN x \\\n \n", "FROM a\nRUN x\n \nUSER 10001\n");
        check("FROM a\nRUN x \\", "FROM a\nRUN x\nUSER 10001\n");
        check("# escape=`\nFROM a\nRUN x `\n\n", "# escape=`\nFROM a\nRUN x\n\nUSER 10001\n");
        check("FROM a\nRUN echo \\\\\n", "FROM a\nRUN echo \\\\\nUSER 10001\n");
        check("FROM a\nRUN x \\\n# why\n\n", "FROM a\nRUN x\n# why\n\nUSER 10001\n");
        check("FROM a\nRUN x \\\n# why", "FROM a\nRUN x\n# why\nUSER 10001\n");
    }

    #[test]
    fn deletes_words_with_their_blanks() {
        let check = |source: &str, word: &str, expected: &str| {
            let parse = crate::syntax::parse(source);
            let model = crate::semantic::Model::build(&parse.file, source);
            let settings = crate::settings::Settings::default();
            let lines = crate::text::LineIndex::new(source);
            let ctx = Checker::new(source, &parse.file, &parse.errors, &model, &settings, &lines);
            let start = source.find(word).unwrap_or_default();
            let Some(edit) = ctx.delete_word(TextRange::from_usize(start..start + word.len())) else {
                assert_eq!(source, expected, "no edit offered");
                return;
            };
            let mut out = source.to_string();
            out.replace_range(edit.range.as_usize(), &edit.content);
            assert_eq!(out, expected);
        };
        check("RUN curl -k https://x\n", "-k", "RUN curl https://x\n");
        check("RUN curl -fsSL -k\n", "-k", "RUN curl -fsSL\n");
        check("RUN curl \\\n    -k \\\n    https://x\n", "-k", "RUN curl \\\n    https://x\n");
        check("RUN curl \\\n    -k https://x\n", "-k", "RUN curl \\\n    https://x\n");
        check("ENV A=1 \\\n    B=0\nCMD x\n", "B=0", "ENV A=1\nCMD x\n");
        check("ENV A=1 \\\n    # note\n    B=0\n", "B=0", "ENV A=1 \\\n    # note\n    B=0\n");
    }
}
