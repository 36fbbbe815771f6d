//! An experiment's chart in SVG: each model's mean over seeds against the
//! swept value (log axis), with a band of ± one standard deviation; the
//! omitted class as grouped bars of errors instead. Styles are attributes,
//! not page CSS, so the exported SVG (and PNG) looks the same on its own.

use leptos::prelude::*;

use crate::core::experiments::ExperimentKind;
use crate::core::experiments::result::{ExperimentResult, Metric, SeriesPoint, format_x, model};
use crate::plot::scale::{Linear, Log, compact, extent, nice_ticks, short_number};

pub const W: f32 = 560.0;
pub const H: f32 = 280.0;
const LEFT: f32 = 48.0;
const RIGHT: f32 = 400.0;
const TOP: f32 = 26.0;
const BOTTOM: f32 = 244.0;
const FONT: &str = "font-family:sans-serif;font-size:11px;fill:#333";

/// Each model's colour and whether its line is dashed (a reference line).
pub fn model_style(name: &str) -> (&'static str, bool) {
    match name {
        model::TEACHER => ("#7f7f7f", false),
        model::DISTILLED => ("#0877bd", false),
        model::SCRATCH => ("#f59322", true),
        model::ASSISTANT => ("#9467bd", false),
        model::VIA_ASSISTANT => ("#2ca02c", false),
        model::EARLY_TEACHER => ("#bcbd22", true),
        model::FROM_EARLY => ("#d62728", false),
        model::BIAS_CORRECTED => ("#2ca02c", false),
        _ => ("#8c564b", false),
    }
}

fn x_label(kind: ExperimentKind, x: f32) -> String {
    match kind {
        ExperimentKind::CapacityGap => compact(x),
        _ => format_x(kind, x),
    }
}

/// The whole chart for `result`, plotting `metric`.
pub fn sweep_chart(result: &ExperimentResult, metric: Metric) -> AnyView {
    let kind = result.experiment.kind;
    let title = if kind == ExperimentKind::OmittedClass { format!("{}: test errors", kind.title()) } else { format!("{}: {}", kind.title(), metric.label()) };
    let body = if kind == ExperimentKind::OmittedClass { error_bars(result).into_any() } else { lines(result, metric).into_any() };
    view! {
        <svg xmlns="http://www.w3.org/2000/svg" viewBox=format!("0 0 {W} {H}") width=W height=H>
            <rect x="0" y="0" width=W height=H fill="white"/>
            <text x=LEFT y="15" style=format!("{FONT};font-weight:bold")>{title}</text>
            {body}
        </svg>
    }
    .into_any()
}

fn lines(result: &ExperimentResult, metric: Metric) -> impl IntoView {
    let kind = result.experiment.kind;
    let series: Vec<(String, Vec<SeriesPoint>)> =
        result.models().into_iter().map(|m| (m.clone(), result.series(&m, metric))).filter(|(_, s)| !s.is_empty()).collect();
    let xs: Vec<f32> = {
        let mut xs: Vec<f32> = series.iter().flat_map(|(_, s)| s.iter().map(|p| p.x)).filter(|x| *x > 0.0).collect();
        xs.sort_by(f32::total_cmp);
        xs.dedup();
        xs
    };
    let (x0, x1) = match (xs.first(), xs.last()) {
        (Some(&a), Some(&b)) if b > a => (a / 1.15, b * 1.15),
        (Some(&a), _) => (a / 2.0, a * 2.0),
        _ => (0.5, 2.0),
    };
    let sx = Log::new((x0, x1), (LEFT, RIGHT));
    let ys = extent(series.iter().flat_map(|(_, s)| s.iter().flat_map(|p| [p.mean - p.spread, p.mean + p.spread]))).unwrap_or((0.0, 1.0));
    let pad = (ys.1 - ys.0) * 0.08;
    let (y0, y1) = if matches!(metric, Metric::TestAccuracy | Metric::Agreement) {
        ((ys.0 - pad).max(0.0), (ys.1 + pad).min(1.0))
    } else {
        ((ys.0 - pad).max(0.0), ys.1 + pad)
    };
    let sy = Linear::new((y0, y1), (BOTTOM, TOP));
    let grid = y_grid(sy, (y0, y1));
    let x_ticks = xs
        .iter()
        .map(|&x| {
            let px = sx.map(x);
            view! {
                <line x1=px x2=px y1=BOTTOM y2=BOTTOM + 4.0 stroke="#999"/>
                <text x=px y=BOTTOM + 15.0 text-anchor="middle" style=FONT>{x_label(kind, x)}</text>
            }
        })
        .collect_view();
    let drawn = series
        .iter()
        .map(|(name, points)| {
            let (color, dashed) = model_style(name);
            let line = points.iter().map(|p| format!("{:.1},{:.1}", sx.map(p.x), sy.map(p.mean))).collect::<Vec<_>>().join(" ");
            let upper = points.iter().map(|p| format!("{:.1},{:.1}", sx.map(p.x), sy.map(p.mean + p.spread)));
            let lower = points.iter().rev().map(|p| format!("{:.1},{:.1}", sx.map(p.x), sy.map(p.mean - p.spread)));
            let band = upper.chain(lower).collect::<Vec<_>>().join(" ");
            let dots = points
                .iter()
                .map(|p| {
                    let tip = format!("{name} at {}: {} ± {} (n = {})", x_label(kind, p.x), short_number(p.mean), short_number(p.spread), p.n);
                    view! { <circle cx=sx.map(p.x) cy=sy.map(p.mean) r="3" fill=color><title>{tip}</title></circle> }
                })
                .collect_view();
            view! {
                <g data-model=name.clone()>
                    <polygon points=band fill=color fill-opacity="0.15" stroke="none"/>
                    <polyline points=line fill="none" stroke=color stroke-width="2" stroke-dasharray=if dashed { "5 4" } else { "none" }/>
                    {dots}
                </g>
            }
        })
        .collect_view();
    let legend = legend(series.iter().map(|(n, _)| n.clone()).collect());
    view! {
        {grid}
        <line x1=LEFT x2=RIGHT y1=BOTTOM y2=BOTTOM stroke="#999"/>
        {x_ticks}
        <text x=(LEFT + RIGHT) / 2.0 y=H - 6.0 text-anchor="middle" style=FONT>{format!("{} (log scale)", kind.x_name().replace('_', " "))}</text>
        {drawn}
        {legend}
    }
}

