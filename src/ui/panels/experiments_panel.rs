//! Panel 6: experiments — a sweep of many runs that shows an effect one run
//! cannot. A queue of points with progress, elapsed time and ETA, cancel;
//! each point lands on the chart and in the table as it finishes; the
//! findings say what the numbers show; CSV, JSON, SVG and PNG exports.

use leptos::html::Div;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::core::experiments::ExperimentKind;
use crate::core::experiments::findings::findings;
use crate::core::experiments::result::{ExperimentResult, Metric, format_x};
use crate::ui::charts::sweep_chart::{H, W, sweep_chart};
use crate::ui::charts::tap_tip::{TapTip, tip_of_click};
use crate::ui::download::{download_png, download_text};
use crate::ui::experiment_state::ExperimentState;
use crate::words;

use super::controls::ctx;
use super::experiment_settings::ExperimentSettings;

fn seconds(s: f32) -> String {
    if s >= 90.0 { format!("{}:{:02} min", (s / 60.0) as u32, (s % 60.0) as u32) } else { format!("{s:.0} s") }
}

/// The chart's SVG as it is in the page.
fn chart_markup(chart: NodeRef<Div>) -> Result<String, String> {
    let svg = chart.get_untracked().and_then(|div| div.query_selector("svg").ok().flatten()).ok_or("there is no chart yet")?;
    Ok(svg.outer_html())
}

fn export(result: &ExperimentResult, format: &'static str, chart: NodeRef<Div>) -> Result<(), String> {
    let name = format!("kd-{}.{format}", result.experiment.kind.name());
    match format {
        "csv" => download_text(&name, "text/csv", &result.to_csv()),
        "json" => download_text(&name, "application/json", &serde_json::to_string_pretty(result).map_err(|e| e.to_string())?),
        "svg" => download_text(&name, "image/svg+xml", &chart_markup(chart)?),
        _ => {
            let markup = chart_markup(chart)?;
            spawn_local(async move {
                if let Err(why) = download_png(&name, &markup, f64::from(W), f64::from(H), 2.0).await {
                    web_sys::console::error_1(&why.into());
                }
            });
            Ok(())
        }
    }
}

