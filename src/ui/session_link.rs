//! Where the training session runs, and the page's one handle on it: one
//! transport, one `send`, one stream of [`Event`]s back.
//!
//! The harness measured training in a web worker against training on the
//! page's thread in 12 ms chunks (docs/PERFORMANCE.md, "Main thread or a web
//! worker"): the worker trained up to 2.1× faster and dropped a fraction of
//! the frames, with the slider as quick. So the page starts the session in a
//! worker ([`SessionLink::start`] with `Place::Worker`): a second instance of
//! the crate (`assets/session_worker.js` imports the glue the loader names),
//! which also probes both backends,
//! so that WebGPU's shader compilation never blocks the page either, and
//! runs panel 6's experiments. Commands and events cross CBOR-encoded
//! ([`crate::core::wire`]).
//!
//! Where no worker can start (the browser tests' harness has no trunk glue
//! to hand it; a browser without module workers), or the worker fails while
//! booting, the session runs on the page's thread instead, and the page says
//! so; what was sent to a worker that never booted (an early Play) is
//! replayed there. A build with the `engine` feature runs the same
//! `SessionHost` itself. The page's UI-only module (no burn) cannot: it loads
//! the build with the CPU engine beside itself on the page's thread
//! (`window.kdPageEngine`, written into loader.js by
//! scripts/build/csp_loader.py), which speaks the worker's messages, so the
//! transport stays the same.

use std::cell::RefCell;
use std::rc::Rc;

use futures::channel::mpsc::UnboundedSender;
use js_sys::{Object, Reflect, Uint8Array};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::core::config::PlaygroundConfig;
use crate::core::protocol::{Command, Event, Failure, Placement};
use crate::core::wire::decode;

use super::boundary::worker::{Worker, post_to_worker};
#[cfg(feature = "engine")]
use super::session_host::SessionHost;

/// The worker script trunk copies next to the page (index.html).
const WORKER_SCRIPT: &str = "./session_worker.js";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// The page's own thread.
    PageThread,
    /// A web worker, falling back to the page's thread where none starts.
    Worker,
}

/// Sends commands to the session wherever it runs. Cheap to clone.
#[derive(Clone)]
pub struct SessionLink(Rc<RefCell<Transport>>);

enum Transport {
    /// Not started yet, or nowhere to run (an error said why).
    Nowhere,
    /// The session runs on the page's thread, in this instance.
    #[cfg(feature = "engine")]
    Here(SessionHost),
    /// The session runs in a worker, or (`on_page`) in the CPU engine's
    /// build loaded on the page's thread beside the UI-only module. Until it
    /// answers that it booted, `unbooted` keeps what was sent to it: if a
    /// worker never boots, the session starts on the page's thread and that
    /// is replayed there, so an early click is not lost.
    Worker { worker: Worker, unbooted: Option<Vec<Command>>, on_page: bool },
}

impl SessionLink {
    /// Starts the session at `place` with `config` and, if `probe`, the
    /// timing of both backends next to it; every event goes to `events`.
    pub fn start(place: Place, config: PlaygroundConfig, probe: bool, events: UnboundedSender<Event>) -> Self {
        let link = Self(Rc::new(RefCell::new(Transport::Nowhere)));
        let worker = match place {
            Place::PageThread => Err(None),
            Place::Worker => start_worker(&link, &events).map_err(Some),
        };
        match worker {
            Ok(worker) => {
                *link.0.borrow_mut() = Transport::Worker { worker, unbooted: Some(Vec::new()), on_page: false };
                let _ = events.unbounded_send(Event::Placement(Placement::Worker));
            }
            Err(why) => {
                let here = on_page_thread(&link, &events);
                *link.0.borrow_mut() = here;
                let _ = events.unbounded_send(Event::Placement(Placement::PageThread { why }));
            }
        }
        link.send(Command::Configure(config.clone()));
        if probe {
            link.send(Command::ProbeBackends(config));
        }
        link
    }

