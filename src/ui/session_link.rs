//! Where the training session runs, and the page's one handle on it.
//!
//! The harness measured training in a web worker against training on the
//! page's thread in 12 ms chunks (docs/PERFORMANCE.md, "Main thread or a web
//! worker"): the worker trained up to 2.1× faster and dropped a fraction of
//! the frames, with the slider as quick. So the page starts the session in a
//! worker ([`SessionLink::start`] with `Place::Worker`): a second instance of
//! the page's own wasm module (`assets/session_worker.js` imports the same
//! glue and is handed the compiled module), which also probes both backends,
//! so that WebGPU's shader compilation never blocks the page either, and
//! runs panel 6's experiments.
//! Commands cross as [`Request`]s and events come back as [`FromWorker`]
//! messages, CBOR-encoded ([`crate::core::wire`]).
//!
//! Where no worker can start (the browser tests' harness has no trunk glue
//! to hand it; a browser without module workers), or the worker fails while
//! booting, the same session runs on the page's thread instead, paced by its
//! step budget, and the page says so; what was sent to a worker that never
//! booted (an early Play) is replayed there.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use futures::channel::mpsc::UnboundedSender;
use js_sys::{Object, Reflect, Uint8Array};
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::core::config::PlaygroundConfig;
use crate::core::events::{BackendKind, Command, Event};
use crate::core::experiments::ExperimentSpec;
use crate::core::experiments::runner::ExperimentEvent;
use crate::core::session::run_session;
use crate::core::wire::{FromWorker, ProbeReport, Request, ToWorker, decode};

use super::backend::{cpu_devices, devices_of, probe_backends};
use super::experiment_state::run_experiment_here;
use super::web::{transferable, yield_now};

/// Main-thread time one training chunk may take before the page gets a turn
/// (in the worker: before a command such as Pause is read).
const STEP_BUDGET: Duration = Duration::from_millis(12);

/// The worker script trunk copies next to the page (index.html).
const WORKER_SCRIPT: &str = "./session_worker.js";

#[wasm_bindgen]
extern "C" {
    // The few Worker calls needed, bound here rather than through web-sys
    // features (adding those rebuilds every web-sys user).
    type Worker;
    #[wasm_bindgen(constructor, catch)]
    fn new(url: &str, options: &JsValue) -> Result<Worker, JsValue>;
    #[wasm_bindgen(method, js_name = postMessage)]
    fn post_message(this: &Worker, message: &JsValue);
    #[wasm_bindgen(method, js_name = postMessage)]
    fn post_message_transfer(this: &Worker, message: &JsValue, transfer: &js_sys::Array);
    #[wasm_bindgen(method, setter)]
    fn set_onmessage(this: &Worker, handler: &js_sys::Function);
    #[wasm_bindgen(method, setter)]
    fn set_onerror(this: &Worker, handler: &js_sys::Function);
    #[wasm_bindgen(method)]
    fn terminate(this: &Worker);
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// The page's own thread, in chunks of [`STEP_BUDGET`].
    PageThread,
    /// A web worker, falling back to the page's thread where none starts.
    Worker,
}

/// Where the session ended up, for the header.
#[derive(Debug, Clone, PartialEq)]
pub enum Placement {
    PageThread { why: Option<String> },
    Worker,
}

/// Sends commands to the session wherever it runs, and starts panel 6's
/// experiments in the same place. Cheap to clone.
#[derive(Clone)]
pub struct SessionLink(Rc<RefCell<Inner>>, ExperimentOutlet);

/// Where the running experiment's events go on the page, with the
/// generation they must carry (a cancelled run's late events do not).
type ExperimentOutlet = Rc<RefCell<Option<(u64, UnboundedSender<ExperimentEvent>)>>>;

enum Inner {
    Local(UnboundedSender<Command>),
    /// A worker that has not booted yet, and what was sent to it meanwhile:
    /// if it never boots, the session starts on the page's thread and that
    /// is replayed there, so an early click is not lost.
    Booting(Worker, Vec<Sent>),
    Worker(Worker),
}

/// What was sent to a booting worker, kept for a replay.
enum Sent {
    Request(Request),
    Experiment { generation: u64, config: PlaygroundConfig, spec: ExperimentSpec, offer_gpu: bool, cancel: Arc<AtomicBool>, events: UnboundedSender<ExperimentEvent> },
}

/// Where the session's output goes on the page.
#[derive(Clone)]
pub struct Outlets {
    pub events: UnboundedSender<Event>,
    pub probes: UnboundedSender<ProbeReport>,
    pub placement: UnboundedSender<Placement>,
}

impl SessionLink {
    /// Starts the session at `place` with `config` and, if `probe`, the
    /// timing of both backends next to it.
    pub fn start(place: Place, config: PlaygroundConfig, probe: bool, out: Outlets) -> Self {
        let link = Self(Rc::new(RefCell::new(Inner::Local(futures::channel::mpsc::unbounded().0))), Rc::default());
        let worker = match place {
            Place::PageThread => Err(None),
            Place::Worker => start_worker(&link, &config, probe, &out).map_err(Some),
        };
        match worker {
            Ok(worker) => {
                *link.0.borrow_mut() = Inner::Booting(worker, Vec::new());
                let _ = out.placement.unbounded_send(Placement::Worker);
            }
            Err(why) => link.run_here(config, probe, out, why),
        }
        link
    }

