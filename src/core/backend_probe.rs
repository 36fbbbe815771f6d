//! A short timed probe: optimisation steps per second for one model on one
//! backend, each step read back (the honest synchronous cost). The page uses
//! it to pick the faster backend for the model at hand.

use std::future::Future;
use std::time::Duration;

use super::dataset::Dataset;
use super::model::NetSpec;
use super::pacing::{time_each_step, time_first_step};
use super::trainer::{DeviceData, Devices, SupervisedRun, read_loss};

/// Result of [`probe_steps_per_sec`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Probe {
    /// Seconds taken by the first step (shader compilation on WebGPU).
    pub warmup_secs: f32,
    pub steps_per_sec: f32,
}

/// One warm-up step, then steps until `budget` of stepping time has passed
/// (at least `min_steps`), yielding to the host before each. Only the time
/// inside steps counts: whatever else the page does while we yield is not
/// charged to the backend.
pub async fn probe_steps_per_sec<Y: Future<Output = ()>>(
    devices: &Devices,
    spec: &NetSpec,
    dataset: &Dataset,
    batch: usize,
    budget: Duration,
    min_steps: usize,
    yield_now: impl Fn() -> Y,
) -> Result<Probe, String> {
    let data = DeviceData::new(dataset, devices);
    let mut run = SupervisedRun::new(spec, 1, dataset.train.len(), devices);
    let warmup_secs = time_first_step(async || read_loss(run.step(&data, batch, 0.001)).await.map(drop)).await? / 1e3;
    let timed = time_each_step(min_steps, budget, &yield_now, async || read_loss(run.step(&data, batch, 0.001)).await.map(drop)).await?;
    Ok(Probe { warmup_secs, steps_per_sec: timed.steps as f32 / timed.busy.as_secs_f32().max(1e-6) })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::dataset::DatasetSpec;
    use burn::prelude::Device;
    use futures::executor::block_on;

    #[test]
    fn probe_reports_a_positive_rate() {
        let dataset = Dataset::generate(&DatasetSpec::default());
        let spec = NetSpec::uniform(2, 2, 16, 3);
        let devices = Devices::new(Device::flex());
        let p = block_on(probe_steps_per_sec(&devices, &spec, &dataset, 32, Duration::from_millis(50), 3, || async {})).unwrap();
        assert!(p.steps_per_sec > 0.0 && p.warmup_secs >= 0.0, "{p:?}");
    }
}
