//! In a real browser: a CSV file chosen in panel 1 (the file input, or
//! dropped on the panel) becomes the dataset, with its class names in the
//! views; every bad file of the corpus (tests/data/bad_csv.rs) is refused
//! with its message while the dataset and the trained teacher stay; a label
//! column that cannot be one is refused the same way; the shipped examples
//! are in the menu; and settings that name a file this tab lacks ask for
//! the same file, refuse another, and take the right one.

#![cfg(target_arch = "wasm32")]

#[path = "data/bad_csv.rs"]
mod bad_csv;
mod common;

use common::{click, find, mount, mount_config, teacher_step, text, wait_until};
use kd_playground::core::config::PlaygroundConfig;
use kd_playground::core::dataset::DatasetSpec;
use kd_playground::core::table::{TableRef, hash_of};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlInputElement, HtmlSelectElement};

wasm_bindgen_test_configure!(run_in_browser);

const IRIS: &[u8] = include_bytes!("../assets/iris.csv");

/// A browser `File` of `bytes`, and a `DataTransfer` holding it (what a
/// file picker or a drop hands the page).
fn transfer(name: &str, bytes: &[u8]) -> web_sys::DataTransfer {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let file = web_sys::File::new_with_u8_array_sequence(&parts, name).unwrap();
    let dt = web_sys::DataTransfer::new().unwrap();
    // `items.add(file)`, called through JS (web-sys gates it on one more feature).
    let items = dt.items();
    let add: js_sys::Function = js_sys::Reflect::get(&items, &"add".into()).unwrap().unchecked_into();
    add.call1(&items, &file).unwrap();
    dt
}

/// Chooses `bytes` as the file `name` in panel 1's file input.
fn choose(root: &Element, name: &str, bytes: &[u8]) {
    let input: HtmlInputElement = find(root, "csv-file").unchecked_into();
    input.set_files(Some(&transfer(name, bytes).files().unwrap()));
    common::fire(&input, "change");
}

/// Drops `bytes` as the file `name` on panel 1.
fn drop_on_panel(root: &Element, name: &str, bytes: &[u8]) {
    let init = web_sys::DragEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_data_transfer(Some(&transfer(name, bytes)));
    let event = web_sys::DragEvent::new_with_event_init_dict("drop", &init).unwrap();
    find(root, "dataset-panel").dispatch_event(&event).unwrap();
}

fn menu(root: &Element) -> String {
    find(root, "dataset-kind").unchecked_into::<HtmlSelectElement>().value()
}

fn shown(root: &Element, testid: &str) -> bool {
    !find(root, testid).class_list().contains("hidden")
}

/// A table no other test installs: `rows` rows of two features and three
/// named classes, with `salt` in a feature so each call is another file.
fn own_table(rows: usize, salt: usize) -> Vec<u8> {
    let names = ["alpha", "beta", "gamma"];
    let body: String = (0..rows).map(|i| format!("{}.{salt},{},{}\n", i % 5, (i * 7) % 11, names[i % 3])).collect();
    format!("width,height,kind\n{body}").into_bytes()
}

