//! Dataset controls: shape, classes, points, noise, split and seed.

use leptos::prelude::*;

use crate::core::dataset::{DatasetKind, MAX_POINTS, MIN_POINTS};

use super::controls::{NumberField, ctx};

#[component]
pub fn DatasetPanel() -> impl IntoView {
    let c = ctx();
    let options = DatasetKind::ALL
        .map(|k| view! { <option value=k.name() selected=move || c.config.with(|c| c.dataset.kind == k)>{k.name()}</option> })
        .collect_view();
    view! {
        <section class="panel">
            <h2>"1 · Data"</h2>
            <p class="explain">"A seeded 2-D toy problem (the same settings always give the same points; filled dots train, ringed dots are held out for testing), or "<b>"digits"</b>": the real UCI 8×8 handwritten digits (1,797 images, 10 classes; Alpaydin & Kaynak 1998, CC BY 4.0), split by the seed."</p>
            <label class="field"><span>"Shape"</span>
                <select data-testid="dataset-kind" on:change=move |ev| {
                    if let Some(k) = DatasetKind::from_name(&event_target_value(&ev)) {
                        c.edit(|cfg| {
                            cfg.dataset.kind = k;
                            // The digits are a fixed set: take all of it.
                            if k == DatasetKind::Digits {
                                cfg.dataset.points = k.max_points();
                            }
                            cfg.dataset.classes = cfg.dataset.classes.clamp(k.class_range().0, k.class_range().1);
                        })
                    }
                }>{options}</select>
            </label>
            <NumberField label="Classes" help="2–5 for spiral, circles and blobs; moons and xor have 2, digits 10." get=|c| c.dataset.classes as f64 set=|c, v| c.dataset.classes = v as usize min=2.0 max=5.0 step=1.0 testid="dataset-classes"/>
            <NumberField label="Points" help="Train and test together (digits: at most 1,797)." get=|c| c.dataset.points as f64 set=|c, v| c.dataset.points = v as usize min=MIN_POINTS as f64 max=MAX_POINTS as f64 step=10.0/>
            <NumberField label="Noise" help="Gaussian jitter added to every point (0–1); not used for the digits." get=|c| c.dataset.noise as f64 set=|c, v| c.dataset.noise = v as f32 min=0.0 max=1.0 step=0.05/>
            <NumberField label="Test share" help="Share of points held out for testing." get=|c| c.dataset.test_fraction as f64 set=|c, v| c.dataset.test_fraction = v as f32 min=0.1 max=0.9 step=0.05/>
            <NumberField label="Data seed" help="Another seed, another draw of the same shape." get=|c| c.dataset.seed as f64 set=|c, v| c.dataset.seed = v as u64 min=0.0 max=1e9 step=1.0/>
        </section>
    }
}
