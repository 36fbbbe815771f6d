//! Runs the protocol's commands in this instance — the training worker's, or
//! the page's own where no worker starts: the session (which owns the models)
//! gets the training commands; the backend probe and panel 6's experiments
//! run beside it as tasks of their own, so a long sweep never stops the
//! teacher from training. Everything they report leaves as [`Event`]s
//! through one `emit`.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use futures::StreamExt;
use futures::channel::mpsc::{UnboundedSender, unbounded};
use wasm_bindgen_futures::spawn_local;

use crate::core::config::PlaygroundConfig;
use crate::core::experiments::ExperimentSpec;
use crate::core::experiments::runner::{RunOptions, run_experiment};
use crate::core::experiments::stack_device::GpuOffer;
use crate::core::protocol::{Command, Event, Notice};
use crate::core::session::run_session;

use super::backend::{BrowserDevices, cpu_devices, probe_backends, webgpu_devices};
use super::boundary::browser::yield_now;

/// Time one chunk of training (or of an experiment's steps) may take before
/// the thread gets a turn: on the page's thread, so it can paint; in the
/// worker, so a command such as Pause is read.
const STEP_BUDGET: Duration = Duration::from_millis(12);

/// A stacked sweep times WebGPU only when the CPU would take this long:
/// WebGPU's first step of a new stack compiles shaders, measured at up to
/// 6 s on an H200 and up to 23 s on Chromium's software adapter
/// (docs/PERFORMANCE.md, "Where a GPU starts to pay").
const WEBGPU_WORTH_PROBING: Duration = Duration::from_secs(20);

/// Cheap to clone; every clone drives the same session.
#[derive(Clone)]
pub struct SessionHost(Rc<Host>);

struct Host {
    emit: Rc<dyn Fn(Event)>,
    /// The session's command queue, from the first `Configure` on.
    session: RefCell<Option<UnboundedSender<Command>>>,
    /// The running experiment's stop flag.
    experiment: RefCell<Option<Arc<AtomicBool>>>,
    /// Which backend probe is the current one: each `ProbeBackends` counts
    /// up, and an older probe still running stops (`probe_backends`).
    probes: Rc<std::cell::Cell<u64>>,
}

impl SessionHost {
    pub fn new(emit: impl Fn(Event) + 'static) -> Self {
        Self(Rc::new(Host { emit: Rc::new(emit), session: RefCell::new(None), experiment: RefCell::new(None), probes: Rc::default() }))
    }

    pub fn handle(&self, command: Command) {
        let host = &self.0;
        match command {
            Command::ProbeBackends(config) => {
                let emit = host.emit.clone();
                let (probes, this) = (host.probes.clone(), host.probes.get() + 1);
                host.probes.set(this);
                spawn_local(probe_backends(config, move || probes.get() == this, move |report| emit(Event::Probe(report))));
            }
            Command::RunExperiment { generation, config, spec, offer_gpu } => {
                self.cancel_experiment();
                let cancel = Arc::new(AtomicBool::new(false));
                *host.experiment.borrow_mut() = Some(cancel.clone());
                let emit = host.emit.clone();
                spawn_local(run_experiment_here(config, spec, offer_gpu, cancel, move |event| emit(Event::Experiment { generation, event: Box::new(event) })));
            }
            Command::CancelExperiment => self.cancel_experiment(),
            // Installed for this instance (the worker's, or the page's own
            // when the session runs here), before any config uses it.
            Command::ProvideMnist(bytes) => {
                if let Err(why) = crate::core::mnist::parse_gz(&bytes).map(crate::core::mnist::install) {
                    (host.emit)(Event::Error(crate::core::protocol::Failure::Data(why)));
                }
            }
            Command::ProvideTable(bytes) => crate::core::table::installed::provide(bytes),
            command => {
                let mut session = host.session.borrow_mut();
                if let Some(tx) = &*session {
                    let _ = tx.unbounded_send(command);
                } else if let Command::Configure(config) = command {
                    // A session starts only on data it can generate.
                    match crate::core::dataset::Dataset::ready(&config.dataset) {
                        Ok(()) => *session = Some(self.start_session(config)),
                        Err(why) => (host.emit)(Event::Error(crate::core::protocol::Failure::Data(why))),
                    }
                } else {
                    (host.emit)(Event::Notice(Notice::SessionNotStarted));
                }
            }
        }
    }

    /// Starts the session on this thread, on the CPU; its events go out
    /// through `emit`. Returns its command queue.
    fn start_session(&self, config: PlaygroundConfig) -> UnboundedSender<Command> {
        let (commands, command_rx) = unbounded();
        let (events, mut event_rx) = unbounded();
        spawn_local(run_session(config, Box::new(BrowserDevices), command_rx, events, yield_now, STEP_BUDGET));
        let emit = self.0.emit.clone();
        spawn_local(async move {
            while let Some(event) = event_rx.next().await {
                emit(event);
            }
        });
        commands
    }

    fn cancel_experiment(&self) {
        if let Some(cancel) = self.0.experiment.borrow_mut().take() {
            cancel.store(true, Ordering::Relaxed);
        }
    }
}

/// Runs `spec` on the CPU backend, except a stacked sweep long enough to be
/// worth timing WebGPU when `offer_gpu`, which trains on whichever measures
/// faster.
async fn run_experiment_here(
    config: PlaygroundConfig,
    spec: ExperimentSpec,
    offer_gpu: bool,
    cancel: Arc<AtomicBool>,
    mut emit: impl FnMut(crate::core::experiments::runner::ExperimentEvent),
) {
    let gpu = match offer_gpu {
        true => webgpu_devices().await.ok().map(|devices| GpuOffer { devices, name: "WebGPU", worth_probing: WEBGPU_WORTH_PROBING, always: false }),
        false => None,
    };
    run_experiment(&config, &spec, &cpu_devices(), cancel, &mut emit, yield_now, STEP_BUDGET, &RunOptions { stacking: true, gpu }).await;
}
