//! A stacked temperature sweep in a real browser, offered WebGPU as the page
//! offers it: it times the stack on the CPU backend and on WebGPU, trains
//! where the step measured faster, says so, and gives the rows the CPU-only
//! sweep gives. A page of its own, like device_loss.rs: it initialises
//! burn's wgpu runtime. Browsers without WebGPU (Firefox ESR) run the
//! CPU-only test and ignore, by name, the one that needs WebGPU
//! (tests/common/mod.rs).

#![cfg(target_arch = "wasm32")]

use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use kd_playground::core::config::PlaygroundConfig;
use kd_playground::core::experiments::result::ExperimentResult;
use kd_playground::core::experiments::runner::{ExperimentEvent, RunOptions, run_experiment};
use kd_playground::core::experiments::stack_device::GpuOffer;
use kd_playground::core::experiments::{ExperimentKind, ExperimentSpec};
use kd_playground::ui::backend::{cpu_devices, webgpu_devices};
use kd_playground::ui::boundary::browser::yield_now;
use kd_playground::words::experiments::placement;
use wasm_bindgen_test::*;

mod common;

wasm_bindgen_test_configure!(run_in_browser);

/// A temperature sweep at T = 1 and 4, one seed, short runs.
fn spec() -> ExperimentSpec {
    ExperimentSpec {
        values: vec![1.0, 4.0],
        seeds: vec![0],
        teacher_steps: 30,
        student_steps: 30,
        ..ExperimentSpec::default_for(ExperimentKind::TemperatureSweep)
    }
}

async fn sweep(spec: &ExperimentSpec, gpu: Option<GpuOffer>) -> ExperimentResult {
    let options = RunOptions { stacking: true, gpu };
    let end = run_experiment(
        &PlaygroundConfig::default(),
        spec,
        &cpu_devices(),
        Arc::new(AtomicBool::new(false)),
        &mut |_| {},
        yield_now,
        Duration::from_millis(12),
        &options,
    )
    .await;
    let ExperimentEvent::Finished(result) = end else { panic!("{end:?}") };
    result
}

#[wasm_bindgen_test]
async fn a_stacked_sweep_offered_no_gpu_trains_on_the_cpu_and_says_so() {
    let said = sweep(&spec(), None).await.trained_on.as_ref().map(placement).unwrap_or_default();
    assert!(said.starts_with("stacked on the CPU backend") && said.contains("no GPU to compare with"), "{said}");
}

#[wasm_bindgen_test]
#[ignore = "needs WebGPU"]
async fn a_stacked_sweep_offered_webgpu_trains_where_it_measured_faster() {
    common::expect_webgpu().await;
    let spec = spec();
    let on_cpu = sweep(&spec, None).await;
    let devices = webgpu_devices().await.expect("wgpu initialises on the adapter");
    // Worth timing at once (the page waits for a 20 s sweep): both are measured.
    let offered = sweep(&spec, Some(GpuOffer { devices, name: "WebGPU", worth_probing: Duration::ZERO, always: false })).await;
    let said = offered.trained_on.as_ref().map(placement).unwrap_or_default();
    web_sys::console::log_1(&said.clone().into());
    assert!(said.contains("measured faster") && said.contains("WebGPU") && said.contains("ms/step after a"), "{said}");
    assert_eq!(offered.rows.len(), on_cpu.rows.len());
    for (a, b) in offered.rows.iter().zip(&on_cpu.rows) {
        assert!((a.test_accuracy - b.test_accuracy).abs() <= 1.0 / offered.test_count as f32, "{a:?}\n{b:?}");
    }
}
