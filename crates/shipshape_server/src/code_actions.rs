//! Code actions: each finding's own fix, silencing a finding with a hadolint pragma (on its
//! instruction or in the whole file), and fixing every safe problem at once.
//!
//! Edits are computed on byte ranges with the core's `Edit`, as fixes are, and turned into
//! protocol edits at the end.

use std::collections::HashMap;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, DocumentChanges, OneOf, OptionalVersionedTextDocumentIdentifier,
    TextDocumentEdit, TextEdit, WorkspaceEdit,
};
use shipshape::suppression::{self, Scope};
use shipshape::syntax::Dockerfile;
use shipshape::text::{TextRange, to_u32};
use shipshape::{Applicability, Diagnostic, Edit, Settings};

use crate::analysis::Analysis;
use crate::document::Document;
use crate::lines::Encoding;

/// `source.fixAll.shipshape`: the kind editors run on save (`editor.codeActionsOnSave`).
pub fn fix_all_kind() -> CodeActionKind {
    CodeActionKind::new("source.fixAll.shipshape")
}

/// What the client can take.
#[derive(Clone, Copy, Debug, Default)]
pub struct ClientSupport {
    /// Versioned `documentChanges` instead of the `changes` map.
    pub document_changes: bool,
    /// The fix-all edit may wait for `codeAction/resolve`.
    pub resolve_edit: bool,
}

/// The actions for the findings touching `range`, and fix-all, limited to the kinds in `only`
/// (every kind when it is `None`).
pub fn actions(
    document: &Document,
    analysis: &Analysis,
    range: TextRange,
    only: Option<&[CodeActionKind]>,
    encoding: Encoding,
    support: ClientSupport,
) -> Vec<CodeActionOrCommand> {
    let wanted = |kind: &CodeActionKind| {
        only.is_none_or(|only| {
            only.iter().any(|o| kind.as_str() == o.as_str() || kind.as_str().starts_with(&format!("{}.", o.as_str())))
        })
    };
    let mut actions = Vec::new();
    let source = document.text.as_str();
    let file = &analysis.check.parse.file;
    if wanted(&CodeActionKind::QUICKFIX) {
        let touching =
            analysis.check.diagnostics.iter().filter(|d| d.range.start <= range.end && range.start <= d.range.end);
        let mut ignores = Vec::new();
        for diagnostic in touching {
            let lsp_diagnostic = crate::diagnostics::to_lsp(document, diagnostic, encoding);
            if let Some(fix) =
                diagnostic.fix.as_ref().filter(|f| f.applicability >= Applicability::Unsafe && !f.edits().is_empty())
            {
                let safe = fix.applicability == Applicability::Safe;
                let title = if safe {
                    format!("{} ({})", fix.title, diagnostic.rule.code)
                } else {
                    format!(
                        "{} ({}, unsafe fix: check that the build still does what you want)",
                        fix.title, diagnostic.rule.code
                    )
                };
                actions.push(CodeAction {
                    title,
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![lsp_diagnostic.clone()]),
                    edit: Some(workspace_edit(document, fix.edits(), encoding, support)),
                    is_preferred: Some(safe),
                    ..CodeAction::default()
                });
            }
            if analysis.settings.disable_ignore_pragma {
                // The configuration turns pragmas off: one would change nothing.
                continue;
            }
            let code = diagnostic.rule.code;
            let mut candidates = Vec::new();
            if let Some(edit) = ignore_here(file, analysis, source, diagnostic) {
                candidates.push((format!("Ignore {code} for this instruction"), edit));
            }
            candidates.push((format!("Ignore {code} in this file"), ignore_in_file(file, analysis, source, code)));
            for (title, edit) in candidates {
                if !ignores.iter().any(|(t, _, _)| *t == title) {
                    ignores.push((title, edit, lsp_diagnostic.clone()));
                }
            }
        }
        for (title, edit, lsp_diagnostic) in ignores {
            actions.push(CodeAction {
                title,
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![lsp_diagnostic]),
                edit: Some(workspace_edit(document, &[edit], encoding, support)),
                is_preferred: Some(false),
                ..CodeAction::default()
            });
        }
    }
    let has_safe_fix = analysis
        .check
        .diagnostics
        .iter()
        .any(|d| d.fix.as_ref().is_some_and(|f| f.applicability == Applicability::Safe && !f.edits().is_empty()));
    if has_safe_fix && wanted(&fix_all_kind()) {
        let mut action = CodeAction {
            title: "Fix all safe problems (shipshape)".to_string(),
            kind: Some(fix_all_kind()),
            ..CodeAction::default()
        };
        if support.resolve_edit {
            action.data = Some(serde_json::json!({ "uri": document.uri, "fixAll": true }));
        } else {
            action.edit =
                fix_all(document, &analysis.settings).map(|edit| workspace_edit(document, &[edit], encoding, support));
        }
        actions.push(action);
    }
    actions.into_iter().map(CodeActionOrCommand::CodeAction).collect()
}

