//! Helpers shared by the browser test files: mounting the app, finding
//! elements by `data-testid`, acting like a person, and watching long tasks.

#![allow(dead_code)] // each test file uses its own subset

use kd_playground::core::config::PlaygroundConfig;
use kd_playground::ui::app::App;
use kd_playground::ui::boundary::browser::sleep_ms;
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

pub async fn wait_until(what: &str, timeout_ms: i32, cond: impl Fn() -> bool) {
    let mut waited = 0;
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

/// Whether this browser reports `longtask` entries (Chromium does, Firefox not).
pub fn longtasks_supported() -> bool {
    js_sys::eval("typeof PerformanceObserver !== 'undefined' && PerformanceObserver.supportedEntryTypes.includes('longtask')").unwrap() == wasm_bindgen::JsValue::TRUE
}

/// Starts recording main-thread long tasks (start ms from now, duration ms)
/// into `window[name]`.
pub fn observe_long_tasks(name: &str) {
    js_sys::eval(&format!(
        "window.{name} = []; const t0 = performance.now(); new PerformanceObserver(l => l.getEntries().forEach(e => window.{name}.push([Math.round(e.startTime - t0), Math.round(e.duration)]))).observe({{type: 'longtask'}});"
    ))
    .unwrap();
}

/// The long tasks recorded so far as (start, duration) in ms, and the longest duration.
pub fn long_tasks(name: &str) -> (String, f64) {
    let list = js_sys::eval(&format!("JSON.stringify(window.{name})")).unwrap().as_string().unwrap();
    let longest = js_sys::eval(&format!("Math.max(0, ...window.{name}.map(t => t[1]))")).unwrap().as_f64().unwrap();
    (list, longest)
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
