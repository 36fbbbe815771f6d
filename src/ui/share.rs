//! Where the config lives in the browser: the page's link (so a copied
//! link reproduces the run) and localStorage (so a reload resumes the
//! settings). The reading and writing rules are the core's
//! ([`crate::core::share`]); this file only moves text in and out.

use js_sys::{Function, Promise, Reflect};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::core::config::PlaygroundConfig;
use crate::core::share::{Loaded, from_json, from_query, query_has_flag, query_has_settings, to_json, to_query};
use crate::core::tours::Tour;

use super::boundary::browser::sleep_ms;

/// The localStorage key of the saved settings.
pub const STORAGE_KEY: &str = "kd-playground/config";
/// Edits within this long are saved once: a dragged slider sends dozens,
/// and browsers throttle `history.replaceState`.
const SAVE_DELAY_MS: i32 = 250;

/// Where the starting settings came from, for the notice's heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Defaults,
    Link,
    Saved,
}

/// The settings the page starts with: the link's if it carries any, else
/// the saved ones, else the defaults — with the notices of what changed.
pub fn initial() -> (Loaded, Source) {
    // Still percent-encoded, so bytes that are not UTF-8 reach the reader,
    // which reports them.
    let query = super::boundary::browser::page_query();
    if query_has_flag(&query, "reset") {
        // The panic banner's way out: forget the saved settings.
        if let Some(s) = storage() {
            let _ = s.remove_item(STORAGE_KEY);
        }
        let notice = "Started from the default settings; the saved ones were cleared.".to_string();
        return (Loaded { config: PlaygroundConfig::default(), notices: vec![notice], tour: None }, Source::Defaults);
    }
    if query_has_settings(&query) {
        return (from_query(query.as_bytes()), Source::Link);
    }
    match storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten()) {
        Some(text) => (from_json(text.as_bytes()), Source::Saved),
        None => (Loaded { config: PlaygroundConfig::default(), notices: vec![], tour: None }, Source::Defaults),
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Writes the settings to the link and to storage now.
pub fn save_now(config: &PlaygroundConfig, tour: Option<&Tour>) {
    if let Some(s) = storage() {
        let _ = s.set_item(STORAGE_KEY, &to_json(config));
    }
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&format!("?{}", to_query(config, tour))));
    }
}

/// Keeps the link and storage in step with the config (and tour), writing at
/// most once per [`SAVE_DELAY_MS`].
pub fn keep_saved(config: RwSignal<PlaygroundConfig>, tour: RwSignal<Option<&'static Tour>>) {
    let scheduled = StoredValue::new(false);
    Effect::new(move |_| {
        config.track();
        tour.track();
        if scheduled.get_value() {
            return;
        }
        scheduled.set_value(true);
        spawn_local(async move {
            sleep_ms(SAVE_DELAY_MS).await;
            scheduled.try_set_value(false);
            // The page may have been unmounted meanwhile (tests mount many).
            if let (Some(c), Some(t)) = (config.try_get_untracked(), tour.try_get_untracked()) {
                save_now(&c, t);
            }
        });
    });
}

/// The link that reproduces `config` (and `tour`): this page's address with
/// the settings' query, made now rather than read from the address bar,
/// which is written a moment after each edit.
pub fn link_to(config: &PlaygroundConfig, tour: Option<&Tour>) -> String {
    let location = web_sys::window().map(|w| w.location());
    let origin = location.as_ref().and_then(|l| l.origin().ok()).unwrap_or_default();
    let path = location.as_ref().and_then(|l| l.pathname().ok()).unwrap_or_default();
    format!("{origin}{path}?{}", to_query(config, tour))
}

/// Copies text with the asynchronous clipboard API; Err when the browser
/// refuses (no permission, insecure context), so the page can say so.
pub async fn copy_text(text: &str) -> Result<(), String> {
    let navigator: JsValue = web_sys::window().ok_or("no window")?.navigator().into();
    let clipboard = Reflect::get(&navigator, &"clipboard".into()).map_err(|_| "no clipboard")?;
    if clipboard.is_undefined() {
        return Err("this browser offers no clipboard here".into());
    }
    let write: Function = Reflect::get(&clipboard, &"writeText".into()).ok().and_then(|f| f.dyn_into().ok()).ok_or("no clipboard.writeText")?;
    let promise: Promise = write.call1(&clipboard, &text.into()).map_err(|_| "writeText threw")?.dyn_into().map_err(|_| "no promise")?;
    JsFuture::from(promise).await.map(|_| ()).map_err(|_| "the browser refused the clipboard".to_string())
}
