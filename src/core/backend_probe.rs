//! A short timed probe: optimisation steps per second for one model on one
//! backend, each step read back (the honest synchronous cost). The page uses
//! it to pick the faster backend for the model at hand ([`auto_choice`]),
//! and times again whenever the model at hand changes.

use super::protocol::BackendKind;

// The engine's half (burn, training): not in the page's UI-only module.
#[cfg(feature = "engine")]
use {
    super::dataset::Dataset,
    super::model::NetSpec,
    super::pacing::{time_each_step, time_first_step},
    super::trainer::{DeviceData, Devices, SupervisedRun, read_loss},
    std::future::Future,
    std::time::Duration,
};

#[cfg(feature = "engine")]
/// Result of [`probe_steps_per_sec`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Probe {
    /// Seconds taken by the first step (shader compilation on WebGPU).
    pub warmup_secs: f32,
    pub steps_per_sec: f32,
}

#[cfg(feature = "engine")]
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

/// What "Auto" trains on, from the probe's rates (steps/s) on the model at
/// hand: WebGPU only where it was timed and measured faster, the CPU
/// otherwise (it is always there). With how many times the other backend's
/// rate the chosen one makes, where both were measured.
pub fn auto_choice(cpu: Option<f32>, webgpu: Option<f32>) -> (BackendKind, Option<f32>) {
    let ratio = |a: f32, b: f32| (a > 0.0 && b > 0.0).then(|| a / b);
    match (cpu, webgpu) {
        (Some(c), Some(g)) if g > c => (BackendKind::WebGpu, ratio(g, c)),
        (Some(c), Some(g)) => (BackendKind::Cpu, ratio(c, g)),
        (None, Some(g)) if g > 0.0 => (BackendKind::WebGpu, None),
        _ => (BackendKind::Cpu, None),
    }
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

    #[test]
    fn auto_takes_webgpu_only_where_it_measured_faster() {
        // The dev machine's software adapter on the default teacher: the CPU, 100× faster.
        assert_eq!(auto_choice(Some(2400.0), Some(24.0)), (BackendKind::Cpu, Some(100.0)));
        // A real GPU on a CNN: WebGPU, 4× faster.
        assert_eq!(auto_choice(Some(12.0), Some(48.0)), (BackendKind::WebGpu, Some(4.0)));
        // A tie keeps the CPU, which needs no warm-up and cannot be lost.
        assert_eq!(auto_choice(Some(10.0), Some(10.0)), (BackendKind::Cpu, Some(1.0)));
        // WebGPU missing or not timed: the CPU, with nothing to compare.
        assert_eq!(auto_choice(Some(10.0), None), (BackendKind::Cpu, None));
        assert_eq!(auto_choice(None, None), (BackendKind::Cpu, None));
        // The CPU's timing failed but WebGPU's worked: WebGPU.
        assert_eq!(auto_choice(None, Some(3.0)), (BackendKind::WebGpu, None));
    }
}
