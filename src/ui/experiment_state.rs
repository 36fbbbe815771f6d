//! The Experiments view's state: the plan being edited, and what the running
//! (or last) experiment has reported — updated only by applying its
//! [`ExperimentEvent`]s. Starting a run cancels the one before: runs are
//! counted, and a cancelled run's late events (an older generation) are
//! dropped.

use leptos::prelude::*;

use crate::core::config::PlaygroundConfig;
use crate::core::experiments::presets::preset;
use crate::core::experiments::result::ExperimentResult;
use crate::core::experiments::runner::{ExperimentEvent, Progress};
use crate::core::experiments::{ExperimentKind, ExperimentSpec};
use crate::core::protocol::Command;
use crate::words;

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
            generation: StoredValue::new(0),
        }
    }

    /// Applies an event of the run started as `generation`; one of an
    /// earlier, cancelled run changes nothing.
    pub fn apply(&self, generation: u64, event: ExperimentEvent) {
        if generation != self.generation.get_value() {
            return;
        }
        match event {
            ExperimentEvent::Progress(p) => self.progress.set(Some(p)),
            ExperimentEvent::Row(row) => self.result.update(|r| {
                if let Some(r) = r {
                    r.rows.push(row);
                }
            }),
            ExperimentEvent::Finished(result) => self.end(result, None),
            ExperimentEvent::Cancelled(result) => self.end(result, Some("Cancelled; the rows so far are kept.".into())),
            ExperimentEvent::Failed(why, result) => self.end(result, Some(words::experiments::failure(&why))),
        }
    }

    fn end(&self, result: ExperimentResult, message: Option<String>) {
        self.result.set(Some(result));
        self.ended.set(message);
        self.running.set(false);
    }

    /// The command that runs `spec` on `config` where the session runs,
    /// cancelling any run in progress: on the CPU backend, except a stacked
    /// sweep long enough to be worth timing WebGPU, which trains on
    /// whichever measures faster.
    pub fn start(&self, config: PlaygroundConfig, spec: ExperimentSpec) -> Command {
        self.generation.update_value(|g| *g += 1);
        let generation = self.generation.get_value();
        self.running.set(true);
        self.ended.set(None);
        self.progress.set(None);
        // Filled by the rows as they come; the final event brings the whole result.
        self.result.set(Some(ExperimentResult {
            config: config.clone(),
            experiment: spec.clone(),
            test_count: 0,
            class_count: None,
            trained_on: None,
            rows: vec![],
        }));
        let offer_gpu = self.webgpu_ready.get_untracked();
        Command::RunExperiment { generation, config, spec, offer_gpu }
    }

    /// The command that stops the running experiment after its current chunk.
    pub fn cancel(&self) -> Command {
        Command::CancelExperiment
    }
}

impl Default for ExperimentState {
    fn default() -> Self {
        Self::new()
    }
}
