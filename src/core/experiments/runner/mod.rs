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
//! (a temperature sweep's students at once), [`capacity_gap`] and
//! [`omitted_class`].

mod capacity_gap;
mod omitted_class;
mod pacer;
mod scoring;
mod shared_teacher;
mod stacked_sweep;

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use web_time::Instant;

use super::result::{ExperimentResult, ResultRow};
use super::stack_device::GpuOffer;
use super::{ExperimentKind, ExperimentSpec};
use crate::core::config::PlaygroundConfig;
use crate::core::dataset::Dataset;
use crate::core::pacing::LossSum;
use crate::core::trainer::Devices;
use pacer::{Pacer, Stop};

pub use stacked_sweep::stackable;

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
    /// What trains now, e.g. "students at T = 4, seed 1".
    pub phase: String,
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
    Failed(String, ExperimentResult),
}

/// How [`run_experiment`] may train a sweep's students.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Train a temperature sweep's students as one stacked computation
    /// where [`stackable`] (the default; the tests compare both ways).
    pub stacking: bool,
    /// A GPU the stack may move to, where it measures faster ([`place_stack`]).
    pub gpu: Option<GpuOffer>,
}

impl Default for RunOptions {
    fn default() -> Self {
        Self { stacking: true, gpu: None }
    }
}

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
        let event = ExperimentEvent::Failed(why, result);
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
        phase: "starting".into(),
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
