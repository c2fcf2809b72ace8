//! Renders the rule docs (the Markdown written in each rule's source) and the messages as Yew
//! HTML: headings, paragraphs, lists, fenced code, and inline code spans, emphasis and links as
//! CommonMark reads them. No raw HTML is ever injected: text is always text.

use yew::{Html, html};

pub fn render(markdown: &str) -> Html {
    let mut blocks: Vec<Html> = Vec::new();
    let mut paragraph: Vec<&str> = Vec::new();
    let mut list: Vec<String> = Vec::new();
    let mut code: Option<Vec<&str>> = None;
    let flush = |paragraph: &mut Vec<&str>, list: &mut Vec<String>, blocks: &mut Vec<Html>| {
        if !paragraph.is_empty() {
            blocks.push(html! { <p>{ inline(&paragraph.join(" ")) }</p> });
            paragraph.clear();
        }
        if !list.is_empty() {
            blocks.push(html! { <ul>{ for list.iter().map(|item| html! { <li>{ inline(item) }</li> }) }</ul> });
            list.clear();
        }
    };
    for line in markdown.lines() {
        if let Some(lines) = code.as_mut() {
            if line.trim_start().starts_with("```") {
                let text = lines.join("\n");
                blocks.push(html! { <pre class="doc-code" tabindex="0"><code>{ text }</code></pre> });
                code = None;
            } else {
                lines.push(line);
            }
            continue;
        }
        let trimmed = line.trim();
        if trimmed.starts_with("```") {
            flush(&mut paragraph, &mut list, &mut blocks);
            code = Some(Vec::new());
        } else if let Some(heading) = trimmed.strip_prefix("## ") {
            flush(&mut paragraph, &mut list, &mut blocks);
            blocks.push(html! { <h4>{ heading.to_string() }</h4> });
        } else if let Some(item) = trimmed.strip_prefix("- ") {
            if !paragraph.is_empty() {
                flush(&mut paragraph, &mut Vec::new(), &mut blocks);
            }
            list.push(item.to_string());
        } else if trimmed.is_empty() {
            flush(&mut paragraph, &mut list, &mut blocks);
        } else if !list.is_empty() && line.starts_with("  ") {
            if let Some(last) = list.last_mut() {
                last.push(' ');
                last.push_str(trimmed);
            }
        } else {
            if !list.is_empty() {
                flush(&mut Vec::new(), &mut list, &mut blocks);
            }
            paragraph.push(trimmed);
        }
    }
    flush(&mut paragraph, &mut list, &mut blocks);
    html! { <>{ for blocks }</> }
}

/// Inline Markdown as Yew HTML (see [`parse_inline`]). Used for messages, fix titles, notes
/// and the rule docs: whatever a message quotes shows as it was written.
pub fn inline(text: &str) -> Html {
    view(&parse_inline(text))
}

/// The text a reader hears: inline Markdown without its marks (code spans keep their text).
pub fn plain(text: &str) -> String {
    fn collect(nodes: &[Inline], out: &mut String) {
        for node in nodes {
            match node {
                Inline::Text(text) | Inline::Code(text) => out.push_str(text),
                Inline::Strong(children) | Inline::Emphasis(children) | Inline::Link { children, .. } => {
                    collect(children, out)
                }
            }
        }
    }
    let mut out = String::new();
    collect(&parse_inline(text), &mut out);
    out
}

fn view(nodes: &[Inline]) -> Html {
    nodes
        .iter()
        .map(|node| match node {
            Inline::Text(text) => html! { { text.clone() } },
            Inline::Code(code) => html! { <code>{ code.clone() }</code> },
            Inline::Strong(children) => html! { <strong>{ view(children) }</strong> },
            Inline::Emphasis(children) => html! { <em>{ view(children) }</em> },
            // A new tab: the embed never navigates the page that frames it.
            Inline::Link { href, children } => html! {
                <a href={href.clone()} target="_blank" rel="noopener noreferrer">{ view(children) }</a>
            },
        })
        .collect()
}

/// Inline Markdown, as CommonMark reads it, for the subset that rule docs and messages use:
/// code spans, `**strong**`, `*emphasis*` (or `_emphasis_`), `[links](https://…)` and
/// backslash escapes. Everything else is text, shown as it is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Inline {
    Text(String),
    Code(String),
    Strong(Vec<Inline>),
    Emphasis(Vec<Inline>),
    Link { href: String, children: Vec<Inline> },
}

/// Parses inline Markdown. Code spans bind first, as in CommonMark: a backtick run opens a
/// span that the next run of the same length closes, so a message can quote text holding
/// backticks by fencing it with a longer run (`shipshape::text::code` writes them so).
pub fn parse_inline(text: &str) -> Vec<Inline> {
    nodes(&tokens(text))
}

