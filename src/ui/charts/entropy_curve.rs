//! Mean entropy of the selected samples' soft targets against T (log axis),
//! with a marker at the current T: where the targets go from hard to flat.

use leptos::prelude::*;

use crate::core::config::{MAX_TEMPERATURE, MIN_TEMPERATURE};
use crate::core::probs::{entropy, softmax_at_temperature};
use crate::plot::scale::{Linear, Log};

use super::soft_target_bars::Sample;

const W: f32 = 300.0;
const H: f32 = 120.0;

fn mean_entropy(samples: &[Sample], t: f32) -> f32 {
    samples.iter().map(|s| entropy(&softmax_at_temperature(&s.logits, t))).sum::<f32>() / samples.len().max(1) as f32
}

#[component]
pub fn EntropyCurve(samples: Signal<Vec<Sample>>, temperature: Signal<f32>, classes: Signal<usize>) -> impl IntoView {
    let sx = Log::new((MIN_TEMPERATURE, MAX_TEMPERATURE), (30.0, W - 6.0));
    let sy = move || Linear::new((0.0, (classes.get().max(2) as f32).ln()), (H - 18.0, 8.0));
    let curve = move || {
        let sy = sy();
        (0..=80)
            .map(|i| {
                let t = sx.invert(30.0 + (W - 36.0) * i as f32 / 80.0);
                format!("{:.1},{:.1}", sx.map(t), sy.map(samples.with(|s| mean_entropy(s, t))))
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    // The only part that follows the slider: one memo for both coordinates.
    let marker = Memo::new(move |_| {
        let t = temperature.get();
        (sx.map(t), sy().map(samples.with(|s| mean_entropy(s, t))))
    });
    let ticks =
        [0.1f32, 1.0, 10.0, 50.0].map(|t| view! { <text x=sx.map(t) y=H - 4.0 class="tick" text-anchor="middle">{format!("{t}")}</text> }).collect_view();
    view! {
        <figure class="chart">
            <figcaption>"Entropy of the soft targets vs T (max ln K = "{move || format!("{:.2}", (classes.get() as f32).ln())}")"</figcaption>
            <svg viewBox=format!("0 0 {W} {H}") class="line-chart">
                <line x1=30 x2=W - 6.0 y1=move || sy().map((classes.get() as f32).ln()) y2=move || sy().map((classes.get() as f32).ln()) class="grid"/>
                <polyline points=curve fill="none" stroke="#555" stroke-width="1.8"/>
                <circle data-testid="entropy-marker" r="5" fill="#d62728" cx=move || format!("{:.2}", marker.get().0) cy=move || format!("{:.2}", marker.get().1)/>
                {ticks}
                <text x=W - 6.0 y=H - 4.0 dy="-10" class="tick" text-anchor="end">"T"</text>
            </svg>
        </figure>
    }
}
