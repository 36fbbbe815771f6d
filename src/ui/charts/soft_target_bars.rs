//! The teacher's soft targets softmax(z/T) for the selected samples, as bars
//! that follow the temperature slider on every input event.

use leptos::prelude::*;

use crate::core::probs::{entropy, softmax_at_temperature};
use crate::plot::colors::class_css;

use super::digit_image::DigitImage;

/// One selected sample: its number, true label and the teacher's logits.
#[derive(Clone, PartialEq)]
pub struct Sample {
    pub index: usize,
    pub label: usize,
    pub logits: Vec<f32>,
    /// The image, for digits (64 values in [0, 1]); empty for 2-D points.
    pub pixels: Vec<f32>,
}

/// One bar per class, its height the probability (also in `data-prob`);
/// class `marked` has its label emphasised (the true class, or the top one).
pub fn prob_bars(probs: &[f32], marked: usize) -> impl IntoView + use<> {
    probs
        .iter()
        .enumerate()
        .map(|(c, &prob)| {
            view! {
                <div class="bar-slot" title=format!("class {c}: {prob:.3}")>
                    <div class="bar" data-prob=format!("{prob:.6}") data-class=c
                        style=format!("height:{:.1}%;background:{}", prob * 100.0, class_css(c))></div>
                    <span class="bar-label" class:true-class=c == marked>{c}</span>
                </div>
            }
        })
        .collect_view()
}

#[component]
pub fn SoftTargetBars(samples: Signal<Vec<Sample>>, temperature: Signal<f32>) -> impl IntoView {
    let groups = move || {
        let t = temperature.get();
        samples
            .get()
            .into_iter()
            .map(|s| {
                let p = softmax_at_temperature(&s.logits, t);
                let h = entropy(&p);
                let bars = prob_bars(&p, s.label);
                let image = (s.pixels.len() == crate::core::digits::PIXELS).then(|| view! { <DigitImage pixels=s.pixels.clone()/> });
                view! {
                    <div class="bar-group" data-sample=s.index>
                        {image}
                        <div class="bars">{bars}</div>
                        <div class="bar-caption">"point #"{s.index}" (class "{s.label}") · H = "{format!("{h:.2}")}" nats"</div>
                    </div>
                }
            })
            .collect_view()
    };
    view! {
        <div class="soft-target-bars" data-testid="soft-target-bars">
            {groups}
            <Show when=move || samples.with(|s| s.is_empty())>
                <p class="hint">"Click points on the teacher's map (2-D data) to choose samples."</p>
            </Show>
        </div>
    }
}
