//! Panel 7: why distil at all. Every model's cost — counted (parameters,
//! bytes, multiply-adds) and measured (latency, throughput) on the backend
//! that trains now — beside its accuracy; and the compression ladder, which
//! pushes both students further by pruning, int8 quantisation or weight
//! sharing and puts each step on one accuracy-vs-cost chart.

use leptos::prelude::*;

use crate::core::compress::ladder::{CompressPlan, LadderStage, LastStep};
use crate::core::compress::prune::Scope;
use crate::core::compress::quantize::Granularity;
use crate::core::compress::timing::method;
use crate::core::protocol::Command;
use crate::ui::charts::cost_scatter::{CostPoint, CostScatter};
use crate::ui::state::PageState;
use crate::words::session as wording;

use super::controls::ctx;
use crate::plot::scale::thousands;

/// Milliseconds under 0.1 as microseconds: the tiny models answer in µs.
fn latency(ms: f32) -> String {
    if ms < 0.1 { format!("{:.1} µs", ms * 1e3) } else { format!("{ms:.2} ms") }
}

fn kb(bytes: usize) -> String {
    format!("{:.1} KB", bytes as f32 / 1024.0)
}

#[component]
pub fn CostPanel(state: PageState) -> impl IntoView {
    let c = ctx();
    let plan = RwSignal::new(CompressPlan::default());
    let by_latency = RwSignal::new(false);
    let edit = move |f: &dyn Fn(&mut CompressPlan)| {
        plan.update(|p| {
            f(p);
            *p = p.normalised();
        })
    };
    let num = |ev: &leptos::ev::Event| event_target_value(ev).trim().parse::<f32>().ok();
    let cost_rows = move || {
        state
            .costs
            .get()
            .into_iter()
            .map(|r| {
                view! {
                    <tr data-model=wording::model(r.model)>
                        <td>{wording::model(r.model)}</td>
                        <td>{thousands(r.cost.params)}</td>
                        <td>{kb(r.cost.bytes)}</td>
                        <td>{thousands(r.cost.mult_adds)}</td>
                        <td class="latency">{latency(r.latency_ms)}</td>
                        <td>{format!("{}/s", thousands(r.throughput.round() as usize))}</td>
                        <td>{format!("{:.1} %", 100.0 * r.test_accuracy)}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    let ladder_rows = move || {
        state
            .ladder
            .get()
            .into_iter()
            .enumerate()
            .map(|(i, p)| {
                let what = format!("{}, {}", wording::model(p.model), wording::stage(p.stage));
                view! {
                    <tr data-model=wording::model(p.model)>
                        <td>{wording::model(p.model)}</td>
                        <td>{wording::stage(p.stage)}</td>
                        <td>{format!("{} of {}", thousands(p.nonzero), thousands(p.params))}</td>
                        <td>{kb(p.bytes)}</td>
                        <td>{format!("{:.1} %", 100.0 * p.test_accuracy)}</td>
                        <td><button data-testid="ladder-onnx" aria-label=format!("Download {what} as ONNX")
                            title="This step as an ONNX file: its weights as evaluated here (quantised or shared models as their dequantised float values, said in the file's metadata)."
                            on:click=move |_| c.send(Command::ExportLadderOnnx(i))>"ONNX"</button></td>
                    </tr>
                }
            })
            .collect_view()
    };
    let points = Signal::derive(move || {
        if by_latency.get() {
            state
                .costs
                .get()
                .into_iter()
                .map(|r| CostPoint { model: r.model, stage: LadderStage::Trained, x: r.latency_ms, accuracy: r.test_accuracy })
                .collect()
        } else {
            let ladder = state.ladder.get();
            if ladder.is_empty() {
                state
                    .costs
                    .get()
                    .into_iter()
                    .map(|r| CostPoint { model: r.model, stage: LadderStage::Trained, x: r.cost.bytes as f32, accuracy: r.test_accuracy })
                    .collect()
            } else {
                ladder.into_iter().map(|p| CostPoint { model: p.model, stage: p.stage, x: p.bytes as f32, accuracy: p.test_accuracy }).collect()
            }
        }
    });
    let x_name = Signal::derive(move || if by_latency.get() { "latency per input, ms (log)".to_string() } else { "size in bytes (log)".to_string() });
    let last_value = move || match plan.get().last {
        LastStep::None => "none",
        LastStep::Int8(Granularity::PerTensor) => "int8-tensor",
        LastStep::Int8(Granularity::PerChannel) => "int8-channel",
        LastStep::Share(_) => "share",
    };
    view! {
        <section class="panel wide" data-testid="cost-panel">
            <h2>"7 · Cost and compression"</h2>
            <p class="explain">
                "Distillation exists because big networks cost memory, compute and time (Gou et al. 2021, §1). Here is what each model costs and what it scores. "
                "Model compression offers more ways to pay less: magnitude pruning, post-training quantisation and weight sharing (Han et al. 2016) — and they compose with distillation."
            </p>
            <div class="row">
                <button data-testid="measure-costs" on:click=move |_| c.send(Command::MeasureCosts)>"Measure costs"</button>
            </div>
            // A disclosure, not a hover tooltip: it opens to a tap, a click or the keyboard alike.
            <details class="method">
                <summary>"How is it timed?"</summary>
                <p>{method()}</p>
            </details>
            <table class="cost-table" data-testid="cost-table">
                <thead><tr><th>"model"</th><th>"parameters"</th><th>"bytes (f32)"</th><th>"multiply-adds / input"</th><th>"latency / input"</th><th>"throughput (batch 256)"</th><th>"test accuracy"</th></tr></thead>
                <tbody>{cost_rows}</tbody>
            </table>
            <h3>"Compression ladder"</h3>
            <p class="explain">"Teacher → distilled student → pruned (then fine-tuned with the mask kept) → quantised or weight-shared, each step's real size and accuracy, beside the scratch student given the same treatment. Compressed models are evaluated with dense f32 kernels here: their size is real, a speed-up would need sparse or int8 kernels."</p>
            <div class="row">
                <label class="field" title="Share of weights set to zero, smallest |w| first (biases are kept).">
                    <span>"Sparsity %"</span>
                    <input type="number" min="0" max="99" step="5" data-testid="ladder-sparsity" prop:value=move || format!("{:.0}", plan.get().sparsity * 100.0)
                        on:change=move |ev| if let Some(v) = num(&ev) { edit(&|p| p.sparsity = v / 100.0) }/>
                </label>
                <label class="field" title="Global: one magnitude threshold for the whole network. Per layer: the same share from every layer.">
                    <span>"Pruning scope"</span>
                    <select data-testid="ladder-scope" on:change=move |ev| { let v = event_target_value(&ev); edit(&|p| p.scope = if v == "layer" { Scope::PerLayer } else { Scope::Global }) }>
                        <option value="global" selected=move || plan.get().scope == Scope::Global>"global"</option>
                        <option value="layer" selected=move || plan.get().scope == Scope::PerLayer>"per layer"</option>
                    </select>
                </label>
                <label class="field" title="Adam steps on the pruned model, the mask re-applied after each (0 = none).">
                    <span>"Fine-tune steps"</span>
                    <input type="number" min="0" max="5000" step="50" data-testid="ladder-steps" prop:value=move || plan.get().fine_tune_steps.to_string()
                        on:change=move |ev| if let Some(v) = num(&ev) { edit(&|p| p.fine_tune_steps = v.max(0.0) as usize) }/>
                </label>
                <label class="field inline" title="Fine-tune on α·T²·KL(teacher ‖ student) + (1−α)·CE with the T and α above, or on the labels alone.">
                    <input type="checkbox" data-testid="ladder-kd" prop:checked=move || plan.get().fine_tune_with_teacher
                        on:change=move |ev| { let on = event_target_checked(&ev); edit(&|p| p.fine_tune_with_teacher = on) }/>
                    <span>"fine-tune with the teacher's soft targets"</span>
                </label>
                <label class="field" title="After pruning: int8 weights with one scale per tensor or per output channel, or k-means weight sharing into 2^b values per layer.">
                    <span>"Then"</span>
                    <select data-testid="ladder-last" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        edit(&|p| p.last = match v.as_str() {
                            "none" => LastStep::None,
                            "int8-tensor" => LastStep::Int8(Granularity::PerTensor),
                            "share" => LastStep::Share(3),
                            _ => LastStep::Int8(Granularity::PerChannel),
                        })
                    }>
                        <option value="int8-channel" selected=move || last_value() == "int8-channel">"int8, scale per channel"</option>
                        <option value="int8-tensor" selected=move || last_value() == "int8-tensor">"int8, scale per tensor"</option>
                        <option value="share" selected=move || last_value() == "share">"weight sharing (k-means)"</option>
                        <option value="none" selected=move || last_value() == "none">"nothing more"</option>
                    </select>
                </label>
                <Show when=move || matches!(plan.get().last, LastStep::Share(_))>
                    <label class="field" title="Bits per weight: each layer keeps 2^b shared values.">
                        <span>"Bits b"</span>
                        <input type="number" min="1" max="8" step="1" data-testid="ladder-bits" prop:value=move || match plan.get().last { LastStep::Share(b) => b.to_string(), _ => String::new() }
                            on:change=move |ev| if let Some(v) = num(&ev) { edit(&|p| p.last = LastStep::Share(v.max(1.0) as u32)) }/>
                    </label>
                </Show>
            </div>
            <div class="row">
                <button class="primary" data-testid="run-ladder" on:click=move |_| c.send(Command::CompressionLadder(plan.get_untracked()))>"Run the compression ladder"</button>
            </div>
            <table class="cost-table ladder" data-testid="ladder-table">
                <thead><tr><th>"model"</th><th>"step"</th><th>"nonzero weights"</th><th>"stored size"</th><th>"test accuracy"</th><th>"file"</th></tr></thead>
                <tbody>{ladder_rows}</tbody>
            </table>
            <div class="row">
                <label class="field inline" title="Latency is measured for the trained models only; compression steps have a size, not a speed of their own here.">
                    <span>"x axis"</span>
                    <select data-testid="scatter-axis" on:change=move |ev| by_latency.set(event_target_value(&ev) == "latency")>
                        <option value="bytes">"bytes"</option>
                        <option value="latency">"measured latency"</option>
                    </select>
                </label>
            </div>
            <CostScatter points=points x_name=x_name/>
        </section>
    }
}
