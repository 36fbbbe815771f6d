//! The header: which backend trains, how fast, and the switch between them.

use leptos::prelude::*;

use crate::core::config::BackendPreference;
use crate::core::protocol::BackendKind;
use crate::core::protocol::Placement;
use crate::core::settings::BACKEND;
use crate::plot::scale;
use crate::ui::state::{PageState, WebGpuState};

use super::controls::ctx;

#[component]
pub fn Header(state: PageState, on_choose: Callback<BackendPreference>) -> impl IntoView {
    let c = ctx();
    let rate = move || state.steps_per_sec.get().map(|r| format!(" · {} steps/s", scale::rate(r))).unwrap_or_default();
    let gpu = move || match state.webgpu.get() {
        WebGpuState::Probing => "WebGPU: probing…".to_string(),
        WebGpuState::Unavailable(why) => format!("WebGPU unavailable: {why}"),
        WebGpuState::Ready { steps_per_sec: Some(r), warmup_secs } => {
            format!("WebGPU probe: {r:.1} steps/s (first step {:.1} s)", warmup_secs.unwrap_or(0.0))
        }
        WebGpuState::Ready { .. } => "WebGPU: ready, measuring…".to_string(),
    };
    let cpu = move || state.cpu_probe.get().map(|r| format!("CPU probe: {} steps/s", scale::rate(r))).unwrap_or_default();
    let placement = move || match state.placement.get() {
        None => String::new(),
        Some(Placement::Worker) => "Training runs in a web worker, so the page stays free while it trains.".into(),
        Some(Placement::PageThread { why: None }) => "Training runs on the page's thread, in 12 ms turns.".into(),
        Some(Placement::PageThread { why: Some(why) }) => format!("Training runs on the page's thread, in 12 ms turns: {why}."),
    };
    let placed = move || match state.placement.get() {
        Some(Placement::Worker) => "worker",
        Some(Placement::PageThread { .. }) => "page",
        None => "",
    };
    let gpu_ready = move || matches!(state.webgpu.get(), WebGpuState::Ready { .. });
    let why = move || {
        let model = state.probe_model.get();
        crate::words::session::backend_choice(c.config.with(|c| c.backend), state.auto_backend(), state.probed.get(), model.as_deref())
    };
    let why_shown = move || state.probe_model.with(Option::is_some);
    view! {
        <header class="top">
            <div class="brand">
                <h1>"kd-playground"</h1>
                <p>"Knowledge distillation, live: train a teacher, soften its outputs with a temperature, distil a student."</p>
            </div>
            <div class="backend-box">
                <div class="backend" data-testid="backend" data-backend=move || match state.backend.get() { BackendKind::Cpu => "cpu", BackendKind::WebGpu => "webgpu" }>
                    "Training on "<b>{move || state.backend.get().label()}</b>{rate}
                </div>
                <label class="field inline" title=BACKEND.help>
                    <span>{BACKEND.label}</span>
                    <select data-testid="backend-select" on:change=move |ev| {
                        on_choose.run(BackendPreference::from_name(&event_target_value(&ev)).unwrap_or_default());
                    }>
                        <option value=BackendPreference::Auto.name() selected=move || c.config.with(|c| c.backend == BackendPreference::Auto)>"Auto (measured)"</option>
                        <option value=BackendPreference::Cpu.name() selected=move || c.config.with(|c| c.backend == BackendPreference::Cpu)>"CPU"</option>
                        <option value=BackendPreference::WebGpu.name() disabled=move || !gpu_ready() selected=move || c.config.with(|c| c.backend == BackendPreference::WebGpu)>"WebGPU"</option>
                    </select>
                </label>
                <div class="placement" data-testid="placement" data-place=placed>{placement}</div>
                <div class="probe">{cpu}" · "{gpu}</div>
                <Show when=why_shown>
                    <div class="probe" data-testid="backend-why">{why}</div>
                </Show>
                <Show when=move || state.status.get().is_some()>
                    <div class="status" data-testid="status">{move || state.status.get()}</div>
                </Show>
            </div>
        </header>
    }
}
