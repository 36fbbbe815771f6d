//! A square digit (8×8 or MNIST's 28×28) in greys (ink dark on white), for
//! the selected samples, the gallery and the drawing pad's input as the
//! networks see it: one path per grey ([`super::shade_paths`]).

use leptos::prelude::*;

use super::shade_paths::{LEVELS, level, paths};

/// `pixels`: side² values in [0, 1], row-major. `data-inked` on the image
/// counts the cells with any ink.
#[component]
pub fn DigitImage(pixels: Vec<f32>, #[prop(default = 48.0)] size: f32) -> impl IntoView {
    let side = (pixels.len() as f64).sqrt().round().max(1.0) as usize;
    let steps: Vec<i32> = pixels.iter().map(|&v| level(v.clamp(0.0, 1.0))).collect();
    let inked = steps.iter().filter(|&&s| s > 0).count();
    let shades = paths(steps.into_iter().enumerate(), side)
        .into_iter()
        .map(|(step, d)| {
            let grey = (255.0 * (1.0 - step as f32 / LEVELS as f32)).round() as u8;
            view! { <path d=d fill=format!("rgb({grey},{grey},{grey})")/> }
        })
        .collect_view();
    view! {
        <svg class="digit" width=size height=size viewBox=format!("0 0 {side} {side}") shape-rendering="crispEdges" data-inked=inked>
            <rect width=side height=side fill="white"/>
            {shades}
        </svg>
    }
}
