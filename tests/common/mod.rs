//! Helpers shared by the browser test files: mounting the app, finding
//! elements by `data-testid`, acting like a person, and waiting for what the
//! page shows (never for a fixed time).
//!
//! A test that needs WebGPU is marked `#[ignore = "needs WebGPU"]`: the
//! runner reports it by name as ignored, with that reason, unless asked for
//! ignored tests (`--include-ignored`, which scripts/test.sh passes in
//! Chromium only). Where it runs it calls [`expect_webgpu`] and fails without
//! an adapter, rather than passing having checked nothing.

#![allow(dead_code)] // each test file uses its own subset

use kd_playground::core::config::PlaygroundConfig;
use kd_playground::ui::app::App;
use kd_playground::ui::boundary::browser::{sleep_ms, webgpu_adapter_available, yield_now};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement};

/// Mounts a fresh app into its own container; queries stay inside it.
pub fn mount(probe: bool) -> Element {
    mount_config(PlaygroundConfig::default(), probe)
}

/// [`mount`] starting from `config`.
pub fn mount_config(config: PlaygroundConfig, probe: bool) -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let container = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&container).unwrap();
    let el: HtmlElement = container.clone().unchecked_into();
    leptos::mount::mount_to(el, move || view! { <App config=config probe_backends=probe/> }).forget();
    container
}

/// The cells of the table `testid`'s body, row by row.
pub fn table_rows(root: &Element, testid: &str) -> Vec<Vec<String>> {
    let rows = find(root, testid).query_selector_all("tbody tr").unwrap();
    (0..rows.length())
        .map(|i| {
            let cells = rows.item(i).unwrap().unchecked_into::<Element>().query_selector_all("td").unwrap();
            (0..cells.length()).map(|j| cells.item(j).unwrap().text_content().unwrap_or_default()).collect()
        })
        .collect()
}

pub fn find(root: &Element, testid: &str) -> Element {
    root.query_selector(&format!("[data-testid={testid}]")).unwrap().unwrap_or_else(|| panic!("no element with data-testid={testid}"))
}

pub fn text(root: &Element, testid: &str) -> String {
    find(root, testid).text_content().unwrap_or_default()
}

pub fn click(root: &Element, testid: &str) {
    find(root, testid).unchecked_into::<HtmlElement>().click();
}

pub fn click_button(root: &Element, inside: &str, label: &str) {
    let list = find(root, inside).parent_element().unwrap().query_selector_all("button").unwrap();
    for i in 0..list.length() {
        let b: HtmlElement = list.item(i).unwrap().unchecked_into();
        if b.text_content().unwrap_or_default().contains(label) {
            b.click();
            return;
        }
    }
    panic!("no button {label}");
}

/// Fails the test where the browser offers no WebGPU adapter: a test marked
/// `#[ignore = "needs WebGPU"]` was asked for in a browser that cannot run it.
pub async fn expect_webgpu() {
    if let Err(why) = webgpu_adapter_available().await {
        panic!("this test needs WebGPU, and {why}: run it in Chromium, or leave out --include-ignored");
    }
}

/// Waits until `cond` holds, checking every 50 ms; fails after `timeout_ms`
/// (a bound for a broken page, not a speed limit). The first check comes
/// after a new task, so the page's effects and messages caused by the last
/// action have run.
pub async fn wait_until(what: &str, timeout_ms: i32, cond: impl Fn() -> bool) {
    let mut waited = 0;
    yield_now().await;
    while !cond() {
        assert!(waited < timeout_ms, "timed out after {timeout_ms} ms waiting for {what}");
        sleep_ms(50).await;
        waited += 50;
    }
}

/// Dispatches a bubbling event, as a person's edit would.
pub fn fire(target: &Element, kind: &str) {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    target.dispatch_event(&web_sys::Event::new_with_event_init_dict(kind, &init).unwrap()).unwrap();
}

/// Types `value` into the input `testid` and fires `kind` ("input" or "change").
pub fn set_input(root: &Element, testid: &str, value: &str, kind: &str) {
    let input: HtmlInputElement = find(root, testid).unchecked_into();
    input.set_value(value);
    fire(&input, kind);
}

pub fn set_slider(root: &Element, value: &str) {
    set_input(root, "temperature-slider", value, "input");
}

/// (tallest bar of the first selected sample, entropy marker x).
pub fn bars_and_marker(root: &Element) -> (f32, f32) {
    let group = find(root, "soft-target-bars").query_selector(".bar-group").unwrap().expect("a selected sample");
    let bars = group.query_selector_all(".bar").unwrap();
    let tallest = (0..bars.length())
        .map(|i| bars.item(i).unwrap().unchecked_into::<Element>().get_attribute("data-prob").unwrap().parse::<f32>().unwrap())
        .fold(0.0, f32::max);
    let cx = find(root, "entropy-marker").get_attribute("cx").unwrap().parse().unwrap();
    (tallest, cx)
}

/// The step count a panel's chart title shows ("Teacher · step 42"), found
/// from its play button `play`.
pub fn step_in_panel(root: &Element, play: &str, title: &str) -> usize {
    let t = find(root, play).closest("section").unwrap().unwrap().text_content().unwrap_or_default();
    t.split(title).nth(1).and_then(|s| s.split(|c: char| !c.is_ascii_digit()).next()).and_then(|n| n.parse().ok()).unwrap_or(0)
}

/// The teacher's step, from its panel's chart title.
pub fn teacher_step(root: &Element) -> usize {
    step_in_panel(root, "train-teacher", "Teacher · step ")
}

/// The temperature the page shows next to its slider.
pub fn temperature_shown(root: &Element) -> String {
    text(root, "temperature-value")
}

/// Moves the temperature slider to the far side of where it is and waits
/// until the soft-target bars follow: the page answers a person while
/// whatever else it does goes on. `what` names that, for a failure.
pub async fn slider_moves_the_bars(root: &Element, what: &str) {
    let (bars, shown) = (bars_and_marker(root), temperature_shown(root));
    let position: f32 = find(root, "temperature-slider").unchecked_into::<HtmlInputElement>().value().parse().unwrap_or(0.0);
    set_slider(root, if position > 500.0 { "250" } else { "950" });
    wait_until(&format!("the bars to follow the slider {what}"), 10_000, || temperature_shown(root) != shown && bars_and_marker(root) != bars).await;
}
