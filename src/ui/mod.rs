//! The leptos page (wasm only). Components read and write signals; training
//! happens in the core's session, reached through commands and events.

pub mod app;
pub mod backend;
pub mod bench_api;
pub mod charts;
pub mod constructors;
pub mod download;
pub mod experiment_state;
pub mod panels;
pub mod share;
pub mod state;
pub mod web;

use wasm_bindgen::JsCast;

/// Mounts the app into the page body, after installing the panic hook.
pub fn mount() {
    constructors::run_once();
    install_panic_banner();
    // `?bench`: an idle page for the performance harness, which calls
    // `bench_api::kd_bench` itself (no session, no probe competing for time).
    if web::page_query().contains("bench") {
        return;
    }
    if let Some(boot) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("boot")) {
        boot.remove();
    }
    let loaded = share::initial();
    leptos::mount::mount_to_body(move || leptos::view! { <app::App loaded=loaded persist=true/> });
}

/// A panic aborts the wasm instance, so nothing in Rust can run afterwards:
/// the hook writes the message into the error banner with plain DOM calls and
/// offers a reload, so the page never just dies.
pub fn install_panic_banner() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
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
        banner.set_text_content(Some(&format!("Something broke inside the page: {info}. ")));
        // Plain links, not script: nothing in the wasm can run after a panic,
        // and the page's Content-Security-Policy forbids inline handlers.
        // The link and storage hold the settings, so a reload keeps them;
        // `?reset` starts from the defaults, in case the settings are the cause.
        let here = web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default();
        for (text, href, testid) in [("Reload (keeps your settings)", here.as_str(), "panic-reload"), ("Start from the default settings", "?reset", "panic-reset")] {
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
    }));
}
