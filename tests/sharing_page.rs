//! In a real browser: bad links load a working page with a notice, settings
//! follow into the link and localStorage and come back, tours set the
//! panels, every control is labelled and in the Tab order, a hundred runs in
//! one page leave the wasm memory bounded, and trained weights download and
//! load back while bad weights files change nothing.

#![cfg(target_arch = "wasm32")]

mod common;

use common::{click, find, set_slider, teacher_step, text, wait_until};
use kd_playground::core::config::PlaygroundConfig;
use kd_playground::core::share::{from_json, to_query};
use kd_playground::ui::app::App;
use kd_playground::ui::share::{STORAGE_KEY, Source, initial};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

const CORPUS: &str = include_str!("data/bad_configs.txt");

fn window() -> web_sys::Window {
    web_sys::window().unwrap()
}

/// Points the page's address at `?query` without loading anything.
fn set_query(query: &str) {
    window().history().unwrap().replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&format!("?{query}"))).unwrap();
}

fn storage() -> web_sys::Storage {
    window().local_storage().unwrap().unwrap()
}

/// Mounts the app the way the real page does: settings read from the
/// current link or storage.
fn mount_as_page(persist: bool) -> (Element, impl Sized) {
    let document = window().document().unwrap();
    let container = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&container).unwrap();
    let loaded = initial();
    let handle =
        leptos::mount::mount_to(container.clone().unchecked_into::<HtmlElement>(), move || view! { <App loaded=loaded persist=persist probe_backends=false/> });
    (container, handle)
}

fn unmount<H>(root: Element, handle: H) {
    drop(handle);
    root.remove();
}

/// The URL cases of the corpus as (query, expected notice); `junk:N` becomes
/// N bytes of letters (a URL cannot carry raw junk bytes).
fn corpus_links() -> Vec<(String, String)> {
    CORPUS
        .lines()
        .filter(|l| l.starts_with("url | "))
        .map(|l| {
            let mut parts = l.splitn(3, " | ").skip(1);
            let (input, expected) = (parts.next().unwrap(), parts.next().unwrap().trim());
            let query = match input.strip_prefix("junk:") {
                Some(n) => format!("x={}", "z".repeat(n.parse::<usize>().unwrap().min(100_000))),
                None => input.to_string(),
            };
            (query, expected.to_string())
        })
        .collect()
}

#[wasm_bindgen_test]
async fn every_bad_link_in_the_corpus_loads_a_working_page_with_its_notice() {
    let links = corpus_links();
    assert!(links.len() >= 40, "{} links", links.len());
    for (i, (query, expected)) in links.iter().enumerate() {
        set_query(query);
        let (root, handle) = mount_as_page(false);
        wait_until(&format!("?{query}: a notice"), 5000, || !text(&root, "config-notices").is_empty()).await;
        let notices = text(&root, "config-notices");
        assert!(notices.contains(expected.as_str()), "?{query}: expected {expected:?} in {notices:?}");
        // A working page: the panels are there, and (for a sample) the teacher is evaluated and trains.
        if i % 8 == 0 {
            wait_until(&format!("?{query}: the teacher's evaluation"), 10_000, || text(&root, "teacher-accuracy").contains('%')).await;
            click(&root, "train-teacher");
            wait_until(&format!("?{query}: training to run"), 20_000, || find(&root, "train-teacher").text_content().unwrap_or_default().contains("Pause"))
                .await;
            click(&root, "train-teacher");
            wait_until("the pause", 20_000, || find(&root, "train-teacher").text_content().unwrap_or_default().contains("Train")).await;
        }
        assert!(find(&root, "error-banner").class_list().contains("hidden"), "?{query}: {}", text(&root, "error-banner"));
        unmount(root, handle);
    }
    set_query("");
}

