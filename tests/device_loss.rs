//! A WebGPU device lost mid-run (simulated with `device.destroy()`, as a
//! driver reset or a GPU process crash would do it) moves training to the
//! CPU with a notice, and the run restarts there. It starts from settings
//! that ask for WebGPU, which the page honours once its probe has run. A
//! page of its own: burn's wgpu runtime is initialised once per page, and
//! this test kills it.
//! Browsers without WebGPU (Firefox ESR) have nothing to lose: the test is
//! ignored there, by name (tests/common/mod.rs).

#![cfg(target_arch = "wasm32")]

mod common;

use common::{click, expect_webgpu, find, mount_config, teacher_step, text, wait_until};
use kd_playground::core::config::{BackendPreference, PlaygroundConfig};
use wasm_bindgen_test::*;
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

fn backend(root: &Element) -> String {
    find(root, "backend").get_attribute("data-backend").unwrap_or_default()
}

#[wasm_bindgen_test]
#[ignore = "needs WebGPU"]
async fn a_lost_webgpu_device_moves_training_to_the_cpu_with_a_notice_and_the_run_restarts() {
    expect_webgpu().await;
    // Settings that ask for WebGPU (as a link or the saved settings may): the
    // page switches once the probe has run, without touching the selector.
    let config = PlaygroundConfig { backend: BackendPreference::WebGpu, ..PlaygroundConfig::default() };
    let root = mount_config(config, true);
    let header = || find(&root, "backend-select").parent_element().unwrap().parent_element().unwrap().text_content().unwrap_or_default();
    wait_until("the probe", 120_000, || header().contains("WebGPU probe:")).await;
    wait_until("the WebGPU backend", 30_000, || backend(&root) == "webgpu").await;
    click(&root, "train-teacher");
    wait_until("steps on WebGPU", 120_000, || teacher_step(&root) >= 2).await;

    let destroyed = js_sys::eval("(globalThis.__kdGpuDevices || []).map(d => (d.destroy(), 1)).length").unwrap().as_f64().unwrap();
    assert!(destroyed >= 1.0, "wgpu's device was not seen");
    wait_until("the fall-back to the CPU", 30_000, || backend(&root) == "cpu").await;
    wait_until("the notice", 10_000, || {
        root.query_selector("[data-testid=notice]").unwrap().is_some_and(|n| n.text_content().unwrap_or_default().contains("WebGPU device was lost"))
    })
    .await;
    assert!(header().contains("the device was lost"), "{}", header());
    assert!(find(&root, "backend-select").query_selector("option[value=webgpu]").unwrap().unwrap().has_attribute("disabled"), "WebGPU can no longer be chosen");
    assert_eq!(teacher_step(&root), 0, "the teacher starts over on the CPU");

    // The run restarts on the CPU.
    click(&root, "train-teacher");
    wait_until("steps on the CPU", 30_000, || teacher_step(&root) >= 20).await;
    click(&root, "train-teacher");
    assert_eq!(backend(&root), "cpu");
    assert!(
        find(&root, "error-banner").class_list().contains("hidden"),
        "the lost device's failed read is not left as an error: {}",
        text(&root, "error-banner")
    );
    web_sys::console::log_1(&format!("after the loss: {} · banner: {:?}", text(&root, "backend"), text(&root, "error-banner")).into());
}