    /// Starts the session (and the probe) on the page's thread.
    fn run_here(&self, config: PlaygroundConfig, probe: bool, out: Outlets, why: Option<String>) {
        *self.0.borrow_mut() = Inner::Local(spawn_session(config.clone(), out.events));
        if probe {
            let probes = out.probes;
            spawn_local(probe_backends(config, move |r| {
                let _ = probes.unbounded_send(r);
            }));
        }
        let _ = out.placement.unbounded_send(Placement::PageThread { why });
    }

    pub fn send(&self, command: Command) {
        let _ = self.request(Request::from_command(command));
    }

    /// Trains on `kind` from now on. `Err` where this side has no devices
    /// for it (on the page's thread; the worker answers for itself).
    pub fn use_backend(&self, kind: BackendKind) -> Result<(), String> {
        self.request(Request::UseBackend(kind))
    }

    /// The WebGPU device was lost: train on the CPU.
    pub fn fall_back_to_cpu(&self, reason: String) {
        let _ = self.request(Request::FallBackToCpu(reason));
    }

    /// Hands `request` to the session: resolved to this thread's devices
    /// when it runs here (`Err` where it names a backend this side lacks),
    /// posted when it runs in the worker.
    fn request(&self, request: Request) -> Result<(), String> {
        match &mut *self.0.borrow_mut() {
            Inner::Local(tx) => {
                let _ = tx.unbounded_send(request.into_command(devices_of)?);
            }
            Inner::Booting(w, sent) => {
                let message = ToWorker::Request(request);
                post(w, &message);
                if let ToWorker::Request(request) = message {
                    sent.push(Sent::Request(request));
                }
            }
            Inner::Worker(w) => post(w, &ToWorker::Request(request)),
        }
        Ok(())
    }

    /// Runs panel 6's experiment where the session runs; its events go to
    /// `events`. `cancel` stops it on the page's thread (and before a
    /// replay); in the worker, [`Self::cancel_experiment`] does.
    pub fn run_experiment(&self, generation: u64, config: PlaygroundConfig, spec: ExperimentSpec, offer_gpu: bool, cancel: Arc<AtomicBool>, events: UnboundedSender<ExperimentEvent>) {
        let mut inner = self.0.borrow_mut();
        let (w, sent) = match &mut *inner {
            Inner::Local(_) => {
                spawn_local(run_experiment_here(config, spec, offer_gpu, cancel, move |e| {
                    let _ = events.unbounded_send(e);
                }));
                return;
            }
            Inner::Booting(w, sent) => (&*w, Some(sent)),
            Inner::Worker(w) => (&*w, None),
        };
        *self.1.borrow_mut() = Some((generation, events.clone()));
        let message = ToWorker::Experiment { generation, config, spec, offer_gpu };
        post(w, &message);
        if let (Some(sent), ToWorker::Experiment { config, spec, .. }) = (sent, message) {
            sent.push(Sent::Experiment { generation, config, spec, offer_gpu, cancel, events });
        }
    }

    pub fn cancel_experiment(&self) {
        if let Inner::Booting(w, _) | Inner::Worker(w) = &*self.0.borrow() {
            post(w, &ToWorker::CancelExperiment);
        }
    }

    /// The booting worker and what was sent to it, taken out of the link;
    /// None once it has booted or failed (the link is then left as it was).
    fn take_booting(&self) -> Option<(Worker, Vec<Sent>)> {
        let mut inner = self.0.borrow_mut();
        if !matches!(*inner, Inner::Booting(..)) {
            return None;
        }
        match std::mem::replace(&mut *inner, Inner::Local(futures::channel::mpsc::unbounded().0)) {
            Inner::Booting(w, sent) => Some((w, sent)),
            _ => unreachable!("checked above"),
        }
    }

    /// The worker answered that it booted: from now on its failures are
    /// crashes, not a reason to start over here.
    fn booted(&self) {
        if let Some((w, _)) = self.take_booting() {
            *self.0.borrow_mut() = Inner::Worker(w);
        }
    }

    /// The worker failed before it booted: start the session on the page's
    /// thread and replay what was sent to the worker meanwhile. A second
    /// report of the same failure (an error event after `{failed}`) does
    /// nothing.
    fn boot_failed(&self, config: PlaygroundConfig, probe: bool, out: Outlets, why: String) {
        let Some((w, sent)) = self.take_booting() else { return };
        w.terminate();
        let notices = out.events.clone();
        self.run_here(config, probe, out, Some(why));
        for s in sent {
            match s {
                Sent::Request(r) => {
                    if let Err(why) = self.request(r) {
                        let _ = notices.unbounded_send(Event::Notice(why));
                    }
                }
                Sent::Experiment { generation, config, spec, offer_gpu, cancel, events } => self.run_experiment(generation, config, spec, offer_gpu, cancel, events),
            }
        }
    }
}

