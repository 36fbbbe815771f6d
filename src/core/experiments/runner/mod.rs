//! Runs an [`ExperimentSpec`] point by point, as one async task that emits
//! [`ExperimentEvent`]s: progress (steps, points, elapsed, ETA), each row the
//! moment it is measured, and how it ended.
//!
//! Like the session, it steps until `budget` of wall time has passed, then
//! reads the chunk's summed loss (a NaN stops the experiment and says where)
//! and awaits `yield_now`, so the page keeps painting and a cancel is seen
//! within one chunk. Natively `yield_now` can be a no-op.
//!
//! One file per part: [`pacer`] (the chunked loop every procedure trains
//! through), [`scoring`] (a trained network's row), and the procedures:
//! [`shared_teacher`] (temperature sweep and small data), [`stacked_sweep`]
//! (a temperature sweep's students at once, where [`stackable`]),
//! [`capacity_gap`] and [`omitted_class`]. The events and [`stackable`]
//! build without burn (the page's UI-only module reads them); the rest
//! needs the `engine` feature.

#[cfg(feature = "engine")]
mod capacity_gap;
#[cfg(feature = "engine")]
mod omitted_class;
#[cfg(feature = "engine")]
mod pacer;
#[cfg(feature = "engine")]
mod scoring;
#[cfg(feature = "engine")]
mod shared_teacher;
mod stackable;
#[cfg(feature = "engine")]
mod stacked_sweep;

use super::PlanError;
use super::result::{ExperimentResult, ResultRow};
use super::stack_device::StackPlacement;

pub use stackable::stackable;

// The engine's half (burn, training): not in the page's UI-only module.
#[cfg(feature = "engine")]
use {
    super::stack_device::GpuOffer,
    super::{ExperimentKind, ExperimentSpec},
    crate::core::config::PlaygroundConfig,
    crate::core::dataset::Dataset,
    crate::core::pacing::LossSum,
    crate::core::trainer::Devices,
    pacer::{Pacer, Stop},
    std::future::Future,
    std::sync::Arc,
    std::sync::atomic::AtomicBool,
    std::time::Duration,
    web_time::Instant,
};

/// Where a running experiment is.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Progress {
    pub steps_done: usize,
    pub total_steps: usize,
    pub points_done: usize,
    pub points_total: usize,
    pub elapsed_secs: f32,
    /// Seconds left at the rate so far (once there is a rate to go by).
    pub eta_secs: Option<f32>,
    /// What trains now, e.g. the students at T = 4, seed 1.
    pub phase: Phase,
}

/// What an experiment trains at the moment, with its numbers; the
/// front-ends word it (`words::experiments::phase`). Architectures are
/// written in their notation ("2-64-64-3", "2x64"), not in words.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Phase {
    /// Before the first step.
    Starting,
    /// The one teacher of a temperature sweep or small-data experiment.
    Teacher { net: String },
    /// A temperature sweep's student pair.
    StudentsAtTemperature { temperature: f32, seed: u64 },
    /// A small-data student pair, on this share of the training set.
    StudentsOnShare { share: f32, seed: u64 },
    /// A capacity gap's teacher, of the ladder's size `teacher`.
    LadderTeacher { teacher: String, seed: u64 },
    /// The capacity gap's student, distilled from teacher `teacher`.
    StudentFromTeacher { teacher: String, seed: u64 },
    /// The capacity gap's student, distilled from the early-stopped teacher.
    StudentFromEarlyStopped { seed: u64 },
    /// The teacher assistant `assistant`, distilled from the teacher.
    Assistant { assistant: String, seed: u64 },
    /// The capacity gap's student, distilled through the assistant.
    StudentFromAssistant { seed: u64 },
    /// The omitted-class experiment's teacher, on every digit.
    TeacherOnEveryDigit { net: String },
    /// Student pairs whose transfer set lacks `class`.
    StudentsWithoutClass { class: usize, seed: u64 },
    /// Timing `nets` stacked students on the CPU, and on the offered GPU
    /// named `gpu` if the sweep is long.
    TimingStack { nets: usize, gpu: Option<String> },
    /// `nets` stacked students at once (every temperature and seed), as
    /// group `group` of `groups` where the CPU splits them, placed as `placement`.
    Stacked { nets: usize, temperatures: Vec<f32>, seeds: Vec<u64>, group: Option<(usize, usize)>, placement: Box<StackPlacement> },
}