#[wasm_bindgen_test]
async fn settings_follow_into_the_link_and_storage_and_a_reload_restores_them() {
    storage().remove_item(STORAGE_KEY).unwrap();
    set_query("");
    let (root, handle) = mount_as_page(true);
    set_slider(&root, "0.5"); // the log slider's position for some T
    // Saves are batched over 250 ms; the link and storage are written together.
    wait_until("the new T in the link", 10_000, || window().location().search().unwrap().contains("temperature=")).await;
    let t = text(&root, "temperature-value");
    let query = window().location().search().unwrap();
    assert!(query.starts_with("?v=1&") && query.contains("temperature="), "{query}");
    let saved = storage().get_item(STORAGE_KEY).unwrap().expect("saved settings");
    let from_storage = from_json(saved.as_bytes());
    assert!(from_storage.notices.is_empty(), "{:?}", from_storage.notices);
    // The link and storage agree, and both give back what the page shows.
    let (from_link, source) = initial();
    assert_eq!(source, Source::Link);
    assert_eq!(from_link.config, from_storage.config);
    assert!(t.contains(&format!("{}", from_link.config.temperature).chars().take(3).collect::<String>()), "shown {t}, saved {}", from_link.config.temperature);
    unmount(root, handle);

    // A reload without a link resumes the saved settings.
    set_query("");
    let (loaded, source) = initial();
    assert_eq!((source, loaded.config), (Source::Saved, from_link.config.clone()));
    // A link made elsewhere wins over what this browser saved.
    let other = PlaygroundConfig { temperature: 7.0, ..PlaygroundConfig::default() };
    set_query(&to_query(&other, None));
    assert_eq!(initial().0.config, other);
    // `?reset` (the panic banner's way out) forgets the saved settings.
    set_query("reset");
    assert_eq!(initial().0.config, PlaygroundConfig::default());
    assert_eq!(storage().get_item(STORAGE_KEY).unwrap(), None);
    // Bad saved settings load the nearest valid ones with a notice.
    storage().set_item(STORAGE_KEY, "{\"v\": 1, \"alpha\": 5, \"dataset\": {\"kind\": \"imagenet\"}}").unwrap();
    set_query("");
    let (root, handle) = mount_as_page(false);
    wait_until("the saved settings' notices", 5000, || !text(&root, "config-notices").is_empty()).await;
    let notices = text(&root, "config-notices");
    assert!(
        notices.contains("Your saved settings")
            && notices.contains("α (alpha) = 5 is out of range; set to 1.")
            && notices.contains("Unknown dataset \"imagenet\""),
        "{notices}"
    );
    unmount(root, handle);
    storage().remove_item(STORAGE_KEY).unwrap();
}

#[wasm_bindgen_test]
async fn a_tour_sets_every_panel_shows_its_commentary_and_names_itself_in_the_link() {
    storage().remove_item(STORAGE_KEY).unwrap();
    set_query("");
    let (root, handle) = mount_as_page(true);
    let select: web_sys::HtmlSelectElement = find(&root, "tour-select").unchecked_into();
    select.set_value("capacity-gap");
    common::fire(&select, "change");
    // Saves wait for the page to be idle; the digits teacher's first evaluation comes first.
    wait_until("the tour in the link", 10_000, || window().location().search().unwrap().contains("tour=capacity-gap")).await;
    assert!(text(&root, "tour-commentary").contains("When the teacher is too big"), "{}", text(&root, "tour-commentary"));
    assert_eq!(find(&root, "dataset-kind").unchecked_into::<web_sys::HtmlSelectElement>().value(), "digits");
    assert_eq!(find(&root, "teacher-width").unchecked_into::<web_sys::HtmlInputElement>().value(), "256");
    assert_eq!(find(&root, "experiment-kind").unchecked_into::<web_sys::HtmlSelectElement>().value(), "capacity-gap", "panel 6 gets the tour's experiment");
    let query = window().location().search().unwrap();
    assert!(query.contains("tour=capacity-gap"), "{query}");
    // The link reopens the tour with its commentary.
    let (loaded, _) = initial();
    assert_eq!(loaded.tour.map(|t| t.id), Some("capacity-gap"));
    click(&root, "start-over");
    wait_until("the tour to leave the link", 10_000, || !window().location().search().unwrap().contains("tour=")).await;
    assert!(root.query_selector("[data-testid=tour-commentary]").unwrap().is_none());
    assert_eq!(initial().0.config, PlaygroundConfig::default());
    unmount(root, handle);
    storage().remove_item(STORAGE_KEY).unwrap();
    set_query("");
}

