//! The Experiments view in real browsers: a short sweep runs from the page,
//! fills the chart and the table, and every export holds what the page shows.

#![cfg(target_arch = "wasm32")]

use kd_playground::core::experiments::ExperimentKind;
use kd_playground::core::experiments::result::{ExperimentResult, format_x, parse_csv};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

mod common;
use common::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The text of the file the last export saved (read back through its link).
async fn exported() -> String {
    let promise = js_sys::eval("fetch(document.querySelector('[data-testid=export-link]').href).then(r => r.text())").unwrap();
    JsFuture::from(promise.unchecked_into::<js_sys::Promise>()).await.unwrap().as_string().unwrap()
}

fn export_href() -> String {
    js_sys::eval("(document.querySelector('[data-testid=export-link]') || {}).href || ''").unwrap().as_string().unwrap()
}

#[wasm_bindgen_test]
async fn a_two_point_sweep_fills_the_chart_and_table_and_its_exports_match() {
    let root = mount(false);
    assert!(text(&root, "experiment-status").contains("Not run"));
    // Text that does not parse is named and not applied.
    set_input(&root, "experiment-values", "1, two", "change");
    wait_until("the settings error", 5000, || !text(&root, "experiment-settings-error").is_empty()).await;
    assert!(text(&root, "experiment-settings-error").contains("\"two\""), "{}", text(&root, "experiment-settings-error"));
    // A temperature sweep at T = 1 and 8, one seed, short runs.
    for (id, value) in [("experiment-values", "1, 8"), ("experiment-seeds", "1"), ("experiment-teacher-steps", "300"), ("experiment-student-steps", "150")] {
        set_input(&root, id, value, "change");
    }
    wait_until("the settings error to go", 5000, || text(&root, "experiment-settings-error").is_empty()).await;
    assert!(text(&root, "experiment-plan").contains("stacked"), "a temperature sweep trains its students at once: {}", text(&root, "experiment-plan"));
    click(&root, "run-experiment");
    wait_until("the sweep to finish", 120_000, || text(&root, "experiment-status").contains("done")).await;
    assert!(text(&root, "experiment-status").starts_with("2/2 points"), "{}", text(&root, "experiment-status"));

    let chart = find(&root, "experiment-chart");
    for model in ["teacher", "distilled", "scratch"] {
        let dots = chart.query_selector_all(&format!("g[data-model={model}] circle")).unwrap().length();
        assert_eq!(dots, 2, "{model}: one point per temperature");
    }
    assert!(find(&root, "experiment-findings").query_selector("li").unwrap().is_some(), "the findings are written");
    let cells = table_rows(&root, "experiment-table");
    assert_eq!(cells.len(), 2 + 2 * 2, "a teacher row per T, then distilled and scratch per T");

    // CSV: the same rows as the table, in order.
    click(&root, "export-csv");
    let rows = parse_csv(&exported().await).expect("the CSV parses");
    assert_eq!(rows.len(), cells.len());
    for (row, cell) in rows.iter().zip(&cells) {
        assert_eq!(cell[0], format_x(ExperimentKind::TemperatureSweep, row.x));
        assert_eq!(cell[1], row.seed.to_string());
        assert_eq!(cell[2], row.model);
        assert_eq!(cell[4], format!("{:.1}", row.test_accuracy * 100.0));
    }
    // JSON: the config and plan with the same rows (what `kd --config` reruns).
    click(&root, "export-json");
    let result: ExperimentResult = serde_json::from_str(&exported().await).expect("the JSON reads back");
    assert_eq!(result.rows, rows);
    assert_eq!(result.experiment.values, vec![1.0, 8.0]);
    // SVG: the chart as drawn; PNG: the chart rasterised.
    click(&root, "export-svg");
    let svg = exported().await;
    assert!(svg.starts_with("<svg") && svg.contains("polyline"), "{}", &svg[..svg.len().min(200)]);
    click(&root, "export-png");
    wait_until("the PNG", 10_000, || export_href().starts_with("data:image/png")).await;
}

#[wasm_bindgen_test]
async fn a_running_experiment_cancels_and_a_preset_sets_up_the_omitted_class() {
    let root = mount(false);
    click(&root, "preset-omitted-class");
    wait_until("the omitted class's advice", 5000, || text(&root, "experiment-look-for").contains("never see")).await;
    let kind = find(&root, "experiment-kind").unchecked_into::<web_sys::HtmlSelectElement>().value();
    assert_eq!(kind, "omitted-class");
    assert!(!text(&root, "experiment-plan").contains("stacked"), "the omitted class runs point by point: {}", text(&root, "experiment-plan"));
    assert_eq!(find(&root, "dataset-kind").unchecked_into::<web_sys::HtmlSelectElement>().value(), "digits", "the preset switches panel 1 to the digits");
    click(&root, "run-experiment");
    wait_until("progress", 30_000, || text(&root, "experiment-status").contains("elapsed")).await;
    click(&root, "cancel-experiment");
    wait_until("the cancel", 10_000, || text(&root, "experiment-status").contains("Cancelled")).await;
    assert!(find(&root, "run-experiment").get_attribute("disabled").is_none(), "Run is offered again");
}
