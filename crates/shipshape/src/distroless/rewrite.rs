//! Rewriting: turns a [`Plan`] into text. Existing stages change by edits on byte spans, so the
//! user's formatting, continuation style and comments survive; the new final stage is rendered
//! from the instructions it carries over (with their comments) and the ones the plan writes.

use super::analyze::Analysis;
use super::plan::{Change, FinalStage, Item, Plan};
use crate::fix::Edit;
use crate::syntax::{Args, Instruction, LineKind};
use crate::text::{LineIndex, TextRange, to_u32};

/// Produces the converted Dockerfile.
pub(crate) fn render(analysis: &Analysis, plan: &Plan) -> String {
    let writer = Writer::new(analysis);
    let mut edits: Vec<(usize, Edit)> = Vec::new();
    for (order, change) in plan.changes.iter().enumerate() {
        for edit in writer.edits(change) {
            edits.push((order, edit));
        }
    }
    // A file that ends inside a line continuation (`RUN apk update \` on its last line) would
    // swallow anything added after it: the escape character goes, which changes nothing, since
    // the instruction ended there anyway.
    if let Some(escape) = analysis.file.dangling_escape(analysis.source) {
        edits.push((usize::MAX, Edit::delete(escape)));
    }
    let mut text = apply(analysis.source, edits);
    if let Some(final_stage) = &plan.final_stage {
        let nl = writer.nl;
        let trimmed_len = text.trim_end_matches(['\n', '\r', ' ', '\t']).len();
        text.truncate(trimmed_len);
        if !text.is_empty() {
            text.push_str(nl);
            text.push_str(nl);
        }
        text.push_str(&writer.final_stage(final_stage));
    }
    text
}

/// Applies edits sorted by position; at one position, inserts keep the plan's order. An edit
/// overlapping an earlier one is skipped (the plan never produces one; this keeps a bug from
/// corrupting the output).
fn apply(source: &str, mut edits: Vec<(usize, Edit)>) -> String {
    edits.sort_by(|(oa, a), (ob, b)| {
        (a.range.start, !a.range.is_empty(), *oa, a.range.end).cmp(&(
            b.range.start,
            !b.range.is_empty(),
            *ob,
            b.range.end,
        ))
    });
    let mut out = String::with_capacity(source.len() + 512);
    let mut last = 0usize;
    for (order, edit) in edits {
        let range = edit.range.as_usize();
        if range.start < last
            || range.end > source.len()
            || !source.is_char_boundary(range.start)
            || !source.is_char_boundary(range.end)
        {
            // The plan never overlaps its edits (the dangling escape may fall inside a removed
            // instruction, which is fine); tests catch a plan that does.
            debug_assert!(order == usize::MAX, "overlapping edits at {range:?}: {:?}", edit.content);
            continue;
        }
        out.push_str(&source[last..range.start]);
        out.push_str(&edit.content);
        last = range.end.max(last);
    }
    out.push_str(&source[last..]);
    out
}

struct Writer<'a, 'b> {
    analysis: &'b Analysis<'a>,
    lines: LineIndex,
    nl: &'static str,
}

impl<'a, 'b> Writer<'a, 'b> {
    fn new(analysis: &'b Analysis<'a>) -> Self {
        let nl = if analysis.source.contains("\r\n") { "\r\n" } else { "\n" };
        Writer { analysis, lines: LineIndex::new(analysis.source), nl }
    }

