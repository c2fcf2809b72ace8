//! The embed widget: a compact editor and findings for documentation pages, in an iframe.
//!
//! `embed.html` is the same app as the playground (`cargo xtask dist` writes it with
//! `data-view="embed"` on the mount point); `index.html?embed` shows it too. It is configured
//! by URL parameters, in the fragment or the query string (the fragment wins):
//!
//! - `code=` the Dockerfile, encoded as share links encode it, or `text=` the Dockerfile
//!   percent-encoded (`encodeURIComponent`);
//! - `tabs=findings,fixed,dockerignore,distroless` the result tabs, in order; `tab=` the first
//!   one shown;
//! - `select=` / `ignore=` rule codes, names or prefixes, comma-separated;
//! - `readonly` the text cannot be changed and no fix applied;
//! - `theme=light|dark` (default: the reader's system preference);
//! - `id=` a name echoed in the height messages, for pages with several widgets.
//!
//! It posts `{ type: "shipshape:resize", height, id }` to its parent whenever its height
//! changes, so the host can size the iframe, and it never navigates the parent: its only link
//! opens the playground in a new tab.

use std::rc::Rc;

use shipshape::rules::selector_is_unknown;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use yew::prelude::*;

use crate::analysis::LARGE_INPUT;
use crate::components::workbench::Workbench;
use crate::state::{State, Tab};
use crate::{browser, examples, share};

/// The type of the height messages the widget posts to its parent.
pub const RESIZE_MESSAGE: &str = "shipshape:resize";

/// The tabs a widget shows when the URL does not say.
pub const DEFAULT_TABS: &[Tab] = &[Tab::Findings, Tab::Fixed];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    pub source: String,
    pub tabs: Vec<Tab>,
    pub tab: Tab,
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    pub readonly: bool,
    pub theme: Option<Theme>,
    pub id: Option<String>,
    /// What was wrong with the parameters, for the widget to say.
    pub problems: Vec<String>,
}

impl Config {
    /// The configuration when this page is the embed view, `None` for the full site.
    pub fn from_page() -> Option<Config> {
        let document = gloo::utils::document();
        let marked = document
            .get_element_by_id("app")
            .and_then(|root| root.get_attribute("data-view"))
            .is_some_and(|view| view == "embed");
        let query = gloo::utils::window().location().search().unwrap_or_default();
        (marked || share::has_key(&query, "embed")).then(|| Config::parse(&query, &browser::fragment()))
    }

    /// Reads the parameters from a query string (`?a=1&b`) and a fragment (`#c=2`).
    pub fn parse(query: &str, fragment: &str) -> Config {
        let query = query.trim_start_matches('?');
        let raw = |key: &str| share::fragment_value(fragment, key).or_else(|| share::fragment_value(query, key));
        let text = |key: &str| raw(key).and_then(share::percent_decode);
        let flag = |key: &str| {
            let present = share::has_key(fragment, key) || share::has_key(query, key);
            present && !matches!(text(key).as_deref(), Some("0" | "false" | "no"))
        };
        let list = |key: &str| -> Vec<String> {
            text(key)
                .map(|v| v.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect())
                .unwrap_or_default()
        };
        let mut problems = Vec::new();

        let source = match (raw(share::CODE_KEY), raw("text")) {
            (Some(code), _) => share::decode(code).unwrap_or_else(|| {
                problems
                    .push("The Dockerfile in this widget's link is damaged: showing an example instead.".to_string());
                examples::default_source().to_string()
            }),
            (None, Some(value)) => share::percent_decode(value).unwrap_or_else(|| {
                problems.push("The Dockerfile in this widget's link is not valid percent-encoding.".to_string());
                String::new()
            }),
            (None, None) => examples::default_source().to_string(),
        };

        let mut tabs = Vec::new();
        for name in list("tabs") {
            match Tab::from_id(&name.to_ascii_lowercase()) {
                Some(tab) if !tabs.contains(&tab) => tabs.push(tab),
                Some(_) => {}
                None => {
                    problems.push(format!("Unknown tab `{name}`: use findings, fixed, distroless or dockerignore."))
                }
            }
        }
        if tabs.is_empty() {
            tabs = DEFAULT_TABS.to_vec();
        }
        let tab = text("tab").and_then(|t| Tab::from_id(&t)).filter(|t| tabs.contains(t)).unwrap_or(tabs[0]);

        let mut rules = |key: &str| -> Vec<String> {
            let (known, unknown): (Vec<String>, Vec<String>) =
                list(key).into_iter().partition(|s| !selector_is_unknown(s) || crate::shellcheck::is_selector(s));
            for selector in unknown {
                problems.push(format!("Unknown rule `{selector}` in `{key}`: it is left out."));
            }
            known
        };
        let select = rules("select");
        let ignore = rules("ignore");

        let theme = match text("theme").as_deref() {
            Some("dark") => Some(Theme::Dark),
            Some("light") => Some(Theme::Light),
            _ => None,
        };
        Config {
            source,
            tabs,
            tab,
            select,
            ignore,
            readonly: flag("readonly"),
            theme,
            id: text("id").filter(|id| !id.is_empty()),
            problems,
        }
    }

    fn initial_state(&self) -> State {
        let mut state = State::new(&self.source, self.tab);
        state.select = Rc::from(self.select.clone());
        state.ignore = Rc::from(self.ignore.clone());
        state
    }
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub config: Rc<Config>,
}

