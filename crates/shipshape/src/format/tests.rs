//! The style, one snapshot per rule (`docs/formatting.md` shows the same cases). Each case is
//! also checked to keep its meaning (the formatter's own guard) and to format to itself.

use super::{FormatOptions, LineEnding, format};

fn case(input: &str, options: &FormatOptions) -> String {
    let output = match format(input, options) {
        Ok(output) => output,
        Err(error) => panic!("refused: {error}\n{input}"),
    };
    assert_eq!(format(&output, options).as_deref(), Ok(output.as_str()), "not idempotent:\n{output}");
    let shown = |text: &str| text.replace('\r', "␍").replace('\t', "→").replace(" \n", "·\n");
    format!("--- before\n{}--- after\n{}", shown(input), shown(&output))
}

fn snapshot(input: &str) -> String {
    case(input, &FormatOptions::default())
}

#[test]
fn keywords_are_upper_case() {
    insta::assert_snapshot!(snapshot(
        "from alpine:3.20 as build\nrun apk add --no-cache make\ncopy . /src\nonbuild run make\nhealthcheck cmd wget -q localhost\nEntryPoint [\"/app\"]\n"
    ));
}

#[test]
fn one_space_between_keyword_flags_and_arguments() {
    insta::assert_snapshot!(snapshot(
        "FROM  --platform=$BUILDPLATFORM   golang:1.23  AS   build\nCOPY   --chown=app:app  --chmod=644   go.mod  go.sum   ./\nRUN   --mount=type=cache,target=/root/.cache   go build   -o /app\nEXPOSE  80   443/udp\n   USER app\n"
    ));
}

#[test]
fn flags_stay_first_in_their_order_and_on_their_lines() {
    insta::assert_snapshot!(snapshot(
        "RUN --mount=type=cache,target=/var/cache/apt \\\n      --mount=type=cache,target=/var/lib/apt \\\n  --network=none \\\n    apt-get install -y curl\n"
    ));
}

#[test]
fn json_forms() {
    insta::assert_snapshot!(snapshot(concat!(
        "CMD [ \"npm\" ,\"start\" ]\n",
        "ENTRYPOINT [\"java\", \\\n    \"-jar\",\\\n    \"app.jar\"]\n",
        "SHELL [\"powershell\",\"-Command\"]\n",
        "COPY [\"C:\\\\Program Files\\\\app\", \"/opt/app\"]\n",
        "VOLUME [ ]\n",
        "CMD [\"\\u0041\", \"tab\\there\"]\n",
        "CMD [\"ignored by BuildKit:\"] what follows the bracket\n",
    )));
}

#[test]
fn long_runs_have_one_command_per_line() {
    insta::assert_snapshot!(snapshot(concat!(
        "RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates && rm -rf /var/lib/apt/lists/*\n",
        "RUN apt-get update && \\\n    apt-get install -y \\\n      curl && \\\n    rm -rf /var/lib/apt/lists/*\n",
        "RUN make&&make install||true\n",
        "RUN cd /src && make\n",
    )));
}

#[test]
fn only_top_level_operators_lead_lines() {
    insta::assert_snapshot!(snapshot(concat!(
        "RUN if [ \"$TARGETARCH\" = amd64 ]; then apt-get install -y a && rm -rf /x; fi && echo \"a && b\" && echo $(true && false) && \\\n    echo 'c || d'\n",
        "RUN curl -fsSL https://example.com/install.sh | sh && \\\n    wget -qO- https://example.com/key.asc | \\\n    gpg --dearmor > /usr/share/keyrings/example.gpg\n",
        "RUN set -eux; \\\n    apt-get update && apt-get install -y curl; \\\n    rm -rf /var/lib/apt/lists/*\n",
    )));
}

#[test]
fn breaking_long_runs_can_be_turned_off() {
    let options = FormatOptions { break_long_runs: false, ..FormatOptions::default() };
    insta::assert_snapshot!(case(
        "RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates && rm -rf /var/lib/apt/lists/*\nRUN a && \\\n  b\n",
        &options
    ));
}

#[test]
fn continuation_lines_keep_their_nesting() {
    insta::assert_snapshot!(snapshot(concat!(
        "RUN set -eux; \\\n\tapt-get install -y \\\n\t\tcurl \\\n\t\twget \\\n\t; \\\n\t\\\n\tcase \"$arch\" in \\\n\t\tamd64) a=1 ;; \\\n\t\t*) a=2 ;; \\\n\tesac\n",
        "ENV A=1 \\\n  B=2 \\\n          C=3\n",
    )));
}

#[test]
fn indent_width_is_an_option() {
    let options = FormatOptions { indent_width: 2, ..FormatOptions::default() };
    insta::assert_snapshot!(case(
        "RUN apt-get update && apt-get install -y \\\n        curl \\\n        wget && rm -rf /var/lib/apt/lists/*\n",
        &options
    ));
}

#[test]
fn env_label_and_arg_in_key_value_form() {
    insta::assert_snapshot!(snapshot(concat!(
        "ENV PATH /usr/local/bin:$PATH\n",
        "ENV GREETING hello   big world\n",
        "ENV QUOTED \"a b\"\n",
        "ENV MIXED it's \"here\"\n",
        "ENV ESCAPED a\\ b c\n",
        "LABEL maintainer Jane Doe <jane@example.com>\n",
        "ENV A=1    B=\"x  y\"\n",
        "ARG   VERSION=1.0   TARGETOS\n",
    )));
}