/// A character of the text (`literal` when a backslash escaped it, so it marks nothing up), or
/// a finished code span.
#[derive(Clone, Debug, PartialEq)]
enum Token {
    Char { c: char, literal: bool },
    Code(String),
}

impl Token {
    fn is(&self, wanted: char) -> bool {
        matches!(self, Token::Char { c, literal: false } if *c == wanted)
    }

    fn is_space(&self) -> bool {
        matches!(self, Token::Char { c, .. } if c.is_whitespace())
    }

    fn is_alphanumeric(&self) -> bool {
        matches!(self, Token::Char { c, .. } if c.is_alphanumeric())
    }
}

/// Code spans and backslash escapes: what no later rule may look inside.
fn tokens(text: &str) -> Vec<Token> {
    let chars: Vec<char> = text.chars().collect();
    let run_at = |i: usize| chars[i..].iter().take_while(|&&c| c == '`').count();
    let mut out = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' && chars.get(i + 1).is_some_and(char::is_ascii_punctuation) {
            out.push(Token::Char { c: chars[i + 1], literal: true });
            i += 2;
            continue;
        }
        if c != '`' {
            out.push(Token::Char { c, literal: false });
            i += 1;
            continue;
        }
        let open = run_at(i);
        let start = i + open;
        let mut k = start;
        let close = loop {
            if k >= chars.len() {
                break None;
            }
            if chars[k] == '`' {
                let run = run_at(k);
                if run == open {
                    break Some(k);
                }
                k += run;
            } else {
                k += 1;
            }
        };
        match close {
            Some(end) => {
                let content: String =
                    chars[start..end].iter().map(|&c| if c == '\n' || c == '\r' { ' ' } else { c }).collect();
                let stripped = content.len() >= 2
                    && content.starts_with(' ')
                    && content.ends_with(' ')
                    && !content.chars().all(|c| c == ' ');
                let content = if stripped { content[1..content.len() - 1].to_string() } else { content };
                out.push(Token::Code(content));
                i = end + open;
            }
            // An unmatched run is text, backticks and all.
            None => {
                out.extend((0..open).map(|_| Token::Char { c: '`', literal: true }));
                i = start;
            }
        }
    }
    out
}

fn nodes(tokens: &[Token]) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut text = String::new();
    let flush = |text: &mut String, out: &mut Vec<Inline>| {
        if !text.is_empty() {
            out.push(Inline::Text(std::mem::take(text)));
        }
    };
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i] {
            Token::Code(code) => {
                flush(&mut text, &mut out);
                out.push(Inline::Code(code.clone()));
                i += 1;
                continue;
            }
            token if token.is('[') => {
                if let Some((children, href, next)) = link(tokens, i) {
                    flush(&mut text, &mut out);
                    out.push(Inline::Link { href, children: nodes(children) });
                    i = next;
                    continue;
                }
            }
            token if token.is('*') || token.is('_') => {
                if let Some((strong, inner, next)) = emphasis(tokens, i) {
                    flush(&mut text, &mut out);
                    let children = nodes(inner);
                    out.push(if strong { Inline::Strong(children) } else { Inline::Emphasis(children) });
                    i = next;
                    continue;
                }
            }
            _ => {}
        }
        if let Token::Char { c, .. } = tokens[i] {
            text.push(c);
        }
        i += 1;
    }
    flush(&mut text, &mut out);
    out
}

/// `[text](href)` at `open`: the text's tokens, the destination, and the index after it. Only
/// web and mail addresses become links; anything else stays text.
fn link(tokens: &[Token], open: usize) -> Option<(&[Token], String, usize)> {
    let mut depth = 0;
    let mut close = None;
    for (j, token) in tokens.iter().enumerate().skip(open + 1) {
        if token.is('[') {
            depth += 1;
        } else if token.is(']') {
            if depth == 0 {
                close = Some(j);
                break;
            }
            depth -= 1;
        }
    }
    let close = close?;
    if !tokens.get(close + 1)?.is('(') {
        return None;
    }
    let mut href = String::new();
    for (k, token) in tokens.iter().enumerate().skip(close + 2) {
        match token {
            token if token.is(')') => {
                let safe = ["https://", "http://", "mailto:"].iter().any(|scheme| href.starts_with(scheme));
                return (safe && close > open + 1).then(|| (&tokens[open + 1..close], href, k + 1));
            }
            Token::Char { c, .. } if !c.is_whitespace() => href.push(*c),
            _ => return None,
        }
    }
    None
}

