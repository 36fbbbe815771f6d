//! The page in real browsers (wasm-bindgen-test): Chromium with a software
//! WebGPU adapter, and Firefox ESR, which has no WebGPU (the tests that need
//! it are ignored there, by name: see tests/common/mod.rs). No test here
//! holds the page to a time limit: scripts/harness/bench.py measures long
//! tasks and prints them against their budget.

#![cfg(target_arch = "wasm32")]

use kd_playground::core::dataset::{Dataset, DatasetSpec};
use kd_playground::core::model::NetSpec;
use kd_playground::core::trainer::{DeviceData, SupervisedRun, read_loss};
use kd_playground::ui::backend::webgpu_devices;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::Element;

mod common;
use common::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn slider_softens_the_bars_and_moves_the_entropy_marker() {
    let root = mount(false);
    wait_until("bars", 5000, || root.query_selector("[data-testid=soft-target-bars] .bar").unwrap().is_some()).await;
    // A few teacher steps so the logits are far from equal.
    take_steps(&root, 20).await;
    let shown = temperature_shown(&root);
    set_slider(&root, "250");
    wait_until("T to follow the slider", 5000, || temperature_shown(&root) != shown).await;
    let (cold_bar, cold_x) = bars_and_marker(&root);
    let first_bar = root.query_selector("[data-testid=soft-target-bars] .bar").unwrap().unwrap();
    let first_cell = find(&root, "class-similarity").query_selector("rect[data-row]").unwrap().unwrap();
    let cold_cell = first_cell.get_attribute("data-value");
    set_slider(&root, "950");
    wait_until("softer bars at a higher T", 5000, || bars_and_marker(&root).0 < cold_bar).await;
    let (hot_bar, hot_x) = bars_and_marker(&root);
    assert!(hot_bar < cold_bar, "tallest bar {cold_bar} → {hot_bar}");
    assert!(hot_x > cold_x, "entropy marker x {cold_x} → {hot_x}");
    // Updated in place, not rebuilt on every move (docs/PERFORMANCE.md).
    assert!(first_bar.is_connected() && first_cell.is_connected(), "the bars and the similarity matrix were rebuilt");
    assert_ne!(first_cell.get_attribute("data-value"), cold_cell, "the similarity matrix follows T");
    assert!(text(&root, "temperature-value").parse::<f32>().unwrap() > 20.0);
}

#[wasm_bindgen_test]
async fn teacher_trains_on_the_cpu_and_two_students_distil() {
    let root = mount(false);
    wait_until("initial accuracy", 5000, || text(&root, "teacher-accuracy").contains('%')).await;
    let before = text(&root, "teacher-accuracy");
    let paints = |map: &str| find(&root, map).query_selector(".heatmap-stack").unwrap().unwrap().get_attribute("data-paints").unwrap();
    let paints_before = paints("teacher-heatmap");
    assert_eq!(find(&root, "backend").get_attribute("data-backend").as_deref(), Some("cpu"));
    click(&root, "train-teacher");
    wait_until("teacher accuracy above 80%", 60_000, || text(&root, "teacher-accuracy").trim_end_matches('%').parse::<f32>().unwrap_or(0.0) > 80.0).await;
    click(&root, "train-teacher"); // pause
    assert_ne!(text(&root, "teacher-accuracy"), before);
    assert_ne!(paints("teacher-heatmap"), paints_before, "the heatmap was repainted");
    assert_eq!(text(&root, "student-kd-accuracy"), "–");
    click(&root, "train-students");
    wait_until("student metrics", 30_000, || text(&root, "student-kd-accuracy").contains('%') && text(&root, "student-scratch-accuracy").contains('%')).await;
    wait_until("the students' maps to be repainted as they train", 30_000, || paints("student-kd-heatmap").parse::<u32>().unwrap_or(0) > 1).await;
    click(&root, "train-students"); // pause
    for id in ["student-kd-accuracy", "student-scratch-accuracy", "student-kd-agreement", "student-scratch-agreement"] {
        let v: f32 = text(&root, id).trim_end_matches('%').parse().unwrap();
        assert!((0.0..=100.0).contains(&v), "{id} = {v}");
    }
}

#[wasm_bindgen_test]
async fn a_diverging_learning_rate_stops_with_a_message() {
    let root = mount(false);
    wait_until("initial accuracy", 5000, || text(&root, "teacher-accuracy").contains('%')).await;
    set_input(&root, "learning-rate", "10", "change");
    set_input(&root, "teacher-width", "512", "change");
    wait_until("the wide teacher", 5000, || text(&root, "teacher-size").contains("512")).await;
    click(&root, "train-teacher");
    // Adam at lr 10 on a 512-wide net blows up; if it did not, the run simply trains on.
    wait_until("the divergence message", 30_000, || !find(&root, "error-banner").class_list().contains("hidden")).await;
    assert!(text(&root, "error-banner").contains("Training stopped"), "{}", text(&root, "error-banner"));
    assert!(text(&root, "train-teacher").contains("Train"), "the run stopped");
}