#[test]
fn blank_lines() {
    insta::assert_snapshot!(snapshot(
        "\n\n# syntax=docker/dockerfile:1\nFROM alpine AS base\n\n\n\nRUN echo one\nFROM base AS build\n# the runtime stage\n# (small)\nFROM base\n\n\n"
    ));
}

#[test]
fn a_blank_line_that_keeps_a_comment_from_becoming_a_directive_stays() {
    insta::assert_snapshot!(snapshot("\n# escape=`\nFROM alpine\nRUN echo a\\\n  b\n"));
}

#[test]
fn trailing_whitespace_and_final_newline() {
    insta::assert_snapshot!(snapshot(
        "FROM alpine   \n# a comment   \nRUN echo a \\   \n    b\t\nRUN echo \"inside quotes   \\\n   stays\"\nCMD [\"sh\"]"
    ));
}

#[test]
fn the_line_ending_is_kept_or_chosen() {
    let crlf = "FROM alpine\r\nrun echo a &&\\\r\n  echo b\r\nRUN <<EOF\r\necho body  \r\nEOF\r\n";
    insta::assert_snapshot!("crlf_kept", snapshot(crlf));
    let options = FormatOptions { line_ending: LineEnding::Lf, ..FormatOptions::default() };
    insta::assert_snapshot!("crlf_to_lf", case(crlf, &options));
    let options = FormatOptions { line_ending: LineEnding::CrLf, ..FormatOptions::default() };
    insta::assert_snapshot!("lf_to_crlf", case("FROM alpine\nRUN echo a\n", &options));
}

#[test]
fn heredocs_are_never_touched() {
    insta::assert_snapshot!(snapshot(concat!(
        "run   <<EOF\n  apt-get update &&   apt-get install -y curl   \n\n\n\tdone\nEOF\n",
        "COPY --chmod=755 <<-'SCRIPT'   /usr/local/bin/hello\n\t#!/bin/sh\n\techo   hello\n\tSCRIPT\n",
        "RUN python3 <<PY && echo done\nprint( 'x' )\nPY\n",
    )));
}

#[test]
fn comments_stay_where_they_are() {
    insta::assert_snapshot!(snapshot(concat!(
        "   # indented comment\n",
        "FROM alpine\n",
        "#no space after the hash   \n",
        "RUN apk add \\\n# about curl\n      curl \\\n    # about git\n      git && \\\n  # the last step\n  rm -rf /tmp/*\n",
        "# hadolint ignore=DL3008\n",
        "RUN apt-get install -y curl\n",
    )));
}

#[test]
fn whitespace_that_means_something_is_kept() {
    insta::assert_snapshot!(snapshot(concat!(
        "WORKDIR /srv/my   app\n",
        "USER  app  \n",
        "RUN echo 'a   b' \"c   d\" e\\ \\ f ${X:-g   h}   `date  +%s`\n",
        "RUN echo \"a \\\n   b\"  &&  echo c\\\nd\n",
        "ENV MESSAGE=\"hello   world\"   OTHER='x  y'\n",
    )));
}

#[test]
fn an_escape_directive_file() {
    insta::assert_snapshot!(snapshot(concat!(
        "# escape=`\n",
        "from mcr.microsoft.com/windows/servercore:ltsc2022\n",
        "env   INSTALL_DIR C:\\tools\n",
        "run powershell -Command `\n",
        "        $ErrorActionPreference = 'Stop';   `\n",
        "    Invoke-WebRequest   https://example.com/x.zip -OutFile x.zip\n",
        "RUN echo   a    b\n",
        "copy  [\"C:\\\\app\", \"C:\\\\dest\"]\n",
    )));
}

#[test]
fn a_shell_that_is_not_posix_keeps_its_spacing() {
    insta::assert_snapshot!(snapshot(concat!(
        "FROM alpine\n",
        "SHELL [\"pwsh\", \"-Command\"]\n",
        "RUN Write-Host   'a'  ;  \\\n      Write-Host b\n",
        "CMD   echo  a\n",
    )));
}

#[test]
fn a_file_with_a_syntax_error_is_refused() {
    let error = format("FROM alpine\nRUN echo a\nFRMO x\n", &FormatOptions::default()).unwrap_err();
    assert_eq!(
        error.message,
        "the file has a syntax error, so it was not formatted: unknown instruction `FRMO`: did you mean `FROM`?"
    );
    assert_eq!(error.range, crate::text::TextRange::new(23, 27));
    let error = format("FROM alpine\nRUN <<EOF\necho\n", &FormatOptions::default()).unwrap_err();
    assert!(error.message.contains("unterminated heredoc"), "{}", error.message);
}

#[test]
fn files_without_instructions_still_format() {
    assert_eq!(format("", &FormatOptions::default()).as_deref(), Ok(""));
    assert_eq!(format("\n\n", &FormatOptions::default()).as_deref(), Ok(""));
    assert_eq!(format("  # only a comment  \n\n\n", &FormatOptions::default()).as_deref(), Ok("# only a comment\n"));
}

#[test]
fn a_dangling_continuation_at_the_end_stays() {
    insta::assert_snapshot!(snapshot("FROM alpine\nRUN apk add curl  \\\n\n# trailing comment\n"));
}

#[test]
fn a_bare_double_dash_ending_the_flags_is_kept() {
    insta::assert_snapshot!(snapshot("RUN  --network=none  --  --version\n"));
}
