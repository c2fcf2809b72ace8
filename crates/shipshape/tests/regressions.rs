//! Inputs that broke a property once, found by the fuzz targets (`fuzz/`, `cargo xtask fuzz`)
//! or the property tests' random breakage, each kept with the property it broke. The properties
//! are `shipshape::invariants`, the functions the fuzz targets assert.

use shipshape::distroless::{self, Options};
use shipshape::{Applicability, Settings, invariants};

fn all_rules() -> Settings {
    Settings { select: vec!["ALL".to_string()], ..Settings::default() }
}

/// Every property of the core at once, for an input.
fn holds(source: &str) {
    let parse = shipshape::parse(source);
    invariants::parse_is_lossless(source, &parse).unwrap();
    let check = shipshape::check_full(source, &all_rules());
    invariants::model_is_consistent(source, &check.parse, &check.model).unwrap();
    invariants::diagnostics_in_bounds(source, &check.diagnostics).unwrap();
    invariants::fix_is_sound(source, &all_rules(), Applicability::Unsafe).unwrap();
    invariants::format_is_sound(source, &Default::default()).unwrap();
    let conversion = distroless::convert(source, &Options::default());
    invariants::conversion_is_sound(source, &[], &conversion).unwrap();
}

/// The messages of every rule on `source`, which holds every property and whose messages are
/// each one line.
fn one_line_messages(source: &str) -> Vec<String> {
    holds(source);
    let messages: Vec<String> = shipshape::check(source, &all_rules()).into_iter().map(|d| d.message).collect();
    assert!(messages.iter().all(|m| !m.contains('\n')), "{messages:?}");
    messages
}

#[test]
fn a_word_across_a_line_continuation_is_quoted_on_one_line() {
    // The unknown instruction `e=\<newline>FROM` was quoted with its line break, so the
    // converter's refusal and the finding's message took two lines.
    let source = "FROM alpine:3.20\ne=\\\nFROM x\n";
    holds(source);
    let messages: Vec<String> = shipshape::check(source, &Settings::default()).into_iter().map(|d| d.message).collect();
    assert!(messages.iter().any(|m| m.contains("`e=\\\\nFROM`")), "{messages:?}");
}

#[test]
fn an_unterminated_heredoc_ends_with_its_last_crlf_line() {
    // Its body is the rest of the file, `\r\n` included, one byte past what the parse
    // invariant allowed after the instruction's last line (found by the `parse` target).
    holds("RUN <<;UN <<<<<dd?\x0c\n0\r\n");
    holds("RUN <<EOF\r\necho hi\r\n");
    holds("RUN <<\0\0\t#\"\u{ab}\r");
    holds("RUN d< <<<M <<MUSER E <<dM NV <<MUSER``FR#\r\t\r\r");
    let parse = shipshape::parse("RUN <<EOF\r\necho hi\r\n");
    let heredoc = &parse.file.instructions[0].heredocs[0];
    assert_eq!((heredoc.body.start, heredoc.body.end, heredoc.terminator), (11, 20, None));
}

#[test]
fn what_only_looks_like_a_word_is_left_as_written() {
    // The formatter took `&&#` for one word and split it at the operator, which the shell reads
    // as `&&` and a comment; the meaning check refused the result (found by the `format` target).
    for source in ["RUN &&# C", "RUN make &&# build\n", "RUN true;# done\n", "RUN a |# b\n"] {
        holds(source);
        let expected = format!("{}\n", source.trim_end_matches('\n'));
        assert_eq!(shipshape::format::format(source, &Default::default()).unwrap(), expected, "{source:?}");
    }
    // And `HEALTHCHECK "CMD` became `HEALTHCHECK CMD`: the type was upper-cased from the word's
    // value, without its quote. BuildKit knows no such type, which is now a syntax error.
    for source in ["HEALTHCHECK \"CMD\n", "HEALTHCHECK 'none'\n"] {
        holds(source);
        assert!(!shipshape::parse(source).errors.is_empty(), "{source:?}");
        let formatted = shipshape::format::format(source, &Default::default());
        assert!(formatted.is_err() || formatted.as_deref() == Ok(source), "{source:?}: {formatted:?}");
    }
}

