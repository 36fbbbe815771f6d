//! Choosing the compute backend by measurement. The CPU (burn Flex) is always
//! there; WebGPU is initialised only after the adapter probe succeeds, then
//! both are timed on the current teacher and the faster one is proposed.
//! Measured here: a 2-64-64-3 MLP trains ~100× faster on the CPU backend than
//! on Chromium's software WebGPU adapter, so no backend is assumed faster.

use std::time::Duration;

use burn::prelude::Device;

use crate::core::bench::{Probe, probe_steps_per_sec};
use crate::core::config::PlaygroundConfig;
use crate::core::dataset::Dataset;
use crate::core::trainer::Devices;

use super::web::{webgpu_adapter_available, yield_now};

pub fn cpu_devices() -> Devices {
    super::constructors::run_once();
    Devices::new(Device::flex())
}

thread_local! {
    /// burn's wgpu runtime can be initialised once per page: keep its device.
    static WEBGPU: std::cell::RefCell<Option<Devices>> = const { std::cell::RefCell::new(None) };
}

/// Initialises (once) burn's wgpu runtime on the browser's WebGPU adapter.
pub async fn webgpu_devices() -> Result<Devices, String> {
    super::constructors::run_once();
    if let Some(devices) = WEBGPU.with_borrow(|d| d.clone()) {
        return Ok(devices);
    }
    webgpu_adapter_available().await?;
    let device = Device::wgpu_options().init_async().await.map_err(|e| format!("WebGPU initialisation failed: {e:?}"))?;
    let devices = Devices::new(device);
    WEBGPU.with_borrow_mut(|d| *d = Some(devices.clone()));
    Ok(devices)
}

/// Times the teacher of `config` on `devices` for about `budget`.
pub async fn probe(devices: &Devices, config: &PlaygroundConfig, budget: Duration, min_steps: usize) -> Result<Probe, String> {
    let dataset = Dataset::generate(&config.dataset);
    let spec = config.teacher_spec(dataset.train.dim, dataset.classes);
    probe_steps_per_sec(devices, &spec, &dataset, config.batch_size, budget, min_steps, yield_now).await
}