#[wasm_bindgen_test]
async fn the_page_picks_the_cpu_for_a_small_model_and_trains() {
    // With a probe: Firefox has no WebGPU; Chromium's software adapter is far slower.
    let root = mount(true);
    wait_until("the probe", 120_000, || backend_why(&root).starts_with("Auto chose")).await;
    assert_eq!(find(&root, "backend").get_attribute("data-backend").as_deref(), Some("cpu"));
    assert!(text(&root, "backend").contains("CPU"));
    // The header says why, on which model: Chromium's adapter was timed (and
    // lost), Firefox has none.
    let why = text(&root, "backend-why");
    assert!(why.starts_with("Auto chose the CPU: ") && why.contains("on the teacher 2-64-64-3"), "{why}");
    assert!(why.contains("× WebGPU's rate") || why.contains("WebGPU was not timed here"), "{why}");
    click(&root, "train-teacher");
    wait_until("training on the CPU", 30_000, || text(&root, "backend").contains("steps/s")).await;
    click(&root, "train-teacher");
}

/// The probe follows the model at hand: a new teacher is timed again on
/// both backends, and the header names it.
#[wasm_bindgen_test]
async fn a_new_teacher_is_timed_again_on_both_backends() {
    let root = mount(true);
    wait_until("the first probe", 120_000, || backend_why(&root).starts_with("Auto chose")).await;
    set_input(&root, "teacher-width", "24", "change");
    wait_until("the probe of the new teacher starts", 30_000, || backend_why(&root).starts_with("Auto: timing both backends on the teacher 2-24-24-3")).await;
    // The probe never stops the run: the new teacher trains while it times.
    click(&root, "train-teacher");
    wait_until("the new teacher's first steps", 60_000, || teacher_step(&root) > 0).await;
    let still_probing = backend_why(&root).starts_with("Auto: timing");
    wait_until("the probe of the new teacher", 120_000, || {
        let why = backend_why(&root);
        why.starts_with("Auto chose") && why.contains("2-24-24-3")
    })
    .await;
    // Timing WebGPU takes seconds (its shaders); without an adapter
    // (Firefox) the probe is over in half a second, before a step may show.
    if kd_playground::ui::boundary::browser::webgpu_adapter_available().await.is_ok() {
        assert!(still_probing, "the teacher trained while WebGPU was timed");
    }
    assert_eq!(find(&root, "backend").get_attribute("data-backend").as_deref(), Some("cpu"));
    click(&root, "train-teacher");
}

#[wasm_bindgen_test]
#[ignore = "needs WebGPU"]
async fn webgpu_trains_a_few_steps_where_the_browser_has_an_adapter() {
    expect_webgpu().await;
    let devices = webgpu_devices().await.expect("wgpu initialises on the adapter");
    // 28 training rows, one full batch per step: the loss must fall.
    let dataset = Dataset::generate(&DatasetSpec { points: 40, ..Default::default() });
    let data = DeviceData::new(&dataset, &devices);
    let mut run = SupervisedRun::new(&NetSpec::uniform(2, 1, 8, 3), 1, dataset.train.len(), &devices);
    let mut losses = vec![];
    for _ in 0..6 {
        let loss = run.step(&data, dataset.train.len(), 0.05);
        losses.push(read_loss(loss).await.expect("finite loss"));
    }
    web_sys::console::log_1(&format!("WebGPU losses: {losses:?}").into());
    assert!(losses.last().unwrap() < losses.first().unwrap(), "{losses:?}");
}