#[test]
fn a_health_check_of_no_known_type_is_refused_not_converted() {
    // BuildKit stops at `HEALTHCHECK D y`; the converter copied it into the new image, whose
    // check then found a shell-form health check (found by the `distroless` target).
    let source = "FROM golang\nHEALTHCHECK D y\nCOPY s /\nHEALTHCHECK f\nENTRYPOINT \"/\"";
    holds(source);
    assert!(matches!(distroless::convert(source, &Options::default()), distroless::Conversion::Refused(_)));
}

#[test]
fn an_ignored_health_check_does_not_stay_in_the_converted_stage() {
    // Only the last HEALTHCHECK counts; the earlier one, in shell form, stayed in the new image
    // and failed the conversion's own check (found by the `distroless` target).
    let source = "FROM scratch\nHEALTHCHECK CMD /\nCOPY t /\nHEALTHCHECK CMD y\nENTRYPOINT [\"t\"]";
    holds(source);
    let distroless::Conversion::Converted(converted) = distroless::convert(source, &Options::default()) else {
        panic!("refused")
    };
    assert_eq!(converted.dockerfile.matches("HEALTHCHECK").count(), 1, "{}", converted.dockerfile);
}

#[test]
fn a_here_document_delimiter_with_a_line_break_is_quoted_on_one_line() {
    // `<<'<newline>'` in a heredoc script: the delimiter spans lines, and SC1072's message
    // quoted it with its line break (found by the `shell` target).
    one_line_messages("FROM debian:12\nRUN <<EOF\n<<'\n'\nEOF\n");
}

#[test]
fn a_keyword_continued_over_two_lines_is_quoted_on_one_line() {
    // `CM\<newline>D` before FROM: DL3061 quoted the keyword with its line break (found by the
    // `check` target).
    let messages = one_line_messages("CM\\\nD [\"x\"]\nFROM alpine:3.20\n");
    assert!(messages.iter().any(|m| m.starts_with("`CM\\\\nD` before the first `FROM`")), "{messages:?}");
}

// Hostile sizes and shapes (`shipshape::hostile`): each once took time quadratic in its size or
// stack in proportion to its depth. `cargo xtask shapes` measures that time stays linear; these
// keep the results right at those sizes.

/// Runs `f` on a thread with the 1 MB stack WebAssembly gets by default (a debug build's frames
/// are the largest, so passing here passes in release too).
fn on_small_stack(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new().stack_size(1 << 20).spawn(f).unwrap().join().unwrap();
}

#[test]
fn ten_thousand_nested_substitutions_and_subshells_fit_in_a_small_stack() {
    for name in ["nested $(", "nested (", "unclosed $("] {
        let shape = shipshape::hostile::shape(name).unwrap();
        let source = (shape.generate)(shape.full);
        on_small_stack(move || holds(&source));
    }
}

#[test]
fn the_formatter_keeps_deeply_nested_subshells_linear() {
    // Whether whitespace separated atoms asked every enclosing construct at every byte.
    let source = shipshape::hostile::nested_subshells(10_000);
    let formatted = shipshape::format::format(&source, &Default::default()).unwrap();
    assert_eq!(formatted, source);
}

#[test]
fn ten_thousand_stages_find_their_names_by_lookup() {
    // Each stage looked its name up, and each image's cache rules asked whether a later stage
    // builds on it, by scanning every stage.
    let count = 10_000;
    let mut source = shipshape::hostile::stages(count);
    source.push_str("FROM alpine:3.20 AS s17\nCOPY --from=s99999 /a /b\nCOPY --from=later /a /b\n");
    source.push_str("FROM alpine:3.20 AS later\nRUN apk add curl\n");
    let found = shipshape::check(&source, &all_rules());
    let codes =
        |code: &str| found.iter().filter(|d| d.rule.code == code).map(|d| d.message.clone()).collect::<Vec<_>>();
    let duplicate = codes("DL3024");
    assert_eq!(duplicate.len(), 1, "{duplicate:?}");
    assert!(duplicate[0].contains("already used on line 51"), "{duplicate:?}");
    let unknown = codes("DL3022");
    assert_eq!(unknown.len(), 2, "{unknown:?}");
    assert!(unknown.iter().any(|m| m.contains("defined later")), "{unknown:?}");
    let model = shipshape::check_full(&source, &all_rules()).model;
    assert!(model.is_base_of_later(9) && !model.is_base_of_later(10), "every tenth stage builds on the one before");
    let conversion = distroless::convert(&source, &Options::default());
    invariants::conversion_is_sound(&source, &[], &conversion).unwrap();
}

