//! Panel 7 in a real browser: costs are counted and measured for every
//! model on the page, and the compression ladder runs and puts every step on
//! the accuracy-vs-cost chart; each step downloads as an ONNX file.

#![cfg(target_arch = "wasm32")]

mod common;

use common::{click, find, mount, step_in_panel, table_rows, wait_until};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

async fn train(root: &Element, play: &str, title: &str, steps: usize) {
    click(root, play);
    wait_until(&format!("{steps} steps of {play}"), 60_000, || step_in_panel(root, play, title) >= steps).await;
    click(root, play);
    wait_until("the pause", 10_000, || find(root, play).text_content().unwrap_or_default().contains("Train")).await;
}

#[wasm_bindgen_test]
async fn every_model_gets_measured_costs_and_the_ladder_puts_each_step_on_the_chart() {
    let root = mount(false);
    wait_until("the first evaluation", 10_000, || find(&root, "teacher-accuracy").text_content().unwrap_or_default().contains('%')).await;
    train(&root, "train-teacher", "Teacher · step ", 300).await;
    // The students' panel shows no step count: they train until their first evaluation.
    click(&root, "train-students");
    wait_until("the students to train", 30_000, || find(&root, "student-kd-accuracy").text_content().unwrap_or_default().contains('%')).await;
    click(&root, "train-students");
    wait_until("the students' pause", 10_000, || find(&root, "train-students").text_content().unwrap_or_default().contains("Train")).await;
    wait_until("the students' metrics", 10_000, || find(&root, "student-kd-accuracy").text_content().unwrap_or_default().contains('%')).await;

    click(&root, "measure-costs");
    wait_until("three measured models", 30_000, || table_rows(&root, "cost-table").len() == 3).await;
    let costs = table_rows(&root, "cost-table");
    assert_eq!(costs.iter().map(|r| r[0].as_str()).collect::<Vec<_>>(), ["teacher", "distilled", "scratch"]);
    // The default teacher 2-64-64-3: 4,547 parameters, 4,416 multiply-adds.
    assert_eq!((costs[0][1].as_str(), costs[0][3].as_str()), ("4,547", "4,416"));
    for r in &costs {
        let ms: f32 = match r[4].split_once(' ') {
            Some((v, "µs")) => v.parse::<f32>().unwrap() / 1e3,
            Some((v, "ms")) => v.parse().unwrap(),
            _ => panic!("latency {:?}", r[4]),
        };
        assert!(ms > 0.0 && ms < 1000.0, "latency {ms} ms in {r:?}");
        let per_sec: f32 = r[5].trim_end_matches("/s").replace(',', "").parse().unwrap();
        assert!(per_sec > 0.0 && per_sec < 1e9, "throughput {per_sec} in {r:?}");
    }
    assert_eq!(find(&root, "cost-scatter").query_selector_all(".cost-point").unwrap().length(), 3);

    click(&root, "run-ladder");
    wait_until("the ladder", 60_000, || table_rows(&root, "ladder-table").len() == 7).await;
    let ladder = table_rows(&root, "ladder-table");
    assert_eq!(ladder[2][1], "pruned 80 %, 200 KD steps", "{ladder:?}");
    assert_eq!(
        ladder[2][2],
        format!("{} of {}", ladder[1][2].split(" of ").next().unwrap().parse::<usize>().unwrap() / 5, ladder[1][2].split(" of ").nth(1).unwrap()),
        "a fifth of the weights kept: {ladder:?}"
    );
    assert_eq!(ladder[3][1], "+ int8");
    let points = find(&root, "cost-scatter").query_selector_all(".cost-point").unwrap();
    assert_eq!(points.length(), 7, "every step of the ladder is a point");
    for model in ["distilled", "scratch"] {
        assert_eq!(find(&root, "cost-scatter").query_selector_all(&format!("g[data-model={model}]")).unwrap().length(), 3);
    }
    // The int8 step of the distilled student as an ONNX file, named for its step.
    let buttons = find(&root, "ladder-table").query_selector_all("[data-testid=ladder-onnx]").unwrap();
    assert_eq!(buttons.length(), 7, "a file per step");
    buttons.item(3).unwrap().unchecked_into::<web_sys::HtmlElement>().click();
    wait_until("the int8 step's file", 10_000, || common::text(&root, "weights-status").contains(".onnx")).await;
    let said = common::text(&root, "weights-status");
    assert!(said.starts_with("Saved kd-distilled-int8-spiral-"), "{said}");
}
