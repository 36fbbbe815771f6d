//! The one pacing and timing loop that everything training in chunks or
//! timing steps goes through: the session, the experiment runner, the
//! harness's throughput, the page's backend probe and the stack placement.
//!
//! Pacing: a chunk steps until its wall-time budget is spent ([`chunk`]),
//! its losses summed on the device ([`LossSum`]) and read once after it,
//! since a read waits for the device; the caller then yields to the host.
//! Timing: a first step read back alone ([`time_first_step`], where WebGPU
//! compiles its shaders), then steps each read back and timed with a turn
//! for the host between them ([`time_each_step`]); only time inside steps is
//! counted, so whatever the page does meanwhile is not charged to them.

use std::future::Future;
use std::time::Duration;

use burn::prelude::Tensor;
use web_time::Instant;

use super::trainer::{LossError, read_loss_checked};

/// How a [`chunk`] ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chunk {
    pub steps: usize,
    /// The budget was spent (the caller should read, yield and start anew).
    pub out_of_time: bool,
}

/// Calls `step` at least once (unless `max_steps` is 0), then again while
/// `budget`, counted from `start`, lasts and `step` returned true (false:
/// the run has done all it was set to do), at most `max_steps` times in
/// all. It reads nothing back: steps only enqueue work.
pub fn chunk(start: Instant, budget: Duration, max_steps: usize, mut step: impl FnMut() -> bool) -> Chunk {
    let (mut steps, mut out_of_time) = (0, false);
    while steps < max_steps {
        let go_on = step();
        steps += 1;
        out_of_time = start.elapsed() >= budget;
        if out_of_time || !go_on {
            break;
        }
    }
    Chunk { steps, out_of_time }
}

/// Losses of several steps, summed where they were computed and read once.
#[derive(Default)]
pub struct LossSum {
    sum: Option<Tensor<1>>,
    steps: usize,
}

impl LossSum {
    pub fn add(&mut self, loss: Tensor<1>) {
        self.sum = Some(match self.sum.take() {
            Some(sum) => sum + loss,
            None => loss,
        });
        self.steps += 1;
    }

    /// Steps added since the last read.
    pub fn steps(&self) -> usize {
        self.steps
    }

    /// The mean loss of the steps added since the last read (`None` when
    /// there were none), and a fresh start; `Err` names a NaN, infinite or
    /// exploded loss ([`read_loss_mean`]).
    pub async fn read_mean(&mut self) -> Result<Option<f32>, String> {
        Ok(self.read_mean_checked().await?)
    }

    /// [`Self::read_mean`], saying whether the read failed or the loss diverged.
    pub async fn read_mean_checked(&mut self) -> Result<Option<f32>, LossError> {
        let steps = std::mem::take(&mut self.steps);
        match self.sum.take() {
            Some(sum) => read_loss_checked(sum, steps).await.map(Some),
            None => Ok(None),
        }
    }
}

/// Runs `step` (which reads its result back) once, and returns how long it
/// took in milliseconds: a first step's cost (shader compilation on WebGPU).
pub async fn time_first_step(step: impl AsyncFnOnce() -> Result<(), String>) -> Result<f32, String> {
    let start = Instant::now();
    step().await?;
    Ok(start.elapsed().as_secs_f32() * 1e3)
}

/// What [`time_each_step`] measured.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StepTimes {
    pub steps: usize,
    /// Time inside the steps alone.
    pub busy: Duration,
}

impl StepTimes {
    pub fn ms_per_step(&self) -> f32 {
        self.busy.as_secs_f32() * 1e3 / self.steps.max(1) as f32
    }
}

/// Times steps one by one, each awaited to its read-back (`step` reads), with
/// a turn for the host before each: at least `min_steps`, then more until
/// `busy` time reaches `budget`.
pub async fn time_each_step<Y: Future<Output = ()>>(
    min_steps: usize,
    budget: Duration,
    yield_now: &impl Fn() -> Y,
    mut step: impl AsyncFnMut() -> Result<(), String>,
) -> Result<StepTimes, String> {
    let (mut steps, mut busy) = (0, Duration::ZERO);
    while steps < min_steps || busy < budget {
        yield_now().await;
        let start = Instant::now();
        step().await?;
        busy += start.elapsed();
        steps += 1;
    }
    Ok(StepTimes { steps, busy })
}

#[cfg(test)]
mod tests {
    use super::*;
    use burn::prelude::Device;
    use burn::tensor::TensorData;
    use futures::executor::block_on;

    #[test]
    fn a_chunk_steps_at_least_once_and_stops_at_its_limits() {
        let long = Duration::from_secs(3600);
        let mut calls = 0;
        assert_eq!(
            chunk(Instant::now(), long, 5, || {
                calls += 1;
                true
            }),
            Chunk { steps: 5, out_of_time: false }
        );
        assert_eq!(calls, 5);
        assert_eq!(chunk(Instant::now(), Duration::ZERO, 5, || true), Chunk { steps: 1, out_of_time: true }, "a spent budget still takes one step");
        assert_eq!(chunk(Instant::now(), long, 5, || false), Chunk { steps: 1, out_of_time: false }, "a finished run stops");
        assert_eq!(chunk(Instant::now(), Duration::ZERO, 0, || unreachable!()), Chunk { steps: 0, out_of_time: false });
    }

    #[test]
    fn a_loss_sum_reads_its_mean_once_and_starts_again() {
        let scalar = |v: f32| Tensor::<1>::from_data(TensorData::new(vec![v], [1]), &Device::flex());
        let mut sum = LossSum::default();
        assert_eq!(block_on(sum.read_mean()), Ok(None));
        sum.add(scalar(1.0));
        sum.add(scalar(3.0));
        assert_eq!(sum.steps(), 2);
        assert_eq!(block_on(sum.read_mean()), Ok(Some(2.0)));
        assert_eq!((sum.steps(), block_on(sum.read_mean())), (0, Ok(None)));
        sum.add(scalar(f32::NAN));
        assert!(block_on(sum.read_mean()).unwrap_err().contains("NaN"));
    }

    #[test]
    fn each_timed_step_gets_a_turn_for_the_host_first() {
        let yields = std::cell::Cell::new(0);
        let mut steps = 0;
        let times = block_on(time_each_step(
            3,
            Duration::ZERO,
            &|| {
                yields.set(yields.get() + 1);
                std::future::ready(())
            },
            async || {
                steps += 1;
                Ok(())
            },
        ))
        .unwrap();
        assert_eq!((times.steps, steps, yields.get()), (3, 3, 3));
        assert!(block_on(time_each_step(1, Duration::ZERO, &|| async {}, async || Err("lost".to_string()))).is_err());
        assert!(block_on(time_first_step(async || Ok(()))).unwrap() >= 0.0);
    }
}
