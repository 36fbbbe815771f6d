//! Where a stacked sweep trains: on the GPU only where it measures faster.
//!
//! Measured (docs/PERFORMANCE.md, "Where a GPU starts to pay"): a stacked
//! step on an NVIDIA H200 through wgpu costs 3–6 ms whatever its size (launch
//! and synchronisation bound), and its first step compiles shaders for up to
//! 6 s; Chromium's software adapter is slower still. The CPU backend takes
//! 0.3 ms for a tiny stack and seconds for a wide one. So the choice follows
//! a measurement of *this* stack: a few CPU steps of a few of its networks
//! first (cheap); only when the whole sweep would take the CPU longer than
//! `worth_probing` is the GPU timed too (its shader compilation would cost
//! more than a short sweep gains), and the faster per step wins. On the CPU,
//! the measured cost per network also sets how many networks one step may
//! stack and still fit the page's frame budget ([`StackPlacement::group_size`]).

use std::time::Duration;

// The engine's half (burn, training): not in the page's UI-only module.
#[cfg(feature = "engine")]
use {
    crate::core::dataset::Dataset,
    crate::core::model::NetSpec,
    crate::core::net::read_f32,
    crate::core::pacing::{time_each_step, time_first_step},
    crate::core::stacked::{StackedNet, StackedStudents},
    crate::core::trainer::{Classifier, DeviceData, Devices},
};

#[cfg(feature = "engine")]
/// A GPU the sweep may use, and when it is worth timing it.
#[derive(Debug, Clone)]
pub struct GpuOffer {
    pub devices: Devices,
    /// What the page calls it ("WebGPU", or "wgpu" natively).
    pub name: &'static str,
    /// Time the GPU only when the sweep would take the CPU at least this long.
    pub worth_probing: Duration,
    /// Train on the GPU whatever the timing, when it works (tests and
    /// benchmarks of the GPU path; the page never sets it).
    pub always: bool,
}

#[cfg(feature = "engine")]
/// Timed steps per probe (after one warm-up step, which on a GPU compiles).
const PROBE_STEPS: usize = 4;
#[cfg(feature = "engine")]
/// Networks the CPU probe stacks (its cost per network stands for all).
const PROBE_NETS: usize = 4;

/// What was measured, and where the stack trains: data the front-ends word
/// (`words::experiments::placement`).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct StackPlacement {
    /// Networks in the whole stack.
    pub nets: usize,
    /// A CPU step's cost per stacked network (measured on up to 4 of them;
    /// per-step overhead makes this an overestimate for larger stacks).
    pub cpu_ms_per_net: f32,
    /// The GPU's first step (compilation) and steady step of the whole
    /// stack, when it was timed.
    pub gpu: Option<(f32, f32)>,
    /// Why timing the GPU failed, when it did.
    pub gpu_failed: Option<String>,
    pub on_gpu: bool,
    /// The offered GPU's name, if one was offered.
    pub gpu_name: Option<String>,
    /// Student steps the sweep takes.
    pub steps: usize,
    pub worth_probing_secs: f32,
}

impl StackPlacement {
    /// The decision from the figures: time the GPU only when the CPU would
    /// take at least `worth_probing` for `steps`; then the faster step wins.
    pub fn decide(cpu_ms_per_step: f32, steps: usize, worth_probing: Duration) -> bool {
        cpu_ms_per_step * steps as f32 / 1e3 >= worth_probing.as_secs_f32()
    }

    /// A CPU step of the whole stack, estimated from the probe.
    pub fn cpu_ms_per_step(&self) -> f32 {
        self.cpu_ms_per_net * self.nets as f32
    }

    /// The whole sweep on the CPU, estimated from the probe, in seconds.
    pub fn cpu_estimate_secs(&self) -> f32 {
        self.cpu_ms_per_step() * self.steps as f32 / 1e3
    }

    /// How many networks one step may stack: all of them on the GPU (its
    /// work does not hold the page's thread), and on the CPU as many as fit
    /// in `budget` (at least one), so a wide sweep does not freeze the page.
    /// The networks are independent, so splitting changes no result.
    pub fn group_size(&self, budget: Duration) -> usize {
        match self.on_gpu {
            true => self.nets,
            false => ((budget.as_secs_f32() * 1e3 / self.cpu_ms_per_net.max(1e-6)) as usize).clamp(1, self.nets.max(1)),
        }
    }
}

