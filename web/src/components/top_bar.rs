//! The header both pages share: the brand, the switch between the playground and the
//! exercises, and the page's own actions. The apps (`crate::app`) decide what a switch does.

use yew::prelude::*;

/// The two pages of the full site.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Nav {
    Playground,
    Exercises,
}

#[derive(Properties, PartialEq)]
pub struct TopBarProps {
    pub current: Nav,
    pub on_nav: Callback<Nav>,
    /// The page's own actions, at the right.
    #[prop_or_default]
    pub children: Html,
}

/// The brand, the switch between the playground and the exercises, and the page's actions.
#[function_component]
pub fn TopBar(props: &TopBarProps) -> Html {
    let item = |to: Nav, label: &'static str, testid: &'static str| {
        let on_nav = props.on_nav.clone();
        let current = props.current == to;
        let onclick = Callback::from(move |_| {
            if !current {
                on_nav.emit(to);
            }
        });
        html! {
            <button class={classes!("nav-item", current.then_some("current"))} aria-current={current.then_some("page")}
                data-testid={testid} {onclick}>{ label }</button>
        }
    };
    html! {
        <header class="top">
            <div class="brand">
                <span class="logo" aria-hidden="true">{ "⚓" }</span>
                <h1>{ "shipshape" }</h1>
                <span class="tagline">{ "Dockerfile linter, fixer and distroless converter" }</span>
            </div>
            <nav class="nav" aria-label="Pages">
                { item(Nav::Playground, "Playground", "nav-playground") }
                { item(Nav::Exercises, "Exercises", "nav-exercises") }
            </nav>
            <div class="top-actions">{ props.children.clone() }</div>
        </header>
    }
}