#[test]
fn a_fix_on_every_line_of_a_large_file_is_applied_everywhere() {
    // Each fix was compared with every edit taken before it.
    let lines = 20_000;
    let source = format!("FROM alpine:3.20\n{}", "RUN pip install flask\n".repeat(lines));
    let settings = Settings { select: vec!["DL3042".to_string()], ..Settings::default() };
    let fixed = shipshape::fix(&source, &settings, Applicability::Safe);
    assert_eq!(fixed.fix_count(), lines);
    assert_eq!(fixed.output.matches("pip install --no-cache-dir flask\n").count(), lines);
    assert!(fixed.remaining.is_empty());
}

#[test]
fn the_working_directory_is_found_across_a_long_stage_and_its_base() {
    // Each COPY and RUN walked back through its whole stage for the WORKDIR before it.
    let filler = "RUN true\n".repeat(20_000);
    let source = format!("FROM alpine:3.20 AS base\nWORKDIR /srv\n{filler}FROM base\nWORKDIR app\n{filler}COPY . .\n");
    let check = shipshape::check_full(&source, &Settings::default());
    let last = check.parse.file.instructions.len() - 1;
    let cwd = check.model.cwd_before(&check.parse.file, &source, last, &|_, _| None);
    assert_eq!(cwd, shipshape::semantic::paths::Cwd::Known("/srv/app".to_string()));
    let first_stage_end = 20_002;
    let cwd = check.model.cwd_before(&check.parse.file, &source, first_stage_end, &|_, _| None);
    assert_eq!(cwd, shipshape::semantic::paths::Cwd::Known("/srv".to_string()));
}

#[test]
fn fixes_that_push_a_line_past_buildkits_limit_are_set_aside_together() {
    // Near the 64 KiB BuildKit reads of a line, each of hundreds of identical fixes broke the
    // file alone, and the loop bisected the pass for each of them (8 s for a 62 kB line).
    let source = shipshape::hostile::long_line(62_500);
    let fixed = shipshape::fix(&source, &all_rules(), Applicability::Unsafe);
    assert!(fixed.fix_count() > 0);
    assert!(shipshape::parse(&fixed.output).errors.is_empty());
    invariants::fix_is_sound(&source, &all_rules(), Applicability::Unsafe).unwrap();
}

#[test]
fn columns_are_counted_per_line_in_every_unit() {
    // An all-ASCII line's columns are byte offsets (counting characters for every finding on a
    // 1 MB line was quadratic); a line with other characters still counts them.
    use shipshape::text::{ColumnUnit, LineIndex};
    let text = "RUN echo é€ x\nRUN echo x\n";
    let index = LineIndex::new(text);
    let x = text.find(" x").unwrap() as u32 + 1;
    let col = |offset, unit| index.line_col(text, offset, unit).col;
    assert_eq!((col(x, ColumnUnit::Utf8), col(x, ColumnUnit::Utf16), col(x, ColumnUnit::Char)), (15, 12, 12));
    let second = text.rfind('x').unwrap() as u32;
    assert_eq!(index.line_col(text, second, ColumnUnit::Char), shipshape::text::LineCol { line: 1, col: 9 });
}

