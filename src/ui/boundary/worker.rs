//! Both ends of the training worker's JavaScript: the page's few `Worker`
//! calls (bound here rather than through web-sys features, whose addition
//! rebuilds every web-sys user), and the exports `assets/session_worker.js`
//! calls inside the worker, where the page's own wasm runs a second time
//! with a `SessionHost`. The script calls [`kd_worker_boot`] once, then
//! hands every message from the page to [`kd_worker_message`]: a CBOR
//! [`Command`]; the worker posts back CBOR `Event`s. The worker's half
//! needs the `engine` feature: the page's UI-only module only starts workers.

use wasm_bindgen::prelude::*;

use crate::core::protocol::Command;

use super::browser::transferable;

// The engine's half (burn, training): not in the page's UI-only module.
#[cfg(feature = "engine")]
use {
    super::super::session_host::SessionHost,
    crate::core::protocol::{Event, Failure},
    crate::core::wire::decode,
    std::cell::RefCell,
};

#[wasm_bindgen]
extern "C" {
    /// A web worker, as the page sees it.
    pub type Worker;
    #[wasm_bindgen(constructor, catch)]
    pub fn new(url: &str, options: &JsValue) -> Result<Worker, JsValue>;
    #[wasm_bindgen(method, js_name = postMessage)]
    pub fn post_message(this: &Worker, message: &JsValue);
    #[wasm_bindgen(method, js_name = postMessage)]
    pub fn post_message_transfer(this: &Worker, message: &JsValue, transfer: &js_sys::Array);
    #[wasm_bindgen(method, setter)]
    pub fn set_onmessage(this: &Worker, handler: &js_sys::Function);
    #[wasm_bindgen(method, setter)]
    pub fn set_onerror(this: &Worker, handler: &js_sys::Function);
    #[wasm_bindgen(method)]
    pub fn terminate(this: &Worker);

    /// The training engine on the page's thread, answering like a worker
    /// (loader.js's `kdPageEngine`, scripts/build/csp_loader.py): where the
    /// page runs its UI-only module and no worker starts.
    #[wasm_bindgen(catch, js_namespace = window, js_name = kdPageEngine)]
    pub fn page_engine() -> Result<Worker, JsValue>;
}

#[cfg(feature = "engine")]
#[wasm_bindgen]
extern "C" {
    /// Inside the worker: its `postMessage(message, transfer)` to the page.
    #[wasm_bindgen(js_name = postMessage)]
    fn post_to_page(message: &JsValue, transfer: &js_sys::Array);
}

/// Posts `message` (CBOR) to the worker, handing its buffer over.
pub fn post_to_worker(worker: &Worker, message: &Command) {
    let (bytes, transfer) = transferable(message);
    worker.post_message_transfer(&bytes, &transfer);
}

#[cfg(feature = "engine")]
fn post(event: &Event) {
    let (bytes, transfer) = transferable(event);
    match ANSWER.with_borrow(Clone::clone) {
        Some(answer) => drop(answer.call1(&JsValue::NULL, &bytes)),
        None => post_to_page(&bytes, &transfer),
    }
}

#[cfg(feature = "engine")]
thread_local! {
    /// The worker's host (None until [`kd_worker_boot`]).
    static HOST: RefCell<Option<SessionHost>> = const { RefCell::new(None) };
    /// Where events go when this instance is the engine on the page's
    /// thread rather than a worker: the page engine's callback.
    static ANSWER: RefCell<Option<js_sys::Function>> = const { RefCell::new(None) };
}

#[cfg(feature = "engine")]
/// Once, before any message: a panic in the worker is reported to the page
/// (which shows it in its error banner) before the instance stops. In a
/// worker events are posted to the page; the engine on the page's thread
/// passes `answer`, which gets each event's CBOR bytes instead.
#[wasm_bindgen]
pub fn kd_worker_boot(answer: Option<js_sys::Function>) {
    ANSWER.with_borrow_mut(|a| *a = answer);
    super::super::constructors::run_once();
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        post(&Event::Crashed(info.to_string()));
    }));
    HOST.with_borrow_mut(|h| *h = Some(SessionHost::new(|event| post(&event))));
}

#[cfg(feature = "engine")]
/// One message from the page (a CBOR-encoded [`Command`]).
#[wasm_bindgen]
pub fn kd_worker_message(bytes: &[u8]) {
    match decode::<Command>(bytes) {
        Ok(command) => HOST.with_borrow(|h| {
            if let Some(host) = h {
                host.handle(command);
            }
        }),
        Err(e) => post(&Event::Error(Failure::Garbled(e))),
    }
}
