//! The decision-boundary view: the model's class probabilities on a GRID×GRID
//! canvas (written once per update with putImageData, scaled up by CSS), and
//! the data points on an SVG overlay. Clicking a point selects it.

use std::sync::Arc;

use leptos::html::Canvas;
use leptos::prelude::*;

use crate::core::dataset::Dataset;
use crate::core::probs::softmax_at_temperature;
use crate::core::trainer::{GRID, Outputs};
use crate::plot::colors::{boundary_rgb, class_css};

use super::canvas::put_rgb;

const SIZE: f32 = 240.0;

/// A coordinate of the square [-extent, extent] in pixels.
fn to_px(v: f32, extent: f32) -> f32 {
    (v + extent) / (2.0 * extent) * SIZE
}

/// Draws `grid` logits (`GRID*GRID` rows) into the canvas.
fn paint(canvas: &web_sys::HtmlCanvasElement, grid: &[f32], classes: usize) {
    let cells: Vec<[u8; 3]> = if grid.len() == GRID * GRID * classes {
        grid.chunks_exact(classes).map(|logits| boundary_rgb(&softmax_at_temperature(logits, 1.0))).collect()
    } else {
        vec![]
    };
    put_rgb(canvas, GRID, GRID, cells);
}

#[component]
pub fn Heatmap(
    title: Signal<String>,
    outputs: Signal<Option<Arc<Outputs>>>,
    dataset: Signal<Arc<Dataset>>,
    testid: &'static str,
    /// Selected point indices (train then test numbering); clicking toggles.
    #[prop(optional)]
    selection: Option<RwSignal<Vec<usize>>>,
) -> impl IntoView {
    let canvas = NodeRef::<Canvas>::new();
    // Bumped on every paint so tests (and people) can see the map change.
    let paints = RwSignal::new(0u32);
    Effect::new(move |_| {
        let out = outputs.get();
        if let Some(c) = canvas.get() {
            match &out {
                Some(o) => paint(&c, &o.grid, o.classes),
                None => paint(&c, &[], 1),
            }
            paints.update(|p| *p += 1);
        }
    });
    let points = move || {
        let d = dataset.get();
        let selected = selection.map(|s| s.get()).unwrap_or_default();
        let n_train = d.train.len();
        let extent = d.view_extent();
        (0..n_train + d.test.len())
            .map(|i| {
                let (row, label, test) =
                    if i < n_train { (d.train.row(i), d.train.y[i], false) } else { (d.test.row(i - n_train), d.test.y[i - n_train], true) };
                let is_selected = selected.contains(&i);
                let on_click = move |_| {
                    if let Some(s) = selection {
                        s.update(|v| {
                            if let Some(pos) = v.iter().position(|&x| x == i) {
                                v.remove(pos);
                            } else {
                                v.push(i);
                                if v.len() > 3 {
                                    v.remove(0);
                                }
                            }
                        })
                    }
                };
                view! {
                    <circle cx=to_px(row[0], extent) cy=SIZE - to_px(row[1], extent) r=if is_selected { 6.0 } else { 2.6 }
                        fill=class_css(label) class:test-point=test class:selected=is_selected on:click=on_click/>
                }
            })
            .collect_view()
    };
    view! {
        <figure class="heatmap" data-testid=testid>
            <figcaption>{title}</figcaption>
            <div class="heatmap-stack" data-paints=move || paints.get().to_string()>
                <canvas node_ref=canvas width=GRID height=GRID></canvas>
                <svg viewBox=format!("0 0 {SIZE} {SIZE}")>{points}</svg>
            </div>
        </figure>
    }
}