/// The page switched to WebGPU trains there and still answers the slider.
/// How long its main-thread tasks get meanwhile is the harness's to print
/// (scripts/harness/bench.py, "switch to WebGPU, teacher"), not a test's to
/// limit.
#[wasm_bindgen_test]
#[ignore = "needs WebGPU"]
async fn the_page_switched_to_webgpu_trains_there_and_answers_the_slider() {
    expect_webgpu().await;
    let root = mount(true);
    wait_until("the probe", 120_000, || backend_why(&root).starts_with("Auto chose")).await;
    let select: web_sys::HtmlSelectElement = find(&root, "backend-select").unchecked_into();
    select.set_value("webgpu");
    fire(&select, "change");
    wait_until("the WebGPU backend", 30_000, || find(&root, "backend").get_attribute("data-backend").as_deref() == Some("webgpu")).await;
    click(&root, "train-teacher");
    wait_until("a measured WebGPU rate (warm-up over)", 120_000, || text(&root, "backend").contains("steps/s")).await;
    let step = teacher_step(&root);
    slider_moves_the_bars(&root, "while the teacher trains on WebGPU").await;
    wait_until("more steps on WebGPU", 120_000, || teacher_step(&root) > step).await;
    click(&root, "train-teacher");
    wait_until("the pause", 30_000, || text(&root, "train-teacher").contains("Train")).await;
    assert_eq!(find(&root, "backend").get_attribute("data-backend").as_deref(), Some("webgpu"));
    let why = text(&root, "backend-why");
    assert!(why.starts_with("Chosen by hand; Auto would choose the CPU (") && why.contains("× WebGPU's rate on the teacher 2-64-64-3"), "{why}");
    // Back to Auto: the CPU again, the teacher's steps kept (its weights move).
    let step = teacher_step(&root);
    select.set_value("auto");
    fire(&select, "change");
    wait_until("the CPU backend", 60_000, || find(&root, "backend").get_attribute("data-backend").as_deref() == Some("cpu")).await;
    assert!(text(&root, "backend-why").starts_with("Auto chose the CPU: "), "{}", text(&root, "backend-why"));
    assert!(teacher_step(&root) >= step, "moving to the CPU kept the run: step {} after {step}", teacher_step(&root));
    click(&root, "train-teacher");
    wait_until("more steps on the CPU", 60_000, || teacher_step(&root) > step).await;
    click(&root, "train-teacher");
}

/// Auto's choice where WebGPU measures faster (a real GPU on a CNN; this
/// machine's software adapter never is): the probe's reports, as the
/// session sends them, make the page choose WebGPU and say by how much.
#[wasm_bindgen_test]
fn auto_chooses_webgpu_where_the_probe_measured_it_faster() {
    use kd_playground::core::protocol::{BackendKind, Event, ProbeReport};
    let owner = leptos::prelude::Owner::new();
    owner.with(|| {
        let state = kd_playground::ui::state::PageState::new();
        for report in [
            ProbeReport::Timing("784-16c3-32c3-128-10".into()),
            ProbeReport::CpuTimed(12.0),
            ProbeReport::WebGpuReady,
            ProbeReport::WebGpuTimed { steps_per_sec: 48.0, warmup_secs: 2.0 },
        ] {
            state.apply(Event::Probe(report));
        }
        assert!(!leptos::prelude::GetUntracked::get_untracked(&state.probed), "Auto waits for Done");
        state.apply(Event::Probe(ProbeReport::Done));
        assert_eq!(state.auto_backend(), (BackendKind::WebGpu, Some(4.0)));
        // A new model's probe clears the old figures: the CPU until it is timed.
        state.apply(Event::Probe(ProbeReport::Timing("784-4c3-8c3-10".into())));
        assert_eq!(state.auto_backend(), (BackendKind::Cpu, None));
    });
}

