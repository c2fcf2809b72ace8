//! The properties every result of the core has, written once as checks that say what is wrong.
//!
//! The property tests over real files (`crates/shipshape/tests/`) and the fuzz targets
//! (`fuzz/`) assert these same functions, so a property is stated in one place and a fuzzer's
//! finding fails the same way a test does. Each returns `Err` with a one-line description of
//! the first violation. They are plain functions of the core's public results: a front end
//! that never calls them pays nothing for them (the linker drops them from the playground).

use std::collections::HashMap;

use crate::diagnostic::Diagnostic;
use crate::distroless::{self, Conversion};
use crate::fix::Applicability;
use crate::format::{self, FormatOptions, meaning};
use crate::linter::{self, FixResult};
use crate::semantic::{Base, Model};
use crate::settings::Settings;
use crate::shell::Script;
use crate::syntax::{self, Args, Command, Kind, Parse};
use crate::text::TextRange;

/// `range` lies inside `source` and both its ends are character boundaries.
pub fn range_in(source: &str, range: TextRange, what: &str) -> Result<(), String> {
    let (start, end) = (range.start as usize, range.end as usize);
    if start > end || end > source.len() {
        return Err(format!("{what} {range:?} is outside the text ({} bytes)", source.len()));
    }
    if !source.is_char_boundary(start) || !source.is_char_boundary(end) {
        return Err(format!("{what} {range:?} splits a character"));
    }
    Ok(())
}

/// The parse is lossless: its lines tile the text after the byte-order mark, so printing them
/// back gives the input byte for byte; every node's range lies inside its instruction and on
/// character boundaries, and so does every error's.
pub fn parse_is_lossless(source: &str, parse: &Parse) -> Result<(), String> {
    let file = &parse.file;
    let mut at = file.bom.map_or(0, |b| b.end);
    for line in &file.lines {
        if line.range.start != at {
            return Err(format!("the lines leave a gap or overlap at byte {at}"));
        }
        range_in(source, line.range, "a line")?;
        at = line.range.end;
    }
    if at as usize != source.len() {
        return Err(format!("the lines end at byte {at} of {}", source.len()));
    }
    let reprinted: String = file.lines.iter().map(|l| l.range.slice(source)).collect();
    if reprinted != source[file.bom.map_or(0, |b| b.end as usize)..] {
        return Err("printing the lines does not give the text back".into());
    }
    for error in &parse.errors {
        range_in(source, error.range, "a syntax error")?;
    }
    for comment in &file.comments {
        range_in(source, comment.range, "a comment")?;
    }
    for directive in &file.directives {
        range_in(source, directive.range, "a directive")?;
    }
    for (i, instruction) in file.instructions.iter().enumerate() {
        instruction_in_bounds(source, instruction).map_err(|e| format!("instruction {i}: {e}"))?;
        if let Args::Onbuild(Some(inner)) = &instruction.args {
            instruction_in_bounds(source, inner).map_err(|e| format!("instruction {i}'s ONBUILD: {e}"))?;
        }
    }
    Ok(())
}

fn instruction_in_bounds(source: &str, instruction: &syntax::Instruction) -> Result<(), String> {
    let whole = instruction.range;
    range_in(source, whole, "the instruction")?;
    let inside = |range: TextRange, what: &str| {
        range_in(source, range, what)?;
        if whole.contains_range(range) || range.is_empty() {
            Ok(())
        } else {
            Err(format!("{what} {range:?} is outside its instruction {whole:?}"))
        }
    };
    inside(instruction.keyword, "the keyword")?;
    inside(instruction.args_range, "the arguments")?;
    for flag in &instruction.flags {
        inside(flag.range, "a flag")?;
        if let Some(value) = flag.value_range {
            inside(value, "a flag's value")?;
        }
    }
    for heredoc in &instruction.heredocs {
        range_in(source, heredoc.range, "a heredoc")?;
        range_in(source, heredoc.body, "a heredoc's body")?;
        if let Some(terminator) = heredoc.terminator {
            range_in(source, terminator, "a heredoc's terminator")?;
        }
        // The body runs to the end of its last line, line ending included: an unterminated
        // heredoc's body is the rest of the file, and the instruction ends before its last
        // line's ending, which is the `\r`s and the `\n` the parser strips from a line's end.
        let after = source.get(whole.end as usize..heredoc.body.end.max(whole.end) as usize);
        let within = after.is_some_and(|gap| gap.strip_suffix('\n').unwrap_or(gap).bytes().all(|b| b == b'\r'));
        if heredoc.body.end > whole.end && !within {
            return Err(format!("a heredoc's body {:?} is outside its instruction {whole:?}", heredoc.body));
        }
    }
    for &range in instruction.comments.iter().chain(&instruction.empty_continuation_lines) {
        inside(range, "a comment or empty line of the continuation")?;
    }
    let logical = &instruction.logical;
    if !logical.text.is_empty() {
        let last = logical.to_source(crate::text::to_u32(logical.text.len()) - 1);
        if last as usize >= source.len() {
            return Err(format!("the logical line maps past the text (byte {last})"));
        }
    }
    Ok(())
}

