//! Responsiveness in a page of its own: this file is its own wasm instance,
//! so the training code is cold (never run before in this page) when the
//! measurement starts, as it is for a person who opens the page and presses
//! play. Chromium reports `longtask` entries; Firefox does not, and says so.

#![cfg(target_arch = "wasm32")]

use kd_playground::ui::boundary::browser::sleep_ms;
use wasm_bindgen::JsCast;
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
    // The code is cold here: nothing has trained in this page yet.
    measure_while_playing(&root, "train-teacher", "__teacherTasks", "the teacher").await;
    // The students: two networks, their maps, the feature and relation views.
    measure_while_playing(&root, "train-students", "__studentTasks", "the students").await;
    assert!(text(&root, "student-kd-accuracy").contains('%'), "the students trained");
    // A strategy run (a mutual-learning pair), then the digits with their matrices.
    measure_while_playing(&root, "train-strategy", "__strategyTasks", "the mutual-learning pair").await;
    let kind: web_sys::HtmlSelectElement = find(&root, "dataset-kind").unchecked_into();
    kind.set_value("digits");
    fire(&kind, "change");
    wait_until("the digits", 10_000, || root.query_selector("[data-testid=teacher-heatmap] rect[data-row]").unwrap().is_some()).await;
    measure_while_playing(&root, "train-teacher", "__digitsTeacherTasks", "the digits teacher").await;
    measure_while_playing(&root, "train-students", "__digitsStudentTasks", "the digits students").await;
}

/// Plays `button` for three seconds and fails on any main-thread task over 50 ms.
async fn measure_while_playing(root: &web_sys::Element, button: &str, name: &str, what: &str) {
    sleep_ms(200).await;
    observe_long_tasks(name);
    click(root, button);
    sleep_ms(3000).await;
    click(root, button);
    let (tasks, longest) = long_tasks(name);
    web_sys::console::log_1(&format!("long tasks while training {what} (start, ms): {tasks}").into());
    assert!(longest < 50.0, "{what}: a {longest} ms task blocked the page; all: {tasks}");
}
