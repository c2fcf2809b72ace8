//! The editor: a plain `<textarea>` over a highlight layer. The textarea's text is transparent
//! (only its caret and selection show); the layer under it draws the same text in syntax
//! colours from our own parser, with the lines that have findings marked. A gutter shows line
//! numbers. Above `LARGE_INPUT` the layer is dropped and the textarea shows its own text.

use std::rc::Rc;

use shipshape::Severity;
use shipshape::text::TextRange;
use wasm_bindgen::JsCast;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::highlight::Class;
use crate::state::Selection;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub source: Rc<str>,
    pub tokens: Rc<Vec<(TextRange, Class)>>,
    /// 0-based lines with findings, and the worst severity on each.
    pub marks: Rc<Vec<(u32, Severity)>>,
    pub selection: Option<Selection>,
    /// Large input: no colours.
    pub plain: bool,
    /// The text can be selected but not changed.
    #[prop_or_default]
    pub readonly: bool,
    pub on_input: Callback<String>,
}

#[function_component]
pub fn Editor(props: &Props) -> Html {
    let textarea = use_node_ref();
    let layer = use_node_ref();
    let gutter = use_node_ref();

    // Keep the layer and the gutter scrolled with the textarea.
    let on_scroll = {
        let (textarea, layer, gutter) = (textarea.clone(), layer.clone(), gutter.clone());
        Callback::from(move |_: Event| {
            let Some(area) = textarea.cast::<HtmlTextAreaElement>() else { return };
            if let Some(layer) = layer.cast::<web_sys::HtmlElement>() {
                layer.set_scroll_top(area.scroll_top());
                layer.set_scroll_left(area.scroll_left());
            }
            if let Some(gutter) = gutter.cast::<web_sys::HtmlElement>() {
                gutter.set_scroll_top(area.scroll_top());
            }
        })
    };
    let on_input = {
        let callback = props.on_input.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(area) = e.target().and_then(|t| t.dyn_into::<HtmlTextAreaElement>().ok()) {
                callback.emit(area.value());
            }
        })
    };

    // Select the line of a clicked finding and bring it into view.
    {
        let textarea = textarea.clone();
        let source = props.source.clone();
        use_effect_with(props.selection, move |selection| {
            if let (Some(selection), Some(area)) = (selection, textarea.cast::<HtmlTextAreaElement>()) {
                select_line(&area, &source, selection.line, selection.focus_editor);
            }
        });
    }

    let line_count = props.source.split('\n').count().max(1);
    let numbers: String = (1..=line_count).map(|n| format!("{n}\n")).collect();
    let selected_line = props.selection.map(|s| s.line);
    // One row per line up to the last marked one; CSS stacks them at the line height, so no
    // inline styles are needed (the Content-Security-Policy allows none).
    let last = props.marks.iter().map(|(l, _)| *l).chain(selected_line).max();
    let rows = match last {
        Some(last) if !props.plain => (0..=last)
            .map(|line| {
                let severity = props.marks.iter().find(|(l, _)| *l == line).map(|(_, s)| format!("mark-{}", s.as_str()));
                html! { <div key={line} class={classes!("line-mark", severity, (Some(line) == selected_line).then_some("mark-selected"))}></div> }
            })
            .collect::<Html>(),
        _ => Html::default(),
    };

    html! {
        <div class={classes!("editor", props.plain.then_some("plain"))}>
            <pre class="gutter" ref={gutter} aria-hidden="true">{ numbers }</pre>
            <div class="code-area">
                <div class="layer" ref={layer} aria-hidden="true">
                    <div class="marks">{ rows }</div>
                    <pre class="highlight">{ if props.plain { Html::default() } else { colour(&props.source, &props.tokens) } }</pre>
                </div>
                <textarea
                    ref={textarea}
                    data-testid="editor"
                    aria-label="Dockerfile"
                    spellcheck="false"
                    autocomplete="off"
                    autocapitalize="off"
                    wrap="off"
                    readonly={props.readonly}
                    value={props.source.to_string()}
                    oninput={on_input}
                    onscroll={on_scroll}
                />
            </div>
        </div>
    }
}

/// The source as coloured lines, one [`HighlightLine`] each: a keystroke re-renders the
/// lines it changed, not the whole file (which took most of a frame at 500 lines).
fn colour(source: &str, tokens: &[(TextRange, Class)]) -> Html {
    // Keyed by line number: Yew matches unkeyed lists from the end, so a line typed at the
    // end of the file would otherwise shift every line against its old self.
    html! {
        <>{ for lines(source, tokens).into_iter().enumerate().map(|(n, line)| html! { <HighlightLine key={n} ..line /> }) }</>
    }
}