    pub fn send(&self, command: Command) {
        match &mut *self.0.borrow_mut() {
            Transport::Nowhere => {}
            #[cfg(feature = "engine")]
            Transport::Here(host) => host.handle(command),
            Transport::Worker { worker, unbooted, .. } => {
                post_to_worker(worker, &command);
                if let Some(sent) = unbooted {
                    sent.push(command);
                }
            }
        }
    }

    /// The worker answered that it booted: from now on its failures are
    /// crashes, not a reason to start over here.
    fn booted(&self) {
        if let Transport::Worker { unbooted, .. } = &mut *self.0.borrow_mut() {
            *unbooted = None;
        }
    }

    /// The worker failed before it booted: the session starts on the page's
    /// thread and what was sent to the worker meanwhile is replayed there —
    /// its first command starts the session. A second report of the same
    /// failure (an error event after `{failed}`), or one after the worker
    /// booted, does nothing. Where the engine on the page's thread fails
    /// to boot too, there is nowhere left: the error banner says why.
    fn boot_failed(&self, events: &UnboundedSender<Event>, why: String) {
        let sent = {
            let mut transport = self.0.borrow_mut();
            let Transport::Worker { worker, unbooted, on_page } = &mut *transport else { return };
            let Some(sent) = unbooted.take() else { return };
            worker.terminate();
            if *on_page {
                *transport = Transport::Nowhere;
                drop(transport);
                let _ = events.unbounded_send(Event::Crashed(format!("the training engine could not start on the page's thread either: {why}")));
                return;
            }
            sent
        };
        let here = on_page_thread(self, events);
        *self.0.borrow_mut() = here;
        let _ = events.unbounded_send(Event::Placement(Placement::PageThread { why: Some(why) }));
        for command in sent {
            self.send(command);
        }
    }

    /// The session runs in a worker that has booted.
    fn in_worker(&self) -> bool {
        matches!(*self.0.borrow(), Transport::Worker { unbooted: None, .. })
    }
}

/// The session on the page's thread: this instance's own where the build
/// has the engine.
#[cfg(feature = "engine")]
fn on_page_thread(_link: &SessionLink, events: &UnboundedSender<Event>) -> Transport {
    Transport::Here(SessionHost::new(emit_to(events.clone())))
}

/// The session on the page's thread, for the UI-only module: the build with
/// the CPU engine, loaded beside it by `window.kdPageEngine` (loader.js),
/// which answers like a worker; what is sent before it boots waits there.
#[cfg(not(feature = "engine"))]
fn on_page_thread(link: &SessionLink, events: &UnboundedSender<Event>) -> Transport {
    let started = page_engine_build().ok_or_else(|| "this page's loader names no build with the training engine".to_string()).and_then(|build| {
        let engine = super::boundary::worker::page_engine().map_err(|e| format!("the page could not load the training engine ({e:?})"))?;
        connect(link, events, &engine, build);
        Ok(engine)
    });
    match started {
        Ok(worker) => Transport::Worker { worker, unbooted: Some(Vec::new()), on_page: true },
        Err(why) => {
            let _ = events.unbounded_send(Event::Crashed(why));
            Transport::Nowhere
        }
    }
}

/// An `emit` that queues events for the page.
#[cfg(feature = "engine")]
fn emit_to(events: UnboundedSender<Event>) -> impl Fn(Event) + 'static {
    move |event| {
        // A closed receiver means the page went away; nothing left to tell.
        let _ = events.unbounded_send(event);
    }
}

/// What the loader (scripts/build/csp_loader.py) leaves in `window.kdBuild`
/// for the worker: the URL of its wasm-bindgen glue, and of its wasm when
/// that is not the page's own. The page itself always runs the build
/// without the WebGPU engine; the worker, which trains, gets the one with
/// it where the browser has an adapter, fetched only after the page is up,
/// so the first interaction never waits for the engine. None outside a
/// trunk-built page.
struct WorkerBuild {
    glue: String,
    /// None: the worker runs the page's own module, handed over compiled.
    wasm: Option<String>,
}

