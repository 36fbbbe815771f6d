//! Dataset controls: the shape, the digits or a table (a shipped example,
//! or the user's CSV file, chosen or dropped here), then classes, points,
//! noise, split and seed as the data allows.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::core::dataset::DatasetKind;
use crate::core::settings;
use crate::core::table::{EXAMPLES, MAX_BYTES, installed};
use crate::ui::download::read_file;
use crate::ui::mnist_load::MnistLoad;
use crate::ui::table_load::{self, Tables, awaited, summary};

use super::controls::{SettingField, ctx};

/// The menu's value for the current dataset: a kind's name, a shipped
/// example's `example:<file>`, or `table` for the user's own file.
fn menu_value(spec: &crate::core::dataset::DatasetSpec) -> String {
    match (&spec.table, spec.kind) {
        (Some(r), DatasetKind::Table) => match installed::example_of(&r.hash) {
            Some(e) => format!("example:{}", e.file),
            None => "table".into(),
        },
        _ => spec.kind.name().into(),
    }
}

#[component]
pub fn DatasetPanel(mnist: RwSignal<MnistLoad>, tables: Tables) -> impl IntoView {
    let c = ctx();
    let value = Memo::new(move |_| c.config.with(|c| menu_value(&c.dataset)));
    let kinds = DatasetKind::ALL.map(|k| view! { <option value=k.name() selected=move || value.get() == k.name()>{k.name()}</option> }).collect_view();
    let examples = EXAMPLES
        .map(|e| {
            let v = format!("example:{}", e.file);
            let v2 = v.clone();
            view! { <option value=v selected=move || value.get() == v2>{format!("{} (example table)", e.file)}</option> }
        })
        .collect_view();
    let own_name = Memo::new(move |_| c.config.with(|c| c.dataset.table.as_ref().filter(|_| menu_value(&c.dataset) == "table").map(|r| r.name.clone())));
    let is_table = Memo::new(move |_| c.config.with(|c| c.dataset.kind == DatasetKind::Table));
    // The table read as the settings name it (tracks files being installed).
    let table = Memo::new(move |_| {
        tables.installed.track();
        c.config.with(|c| c.dataset.table.clone().filter(|_| c.dataset.kind == DatasetKind::Table)).and_then(|r| installed::table(&r).map(|t| (r, t)))
    });
    let waiting = Memo::new(move |_| {
        tables.installed.track();
        c.config.with(awaited)
    });
    let take = move |file: web_sys::File| {
        let name = file.name();
        if file.size() > MAX_BYTES as f64 {
            let why = format!("The file is {:.1} MB, more than the {} MB this page reads.", file.size() / 1e6, MAX_BYTES / 1_000_000);
            tables.message.set(Some(Err(format!("“{name}” was not loaded: {why} Nothing was changed."))));
            return;
        }
        tables.message.set(Some(Ok(format!("Reading “{name}”…"))));
        spawn_local(async move {
            match read_file(&file).await {
                Ok(bytes) => table_load::take_file(&name, bytes, c.config, tables, |cmd| c.send(cmd)),
                Err(e) => tables.message.set(Some(Err(format!("“{name}” was not loaded: {e}. Nothing was changed.")))),
            }
        });
    };
    let on_pick = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        input.set_value(""); // picking the same file again fires again
        take(file);
    };
    let dragging = RwSignal::new(false);
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        if let Some(file) = ev.data_transfer().and_then(|d| d.files()).and_then(|f| f.get(0)) {
            take(file);
        }
    };
    let columns = move || {
        table.get().map(|(r, t)| {
            let mut features = t.feature_names.iter();
            (0..r.columns)
                .map(|col| {
                    let name = if col == r.label { t.label_name.clone() } else { features.next().cloned().unwrap_or_default() };
                    view! { <option value=col.to_string() selected=col == r.label>{format!("{}: {name}", col + 1)}</option> }
                })
                .collect_view()
        })
    };
    view! {
        <section class="panel" class:dropping=move || dragging.get() data-testid="dataset-panel"
            on:dragover=move |ev: leptos::ev::DragEvent| { ev.prevent_default(); dragging.set(true); }
            on:dragleave=move |_| dragging.set(false)
            on:drop=on_drop>
            <h2>"1 · Data"</h2>
            <p class="explain">"A seeded 2-D toy problem (the same settings always give the same points; filled dots train, ringed dots are held out for testing), "<b>"digits"</b>": the real UCI 8×8 handwritten digits (1,797 images, 10 classes; Alpaydin & Kaynak 1998, CC BY 4.0), split by the seed, or "<b>"a table"</b>": an example or your own CSV file."</p>
            <label class="field"><span>{settings::DATASET_KIND.label}</span>
                <select data-testid="dataset-kind" prop:value=move || value.get() on:change=move |ev| {
                    let v = event_target_value(&ev);
                    if let Some(file) = v.strip_prefix("example:") {
                        table_load::take_example(file, c.config, tables);
                    } else if let Some(k) = DatasetKind::from_name(&v) {
                        tables.message.set(None);
                        c.edit(|cfg| {
                            cfg.dataset.kind = k;
                            cfg.dataset.table = None;
                            // The digits are a fixed set: take all of it.
                            if k == DatasetKind::Digits {
                                cfg.dataset.points = k.max_points();
                            }
                            // MNIST: all 10,000, the 8,000 / 2,000 split.
                            if k == DatasetKind::Mnist {
                                cfg.dataset.points = k.max_points();
                                cfg.dataset.test_fraction = 0.2;
                            }
                            if k.is_2d() && cfg.dataset.noise == 0.0 {
                                cfg.dataset.noise = crate::core::dataset::DatasetSpec::default().noise;
                            }
                            cfg.dataset.classes = cfg.dataset.classes.clamp(k.class_range().0, k.class_range().1);
                        })
                    }
                }>
                    {kinds}
                    {examples}
                    {move || own_name.get().map(|name| view! { <option value="table" selected=true>{format!("{name} (your file)")}</option> })}
                </select>
            </label>
            <p class="status" role="status" data-testid="mnist-status" class:hidden=move || mnist.with(|m| m.describe().is_none())>{move || mnist.with(MnistLoad::describe)}</p>
            <div class="table-file">
                <label class="field inline file" title="A CSV file: numeric feature columns and one label column. It is read in this page and never uploaded.">
                    <span>"Your CSV file"</span>
                    <input type="file" accept=".csv,.tsv,.txt,text/csv,text/tab-separated-values,text/plain" data-testid="csv-file" on:change=on_pick/>
                </label>
                <p class="explain">"…or drop one on this panel. "{table_load::limits()}</p>
            </div>
            <p class="status warn" role="status" data-testid="table-awaited" class:hidden=move || waiting.with(Option::is_none)>
                {move || waiting.get().map(|r| format!("These settings were made with the file {}. A link and this browser keep only its fingerprint, never its data: choose the same file to go on. Until then the 8×8 digits stand in.", r.describe()))}
            </p>
            <p class="status" role="status" aria-live="polite" data-testid="table-message"
                class:error=move || tables.message.with(|m| matches!(m, Some(Err(_))))
                class:hidden=move || tables.message.with(Option::is_none)>
                {move || tables.message.get().map(|m| m.unwrap_or_else(|e| e))}
            </p>
            <Show when=move || table.with(Option::is_some)>
                <p class="explain" data-testid="table-summary">
                    {move || table.get().map(|(r, t)| summary(&r, &t))}
                    " Features are standardised with the training split's mean and deviation. "
                    {move || table.get().and_then(|(r, _)| installed::example_of(&r.hash).map(|e| format!("{}. ", e.source)))}
                    "The link holds the file's fingerprint, not its data: opening it elsewhere asks for the same file."
                </p>
                <label class="field"><span>"label column"</span>
                    <select data-testid="label-column" on:change=move |ev| {
                        if let Ok(col) = event_target_value(&ev).parse::<usize>() {
                            table_load::take_label_column(col, c.config, tables);
                        }
                    }>{columns}</select>
                </label>
            </Show>
            <Show when=move || !is_table.get()>
                <SettingField setting=&settings::DATASET_CLASSES get={|c| c.dataset.classes as f64} set={|c, v| c.dataset.classes = v as usize} testid="dataset-classes"/>
                <SettingField setting=&settings::DATASET_POINTS get={|c| c.dataset.points as f64} set={|c, v| c.dataset.points = v as usize}/>
                <SettingField setting=&settings::DATASET_NOISE get={|c| c.dataset.noise as f64} set={|c, v| c.dataset.noise = v as f32}/>
            </Show>
            <SettingField setting=&settings::DATASET_TEST_FRACTION get={|c| c.dataset.test_fraction as f64} set={|c, v| c.dataset.test_fraction = v as f32}/>
            <SettingField setting=&settings::DATASET_SEED get={|c| c.dataset.seed as f64} set={|c, v| c.dataset.seed = v as u64}/>
        </section>
    }
}
