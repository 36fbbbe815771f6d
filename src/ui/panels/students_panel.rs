//! Two students from the same initial weights on the same batches: one
//! distilled from the frozen teacher, one from the labels alone.

use std::sync::Arc;

use leptos::prelude::*;

use crate::core::dataset::Dataset;
use crate::core::protocol::Role;
use crate::core::settings;
use crate::ui::charts::line_chart::{LineChart, Series};
use crate::ui::charts::model_view::ModelView;
use crate::ui::state::PageState;

use super::architecture_fields::{ArchitectureFields, Which};
use super::controls::{SettingField, ctx};
use super::disagreement_gallery::DisagreementGallery;
use super::feature_views::FeatureViews;
use super::knowledge_controls::KnowledgeControls;
use super::teacher_panel::{RunButtons, size_text};

fn pct(v: f32) -> String {
    format!("{:.1}%", 100.0 * v)
}

#[component]
pub fn StudentsPanel(state: PageState, dataset: Signal<Arc<Dataset>>) -> impl IntoView {
    let c = ctx();
    let history = state.students_history;
    let acc = Signal::derive(move || {
        history.with(|h| {
            vec![
                Series {
                    name: "distilled".into(),
                    color: "#2ca02c",
                    dashed: false,
                    points: h.iter().map(|p| (p.step as f32, p.distilled.test_accuracy)).collect(),
                },
                Series { name: "scratch".into(), color: "#9467bd", dashed: true, points: h.iter().map(|p| (p.step as f32, p.scratch.test_accuracy)).collect() },
            ]
        })
    });
    let loss = Signal::derive(move || {
        history.with(|h| {
            vec![
                Series {
                    name: "distilled".into(),
                    color: "#2ca02c",
                    dashed: false,
                    points: h.iter().map(|p| (p.step as f32, p.distilled.test_loss)).collect(),
                },
                Series { name: "scratch".into(), color: "#9467bd", dashed: true, points: h.iter().map(|p| (p.step as f32, p.scratch.test_loss)).collect() },
            ]
        })
    });
    let latest = move || history.with(|h| h.last().copied());
    let cell = move |get: fn(&crate::ui::state::StudentsPoint) -> f32| move || latest().map_or("–".to_string(), |p| pct(get(&p)));
    let kl = move |distilled: bool| {
        move || latest().map_or("–".to_string(), |p| format!("{:.3}", if distilled { p.distilled.kl_to_teacher } else { p.scratch.kl_to_teacher }))
    };
    let size = move || dataset.with(|d| c.config.with(|cfg| size_text(cfg.student, d.train.dim, d.classes)));
    let transfer = move || dataset.with(|d| c.config.with(|cfg| d.transfer_len(cfg.transfer_share)));
    let distilled_out = Signal::derive(move || state.students_outputs.get().map(|o| o.0));
    let scratch_out = Signal::derive(move || state.students_outputs.get().map(|o| o.1));
    view! {
        <section class="panel wide">
            <h2>"4 · Students"</h2>
            <p class="explain">
                "Two copies of a smaller network start from the same weights and see the same batches. The "<b>"distilled"</b>" student minimises "
                "α·T²·KL(teacher_T ‖ student_T) + (1−α)·CE(labels), plus any other knowledge weighted below; the "<b>"scratch"</b>" student only the labels' cross-entropy. "
                "This is offline distillation from a frozen teacher: training the teacher again restarts the students."
            </p>
            <ArchitectureFields which=Which::Student/>
            <div class="row">
                <SettingField setting=&settings::TRANSFER_SHARE get={|c| c.transfer_share as f64} set={|c, v| c.transfer_share = v as f32} testid="transfer-share"/>
            </div>
            <KnowledgeControls/>
            <p class="size">{size}" · transfer set: "{transfer}" points · T from the slider: "{move || format!("{:.2}", c.config.with(|c| c.temperature))}</p>
            <RunButtons role=Role::Students playing=state.playing.into() play_testid="train-students"/>
            <p class="size" data-testid="students-step">{move || format!("Students · step {}", state.step_of(Role::Students, latest().map_or(0, |p| p.step)))}</p>
            <table class="metrics">
                <thead><tr><th>"student"</th><th>"test accuracy"</th><th>"top-1 agreement with teacher"</th><th>"mean KL(teacher_T ‖ student_T)"</th></tr></thead>
                <tbody>
                    <tr><th class="distilled">"distilled"</th><td data-testid="student-kd-accuracy">{cell(|p| p.distilled.test_accuracy)}</td><td data-testid="student-kd-agreement">{cell(|p| p.distilled.agreement)}</td><td>{kl(true)}</td></tr>
                    <tr><th class="scratch">"scratch"</th><td data-testid="student-scratch-accuracy">{cell(|p| p.scratch.test_accuracy)}</td><td data-testid="student-scratch-agreement">{cell(|p| p.scratch.agreement)}</td><td>{kl(false)}</td></tr>
                </tbody>
            </table>
            <div class="maps">
                <ModelView title=Signal::derive(|| "Teacher (frozen)".to_string()) outputs=state.teacher_outputs.into() dataset=dataset testid="teacher-heatmap-small"/>
                <ModelView title=Signal::derive(|| "Distilled student".to_string()) outputs=distilled_out dataset=dataset testid="student-kd-heatmap"/>
                <ModelView title=Signal::derive(|| "Scratch student".to_string()) outputs=scratch_out dataset=dataset testid="student-scratch-heatmap"/>
            </div>
            <Show when=move || dataset.with(|d| d.spec.kind.is_image())>
                <DisagreementGallery state=state dataset=dataset/>
            </Show>
            <FeatureViews state=state/>
            <div class="maps">
                <LineChart title="Students' test accuracy" series=acc y_range=(0.0, 1.0)/>
                <LineChart title="Students' test loss" series=loss/>
            </div>
        </section>
    }
}
