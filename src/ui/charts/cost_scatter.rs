//! Accuracy against cost, one point per model (and per compression step):
//! x is bytes or measured latency on a log axis, y test accuracy. A
//! student's compression steps are joined by a line, so the trade reads
//! from left to right.

use leptos::prelude::*;

use super::tap_tip::{TapTip, tip_of_click};
use crate::core::compress::ladder::LadderStage;
use crate::core::names::{ModelName, NetworkName};
use crate::plot::scale::{Linear, Log, compact, extent, log_ticks, nice_ticks};
use crate::words::session as wording;

const W: f32 = 560.0;
const H: f32 = 260.0;
const LEFT: f32 = 48.0;
const RIGHT: f32 = 420.0;
const TOP: f32 = 14.0;
const BOTTOM: f32 = 222.0;
const FONT: &str = "font-family:sans-serif;font-size:11px;fill:#333";

#[derive(Debug, Clone, PartialEq)]
pub struct CostPoint {
    pub model: ModelName,
    pub stage: LadderStage,
    pub x: f32,
    pub accuracy: f32,
}

fn colour(model: ModelName) -> &'static str {
    match model {
        ModelName::Teacher => "#7f7f7f",
        ModelName::Distilled => "#0877bd",
        ModelName::Scratch => "#f59322",
        ModelName::Strategy(_) => "#8c564b",
    }
}

#[component]
pub fn CostScatter(points: Signal<Vec<CostPoint>>, x_name: Signal<String>) -> impl IntoView {
    let chart = move || {
        let pts = points.get();
        let (lo, hi) = pts.iter().map(|p| p.x).filter(|x| *x > 0.0 && x.is_finite()).fold((f32::INFINITY, 0.0f32), |(a, b), x| (a.min(x), b.max(x)));
        if lo > hi {
            return view! { <text x=W / 2.0 y=H / 2.0 text-anchor="middle" style=FONT>"Measure costs or run the ladder to see the models here."</text> }
                .into_any();
        }
        let (x0, x1) = (lo / 1.5, hi * 1.5);
        let (y0, y1) = extent(pts.iter().map(|p| p.accuracy)).unwrap_or((0.0, 1.0));
        let (y0, y1) = ((y0 - 0.05).max(0.0), (y1 + 0.05).min(1.0));
        let xs = Log::new((x0, x1), (LEFT, RIGHT));
        let ys = Linear::new((y0, y1), (BOTTOM, TOP));
        let mut models: Vec<ModelName> = pts.iter().map(|p| p.model).collect();
        models.dedup();
        let lines = models
            .iter()
            .map(|m| {
                let path = pts
                    .iter()
                    .filter(|p| p.model == *m && p.x > 0.0)
                    .map(|p| format!("{:.1},{:.1}", xs.map(p.x), ys.map(p.accuracy)))
                    .collect::<Vec<_>>()
                    .join(" ");
                view! { <polyline points=path fill="none" stroke=colour(*m) stroke-width="1.2" stroke-dasharray="3 2"/> }
            })
            .collect_view();
        let dots = pts
            .iter()
            .filter(|p| p.x > 0.0)
            .map(|p| {
                let (cx, cy) = (xs.map(p.x), ys.map(p.accuracy));
                let (model, stage) = (wording::model(p.model), wording::stage(p.stage));
                let tip = format!("{model} · {stage}: {} · accuracy {:.1} %", compact(p.x), 100.0 * p.accuracy);
                let marker = if p.stage == LadderStage::Trained {
                    view! { <circle cx=cx cy=cy r="5" fill=colour(p.model) stroke="#fff"><title>{tip}</title></circle> }.into_any()
                } else if matches!(p.stage, LadderStage::Pruned { .. }) {
                    view! { <rect x=cx - 4.5 y=cy - 4.5 width="9" height="9" fill=colour(p.model) stroke="#fff"><title>{tip}</title></rect> }.into_any()
                } else {
                    let tri = format!("{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}", cx, cy - 6.0, cx - 5.5, cy + 4.5, cx + 5.5, cy + 4.5);
                    view! { <polygon points=tri fill=colour(p.model) stroke="#fff"><title>{tip}</title></polygon> }.into_any()
                };
                view! { <g data-model=model data-stage=stage class="cost-point">{marker}</g> }
            })
            .collect_view();
        let x_ticks = log_ticks(x0, x1)
            .into_iter()
            .map(|t| view! { <g><line x1=xs.map(t) x2=xs.map(t) y1=TOP y2=BOTTOM stroke="#eee"/><text x=xs.map(t) y=BOTTOM + 14.0 text-anchor="middle" style=FONT>{compact(t)}</text></g> })
            .collect_view();
        let y_ticks = nice_ticks(y0, y1, 4)
            .into_iter()
            .map(|t| view! { <g><line x1=LEFT x2=RIGHT y1=ys.map(t) y2=ys.map(t) stroke="#eee"/><text x=LEFT - 6.0 y=ys.map(t) + 4.0 text-anchor="end" style=FONT>{format!("{:.0}%", 100.0 * t)}</text></g> })
            .collect_view();
        let legend = [
            (ModelName::Teacher, "teacher"),
            (ModelName::Distilled, "distilled student"),
            (ModelName::Scratch, "scratch student"),
            (ModelName::Strategy(NetworkName::Peer(1)), "panel 5's networks"),
        ]
            .into_iter()
            .enumerate()
            .map(|(i, (m, label))| view! { <g><circle cx=RIGHT + 20.0 cy=TOP + 10.0 + 16.0 * i as f32 r="5" fill=colour(m)/><text x=RIGHT + 30.0 y=TOP + 14.0 + 16.0 * i as f32 style=FONT>{label}</text></g> })
            .collect_view();
        let shapes = view! {
            <g>
                <text x=RIGHT + 14.0 y=TOP + 86.0 style=FONT>"● trained"</text>
                <text x=RIGHT + 14.0 y=TOP + 102.0 style=FONT>"■ pruned"</text>
                <text x=RIGHT + 14.0 y=TOP + 118.0 style=FONT>"▲ quantised / shared"</text>
            </g>
        };
        view! {
            <g>
                {x_ticks}{y_ticks}{lines}{dots}{legend}{shapes}
                <text x=(LEFT + RIGHT) / 2.0 y=H - 8.0 text-anchor="middle" style=FONT>{x_name.get()}</text>
                <text x=12.0 y=(TOP + BOTTOM) / 2.0 transform=format!("rotate(-90 12 {})", (TOP + BOTTOM) / 2.0) text-anchor="middle" style=FONT>"test accuracy"</text>
            </g>
        }
        .into_any()
    };
    let tip = RwSignal::new(None);
    view! {
        <svg class="cost-scatter" data-testid="cost-scatter" viewBox=format!("0 0 {W} {H}") width=W height=H role="img" aria-label="Test accuracy against cost for every model"
            on:click=move |ev| tip.set(tip_of_click(&ev))>
            {chart}
        </svg>
        <TapTip tip=tip/>
    }
}
