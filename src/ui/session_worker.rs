//! The worker's half of [`super::session_link`]: the page's own wasm,
//! instantiated a second time inside `assets/session_worker.js`, runs the
//! training session and the backend probe there and posts their output back.
//! The script calls [`kd_worker_boot`] once, then hands every message from
//! the page to [`kd_worker_message`]. Panel 6's experiments run here too.

use std::cell::RefCell;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use futures::StreamExt;
use futures::channel::mpsc::{UnboundedSender, unbounded};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::spawn_local;

use crate::core::config::PlaygroundConfig;
use crate::core::events::Command;
use crate::core::wire::{FromWorker, ToWorker, decode};

use super::backend::{devices_of, probe_backends};
use super::experiment_state::run_experiment_here;
use super::session_link::spawn_session;
use super::web::transferable;

#[wasm_bindgen]
extern "C" {
    /// The worker's `postMessage(message, transfer)`.
    #[wasm_bindgen(js_name = postMessage)]
    fn post_to_page(message: &JsValue, transfer: &js_sys::Array);
}

thread_local! {
    /// The running session's command queue (None until `Start`).
    static COMMANDS: RefCell<Option<UnboundedSender<Command>>> = const { RefCell::new(None) };
    /// The running experiment's stop flag.
    static EXPERIMENT: RefCell<Option<Arc<AtomicBool>>> = const { RefCell::new(None) };
}

fn cancel_experiment() {
    EXPERIMENT.with_borrow_mut(|c| {
        if let Some(cancel) = c.take() {
            cancel.store(true, Ordering::Relaxed);
        }
    });
}

fn post(message: &FromWorker) {
    let (bytes, transfer) = transferable(message);
    post_to_page(&bytes, &transfer);
}

/// Once, before any message: a panic in the worker is reported to the page
/// (which shows it in its error banner) before the instance stops.
#[wasm_bindgen]
pub fn kd_worker_boot() {
    super::constructors::run_once();
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        post(&FromWorker::Crashed(info.to_string()));
    }));
}

/// One message from the page (a CBOR-encoded [`ToWorker`]).
#[wasm_bindgen]
pub fn kd_worker_message(bytes: &[u8]) {
    match decode::<ToWorker>(bytes) {
        Err(e) => post(&FromWorker::Refused(e)),
        Ok(ToWorker::Start(config)) => start(config),
        Ok(ToWorker::Probe(config)) => spawn_local(probe_backends(config, |r| post(&FromWorker::Probe(r)))),
        Ok(ToWorker::Experiment { generation, config, spec, offer_gpu }) => {
            cancel_experiment();
            let cancel = Arc::new(AtomicBool::new(false));
            EXPERIMENT.with_borrow_mut(|c| *c = Some(cancel.clone()));
            spawn_local(run_experiment_here(config, spec, offer_gpu, cancel, move |e| post(&FromWorker::Experiment(generation, Box::new(e)))));
        }
        Ok(ToWorker::CancelExperiment) => cancel_experiment(),
        Ok(ToWorker::Request(request)) => match request.into_command(devices_of) {
            Ok(command) => COMMANDS.with_borrow(|tx| match tx {
                Some(tx) => {
                    let _ = tx.unbounded_send(command);
                }
                None => post(&FromWorker::Refused("the training session has not started".into())),
            }),
            Err(why) => post(&FromWorker::Refused(why)),
        },
    }
}

fn start(config: PlaygroundConfig) {
    let (events, mut event_rx) = unbounded();
    COMMANDS.with_borrow_mut(|tx| *tx = Some(spawn_session(config, events)));
    spawn_local(async move {
        while let Some(event) = event_rx.next().await {
            post(&FromWorker::Event(event));
        }
    });
}
