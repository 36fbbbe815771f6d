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
    /// Whether a device-loss watcher is registered for this instance.
    static WATCHING_LOSS: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
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
pub async fn probe(devices: &Devices, config: &PlaygroundConfig, dataset: &Dataset, budget: Duration, min_steps: usize) -> Result<Probe, String> {
    let spec = config.teacher_spec(dataset.train.dim, dataset.classes);
    probe_steps_per_sec(devices, &spec, dataset, config.batch_size, budget, min_steps, yield_now).await
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
/// as it comes: the model it times, the CPU (well under a second), then
/// WebGPU's adapter, its initialisation and its timing (the first step
/// compiles shaders: many seconds on a software adapter), then `Done`. A
/// WebGPU device lost at any time later is reported too, and is not offered
/// again. A probe that `is_current` no longer owns (the model changed and a
/// newer probe started) stops between its phases and reports nothing more:
/// its figures would describe a model that is gone.
pub async fn probe_backends(config: PlaygroundConfig, is_current: impl Fn() -> bool + 'static, report: impl Fn(ProbeReport) + Clone + 'static) {
    let Ok(()) = Dataset::ready(&config.dataset) else { return };
    let dataset = Dataset::generate(&config.dataset);
    report(ProbeReport::Timing(config.teacher_spec(dataset.train.dim, dataset.classes).describe()));
    if let Ok(p) = probe(&cpu_devices(), &config, &dataset, Duration::from_millis(400), 5).await {
        if !is_current() {
            return;
        }
        report(ProbeReport::CpuTimed(p.steps_per_sec));
    }
    // Once per instance: a later probe (a new model) must not report a loss twice.
    if !WATCHING_LOSS.replace(true) {
        let on_lost = report.clone();
        on_webgpu_device_lost(move |reason| {
            WEBGPU.with_borrow_mut(|d| *d = None);
            on_lost(ProbeReport::WebGpuLost(reason));
        });
    }
    match webgpu_devices().await {
        Err(why) => report(ProbeReport::WebGpuUnavailable(why)),
        Ok(devices) => {
            report(ProbeReport::WebGpuReady);
            let timed = probe(&devices, &config, &dataset, Duration::from_millis(1500), 3).await;
            if !is_current() {
                return;
            }
            match timed {
                // Unless the device was lost while it was being timed.
                Ok(p) if BrowserDevices.webgpu().is_some() => report(ProbeReport::WebGpuTimed { steps_per_sec: p.steps_per_sec, warmup_secs: p.warmup_secs }),
                Ok(_) => {}
                Err(e) => report(ProbeReport::WebGpuFailed(format!("probe failed: {e}"))),
            }
        }
    }
    report(ProbeReport::Done);
}
