//! The page answers while it trains, in a page of its own: this file is its
//! own wasm instance, so the training code is cold (never run before in this
//! page) when the first run starts, as it is for a person who opens the page
//! and presses play. For each kind of run the training goes on (what its
//! panel shows changes) and the slider still moves the bars, in every
//! browser. How long the page's main-thread tasks get meanwhile is a number
//! for the harness (scripts/harness/bench.py, "cold page"), which prints it
//! against its 50 ms budget, not a test's limit.

#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::Element;

mod common;
use common::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn the_page_answers_the_slider_while_each_kind_of_run_trains() {
    let root = mount(false);
    wait_until("initial accuracy", 5000, || text(&root, "teacher-accuracy").contains('%')).await;
    wait_until("bars", 5000, || root.query_selector("[data-testid=soft-target-bars] .bar").unwrap().is_some()).await;
    // The code is cold here: nothing has trained in this page yet.
    while_playing(&root, "train-teacher", "the teacher").await;
    // The students: two networks, their maps, the feature and relation views.
    while_playing(&root, "train-students", "the students").await;
    assert!(text(&root, "student-kd-accuracy").contains('%'), "the students trained");
    // A strategy run (a mutual-learning pair), then the digits with their matrices.
    while_playing(&root, "train-strategy", "the mutual-learning pair").await;
    let kind: web_sys::HtmlSelectElement = find(&root, "dataset-kind").unchecked_into();
    kind.set_value("digits");
    fire(&kind, "change");
    wait_until("the digits", 10_000, || root.query_selector("[data-testid=teacher-heatmap] rect[data-row]").unwrap().is_some()).await;
    while_playing(&root, "train-teacher", "the digits teacher").await;
    while_playing(&root, "train-students", "the digits students").await;
    assert!(find(&root, "error-banner").class_list().contains("hidden"), "{}", text(&root, "error-banner"));
}

/// Plays `button`; while it trains (its panel's charts change) the slider
/// moves the bars; then pauses it.
async fn while_playing(root: &Element, button: &str, what: &str) {
    let from = charts(root, button);
    click(root, button);
    wait_until(&format!("{what} to train"), 60_000, || charts(root, button) != from).await;
    slider_moves_the_bars(root, &format!("while {what} trains")).await;
    let later = charts(root, button);
    wait_until(&format!("{what} to go on training"), 60_000, || charts(root, button) != later).await;
    click(root, button);
    wait_until(&format!("{what} to pause"), 10_000, || text(root, button).contains("Train")).await;
}

/// The lines of the line charts in the panel of the play button `button`
/// (their points): they change with every evaluation of a run.
fn charts(root: &Element, button: &str) -> String {
    let lines = find(root, button).closest("section").unwrap().unwrap().query_selector_all("polyline").unwrap();
    (0..lines.length()).filter_map(|i| lines.item(i).unwrap().unchecked_into::<Element>().get_attribute("points")).collect::<Vec<_>>().join(";")
}