/// A shell script's spans (commands, words, redirects, operators, errors) lie inside `source`
/// and on character boundaries.
pub fn script_in_bounds(source: &str, script: &Script) -> Result<(), String> {
    for error in &script.errors {
        range_in(source, error.range, "a shell error")?;
    }
    for &pipe in &script.pipes {
        range_in(source, pipe, "a pipe")?;
    }
    for op in &script.list_operators {
        range_in(source, op.op.range, "a list operator")?;
    }
    for command in &script.commands {
        range_in(source, command.range, "a command")?;
        for word in command.assignments.iter().chain(&command.words) {
            range_in(source, word.range, "a word")?;
        }
        for redirect in &command.redirects {
            range_in(source, redirect.range, "a redirect")?;
            if let Some(target) = &redirect.target {
                range_in(source, target.range, "a redirect's target")?;
            }
        }
        if let Some(end) = &command.end {
            range_in(source, end.range, "a command's operator")?;
        }
    }
    Ok(())
}

/// The model's data is in step with the file: one entry per instruction, stages that tile the
/// instructions after the global ARGs, and RUN scripts with spans inside the text.
pub fn model_is_consistent(source: &str, parse: &Parse, model: &Model) -> Result<(), String> {
    let n = parse.file.instructions.len();
    if model.stage_of.len() != n || model.shell_of.len() != n || model.scripts.len() != n {
        return Err(format!(
            "the model has {} stage, {} shell and {} script entries for {n} instructions",
            model.stage_of.len(),
            model.shell_of.len(),
            model.scripts.len()
        ));
    }
    let mut next = model.stages.first().map_or(n, |s| s.instructions.start);
    for (k, stage) in model.stages.iter().enumerate() {
        if stage.index != k || stage.instructions.start != next || stage.instructions.end > n {
            return Err(format!("stage {k} covers {:?}, expected to start at {next}", stage.instructions));
        }
        if let Base::Stage(parent) = stage.base
            && parent >= k
        {
            return Err(format!("stage {k} builds on stage {parent}, which is not before it"));
        }
        next = stage.instructions.end;
    }
    if next != n {
        return Err(format!("the stages end at instruction {next} of {n}"));
    }
    for script in model.scripts.iter().flatten() {
        script_in_bounds(source, script)?;
    }
    Ok(())
}

/// Every diagnostic's range and every edit of its fix lie inside `source`, on character
/// boundaries; a fix's edits do not overlap (insertions at one place may: they are applied in
/// their order), and a message is one line, not empty.
pub fn diagnostics_in_bounds(source: &str, diagnostics: &[Diagnostic]) -> Result<(), String> {
    for d in diagnostics {
        let code = d.rule.code;
        range_in(source, d.range, code)?;
        if d.message.trim().is_empty() || d.message.contains(['\n', '\r']) {
            return Err(format!("{code}'s message is not one line: {:?}", d.message));
        }
        let Some(fix) = &d.fix else { continue };
        let mut edits: Vec<TextRange> = Vec::new();
        for edit in fix.edits() {
            range_in(source, edit.range, &format!("an edit of {code}'s fix"))?;
            let both_insert = |other: &TextRange| other.is_empty() && edit.range.is_empty();
            if edits.iter().any(|other| other.overlaps(edit.range) && !both_insert(other)) {
                return Err(format!("{code}'s fix has overlapping edits at {:?}", edit.range));
            }
            edits.push(edit.range);
        }
    }
    Ok(())
}

/// How many times each comment occurs in `source`, by its text without surrounding whitespace.
pub fn comment_counts(source: &str) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for comment in syntax::parse(source).file.comments {
        *counts.entry(comment.range.slice(source).trim().to_string()).or_insert(0) += 1;
    }
    counts
}

