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
                select_line(&area, &source, selection.line);
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
                html! { <div class={classes!("line-mark", severity, (Some(line) == selected_line).then_some("mark-selected"))}></div> }
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
                    <pre class="highlight">{ if props.plain { Html::default() } else { colour(&props.source, &props.tokens) } }{ "\n" }</pre>
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

/// The source as coloured spans.
fn colour(source: &str, tokens: &[(TextRange, Class)]) -> Html {
    let mut nodes = Vec::with_capacity(tokens.len() * 2 + 1);
    let mut at = 0usize;
    for (range, class) in tokens {
        let (start, end) = (range.start as usize, range.end as usize);
        if start < at || end > source.len() {
            continue;
        }
        if start > at {
            nodes.push(html! { { &source[at..start] } });
        }
        nodes.push(html! { <span class={class.css()}>{ &source[start..end] }</span> });
        at = end;
    }
    if at < source.len() {
        nodes.push(html! { { &source[at..] } });
    }
    html! { <>{ for nodes }</> }
}

fn select_line(area: &HtmlTextAreaElement, source: &str, line: u32) {
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
    let _ = area.focus();
    let _ = area.set_selection_range(start, end);
    // Scroll so that the line sits a third of the way down.
    let line_height = 20;
    let top = i32::try_from(line).unwrap_or(i32::MAX).saturating_mul(line_height);
    area.set_scroll_top((top - area.client_height() / 3).max(0));
}
