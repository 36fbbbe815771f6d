//! The teacher's soft targets softmax(z/T) for the selected samples, as bars
//! that follow the temperature slider on every input event.

use leptos::prelude::*;

use crate::core::probs::{entropy, softmax_at_temperature};
use crate::plot::colors::class_css;

use super::class_names::{namer, short};
use super::digit_image::DigitImage;
use super::tap_tip::{TapTip, tip_of_click};

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
/// Each bar reads `probs` itself, so when they change (the slider) the bars
/// update in place instead of being rebuilt (docs/PERFORMANCE.md).
pub fn prob_bars(probs: Signal<Vec<f32>>, classes: usize, marked: usize) -> impl IntoView + use<> {
    let name = namer();
    (0..classes)
        .map(|c| {
            let prob = move || probs.with(|p| p.get(c).copied().unwrap_or(0.0));
            view! {
                <div class="bar-slot" title=move || format!("class {}: {:.3}", name(c), prob())>
                    <div class="bar" data-prob=move || format!("{:.6}", prob()) data-class=c
                        style=move || format!("height:{:.1}%;background:{}", prob() * 100.0, class_css(c))></div>
                    <span class="bar-label" class:true-class=c == marked>{move || short(&name(c))}</span>
                </div>
            }
        })
        .collect_view()
}

#[component]
pub fn SoftTargetBars(samples: Signal<Vec<Sample>>, temperature: Signal<f32>) -> impl IntoView {
    // Built once per choice of samples; the temperature only moves the bars
    // and the entropy (a memo per sample).
    let name = namer();
    let groups = move || {
        samples
            .get()
            .into_iter()
            .map(|s| {
                let classes = s.logits.len();
                let logits = s.logits;
                let probs = Memo::new(move |_| softmax_at_temperature(&logits, temperature.get()));
                let h = move || probs.with(|p| format!("{:.2}", entropy(p)));
                let image = (!s.pixels.is_empty()).then(|| view! { <DigitImage pixels=s.pixels.clone()/> });
                view! {
                    <div class="bar-group" data-sample=s.index>
                        {image}
                        <div class="bars">{prob_bars(probs.into(), classes, s.label)}</div>
                        <div class="bar-caption">"point #"{s.index}" (class "{move || name(s.label)}") · H = "{h}" nats"</div>
                    </div>
                }
            })
            .collect_view()
    };
    let tip = RwSignal::new(None);
    view! {
        <div class="soft-target-bars" data-testid="soft-target-bars" on:click=move |ev| tip.set(tip_of_click(&ev))>
            {groups}
            <Show when=move || samples.with(|s| s.is_empty())>
                <p class="hint">"Click points on the teacher's map (2-D data) to choose samples."</p>
            </Show>
        </div>
        <Show when=move || samples.with(|s| !s.is_empty())>
            <TapTip tip=tip/>
        </Show>
    }
}
