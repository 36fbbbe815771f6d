//! Pacing: a playing run trains in chunks. Each runs optimisation steps
//! until the step budget has passed (or, on a backend that queues work,
//! until the measured rate says the chunk is full), reads the summed loss
//! once, and hands back to the command loop, which yields to the host. A
//! diverged chunk is undone, stops the run and says so.

use std::time::Duration;

use web_time::Instant;

use super::super::pacing::{self, LossSum};
use super::super::protocol::{BackendKind, Event, Failure, Notice, Role, Status};
use super::super::trainer::{DeviceData, LossError, Run};
use super::{EVAL_EVERY, QUEUED_CHUNK, Session};

impl Session {
    /// The run `role` names, with the data it trains on (None before the
    /// students exist).
    fn run_mut(&mut self, role: Role) -> Option<(&mut dyn Run, &DeviceData)> {
        match role {
            Role::Teacher => Some((&mut self.teacher, &self.data)),
            Role::Students => Some((self.students.as_mut()? as &mut dyn Run, self.student_data.as_ref()?)),
            Role::Strategy => Some((self.strategy.as_mut()?.run_mut(), &self.data)),
        }
    }

    /// A burst of steps for `role` and one loss read. A diverged chunk is
    /// undone, stops the run and says so.
    pub(super) async fn chunk(&mut self, role: Role, single_step: bool) {
        let start = Instant::now();
        if !self.warm && self.backend == BackendKind::WebGpu {
            self.emit(Event::Status(Some(Status::WarmingUpWebGpu)));
        }
        let max_steps = if single_step {
            1
        } else if self.backend == BackendKind::WebGpu {
            ((self.rate * QUEUED_CHUNK) as usize).clamp(1, 1000)
        } else {
            1000
        };
        let params = self.config.step_params();
        let budget = self.budget;
        let Some((run, data)) = self.run_mut(role) else { return };
        let before = run.snapshot();
        // One sum per network the run trains (a mutual-learning cohort has several).
        let mut sums: Vec<LossSum> = vec![];
        let steps = pacing::chunk(start, budget, max_steps, || {
            let losses = run.train_step(data, &params);
            sums.resize_with(losses.len(), LossSum::default);
            sums.iter_mut().zip(losses).for_each(|(sum, loss)| sum.add(loss));
            !run.finished()
        })
        .steps;
        let mut read = Ok(());
        for sum in &mut sums {
            if let Err(e) = sum.read_mean_checked().await {
                read = Err(e);
                break;
            }
        }
        if read.is_err() {
            run.rollback(before, steps);
        }
        let at = *run.step_count_mut();
        let finished = run.finished();
        match read {
            Ok(()) => {
                self.stale = true;
                self.record_rate(role, at, steps, start);
                if finished && !single_step {
                    self.set_playing(None);
                    self.evaluate(role).await;
                    self.emit(Event::Notice(Notice::GenerationsDone));
                }
            }
            Err(LossError::ReadFailed(detail)) => {
                self.set_playing(None);
                self.emit(Event::Error(Failure::ReadFailed { backend: self.backend, detail }));
            }
            Err(LossError::Diverged(why)) => {
                self.set_playing(None);
                self.emit(Event::Diverged { role, first: at + 1, last: at + steps, why, learning_rate: params.learning_rate });
            }
        }
    }

    /// Whether the playing run's views are due for a refresh.
    /// At most every [`EVAL_EVERY`], and never more than a fifth of the
    /// time: a CNN evaluated on 10,000 MNIST rows takes far longer than an
    /// MLP on a spiral, and training must not become mostly evaluating.
    pub(super) fn evaluation_due(&self) -> bool {
        let every = EVAL_EVERY.max(self.eval_cost * 4);
        self.stale && (!self.warm || self.last_eval.is_none_or(|t| t.elapsed() >= every))
    }

    /// Re-evaluates `role` for the views.
    pub(super) async fn evaluate(&mut self, role: Role) {
        let start = Instant::now();
        self.stale = false;
        match role {
            Role::Teacher => self.evaluate_teacher().await,
            Role::Students => self.evaluate_students().await,
            Role::Strategy => self.evaluate_strategy().await,
        }
        self.eval_cost = start.elapsed();
        self.last_eval = Some(Instant::now());
        if !self.warm {
            self.warm = true;
            if self.backend == BackendKind::WebGpu {
                self.emit(Event::Status(None));
            }
        }
    }

    /// Folds a chunk's steps per second into the rate, once warm (a cold
    /// chunk's time is mostly compilation, not training).
    pub(super) fn record_rate(&mut self, role: Role, step: usize, steps: usize, start: Instant) {
        if !self.warm {
            return;
        }
        let secs = start.elapsed().as_secs_f32().max(1e-4);
        let rate = steps as f32 / secs;
        self.rate = if self.rate == 0.0 { rate } else { 0.8 * self.rate + 0.2 * rate };
        if self.last_throughput.is_none_or(|t| t.elapsed() >= Duration::from_millis(500)) {
            self.last_throughput = Some(Instant::now());
            self.emit(Event::Throughput { backend: self.backend, steps_per_sec: self.rate, role, step });
        }
    }
}