/// Each line of `source` (with its `\n`, and a last line always present, so the layer is as
/// tall as the textarea's text) and its coloured spans, in bytes from the line's start. Tokens
/// that cross line ends are split.
fn lines(source: &str, tokens: &[(TextRange, Class)]) -> Vec<LineProps> {
    let mut out = Vec::new();
    let mut tokens = tokens.iter().peekable();
    let mut line_start = 0usize;
    loop {
        let newline = source[line_start..].find('\n');
        let line_end = newline.map_or(source.len(), |i| line_start + i + 1);
        let mut spans = Vec::new();
        while let Some((range, class)) = tokens.peek() {
            let (start, end) = (range.start as usize, (range.end as usize).min(source.len()));
            if start >= line_end {
                break;
            }
            let (from, to) = (start.max(line_start), end.min(line_end));
            if from < to {
                spans.push(((from - line_start) as u32, (to - line_start) as u32, *class));
            }
            if end > line_end {
                break; // The rest of the token colours the next line.
            }
            tokens.next();
        }
        let text = &source[line_start..line_end];
        if newline.is_none() {
            out.push(LineProps { text: AttrValue::from(format!("{text}\n")), spans: spans.into() });
            return out;
        }
        out.push(LineProps { text: AttrValue::from(text.to_string()), spans: spans.into() });
        line_start = line_end;
    }
}

/// One line of the highlight layer: its text and its coloured spans (bytes from its start).
#[derive(Properties, PartialEq, Clone, Debug)]
struct LineProps {
    text: AttrValue,
    spans: Rc<[Span]>,
}

type Span = (u32, u32, Class);

#[function_component]
fn HighlightLine(props: &LineProps) -> Html {
    let text = props.text.as_str();
    let mut nodes = Vec::with_capacity(props.spans.len() * 2 + 1);
    let mut at = 0usize;
    for &(start, end, class) in props.spans.iter() {
        let (start, end) = (start as usize, end as usize);
        // Spans come from a parse of this very text; a bad one is skipped, never a panic.
        if start < at || end > text.len() || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            continue;
        }
        if start > at {
            nodes.push(html! { { &text[at..start] } });
        }
        nodes.push(html! { <span class={class.css()}>{ &text[start..end] }</span> });
        at = end;
    }
    if at < text.len() {
        nodes.push(html! { { &text[at..] } });
    }
    html! { <>{ for nodes }</> }
}

fn select_line(area: &HtmlTextAreaElement, source: &str, line: u32, focus: bool) {
    // Offsets in a textarea count UTF-16 code units.
    let mut start = 0u32;
    let mut current = 0u32;
    let mut chars = source.chars().peekable();
    while current < line {
        match chars.next() {
            Some('\n') => {
                current += 1;
                start += 1;
            }
            Some(c) => start += c.len_utf16() as u32,
            None => break,
        }
    }
    let mut end = start;
    for c in chars {
        if c == '\n' {
            break;
        }
        end += c.len_utf16() as u32;
    }
    if focus {
        let _ = area.focus();
    }
    let _ = area.set_selection_range(start, end);
    // Scroll so that the line sits a third of the way down.
    let line_height = 20;
    let top = i32::try_from(line).unwrap_or(i32::MAX).saturating_mul(line_height);
    area.set_scroll_top((top - area.client_height() / 3).max(0));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(source: &str, tokens: &[Span]) -> Vec<(String, Vec<Span>)> {
        let tokens: Vec<_> = tokens.iter().map(|&(s, e, c)| (TextRange::new(s, e), c)).collect();
        lines(source, &tokens).into_iter().map(|line| (line.text.to_string(), line.spans.to_vec())).collect()
    }

    #[test]
    fn lines_tile_the_text_and_split_tokens_at_line_ends() {
        let source = "RUN <<EOF\necho hi\nEOF\nFROM x";
        let lines = spans(source, &[(0, 3, Class::Keyword), (4, 22, Class::Heredoc), (22, 26, Class::Keyword)]);
        assert_eq!(
            lines,
            [
                ("RUN <<EOF\n".to_string(), vec![(0, 3, Class::Keyword), (4, 10, Class::Heredoc)]),
                ("echo hi\n".to_string(), vec![(0, 8, Class::Heredoc)]),
                ("EOF\n".to_string(), vec![(0, 4, Class::Heredoc)]),
                // The last line ends with a line break of the layer's own, as the textarea does.
                ("FROM x\n".to_string(), vec![(0, 4, Class::Keyword)]),
            ]
        );
        let text: String = lines.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(text, format!("{source}\n"));
    }

    #[test]
    fn empty_and_trailing_newline_files() {
        assert_eq!(spans("", &[]), [("\n".to_string(), vec![])]);
        assert_eq!(spans("A\n", &[]), [("A\n".to_string(), vec![]), ("\n".to_string(), vec![])]);
        // A token past the end of the text (a stale parse) colours nothing beyond it.
        assert_eq!(spans("AB", &[(1, 9, Class::Flag)]), [("AB\n".to_string(), vec![(1, 2, Class::Flag)])]);
    }
}
