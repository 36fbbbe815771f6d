//! One feature map, attention map or filter as a small grid of cells: values
//! scaled by the largest magnitude, positive warm, negative cool (a filter's
//! weights), zero white.

use leptos::prelude::*;

use super::shade_paths::{LEVELS, level, paths};

/// `values`: `width` × rows, row-major.
#[component]
pub fn MapImage(values: Vec<f32>, width: usize, #[prop(default = 40.0)] size: f32, #[prop(optional)] label: String) -> impl IntoView {
    let width = width.max(1);
    let height = values.len().div_ceil(width).max(1);
    let scale = values.iter().fold(0.0f32, |m, v| m.max(v.abs())).max(1e-12);
    let shades = paths(values.iter().map(|v| level(v / scale)).enumerate(), width)
        .into_iter()
        .map(|(step, d)| {
            let t = step.abs() as f32 / LEVELS as f32;
            let fade = |full: f32| (255.0 - (255.0 - full) * t).round() as u8;
            // Warm (#c0392b-ish) for positive, cool (#2471a3-ish) for negative.
            let (r, g, b) = if step > 0 { (fade(192.0), fade(57.0), fade(43.0)) } else { (fade(36.0), fade(113.0), fade(163.0)) };
            view! { <path d=d fill=format!("rgb({r},{g},{b})")/> }
        })
        .collect_view();
    let h = size * height as f32 / width as f32;
    view! {
        <svg class="map" width=size height=h viewBox=format!("0 0 {width} {height}") shape-rendering="crispEdges" role="img" aria-label=label>
            <rect width=width height=height fill="white"/>
            {shades}
        </svg>
    }
}