/// The fix loop's safe fixes as one edit over the part of the document they change, or `None`
/// when they change nothing.
pub fn fix_all(document: &Document, settings: &Settings) -> Option<Edit> {
    let fixed = shipshape::fix(&document.text, settings, Applicability::Safe).output;
    minimal_edit(&document.text, &fixed)
}

/// One edit turning `old` into `new`, covering only what differs, so that the editor keeps the
/// cursor, folds and marks outside it. Its ends never fall between the `\r` and the `\n` of a
/// line break, where no protocol position can point.
pub fn minimal_edit(old: &str, new: &str) -> Option<Edit> {
    if old == new {
        return None;
    }
    let splits_crlf = |at: usize| at > 0 && old.as_bytes()[at - 1] == b'\r' && old.as_bytes().get(at) == Some(&b'\n');
    let mut prefix = old.bytes().zip(new.bytes()).take_while(|(a, b)| a == b).count();
    while !old.is_char_boundary(prefix) || !new.is_char_boundary(prefix) || splits_crlf(prefix) {
        prefix -= 1;
    }
    let max_suffix = old.len().min(new.len()) - prefix;
    let mut suffix = old.bytes().rev().zip(new.bytes().rev()).take(max_suffix).take_while(|(a, b)| a == b).count();
    while !old.is_char_boundary(old.len() - suffix)
        || !new.is_char_boundary(new.len() - suffix)
        || splits_crlf(old.len() - suffix)
    {
        suffix -= 1;
    }
    Some(Edit::replace(TextRange::from_usize(prefix..old.len() - suffix), &new[prefix..new.len() - suffix]))
}

/// `# hadolint ignore=CODE` on the line above the finding's instruction, or the code added to
/// the pragma that is already there for it. `None` when the finding is outside any instruction.
pub fn ignore_here(file: &Dockerfile, analysis: &Analysis, source: &str, diagnostic: &Diagnostic) -> Option<Edit> {
    let index = suppression::instruction_at(file, diagnostic.range.start)?;
    let code = diagnostic.rule.code;
    let pragmas = suppression::pragmas(file, &analysis.check.model);
    if let Some(pragma) = pragmas.iter().rev().find(|p| p.scope == Scope::NextInstruction && p.target == Some(index)) {
        return Some(add_to_pragma(source, pragma.range, code));
    }
    let keyword = file.instructions[index].range.start;
    let line_start = to_u32(source[..keyword as usize].rfind(['\n', '\r']).map_or(0, |i| i + 1));
    let line_start = match file.bom {
        Some(bom) if line_start < bom.end => bom.end,
        _ => line_start,
    };
    let indent = &source[line_start as usize..keyword as usize];
    let newline = newline_after(source, keyword as usize);
    Some(Edit::insert(line_start, format!("{indent}# hadolint ignore={code}{newline}")))
}

