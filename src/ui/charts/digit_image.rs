//! A square digit (8×8 or MNIST's 28×28) as grey SVG cells (ink dark on
//! white), for the selected samples, the gallery and the drawing pad's
//! input as the networks see it.

use leptos::prelude::*;

/// `pixels`: side² values in [0, 1], row-major. Only inked cells become
/// elements, on one white square: an MNIST digit is mostly paper, and 784
/// elements per digit made a gallery of twelve a long task to render.
#[component]
pub fn DigitImage(pixels: Vec<f32>, #[prop(default = 48.0)] size: f32) -> impl IntoView {
    let side = (pixels.len() as f64).sqrt().round().max(1.0) as usize;
    let cells = pixels
        .into_iter()
        .enumerate()
        .filter_map(|(i, v)| {
            let grey = (255.0 * (1.0 - v.clamp(0.0, 1.0))).round() as u8;
            (grey < 255).then(|| view! { <rect x=(i % side) as f32 y=(i / side) as f32 width="1" height="1" fill=format!("rgb({grey},{grey},{grey})")/> })
        })
        .collect_view();
    view! {
        <svg class="digit" width=size height=size viewBox=format!("0 0 {side} {side}") shape-rendering="crispEdges">
            <rect width=side height=side fill="white"/>
            {cells}
        </svg>
    }
}
