//! Syntax colours for the editor, from our own parser's tree: keywords, flags, comments,
//! directives, heredoc bodies, exec-form strings, image names and ENV/LABEL/ARG keys.

use shipshape::syntax::{Args, Command, Dockerfile, Instruction};
use shipshape::text::TextRange;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    Keyword,
    Flag,
    Comment,
    Directive,
    Heredoc,
    String,
    Image,
    Key,
}

impl Class {
    pub fn css(self) -> &'static str {
        match self {
            Class::Keyword => "tok-kw",
            Class::Flag => "tok-flag",
            Class::Comment => "tok-com",
            Class::Directive => "tok-dir",
            Class::Heredoc => "tok-heredoc",
            Class::String => "tok-str",
            Class::Image => "tok-img",
            Class::Key => "tok-key",
        }
    }
}

/// Non-overlapping coloured ranges, sorted by position.
pub fn tokens(file: &Dockerfile) -> Vec<(TextRange, Class)> {
    let mut out = Vec::new();
    for d in &file.directives {
        out.push((d.range, Class::Directive));
    }
    for c in &file.comments {
        out.push((c.range, Class::Comment));
    }
    for instruction in &file.instructions {
        instruction_tokens(instruction, &mut out);
        for heredoc in &instruction.heredocs {
            out.push((heredoc.body, Class::Heredoc));
            if let Some(t) = heredoc.terminator {
                out.push((t, Class::Keyword));
            }
        }
    }
    out.sort_by_key(|(r, _)| (r.start, r.end));
    // Drop anything overlapping an earlier token (a comment inside a continuation wins over
    // nothing; an ONBUILD's inner keyword sits after the outer one).
    let mut last_end = 0;
    out.retain(|(r, _)| {
        if r.start < last_end || r.is_empty() {
            return false;
        }
        last_end = r.end;
        true
    });
    out
}

fn instruction_tokens(instruction: &Instruction, out: &mut Vec<(TextRange, Class)>) {
    out.push((instruction.keyword, Class::Keyword));
    for flag in &instruction.flags {
        out.push((flag.range, Class::Flag));
    }
    match &instruction.args {
        Args::Command(Command::Exec(exec)) => out.extend(exec.elements.iter().map(|e| (e.range, Class::String))),
        Args::Healthcheck(h) => {
            if let Some(kind) = &h.kind {
                out.push((kind.range, Class::Keyword));
            }
            if let Some(Command::Exec(exec)) = &h.command {
                out.extend(exec.elements.iter().map(|e| (e.range, Class::String)));
            }
        }
        Args::From(from) => {
            if let Some(image) = &from.image {
                out.push((image.range, Class::Image));
            }
            if let Some(kw) = &from.as_keyword {
                out.push((kw.range, Class::Keyword));
            }
            if let Some(name) = &from.name {
                out.push((name.range, Class::Image));
            }
        }
        Args::Pairs(pairs) => out.extend(pairs.iter().map(|p| (p.key.range, Class::Key))),
        Args::Copy(copy) if instruction.json => out.extend(copy.paths.iter().map(|p| (p.range, Class::String))),
        Args::Onbuild(Some(inner)) => instruction_tokens(inner, out),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_do_not_overlap_and_cover_keywords() {
        let source = "# syntax=docker/dockerfile:1\nFROM python:3.13 AS app\n# note\nRUN --mount=type=cache,target=/x pip install x\nCMD [\"python\", \"a.py\"]\nONBUILD RUN echo\n";
        let parse = shipshape::parse(source);
        let toks = tokens(&parse.file);
        let texts: Vec<(&str, Class)> = toks.iter().map(|(r, c)| (r.slice(source), *c)).collect();
        assert!(texts.contains(&("FROM", Class::Keyword)));
        assert!(texts.contains(&("python:3.13", Class::Image)));
        assert!(texts.contains(&("--mount=type=cache,target=/x", Class::Flag)));
        assert!(texts.contains(&("\"a.py\"", Class::String)));
        assert!(texts.contains(&("# note", Class::Comment)));
        assert!(texts.contains(&("# syntax=docker/dockerfile:1", Class::Directive)));
        assert!(texts.contains(&("RUN", Class::Keyword)), "ONBUILD's inner keyword");
        for pair in toks.windows(2) {
            assert!(pair[0].0.end <= pair[1].0.start);
        }
    }
}