#[test]
fn a_conversion_that_read_its_build_context_is_checked_with_it() {
    // The fuzz target gives context files: a conversion that read `package.json` was checked
    // against the original analysed without it, which needs it, so the check failed a sound
    // conversion.
    let source = "FROM node:22-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\nCMD [\"npm\", \"start\"]\n";
    let context = vec![distroless::ContextFile {
        path: "package.json".into(),
        text: r#"{"scripts": {"start": "node server.js"}}"#.into(),
    }];
    let conversion = distroless::convert(source, &Options { context: context.clone(), ..Options::default() });
    assert!(matches!(conversion, distroless::Conversion::Converted(_)), "{conversion:?}");
    invariants::conversion_is_sound(source, &context, &conversion).unwrap();
    assert!(invariants::conversion_is_sound(source, &[], &conversion).is_err());
}

#[test]
fn a_line_break_inside_a_quote_that_only_the_backtick_opens_is_kept() {
    // With `# escape=``, `\"` opens a quote (BuildKit escapes with the backtick alone), so the
    // continuation after it lies inside the value; the formatter took the quote for escaped,
    // re-indented the next line into the value and refused its own result (found by the
    // `format` target).
    let source = "#escape=`\nARG \\\" `\n0";
    let output = invariants::format_is_sound(source, &Default::default()).unwrap();
    assert_eq!(output.as_deref(), Some("#escape=`\nARG \\\" `\n0\n"));
    holds(source);
}

#[test]
fn a_fix_may_insert_twice_at_one_place() {
    // SS001 gives the COPY that ends the file `--chown` and then, at the same place, the USER
    // line after it: two insertions applied in their order, which the invariant took for
    // overlapping edits (found by the `check` target, from a 7 kB file ending in `COPY`).
    let source = "FROM php\nCOPY";
    holds(source);
    let fixed = shipshape::fix(source, &all_rules(), Applicability::Unsafe).output;
    assert!(fixed.contains("COPY --chown=app:app\nUSER 10001:10001"), "{fixed}");
}

#[test]
fn an_escape_alone_on_the_last_line_does_not_indent_the_lines_above() {
    // The break after the last word (a line holding only the escape, at the end of the file)
    // counted as an indentation of its own, so the line above was nested one level deeper; the
    // output has no such line, and formatting it again took the level away (found by the
    // `format` target: RUN, a continuation, then a vertical tab and a NUL).
    for source in ["RUN a \\\n     b \\\n\\", "RUN\\\n \x0b\x00\\\n\\"] {
        let output = invariants::format_is_sound(source, &Default::default()).unwrap().unwrap();
        assert!(output.contains("\\\n    "), "{output:?}");
        assert!(!output.contains("\\\n     "), "{output:?}");
        holds(source);
    }
}

#[test]
fn a_directive_value_may_be_a_vertical_tab() {
    // BuildKit's directive pattern trims `\s`, which has no vertical tab: `#syntax=<VT>` is a
    // directive whose value is the tab. The formatter trimmed it as whitespace, leaving no
    // value, and refused its own result (found by the `format` target).
    for (source, formatted) in [
        ("#syntax=\x0b", "#syntax=\x0b\n"),
        ("# syntax=docker/dockerfile:1\x0b \nFROM x\n", "# syntax=docker/dockerfile:1\x0b\nFROM x\n"),
    ] {
        let output = invariants::format_is_sound(source, &Default::default()).unwrap();
        assert_eq!(output.as_deref(), Some(formatted));
        holds(source);
    }
}

#[test]
fn an_operator_next_to_a_heredoc_marker_is_not_spaced() {
    // BuildKit looks for heredocs among its words, which no shell operator splits: `|<<O` is not
    // a heredoc, `| <<O` is. The formatter put a space after the operator, which made one (an
    // unterminated one) and refused its own result (found by the `format` target).
    for (source, formatted) in
        [("RUN |<<O", "RUN |<<O\n"), ("RUN a|<<O\n", "RUN a|<<O\n"), ("RUN a&&<<O x\n", "RUN a&&<<O x\n")]
    {
        let output = invariants::format_is_sound(source, &Default::default()).unwrap();
        assert_eq!(output.as_deref(), Some(formatted));
        holds(source);
    }
}

