//! The temperature slider and what it does to the teacher's soft targets.

use leptos::prelude::*;

use crate::core::config::{MAX_TEMPERATURE, MIN_TEMPERATURE};
use crate::plot::scale::Log;
use crate::ui::charts::entropy_curve::EntropyCurve;
use crate::ui::charts::soft_target_bars::{Sample, SoftTargetBars};

use super::controls::ctx;

/// Slider positions 0..=1000 map log-uniformly onto [MIN_TEMPERATURE, MAX_TEMPERATURE].
fn slider_scale() -> Log {
    Log::new((MIN_TEMPERATURE, MAX_TEMPERATURE), (0.0, 1000.0))
}

#[component]
pub fn TemperaturePanel(samples: Signal<Vec<Sample>>, classes: Signal<usize>) -> impl IntoView {
    let c = ctx();
    let temperature = Signal::derive(move || c.config.with(|c| c.temperature));
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
            <div class="explain">
                <p>"These are the teacher's real "<b>"soft targets"</b>" softmax(z/T) for the selected points. "
                   "As "<b>"T → 0"</b>" they approach the hard argmax (one-hot, entropy 0); at "<b>"large T"</b>" they flatten towards uniform (entropy ln K). "
                   "In between, the small probabilities of the wrong classes become visible: which classes the teacher finds "
                   "similar to this point — the "<i>"dark knowledge"</i>" a distilled student learns from (Hinton et al. 2015)."</p>
                <p>"The same T is used for distillation below; the soft term is scaled by T² so its gradients keep their size as T changes."</p>
            </div>
        </section>
    }
}