/// Horizontal grid lines with their labels at round values of the y domain.
fn y_grid(sy: Linear, (y0, y1): (f32, f32)) -> impl IntoView {
    nice_ticks(y0, y1, 5)
        .into_iter()
        .map(|t| {
            let y = sy.map(t);
            view! {
                <line x1=LEFT x2=RIGHT y1=y y2=y stroke="#e5e5e5"/>
                <text x=LEFT - 5.0 y=y + 4.0 text-anchor="end" style=FONT>{short_number(t)}</text>
            }
        })
        .collect_view()
}

fn legend(names: Vec<String>) -> impl IntoView {
    names
        .into_iter()
        .enumerate()
        .map(|(i, name)| {
            let (color, dashed) = model_style(&name);
            let y = TOP + 8.0 + 18.0 * i as f32;
            view! {
                <line x1=RIGHT + 14.0 x2=RIGHT + 34.0 y1=y y2=y stroke=color stroke-width="2" stroke-dasharray=if dashed { "5 4" } else { "none" }/>
                <text x=RIGHT + 40.0 y=y + 4.0 style=FONT>{name}</text>
            }
        })
        .collect_view()
}

/// The omitted class: per model, mean test errors (full bar) and errors on
/// the omitted class (dark part).
fn error_bars(result: &ExperimentResult) -> impl IntoView {
    let models = result.models();
    let bars: Vec<(String, f32, f32)> = models
        .iter()
        .filter_map(|m| {
            let all = result.series(m, Metric::TestErrors).first()?.mean;
            let on = result.series(m, Metric::ClassErrors).first().map(|p| p.mean).unwrap_or(0.0);
            Some((m.clone(), all, on))
        })
        .collect();
    let max = bars.iter().map(|b| b.1).fold(1.0f32, f32::max);
    let sy = Linear::new((0.0, max * 1.1), (BOTTOM, TOP));
    let slot = (RIGHT - LEFT) / bars.len().max(1) as f32;
    let grid = y_grid(sy, (0.0, max * 1.1));
    let class = result.experiment.values.first().map(|c| *c as usize).unwrap_or(0);
    let drawn = bars
        .into_iter()
        .enumerate()
        .map(|(i, (name, all, on))| {
            let (color, _) = model_style(&name);
            let x = LEFT + slot * i as f32 + slot * 0.2;
            let w = slot * 0.6;
            let label = name.clone();
            view! {
                <g data-model=name>
                    <rect x=x y=sy.map(all) width=w height=BOTTOM - sy.map(all) fill=color fill-opacity="0.45"/>
                    <rect x=x y=sy.map(on) width=w height=BOTTOM - sy.map(on) fill=color/>
                    <text x=x + w / 2.0 y=sy.map(all) - 4.0 text-anchor="middle" style=FONT>{format!("{all:.0} ({on:.0})")}</text>
                    <text x=x + w / 2.0 y=BOTTOM + 15.0 text-anchor="middle" style=FONT>{label}</text>
                </g>
            }
        })
        .collect_view();
    view! {
        {grid}
        <line x1=LEFT x2=RIGHT y1=BOTTOM y2=BOTTOM stroke="#999"/>
        {drawn}
        <text x=RIGHT + 14.0 y=TOP + 12.0 style=FONT>"whole bar: test errors"</text>
        <text x=RIGHT + 14.0 y=TOP + 28.0 style=FONT>{format!("dark: errors on the {class}s")}</text>
        <text x=RIGHT + 14.0 y=TOP + 44.0 style=FONT>"mean over seeds"</text>
    }
}