#[test]
fn a_removed_command_inside_another_goes_with_it() {
    // Moving the build onto Chainguard's image removes the user setup: `adduser` and the
    // `chown` the shell reader finds inside its backquote, left open. Each became `true`, two
    // overlapping edits (found by the `distroless` target after 7 minutes). Where the `chown`
    // follows a command with `&&`, it went with the operator: the same overlap by another
    // road (found by `distroless` after 28 minutes), and so would a replaced command inside.
    for source in [
        "FROM python\nRUN adduser `/&chown x 0\nCMD [\"python\"]\n",
        "FROM python\nRUN adduser app $(chown x 0) | cat\nCMD [\"python\"]\n",
        "FROM python\nRUN adduser `s&/&&chown j|mkdir a\nCMD .py",
        "FROM python\nRUN adduser `s&&chown j&&chown k\nCMD .py",
    ] {
        for runtime in [distroless::RuntimeFamily::Distroless, distroless::RuntimeFamily::Chainguard] {
            let conversion = distroless::convert(source, &Options { runtime, ..Options::default() });
            invariants::conversion_is_sound(source, &[], &conversion).unwrap();
        }
        holds(source);
    }
}

#[test]
fn a_pragma_selector_is_one_word() {
    // A lone carriage return inside an ignore pragma stayed inside a selector, which DL1001
    // quotes, so its message took two lines (found by the `check` target after 60 minutes).
    let messages = one_line_messages("# shipshape ignore=COPY\rBUILD\nFROM alpine:3.20\n");
    assert!(messages.iter().any(|m| m.contains("silences COPY, BUILD for the next instruction")), "{messages:?}");
}

#[test]
fn a_stage_name_buildkit_refuses_is_a_syntax_error() {
    // With `# escape=``, `FROM m as \` names a stage `\`, which BuildKit refuses; the converter
    // renamed it `\-build` and wrote `COPY --from=` a stage that cannot exist (found by the
    // `distroless` target). BuildKit's rule: one argument, or three with AS and a name that,
    // lower-cased, matches `^[a-z][a-z0-9-_.]*$`.
    let source = "#escape=`\nFROM m as \\\nRUN mkdir T\nENTRYPOINT [\"java\",\"\"]";
    holds(source);
    let errors = |s: &str| shipshape::parse(s).errors.into_iter().map(|e| e.message).collect::<Vec<_>>();
    assert!(errors(source).iter().any(|e| e.contains("invalid name for build stage")), "{:?}", errors(source));
    for bad in ["FROM a AS 1st\n", "FROM a AS b/c\n", "FROM a AS\n", "FROM a b\n", "FROM a AS b c\n"] {
        assert_eq!(errors(bad).len(), 1, "{bad}: {:?}", errors(bad));
    }
    for good in ["FROM a AS Build_1.x-y\n", "FROM a\n", "FROM --platform=$P a as b\n"] {
        assert!(errors(good).is_empty(), "{good}: {:?}", errors(good));
    }
}

#[test]
fn a_heredoc_marker_is_no_destination() {
    // `COPY p . <<EOT` ends with a heredoc, which BuildKit refuses as a destination. DL3021
    // appended a `/` to it and DL3045 put one before it, one per run of the fix loop, so fixing
    // the output changed it again (found by the `fix` target after 58 minutes).
    let source = "COPY \" <<EOT\nCOPY p . <<EOT\ne\n";
    holds(source);
    let codes: Vec<&str> = shipshape::check(source, &all_rules()).iter().map(|d| d.rule.code).collect();
    assert!(!codes.contains(&"DL3021") && !codes.contains(&"DL3045"), "{codes:?}");
}

