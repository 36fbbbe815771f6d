//! The performance harness's training benchmark (docs/PERFORMANCE.md): three
//! fixed cases — model, data, batch, Adam's step size — that burn runs here
//! (natively, in wasm on the CPU, on WebGPU) and TensorFlow.js runs in the
//! same browser from the same data ([`BenchCase::data_json`]).
//!
//! Unlike the page's probe ([`super::backend_probe`]), which reads every step back to
//! charge its synchronous cost, this times `steps` steps ended by one read:
//! steady-state throughput, as TF.js is timed too. [`BenchCase::run_paced`]
//! trains the way the page does instead (chunks of a few ms, a loss read and
//! a yield after each), which is what the harness times on the page's main
//! thread and in a web worker to choose between them.

use std::future::Future;
use std::time::Duration;

use serde::Serialize;
use web_time::Instant;

use super::dataset::{Dataset, DatasetKind, DatasetSpec};
use super::model::NetSpec;
use super::pacing::{self, LossSum, time_first_step};
use super::trainer::{DeviceData, Devices, SupervisedRun, read_loss};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BenchCase {
    pub name: &'static str,
    pub dataset: DatasetSpec,
    pub hidden: Vec<usize>,
    pub batch: usize,
    pub learning_rate: f32,
}

/// The issue's three configs: a small student, the default teacher, the digits teacher.
pub fn bench_cases() -> Vec<BenchCase> {
    let spiral = |points| DatasetSpec { kind: DatasetKind::Spiral, classes: 3, points, ..DatasetSpec::default() };
    let digits = DatasetSpec::all_digits();
    let case = |name, dataset, hidden: &[usize]| BenchCase { name, dataset, hidden: hidden.to_vec(), batch: 64, learning_rate: 0.01 };
    vec![case("small", spiral(600), &[16, 16]), case("teacher", spiral(1000), &[64, 64]), case("digits", digits, &[256, 256])]
}

pub fn bench_case(name: &str) -> Option<BenchCase> {
    bench_cases().into_iter().find(|c| c.name == name)
}

/// What one backend measured on one case.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Throughput {
    /// The first step alone, read back (kernel compilation on WebGPU).
    pub first_step_ms: f32,
    pub steps_per_sec: f32,
    pub samples_per_sec: f32,
    pub steps: usize,
    pub params: usize,
}

/// What training in chunks for a while measured.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Paced {
    pub steps: usize,
    pub secs: f32,
    pub steps_per_sec: f32,
    pub chunks: usize,
    /// The longest chunk, its loss read included: how long the host waited.
    pub longest_chunk_ms: f32,
}

impl BenchCase {
    pub fn spec(&self, dataset: &Dataset) -> NetSpec {
        NetSpec::mlp(dataset.train.dim, self.hidden.clone(), dataset.classes)
    }

    /// The training rows as JSON `{x, y, dim, classes}` (x flat, row-major):
    /// what the TF.js page trains on.
    pub fn data_json(&self) -> String {
        let d = Dataset::generate(&self.dataset);
        serde_json::json!({ "x": d.train.x, "y": d.train.y, "dim": d.train.dim, "classes": d.classes }).to_string()
    }

    /// The case's rows on `devices` and a fresh network to train on them.
    fn prepare(&self, devices: &Devices) -> (NetSpec, DeviceData, SupervisedRun) {
        let dataset = Dataset::generate(&self.dataset);
        let spec = self.spec(&dataset);
        let data = DeviceData::new(&dataset, devices);
        let run = SupervisedRun::new(&spec, 1, dataset.train.len(), devices);
        (spec, data, run)
    }

