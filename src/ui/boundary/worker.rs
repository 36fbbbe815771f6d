//! Both ends of the training worker's JavaScript: the page's few `Worker`
//! calls (bound here rather than through web-sys features, whose addition
//! rebuilds every web-sys user), and the exports `assets/session_worker.js`
//! calls inside the worker, where the page's own wasm runs a second time
//! with a [`SessionHost`]. The script calls [`kd_worker_boot`] once, then
//! hands every message from the page to [`kd_worker_message`]: a CBOR
//! [`Command`]; the worker posts back CBOR [`Event`]s.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;

use crate::core::protocol::{Command, Event, Failure};
use crate::core::wire::decode;

use super::super::session_host::SessionHost;
use super::browser::transferable;

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

    /// Inside the worker: its `postMessage(message, transfer)` to the page.
    #[wasm_bindgen(js_name = postMessage)]
    fn post_to_page(message: &JsValue, transfer: &js_sys::Array);
}

/// Posts `message` (CBOR) to the worker, handing its buffer over.
pub fn post_to_worker(worker: &Worker, message: &Command) {
    let (bytes, transfer) = transferable(message);
    worker.post_message_transfer(&bytes, &transfer);
}

fn post(event: &Event) {
    let (bytes, transfer) = transferable(event);
    post_to_page(&bytes, &transfer);
}

thread_local! {
    /// The worker's host (None until [`kd_worker_boot`]).
    static HOST: RefCell<Option<SessionHost>> = const { RefCell::new(None) };
}

/// Once, before any message: a panic in the worker is reported to the page
/// (which shows it in its error banner) before the instance stops.
#[wasm_bindgen]
pub fn kd_worker_boot() {
    super::super::constructors::run_once();
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        post(&Event::Crashed(info.to_string()));
    }));
    HOST.with_borrow_mut(|h| *h = Some(SessionHost::new(|event| post(&event))));
}

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