fn worker_build() -> Option<WorkerBuild> {
    let build = kd_build()?;
    let field = |name: &str| text_field(&build, name);
    let glue = field("glue").filter(|g| g.ends_with(".js"))?;
    let own = field("page").is_some_and(|page| Some(page) == field("name"));
    Some(WorkerBuild { glue, wasm: if own { None } else { field("wasm") } })
}

/// The build with the CPU engine (`kdBuild.cpu`), for the engine on the
/// page's thread.
#[cfg(not(feature = "engine"))]
fn page_engine_build() -> Option<WorkerBuild> {
    let cpu = Reflect::get(&kd_build()?, &"cpu".into()).ok()?;
    Some(WorkerBuild { glue: text_field(&cpu, "glue").filter(|g| g.ends_with(".js"))?, wasm: Some(text_field(&cpu, "wasm")?) })
}

/// `window.kdBuild`, which the loader leaves (None outside a trunk-built page).
fn kd_build() -> Option<JsValue> {
    Reflect::get(&web_sys::window()?.into(), &"kdBuild".into()).ok().filter(|b| b.is_object())
}

fn text_field(object: &JsValue, name: &str) -> Option<String> {
    Reflect::get(object, &name.into()).ok().and_then(|v| v.as_string())
}

/// Starts the worker and hands it the glue and this very wasm module; the
/// session starts when the worker has booted (it queues what comes before).
fn start_worker(link: &SessionLink, events: &UnboundedSender<Event>) -> Result<Worker, String> {
    let build = worker_build().ok_or("this page was not built with a worker glue to hand on")?;
    let options = Object::new();
    let _ = Reflect::set(&options, &"type".into(), &"module".into());
    let worker = Worker::new(WORKER_SCRIPT, &options).map_err(|e| format!("the browser refused a module worker ({e:?})"))?;
    connect(link, events, &worker, build);
    Ok(worker)
}

/// Listens to `worker` (its boot answers, then its CBOR events) and sends
/// it the boot message naming `build`.
fn connect(link: &SessionLink, events: &UnboundedSender<Event>, worker: &Worker, build: WorkerBuild) {
    let (boot_link, boot_events) = (link.clone(), events.clone());
    let out = events.clone();
    let on_message = Closure::<dyn Fn(JsValue)>::new(move |m: JsValue| {
        let data = Reflect::get(&m, &"data".into()).unwrap_or_default();
        let Some(bytes) = data.dyn_ref::<Uint8Array>() else {
            // The boot script's own answers: {booted} or {failed}.
            match Reflect::get(&data, &"failed".into()).ok().and_then(|f| f.as_string()) {
                Some(why) => boot_link.boot_failed(&boot_events, format!("the training worker could not start: {why}")),
                None => boot_link.booted(),
            }
            return;
        };
        let event = decode::<Event>(&bytes.to_vec()).unwrap_or_else(|e| Event::Error(Failure::Garbled(e)));
        let _ = out.unbounded_send(event);
    });
    worker.set_onmessage(on_message.as_ref().unchecked_ref());
    on_message.forget(); // lives as long as the page
    let (error_link, error_events) = (link.clone(), events.clone());
    let on_error = Closure::<dyn Fn(JsValue)>::new(move |e: JsValue| {
        let why = Reflect::get(&e, &"message".into()).ok().and_then(|m| m.as_string()).unwrap_or_else(|| "its script failed to load or run".into());
        if error_link.in_worker() {
            let _ = error_events.unbounded_send(Event::Crashed(why));
        } else {
            error_link.boot_failed(&error_events, format!("the training worker could not start: {why}"));
        }
    });
    worker.set_onerror(on_error.as_ref().unchecked_ref());
    on_error.forget();

    let boot = Object::new();
    let _ = Reflect::set(&boot, &"glue".into(), &build.glue.into());
    let module = match build.wasm {
        Some(url) => JsValue::from(url),
        None => wasm_bindgen::module(),
    };
    let _ = Reflect::set(&boot, &"module".into(), &module);
    let message = Object::new();
    let _ = Reflect::set(&message, &"boot".into(), &boot);
    worker.post_message(&message);
}
