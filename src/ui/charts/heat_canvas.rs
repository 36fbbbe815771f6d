//! A large n × n matrix as one canvas pixel per cell (scaled up by CSS),
//! for the 24 × 24 distance matrices: as SVG, 576 cells per matrix and three
//! matrices per update cost over 100 ms of DOM work in Chromium; a canvas
//! paint is a fraction of a millisecond.

use leptos::html::Canvas;
use leptos::prelude::*;

use super::canvas::put_rgb;

/// Paints `values` (row-major, shade in [0, 1]) into the canvas: white to
/// the page's blue.
fn paint(canvas: &web_sys::HtmlCanvasElement, values: &[Vec<f32>]) {
    let n = values.len();
    if n == 0 {
        return;
    }
    canvas.set_width(n as u32);
    canvas.set_height(n as u32);
    let shade = |v: &f32| {
        let s = v.clamp(0.0, 1.0);
        let mix = |white: f32, blue: f32| (white + (blue - white) * s).round() as u8;
        [mix(255.0, 8.0), mix(255.0, 119.0), mix(255.0, 189.0)]
    };
    put_rgb(canvas, n, n, values.iter().flatten().take(n * n).map(shade));
}

#[component]
pub fn HeatCanvas(title: String, values: Vec<Vec<f32>>, testid: &'static str) -> impl IntoView {
    let canvas = NodeRef::<Canvas>::new();
    let size = values.len();
    Effect::new(move |_| {
        if let Some(c) = canvas.get() {
            paint(&c, &values);
        }
    });
    view! {
        <figure class="heat-canvas" data-testid=testid data-size=size>
            <figcaption>{title}</figcaption>
            <canvas node_ref=canvas></canvas>
        </figure>
    }
}