/// `**strong**` or `*emphasis*` (`__`/`_` alike) at `open`: whether it is strong, the inner
/// tokens and the index after the closing run. A delimiter opens when text follows it and
/// closes when text precedes it; `_` never opens or closes inside a word (`snake_case_name`).
fn emphasis(tokens: &[Token], open: usize) -> Option<(bool, &[Token], usize)> {
    let marker = if tokens[open].is('*') { '*' } else { '_' };
    let run = |at: usize| tokens[at..].iter().take_while(|t| t.is(marker)).count();
    if open > 0 && tokens[open - 1].is(marker) {
        return None;
    }
    let length = run(open);
    let width = if length >= 2 { 2 } else { 1 };
    let after = tokens.get(open + length)?;
    let before_alnum = open > 0 && tokens[open - 1].is_alphanumeric();
    if after.is_space() || (marker == '_' && before_alnum) {
        return None;
    }
    let mut k = open + length;
    while k < tokens.len() {
        if tokens[k].is(marker) {
            let closing = run(k);
            let follows_text = !tokens[k - 1].is_space() && k > open + length;
            let next_alnum = tokens.get(k + closing).is_some_and(Token::is_alphanumeric);
            if closing >= width && follows_text && !(marker == '_' && next_alnum) {
                // Extra markers of the opening run belong to the text inside.
                return Some((width == 2, &tokens[open + width..k], k + width));
            }
            k += closing;
        } else {
            k += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use shipshape::text::code;

    fn text(s: &str) -> Inline {
        Inline::Text(s.to_string())
    }

    fn code_span(s: &str) -> Inline {
        Inline::Code(s.to_string())
    }

    #[test]
    fn code_spans_follow_commonmark() {
        assert_eq!(parse_inline("run `pip install` now"), [text("run "), code_span("pip install"), text(" now")]);
        // A longer fence holds shorter runs; one space of padding on both sides is stripped.
        assert_eq!(parse_inline("``a`b``"), [code_span("a`b")]);
        assert_eq!(parse_inline("`` `date` ``"), [code_span("`date`")]);
        assert_eq!(parse_inline("`  x  `"), [code_span(" x ")]);
        assert_eq!(parse_inline("` `"), [code_span(" ")]);
        // Runs of another length do not close a span; an unmatched run is text.
        assert_eq!(parse_inline("```a``b```"), [code_span("a``b")]);
        assert_eq!(parse_inline("a ` b"), [text("a ` b")]);
        assert_eq!(parse_inline("``a`"), [text("``a`")]);
        // Nothing inside a span is markup.
        assert_eq!(parse_inline("`**x** [a](https://b) \\*`"), [code_span("**x** [a](https://b) \\*")]);
    }

    #[test]
    fn every_quoted_text_comes_back_literally() {
        let samples = [
            "pip install",
            "a`b",
            "`date`",
            "x`",
            "``",
            "`",
            "1fG;>r50-d}zX`O'UX",
            "echo `id -u` && ls ``x``",
            "<script>&amp; *a* _b_ **c** [d](https://e)",
            " padded ",
            "\\`",
        ];
        for sample in samples {
            let message = format!("unknown instruction {}: did you mean `RUN`?", code(sample));
            let parsed = parse_inline(&message);
            assert_eq!(
                parsed,
                [text("unknown instruction "), code_span(sample), text(": did you mean "), code_span("RUN"), text("?")],
                "{message}"
            );
        }
    }

    #[test]
    fn strong_emphasis_and_escapes() {
        assert_eq!(
            parse_inline("a **bold `x`** b"),
            [text("a "), Inline::Strong(vec![text("bold "), code_span("x")]), text(" b")]
        );
        assert_eq!(parse_inline("*before* it"), [Inline::Emphasis(vec![text("before")]), text(" it")]);
        assert_eq!(parse_inline("_a_ b"), [Inline::Emphasis(vec![text("a")]), text(" b")]);
        // Not emphasis: inside a word for `_`, next to a space, unpaired, escaped.
        assert_eq!(parse_inline("snake_case_name"), [text("snake_case_name")]);
        assert_eq!(parse_inline("2 * 3 * 4"), [text("2 * 3 * 4")]);
        assert_eq!(parse_inline("COPY *.txt ./"), [text("COPY *.txt ./")]);
        assert_eq!(parse_inline("**open"), [text("**open")]);
        assert_eq!(parse_inline("\\*not\\* \\`code\\`"), [text("*not* `code`")]);
        // A backslash before anything else stays.
        assert_eq!(parse_inline("C:\\app \\n"), [text("C:\\app \\n")]);
    }

    #[test]
    fn links_to_web_pages_only() {
        assert_eq!(
            parse_inline("see [the `semver` spec](https://semver.org) now"),
            [
                text("see "),
                Inline::Link {
                    href: "https://semver.org".to_string(),
                    children: vec![text("the "), code_span("semver"), text(" spec")]
                },
                text(" now")
            ]
        );
        // Other schemes, spaces and unclosed brackets stay text.
        assert_eq!(parse_inline("[x](javascript:alert(1))"), [text("[x](javascript:alert(1))")]);
        assert_eq!(parse_inline("[x](a b)"), [text("[x](a b)")]);
        assert_eq!(parse_inline("[x] (y)"), [text("[x] (y)")]);
        assert_eq!(parse_inline("a [b"), [text("a [b")]);
    }
}