/// A control's accessible name: aria-label, a wrapping or `for` label, or a
/// button's own text.
fn accessible_name(el: &Element) -> String {
    if let Some(a) = el.get_attribute("aria-label") {
        return a;
    }
    if let Some(label) = el.closest("label").unwrap() {
        return label.text_content().unwrap_or_default();
    }
    if let Some(id) = el.get_attribute("id")
        && let Some(l) = el.owner_document().unwrap().query_selector(&format!("label[for='{id}']")).unwrap()
    {
        return l.text_content().unwrap_or_default();
    }
    if el.tag_name() == "BUTTON" {
        return el.text_content().unwrap_or_default();
    }
    String::new()
}

#[wasm_bindgen_test]
async fn every_control_is_labelled_and_in_the_tab_order_and_sliders_are_native() {
    set_query("");
    let (root, handle) = mount_as_page(false);
    let selector = "input, select, button, textarea, [role=slider], [contenteditable]";
    wait_until("the page's controls", 5000, || root.query_selector_all(selector).unwrap().length() > 30).await;
    let controls = root.query_selector_all(selector).unwrap();
    let mut unlabelled = vec![];
    for i in 0..controls.length() {
        let el: Element = controls.item(i).unwrap().unchecked_into();
        let name = accessible_name(&el);
        let what = format!("<{} data-testid={:?} type={:?}>", el.tag_name().to_lowercase(), el.get_attribute("data-testid"), el.get_attribute("type"));
        if name.trim().is_empty() {
            unlabelled.push(what.clone());
        }
        let tabindex = el.get_attribute("tabindex").and_then(|t| t.parse::<i32>().ok()).unwrap_or(0);
        assert!(tabindex >= 0, "{what} is taken out of the Tab order");
        assert_ne!(el.get_attribute("role").as_deref(), Some("slider"), "{what}: a scripted slider; use <input type=range>, which arrow keys move");
    }
    assert!(unlabelled.is_empty(), "controls without a label: {unlabelled:?}");
    // The temperature slider is a native range input: the browser moves it with the arrow keys.
    assert_eq!(find(&root, "temperature-slider").get_attribute("type").as_deref(), Some("range"));
    unmount(root, handle);
}

/// The wasm instance's linear memory, in bytes (it only ever grows).
fn wasm_memory_bytes() -> f64 {
    let memory = wasm_bindgen::memory();
    let buffer = js_sys::Reflect::get(&memory, &"buffer".into()).unwrap();
    js_sys::Reflect::get(&buffer, &"byteLength".into()).unwrap().as_f64().unwrap()
}

/// Growth allowed between run 10 and run 100: room for the allocator's
/// fragmentation, far below what keeping every run's model, optimiser state
/// and history would take (tens of MB over 90 runs).
const MEMORY_GROWTH_BOUND_MB: f64 = 8.0;

