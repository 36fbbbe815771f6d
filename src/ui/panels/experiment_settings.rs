//! The Experiments view's plan editor: the presets (one click: settings on
//! which the effect shows, and what to look for) and the plan's fields.
//! Text that does not parse is named under the fields and not applied.

use leptos::prelude::*;

use crate::core::experiments::presets::{MNIST_PRESETS, mnist_preset, preset};
use crate::core::experiments::runner::stackable;
use crate::core::experiments::{
    ExperimentKind, ExperimentSpec, MAX_SEEDS, MAX_STEPS, format_architecture, format_values, parse_architecture, parse_ladder, parse_values,
};
use crate::ui::experiment_state::ExperimentState;

use super::controls::ctx;

/// A text field over one part of the plan: shows `show(spec)`, applies
/// `parse` on change, or names what is wrong.
#[component]
fn PlanText(
    state: ExperimentState,
    error: RwSignal<Option<String>>,
    label: &'static str,
    help: &'static str,
    testid: &'static str,
    show: fn(&ExperimentSpec) -> String,
    parse: fn(&mut ExperimentSpec, &str) -> Result<(), String>,
) -> impl IntoView {
    view! {
        <label class="field" title=help>
            <span>{label}</span>
            <input type="text" class="plan-text" data-testid=testid
                prop:value=move || state.spec.with(show)
                on:change=move |ev| {
                    let text = event_target_value(&ev);
                    let mut spec = state.spec.get_untracked();
                    match parse(&mut spec, &text) {
                        Ok(()) => {
                            error.set(None);
                            state.spec.set(spec);
                        }
                        Err(why) => error.set(Some(format!("{label}: {why}"))),
                    }
                }/>
        </label>
    }
}

fn whole(text: &str, lo: usize, hi: usize) -> Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(v) if (lo..=hi).contains(&v) => Ok(v),
        _ => Err(format!("{text:?} is not a whole number from {lo} to {hi}")),
    }
}

