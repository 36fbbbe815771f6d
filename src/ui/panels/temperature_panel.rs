//! The temperature slider and what it does to the teacher's soft targets.

use std::sync::Arc;

use leptos::prelude::*;

use crate::core::config::{MAX_TEMPERATURE, MIN_TEMPERATURE};
use crate::core::dataset::Dataset;
use crate::core::metrics::class_similarity;
use crate::core::trainer::Outputs;
use crate::ui::charts::matrix::{Cell, MatrixChart};
use crate::ui::state::PageState;

use super::draw_digit::DrawDigit;
use crate::plot::scale::Log;
use crate::ui::charts::entropy_curve::EntropyCurve;
use crate::ui::charts::soft_target_bars::{Sample, SoftTargetBars};

use super::controls::ctx;

/// Slider positions 0..=1000 map log-uniformly onto [MIN_TEMPERATURE, MAX_TEMPERATURE].
fn slider_scale() -> Log {
    Log::new((MIN_TEMPERATURE, MAX_TEMPERATURE), (0.0, 1000.0))
}

#[component]
pub fn TemperaturePanel(state: PageState, samples: Signal<Vec<Sample>>, classes: Signal<usize>, dataset: Signal<Arc<Dataset>>) -> impl IntoView {
    let teacher: Signal<Option<Arc<Outputs>>> = state.teacher_outputs.into();
    let c = ctx();
    let temperature = Signal::derive(move || c.config.with(|c| c.temperature));
    // Mean soft targets per true class on the training rows, at the slider's T.
    let similarity = Signal::derive(move || {
        let (Some(out), d) = (teacher.get(), dataset.get()) else { return vec![] };
        if out.classes != d.classes || out.train.len() != d.train.len() * d.classes {
            return vec![];
        }
        class_similarity(&out.train, &d.train.y, d.classes, temperature.get())
            .into_iter()
            .map(|row| row.into_iter().map(|p| Cell { shade: p.sqrt(), text: format!("{:.0}", 100.0 * p) }).collect())
            .collect()
    });
    let similarity_title = Signal::derive(move || format!("Dark knowledge: mean soft targets per true class at T = {:.2} (%)", temperature.get()));
    view! {
        <section class="panel">
            <h2>"3 · Temperature"</h2>
            <label class="field slider">
                <span>"T = "<b data-testid="temperature-value">{move || format!("{:.2}", temperature.get())}</b></span>
                <input type="range" min="0" max="1000" step="1" data-testid="temperature-slider"
                    prop:value=move || format!("{:.0}", slider_scale().map(temperature.get()))
                    on:input=move |ev| {
                        if let Ok(pos) = event_target_value(&ev).parse::<f32>() {
                            c.edit(|cfg| cfg.temperature = slider_scale().invert(pos));
                        }
                    }/>
            </label>
            <SoftTargetBars samples=samples temperature=temperature/>
            <EntropyCurve samples=samples temperature=temperature classes=classes/>
            <Show when=move || dataset.with(|d| d.spec.kind.is_image())>
                <DrawDigit state=state mnist=Signal::derive(move || dataset.with(|d| d.spec.kind == crate::core::dataset::DatasetKind::Mnist))/>
            </Show>
            <MatrixChart title=similarity_title cells=similarity axes=("true class", "soft target class") testid="class-similarity"/>
            <div class="explain">
                <p>"These are the teacher's real "<b>"soft targets"</b>" softmax(z/T) for the selected points. "
                   "As "<b>"T → 0"</b>" they approach the hard argmax (one-hot, entropy 0); at "<b>"large T"</b>" they flatten towards uniform (entropy ln K). "
                   "In between, the small probabilities of the wrong classes become visible: which classes the teacher finds "
                   "similar to this point — the "<i>"dark knowledge"</i>" a distilled student learns from (Hinton et al. 2015)."</p>
                <p>"The matrix averages the soft targets over each true class: its off-diagonal cells are the teacher's class similarities (on the digits, which digits it confuses with which), invisible at T → 0 and washed out at very large T."</p>
                <p>"The same T is used for distillation below; the soft term is scaled by T² so its gradients keep their size as T changes."</p>
            </div>
        </section>
    }
}