/// Why an experiment stopped before its end; the front-ends word it
/// (`words::experiments::failure`) and tests match its variants.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum ExperimentFailure {
    /// The plan cannot run.
    InvalidPlan(PlanError),
    /// Reading a chunk's loss failed or found it NaN, infinite or exploded,
    /// during `phase`; `why` is the loss read's account.
    Diverged { phase: Phase, why: String },
    /// A trained network's test outputs are not finite.
    NotFinite,
    /// A lower layer failed (placing, moving or reading back a stack), with its account.
    Device(String),
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum ExperimentEvent {
    Progress(Progress),
    Row(ResultRow),
    /// Every point ran.
    Finished(ExperimentResult),
    /// Stopped by the user; the rows so far.
    Cancelled(ExperimentResult),
    /// A bad plan or a diverged run: what happened, and the rows so far.
    Failed(ExperimentFailure, ExperimentResult),
}

#[cfg(feature = "engine")]
/// How [`run_experiment`] may train a sweep's students.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Train a temperature sweep's students as one stacked computation
    /// where [`stackable`] (the default; the tests compare both ways).
    pub stacking: bool,
    /// A GPU the stack may move to, where it measures faster ([`place_stack`]).
    pub gpu: Option<GpuOffer>,
}

#[cfg(feature = "engine")]
impl Default for RunOptions {
    fn default() -> Self {
        Self { stacking: true, gpu: None }
    }
}

#[cfg(feature = "engine")]
/// Runs every point of `spec` on `config`'s settings, on `devices` (the CPU
/// backend's) as `options` allow. The returned result is also the last event's.
#[allow(clippy::too_many_arguments)]
pub async fn run_experiment<Y: Future<Output = ()>>(
    config: &PlaygroundConfig,
    spec: &ExperimentSpec,
    devices: &Devices,
    cancel: Arc<AtomicBool>,
    emit: &mut dyn FnMut(ExperimentEvent),
    yield_now: impl Fn() -> Y,
    budget: Duration,
    options: &RunOptions,
) -> ExperimentEvent {
    let mut config = config.normalised();
    config.dataset = spec.dataset_for(&config);
    // Fetched data (MNIST) must have arrived before a run can use it.
    if let Err(why) = Dataset::ready(&config.dataset) {
        let empty = ExperimentResult { config: config.clone(), experiment: spec.clone(), test_count: 0, class_count: None, trained_on: None, rows: vec![] };
        let event = ExperimentEvent::Failed(ExperimentFailure::Device(format!("{why}; wait until it has loaded, then run again")), empty);
        emit(event.clone());
        return event;
    }
    let dataset = Dataset::generate(&config.dataset);
    let result = ExperimentResult {
        config: config.clone(),
        experiment: spec.clone(),
        test_count: dataset.test.len(),
        class_count: None,
        trained_on: None,
        rows: vec![],
    };
    if let Err(why) = spec.validate(&config) {
        let event = ExperimentEvent::Failed(ExperimentFailure::InvalidPlan(why), result);
        emit(event.clone());
        return event;
    }
    let progress = Progress {
        steps_done: 0,
        total_steps: spec.total_steps(),
        points_done: 0,
        points_total: spec.points().len(),
        elapsed_secs: 0.0,
        eta_secs: None,
        phase: Phase::Starting,
    };
    let now = Instant::now();
    let mut pacer = Pacer { yield_now, budget, cancel, emit, start: now, chunk_start: now, last_progress: None, pending: LossSum::default(), progress, result };
    let outcome = match spec.kind {
        ExperimentKind::TemperatureSweep | ExperimentKind::SmallData => {
            shared_teacher::shared_teacher(&mut pacer, &config, spec, &dataset, devices, options).await
        }
        ExperimentKind::CapacityGap => capacity_gap::capacity_gap(&mut pacer, &config, spec, &dataset, devices).await,
        ExperimentKind::OmittedClass => omitted_class::omitted_class(&mut pacer, &config, spec, &dataset, devices).await,
    };
    pacer.report();
    let result = pacer.result.clone();
    let event = match outcome {
        Ok(()) => ExperimentEvent::Finished(result),
        Err(Stop::Cancelled) => ExperimentEvent::Cancelled(result),
        Err(Stop::Failed(why)) => ExperimentEvent::Failed(why, result),
    };
    (pacer.emit)(event.clone());
    event
}
