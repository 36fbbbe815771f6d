//! The teacher: architecture, learning rate, play/pause/step/reset, its
//! curves and its decision boundary (where samples are selected).

use std::sync::Arc;

use leptos::prelude::*;

use crate::core::config::Architecture;
use crate::core::dataset::Dataset;
use crate::core::protocol::{Command, Role};
use crate::core::settings;
use crate::ui::charts::line_chart::{LineChart, Series};
use crate::ui::charts::model_view::ModelView;
use crate::ui::state::PageState;

use super::architecture_fields::{ArchitectureFields, Which};
use super::controls::{SettingField, ctx};

/// Play/pause, step and reset for one role; `playing` is the role that
/// trains now (at most one does).
#[component]
pub fn RunButtons(role: Role, playing: Signal<Option<Role>>, play_testid: &'static str) -> impl IntoView {
    let c = ctx();
    let running = move || playing.get() == Some(role);
    view! {
        <div class="buttons">
            <button data-testid=play_testid class="primary" on:click=move |_| c.send(if playing.get_untracked() == Some(role) { Command::Pause(role) } else { Command::Play(role) })>
                {move || if running() { "❚❚ Pause" } else { "▶ Train" }}
            </button>
            <button on:click=move |_| c.send(Command::Step(role)) title="One optimisation step">"Step"</button>
            <button on:click=move |_| c.send(Command::Reset(role)) title="New initial weights from the seed">"Reset"</button>
        </div>
    }
}

pub fn size_text(arch: Architecture, input: usize, classes: usize) -> String {
    let spec = arch.spec(input, classes);
    format!("{} · {} parameters · {:.1} KB", spec.describe(), spec.param_count(), spec.bytes_f32() as f32 / 1024.0)
}

#[component]
pub fn TeacherPanel(state: PageState, dataset: Signal<Arc<Dataset>>, selection: RwSignal<Vec<usize>>) -> impl IntoView {
    let c = ctx();
    let history = state.teacher_history;
    let loss = Signal::derive(move || {
        history.with(|h| {
            vec![
                Series { name: "train loss".into(), color: "#0877bd", dashed: false, points: h.iter().map(|p| (p.step as f32, p.train_loss)).collect() },
                Series { name: "test loss".into(), color: "#f59322", dashed: true, points: h.iter().map(|p| (p.step as f32, p.test_loss)).collect() },
            ]
        })
    });
    let acc = Signal::derive(move || {
        history.with(|h| {
            vec![
                Series { name: "train acc".into(), color: "#0877bd", dashed: false, points: h.iter().map(|p| (p.step as f32, p.train_accuracy)).collect() },
                Series { name: "test acc".into(), color: "#f59322", dashed: true, points: h.iter().map(|p| (p.step as f32, p.test_accuracy)).collect() },
            ]
        })
    });
    let latest = move || history.with(|h| h.last().copied());
    let size = move || dataset.with(|d| c.config.with(|cfg| size_text(cfg.teacher, d.train.dim, d.classes)));
    let title = Signal::derive(move || format!("Teacher · step {}", state.step_of(Role::Teacher, latest().map_or(0, |p| p.step))));
    view! {
        <section class="panel">
            <h2>"2 · Teacher"</h2>
            <p class="explain">"A large network trained on the hard labels (cross-entropy). Its logits z, softened, become the students' soft targets."</p>
            <ArchitectureFields which=Which::Teacher/>
            <div class="row">
                <SettingField setting=&settings::LEARNING_RATE get={|c| c.learning_rate as f64} set={|c, v| c.learning_rate = v as f32} testid="learning-rate"/>
            </div>
            <p class="size" data-testid="teacher-size">{size}</p>
            <RunButtons role=Role::Teacher playing=state.playing.into() play_testid="train-teacher"/>
            <p class="metric">"Test accuracy "<b data-testid="teacher-accuracy">{move || latest().map_or("–".into(), |p| format!("{:.1}%", 100.0 * p.test_accuracy))}</b></p>
            <ModelView title=title outputs=state.teacher_outputs.into() dataset=dataset testid="teacher-heatmap" selection=selection/>
            <LineChart title="Teacher loss" series=loss/>
            <LineChart title="Teacher accuracy" series=acc y_range=(0.0, 1.0)/>
        </section>
    }
}