    fn source(&self) -> &'a str {
        self.analysis.source
    }

    fn line_start(&self, offset: u32) -> u32 {
        self.lines.line_start(self.lines.line(offset))
    }

    fn next_line_start(&self, offset: u32) -> u32 {
        let next = self.lines.line_start(self.lines.line(offset) + 1);
        next.min(to_u32(self.source().len()))
    }

    fn indentation(&self, offset: u32) -> &'a str {
        let start = self.line_start(offset) as usize;
        let line = &self.source()[start..];
        let len = line.len() - line.trim_start_matches([' ', '\t']).len();
        &line[..len]
    }

    /// `lines` as text, each indented and ended by the file's line break.
    fn block(&self, lines: &[String], indent: &str) -> String {
        lines.iter().flat_map(|l| l.split('\n')).map(|l| format!("{indent}{l}{}", self.nl)).collect()
    }

    fn insert_before(&self, instruction: &Instruction, lines: &[String]) -> Edit {
        let at = self.line_start(instruction.range.start);
        Edit::insert(at, self.block(lines, self.indentation(instruction.range.start)))
    }

    fn insert_after(&self, instruction: &Instruction, lines: &[String]) -> Edit {
        let end = instruction.range.end;
        let indent = self.indentation(instruction.range.start);
        let next = self.next_line_start(end);
        if next as usize >= self.source().len() && !self.source().ends_with('\n') {
            let body: String =
                lines.iter().flat_map(|l| l.split('\n')).map(|l| format!("{}{indent}{l}", self.nl)).collect();
            return Edit::insert(to_u32(self.source().len()), body);
        }
        Edit::insert(next, self.block(lines, indent))
    }

    /// The comment lines directly above an instruction (no blank line in between), as a range
    /// of whole lines; empty when there are none.
    fn leading_comments(&self, instruction: &Instruction) -> TextRange {
        let file = self.analysis.file;
        let start = self.line_start(instruction.range.start);
        let Some(line) = file.lines.iter().position(|l| l.range.start == start) else {
            return TextRange::empty(start);
        };
        let mut first = line;
        while first > 0 && file.lines[first - 1].kind == LineKind::Comment {
            first -= 1;
        }
        TextRange::new(file.lines[first].range.start, start)
    }

    /// True when the line starting at `offset` is blank, or `offset` is the end of the file.
    fn blank_or_end(&self, offset: u32) -> bool {
        let file = self.analysis.file;
        offset as usize >= self.source().len()
            || file.lines.iter().find(|l| l.range.start == offset).is_some_and(|l| l.kind == LineKind::Blank)
    }

    /// The start of the blank line that ends right at `offset`, if there is one.
    fn blank_line_before(&self, offset: u32) -> Option<u32> {
        let file = self.analysis.file;
        let at = file.lines.iter().position(|l| l.range.start == offset)?;
        let previous = file.lines.get(at.checked_sub(1)?)?;
        (previous.kind == LineKind::Blank).then_some(previous.range.start)
    }

    /// The comment lines inside an instruction's line continuation.
    fn inner_comments(&self, instruction: &Instruction) -> Vec<String> {
        instruction.comments.iter().map(|c| c.slice(self.source()).trim().to_string()).collect()
    }

    /// The comment lines of the file inside `range`.
    fn comments_within(&self, range: TextRange) -> Vec<String> {
        self.analysis
            .file
            .comments
            .iter()
            .filter(|c| range.contains_range(c.range))
            .map(|c| c.range.slice(self.source()).trim().to_string())
            .collect()
    }

    fn edits(&self, change: &Change) -> Vec<Edit> {
        let analysis = self.analysis;
        match change {
            Change::SetImage { from, image, pragma } => {
                let instruction = analysis.instruction(*from);
                let Args::From(args) = &instruction.args else { return Vec::new() };
                let Some(word) = &args.image else { return Vec::new() };
                let mut edits = vec![Edit::replace(word.range, image.clone())];
                if let Some(pragma) = pragma {
                    edits.push(self.insert_before(instruction, std::slice::from_ref(pragma)));
                }
                edits
            }
            Change::Name { from, name } => {
                let instruction = analysis.instruction(*from);
                let Args::From(args) = &instruction.args else { return Vec::new() };
                let Some(word) = &args.image else { return Vec::new() };
                let keyword = instruction.keyword.slice(self.source());
                let as_word = if keyword.chars().all(|c| c.is_ascii_lowercase()) { "as" } else { "AS" };
                vec![Edit::insert(word.range.end, format!(" {as_word} {name}"))]
            }
            Change::InsertAfter { instruction, lines } => {
                vec![self.insert_after(analysis.instruction(*instruction), lines)]
            }
            Change::Delete { instruction, with_leading_comments } => {
                let i = analysis.instruction(*instruction);
                let mut start = if *with_leading_comments {
                    self.leading_comments(i).start
                } else {
                    self.line_start(i.range.start)
                };
                let end = self.next_line_start(i.range.end);
                // An instruction that goes away takes a blank line above it along, when a
                // blank line or the end of the file follows: no gap of blank lines is left.
                if self.blank_or_end(end) {
                    start = self.blank_line_before(start).unwrap_or(start);
                }
                let mut edits = vec![Edit::delete(TextRange::new(start, end.max(start)))];
                // A dropped instruction keeps the comment lines of its continuation.
                let kept = if *with_leading_comments { Vec::new() } else { self.inner_comments(i) };
                if !kept.is_empty() {
                    edits.push(Edit::insert(start, self.block(&kept, self.indentation(i.range.start))));
                }
                edits
            }
            Change::Replace { instruction, lines } => {
                // Whole lines: the comment lines inside the instruction, then the new lines.
                let i = analysis.instruction(*instruction);
                let start = self.line_start(i.range.start);
                let end = self.next_line_start(i.range.end);
                let mut all = self.inner_comments(i);
                all.extend(lines.iter().cloned());
                let mut text = self.block(&all, self.indentation(i.range.start));
                if end as usize == self.source().len() && !self.source().ends_with('\n') {
                    text.truncate(text.trim_end_matches(['\r', '\n']).len());
                }
                vec![Edit::replace(TextRange::new(start, end), text)]
            }
            Change::ReplaceRange { instruction, range, text } => {
                let i = analysis.instruction(*instruction);
                let text = if self.nl == "\r\n" { text.replace('\n', "\r\n") } else { text.clone() };
                let mut edits = vec![Edit::replace(*range, text)];
                let kept = self.comments_within(*range);
                if !kept.is_empty() {
                    edits.push(self.insert_before(i, &kept));
                }
                edits
            }
            Change::InsertBefore { instruction, lines } => {
                let i = analysis.instruction(*instruction);
                let at = self.leading_comments(i).start;
                vec![Edit::insert(at, self.block(lines, self.indentation(i.range.start)))]
            }
            Change::Append { stage, lines } => {
                let last = analysis.model.stages[*stage].instructions.end.saturating_sub(1);
                vec![self.insert_after(analysis.instruction(last), lines)]
            }
        }
    }

    /// The text of an instruction as written, from its keyword to its end.
    fn instruction_text(&self, instruction: &Instruction) -> &'a str {
        instruction.range.slice(self.source())
    }

    fn final_stage(&self, stage: &FinalStage) -> String {
        let mut out = String::new();
        let nl = self.nl;
        for line in &stage.header {
            out.push_str(line);
            out.push_str(nl);
        }
        match &stage.name {
            Some(name) => out.push_str(&format!("FROM {} AS {name}{nl}", stage.image)),
            None => out.push_str(&format!("FROM {}{nl}", stage.image)),
        }
        for item in &stage.items {
            match item {
                Item::Carry { instruction, comments } => {
                    let i = self.analysis.instruction(*instruction);
                    if *comments {
                        out.push_str(&normalize_newlines(self.leading_comments(i).slice(self.source()), nl));
                    }
                    out.push_str(self.instruction_text(i));
                    out.push_str(nl);
                }
                Item::Text { lines, comments_of } => {
                    for &c in comments_of {
                        let i = self.analysis.instruction(c);
                        out.push_str(&normalize_newlines(self.leading_comments(i).slice(self.source()), nl));
                        for comment in self.inner_comments(i) {
                            out.push_str(&comment);
                            out.push_str(nl);
                        }
                    }
                    for line in lines {
                        for l in line.split('\n') {
                            out.push_str(l);
                            out.push_str(nl);
                        }
                    }
                }
            }
        }
        out
    }
}

fn normalize_newlines(text: &str, nl: &str) -> String {
    text.lines().map(|l| format!("{}{nl}", l.trim_start())).collect()
}
