//! Choosing the compute backend by measurement. The CPU (burn Flex) is always
//! there; WebGPU is initialised only after the adapter probe succeeds, then
//! both are timed on the current teacher and the faster one is proposed.
//! Measured here: a 2-64-64-3 MLP trains ~100× faster on the CPU backend than
//! on Chromium's software WebGPU adapter, so no backend is assumed faster.

use std::time::Duration;

use burn::prelude::Device;

use crate::core::backend_probe::{Probe, probe_steps_per_sec};
use crate::core::config::PlaygroundConfig;
use crate::core::dataset::Dataset;
use crate::core::protocol::ProbeReport;
use crate::core::session::DeviceSource;
use crate::core::trainer::Devices;

use super::boundary::browser::{on_webgpu_device_lost, webgpu_adapter_available, yield_now};

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
    let devices = Devices::new(init_wgpu().await?);
    WEBGPU.with_borrow_mut(|d| *d = Some(devices.clone()));
    Ok(devices)
}

/// burn's wgpu runtime on the adapter, where this module has the engine
/// (built with the `webgpu` feature: only the training worker loads that
/// build, and only where the browser has an adapter; the page's own thread
/// runs the build without it; see `scripts/build/csp_loader.py`).
#[cfg(feature = "webgpu")]
async fn init_wgpu() -> Result<Device, String> {
    Device::wgpu_options().init_async().await.map_err(|e| format!("WebGPU initialisation failed: {e:?}"))
}

#[cfg(not(feature = "webgpu"))]
async fn init_wgpu() -> Result<Device, String> {
    Err("this build has no WebGPU engine: the engine loads only in the training worker, where the browser offers a WebGPU adapter".into())
}

/// Times the teacher of `config` on `devices` for about `budget`.
pub async fn probe(devices: &Devices, config: &PlaygroundConfig, budget: Duration, min_steps: usize) -> Result<Probe, String> {
    let dataset = Dataset::generate(&config.dataset);
    let spec = config.teacher_spec(dataset.train.dim, dataset.classes);
    probe_steps_per_sec(devices, &spec, &dataset, config.batch_size, budget, min_steps, yield_now).await
}

/// The devices of this instance (the page's or the worker's) for the
/// session: the CPU always, WebGPU once [`webgpu_devices`] has initialised it
/// and until the device is lost.
pub struct BrowserDevices;

impl DeviceSource for BrowserDevices {
    fn cpu(&self) -> Devices {
        cpu_devices()
    }

    fn webgpu(&self) -> Option<Devices> {
        WEBGPU.with_borrow(|d| d.clone())
    }
}

/// Measures both backends on the teacher of `config`, reporting each finding
/// as it comes: the CPU first (well under a second), then WebGPU's adapter,
/// its initialisation and its timing (the first step compiles shaders: many
/// seconds on a software adapter), then `Done`. A WebGPU device lost at any
/// time later is reported too, and is not offered again.
pub async fn probe_backends(config: PlaygroundConfig, report: impl Fn(ProbeReport) + Clone + 'static) {
    if let Ok(p) = probe(&cpu_devices(), &config, Duration::from_millis(400), 5).await {
        report(ProbeReport::CpuTimed(p.steps_per_sec));
    }
    let on_lost = report.clone();
    on_webgpu_device_lost(move |reason| {
        WEBGPU.with_borrow_mut(|d| *d = None);
        on_lost(ProbeReport::WebGpuLost(reason));
    });
    match webgpu_devices().await {
        Err(why) => report(ProbeReport::WebGpuUnavailable(why)),
        Ok(devices) => {
            report(ProbeReport::WebGpuReady);
            match probe(&devices, &config, Duration::from_millis(1500), 3).await {
                // Unless the device was lost while it was being timed.
                Ok(p) if BrowserDevices.webgpu().is_some() => report(ProbeReport::WebGpuTimed { steps_per_sec: p.steps_per_sec, warmup_secs: p.warmup_secs }),
                Ok(_) => {}
                Err(e) => report(ProbeReport::WebGpuFailed(format!("probe failed: {e}"))),
            }
        }
    }
    report(ProbeReport::Done);
}
