//! What the students' layers learned, beside the teacher's: the feature-based
//! view (2-D PCA of the chosen layer on a fixed batch of test points) and the
//! relation-based view (their pairwise-distance matrices, as RKD compares
//! them). Updated at every students' evaluation.

use leptos::prelude::*;

use crate::core::protocol::LayerView;
use crate::core::protocol::LayerViews;
use crate::ui::charts::heat_canvas::HeatCanvas;
use crate::ui::charts::scatter::Scatter;
use crate::ui::state::PageState;

/// Distances as shades: the largest is 1.
fn shades(view: &LayerView) -> Vec<Vec<f32>> {
    let max = view.distances.iter().flatten().cloned().fold(0.0f32, f32::max).max(1e-6);
    view.distances.iter().map(|row| row.iter().map(|d| d / max).collect()).collect()
}

#[component]
pub fn FeatureViews(state: PageState) -> impl IntoView {
    let body = move || {
        let Some(f) = state.features.get() else {
            return view! { <p class="hint">"Train the students to see their features beside the teacher's."</p> }.into_any();
        };
        let LayerViews { labels, teacher, distilled, scratch } = f.as_ref().clone();
        // (name, scatter test id, distance-matrix test id, view)
        let entries = [
            ("Teacher", "features-teacher", "distances-teacher", teacher),
            ("Distilled student", "features-distilled", "distances-distilled", distilled),
            ("Scratch student", "features-scratch", "distances-scratch", scratch),
        ];
        let scatters = entries
            .iter()
            .map(|&(name, testid, _, ref v)| view! { <Scatter title=format!("{name} · layer {}", v.layer) points=v.points.clone() labels=labels.clone() testid=testid/> })
            .collect_view();
        let matrices = entries
            .iter()
            .map(|&(name, _, testid, ref v)| view! { <HeatCanvas title=format!("{name}: pairwise distances") values=shades(v) testid=testid/> })
            .collect_view();
        view! {
            <div class="maps">{scatters}</div>
            <div class="maps distances">{matrices}</div>
        }
        .into_any()
    };
    view! {
        <details class="feature-views" open>
            <summary>"Features and relations on 24 test points"</summary>
            <p class="explain">
                "Feature-based KD asks the student's guided layer to carry the teacher's hint-layer features; relation-based KD only asks it to keep "
                "their structure — which points are near, which far. Above: each network's chosen layer (set under Knowledge) projected to 2-D by PCA, "
                "points coloured by class. Below: the same points' pairwise distances divided by their mean (dark = far), the matrices RKD's distance "
                "loss compares. With a feature or relation weight on, the distilled student's pictures move towards the teacher's."
            </p>
            {body}
        </details>
    }
}