/// `# hadolint global ignore=CODE` below the parser directives, or the code added to the global
/// pragma that is already there.
pub fn ignore_in_file(file: &Dockerfile, analysis: &Analysis, source: &str, code: &str) -> Edit {
    let pragmas = suppression::pragmas(file, &analysis.check.model);
    if let Some(pragma) = pragmas.iter().find(|p| p.scope == Scope::Global) {
        return add_to_pragma(source, pragma.range, code);
    }
    // Directives must stay the first lines of the file, so the pragma goes after them.
    let after = file.directives.last().map_or(file.bom.map_or(0, |b| b.end), |d| {
        let end = d.range.end as usize;
        to_u32(end + line_terminator_len(&source[end..]))
    });
    let newline = newline_after(source, after as usize);
    // A last directive without a line break: the pragma starts a line of its own.
    let before = if after > 0 && !source[..after as usize].ends_with('\n') { newline } else { "" };
    Edit::insert(after, format!("{before}# hadolint global ignore={code}{newline}"))
}

/// `,CODE` after the last rule of the pragma comment at `comment` (which runs from `#` to the end
/// of its line), before any `# reason`.
fn add_to_pragma(source: &str, comment: TextRange, code: &str) -> Edit {
    let text = comment.slice(source);
    let list_start = text.find("ignore").and_then(|i| text[i..].find('=').map(|j| i + j + 1)).unwrap_or(text.len());
    let list = &text[list_start..];
    let list_end = list.find('#').unwrap_or(list.len());
    let at = list_start + list[..list_end].trim_end().len();
    Edit::insert(comment.start + to_u32(at), format!(",{code}"))
}

fn line_terminator_len(rest: &str) -> usize {
    if rest.starts_with("\r\n") {
        2
    } else if rest.starts_with(['\n', '\r']) {
        1
    } else {
        0
    }
}

/// The terminator of the line holding `offset`, or of the file's first line when that line has
/// none, so that an inserted line matches its neighbours.
fn newline_after(source: &str, offset: usize) -> &'static str {
    // Docker ends lines at `\n` only: after a lone `\r` (a line break to some editors) the
    // pragma would run on into the instruction below it and hide it.
    let rest = &source[offset..];
    let terminator = rest.find('\n').map(|i| &rest[..=i]).or_else(|| source.find('\n').map(|i| &source[..=i]));
    match terminator {
        Some(t) if t.ends_with("\r\n") => "\r\n",
        _ => "\n",
    }
}

