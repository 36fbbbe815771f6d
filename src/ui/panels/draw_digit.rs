//! Draw a digit: a pad whose drawing becomes what the networks read — on the
//! 8×8 digits averaged into 8 × 8 blocks, on MNIST preprocessed as MNIST was
//! made (ink box scaled into 20 × 20, centred by mass in 28 × 28) — and is
//! classified by the teacher and both students; the page shows that input
//! and each model's soft targets at the slider's T.

use leptos::html::Canvas;
use leptos::prelude::*;

use crate::core::digits::downsample;
use crate::core::mnist_preprocess::mnist_style;
use crate::core::probs::{argmax, softmax_at_temperature};
use crate::core::protocol::{Command, Prediction};
use crate::ui::charts::canvas::context_2d;
use crate::ui::charts::digit_image::DigitImage;
use crate::ui::charts::soft_target_bars::prob_bars;
use crate::ui::state::PageState;

use super::controls::ctx;
use super::conv_maps::ConvMaps;

/// Pad side in CSS pixels (8 blocks of 20).
const PAD: u32 = 160;

/// The pad's ink (alpha channel) as values in [0, 1].
fn ink(canvas: &web_sys::HtmlCanvasElement) -> Option<Vec<f32>> {
    let data = context_2d(canvas)?.get_image_data(0.0, 0.0, f64::from(PAD), f64::from(PAD)).ok()?.data();
    Some(data.0.chunks_exact(4).map(|px| f32::from(px[3]) / 255.0).collect())
}

/// One model's soft targets for the drawing, as a row of small bars.
fn model_bars(name: &'static str, logits: &[f32], t: f32) -> impl IntoView + use<> {
    let p = softmax_at_temperature(logits, t);
    let (best, classes) = (argmax(&p), p.len());
    view! {
        <div class="bar-group" data-model=name>
            <div class="bars">{prob_bars(Signal::stored(p), classes, best)}</div>
            <div class="bar-caption">{name}" says "<b>{best}</b></div>
        </div>
    }
}

#[component]
pub fn DrawDigit(state: PageState, mnist: Signal<bool>) -> impl IntoView {
    let c = ctx();
    let canvas = NodeRef::<Canvas>::new();
    let drawing = RwSignal::new(false);
    let last = StoredValue::new((0.0f64, 0.0f64));
    let stroke_to = move |x: f64, y: f64| {
        let Some(ctx2d) = canvas.get().and_then(|c| context_2d(&c)) else { return };
        let (lx, ly) = last.get_value();
        ctx2d.set_stroke_style_str("#000");
        ctx2d.set_line_width(16.0);
        ctx2d.set_line_cap("round");
        ctx2d.begin_path();
        ctx2d.move_to(lx, ly);
        ctx2d.line_to(x, y);
        ctx2d.stroke();
        last.set_value((x, y));
    };
    let classify = move || {
        if let Some(ink) = canvas.get().and_then(|c| ink(&c)) {
            let input = if mnist.get_untracked() { mnist_style(&ink, PAD as usize) } else { downsample(&ink, PAD as usize) };
            c.send(Command::Predict(input));
        }
    };
    let clear = move |_| {
        if let Some(ctx2d) = canvas.get().and_then(|cv| context_2d(&cv)) {
            ctx2d.clear_rect(0.0, 0.0, f64::from(PAD), f64::from(PAD));
        }
        state.prediction.set(None);
    };
    let result = move || {
        let t = c.config.with(|cfg| cfg.temperature);
        state.prediction.get().map(|p| {
            let Prediction { input, teacher, distilled, scratch, maps } = p.as_ref().clone();
            let maps = (!maps.is_empty()).then(|| view! { <ConvMaps maps=maps/> });
            view! {
                <div class="drawn" data-testid="drawn-outputs">
                    <span data-testid="drawn-input"><DigitImage pixels=input size=84.0/></span>
                    {model_bars("teacher", &teacher, t)}
                    {distilled.map(|d| model_bars("distilled", &d, t))}
                    {scratch.map(|s| model_bars("scratch", &s, t))}
                </div>
                {maps}
            }
        })
    };
    view! {
        <div class="draw-digit">
            <h3>"Draw a digit"</h3>
            <p class="explain">{move || if mnist.get() {
                "Draw with the mouse (or a finger); on release the drawing is preprocessed as MNIST was (its ink scaled into 20 × 20 and centred by its centre of mass in 28 × 28) — the picture beside the bars is exactly what the networks read. Bars are each model's soft targets at the current T."
            } else {
                "Draw with the mouse (or a finger); on release the drawing is averaged to 8 × 8 like the digits and classified. Bars are each model's soft targets at the current T."
            }}</p>
            <div class="row">
                <canvas node_ref=canvas width=PAD height=PAD class="pad" data-testid="draw-pad"
                    on:pointerdown=move |ev| {
                        drawing.set(true);
                        last.set_value((f64::from(ev.offset_x()), f64::from(ev.offset_y())));
                        stroke_to(f64::from(ev.offset_x()) + 0.1, f64::from(ev.offset_y()));
                    }
                    on:pointermove=move |ev| if drawing.get_untracked() { stroke_to(f64::from(ev.offset_x()), f64::from(ev.offset_y())) }
                    on:pointerup=move |_| { drawing.set(false); classify(); }
                    on:pointerleave=move |_| if drawing.get_untracked() { drawing.set(false); classify(); }
                ></canvas>
                <button on:click=clear data-testid="draw-clear">"Clear"</button>
            </div>
            {result}
        </div>
    }
}
