//! A rule's documentation, from the same metadata the CLI's `explain` prints.

use shipshape::rules;
use yew::prelude::*;

use crate::markdown;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub code: &'static str,
    pub on_close: Callback<()>,
}

#[function_component]
pub fn RuleDocs(props: &Props) -> Html {
    let Some(rule) = rules::find(props.code) else { return Html::default() };
    let m = &rule.meta;
    let close = {
        let cb = props.on_close.clone();
        Callback::from(move |_| cb.emit(()))
    };
    let mut facts = vec![format!("{} · default severity {}", m.category.as_str(), m.severity().as_str())];
    if let Some(h) = m.hadolint {
        facts.push(format!("hadolint {h}"));
    }
    if let Some(b) = m.buildkit {
        facts.push(format!("BuildKit {b}"));
    }
    html! {
        <aside class="rule-docs" data-testid="rule-docs" aria-label={format!("Documentation of {}", m.name)}>
            <div class="rule-docs-head">
                <h3><span class="code">{ m.code }</span>{ " " }{ m.name }</h3>
                <button class="button close" onclick={close} aria-label="Close the rule's documentation">{ "×" }</button>
            </div>
            <p class="rule-summary">{ m.summary }</p>
            <p class="rule-facts">{ facts.join(" · ") }</p>
            { markdown::render(&m.docs_markdown()) }
        </aside>
    }
}
