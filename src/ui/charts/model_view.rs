//! What a model does, in the view its data allows: the decision-boundary
//! heatmap for 2-D points, the test-set confusion matrix for the digits.

use std::sync::Arc;

use leptos::prelude::*;

use crate::core::dataset::Dataset;
use crate::core::metrics::confusion_matrix;
use crate::core::trainer::Outputs;

use super::heatmap::Heatmap;
use super::matrix::{Cell, MatrixChart};

#[component]
pub fn ModelView(
    title: Signal<String>,
    outputs: Signal<Option<Arc<Outputs>>>,
    dataset: Signal<Arc<Dataset>>,
    testid: &'static str,
    #[prop(optional)] selection: Option<RwSignal<Vec<usize>>>,
) -> impl IntoView {
    let is_2d = move || dataset.with(|d| d.spec.is_2d());
    let cells = Signal::derive(move || {
        let d = dataset.get();
        let Some(out) = outputs.get() else { return vec![] };
        if out.classes != d.classes || out.test.len() != d.test.len() * d.classes {
            return vec![];
        }
        confusion_matrix(&out.test, &d.test.y, d.classes)
            .into_iter()
            .map(|row| {
                let total = row.iter().sum::<usize>().max(1) as f32;
                row.into_iter().map(|n| Cell { shade: n as f32 / total, text: n.to_string() }).collect()
            })
            .collect()
    });
    let matrix_title = Signal::derive(move || format!("{} · test confusion", title.get()));
    view! {
        <Show when=is_2d fallback=move || view! { <MatrixChart title=matrix_title cells=cells axes=("true class", "predicted class") testid=testid/> }>
            {match selection {
                Some(s) => view! { <Heatmap title=title outputs=outputs dataset=dataset testid=testid selection=s/> }.into_any(),
                None => view! { <Heatmap title=title outputs=outputs dataset=dataset testid=testid/> }.into_any(),
            }}
        </Show>
    }
}
