//! Renders the rule docs (the Markdown written in each rule's source) as Yew HTML: headings,
//! paragraphs, lists, fenced code and inline code. No raw HTML is ever injected.

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
                blocks.push(html! { <pre class="doc-code"><code>{ text }</code></pre> });
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

/// Inline code spans in backquotes and `**bold**` outside them; everything else is text. Used
/// for messages too.
pub fn inline(text: &str) -> Html {
    let parts: Vec<Html> = text
        .split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                html! { <code>{ part.to_string() }</code> }
            } else {
                bold(part)
            }
        })
        .collect();
    html! { <>{ for parts }</> }
}

/// `**bold**` spans; an unpaired `**` stays as it is.
fn bold(text: &str) -> Html {
    let pieces: Vec<&str> = text.split("**").collect();
    let paired = pieces.len() % 2 == 1;
    let parts = pieces.iter().enumerate().map(|(i, piece)| {
        if i % 2 == 1 && (paired || i + 1 < pieces.len()) {
            html! { <strong>{ piece.to_string() }</strong> }
        } else if i % 2 == 1 {
            html! { { format!("**{piece}") } }
        } else {
            html! { { piece.to_string() } }
        }
    });
    html! { <>{ for parts }</> }
}