#[wasm_bindgen_test]
async fn the_digits_load_and_show_confusion_and_dark_knowledge() {
    let root = mount(false);
    wait_until("initial accuracy", 5000, || text(&root, "teacher-accuracy").contains('%')).await;
    let kind: web_sys::HtmlSelectElement = find(&root, "dataset-kind").unchecked_into();
    kind.set_value("digits");
    fire(&kind, "change");
    wait_until("the confusion matrix", 10_000, || root.query_selector("[data-testid=teacher-heatmap] rect[data-row]").unwrap().is_some()).await;
    let cells = find(&root, "teacher-heatmap").query_selector_all("rect[data-row]").unwrap().length();
    assert_eq!(cells, 100, "10 × 10 confusion cells");
    take_steps(&root, 30).await;
    wait_until("the teacher learning the digits", 10_000, || text(&root, "teacher-accuracy").trim_end_matches('%').parse::<f32>().unwrap_or(0.0) > 50.0).await;
    // Every test digit is counted once.
    let counted: u32 = (0..cells)
        .map(|i| {
            find(&root, "teacher-heatmap")
                .query_selector_all("rect[data-row]")
                .unwrap()
                .item(i)
                .unwrap()
                .unchecked_into::<Element>()
                .get_attribute("data-value")
                .unwrap()
                .parse::<u32>()
                .unwrap()
        })
        .sum();
    assert_eq!(counted, 539, "round(1797 × 0.3) test digits");
    assert_eq!(find(&root, "class-similarity").query_selector_all("rect[data-row]").unwrap().length(), 100);
    assert!(find(&root, "soft-target-bars").query_selector("svg.digit").unwrap().is_some(), "the selected samples show their images");
    // Draw a vertical stroke (a "1") on the pad: the teacher classifies it.
    find(&root, "draw-pad").set_attribute("id", "pad-under-test").unwrap();
    let pointer = |kind: &str, x: f64, y: f64| {
        js_sys::eval(&format!(
            "(() => {{ const p = document.getElementById('pad-under-test'); const r = p.getBoundingClientRect(); \
             p.dispatchEvent(new PointerEvent('{kind}', {{ bubbles: true, clientX: r.left + {x}, clientY: r.top + {y} }})); }})()"
        ))
        .unwrap();
    };
    pointer("pointerdown", 80.0, 20.0);
    for y in (30..=140).step_by(10) {
        pointer("pointermove", 80.0, f64::from(y));
    }
    pointer("pointerup", 80.0, 140.0);
    wait_until("the drawing's outputs", 10_000, || root.query_selector("[data-testid=drawn-outputs] [data-model=teacher] .bar").unwrap().is_some()).await;
    let drawn = find(&root, "drawn-outputs");
    let probs: f32 = (0..10)
        .map(|i| {
            drawn
                .query_selector_all("[data-model=teacher] .bar")
                .unwrap()
                .item(i)
                .unwrap()
                .unchecked_into::<Element>()
                .get_attribute("data-prob")
                .unwrap()
                .parse::<f32>()
                .unwrap()
        })
        .sum();
    assert!((probs - 1.0).abs() < 1e-3, "the teacher's soft targets sum to 1: {probs}");
    // The image counts its inked cells (it draws one path per grey, not an element per cell).
    let dark: usize = drawn.query_selector("svg.digit").unwrap().unwrap().get_attribute("data-inked").unwrap().parse().unwrap();
    assert!((4..=24).contains(&dark), "a stroke covers a column of blocks, not the pad: {dark} inked of 64");
    assert_eq!(find(&root, "soft-target-bars").query_selector(".bars").unwrap().unwrap().query_selector_all(".bar").unwrap().length(), 10);
}

#[wasm_bindgen_test]
async fn each_kind_of_knowledge_trains_the_distilled_student_from_the_page() {
    let root = mount(false);
    wait_until("initial accuracy", 5000, || text(&root, "teacher-accuracy").contains('%')).await;
    take_steps(&root, 20).await;
    for (button, term) in
        [("knowledge-response", "T²·KL"), ("knowledge-logits", "MSE(logits)"), ("knowledge-hint", "hint"), ("knowledge-rkd", "RKD-A"), ("knowledge-sp", "SP")]
    {
        click(&root, button);
        wait_until(&format!("{button}: its term in the loss"), 5000, || text(&root, "knowledge-summary").contains(term)).await;
        click_button(&root, "train-students", "Reset");
        wait_until(&format!("{button}: the students to restart"), 5000, || text(&root, "student-kd-accuracy") == "–").await;
        for _ in 0..5 {
            click_button(&root, "train-students", "Step");
        }
        wait_until("student metrics", 10_000, || text(&root, "student-kd-accuracy").contains('%')).await;
        assert!(find(&root, "error-banner").class_list().contains("hidden"), "{button}: {}", text(&root, "error-banner"));
    }
    // The feature view (PCA of each network's chosen layer) and the relation
    // view (pairwise distances) show the same 24 test points for all three.
    wait_until("the feature views", 10_000, || root.query_selector("[data-testid=features-distilled] circle").unwrap().is_some()).await;
    for net in ["teacher", "distilled", "scratch"] {
        assert_eq!(find(&root, &format!("features-{net}")).query_selector_all("circle").unwrap().length(), 24, "{net}");
        let matrix = find(&root, &format!("distances-{net}"));
        assert_eq!(matrix.get_attribute("data-size").as_deref(), Some("24"), "{net}");
        assert_eq!(matrix.query_selector("canvas").unwrap().unwrap().get_attribute("width").as_deref(), Some("24"), "{net}: painted");
    }
}