#[component]
fn ResultTable(state: ExperimentState) -> impl IntoView {
    let rows = move || {
        state.result.with(|r| {
            let Some(r) = r else { return vec![] };
            let kind = r.experiment.kind;
            r.rows
                .iter()
                .map(|row| {
                    let opt = |v: Option<String>| v.unwrap_or_else(|| "–".into());
                    view! {
                        <tr>
                            <td>{format_x(kind, row.x)}</td>
                            <td>{row.seed}</td>
                            <td class="model">{row.model.clone()}</td>
                            <td>{row.params}</td>
                            <td>{format!("{:.1}", row.test_accuracy * 100.0)}</td>
                            <td>{format!("{:.1}", row.agreement * 100.0)}</td>
                            <td>{row.test_errors}</td>
                            <td>{opt(row.class_errors.map(|e| e.to_string()))}</td>
                            <td>{opt(row.bias.map(|b| format!("{b:.1}")))}</td>
                        </tr>
                    }
                })
                .collect::<Vec<_>>()
        })
    };
    let x_name = move || state.result.with(|r| r.as_ref().map(|r| r.experiment.kind.x_name().replace('_', " ")).unwrap_or_default());
    view! {
        <div class="result-table">
            <table class="metrics" data-testid="experiment-table">
                <thead><tr>
                    <th>{x_name}</th><th>"seed"</th><th>"model"</th><th>"params"</th><th>"test acc. %"</th>
                    <th>"agreement %"</th><th>"test errors"</th><th>"class errors"</th><th>"bias"</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

#[component]
pub fn ExperimentsPanel(state: ExperimentState) -> impl IntoView {
    let c = ctx();
    let metric = RwSignal::new(Metric::TestAccuracy);
    // The chart's tooltip shown for a tap (touch screens have no hover).
    let tip = RwSignal::new(None::<String>);
    let export_error = RwSignal::new(None::<String>);
    let chart_ref = NodeRef::<Div>::new();
    let progress_value = move || state.progress.with(|p| p.as_ref().map_or(0.0, |p| p.steps_done as f64 / p.total_steps.max(1) as f64));
    let status = move || {
        if let Some(why) = state.ended.get() {
            return why;
        }
        match state.progress.get() {
            None if state.running.get() => "starting…".into(),
            None => "Not run yet: pick a preset, then Run.".into(),
            Some(p) => {
                let eta = p.eta_secs.map(|s| format!(" · about {} left", seconds(s))).unwrap_or_default();
                let placed = state
                    .result
                    .with(|r| r.as_ref().and_then(|r| r.trained_on.as_ref().map(|t| format!(" · {}", words::experiments::placement(t)))))
                    .unwrap_or_default();
                let what = if state.running.get() { format!(" · {}", words::experiments::phase(&p.phase)) } else { format!(" · done{placed}") };
                format!("{}/{} points · {} elapsed{eta}{what}", p.points_done, p.points_total, seconds(p.elapsed_secs))
            }
        }
    };
    let chart = move || {
        let m = metric.get();
        state.result.with(|r| match r {
            Some(r) if !r.rows.is_empty() => sweep_chart(r, m),
            _ => view! { <p class="hint">"The chart fills in as points finish."</p> }.into_any(),
        })
    };
    let found = move || {
        state.result.with(|r| {
            r.as_ref().filter(|r| !r.rows.is_empty() && !state.running.get()).map(|r| findings(r).into_iter().map(|f| view! { <li>{f}</li> }).collect_view())
        })
    };
    let exportable = move || state.result.with(|r| r.as_ref().is_some_and(|r| !r.rows.is_empty()));
    let export_button = move |format: &'static str, label: &'static str| {
        view! {
            <button data-testid=format!("export-{format}") disabled=move || !exportable()
                on:click=move |_| {
                    let result = state.result.get_untracked();
                    export_error.set(result.as_ref().map(|r| export(r, format, chart_ref)).and_then(Result::err));
                }>{label}</button>
        }
    };
    let is_omitted = move || state.result.with(|r| r.as_ref().is_some_and(|r| r.experiment.kind == ExperimentKind::OmittedClass));
    view! {
        <section class="panel wide" data-testid="experiments-panel">
            <h2>"6 · Experiments"</h2>
            <p class="explain">"One run shows little; a sweep shows the effect. Each point trains fresh networks on the settings of panels 1–4 (dataset, sizes, learning rate, T, α, knowledge), once per seed. The same experiments run from the command line: "<code>"cargo run --release --bin kd -- temperature-sweep"</code>" (see docs/RESULTS.md)."</p>
            <ExperimentSettings state=state/>
            <div class="buttons">
                <button class="primary" data-testid="run-experiment" disabled=move || state.running.get()
                    on:click=move |_| c.send(state.start(c.config.get_untracked(), state.spec.get_untracked()))>"Run experiment"</button>
                <button data-testid="cancel-experiment" disabled=move || !state.running.get() on:click=move |_| c.send(state.cancel())>"Cancel"</button>
            </div>
            <progress data-testid="experiment-progress" max="1" prop:value=progress_value></progress>
            <p class="size" data-testid="experiment-status">{status}</p>
            <div class="maps">
                <div>
                    <label class="field inline" class:hidden=is_omitted><span>"Plot"</span>
                        <select data-testid="experiment-metric" on:change=move |ev| {
                            metric.set(if event_target_value(&ev) == "agreement" { Metric::Agreement } else { Metric::TestAccuracy })
                        }>
                            <option value="accuracy">"test accuracy"</option>
                            <option value="agreement">"agreement with the teacher"</option>
                        </select>
                    </label>
                    <div class="sweep-chart" data-testid="experiment-chart" node_ref=chart_ref on:click=move |ev| tip.set(tip_of_click(&ev))>{chart}</div>
                    <TapTip tip=tip/>
                    <div class="buttons">
                        <span class="hint">"Export:"</span>
                        {export_button("csv", "CSV")}
                        {export_button("json", "JSON")}
                        {export_button("svg", "SVG")}
                        {export_button("png", "PNG")}
                    </div>
                    <p class="field-error" class:hidden=move || export_error.get().is_none()>{move || export_error.get()}</p>
                </div>
                <div class="findings">
                    <h3>"What it shows"</h3>
                    <ul data-testid="experiment-findings">{found}</ul>
                </div>
            </div>
            <ResultTable state=state/>
        </section>
    }
}
