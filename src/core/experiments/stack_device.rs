//! Where a stacked sweep trains: on the GPU only where it measures faster.
//!
//! Measured (docs/PERFORMANCE.md, "Where a GPU starts to pay"): a stacked
//! step on an NVIDIA H200 through wgpu costs 3–6 ms whatever its size (launch
//! and synchronisation bound), and its first step compiles shaders for up to
//! 6 s; Chromium's software adapter is slower still. The CPU backend takes
//! 0.3 ms for a tiny stack and seconds for a wide one. So the choice follows
//! a measurement of *this* stack: a few CPU steps first (cheap); only when
//! the whole sweep would take the CPU longer than `worth_probing` is the GPU
//! timed too (its shader compilation would cost more than a short sweep
//! gains), and the faster per step wins.

use std::time::Duration;

use web_time::Instant;

use crate::core::dataset::Dataset;
use crate::core::model::{MlpSpec, read_f32};
use crate::core::stacked::{StackedNet, StackedStudents};
use crate::core::trainer::{Classifier, DeviceData, Devices};

/// A GPU the sweep may use, and when it is worth timing it.
#[derive(Debug, Clone)]
pub struct GpuOffer {
    pub devices: Devices,
    /// What the page calls it ("WebGPU", or "wgpu" natively).
    pub name: &'static str,
    /// Time the GPU only when the sweep would take the CPU at least this long.
    pub worth_probing: Duration,
}

/// Timed steps per probe (after one warm-up step, which on a GPU compiles).
const PROBE_STEPS: usize = 4;

/// What was measured, and where the stack trains.
#[derive(Debug, Clone, PartialEq)]
pub struct StackPlacement {
    pub cpu_ms_per_step: f32,
    /// The GPU's first step (compilation) and steady step, when it was timed.
    pub gpu: Option<(f32, f32)>,
    pub on_gpu: bool,
    /// The offered GPU's name, if one was offered.
    pub gpu_name: Option<&'static str>,
    /// The CPU's estimate for the whole sweep, in seconds.
    pub cpu_estimate_secs: f32,
    pub worth_probing_secs: f32,
}

impl StackPlacement {
    /// The decision from the figures: time the GPU only when the CPU would
    /// take at least `worth_probing` for `steps`; then the faster step wins.
    pub fn decide(cpu_ms_per_step: f32, steps: usize, worth_probing: Duration) -> bool {
        cpu_ms_per_step * steps as f32 / 1e3 >= worth_probing.as_secs_f32()
    }

    /// One sentence for the page: where it trained and why.
    pub fn describe(&self) -> String {
        let cpu = format!("CPU {:.2} ms/step", self.cpu_ms_per_step);
        match (self.gpu_name, self.gpu) {
            (None, _) => format!("stacked on the CPU backend ({cpu}; no GPU to compare with)"),
            (Some(name), None) => format!(
                "stacked on the CPU backend ({cpu}, about {:.1} s in all: under the {:.0} s that would repay timing {name}, whose first step compiles shaders)",
                self.cpu_estimate_secs, self.worth_probing_secs
            ),
            (Some(name), Some((first, gpu))) => {
                let winner = if self.on_gpu { name } else { "the CPU backend" };
                format!("stacked on {winner}, measured faster ({cpu}; {name} {gpu:.2} ms/step after a {:.1} s first step)", first / 1e3)
            }
        }
    }
}

/// Times a throwaway copy of the stack on `devices`: (first step, steady step) in ms.
#[allow(clippy::too_many_arguments)]
async fn time_steps(spec: &MlpSpec, nets: &[StackedNet], teacher: &Classifier, transfer: &Dataset, devices: &Devices, batch: usize, learning_rate: f32) -> Result<(f32, f32), String> {
    let teacher = Classifier::new(&teacher.model.weights(&teacher.spec).await?, devices);
    let data = DeviceData::new(transfer, devices);
    let mut stack = StackedStudents::new(spec, nets.to_vec(), &teacher, &data, devices);
    let start = Instant::now();
    read_f32(stack.step(&data, batch, learning_rate)).await?;
    let first = start.elapsed().as_secs_f32() * 1e3;
    let start = Instant::now();
    for _ in 0..PROBE_STEPS {
        read_f32(stack.step(&data, batch, learning_rate)).await?;
    }
    Ok((first, start.elapsed().as_secs_f32() * 1e3 / PROBE_STEPS as f32))
}

/// Measures, decides, and returns the devices the stack should train on.
#[allow(clippy::too_many_arguments)]
pub async fn place_stack(spec: &MlpSpec, nets: &[StackedNet], teacher: &Classifier, transfer: &Dataset, cpu: &Devices, gpu: Option<&GpuOffer>, batch: usize, learning_rate: f32, steps: usize) -> Result<(Devices, StackPlacement), String> {
    let (_, cpu_ms) = time_steps(spec, nets, teacher, transfer, cpu, batch, learning_rate).await?;
    let cpu_estimate_secs = cpu_ms * steps as f32 / 1e3;
    let mut placement = StackPlacement { cpu_ms_per_step: cpu_ms, gpu: None, on_gpu: false, gpu_name: gpu.map(|g| g.name), cpu_estimate_secs, worth_probing_secs: gpu.map_or(0.0, |g| g.worth_probing.as_secs_f32()) };
    let Some(offer) = gpu.filter(|g| StackPlacement::decide(cpu_ms, steps, g.worth_probing)) else {
        return Ok((cpu.clone(), placement));
    };
    // A GPU that fails its probe (lost, out of memory) leaves the CPU in charge.
    if let Ok((first, gpu_ms)) = time_steps(spec, nets, teacher, transfer, &offer.devices, batch, learning_rate).await {
        placement.gpu = Some((first, gpu_ms));
        placement.on_gpu = gpu_ms < cpu_ms;
    }
    Ok((if placement.on_gpu { offer.devices.clone() } else { cpu.clone() }, placement))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_gpu_is_timed_only_when_the_cpu_would_take_long() {
        // 2 ms × 300 steps = 0.6 s: not worth a compile; 200 ms × 300 = 60 s is.
        assert!(!StackPlacement::decide(2.0, 300, Duration::from_secs(20)));
        assert!(StackPlacement::decide(200.0, 300, Duration::from_secs(20)));
        assert!(StackPlacement::decide(0.0, 1, Duration::ZERO));
    }

    #[test]
    fn the_sentence_names_the_winner_and_the_figures() {
        let p = StackPlacement { cpu_ms_per_step: 12.0, gpu: Some((1500.0, 3.25)), on_gpu: true, gpu_name: Some("WebGPU"), cpu_estimate_secs: 36.0, worth_probing_secs: 20.0 };
        assert_eq!(p.describe(), "stacked on WebGPU, measured faster (CPU 12.00 ms/step; WebGPU 3.25 ms/step after a 1.5 s first step)");
        let p = StackPlacement { gpu: None, on_gpu: false, cpu_estimate_secs: 0.6, ..p };
        assert!(p.describe().starts_with("stacked on the CPU backend (CPU 12.00 ms/step, about 0.6 s in all: under the 20 s"), "{}", p.describe());
    }
}