pub fn workspace_edit(
    document: &Document,
    edits: &[Edit],
    encoding: Encoding,
    support: ClientSupport,
) -> WorkspaceEdit {
    let text_edits: Vec<TextEdit> = edits
        .iter()
        .map(|e| TextEdit::new(document.lines.range(&document.text, e.range, encoding), e.content.clone()))
        .collect();
    if support.document_changes {
        WorkspaceEdit {
            document_changes: Some(DocumentChanges::Edits(vec![TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier {
                    uri: document.uri.clone(),
                    version: Some(document.version),
                },
                edits: text_edits.into_iter().map(OneOf::Left).collect(),
            }])),
            ..WorkspaceEdit::default()
        }
    } else {
        WorkspaceEdit { changes: Some(HashMap::from([(document.uri.clone(), text_edits)])), ..WorkspaceEdit::default() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn analyse(text: &str) -> (Document, Analysis) {
        let document = Document::new("file:///w/Dockerfile".parse().unwrap(), 1, text.to_string());
        let analysis = Analysis::new(&document, std::sync::Arc::new(Settings::default()));
        (document, analysis)
    }

    fn apply(text: &str, edit: &Edit) -> String {
        let mut out = text.to_string();
        out.replace_range(edit.range.as_usize(), &edit.content);
        out
    }

    fn finding<'a>(analysis: &'a Analysis, code: &str) -> &'a Diagnostic {
        analysis.check.diagnostics.iter().find(|d| d.rule.code == code).unwrap_or_else(|| panic!("no {code}"))
    }

    #[test]
    fn ignore_here_inserts_a_pragma_or_extends_one() {
        let text = "FROM python:3.13-slim\n  RUN pip install flask\r\n";
        let (document, analysis) = analyse(text);
        let edit = ignore_here(&analysis.check.parse.file, &analysis, text, finding(&analysis, "DL3042")).unwrap();
        // Indented like the instruction, with the line's own terminator.
        let pragma = apply(text, &edit);
        assert_eq!(pragma, "FROM python:3.13-slim\n  # hadolint ignore=DL3042\r\n  RUN pip install flask\r\n");
        let (_, after) = analyse(&pragma);
        assert!(after.check.diagnostics.iter().all(|d| d.rule.code != "DL3042"));
        let text =
            "FROM python:3.13-slim\n# hadolint ignore=DL3013  # pinned by the lock file\nRUN pip install flask\n";
        let (_, analysis) = analyse(text);
        let edit = ignore_here(&analysis.check.parse.file, &analysis, text, finding(&analysis, "DL3042")).unwrap();
        assert_eq!(
            apply(text, &edit),
            "FROM python:3.13-slim\n# hadolint ignore=DL3013,DL3042  # pinned by the lock file\nRUN pip install flask\n"
        );
        drop(document);
    }

    #[test]
    fn ignore_in_file_after_a_last_directive_without_a_line_break() {
        // Found by the `lsp` fuzz target: the pragma was appended to the directive's line.
        let text = "# check=skip=JSONArgsRecommended";
        let (_, analysis) = analyse(text);
        let edit = ignore_in_file(&analysis.check.parse.file, &analysis, text, "DL1000");
        assert_eq!(apply(text, &edit), "# check=skip=JSONArgsRecommended\n# hadolint global ignore=DL1000\n");
    }

    #[test]
    fn ignore_in_file_goes_below_the_directives() {
        let text = "# syntax=docker/dockerfile:1\n# escape=\\\nFROM python\n";
        let (_, analysis) = analyse(text);
        let edit = ignore_in_file(&analysis.check.parse.file, &analysis, text, "DL3006");
        let ignored = apply(text, &edit);
        assert_eq!(
            ignored,
            "# syntax=docker/dockerfile:1\n# escape=\\\n# hadolint global ignore=DL3006\nFROM python\n"
        );
        let (_, after) = analyse(&ignored);
        assert_eq!(after.check.parse.file.directives.len(), 2);
        assert!(after.check.diagnostics.iter().all(|d| d.rule.code != "DL3006"));
        let edit = ignore_in_file(&after.check.parse.file, &after, &ignored, "DL3042");
        assert!(apply(&ignored, &edit).contains("# hadolint global ignore=DL3006,DL3042\n"));
    }

    #[test]
    fn minimal_edits_keep_what_is_common() {
        let edit = minimal_edit("RUN pip install x\n", "RUN pip install --no-cache-dir x\n").unwrap();
        assert_eq!((edit.range, edit.content.as_str()), (TextRange::new(16, 16), "--no-cache-dir "));
        let edit = minimal_edit("a😀b", "a😁b").unwrap();
        assert_eq!(apply("a😀b", &edit), "a😁b");
        assert_eq!(minimal_edit("same", "same"), None);
        let edit = minimal_edit("aaa", "aa").unwrap();
        assert_eq!(apply("aaa", &edit), "aa");
        // Formatting a CRLF line break to LF: the edit takes the whole `\r\n`, since no position
        // points between its two bytes (found by the `lsp` fuzz target).
        let edit = minimal_edit("FROM a \\\r\n", "FROM a \\\n").unwrap();
        assert_eq!((edit.range, edit.content.as_str()), (TextRange::new(8, 10), "\n"));
        let edit = minimal_edit("a\r\nb", "a\r\nxb").unwrap();
        assert_eq!((edit.range, edit.content.as_str()), (TextRange::new(3, 3), "x"));
        let edit = minimal_edit("a\r\n", "a\rx\n").unwrap();
        assert_eq!(apply("a\r\n", &edit), "a\rx\n");
        assert!(edit.range.start <= 1 && edit.range.end == 3, "{:?}", edit.range);
    }
}
