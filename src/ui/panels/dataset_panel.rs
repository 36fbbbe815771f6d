//! Dataset controls: shape, classes, points, noise, split and seed.

use leptos::prelude::*;

use crate::core::dataset::DatasetKind;
use crate::core::settings;
use crate::ui::mnist_load::MnistLoad;

use super::controls::{SettingField, ctx};

#[component]
pub fn DatasetPanel(mnist: RwSignal<MnistLoad>) -> impl IntoView {
    let c = ctx();
    let options =
        DatasetKind::ALL.map(|k| view! { <option value=k.name() selected=move || c.config.with(|c| c.dataset.kind == k)>{k.name()}</option> }).collect_view();
    view! {
        <section class="panel">
            <h2>"1 · Data"</h2>
            <p class="explain">"A seeded 2-D toy problem (the same settings always give the same points; filled dots train, ringed dots are held out for testing), or "<b>"digits"</b>": the real UCI 8×8 handwritten digits (1,797 images, 10 classes; Alpaydin & Kaynak 1998, CC BY 4.0), split by the seed."</p>
            <label class="field"><span>{settings::DATASET_KIND.label}</span>
                <select data-testid="dataset-kind" prop:value=move || c.config.with(|c| c.dataset.kind.name()) on:change=move |ev| {
                    if let Some(k) = DatasetKind::from_name(&event_target_value(&ev)) {
                        c.edit(|cfg| {
                            cfg.dataset.kind = k;
                            // The digits are a fixed set: take all of it.
                            if k == DatasetKind::Digits {
                                cfg.dataset.points = k.max_points();
                            }
                            // MNIST: all 10,000, the 8,000 / 2,000 split.
                            if k == DatasetKind::Mnist {
                                cfg.dataset.points = k.max_points();
                                cfg.dataset.test_fraction = 0.2;
                            }
                            cfg.dataset.classes = cfg.dataset.classes.clamp(k.class_range().0, k.class_range().1);
                        })
                    }
                }>{options}</select>
            </label>
            <p class="status" role="status" data-testid="mnist-status" class:hidden=move || mnist.with(|m| m.describe().is_none())>{move || mnist.with(MnistLoad::describe)}</p>
            <SettingField setting=&settings::DATASET_CLASSES get={|c| c.dataset.classes as f64} set={|c, v| c.dataset.classes = v as usize} testid="dataset-classes"/>
            <SettingField setting=&settings::DATASET_POINTS get={|c| c.dataset.points as f64} set={|c, v| c.dataset.points = v as usize}/>
            <SettingField setting=&settings::DATASET_NOISE get={|c| c.dataset.noise as f64} set={|c, v| c.dataset.noise = v as f32}/>
            <SettingField setting=&settings::DATASET_TEST_FRACTION get={|c| c.dataset.test_fraction as f64} set={|c, v| c.dataset.test_fraction = v as f32}/>
            <SettingField setting=&settings::DATASET_SEED get={|c| c.dataset.seed as f64} set={|c, v| c.dataset.seed = v as u64}/>
        </section>
    }
}
