//! A small scatter plot of 2-D points coloured by class, scaled to fit:
//! the PCA projections of a layer's features.

use leptos::prelude::*;

use crate::plot::colors::class_css;
use crate::plot::scale::{Linear, extent};

const SIZE: f32 = 160.0;
const PAD: f32 = 8.0;

#[component]
pub fn Scatter(title: String, points: Vec<[f32; 2]>, labels: Vec<usize>, testid: &'static str) -> impl IntoView {
    let fit = |k: usize| {
        let (lo, hi) = extent(points.iter().map(|p| p[k])).unwrap_or((-1.0, 1.0));
        let half = ((hi - lo) / 2.0).max(1e-6);
        let mid = (hi + lo) / 2.0;
        (mid - half, mid + half)
    };
    let (sx, sy) = (Linear::new(fit(0), (PAD, SIZE - PAD)), Linear::new(fit(1), (SIZE - PAD, PAD)));
    let dots = points.iter().zip(&labels).map(|(p, &label)| view! { <circle cx=sx.map(p[0]) cy=sy.map(p[1]) r="3.5" fill=class_css(label)/> }).collect_view();
    view! {
        <figure class="scatter" data-testid=testid>
            <figcaption>{title}</figcaption>
            <svg viewBox=format!("0 0 {SIZE} {SIZE}") width=SIZE height=SIZE>{dots}</svg>
        </figure>
    }
}
