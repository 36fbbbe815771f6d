//! The performance harness's training benchmark (docs/PERFORMANCE.md): fixed
//! cases — model, data, batch, Adam's step size — that burn runs here
//! (natively, in wasm on the CPU, on WebGPU) and TensorFlow.js runs in the
//! same browser from the same data ([`BenchCase::data_files`]): three MLPs on
//! the 2-D and 8×8 data, and the MNIST issue's small CNN teacher and tiny CNN
//! student on MNIST's training digits (these need MNIST installed first).
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
use super::model_presets::preset;
use super::pacing::{self, LossSum, time_first_step};
use super::trainer::{DeviceData, Devices, SupervisedRun, read_loss};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BenchCase {
    pub name: &'static str,
    pub dataset: DatasetSpec,
    pub net: BenchNet,
    pub batch: usize,
    pub learning_rate: f32,
}

/// A case's network: an MLP of these hidden widths, or a model preset
/// (`model_presets`) by id.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum BenchNet {
    Mlp(Vec<usize>),
    Preset(&'static str),
}

/// The MLP cases first (a small student, the default teacher, the digits
/// teacher), then the cases on MNIST with the page's settings for them
/// (batch 64; Adam at 0.002, the small CNN's step size in `mnist_bench`):
/// the CNN teacher and student, and Hinton et al.'s MLP teacher.
pub fn bench_cases() -> Vec<BenchCase> {
    let spiral = |points| DatasetSpec { kind: DatasetKind::Spiral, classes: 3, points, ..DatasetSpec::default() };
    let digits = DatasetSpec::all_digits();
    let case = |name, dataset, net, learning_rate| BenchCase { name, dataset, net, batch: 64, learning_rate };
    let mlp = |hidden: &[usize]| BenchNet::Mlp(hidden.to_vec());
    vec![
        case("small", spiral(600), mlp(&[16, 16]), 0.01),
        case("teacher", spiral(1000), mlp(&[64, 64]), 0.01),
        case("digits", digits, mlp(&[256, 256]), 0.01),
        case("cnn-teacher", DatasetSpec::mnist(), BenchNet::Preset("small-cnn"), 0.002),
        case("cnn-student", DatasetSpec::mnist(), BenchNet::Preset("tiny-cnn"), 0.002),
        // Hinton et al.'s MNIST teacher: the real-GPU comparison's MLP (`kd-bench gpu`).
        case("mnist-mlp-teacher", DatasetSpec::mnist(), BenchNet::Preset("hinton-teacher"), 0.002),
    ]
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
        match &self.net {
            BenchNet::Mlp(hidden) => NetSpec::mlp(dataset.train.dim, hidden.clone(), dataset.classes),
            BenchNet::Preset(id) => preset(id).expect("a bench case names a preset that exists").architecture.spec(dataset.train.dim, dataset.classes),
        }
    }

    /// Whether the case trains on MNIST, which must be installed first.
    pub fn needs_mnist(&self) -> bool {
        self.dataset.kind == DatasetKind::Mnist
    }

    /// What the TF.js page needs to build the same network and train it on
    /// the same rows: JSON `{y, dim, classes, hidden, conv, dropout, batch, lr}` (conv:
    /// one `{filters, kernel, pool}` per block, "same" padding) and the
    /// training rows' features, flat and row-major, as little-endian f32
    /// bytes (MNIST's are 25 MB: too many for a JSON array).
    pub fn data_files(&self) -> (String, Vec<u8>) {
        let d = Dataset::generate(&self.dataset);
        let spec = self.spec(&d);
        let conv: Vec<_> = spec.conv.iter().map(|b| serde_json::json!({ "filters": b.channels, "kernel": b.kernel, "pool": b.pool })).collect();
        let json = serde_json::json!({
            "y": d.train.y, "dim": d.train.dim, "classes": d.classes,
            "hidden": spec.hidden, "conv": conv, "dropout": spec.dropout, "params": spec.param_count(),
            "batch": self.batch, "lr": self.learning_rate,
        });
        (json.to_string(), d.train.x.iter().flat_map(|v| v.to_le_bytes()).collect())
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
    fn the_cases_have_the_issues_shapes_and_run() {
        crate::core::mnist::load_shipped().unwrap();
        let shapes: Vec<String> = bench_cases().iter().map(|c| c.spec(&Dataset::generate(&c.dataset)).describe()).collect();
        assert_eq!(shapes, ["2-16-16-3", "2-64-64-3", "64-256-256-10", "784-16c3-32c3-128-10", "784-4c3-8c3-10", "784-1200-1200-10"]);
        let small = bench_case("small").unwrap();
        let t = block_on(small.run(&Devices::new(Device::flex()), 2, 5)).unwrap();
        assert!(t.steps_per_sec > 0.0 && t.samples_per_sec == t.steps_per_sec * 64.0 && t.params == 2 * 16 + 16 + 16 * 16 + 16 + 16 * 3 + 3, "{t:?}");
        let (json, x) = small.data_files();
        let json: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(x.len(), 4 * 2 * json["y"].as_array().unwrap().len());
        assert_eq!((json["hidden"].clone(), json["conv"].clone()), (serde_json::json!([16, 16]), serde_json::json!([])));
    }

    #[test]
    fn the_cnn_cases_tell_tfjs_their_blocks_and_train() {
        crate::core::mnist::load_shipped().unwrap();
        let student = bench_case("cnn-student").unwrap();
        let (json, x) = student.data_files();
        let json: serde_json::Value = serde_json::from_str(&json).unwrap();
        let rows = json["y"].as_array().unwrap().len();
        assert_eq!((x.len(), json["dim"].as_u64()), (4 * 784 * rows, Some(784)));
        let blocks = serde_json::json!([{ "filters": 4, "kernel": 3, "pool": 2 }, { "filters": 8, "kernel": 3, "pool": 2 }]);
        assert_eq!((json["conv"].clone(), json["hidden"].clone(), json["params"].as_u64()), (blocks, serde_json::json!([]), Some(4266)));
        let t = block_on(student.run(&Devices::new(Device::flex()), 1, 3)).unwrap();
        assert_eq!((t.params, t.steps), (4266, 3));
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