#[component]
pub fn ExperimentSettings(state: ExperimentState) -> impl IntoView {
    let c = ctx();
    let error = RwSignal::new(None::<String>);
    let kind = Memo::new(move |_| state.spec.with(|s| s.kind));
    // What to look for: the kind's preset's, or the MNIST preset's last clicked.
    let mnist_look = RwSignal::new(None::<&'static str>);
    let mnist_presets = MNIST_PRESETS
        .map(|m| {
            view! {
                <button data-testid=format!("preset-{}", m.id) disabled=move || state.running.get()
                    title="Sets panels 1–4 to MNIST with this experiment's networks, and this plan (MNIST loads first if it is not here yet)"
                    on:click=move |_| {
                        if let Some(p) = mnist_preset(m.id, &c.config.get_untracked()) {
                            c.config.set(p.config.normalised());
                            state.spec.set(p.spec);
                            mnist_look.set(Some(p.look_for));
                            error.set(None);
                        }
                    }>{m.title}</button>
            }
        })
        .collect_view();
    let presets = ExperimentKind::ALL
        .map(|k| {
            view! {
                <button data-testid=format!("preset-{}", k.name()) disabled=move || state.running.get()
                    title="Sets panels 1–4 and this plan to settings on which the effect shows"
                    on:click=move |_| {
                        let p = preset(k);
                        mnist_look.set(None);
                        c.config.set(p.config.normalised());
                        state.spec.set(p.spec);
                        error.set(None);
                    }>{k.title()}</button>
            }
        })
        .collect_view();
    let options = ExperimentKind::ALL.map(|k| view! { <option value=k.name() selected=move || kind.get() == k>{k.title()}</option> }).collect_view();
    view! {
        <div class="row presets"><span class="hint">"Presets:"</span>{presets}</div>
        <div class="row presets"><span class="hint">"On MNIST:"</span>{mnist_presets}</div>
        <p class="look-for" data-testid="experiment-look-for">{move || mnist_look.get().unwrap_or_else(|| preset(kind.get()).look_for)}</p>
        <div class="row">
            <label class="field"><span>"Experiment"</span>
                <select data-testid="experiment-kind" on:change=move |ev| {
                    if let Some(k) = ExperimentKind::from_name(&event_target_value(&ev)) {
                        mnist_look.set(None);
                        state.spec.set(preset(k).spec);
                        error.set(None);
                    }
                }>{options}</select>
            </label>
            <Show when=move || kind.get() != ExperimentKind::CapacityGap>
                <PlanText state error label="Values" testid="experiment-values"
                    help="The swept values, separated by commas: temperatures; shares of the training set (0.25 = 25 %); or the digit to leave out"
                    show={|s| format_values(&s.values)}
                    parse={|s, t| { s.values = parse_values(t)?; Ok(()) }}/>
            </Show>
            <Show when=move || kind.get() == ExperimentKind::CapacityGap>
                <PlanText state error label="Teacher ladder (depth×width)" testid="experiment-teachers"
                    help="Teacher sizes from small to large, e.g. 1x4, 2x32, 4x256; CNNs as blocks×maps+depth×width, e.g. c2x8+1x64"
                    show={|s| s.teachers.iter().map(|a| format_architecture(*a)).collect::<Vec<_>>().join(", ")}
                    parse={|s, t| { s.teachers = parse_ladder(t)?; Ok(()) }}/>
                <PlanText state error label="Teacher assistant (TAKD)" testid="experiment-assistant"
                    help="Mirzadeh et al. 2020: distil teacher → assistant → student. Empty: no assistant"
                    show={|s| s.assistant.map(format_architecture).unwrap_or_default()}
                    parse={|s, t| { s.assistant = if t.trim().is_empty() { None } else { Some(parse_architecture(t)?) }; Ok(()) }}/>
                <PlanText state error label="Early-stopped teacher at step" testid="experiment-early-stop"
                    help="Cho & Hariharan 2019: also distil from each teacher as it was at this step. Empty: no"
                    show={|s| s.early_stop_steps.map(|v| v.to_string()).unwrap_or_default()}
                    parse={|s, t| { s.early_stop_steps = if t.trim().is_empty() { None } else { Some(whole(t, 1, MAX_STEPS)?) }; Ok(()) }}/>
            </Show>
            <PlanText state error label="Seeds" testid="experiment-seeds"
                help="Each point runs once per seed (0, 1, …); the chart shows mean ± standard deviation"
                show={|s| s.seeds.len().to_string()}
                parse={|s, t| { s.seeds = (0..whole(t, 1, MAX_SEEDS)? as u64).collect(); Ok(()) }}/>
            <PlanText state error label="Teacher steps" testid="experiment-teacher-steps"
                help="Optimisation steps for each teacher"
                show={|s| s.teacher_steps.to_string()}
                parse={|s, t| { s.teacher_steps = whole(t, 1, MAX_STEPS)?; Ok(()) }}/>
            <PlanText state error label="Student steps" testid="experiment-student-steps"
                help="Optimisation steps for each student"
                show={|s| s.student_steps.to_string()}
                parse={|s, t| { s.student_steps = whole(t, 1, MAX_STEPS)?; Ok(()) }}/>
        </div>
        <p class="field-error" data-testid="experiment-settings-error" class:hidden=move || error.get().is_none()>{move || error.get()}</p>
        <p class="size" data-testid="experiment-plan">{move || {
            let s = state.spec.get();
            let how = match (c.config.with(|config| stackable(&s, &config.normalised())), state.webgpu_ready.get()) {
                (true, true) => "every student trained at once (stacked), on the CPU backend or on WebGPU if a long sweep measures faster there",
                (true, false) => "every student trained at once (stacked) on the CPU backend",
                (false, _) => "on the CPU backend",
            };
            format!("{} points (each value × {} seeds) · {} training steps in all · {how}", s.points().len(), s.seeds.len(), s.total_steps())
        }}</p>
    }
}