/// The comments of `before` that `after` has fewer of.
pub fn lost_comments(before: &str, after: &str) -> Vec<String> {
    let kept = comment_counts(after);
    let mut lost: Vec<String> = comment_counts(before)
        .into_iter()
        .filter(|(comment, n)| kept.get(comment).copied().unwrap_or(0) < *n)
        .map(|(comment, _)| comment)
        .collect();
    lost.sort();
    lost
}

/// Fixes `source` and checks the fix loop's promises: it converges, fixing its output changes
/// nothing, no comment is lost, and no syntax error is added (a file that parsed still
/// parses). Returns the fix for further checks.
pub fn fix_is_sound(source: &str, settings: &Settings, threshold: Applicability) -> Result<FixResult, String> {
    let result = linter::fix(source, settings, threshold);
    if !result.converged {
        return Err(format!("the fixes did not converge in {} passes", result.iterations));
    }
    let again = linter::fix(&result.output, settings, threshold);
    if again.output != result.output {
        let fixed: Vec<&str> = again.fixed.iter().map(|(code, _)| *code).collect();
        return Err(format!("fixing the fixed file changes it again ({})", fixed.join(", ")));
    }
    let lost = lost_comments(source, &result.output);
    if !lost.is_empty() {
        return Err(format!("the fixes lost the comments {lost:?}"));
    }
    let (before, after) = (syntax::parse(source), syntax::parse(&result.output));
    if after.errors.len() > before.errors.len() {
        return Err(format!("the fixes added a syntax error: {:?}", after.errors.first().map(|e| &e.message)));
    }
    Ok(result)
}

/// The rules every converted Dockerfile follows: it parses; its final stage starts from a
/// tagged distroless or Chainguard image, runs as the image's non-root user (65532, or .NET's
/// 1654), has no RUN or SHELL, and
/// starts its command (and health check) in exec form; every `COPY --from` names a stage or an
/// image.
pub fn distroless_output(output: &str) -> Result<(), String> {
    distroless_output_keeping(output, &[])
}

/// [`distroless_output`], where `COPY --from` may still name the stages in `unknown`, which
/// the original named without defining them.
fn distroless_output_keeping(output: &str, unknown: &[String]) -> Result<(), String> {
    let parse = syntax::parse(output);
    if let Some(error) = parse.errors.first() {
        return Err(format!("the output has a syntax error: {}", error.message));
    }
    let file = &parse.file;
    let model = Model::build(file, output);
    let stage = model.stages.last().ok_or("the output has no stage")?;
    let Base::Image(image) = &stage.base else {
        return Err(format!("the final stage does not start from an image: {:?}", stage.base));
    };
    if !distroless::is_distroless_image(image) {
        return Err(format!("the final image `{}` is not distroless or Chainguard", image.raw));
    }
    // The runtime image's non-root user: 65532, or 1654 on .NET's chiseled images.
    let uid = distroless::images::facts_for(image).and_then(|f| f.uid()).unwrap_or(65532).to_string();
    if image.tag.is_none() && image.digest.is_none() {
        return Err(format!("the final image `{}` has no tag", image.raw));
    }
    let mut nonroot = image.tag_or_latest().contains("nonroot");
    for i in stage.instructions.clone() {
        let instruction = &file.instructions[i];
        match instruction.kind {
            Kind::Run | Kind::Shell => {
                return Err(format!("the final stage has {}", instruction.kind.as_str()));
            }
            Kind::Cmd | Kind::Entrypoint if !matches!(instruction.command(), Some(Command::Exec(_))) => {
                return Err(format!("{} is not in exec form", instruction.kind.as_str()));
            }
            Kind::Healthcheck => {
                if let Args::Healthcheck(h) = &instruction.args
                    && matches!(h.command, Some(Command::Shell(_)))
                {
                    return Err("HEALTHCHECK CMD is in shell form".into());
                }
            }
            Kind::User => {
                let Args::Text(word) = &instruction.args else { continue };
                nonroot = matches!(word.value.as_str(), "nonroot" | "nonroot:nonroot")
                    || word.value == uid
                    || word.value == format!("{uid}:{uid}");
            }
            Kind::Copy | Kind::Add => {
                if let Some(from) = instruction.flag("from").and_then(|f| f.value.as_deref())
                    && model.stage_named(from, stage.index).is_none()
                    && !(from.contains('/') || from.contains(':'))
                    && !unknown.iter().any(|u| u == from)
                {
                    return Err(format!("`COPY --from={from}` names no stage"));
                }
            }
            _ => {}
        }
    }
    if !nonroot {
        return Err(format!("the final stage does not run as the runtime image's non-root user ({uid})"));
    }
    Ok(())
}

