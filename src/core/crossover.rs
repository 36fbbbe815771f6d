//! Where a GPU starts to pay: the performance harness's timing of stacked
//! training ([`super::stacked`]) over a grid of model width, batch and K
//! stacked networks, on whichever backend it is given, and of a whole
//! temperature sweep stacked or point by point (docs/PERFORMANCE.md).
//!
//! The same code runs natively (`kd-bench crossover`, with the CPU backend
//! and, built with `--features native-wgpu`, a real GPU) and in the page
//! (`wasmBindings.kd_crossover`, on wasm's CPU backend and WebGPU).

use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use serde::Serialize;
use web_time::Instant;

use super::config::{Architecture, PlaygroundConfig};
use super::dataset::{Dataset, DatasetSpec};
use super::experiments::runner::{ExperimentEvent, RunOptions, run_experiment};
use super::experiments::{ExperimentKind, ExperimentSpec};
use super::model::NetSpec;
use super::net::read_f32;
use super::pacing::time_first_step;
use super::stacked::{StackedNet, StackedStudents};
use super::trainer::{DeviceData, Devices, SupervisedRun};

/// One point of the grid: K students 64-width-width-10 distilled on the
/// digits with batches of `batch` rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct StackShape {
    pub width: usize,
    pub batch: usize,
    pub k: usize,
}

impl StackShape {
    /// Built directly, not through `NetSpec::uniform`, which would clamp the
    /// width to the page's limit.
    pub fn spec(&self) -> NetSpec {
        NetSpec::mlp(64, vec![self.width; 2], 10)
    }

    /// Floating-point operations of one step of all K: the matmuls forward
    /// (2·B·in·out per layer) and backward (twice that).
    pub fn flops_per_step(&self) -> f64 {
        let macs: usize = self.spec().layer_sizes().windows(2).map(|w| w[0] * w[1]).sum();
        6.0 * (self.k * self.batch * macs) as f64
    }
}

/// The grid the harness prints: widths 16–512 (the page's widest),
/// batches 64 and 1024, K 1–32.
pub fn crossover_grid() -> Vec<StackShape> {
    let mut grid = vec![];
    for width in [16, 64, 256, 512] {
        for batch in [64, 1024] {
            for k in [1, 8, 32] {
                grid.push(StackShape { width, batch, k });
            }
        }
    }
    grid
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct StackTiming {
    pub shape: StackShape,
    /// The first step alone, read back (shader compilation on a GPU).
    pub first_step_ms: f32,
    pub ms_per_step: f32,
    /// Network-steps per second: K × steps/s.
    pub net_steps_per_sec: f32,
    pub gflops: f32,
    pub steps: usize,
}

/// Times steps of `shape` on `devices`: one step read back, two more, then
/// steps until `budget` has passed (at least `min_steps`), ended by one read.
pub async fn time_stack(devices: &Devices, shape: StackShape, min_steps: usize, budget: Duration) -> Result<StackTiming, String> {
    let dataset = Dataset::generate(&DatasetSpec::all_digits());
    let data = DeviceData::new(&dataset, devices);
    let teacher = SupervisedRun::new(&NetSpec::uniform(64, 1, 32, 10), 1, data.n_train, devices);
    let nets = (0..shape.k).map(|i| StackedNet { seed: i as u64, temperature: 1.0 + i as f32, alpha: 0.9 }).collect();
    let mut stack = StackedStudents::new(&shape.spec(), nets, &teacher.net, &data, |_| (0..data.n_train).collect(), devices);
    let batch = shape.batch.min(data.n_train);
    let first_step_ms = time_first_step(async || read_f32(stack.step(&data, batch, 0.001)).await.map(drop)).await?;
    for _ in 0..2 {
        stack.step(&data, batch, 0.001);
    }
    read_f32(stack.step(&data, batch, 0.001)).await?;
    let start = Instant::now();
    let mut steps = 0;
    while steps < min_steps.max(1) || start.elapsed() < budget {
        let loss = stack.step(&data, batch, 0.001);
        steps += 1;
        if steps.is_multiple_of(8) || (steps >= min_steps && start.elapsed() >= budget) {
            read_f32(loss).await?;
        }
    }
    read_f32(stack.step(&data, batch, 0.001)).await?;
    steps += 1;
    let secs = start.elapsed().as_secs_f32().max(1e-6);
    let ms_per_step = secs * 1e3 / steps as f32;
    let shape = StackShape { batch, ..shape };
    Ok(StackTiming {
        shape,
        first_step_ms,
        ms_per_step,
        net_steps_per_sec: shape.k as f32 * steps as f32 / secs,
        gflops: (shape.flops_per_step() * steps as f64 / f64::from(secs) / 1e9) as f32,
        steps,
    })
}

/// A whole temperature sweep (6 T × `seeds` seeds on `dataset`), timed from
/// start to end, stacked or point by point.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SweepTiming {
    pub dataset: &'static str,
    pub stacked: bool,
    pub points: usize,
    pub student_steps: usize,
    pub secs: f32,
}

