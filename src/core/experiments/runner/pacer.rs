//! The experiment's pacing, through [`crate::core::pacing::chunk`]: steps
//! until the chunk's wall-time budget is spent, then one read of the chunk's
//! summed loss (a NaN stops the experiment and says where), a progress report
//! when due, a turn for the host (`yield_now`) and a look for a cancel. Every procedure trains through
//! [`Pacer::train`] or [`Pacer::train_with`], so none can hold the page.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use burn::prelude::Tensor;
use web_time::Instant;

use super::{ExperimentEvent, ExperimentFailure, Phase, Progress};
use crate::core::experiments::result::{ExperimentResult, ResultRow};
use crate::core::pacing::{self, LossSum};
use crate::core::trainer::{DeviceData, Run, StepParams};

/// Why an experiment stopped before its end.
pub(super) enum Stop {
    Cancelled,
    Failed(ExperimentFailure),
}

impl Stop {
    /// A lower layer's failure, with its account.
    pub(super) fn device(why: String) -> Self {
        Self::Failed(ExperimentFailure::Device(why))
    }
}

/// How often progress is reported (besides once per finished point).
const PROGRESS_EVERY: Duration = Duration::from_millis(100);

pub(super) struct Pacer<'a, Y, F: Fn() -> Y> {
    pub(super) yield_now: F,
    pub(super) budget: Duration,
    pub(super) cancel: Arc<AtomicBool>,
    pub(super) emit: &'a mut dyn FnMut(ExperimentEvent),
    pub(super) start: Instant,
    pub(super) chunk_start: Instant,
    pub(super) last_progress: Option<Instant>,
    /// The chunk's summed losses, not yet read.
    pub(super) pending: LossSum,
    pub(super) progress: Progress,
    pub(super) result: ExperimentResult,
}

impl<Y: Future<Output = ()>, F: Fn() -> Y> Pacer<'_, Y, F> {
    pub(super) fn phase(&mut self, phase: Phase) {
        self.progress.phase = phase;
    }

    /// `steps` optimisation steps of `run`, breathing whenever the budget is spent.
    pub(super) async fn train(&mut self, run: &mut dyn Run, data: &DeviceData, params: &StepParams, steps: usize) -> Result<(), Stop> {
        self.train_with(steps, 1, || run.train_step(data, params).into_iter().reduce(|a, b| a + b).expect("a run trains a network")).await
    }

    /// `steps` calls of `step` (one summed loss each, not yet read), each
    /// counted as `points` steps of the plan; breathes whenever the budget is spent.
    pub(super) async fn train_with(&mut self, steps: usize, points: usize, mut step: impl FnMut() -> Tensor<1>) -> Result<(), Stop> {
        let mut left = steps;
        while left > 0 {
            let pending = &mut self.pending;
            let chunk = pacing::chunk(self.chunk_start, self.budget, left, || {
                pending.add(step());
                true
            });
            left -= chunk.steps;
            self.progress.steps_done += chunk.steps * points;
            if chunk.out_of_time {
                self.breathe().await?;
            }
        }
        self.check_loss().await
    }

    async fn check_loss(&mut self) -> Result<(), Stop> {
        self.pending.read_mean().await.map_err(|why| Stop::Failed(ExperimentFailure::Diverged { phase: self.progress.phase.clone(), why }))?;
        Ok(())
    }

    /// Reads the chunk's loss, reports progress, gives the host a turn and
    /// looks for a cancel.
    pub(super) async fn breathe(&mut self) -> Result<(), Stop> {
        self.check_loss().await?;
        if self.last_progress.is_none_or(|t| t.elapsed() >= PROGRESS_EVERY) {
            self.report();
        }
        (self.yield_now)().await;
        if self.cancel.load(Ordering::Relaxed) {
            return Err(Stop::Cancelled);
        }
        self.chunk_start = Instant::now();
        Ok(())
    }

    pub(super) fn report(&mut self) {
        let p = &mut self.progress;
        p.elapsed_secs = self.start.elapsed().as_secs_f32();
        p.eta_secs =
            (p.steps_done > 0 && p.elapsed_secs > 0.5).then(|| p.elapsed_secs / p.steps_done as f32 * (p.total_steps - p.steps_done.min(p.total_steps)) as f32);
        self.last_progress = Some(Instant::now());
        (self.emit)(ExperimentEvent::Progress(p.clone()));
    }

    pub(super) fn row(&mut self, row: ResultRow) {
        self.result.rows.push(row.clone());
        (self.emit)(ExperimentEvent::Row(row));
    }

    pub(super) async fn point_done(&mut self) -> Result<(), Stop> {
        self.progress.points_done += 1;
        self.report();
        self.breathe().await
    }
}