/// A conversion of `source` keeps the converter's promises: a refusal has a one-line reason
/// about a range of the file; a file left unchanged is byte for byte the input; any other
/// result follows [`distroless_output`], keeps every comment, explains itself in notes, and
/// passes the converter's own needs/has check against the original
/// ([`distroless::verify_output_with`], with the build context the conversion was given).
pub fn conversion_is_sound(
    source: &str,
    context: &[distroless::ContextFile],
    conversion: &Conversion,
) -> Result<(), String> {
    match conversion {
        Conversion::Refused(refusal) => {
            if refusal.reason.trim().is_empty() || refusal.reason.contains('\n') {
                return Err(format!("a refusal needs a one-line reason, not {:?}", refusal.reason));
            }
            if let Some(range) = refusal.range {
                range_in(source, range, "the refusal's range")?;
            }
            Ok(())
        }
        Conversion::Converted(c) if c.unchanged => {
            if c.dockerfile == source {
                Ok(())
            } else {
                Err("a file left unchanged is not byte for byte the input".into())
            }
        }
        Conversion::Converted(c) => {
            distroless_output_keeping(&c.dockerfile, &unknown_stages(source))?;
            let lost = lost_comments(source, &c.dockerfile);
            if !lost.is_empty() {
                return Err(format!("the conversion lost the comments {lost:?}"));
            }
            if c.notes.is_empty() {
                return Err("the conversion says nothing in its notes".into());
            }
            let (unmet, _partial) = distroless::verify_output_with(source, &c.dockerfile, context);
            if let Some(first) = unmet.first() {
                return Err(format!("the conversion fails its own needs/has check: {first}"));
            }
            Ok(())
        }
    }
}

/// The `COPY --from` and `--mount from=` values of `source` that name no stage before them and
/// no image.
fn unknown_stages(source: &str) -> Vec<String> {
    let parse = syntax::parse(source);
    let model = Model::build(&parse.file, source);
    let mut unknown = Vec::new();
    for (i, instruction) in parse.file.instructions.iter().enumerate() {
        let stage = model.stage_of[i].unwrap_or(0);
        for flag in &instruction.flags {
            let Some(value) = flag.value.as_deref() else { continue };
            let from = match flag.name.as_str() {
                "from" => Some(value),
                "mount" => crate::semantic::mount_option(value, "from"),
                _ => None,
            };
            if let Some(from) = from
                && model.stage_named(from, stage).is_none()
            {
                unknown.push(from.to_string());
            }
        }
    }
    unknown
}

/// Formats `source` and checks the formatter's promises: it refuses exactly the files with a
/// syntax error, with a one-line reason; what it formats means the same to BuildKit
/// ([`meaning::compare`]), keeps every comment, ends with a line break, and formats to itself.
/// `Ok(None)` is a refusal.
pub fn format_is_sound(source: &str, options: &FormatOptions) -> Result<Option<String>, String> {
    let parse = syntax::parse(source);
    let broken = parse.errors.iter().any(|e| !format::is_harmless(&e.message));
    let output = match (format::format(source, options), broken) {
        (Err(error), true) if error.message.contains('\n') => {
            return Err(format!("the refusal is not one line: {:?}", error.message));
        }
        (Err(_), true) => return Ok(None),
        (Err(error), false) => return Err(format!("refused a file that parses: {}", error.message)),
        (Ok(_), true) => return Err("formatted a file with a syntax error".into()),
        (Ok(output), false) => output,
    };
    let after = syntax::parse(&output);
    meaning::compare(source, &parse, &output, &after).map_err(|d| format!("the meaning changed: {}", d.message))?;
    let lost = lost_comments(source, &output);
    if !lost.is_empty() {
        return Err(format!("formatting lost the comments {lost:?}"));
    }
    if !output.is_empty() && !output.ends_with('\n') {
        return Err("the output does not end with a line break".into());
    }
    let heredocs = after.file.instructions.iter().any(|i| !i.heredocs.is_empty());
    if !heredocs && output.lines().any(|l| l.ends_with([' ', '\t'])) {
        return Err("the output has trailing whitespace".into());
    }
    match format::format(&output, options) {
        Ok(again) if again == output => Ok(Some(output)),
        Ok(_) => Err("formatting the output changes it again".into()),
        Err(error) => Err(format!("the output is refused: {}", error.message)),
    }
}
