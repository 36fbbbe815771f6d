//! What the convolutional networks see in one drawn digit: each model's
//! first-layer filters, and for every block its attention map (what
//! attention transfer matches) and its first feature maps — teacher and
//! students side by side, so a distilled student's maps can be seen to
//! follow the teacher's.

use leptos::prelude::*;

use crate::core::protocol::ModelName;
use crate::core::protocol::views::NetMaps;
use crate::ui::charts::map_image::MapImage;

fn name(model: ModelName) -> &'static str {
    match model {
        ModelName::Teacher => "teacher",
        ModelName::Distilled => "distilled",
        ModelName::Scratch => "scratch",
        ModelName::Strategy(_) => "network",
    }
}

#[component]
pub fn ConvMaps(maps: Vec<(ModelName, NetMaps)>) -> impl IntoView {
    let rows = maps
        .into_iter()
        .map(|(model, m)| {
            let label = name(model);
            let filters = m
                .filters
                .into_iter()
                .enumerate()
                .map(|(i, f)| view! { <MapImage values=f width=m.kernel size=20.0 label=format!("{label} filter {}", i + 1)/> })
                .collect_view();
            let blocks = m
                .blocks
                .into_iter()
                .enumerate()
                .map(|(b, block)| {
                    let w = block.width;
                    let channels = block
                        .channels
                        .into_iter()
                        .enumerate()
                        .map(|(i, c)| view! { <MapImage values=c width=w size=32.0 label=format!("{label} block {} map {}", b + 1, i + 1)/> })
                        .collect_view();
                    view! {
                        <div class="block-maps">
                            <span class="hint">{format!("block {} · {}×{}", b + 1, block.height, w)}</span>
                            <span class="attention" title="Attention: Σ over channels of A², normalised"><MapImage values=block.attention width=w size=48.0 label=format!("{label} block {} attention", b + 1)/></span>
                            {channels}
                        </div>
                    }
                })
                .collect_view();
            view! {
                <div class="net-maps" data-testid=format!("maps-{label}")>
                    <b>{label}</b>
                    <div class="filters" title="First-layer filters">{filters}</div>
                    {blocks}
                </div>
            }
        })
        .collect_view();
    view! {
        <div class="conv-maps" data-testid="conv-maps">
            <p class="explain">"Inside the convolutional networks: first-layer filters (red positive, blue negative weights), then per block the attention map — where the network looks, the map attention transfer matches — and its first feature maps."</p>
            {rows}
        </div>
    }
}
