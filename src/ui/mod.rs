//! The leptos page (wasm only). Components read and write signals; training
//! happens in the core's session, reached through commands and events.

pub mod app;
// The engine's side: where burn trains (the worker, the page-thread
// fallback, the harness). Absent from the page's UI-only module.
#[cfg(feature = "engine")]
pub mod backend;
pub mod boundary;
pub mod charts;
pub mod constructors;
pub mod download;
pub mod experiment_state;
pub mod fatal_banner;
pub mod mnist_load;
pub mod panels;
#[cfg(feature = "engine")]
pub mod session_host;
pub mod session_link;
pub mod share;
pub mod state;
pub mod table_load;

/// Mounts the app into the page body, after installing the panic hook.
pub fn mount() {
    constructors::run_once();
    // In a web worker (the training session's, or the harness's bench/worker)
    // there is no page, and the engine loaded on the page's thread beside the
    // UI-only module (session_link.rs) has the UI's page: the instance serves
    // the worker's exports, and a panic goes to the console (the session
    // reports it to the page too).
    if web_sys::window().is_none() || boundary::browser::engine_on_page() {
        std::panic::set_hook(Box::new(console_error_panic_hook::hook));
        return;
    }
    install_panic_banner();
    // `?bench`: an idle page for the performance harness, which calls
    // `boundary::bench::kd_bench` itself (no session, no probe competing for time).
    if crate::core::share::query_has_flag(&boundary::browser::page_query(), "bench") {
        return;
    }
    if let Some(boot) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("boot")) {
        boot.remove();
    }
    let loaded = share::initial();
    // `?page-thread`: the session on the page's thread, as where no worker
    // starts (the harness compares the two on the real page).
    let in_worker = !crate::core::share::query_has_flag(&boundary::browser::page_query(), "page-thread");
    leptos::mount::mount_to_body(move || leptos::view! { <app::App loaded=loaded persist=true session_in_worker=in_worker/> });
}

/// A panic aborts the wasm instance, so nothing in Rust can run afterwards:
/// the hook writes the message into the error banner with plain DOM calls
/// ([`fatal_banner::show`]), so the page never just dies.
pub fn install_panic_banner() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        fatal_banner::show(&info.to_string());
    }));
}