/// The sweep the harness times: the default settings (spiral, 2-64-64-3
/// teacher, 2-32-3 students) or the digits (64-64-64-10 teacher), a short
/// teacher, then `student_steps` steps for every student.
pub fn sweep_plan(digits: bool, seeds: usize, student_steps: usize) -> (PlaygroundConfig, ExperimentSpec) {
    let mut config = PlaygroundConfig::default();
    if digits {
        config.dataset = DatasetSpec::all_digits();
        config.teacher = Architecture::mlp(2, 64);
    }
    let spec = ExperimentSpec {
        seeds: (0..seeds as u64).collect(),
        teacher_steps: 20,
        student_steps,
        ..ExperimentSpec::default_for(ExperimentKind::TemperatureSweep)
    };
    (config, spec)
}

pub async fn time_sweep<Y: Future<Output = ()>>(
    devices: &Devices,
    digits: bool,
    stacked: bool,
    seeds: usize,
    student_steps: usize,
    yield_now: impl Fn() -> Y,
) -> Result<SweepTiming, String> {
    let (config, spec) = sweep_plan(digits, seeds, student_steps);
    let start = Instant::now();
    let end = run_experiment(
        &config,
        &spec,
        devices,
        Arc::new(AtomicBool::new(false)),
        &mut |_| {},
        yield_now,
        Duration::from_millis(12),
        &RunOptions { stacking: stacked, gpu: None },
    )
    .await;
    let secs = start.elapsed().as_secs_f32();
    match end {
        ExperimentEvent::Finished(_) => {
            Ok(SweepTiming { dataset: if digits { "digits" } else { "spiral" }, stacked, points: spec.points().len(), student_steps, secs })
        }
        other => Err(format!("the sweep did not finish: {other:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use burn::prelude::Device;
    use futures::executor::block_on;

    #[test]
    fn flops_are_counted_by_hand_and_a_stack_is_timed() {
        // 64·16 + 16·16 + 16·10 = 1440 multiply-adds per row; × 6 × 8 nets × 64 rows.
        let shape = StackShape { width: 16, batch: 64, k: 8 };
        assert_eq!(shape.flops_per_step(), 6.0 * 8.0 * 64.0 * 1440.0);
        assert_eq!(crossover_grid().len(), 24);
        assert_eq!(StackShape { width: 512, batch: 1, k: 1 }.spec().describe(), "64-512-512-10");
        let t = block_on(time_stack(&Devices::new(Device::flex()), shape, 3, Duration::ZERO)).unwrap();
        assert!(t.steps >= 4 && t.ms_per_step > 0.0 && (t.net_steps_per_sec - 8.0 * 1e3 / t.ms_per_step).abs() < 1.0, "{t:?}");
    }

    #[test]
    fn a_sweep_is_timed_both_ways() {
        let devices = Devices::new(Device::flex());
        for stacked in [true, false] {
            let t = block_on(time_sweep(&devices, false, stacked, 1, 5, || async {})).unwrap();
            assert_eq!((t.points, t.stacked), (6, stacked));
        }
    }
}
