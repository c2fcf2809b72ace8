//! Hovers: on a finding, its rule's documentation; on an instruction keyword, what the
//! instruction does.

use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind};
use shipshape::meta::FixAvailability;
use shipshape::syntax::Instruction;
use shipshape::text::TextRange;

use crate::analysis::Analysis;
use crate::diagnostics::rule_url;
use crate::document::Document;
use crate::instructions;
use crate::lines::Encoding;

pub fn hover(
    document: &Document,
    analysis: &Analysis,
    offset: u32,
    encoding: Encoding,
    markdown: bool,
) -> Option<Hover> {
    let mut sections = Vec::new();
    let mut range: Option<TextRange> = None;
    let mut seen = Vec::new();
    for d in &analysis.check.diagnostics {
        let under = d.range.start <= offset && (offset < d.range.end || d.range.is_empty() && offset == d.range.start);
        if !under || seen.contains(&d.rule.code) {
            continue;
        }
        seen.push(d.rule.code);
        range = Some(range.map_or(d.range, |r| r.cover(d.range)));
        let rule = d.rule;
        let fix = match (rule.fix, &d.fix) {
            (_, Some(fix)) => format!(" · {} fix: {}", fix.applicability.as_str(), fix.title),
            (FixAvailability::Never, None) => String::new(),
            (_, None) => " · no fix here".to_string(),
        };
        sections.push(format!(
            "**{}** `{}` · {}{fix}\n\n{}\n\n{}\n[{} documentation]({})",
            rule.code,
            rule.name,
            d.severity.as_str(),
            d.message,
            rule.docs_markdown().trim_end(),
            rule.code,
            rule_url(rule),
        ));
    }
    if let Some(keyword) = keyword_at(&analysis.check.parse.file.instructions, offset)
        && let Some(reference) = instructions::hover_markdown(keyword.kind)
    {
        range = Some(range.map_or(keyword.keyword, |r| r.cover(keyword.keyword)));
        sections.push(reference);
    }
    let range = range?;
    let value = sections.join("\n\n---\n\n");
    let contents = MarkupContent {
        kind: if markdown { MarkupKind::Markdown } else { MarkupKind::PlainText },
        value: if markdown { value } else { plain(&value) },
    };
    Some(Hover {
        contents: HoverContents::Markup(contents),
        range: Some(document.lines.range(&document.text, range, encoding)),
    })
}

/// The instruction whose keyword is at `offset` (an `ONBUILD` trigger's too).
fn keyword_at(instructions: &[Instruction], offset: u32) -> Option<&Instruction> {
    let index = instructions.partition_point(|i| i.range.start <= offset).checked_sub(1)?;
    let instruction = &instructions[index];
    let on = |i: &Instruction| i.keyword.start <= offset && offset <= i.keyword.end;
    if on(instruction) {
        return Some(instruction);
    }
    let inner = instruction.effective();
    on(inner).then_some(inner)
}

/// Markdown for a client that shows only plain text: without emphasis and link syntax.
fn plain(markdown: &str) -> String {
    markdown.replace("**", "").replace("```dockerfile\n", "").replace("```\n", "").replace("```", "")
}
