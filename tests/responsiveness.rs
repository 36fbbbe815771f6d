//! Responsiveness in a page of its own: this file is its own wasm instance,
//! so the training code is cold (never run before in this page) when the
//! measurement starts, as it is for a person who opens the page and presses
//! play. Chromium reports `longtask` entries; Firefox does not, and says so.

#![cfg(target_arch = "wasm32")]

use kd_playground::ui::web::sleep_ms;
use wasm_bindgen_test::*;

mod common;
use common::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn longest_task_while_training_stays_short() {
    if !longtasks_supported() {
        web_sys::console::log_1(&"longtask entries unsupported in this browser: not measured".into());
        return;
    }
    let root = mount(false);
    wait_until("initial accuracy", 5000, || text(&root, "teacher-accuracy").contains('%')).await;
    observe_long_tasks("__cpuTasks");
    click(&root, "train-teacher");
    sleep_ms(3000).await;
    click(&root, "train-teacher");
    let (tasks, longest) = long_tasks("__cpuTasks");
    web_sys::console::log_1(&format!("long tasks while training on the CPU (start, ms): {tasks}").into());
    assert!(longest < 50.0, "a {longest} ms task blocked the page; all: {tasks}");
}
