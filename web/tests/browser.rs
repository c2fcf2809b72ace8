//! The app's components in headless Chromium (wasm-bindgen-test with chromedriver): the app
//! mounts, shows findings from the core, applies a fix on click, and switches tabs.

#![cfg(target_arch = "wasm32")]

use gloo::timers::future::TimeoutFuture;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

async fn mount() -> Element {
    // Apps of earlier tests write the share link into the shared URL a moment after a change;
    // let them finish, then start from a clean URL.
    TimeoutFuture::new(200).await;
    shipshape_web::browser::set_fragment("");
    let document = gloo::utils::document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<shipshape_web::app::App>::with_root(root.clone()).render();
    TimeoutFuture::new(50).await;
    root
}

fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length()).filter_map(|i| list.item(i)?.dyn_into::<Element>().ok()).collect()
}

fn codes(root: &Element) -> Vec<String> {
    all(root, "[data-testid=finding]").iter().filter_map(|f| f.get_attribute("data-code")).collect()
}

#[wasm_bindgen_test]
async fn shows_the_findings_of_the_first_example() {
    let root = mount().await;
    let codes = codes(&root);
    assert!(codes.contains(&"DL3042".to_string()), "{codes:?}");
    assert!(codes.contains(&"SS001".to_string()), "{codes:?}");
    let editor =
        root.query_selector("[data-testid=editor]").unwrap().unwrap().dyn_into::<HtmlTextAreaElement>().unwrap();
    assert!(editor.value().contains("FROM python:3.12-alpine3.18"));
}

#[wasm_bindgen_test]
async fn applying_a_fix_changes_the_editor_and_the_findings() {
    let root = mount().await;
    let finding = all(&root, "[data-testid=finding]")
        .into_iter()
        .find(|f| f.get_attribute("data-code").as_deref() == Some("DL3042"))
        .unwrap();
    let apply = finding.query_selector("button.apply").unwrap().unwrap().dyn_into::<HtmlElement>().unwrap();
    apply.click();
    TimeoutFuture::new(50).await;
    let editor =
        root.query_selector("[data-testid=editor]").unwrap().unwrap().dyn_into::<HtmlTextAreaElement>().unwrap();
    assert!(editor.value().contains("pip install --no-cache-dir -r requirements.txt"), "{}", editor.value());
    assert!(!codes(&root).contains(&"DL3042".to_string()));
}

#[wasm_bindgen_test]
async fn clicking_a_finding_opens_its_rule_docs() {
    let root = mount().await;
    let main =
        root.query_selector("[data-testid=finding] .finding-main").unwrap().unwrap().dyn_into::<HtmlElement>().unwrap();
    main.click();
    TimeoutFuture::new(50).await;
    let docs = root.query_selector("[data-testid=rule-docs]").unwrap().expect("the docs panel opens");
    let text = docs.text_content().unwrap_or_default();
    // The test page has no generated docs to load (the summary is in them too): the panel
    // shows the rule's metadata and says where the docs are.
    assert!(text.contains("missing-user") && text.contains("shipshape explain SS001"), "{text}");
}

#[wasm_bindgen_test]
async fn the_fixed_tab_shows_the_fixed_dockerfile() {
    let root = mount().await;
    root.query_selector("[data-testid=tab-fixed]").unwrap().unwrap().dyn_into::<HtmlElement>().unwrap().click();
    TimeoutFuture::new(50).await;
    let output = root.query_selector("[data-testid=fixed-output]").unwrap().unwrap().text_content().unwrap_or_default();
    assert!(output.contains("--no-cache-dir"), "{output}");
    assert!(output.starts_with("# A Flask app on Alpine"), "{output}");
}

/// Mounts the app on a share link's Dockerfile.
async fn mount_with(text: &str) -> Element {
    TimeoutFuture::new(200).await;
    let fragment = format!("#{}={}", shipshape_web::share::CODE_KEY, shipshape_web::share::encode(text));
    let document = gloo::utils::document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    shipshape_web::browser::set_fragment(&fragment);
    yew::Renderer::<shipshape_web::app::App>::with_root(root.clone()).render();
    TimeoutFuture::new(50).await;
    root
}

#[wasm_bindgen_test]
async fn messages_show_the_text_they_quote_literally() {
    // Backticks (in an unknown instruction's name), markup and emphasis characters, quoted by
    // the core as code spans with longer fences.
    let word = "1fG;>r50-d}zX`O'UX<b>&amp;*x*_y_";
    let root = mount_with(&format!("FROM alpine:3.20\n{word} now\nWORKDIR `pwd`/app\n")).await;
    let messages: Vec<Element> = all(&root, "[data-testid=finding] .msg");
    let texts: Vec<String> = messages.iter().map(|m| m.text_content().unwrap_or_default()).collect();
    let unknown = messages
        .iter()
        .find(|m| m.text_content().unwrap_or_default().starts_with("unknown instruction"))
        .unwrap_or_else(|| panic!("no unknown-instruction finding in {texts:?}"));
    let code: Vec<String> = all(unknown, "code").iter().map(|c| c.text_content().unwrap_or_default()).collect();
    // The quoted word, then the message's own `#`.
    assert_eq!(code, [word, "#"], "{texts:?}");
    assert!(all(unknown, "b, em, strong").is_empty(), "{}", unknown.inner_html());
    assert!(
        unknown.text_content().unwrap_or_default().ends_with("or with # for a comment"),
        "the message's end is not plain text: {}",
        unknown.inner_html()
    );
    let workdir = messages
        .iter()
        .find(|m| m.text_content().unwrap_or_default().contains("pwd"))
        .unwrap_or_else(|| panic!("no WORKDIR finding in {texts:?}"));
    let code: Vec<String> = all(workdir, "code").iter().map(|c| c.text_content().unwrap_or_default()).collect();
    assert_eq!(code[0], "WORKDIR `pwd`/app", "{}", workdir.inner_html());
}

/// The test page serves no ShellCheck module: a file with a RUN says that its scripts are not
/// checked, and the other findings stay.
#[wasm_bindgen_test]
async fn a_shellcheck_module_that_cannot_load_is_said() {
    let root = mount_with("FROM alpine:3.20\nRUN cd /app; make\n").await;
    let mut state = String::new();
    for _ in 0..100 {
        state = root
            .query_selector("[data-testid=shellcheck-state]")
            .unwrap()
            .and_then(|e| e.text_content())
            .unwrap_or_default();
        if state.contains("could not be loaded") {
            break;
        }
        TimeoutFuture::new(50).await;
    }
    assert!(state.contains("could not be loaded, so the RUN scripts are not checked"), "{state}");
    assert!(codes(&root).contains(&"DL3003".to_string()), "{:?}", codes(&root));
}