    /// One step read back, `warmup` more, then `steps` timed steps ended by one read.
    pub async fn run(&self, devices: &Devices, warmup: usize, steps: usize) -> Result<Throughput, String> {
        let (spec, data, mut run) = self.prepare(devices);
        let first_step_ms = time_first_step(async || read_loss(run.step(&data, self.batch, self.learning_rate)).await.map(drop)).await?;
        for _ in 0..warmup {
            run.step(&data, self.batch, self.learning_rate);
        }
        if warmup > 0 {
            read_loss(run.step(&data, self.batch, self.learning_rate)).await?;
        }
        let start = Instant::now();
        let mut sum = LossSum::default();
        for _ in 0..steps.max(1) {
            sum.add(run.step(&data, self.batch, self.learning_rate));
        }
        sum.read_mean().await?;
        let secs = start.elapsed().as_secs_f32().max(1e-6);
        let steps_per_sec = steps.max(1) as f32 / secs;
        Ok(Throughput { first_step_ms, steps_per_sec, samples_per_sec: steps_per_sec * self.batch as f32, steps: steps.max(1), params: spec.param_count() })
    }

    /// Trains for `duration` the way the page's session does: steps until
    /// `chunk` is spent, one loss read for the chunk (a NaN stops it), then
    /// `yield_now`. One step read back first, so set-up is not timed.
    pub async fn run_paced<Y: Future<Output = ()>>(
        &self,
        devices: &Devices,
        duration: Duration,
        chunk: Duration,
        yield_now: impl Fn() -> Y,
    ) -> Result<Paced, String> {
        let (_, data, mut run) = self.prepare(devices);
        read_loss(run.step(&data, self.batch, self.learning_rate)).await?;
        let start = Instant::now();
        let (mut steps, mut chunks, mut longest) = (0, 0, Duration::ZERO);
        let mut sum = LossSum::default();
        while start.elapsed() < duration {
            let chunk_start = Instant::now();
            let in_chunk = pacing::chunk(chunk_start, chunk, usize::MAX, || {
                sum.add(run.step(&data, self.batch, self.learning_rate));
                true
            });
            sum.read_mean().await?;
            longest = longest.max(chunk_start.elapsed());
            steps += in_chunk.steps;
            chunks += 1;
            yield_now().await;
        }
        let secs = start.elapsed().as_secs_f32();
        Ok(Paced { steps, secs, steps_per_sec: steps as f32 / secs.max(1e-6), chunks, longest_chunk_ms: longest.as_secs_f32() * 1e3 })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use burn::prelude::Device;
    use futures::executor::block_on;

    #[test]
    fn the_three_cases_have_the_issues_shapes_and_run() {
        let shapes: Vec<String> = bench_cases().iter().map(|c| c.spec(&Dataset::generate(&c.dataset)).describe()).collect();
        assert_eq!(shapes, ["2-16-16-3", "2-64-64-3", "64-256-256-10"]);
        let small = bench_case("small").unwrap();
        let t = block_on(small.run(&Devices::new(Device::flex()), 2, 5)).unwrap();
        assert!(t.steps_per_sec > 0.0 && t.samples_per_sec == t.steps_per_sec * 64.0 && t.params == 2 * 16 + 16 + 16 * 16 + 16 + 16 * 3 + 3, "{t:?}");
        let json: serde_json::Value = serde_json::from_str(&small.data_json()).unwrap();
        assert_eq!(json["x"].as_array().unwrap().len(), 2 * json["y"].as_array().unwrap().len());
    }

    #[test]
    fn paced_training_yields_after_every_chunk() {
        let yields = std::cell::Cell::new(0);
        let case = bench_case("small").unwrap();
        let p = block_on(case.run_paced(&Devices::new(Device::flex()), Duration::from_millis(60), Duration::from_millis(5), || {
            yields.set(yields.get() + 1);
            std::future::ready(())
        }))
        .unwrap();
        assert_eq!(p.chunks, yields.get());
        assert!(p.chunks >= 2 && p.steps >= p.chunks && p.longest_chunk_ms >= 5.0, "{p:?}");
        assert!((p.steps_per_sec - p.steps as f32 / p.secs).abs() < 1e-3 * p.steps_per_sec, "{p:?}");
    }
}
