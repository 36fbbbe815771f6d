//! The Experiments view's state: the plan being edited, and what the running
//! (or last) experiment has reported — updated only by applying its
//! [`ExperimentEvent`]s. Starting a run cancels the one before.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use futures::StreamExt;
use futures::channel::mpsc::unbounded;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::core::config::PlaygroundConfig;
use crate::core::experiments::presets::preset;
use crate::core::experiments::result::ExperimentResult;
use crate::core::experiments::runner::{ExperimentEvent, Progress, RunOptions, run_experiment};
use crate::core::experiments::stack_device::GpuOffer;
use crate::core::experiments::{ExperimentKind, ExperimentSpec};

use super::backend::{cpu_devices, webgpu_devices};
use super::session_link::SessionLink;
use super::web::yield_now;

/// Time one chunk of experiment steps may take before the thread it runs
/// on (the training worker's, or the page's) gets a turn.
const CHUNK_BUDGET: Duration = Duration::from_millis(12);

/// A stacked sweep times WebGPU only when the CPU would take this long:
/// WebGPU's first step of a new stack compiles shaders, measured at up to
/// 6 s on an H200 and up to 23 s on Chromium's software adapter
/// (docs/PERFORMANCE.md, "Where a GPU starts to pay").
const WEBGPU_WORTH_PROBING: Duration = Duration::from_secs(20);

#[derive(Clone, Copy)]
pub struct ExperimentState {
    /// The plan the controls edit.
    pub spec: RwSignal<ExperimentSpec>,
    pub running: RwSignal<bool>,
    pub progress: RwSignal<Option<Progress>>,
    /// The rows so far, with the config and plan they came from.
    pub result: RwSignal<Option<ExperimentResult>>,
    /// How the last run ended, when not by finishing (cancelled, failed).
    pub ended: RwSignal<Option<String>>,
    /// Whether the page's WebGPU probe found a working adapter and the
    /// header's backend is not "CPU": then a stacked sweep may train there,
    /// where it measures faster.
    pub webgpu_ready: RwSignal<bool>,
    cancel: StoredValue<Arc<AtomicBool>>,
    /// Counts runs started, so a cancelled run's late events are ignored.
    generation: StoredValue<u64>,
}

impl ExperimentState {
    pub fn new() -> Self {
        Self {
            spec: RwSignal::new(preset(ExperimentKind::TemperatureSweep).spec),
            running: RwSignal::new(false),
            progress: RwSignal::new(None),
            result: RwSignal::new(None),
            ended: RwSignal::new(None),
            webgpu_ready: RwSignal::new(false),
            cancel: StoredValue::new(Arc::new(AtomicBool::new(false))),
            generation: StoredValue::new(0),
        }
    }

    pub fn apply(&self, event: ExperimentEvent) {
        match event {
            ExperimentEvent::Progress(p) => self.progress.set(Some(p)),
            ExperimentEvent::Row(row) => self.result.update(|r| {
                if let Some(r) = r {
                    r.rows.push(row);
                }
            }),
            ExperimentEvent::Finished(result) => self.end(result, None),
            ExperimentEvent::Cancelled(result) => self.end(result, Some("Cancelled; the rows so far are kept.".into())),
            ExperimentEvent::Failed(why, result) => self.end(result, Some(why)),
        }
    }

    fn end(&self, result: ExperimentResult, message: Option<String>) {
        self.result.set(Some(result));
        self.ended.set(message);
        self.running.set(false);
    }

    /// Runs `spec` on `config`, cancelling any run in progress: on the CPU
    /// backend, except a stacked sweep long enough to be worth timing
    /// WebGPU, which trains on whichever measures faster.
    pub fn start(&self, link: &SessionLink, config: PlaygroundConfig, spec: ExperimentSpec) {
        self.cancel(link);
        let cancel = Arc::new(AtomicBool::new(false));
        self.cancel.set_value(cancel.clone());
        self.generation.update_value(|g| *g += 1);
        let generation = self.generation.get_value();
        self.running.set(true);
        self.ended.set(None);
        self.progress.set(None);
        // Filled by the rows as they come; the final event brings the whole result.
        self.result.set(Some(ExperimentResult { config: config.clone(), experiment: spec.clone(), test_count: 0, class_count: None, trained_on: None, rows: vec![] }));
        let (tx, mut rx) = unbounded();
        let state = *self;
        let offer_gpu = self.webgpu_ready.get_untracked();
        // Where the training session runs: in its worker, or here.
        link.run_experiment(generation, config, spec, offer_gpu, cancel, tx);
        spawn_local(async move {
            while let Some(event) = rx.next().await {
                // Rendered in a task of its own, after the runner's turn.
                yield_now().await;
                let current = || state.generation.get_value() == generation;
                if current() {
                    state.apply(event);
                }
                while let Ok(event) = rx.try_recv() {
                    if current() {
                        state.apply(event);
                    }
                }
            }
        });
    }

    /// Asks the running experiment to stop after its current chunk.
    pub fn cancel(&self, link: &SessionLink) {
        self.cancel.with_value(|c| c.store(true, Ordering::Relaxed));
        link.cancel_experiment();
    }
}

/// Runs `spec` in this instance (the page's, or the training worker's):
/// on the CPU backend, except a stacked sweep long enough to be worth timing
/// WebGPU when `offer_gpu`, which trains on whichever measures faster.
pub async fn run_experiment_here(config: PlaygroundConfig, spec: ExperimentSpec, offer_gpu: bool, cancel: Arc<AtomicBool>, mut emit: impl FnMut(ExperimentEvent)) {
    let gpu = match offer_gpu {
        true => webgpu_devices().await.ok().map(|devices| GpuOffer { devices, name: "WebGPU", worth_probing: WEBGPU_WORTH_PROBING, always: false }),
        false => None,
    };
    run_experiment(&config, &spec, &cpu_devices(), cancel, &mut emit, yield_now, CHUNK_BUDGET, &RunOptions { stacking: true, gpu }).await;
}

impl Default for ExperimentState {
    fn default() -> Self {
        Self::new()
    }
}
