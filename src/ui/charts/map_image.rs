//! One feature map, attention map or filter as a small grid of cells: values
//! scaled by the largest magnitude, positive warm, negative cool (a filter's
//! weights), zero white.

use leptos::prelude::*;

/// `values`: `width` × rows, row-major.
#[component]
pub fn MapImage(values: Vec<f32>, width: usize, #[prop(default = 40.0)] size: f32, #[prop(optional)] label: String) -> impl IntoView {
    let width = width.max(1);
    let height = values.len().div_ceil(width).max(1);
    let scale = values.iter().fold(0.0f32, |m, v| m.max(v.abs())).max(1e-12);
    // White cells are left to the white square beneath (ReLU maps are mostly zero).
    let cells = values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| {
            let t = (v / scale).clamp(-1.0, 1.0);
            let fade = |full: f32| (255.0 - (255.0 - full) * t.abs()).round() as u8;
            // Warm (#c0392b-ish) for positive, cool (#2471a3-ish) for negative.
            let (r, g, b) = if t >= 0.0 { (fade(192.0), fade(57.0), fade(43.0)) } else { (fade(36.0), fade(113.0), fade(163.0)) };
            ((r, g, b) != (255, 255, 255))
                .then(|| view! { <rect x=(i % width) as f32 y=(i / width) as f32 width="1" height="1" fill=format!("rgb({r},{g},{b})")/> })
        })
        .collect_view();
    let h = size * height as f32 / width as f32;
    view! {
        <svg class="map" width=size height=h viewBox=format!("0 0 {width} {height}") shape-rendering="crispEdges" role="img" aria-label=label>
            <rect width=width height=height fill="white"/>
            {cells}
        </svg>
    }
}
