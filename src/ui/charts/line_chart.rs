//! A multi-series line chart in SVG, y-range from the data (or fixed).

use leptos::prelude::*;

use crate::plot::scale::{Linear, extent, nice_ticks};

#[derive(Clone, PartialEq)]
pub struct Series {
    pub name: String,
    pub color: &'static str,
    pub dashed: bool,
    /// (x, y) points in order of x.
    pub points: Vec<(f32, f32)>,
}

const W: f32 = 300.0;
const H: f32 = 150.0;
const PAD_L: f32 = 36.0;
const PAD_B: f32 = 18.0;

#[component]
pub fn LineChart(
    title: &'static str,
    series: Signal<Vec<Series>>,
    /// Fixed y-range (e.g. accuracy 0..1); None fits the data.
    #[prop(optional)]
    y_range: Option<(f32, f32)>,
    #[prop(optional)] testid: &'static str,
) -> impl IntoView {
    let body = move || {
        let all = series.get();
        let xs = extent(all.iter().flat_map(|s| s.points.iter().map(|p| p.0))).unwrap_or((0.0, 1.0));
        let ys = y_range.or_else(|| extent(all.iter().flat_map(|s| s.points.iter().map(|p| p.1)))).unwrap_or((0.0, 1.0));
        let sx = Linear::new(xs, (PAD_L, W - 4.0));
        let sy = Linear::new(ys, (H - PAD_B, 6.0));
        let ticks = nice_ticks(ys.0, ys.1, 4);
        let grid = ticks
            .into_iter()
            .map(|t| {
                let y = sy.map(t);
                view! {
                    <line x1=PAD_L x2=W - 4.0 y1=y y2=y class="grid"/>
                    <text x=PAD_L - 4.0 y=y + 3.0 class="tick" text-anchor="end">{format_tick(t)}</text>
                }
            })
            .collect_view();
        let lines = all
            .iter()
            .map(|s| {
                let pts = s.points.iter().map(|(x, y)| format!("{:.1},{:.1}", sx.map(*x), sy.map(*y))).collect::<Vec<_>>().join(" ");
                view! { <polyline points=pts fill="none" stroke=s.color stroke-width="1.8" stroke-dasharray=if s.dashed { "4 3" } else { "" }/> }
            })
            .collect_view();
        let last_x = xs.1;
        view! {
            {grid}
            {lines}
            <text x=W - 4.0 y=H - 4.0 class="tick" text-anchor="end">{format!("step {}", last_x.max(0.0) as usize)}</text>
        }
    };
    let legend = move || {
        series
            .get()
            .into_iter()
            .map(|s| {
                let last = s.points.last().map(|p| format_tick(p.1)).unwrap_or_else(|| "–".into());
                view! { <span class="legend-item"><i style=format!("background:{}", s.color)></i>{s.name}" "<b>{last}</b></span> }
            })
            .collect_view()
    };
    view! {
        <figure class="chart" data-testid=testid>
            <figcaption>{title}</figcaption>
            <svg viewBox=format!("0 0 {W} {H}") class="line-chart">{body}</svg>
            <div class="legend">{legend}</div>
        </figure>
    }
}

fn format_tick(v: f32) -> String {
    if v.abs() >= 100.0 {
        format!("{v:.0}")
    } else if v.abs() >= 1.0 {
        format!("{v:.2}")
    } else {
        format!("{v:.3}")
    }
}