#[wasm_bindgen_test]
async fn each_strategy_trains_from_the_page_and_shows_its_networks() {
    let root = mount(false);
    wait_until("initial accuracy", 5000, || text(&root, "teacher-accuracy").contains('%')).await;
    let strategy_rows = || find(&root, "strategy-metrics").query_selector_all("tbody tr[data-name]").unwrap().length();
    let kind: web_sys::HtmlSelectElement = find(&root, "strategy-kind").unchecked_into();
    // Born-again needs a trained teacher first: the page says so.
    kind.set_value("born-again");
    fire(&kind, "change");
    wait_until("the born-again explanation", 5000, || text(&root, "strategy-explanation").contains("Furlanello")).await;
    click_button(&root, "train-strategy", "Step");
    wait_until("the notice", 5000, || {
        root.query_selector("[data-testid=notice]").unwrap().is_some_and(|n| n.text_content().unwrap_or_default().contains("Train the teacher first"))
    })
    .await;
    take_steps(&root, 10).await;
    for (name, networks, sentence) in [("mutual", 2, "Zhang et al. 2018"), ("early-exits", 3, "Be Your Own Teacher"), ("born-again", 2, "Furlanello")] {
        kind.set_value(name);
        fire(&kind, "change");
        wait_until(&format!("{name}: its explanation"), 5000, || text(&root, "strategy-explanation").contains(sentence)).await;
        // The session clears the last strategy's results when it hears of the change.
        wait_until(&format!("{name}: a new strategy starts with no results"), 5000, || strategy_rows() == 0).await;
        for _ in 0..3 {
            click_button(&root, "train-strategy", "Step");
        }
        wait_until("three strategy steps", 10_000, || text(&root, "strategy-step") == "3").await;
        assert_eq!(strategy_rows(), networks, "{name}");
        assert!(text(&root, "strategy-metrics").contains('%'));
    }
    // Played, the born-again run goes on by itself.
    click(&root, "train-strategy");
    wait_until("more steps", 20_000, || text(&root, "strategy-step").parse::<usize>().unwrap_or(0) > 20).await;
    click(&root, "train-strategy");
    assert!(find(&root, "error-banner").class_list().contains("hidden"), "{}", text(&root, "error-banner"));
}

/// The page asks for a web worker, but this harness's page has no trunk-built
/// glue to hand one (the release page check trains in the worker): the
/// session runs on the page's thread instead, says so and why, and trains.
#[wasm_bindgen_test]
async fn without_a_worker_glue_the_session_runs_on_the_page_and_says_why() {
    use kd_playground::core::config::PlaygroundConfig;
    use kd_playground::ui::app::App;
    use leptos::prelude::*;
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let el: web_sys::HtmlElement = root.clone().unchecked_into();
    leptos::mount::mount_to(el, || view! { <App config=PlaygroundConfig::default() probe_backends=false session_in_worker=true/> }).forget();
    wait_until("the placement", 5000, || find(&root, "placement").get_attribute("data-place").is_some_and(|p| !p.is_empty())).await;
    assert_eq!(find(&root, "placement").get_attribute("data-place").as_deref(), Some("page"));
    assert_eq!(text(&root, "placement"), "Training runs on the page's thread, in 12 ms turns: this page was not built with a worker glue to hand on.");
    take_steps(&root, 3).await;
}

#[wasm_bindgen_test]
async fn a_number_field_takes_a_value_snaps_back_from_nonsense_and_keeps_its_text_while_others_change() {
    let root = mount(false);
    let alpha = || find(&root, "alpha").unchecked_into::<web_sys::HtmlInputElement>().value();
    set_input(&root, "alpha", "0.25", "change");
    wait_until("α = 0.25 in the loss", 5000, || text(&root, "knowledge-summary").contains("0.75·CE(labels)")).await;
    assert_eq!(alpha(), "0.25");
    // Not a number (a number input reads it as ""): the field shows the value in use again.
    set_input(&root, "alpha", "abc", "change");
    wait_until("the field to show the α in use", 5000, || alpha() == "0.25").await;
    // Half-typed text stays while another field (the temperature slider) changes the config.
    find(&root, "alpha").unchecked_into::<web_sys::HtmlInputElement>().set_value("0.5");
    let shown = temperature_shown(&root);
    set_slider(&root, "900");
    wait_until("T to follow the slider", 5000, || temperature_shown(&root) != shown).await;
    assert_eq!(alpha(), "0.5", "moving the slider rewrote the α field");
    assert!(text(&root, "knowledge-summary").contains("0.75·CE(labels)"), "the half-typed α was applied without a change event");
}

/// Clicks the teacher's Step `n` times and waits for the `n` steps.
/// The header's line on Auto's choice, or "" before the first probe starts.
fn backend_why(root: &Element) -> String {
    root.query_selector("[data-testid=backend-why]").ok().flatten().and_then(|e| e.text_content()).unwrap_or_default()
}

async fn take_steps(root: &Element, n: usize) {
    let from = teacher_step(root);
    for _ in 0..n {
        click_button(root, "train-teacher", "Step");
    }
    wait_until(&format!("{n} teacher steps"), 10_000, || teacher_step(root) == from + n).await;
}