#[function_component]
pub fn EmbedView(props: &Props) -> Html {
    let config = props.config.clone();
    let state = {
        let config = config.clone();
        use_reducer(move || config.initial_state())
    };
    let root = use_node_ref();

    // The theme the page asked for, on <html> where the colour variables live; and the class
    // that lets the page be as tall as the widget rather than the window.
    use_effect_with(config.theme, |theme| {
        if let Some(html) = gloo::utils::document().document_element() {
            let _ = html.set_attribute("class", "embedded");
            let _ = match theme {
                Some(Theme::Dark) => html.set_attribute("data-theme", "dark"),
                Some(Theme::Light) => html.set_attribute("data-theme", "light"),
                None => html.remove_attribute("data-theme"),
            };
        }
    });

    // Tell the host page our height whenever it changes.
    {
        let root = root.clone();
        let id = config.id.clone();
        use_effect_with((), move |_| {
            let observer = root.cast::<web_sys::Element>().and_then(|element| {
                let callback = Closure::<dyn FnMut()>::new({
                    let element = element.clone();
                    let mut last = 0.0;
                    move || {
                        let height = element.get_bounding_client_rect().height().ceil();
                        if height != last {
                            last = height;
                            post_height(height, id.as_deref());
                        }
                    }
                });
                let observer = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()).ok()?;
                observer.observe(&element);
                Some((observer, callback))
            });
            move || {
                if let Some((observer, _callback)) = observer {
                    observer.disconnect();
                }
            }
        });
    }

    let playground = {
        let text = &state.analyzed;
        let fragment = if text.len() <= LARGE_INPUT { format!("#code={}", share::encode(text)) } else { String::new() };
        html! {
            <a class="open-playground" href={format!("index.html{fragment}")} target="_blank" rel="noopener"
                data-testid="open-playground" title="Open this Dockerfile in the shipshape playground, in a new tab">
                <span class="logo" aria-hidden="true">{ "⚓" }</span>{ " shipshape ↗" }
            </a>
        }
    };
    let notice = (!config.problems.is_empty()).then(|| AttrValue::from(config.problems.join(" ")));
    html! {
        <div class={classes!("embed", config.readonly.then_some("readonly"))} ref={root} data-testid="embed">
            // The page's title, for those who find their way by headings; the widget shows none.
            <h1 class="visually-hidden">{ "Dockerfile checked by shipshape" }</h1>
            <Workbench state={state.clone()} tabs={Rc::from(config.tabs.clone())} readonly={config.readonly} compact=true
                {notice} tab_bar_end={playground} />
        </div>
    }
}

/// Posts the widget's height to the page that frames it (if any). The message holds nothing
/// but the height and the widget's id, so any origin may read it.
fn post_height(height: f64, id: Option<&str>) {
    let window = gloo::utils::window();
    let Ok(Some(parent)) = window.parent() else { return };
    if js_sys::Object::is(&parent, &window) {
        return;
    }
    let message = js_sys::Object::new();
    let set = |key: &str, value: &wasm_bindgen::JsValue| {
        let _ = js_sys::Reflect::set(&message, &key.into(), value);
    };
    set("type", &RESIZE_MESSAGE.into());
    set("height", &height.into());
    set("id", &id.map_or(wasm_bindgen::JsValue::NULL, Into::into));
    let _ = parent.post_message(&message, "*");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults() {
        let config = Config::parse("", "");
        assert_eq!(config.tabs, DEFAULT_TABS);
        assert_eq!(config.tab, Tab::Findings);
        assert_eq!(config.source, examples::default_source());
        assert!(!config.readonly && config.theme.is_none() && config.id.is_none() && config.problems.is_empty());
    }

    #[test]
    fn reads_every_parameter() {
        let fragment =
            format!("#code={}&tabs=fixed,findings&readonly&select=DL3042,missing-user", share::encode("FROM a"));
        let config = Config::parse("?theme=dark&id=intro&ignore=SS001", &fragment);
        assert_eq!(config.source, "FROM a");
        assert_eq!(config.tabs, [Tab::Fixed, Tab::Findings]);
        assert_eq!(config.tab, Tab::Fixed);
        assert!(config.readonly);
        assert_eq!(config.select, ["DL3042", "missing-user"]);
        assert_eq!(config.ignore, ["SS001"]);
        assert_eq!(config.theme, Some(Theme::Dark));
        assert_eq!(config.id.as_deref(), Some("intro"));
        assert!(config.problems.is_empty());
    }

    #[test]
    fn the_fragment_wins_and_text_is_percent_encoded() {
        let config = Config::parse("?theme=dark&readonly=0", "#theme=light&text=FROM%20alpine%3A3.20%0A&tab=fixed");
        assert_eq!(config.theme, Some(Theme::Light));
        assert_eq!(config.source, "FROM alpine:3.20\n");
        assert!(!config.readonly);
        assert_eq!(config.tab, Tab::Fixed);
    }

    /// The ShellCheck rules arrive after the parameters are read: their codes and code
    /// prefixes are taken as they are.
    #[test]
    fn takes_shellcheck_codes() {
        let config = Config::parse("", "#select=SC2164,sc3,DL3003&ignore=SC2086");
        assert_eq!(config.select, ["SC2164", "sc3", "DL3003"]);
        assert_eq!(config.ignore, ["SC2086"]);
        assert!(config.problems.is_empty(), "{:?}", config.problems);
        for bogus in ["SC", "SCX1", "é€x", "S"] {
            assert!(!crate::shellcheck::is_selector(bogus), "{bogus}");
        }
    }

    #[test]
    fn says_what_is_wrong() {
        let config = Config::parse("", "#code=!!!&tabs=findings,bogus&select=DL9999,DL3042");
        assert_eq!(config.source, examples::default_source());
        assert_eq!(config.tabs, [Tab::Findings]);
        assert_eq!(config.select, ["DL3042"]);
        assert_eq!(config.problems.len(), 3, "{:?}", config.problems);
        assert!(config.problems[2].contains("DL9999"));
    }
}