#[wasm_bindgen_test]
async fn a_hundred_runs_in_one_page_leave_memory_bounded() {
    set_query("");
    let (root, handle) = mount_as_page(false);
    common::set_input(&root, "teacher-width", "64", "change");
    wait_until("a 64-wide teacher", 5000, || text(&root, "teacher-size").starts_with("2-64-64-")).await;
    let mut after_ten = 0.0;
    for run in 1..=100 {
        common::click_button(&root, "train-teacher", "Reset");
        wait_until("the reset", 10_000, || teacher_step(&root) == 0).await;
        click(&root, "train-teacher");
        wait_until(&format!("run {run} to train"), 20_000, || teacher_step(&root) >= 20).await;
        click(&root, "train-teacher");
        wait_until("the pause", 10_000, || find(&root, "train-teacher").text_content().unwrap_or_default().contains("Train")).await;
        if run == 10 {
            after_ten = wasm_memory_bytes();
        }
    }
    let after_hundred = wasm_memory_bytes();
    let growth_mb = (after_hundred - after_ten) / 1e6;
    web_sys::console::log_1(
        &format!(
            "wasm memory: {:.1} MB after 10 runs, {:.1} MB after 100 (growth {growth_mb:.1} MB; bound {MEMORY_GROWTH_BOUND_MB} MB)",
            after_ten / 1e6,
            after_hundred / 1e6
        )
        .into(),
    );
    assert!(growth_mb <= MEMORY_GROWTH_BOUND_MB, "memory grew {growth_mb:.1} MB over 90 runs (bound {MEMORY_GROWTH_BOUND_MB} MB)");
    unmount(root, handle);
}

/// Hands `bytes` to the weights file picker as a picked file named `name`,
/// and waits until the page has taken it: its status changes (to
/// "Reading…" at once), so an earlier status cannot pass for this file's.
async fn pick_weights_file(bytes: &[u8], name: &str) {
    js_sys::Reflect::set(&window(), &"__kdBytes".into(), &js_sys::Uint8Array::from(bytes)).unwrap();
    js_sys::eval(&format!(
        "window.__kdStatusChanged = false; \
         new MutationObserver((_, o) => {{ window.__kdStatusChanged = true; o.disconnect(); }}) \
           .observe(document.querySelector('[data-testid=weights-status]') || document.body, {{childList: true, subtree: true, characterData: true}}); \
         const input = document.querySelector('[data-testid=import-weights]'); const dt = new DataTransfer(); \
         dt.items.add(new File([window.__kdBytes], '{name}')); input.files = dt.files; \
         input.dispatchEvent(new Event('change', {{bubbles: true}}));"
    ))
    .unwrap();
    wait_until(&format!("the page to take {name}"), 5000, || js_sys::eval("window.__kdStatusChanged").unwrap() == wasm_bindgen::JsValue::TRUE).await;
}

/// The bytes behind the last export's download link.
async fn exported_bytes() -> Vec<u8> {
    let promise: js_sys::Promise =
        js_sys::eval("fetch(document.querySelector('[data-testid=export-link]').href).then(r => r.arrayBuffer())").unwrap().unchecked_into();
    let buffer = wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
    js_sys::Uint8Array::new(&buffer).to_vec()
}