/// A measured placement for tests: four networks, WebGPU timed and faster.
#[cfg(test)]
pub(crate) fn measured_example() -> StackPlacement {
    StackPlacement {
        nets: 4,
        cpu_ms_per_net: 3.0,
        gpu: Some((1500.0, 3.25)),
        gpu_failed: None,
        on_gpu: true,
        gpu_name: Some("WebGPU".into()),
        steps: 3000,
        worth_probing_secs: 20.0,
    }
}

#[cfg(feature = "engine")]
/// What a probe needs: the stack's shape and networks, its teacher and data,
/// and the step's knobs.
pub struct ProbeInput<'a> {
    pub spec: &'a NetSpec,
    pub nets: &'a [StackedNet],
    pub teacher: &'a Classifier,
    pub transfer: &'a Dataset,
    pub batch: usize,
    pub learning_rate: f32,
    /// Student steps the sweep will take.
    pub steps: usize,
}

#[cfg(feature = "engine")]
/// Times a throwaway stack of `nets` on `devices`, giving the page a turn
/// between steps: (first step, steady step) in ms.
async fn time_steps<Y: Future<Output = ()>>(
    input: &ProbeInput<'_>,
    nets: &[StackedNet],
    devices: &Devices,
    yield_now: &impl Fn() -> Y,
) -> Result<(f32, f32), String> {
    let teacher = input.teacher.moved_to(devices).await?;
    let data = DeviceData::new(input.transfer, devices);
    let mut stack = StackedStudents::new(input.spec, nets.to_vec(), &teacher, &data, |_| (0..data.n_train).collect(), devices);
    let first = time_first_step(async || read_f32(stack.step(&data, input.batch, input.learning_rate)).await.map(drop)).await?;
    let timed =
        time_each_step(PROBE_STEPS, Duration::ZERO, yield_now, async || read_f32(stack.step(&data, input.batch, input.learning_rate)).await.map(drop)).await?;
    Ok((first, timed.ms_per_step()))
}

#[cfg(feature = "engine")]
/// Measures, decides, and returns the devices the stack should train on.
pub async fn place_stack<Y: Future<Output = ()>>(
    input: &ProbeInput<'_>,
    cpu: &Devices,
    gpu: Option<&GpuOffer>,
    yield_now: &impl Fn() -> Y,
) -> Result<(Devices, StackPlacement), String> {
    let probe_nets = &input.nets[..input.nets.len().min(PROBE_NETS)];
    let (_, cpu_ms) = time_steps(input, probe_nets, cpu, yield_now).await?;
    let nets = input.nets.len();
    let cpu_ms_per_net = cpu_ms / probe_nets.len() as f32;
    let mut placement = StackPlacement {
        nets,
        cpu_ms_per_net,
        gpu: None,
        gpu_failed: None,
        on_gpu: false,
        gpu_name: gpu.map(|g| g.name.to_string()),
        steps: input.steps,
        worth_probing_secs: gpu.map_or(0.0, |g| g.worth_probing.as_secs_f32()),
    };
    let Some(offer) = gpu.filter(|g| g.always || StackPlacement::decide(placement.cpu_ms_per_step(), input.steps, g.worth_probing)) else {
        return Ok((cpu.clone(), placement));
    };
    // A GPU that fails its probe (lost, out of memory) leaves the CPU in charge, and the page says so.
    match time_steps(input, input.nets, &offer.devices, yield_now).await {
        Ok((first, gpu_ms)) => {
            placement.gpu = Some((first, gpu_ms));
            placement.on_gpu = offer.always || gpu_ms < placement.cpu_ms_per_step();
        }
        Err(why) => placement.gpu_failed = Some(why),
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
    fn a_cpu_stack_is_split_to_fit_the_frame_budget() {
        let p = StackPlacement { nets: 21, cpu_ms_per_net: 3.0, gpu: None, gpu_failed: None, on_gpu: false, gpu_name: None, steps: 0, worth_probing_secs: 0.0 };
        // 12 ms ÷ 3 ms a network = 4 networks a step; never fewer than one, never more than all.
        assert_eq!(p.group_size(Duration::from_millis(12)), 4);
        assert_eq!(p.group_size(Duration::ZERO), 1);
        assert_eq!(p.group_size(Duration::from_secs(1)), 21);
        assert_eq!(StackPlacement { on_gpu: true, ..p }.group_size(Duration::ZERO), 21, "a GPU step does not hold the page");
    }
}