/// Starts a session on this thread (the page's, or the worker's) on the CPU,
/// its events going to `events`; returns its command queue.
pub fn spawn_session(config: PlaygroundConfig, events: UnboundedSender<Event>) -> UnboundedSender<Command> {
    let (commands, command_rx) = futures::channel::mpsc::unbounded();
    wasm_bindgen_futures::spawn_local(run_session(config, BackendKind::Cpu, cpu_devices(), command_rx, events, yield_now, STEP_BUDGET));
    commands
}

fn post(worker: &Worker, message: &ToWorker) {
    let (bytes, transfer) = transferable(message);
    worker.post_message_transfer(&bytes, &transfer);
}

/// The URL of the page's wasm-bindgen glue, which the loader leaves in
/// `window.kdBuild.glue` (scripts/csp_loader.py): the build it chose, with or
/// without the WebGPU engine. None outside a trunk-built page.
fn glue_url() -> Option<String> {
    let build = Reflect::get(&web_sys::window()?.into(), &"kdBuild".into()).ok()?;
    Reflect::get(&build, &"glue".into()).ok()?.as_string().filter(|h| h.ends_with(".js"))
}

/// Starts the worker and hands it the glue and this very wasm module; the
/// session starts when the worker has booted (it queues what comes before).
fn start_worker(link: &SessionLink, config: &PlaygroundConfig, probe: bool, out: &Outlets) -> Result<Worker, String> {
    let glue = glue_url().ok_or("this page was not built with a worker glue to hand on")?;
    let options = Object::new();
    let _ = Reflect::set(&options, &"type".into(), &"module".into());
    let worker = Worker::new(WORKER_SCRIPT, &options).map_err(|e| format!("the browser refused a module worker ({e:?})"))?;

    let (fallback_link, fallback_out, fallback_config) = (link.clone(), out.clone(), config.clone());
    let on_boot_failure = Rc::new(move |why: String| fallback_link.boot_failed(fallback_config.clone(), probe, fallback_out.clone(), why));
    let failure = on_boot_failure.clone();
    let out = out.clone();
    let experiment = link.1.clone();
    let boot_link = link.clone();
    let on_message = Closure::<dyn Fn(JsValue)>::new(move |m: JsValue| {
        let data = Reflect::get(&m, &"data".into()).unwrap_or_default();
        let Some(bytes) = data.dyn_ref::<Uint8Array>() else {
            // The boot script's own answers: {booted} or {failed}.
            if let Some(why) = Reflect::get(&data, &"failed".into()).ok().and_then(|f| f.as_string()) {
                failure(format!("the training worker could not start: {why}"));
            } else {
                boot_link.booted();
            }
            return;
        };
        match decode::<FromWorker>(&bytes.to_vec()) {
            Ok(FromWorker::Event(e)) => {
                let _ = out.events.unbounded_send(e);
            }
            Ok(FromWorker::Probe(r)) => {
                let _ = out.probes.unbounded_send(r);
            }
            Ok(FromWorker::Experiment(generation, e)) => {
                if let Some((current, events)) = &*experiment.borrow()
                    && *current == generation
                {
                    let _ = events.unbounded_send(*e);
                }
            }
            Ok(FromWorker::Refused(why)) => {
                let _ = out.events.unbounded_send(Event::Notice(why));
            }
            Ok(FromWorker::Crashed(why)) => {
                super::fatal_banner::show(&format!("the training worker stopped: {why}"));
            }
            Err(e) => {
                let _ = out.events.unbounded_send(Event::Error(e));
            }
        }
    });
    worker.set_onmessage(on_message.as_ref().unchecked_ref());
    on_message.forget(); // lives as long as the page
    let error_link = link.clone();
    let on_error = Closure::<dyn Fn(JsValue)>::new(move |e: JsValue| {
        let why = Reflect::get(&e, &"message".into()).ok().and_then(|m| m.as_string()).unwrap_or_else(|| "its script failed to load or run".into());
        if matches!(*error_link.0.borrow(), Inner::Worker(_)) {
            super::fatal_banner::show(&format!("the training worker stopped: {why}"));
        } else {
            on_boot_failure(format!("the training worker could not start: {why}"));
        }
    });
    worker.set_onerror(on_error.as_ref().unchecked_ref());
    on_error.forget();

    let boot = Object::new();
    let _ = Reflect::set(&boot, &"glue".into(), &glue.into());
    let _ = Reflect::set(&boot, &"module".into(), &wasm_bindgen::module());
    let message = Object::new();
    let _ = Reflect::set(&message, &"boot".into(), &boot);
    worker.post_message(&message);
    post(&worker, &ToWorker::Start(config.clone()));
    if probe {
        post(&worker, &ToWorker::Probe(config.clone()));
    }
    Ok(worker)
}