#[wasm_bindgen_test]
async fn trained_weights_download_and_load_back_and_bad_files_change_nothing() {
    set_query("");
    let (root, handle) = mount_as_page(false);
    wait_until("the first evaluation", 10_000, || text(&root, "teacher-accuracy").contains('%')).await;
    for _ in 0..4 {
        common::click_button(&root, "train-teacher", "Step");
    }
    wait_until("four teacher steps", 10_000, || teacher_step(&root) == 4).await;
    let trained_accuracy = text(&root, "teacher-accuracy");
    click(&root, "export-weights");
    wait_until("the download", 10_000, || text(&root, "weights-status").contains("Saved")).await;
    let file = exported_bytes().await;
    assert_eq!(&file[..8], b"KDWEIGHT");

    // The teacher as an ONNX file (onnxruntime runs such files in tests/onnx_export.rs).
    click(&root, "export-onnx");
    wait_until("the ONNX download", 10_000, || text(&root, "weights-status").contains(".onnx")).await;
    assert!(text(&root, "weights-status").starts_with("Saved kd-teacher-"), "{}", text(&root, "weights-status"));
    let onnx = exported_bytes().await;
    let model = <onnx_protobuf::ModelProto as onnx_protobuf::Message>::parse_from_bytes(&onnx).expect("an ONNX model");
    assert_eq!((model.producer_name.as_str(), model.opset_import[0].version), ("kd-playground", 13));
    let ops: Vec<&str> = model.graph.node.iter().map(|n| n.op_type.as_str()).collect();
    assert_eq!(ops, ["Gemm", "Relu", "Gemm", "Relu", "Gemm"], "the 2-64-64-3 teacher");
    // The students have not trained: asking for one says so and changes nothing.
    let choice: web_sys::HtmlSelectElement = find(&root, "onnx-model").unchecked_into();
    choice.set_value("distilled");
    common::fire(&choice, "change");
    click(&root, "export-onnx");
    wait_until("the refusal", 10_000, || text(&root, "error-banner").contains("could not write the ONNX file")).await;
    assert!(text(&root, "error-banner").contains("the students have not been trained yet"), "{}", text(&root, "error-banner"));
    assert_eq!(teacher_step(&root), 4);

    common::click_button(&root, "train-teacher", "Reset");
    wait_until("the reset", 10_000, || teacher_step(&root) == 0).await;
    pick_weights_file(&file, "teacher.kdw").await;
    wait_until("the loaded teacher", 10_000, || teacher_step(&root) == 4).await;
    wait_until(&format!("the loaded teacher to score {trained_accuracy} as the saved one"), 10_000, || text(&root, "teacher-accuracy") == trained_accuracy)
        .await;

    // Bad files: each refused with its reason, the teacher untouched.
    for (bytes, reason) in [
        (file[..file.len() / 2].to_vec(), "truncated"),
        (b"hello, I am not weights".to_vec(), "not a kd-playground weights file"),
        (vec![], "not a kd-playground weights file"),
    ] {
        pick_weights_file(&bytes, "bad.kdw").await;
        wait_until(&format!("refusal: {reason}"), 10_000, || text(&root, "weights-status").contains(reason)).await;
        assert!(text(&root, "weights-status").contains("Nothing was changed"));
        assert_eq!(teacher_step(&root), 4);
    }
    // A file for another architecture says what to change.
    common::set_input(&root, "teacher-width", "32", "change");
    wait_until("the new teacher", 10_000, || teacher_step(&root) == 0).await;
    pick_weights_file(&file, "teacher.kdw").await;
    wait_until("the shape refusal", 10_000, || text(&root, "weights-status").contains("Not loaded")).await;
    assert!(text(&root, "weights-status").contains("the file's teacher is 2-64-64-3 but this page's is 2-32-32-3"), "{}", text(&root, "weights-status"));
    assert_eq!(teacher_step(&root), 0);
    unmount(root, handle);
}

#[wasm_bindgen_test]
async fn the_panic_banner_offers_a_reload_that_keeps_the_settings_and_a_reset() {
    storage().remove_item(STORAGE_KEY).unwrap();
    set_query("");
    let (root, handle) = mount_as_page(true);
    set_slider(&root, "0.3");
    wait_until("the link to be written", 10_000, || window().location().search().unwrap().starts_with("?v=1&")).await;
    // What the panic hook calls (a real panic would end this test page).
    kd_playground::ui::fatal_banner::show("boom");
    let banner = find(&root, "error-banner");
    assert!(banner.class_list().contains("fatal") && !banner.class_list().contains("hidden"));
    assert!(text(&root, "error-banner").contains("Something broke inside the page: boom."));
    let reload = find(&root, "panic-reload").get_attribute("href").unwrap();
    assert_eq!(reload, window().location().href().unwrap(), "reload keeps the link, and with it the settings");
    assert!(reload.contains("temperature="));
    assert_eq!(find(&root, "panic-reset").get_attribute("href").as_deref(), Some("?reset"));
    unmount(root, handle);
    storage().remove_item(STORAGE_KEY).unwrap();
    set_query("");
}
