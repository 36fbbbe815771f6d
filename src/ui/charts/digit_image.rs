//! An 8×8 digit as grey SVG cells (ink dark on white), for the selected
//! samples and the drawing pad's downsampled input.

use leptos::prelude::*;

use crate::core::digits::SIDE;

/// `pixels`: 64 values in [0, 1], row-major.
#[component]
pub fn DigitImage(pixels: Vec<f32>, #[prop(default = 48.0)] size: f32) -> impl IntoView {
    let cells = pixels
        .into_iter()
        .enumerate()
        .map(|(i, v)| {
            let grey = (255.0 * (1.0 - v.clamp(0.0, 1.0))).round() as u8;
            view! { <rect x=(i % SIDE) as f32 y=(i / SIDE) as f32 width="1" height="1" fill=format!("rgb({grey},{grey},{grey})")/> }
        })
        .collect_view();
    view! { <svg class="digit" width=size height=size viewBox=format!("0 0 {SIDE} {SIDE}") shape-rendering="crispEdges">{cells}</svg> }
}
