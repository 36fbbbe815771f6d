//! The banner a panic leaves: the message, and two plain links out —
//! reload (the settings survive: they are in the link and in storage) or
//! `?reset` (start from the defaults, in case the settings are the cause).
//! Plain DOM calls and links, not script: nothing in the wasm can run after
//! a panic, and the page's Content-Security-Policy forbids inline handlers.

use wasm_bindgen::JsCast;

pub fn show(message: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let banner = match document.query_selector("[data-testid=error-banner]").ok().flatten() {
        Some(b) => b,
        None => {
            let Ok(b) = document.create_element("div") else { return };
            let _ = b.set_attribute("data-testid", "error-banner");
            if let Some(body) = document.body() {
                let _ = body.prepend_with_node_1(&b);
            }
            b
        }
    };
    let _ = banner.set_attribute("class", "banner error fatal");
    banner.set_text_content(Some(&format!("Something broke inside the page: {message}. ")));
    let here = web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default();
    for (text, href, testid) in [("Reload (keeps your settings)", here.as_str(), "panic-reload"), ("Start from the default settings", "?reset", "panic-reset")]
    {
        if let Ok(link) = document.create_element("a") {
            link.set_text_content(Some(text));
            let _ = link.set_attribute("href", href);
            let _ = link.set_attribute("class", "button");
            let _ = link.set_attribute("data-testid", testid);
            let _ = banner.append_child(&link);
        }
    }
    if let Some(el) = banner.dyn_ref::<web_sys::HtmlElement>() {
        let _ = el.focus();
    }
}
