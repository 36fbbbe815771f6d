//! Panel 5: distillation strategies beyond the frozen teacher — online
//! mutual learning and two self-distillations — each with its sentence and
//! paper, run with the same buttons, shown as test accuracy per network.

use leptos::prelude::*;

use crate::core::names::NetworkName;
use crate::core::protocol::Role;
use crate::core::settings;
use crate::core::strategy_config::StrategyKind;
use crate::ui::charts::line_chart::{LineChart, Series};
use crate::ui::state::PageState;
use crate::words::session as wording;

use super::controls::{SettingField, ctx};
use super::teacher_panel::RunButtons;

const PALETTE: [&str; 8] = ["#0877bd", "#f59322", "#2ca02c", "#9467bd", "#d62728", "#8c564b", "#e377c2", "#7f7f7f"];

#[component]
pub fn StrategyPanel(state: PageState) -> impl IntoView {
    let c = ctx();
    let kind = Signal::derive(move || c.config.with(|cfg| cfg.strategy.kind));
    let options = StrategyKind::ALL.map(|k| view! { <option value=k.name() selected=move || kind.get() == k>{k.title()}</option> }).collect_view();
    let history = state.strategy_history;
    // One line per network (or exit, or generation), in order of first appearance.
    let series = Signal::derive(move || {
        history.with(|h| {
            let mut names: Vec<NetworkName> = vec![];
            for point in h {
                for (name, _) in &point.accuracies {
                    if !names.contains(name) {
                        names.push(*name);
                    }
                }
            }
            names
                .into_iter()
                .enumerate()
                .map(|(i, name)| Series {
                    points: h.iter().filter_map(|p| p.accuracies.iter().find(|(n, _)| *n == name).map(|(_, a)| (p.step as f32, *a))).collect(),
                    dashed: name == NetworkName::LabelsOnlyTwin,
                    color: PALETTE[i % PALETTE.len()],
                    name: wording::network(name),
                })
                .collect()
        })
    });
    let latest = move || {
        history.with(|h| {
            h.last()
                .map(|p| {
                    p.accuracies
                        .iter()
                        .map(|(name, acc)| view! { <tr data-name=wording::network(*name)><th>{wording::network(*name)}</th><td>{format!("{:.1}%", 100.0 * acc)}</td></tr> })
                        .collect_view()
                        .into_any()
                })
                .unwrap_or_else(|| view! { <tr><td>"–"</td></tr> }.into_any())
        })
    };
    let step = move || history.with(|h| h.last().map_or(0, |p| p.step));
    view! {
        <section class="panel wide">
            <h2>"5 · Strategies"</h2>
            <p class="explain">"Panels 2–4 are "<b>"offline"</b>" distillation: a pretrained, frozen teacher. The survey's other two schemes:"</p>
            <label class="field"><span>{settings::STRATEGY_KIND.label}</span>
                <select data-testid="strategy-kind" on:change=move |ev| {
                    if let Some(k) = StrategyKind::from_name(&event_target_value(&ev)) {
                        c.edit(|cfg| cfg.strategy.kind = k)
                    }
                }>{options}</select>
            </label>
            <p class="explain" data-testid="strategy-explanation">{move || kind.get().explanation()}</p>
            <div class="row">
                <Show when=move || kind.get() == StrategyKind::Mutual>
                    <SettingField setting=&settings::PEERS get={|c| c.strategy.peers as f64} set={|c, v| c.strategy.peers = v as usize} testid="strategy-peers"/>
                </Show>
                <Show when=move || kind.get() == StrategyKind::BornAgain>
                    <SettingField setting=&settings::GENERATIONS get={|c| c.strategy.generations as f64} set={|c, v| c.strategy.generations = v as usize} testid="strategy-generations"/>
                    <SettingField setting=&settings::STEPS_PER_GENERATION get={|c| c.strategy.steps_per_generation as f64} set={|c, v| c.strategy.steps_per_generation = v as usize} testid="strategy-steps-per-generation"/>
                </Show>
            </div>
            <RunButtons role=Role::Strategy playing=state.playing.into() play_testid="train-strategy"/>
            <p class="size">"step "<span data-testid="strategy-step">{step}</span>" · trains on all the training points with the learning rate, batch, α and T set above"</p>
            <div class="maps">
                <table class="metrics" data-testid="strategy-metrics">
                    <thead><tr><th>"network"</th><th>"test accuracy"</th></tr></thead>
                    <tbody>{latest}</tbody>
                </table>
                <LineChart title="Test accuracy of each network" series=series y_range=(0.0, 1.0)/>
            </div>
        </section>
    }
}
