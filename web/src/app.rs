//! The apps: [`App`] is the playground and the embed widget (`embed.html`, or `?embed`);
//! [`ExercisesApp`] is the workshop exercises, a page of its own (`exercises/`) so that the
//! playground does not download the courses. Both pages start with the same header,
//! `components::top_bar`.

use yew::prelude::*;

use crate::components::top_bar::Nav;
use crate::embed::{self, EmbedView};
use crate::exercises::view::ExercisesView;
use crate::playground::Playground;
use crate::{browser, share};

/// Goes to the other page of the site, keeping `fragment` (a course link, `#exercises=…`).
fn go_to(nav: Nav, fragment: &str) {
    // The files by name: every static server serves them, not all serve a directory's index.
    let page = match nav {
        Nav::Playground => "index.html",
        Nav::Exercises => "exercises/index.html",
    };
    let url = format!("{}{page}{fragment}", browser::root());
    let _ = gloo::utils::window().location().assign(&url);
}

/// The page a visit starts on, from the URL fragment.
fn initial_nav() -> Nav {
    let fragment = browser::fragment();
    let exercises =
        fragment.trim_start_matches('#').split('&').any(|pair| pair == "exercises" || pair.starts_with("exercises="))
            || share::fragment_value(&fragment, crate::exercises::COURSE_KEY).is_some();
    if exercises { Nav::Exercises } else { Nav::Playground }
}

#[function_component]
pub fn App() -> Html {
    let embed = use_memo((), |_| embed::Config::from_page());
    let nav = use_memo((), |_| initial_nav());
    // Mark the moment the page became interactive, for the end-to-end timing.
    use_effect_with((), |_| {
        if let Some(body) = gloo::utils::document().body() {
            // Whole milliseconds, without pulling float formatting into the page.
            let _ = body.set_attribute("data-ready", &(browser::now() as u64).to_string());
        }
    });
    if let Some(config) = (*embed).clone() {
        return html! { <EmbedView config={std::rc::Rc::new(config)} /> };
    }
    if *nav == Nav::Exercises {
        // A link to the exercises made for the one-page site (`#exercises`, `#course=…`).
        go_to(Nav::Exercises, &browser::fragment());
        return Html::default();
    }
    let on_nav = Callback::from(|to: Nav| {
        if to == Nav::Exercises {
            go_to(Nav::Exercises, "");
        }
    });
    html! { <Playground {on_nav} /> }
}

/// The exercises page.
#[function_component]
pub fn ExercisesApp() -> Html {
    use_effect_with((), |_| {
        if let Some(body) = gloo::utils::document().body() {
            let _ = body.set_attribute("data-ready", &(browser::now() as u64).to_string());
        }
    });
    let on_nav = Callback::from(|to: Nav| {
        if to == Nav::Playground {
            go_to(Nav::Playground, "");
        }
    });
    html! { <ExercisesView {on_nav} /> }
}