#[wasm_bindgen_test]
async fn every_bad_file_in_the_corpus_is_refused_and_nothing_is_lost() {
    let root = mount(false);
    click(&root, "train-teacher");
    wait_until("the teacher trains", 60_000, || teacher_step(&root) >= 20).await;
    click(&root, "train-teacher");
    wait_until("the teacher pauses", 5000, || find(&root, "train-teacher").text_content().unwrap_or_default().contains("Train")).await;
    let step = teacher_step(&root);
    let (mut checked, mut skipped) = (0, vec![]);
    for file in bad_csv::corpus() {
        match file.label_column {
            // The label column is chosen after a file reads (below); the
            // page's menu offers only the file's own columns.
            Some(c) if c >= 3 => {
                skipped.push(file.name);
                continue;
            }
            Some(_) => continue,
            None => {}
        }
        let before = text(&root, "table-message");
        choose(&root, file.name, &file.bytes);
        wait_until(&format!("{}: refused", file.name), 10_000, || {
            let now = text(&root, "table-message");
            now != before && now.contains("was not loaded")
        })
        .await;
        let said = text(&root, "table-message");
        assert!(said.contains(file.message) && said.contains("Nothing was changed."), "{}: said {said:?}, expected {:?}", file.name, file.message);
        assert!(find(&root, "table-message").class_list().contains("error"), "{}", file.name);
        assert_eq!(menu(&root), "spiral", "{}: the dataset stays", file.name);
        assert_eq!(teacher_step(&root), step, "{}: the trained teacher stays", file.name);
        checked += 1;
    }
    assert!(checked >= 30, "{checked} files checked");
    // Reported by name: the corpus's one file whose label column the page
    // cannot even offer.
    assert_eq!(skipped, ["no such label column"]);
    web_sys::console::log_1(&format!("not offered by the page (no such column in its menu): {skipped:?}").into());

    // A file that reads, then a label column that cannot be one: refused,
    // the labels stay where they were.
    let file = bad_csv::corpus().into_iter().find(|f| f.label_column == Some(0)).expect("the corpus has it");
    choose(&root, "numbers.csv", &file.bytes);
    wait_until("the good file is loaded", 10_000, || text(&root, "table-message").starts_with("Loaded")).await;
    assert_eq!(menu(&root), "table");
    let select: HtmlSelectElement = find(&root, "label-column").unchecked_into();
    select.set_value("0");
    common::fire(&select, "change");
    wait_until("the label column is refused", 5000, || text(&root, "table-message").contains("cannot be the label")).await;
    assert!(text(&root, "table-message").contains(file.message), "{}", text(&root, "table-message"));
    assert!(text(&root, "table-summary").contains("in column 3 (label)"), "{}", text(&root, "table-summary"));
}

#[wasm_bindgen_test]
async fn a_dropped_file_becomes_the_dataset_with_its_class_names_and_trains() {
    let root = mount(false);
    drop_on_panel(&root, "iris-copy.csv", IRIS);
    wait_until("the dropped file is loaded", 10_000, || text(&root, "table-message").starts_with("Loaded")).await;
    // The same bytes are the shipped example: the menu says so.
    assert_eq!(menu(&root), "example:iris.csv");
    let summary = text(&root, "table-summary");
    assert!(summary.contains("150 rows, 4 features, 3 classes (setosa, versicolor, virginica)"), "{summary}");
    assert!(summary.contains("fingerprint, not its data"), "{summary}");
    wait_until("the class names in the soft-target bars", 10_000, || text(&root, "soft-target-bars").contains("(class setosa)")).await;
    click(&root, "train-teacher");
    wait_until("the teacher learns the flowers", 60_000, || text(&root, "teacher-accuracy").trim_end_matches('%').parse::<f32>().is_ok_and(|a| a >= 80.0))
        .await;
    click(&root, "train-teacher");
    // Back to a shape: the table's controls go, the shape's come back.
    let select: HtmlSelectElement = find(&root, "dataset-kind").unchecked_into();
    select.set_value("moons");
    common::fire(&select, "change");
    wait_until("moons", 5000, || menu(&root) == "moons" && root.query_selector("[data-testid=table-summary]").unwrap().is_none()).await;
    // The other example, from the menu.
    select.set_value("example:wine.csv");
    common::fire(&select, "change");
    wait_until("wine", 5000, || text(&root, "table-summary").contains("178 rows, 13 features, 3 classes")).await;
}

#[wasm_bindgen_test]
async fn settings_naming_a_file_this_tab_lacks_ask_for_it_and_refuse_another() {
    let mine = own_table(60, 1);
    let r = TableRef { name: "field notes.csv".into(), hash: hash_of(&mine), rows: 60, columns: 3, label: 2, classes: 3 };
    let config = PlaygroundConfig { dataset: DatasetSpec::table(r), ..PlaygroundConfig::default() };
    let root = mount_config(config, false);
    wait_until("the page asks for the file", 5000, || shown(&root, "table-awaited")).await;
    let asked = text(&root, "table-awaited");
    assert!(asked.contains("“field notes.csv” (60 rows, 3 columns") && asked.contains("choose the same file"), "{asked}");
    // Another file is refused, both named.
    choose(&root, "other.csv", &own_table(60, 2));
    wait_until("another file is refused", 10_000, || text(&root, "table-message").contains("is not the file")).await;
    assert!(shown(&root, "table-awaited"));
    // The right one (under any name) is taken.
    choose(&root, "renamed.csv", &mine);
    wait_until("the file is taken", 10_000, || !shown(&root, "table-awaited") && text(&root, "table-message").starts_with("Loaded")).await;
    assert!(text(&root, "table-summary").contains("60 rows, 2 features, 3 classes (alpha, beta, gamma)"), "{}", text(&root, "table-summary"));
}