#[test]
fn an_open_parameter_expansion_is_not_quoted() {
    // `${` left open runs to the end of the heredoc's script, line break included: SC2086's
    // quotes and SC2226's ` .` went after it, on the `EOF` line, which broke the file, and the
    // loop's rejections held back the fix of `$S` beside them until the next run, so fixing
    // the output changed it again (found by the `shell` target).
    for source in ["FROM debian:12\nRUN <<EOF\nln ${}$S${\nEOF\n", "FROM debian:12\nRUN ln ${}$S${\n"] {
        holds(source);
        let sc2086: Vec<String> = shipshape::check(source, &all_rules())
            .into_iter()
            .filter(|d| d.rule.code == "SC2086")
            .map(|d| d.range.slice(source).to_string())
            .collect();
        assert_eq!(sc2086, ["${}", "$S"], "{source:?}");
    }
}

#[test]
fn two_fixes_inserting_one_text_at_one_place_are_not_merged() {
    // Quoting `${}` and `${T}` in `${}${T}` inserts `"` twice where they meet. `fix::apply` took
    // the second for the same edit proposed again and inserted one quote: `"${}"${T}"`, which
    // the loop then rejected, so the expansions were quoted one run at a time and fixing the
    // output changed it again (found by the `shell` target).
    let source = "FROM debian:12\nRUN x ${}${T}c${o}${T}\nUSER a\n";
    holds(source);
    let fixed = shipshape::fix(source, &all_rules(), Applicability::Unsafe).output;
    assert!(fixed.contains(r#"RUN x "${}""${T}"c"${o}""${T}""#), "{fixed}");
    holds("FROM debian:12\nRUN \0 ${}${T}c${o}${T}\n");
}

#[test]
fn a_file_ending_in_two_continuations_is_refused() {
    // The converter drops the escape that ends a file, so that the USER it adds is a line of
    // its own; in `COPY \ \` the escape before it continued the line anyway and swallowed the
    // USER (found by the `distroless` target).
    for source in
        ["FROM nginx\nCOPY \\ \\", "FROM nginx\nCOPY \\\n\\", "FROM alpine:3.20\nCOPY app /app\nCMD [\"/app\"] \\ \\\n"]
    {
        holds(source);
        for runtime in [distroless::RuntimeFamily::Distroless, distroless::RuntimeFamily::Chainguard] {
            let conversion = distroless::convert(source, &Options { runtime, ..Options::default() });
            invariants::conversion_is_sound(source, &[], &conversion).unwrap();
        }
    }
}

#[test]
fn a_script_the_shell_cannot_run_gets_findings_without_fixes() {
    // `ln $(ln x(&apt install`: the reader's guess past the `(` gave both `ln`s the rest of the
    // line as their last word, so SC2226's ` .` went into the open `$(` and fixed nothing. Each
    // fix of the `apt` command beside it changed the findings' text, so the loop took the
    // rejected ` .` for a new fix, tried it again, and ran out of passes (found by `shell`).
    for source in [
        "FROM debian:12\nRUN ln $(ln x(&apt install\n",
        "FROM debian:12\nRUN <<EOF\nln $(ln \u{FFFD}(&apt install\nEOF\n",
    ] {
        holds(source);
        let check = shipshape::check(source, &all_rules());
        let sc: Vec<&str> = check.iter().filter(|d| d.rule.code.starts_with("SC")).map(|d| d.rule.code).collect();
        assert!(sc.contains(&"SC1072") && sc.contains(&"SC2226"), "{sc:?}");
        assert!(check.iter().filter(|d| d.rule.code.starts_with("SC")).all(|d| d.fix.is_none()), "{check:?}");
    }
    // A script that runs keeps its fixes.
    let fixable = shipshape::check("FROM debian:12\nRUN ln -s /opt/a\n", &all_rules());
    assert!(fixable.iter().any(|d| d.rule.code == "SC2226" && d.fix.is_some()));
}

#[test]
fn a_second_full_copy_before_the_install_is_not_moved_around() {
    // SS004 moved the first `COPY . .` below the install and put the manifests in its place;
    // the install still followed the next `COPY . .`, so the next pass did it again: a copy of
    // the manifests per full copy, and with two installs the loop ran out of passes (found by
    // `fix`). Steps between the copy and the install now have to run without the sources.
    let source = "FROM node AS F\nWORKDIr\nCOPY . .\nCOPY . .\nCOPY . .\nCOPY . .\nRUN pip install -rr\nRUN npm i\nENTRYPOINT\nRUN <<t";
    holds(source);
    let fixed = shipshape::fix(source, &all_rules(), Applicability::Unsafe).output;
    assert_eq!(fixed.matches("COPY . .").count(), 4, "{fixed}");
    assert!(!fixed.contains("COPY r ./") && !fixed.contains("COPY package"), "{fixed}");
}

#[test]
fn a_quoted_set_option_across_lines_is_named_on_one_line() {
    // `set -o "…` left open runs across the script's lines; SC3040 put the word, line break
    // and all, into its message (found by `shell`).
    let messages = one_line_messages("FROM debian:12\nRUN <<EOF\nset -o \"pipefail\nx=)\nEOF\n");
    assert!(messages.iter().any(|m| m.contains("set option pipefail\\nx=)")), "{messages:?}");
}

#[test]
fn a_user_created_with_uid_zero_is_root() {
    // `useradd -u 0 B` makes another name for root; SS001 switched to it with `USER 0`, which
    // DL3002 then reported, and each pass added another `USER 0` (found by `fix`).
    holds("FROM \"\nRUN useradd -u 0 B");
    let source = "FROM debian:12\nRUN useradd -o -u 0 admin\nCMD [\"bash\"]\n";
    let fixed = shipshape::fix(source, &all_rules(), Applicability::Unsafe).output;
    assert!(fixed.contains("USER 10001:10001") && !fixed.contains("USER 0"), "{fixed}");
}

#[test]
fn no_command_is_appended_inside_a_quote_left_open() {
    // DL3009, DL3060 and DL3040 appended their cleanups after `dnf in '`, inside the quote,
    // where they fixed nothing; each fix of the lines above changed their findings' text, so
    // the loop retried them and ran out of passes (found by `shell`).
    for source in [
        "FROM debian:12\nRUN <<EOF\napt update install\nyarn\ndnf in '\nEOF\n",
        "FROM alpine:3.20\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN bash <<-EOF\napt update install\nyarn\ndnf in '\nEOF\n",
    ] {
        holds(source);
        let appended = ["rm -rf /var/lib/apt/lists", "yarn cache clean", "dnf clean all"];
        let fixed = shipshape::fix(source, &all_rules(), Applicability::Unsafe).output;
        assert!(appended.iter().all(|a| !fixed.contains(a)), "{fixed}");
    }
}

#[test]
fn a_chown_read_inside_a_backquote_left_open_is_reported_without_a_deletion() {
    // With the backquote open, the commands after it are read inside the first one, so the
    // `&&` before the `chown` ended after it began: SS005's deletion was a range ending before
    // its start, which panicked (found by `check`).
    let source = "FROM alpine:3.20\nCOPY ./aliases.sh /home/laradock/aliases.sh\n\nRUN sed -i 's/\\r//' /root/aliases.s` && \\\n    sed -i 's/\\r//' /home/laradock/aliases.sh && \\\n    chown laradock:laradock /home/laradock/aliases.sh && # x\n";
    holds(source);
    let found = shipshape::check(source, &all_rules());
    let chown = found.iter().find(|d| d.rule.code == "SS005").expect("the chown is still reported");
    assert!(chown.fix.is_none(), "{:?}", chown.fix);
}

#[test]
fn a_flag_and_its_value_at_the_start_of_a_line_are_deleted_as_one() {
    // `--trusted-host` began its continuation line, so deleting it took the blanks after it;
    // its value took the blanks before it: SS204's fix had two overlapping edits (found by
    // `check`).
    let source = "FROM python:3.13\nRUN pip install \\\n    -r requirements.txt \\\n--trusted-host    pypi.example.com -r extra.txt\n";
    holds(source);
    let fixed = shipshape::fix(source, &all_rules(), shipshape::Applicability::Unsafe);
    assert!(fixed.output.contains("    -r requirements.txt \\\n-r extra.txt\n"), "{}", fixed.output);
    assert!(!fixed.output.contains("trusted-host") && !fixed.output.contains("pypi"), "{}", fixed.output);
}
