//! What the page shows, as signals, updated only by [`PageState::apply`]:
//! the one place where the session's [`Event`]s — its training figures, the
//! backend probe's findings, panel 6's experiment, where it runs — reach
//! the page. Effects in `app` react to the few that call for a command back
//! (the probe's end, a lost device).

use std::sync::Arc;

use leptos::prelude::*;

use crate::core::compress::cost::CostReport;
use crate::core::compress::ladder::{LadderPoint, LadderStage};
use crate::core::names::{ModelName, NetworkName};
use crate::core::protocol::{BackendKind, Event, LayerViews, Placement, Prediction, ProbeReport, Role, StudentMetrics, WeightsRead};
use crate::core::trainer::Outputs;

use super::experiment_state::ExperimentState;

/// An ONNX file the session wrote, to offer as a download: which model, at
/// which step of the compression ladder, and its bytes.
pub type OnnxOffer = (ModelName, LadderStage, Arc<Vec<u8>>);
use crate::words::session as wording;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TeacherPoint {
    pub step: usize,
    pub train_loss: f32,
    pub test_loss: f32,
    pub train_accuracy: f32,
    pub test_accuracy: f32,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StudentsPoint {
    pub step: usize,
    pub distilled: StudentMetrics,
    pub scratch: StudentMetrics,
}

/// Test accuracies of every network of the strategy run at one step.
#[derive(Debug, Clone, PartialEq)]
pub struct StrategyPoint {
    pub step: usize,
    pub accuracies: Vec<(NetworkName, f32)>,
}

/// What is known about WebGPU in this browser.
#[derive(Debug, Clone, PartialEq)]
pub enum WebGpuState {
    Probing,
    Unavailable(String),
    Ready { steps_per_sec: Option<f32>, warmup_secs: Option<f32> },
}

#[derive(Clone, Copy)]
pub struct PageState {
    pub teacher_history: RwSignal<Vec<TeacherPoint>>,
    pub teacher_outputs: RwSignal<Option<Arc<Outputs>>>,
    pub students_history: RwSignal<Vec<StudentsPoint>>,
    pub students_outputs: RwSignal<Option<(Arc<Outputs>, Arc<Outputs>)>>,
    /// The last drawn digit, classified.
    pub prediction: RwSignal<Option<Arc<Prediction>>>,
    /// The feature and relation views' data.
    pub features: RwSignal<Option<Arc<LayerViews>>>,
    /// The role that trains now, if any.
    pub playing: RwSignal<Option<Role>>,
    pub strategy_history: RwSignal<Vec<StrategyPoint>>,
    pub backend: RwSignal<BackendKind>,
    pub steps_per_sec: RwSignal<Option<f32>>,
    /// The step the training role has reached, counted between its evaluations.
    pub live_step: RwSignal<Option<(Role, usize)>>,
    pub cpu_probe: RwSignal<Option<f32>>,
    pub webgpu: RwSignal<WebGpuState>,
    /// The model the backend probe times or timed last (`NetSpec::describe`).
    pub probe_model: RwSignal<Option<String>>,
    pub status: RwSignal<Option<String>>,
    /// Where the training session runs (None until it has started).
    pub placement: RwSignal<Option<Placement>>,
    pub notice: RwSignal<Option<String>>,
    pub error: RwSignal<Option<String>>,
    /// The last weights file the session wrote, to be downloaded.
    pub weights_file: RwSignal<Option<Arc<Vec<u8>>>>,
    /// The last ONNX file the session wrote, to be downloaded.
    pub onnx_file: RwSignal<Option<OnnxOffer>>,
    /// The session's answer to the last weights file picked.
    pub weights_read: RwSignal<Option<Result<WeightsRead, String>>>,
    /// Panel 7: each model's counted and measured cost.
    pub costs: RwSignal<Vec<CostReport>>,
    /// Panel 7: the compression ladder's points.
    pub ladder: RwSignal<Vec<LadderPoint>>,
    /// The probe has measured both backends (or found WebGPU missing).
    pub probed: RwSignal<bool>,
    /// The WebGPU device was lost, with the browser's reason.
    pub webgpu_lost: RwSignal<Option<String>>,
    /// Panel 6's plan and its run.
    pub experiments: ExperimentState,
}

impl PageState {
    /// The step `role` has reached: its last evaluation's, or the steps
    /// trained since, whichever is further (read reactively).
    pub fn step_of(&self, role: Role, evaluated: usize) -> usize {
        match self.live_step.get() {
            Some((r, step)) if r == role => step.max(evaluated),
            _ => evaluated,
        }
    }

    fn forget_live_step(&self, role: Role) {
        if self.live_step.get_untracked().is_some_and(|(r, _)| r == role) {
            self.live_step.set(None);
        }
    }

    pub fn new() -> Self {
        Self {
            teacher_history: RwSignal::new(vec![]),
            teacher_outputs: RwSignal::new(None),
            students_history: RwSignal::new(vec![]),
            students_outputs: RwSignal::new(None),
            features: RwSignal::new(None),
            prediction: RwSignal::new(None),
            playing: RwSignal::new(None),
            strategy_history: RwSignal::new(vec![]),
            backend: RwSignal::new(BackendKind::Cpu),
            steps_per_sec: RwSignal::new(None),
            live_step: RwSignal::new(None),
            cpu_probe: RwSignal::new(None),
            probe_model: RwSignal::new(None),
            webgpu: RwSignal::new(WebGpuState::Probing),
            status: RwSignal::new(None),
            placement: RwSignal::new(None),
            notice: RwSignal::new(None),
            error: RwSignal::new(None),
            weights_file: RwSignal::new(None),
            weights_read: RwSignal::new(None),
            onnx_file: RwSignal::new(None),
            costs: RwSignal::new(vec![]),
            ladder: RwSignal::new(vec![]),
            probed: RwSignal::new(false),
            webgpu_lost: RwSignal::new(None),
            experiments: ExperimentState::new(),
        }
    }

    pub fn apply(&self, event: Event) {
        match event {
            Event::TeacherProgress { step, train_loss, test_loss, train_accuracy, test_accuracy } => {
                let point = TeacherPoint { step, train_loss, test_loss, train_accuracy, test_accuracy };
                self.teacher_history.update(|h| push_point(h, point, |p| p.step));
            }
            Event::TeacherOutputs(out) => self.teacher_outputs.set(Some(out)),
            Event::StudentsProgress { step, distilled, scratch } => {
                self.students_history.update(|h| push_point(h, StudentsPoint { step, distilled, scratch }, |p| p.step));
            }
            Event::StudentsOutputs { distilled, scratch } => self.students_outputs.set(Some((distilled, scratch))),
            Event::Prediction(p) => self.prediction.set(Some(Arc::new(p))),
            Event::Features(f) => self.features.set(Some(Arc::new(f))),
            Event::StrategyProgress { step, accuracies } => {
                self.strategy_history.update(|h| push_point(h, StrategyPoint { step, accuracies }, |p| p.step));
            }
            Event::Running(role) => {
                self.playing.set(role);
                if role.is_some() {
                    self.notice.set(None);
                }
            }
            Event::Cleared(Role::Teacher) => {
                self.forget_live_step(Role::Teacher);
                self.teacher_history.set(vec![]);
                self.teacher_outputs.set(None);
                self.clear_costs();
            }
            Event::Cleared(Role::Students) => {
                self.forget_live_step(Role::Students);
                self.students_history.set(vec![]);
                self.students_outputs.set(None);
                self.features.set(None);
                self.clear_costs();
            }
            Event::Cleared(Role::Strategy) => {
                self.forget_live_step(Role::Strategy);
                self.strategy_history.set(vec![]);
            }
            Event::Throughput { backend, steps_per_sec, role, step } => {
                if backend == self.backend.get_untracked() {
                    self.steps_per_sec.set(Some(steps_per_sec));
                }
                self.live_step.set(Some((role, step)));
            }
            Event::BackendActive(kind) => {
                // An error of the backend left behind (a lost device's failed read) is moot,
                // and latencies measured on the other backend no longer apply.
                self.error.set(None);
                self.clear_costs();
                self.backend.set(kind);
                self.steps_per_sec.set(None);
            }
            Event::Status(s) => self.status.set(s.map(wording::status)),
            Event::Notice(n) => self.notice.set(Some(wording::notice(&n))),
            Event::Diverged { why, first, last, learning_rate, .. } => self.error.set(Some(wording::diverged(&why, first, last, learning_rate))),
            Event::Error(e) => self.error.set(Some(wording::failure(&e))),
            Event::WeightsFile(bytes) => self.weights_file.set(Some(bytes)),
            Event::WeightsRead(read) => self.weights_read.set(Some(read)),
            Event::OnnxFile { model, stage, bytes } => self.onnx_file.set(Some((model, stage, bytes))),
            Event::Costs(reports) => self.costs.set(reports),
            Event::Ladder(points) => self.ladder.set(points),
            Event::Probe(report) => self.apply_probe(report),
            Event::Experiment { generation, event } => self.experiments.apply(generation, *event),
            Event::Placement(p) => self.placement.set(Some(p)),
            Event::Crashed(why) => super::fatal_banner::show(&format!("the training worker stopped: {why}")),
        }
    }

    /// The backend probe's findings, as they come.
    fn apply_probe(&self, report: ProbeReport) {
        match report {
            // A probe starts (at start, or for a new model): the figures so
            // far describe another model, and Auto waits for the new ones.
            ProbeReport::Timing(model) => {
                self.probe_model.set(Some(model));
                self.cpu_probe.set(None);
                if matches!(self.webgpu.get_untracked(), WebGpuState::Ready { .. }) {
                    self.webgpu.set(WebGpuState::Ready { steps_per_sec: None, warmup_secs: None });
                }
                self.probed.set(false);
            }
            ProbeReport::CpuTimed(r) => self.cpu_probe.set(Some(r)),
            ProbeReport::WebGpuUnavailable(why) | ProbeReport::WebGpuFailed(why) => self.webgpu.set(WebGpuState::Unavailable(why)),
            ProbeReport::WebGpuReady => {
                self.webgpu.set(WebGpuState::Ready { steps_per_sec: None, warmup_secs: None });
                self.status.set(Some(wording::TIMING_WEBGPU.into()));
            }
            ProbeReport::WebGpuTimed { steps_per_sec, warmup_secs } => {
                self.webgpu.set(WebGpuState::Ready { steps_per_sec: Some(steps_per_sec), warmup_secs: Some(warmup_secs) })
            }
            ProbeReport::Done => {
                if self.status.with_untracked(|s| s.as_deref() == Some(wording::TIMING_WEBGPU)) {
                    self.status.set(None);
                }
                self.probed.set(true);
            }
            ProbeReport::WebGpuLost(reason) => {
                self.webgpu.set(WebGpuState::Unavailable(format!("the device was lost ({reason}); reload the page to use WebGPU again")));
                self.webgpu_lost.set(Some(reason));
            }
        }
    }
}

impl PageState {
    /// What Auto trains on by the probe's figures, and how many times the
    /// other backend's rate it makes (`backend_probe::auto_choice`).
    pub fn auto_backend(&self) -> (BackendKind, Option<f32>) {
        let gpu = self.webgpu.with(|w| match w {
            WebGpuState::Ready { steps_per_sec, .. } => *steps_per_sec,
            _ => None,
        });
        crate::core::backend_probe::auto_choice(self.cpu_probe.get(), gpu)
    }

    /// Panel 7's figures describe models that are gone.
    fn clear_costs(&self) {
        self.costs.set(vec![]);
        self.ladder.set(vec![]);
    }
}

impl Default for PageState {
    fn default() -> Self {
        Self::new()
    }
}

/// Appends a point, replacing one at the same step; long histories are
/// thinned (every other point dropped) to keep charts cheap.
fn push_point<T>(history: &mut Vec<T>, point: T, step: impl Fn(&T) -> usize) {
    if history.last().is_some_and(|last| step(last) == step(&point)) {
        history.pop();
    }
    history.push(point);
    if history.len() > 400 {
        let mut keep = 0;
        history.retain(|_| {
            keep += 1;
            keep % 2 == 1
        });
    }
}
