//! A network's shape in a panel: conv blocks, channels and kernel (image
//! data only), hidden layers and width, dropout, and the published presets.
//! The teacher's panel and the students' share it.

use leptos::prelude::*;

use crate::core::config::{Architecture, PlaygroundConfig};
use crate::core::model_presets::{PRESETS, PresetRole};
use crate::core::settings::{self, Setting};

use super::controls::{SettingField, ctx};

/// Which network of the config the fields edit.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Which {
    Teacher,
    Student,
}

fn arch(c: &PlaygroundConfig, which: Which) -> Architecture {
    if which == Which::Teacher { c.teacher } else { c.student }
}

fn arch_mut(c: &mut PlaygroundConfig, which: Which) -> &mut Architecture {
    if which == Which::Teacher { &mut c.teacher } else { &mut c.student }
}

/// The words a preset button shows.
fn preset_label(id: &str) -> &'static str {
    match id {
        "hinton-teacher" => "Hinton 1200-1200 (dropout)",
        "small-cnn" => "Small CNN",
        "hinton-student" => "Hinton 800-800",
        "tiny-cnn" => "Tiny CNN",
        "tiny-mlp" => "784-30-10 MLP",
        _ => "?",
    }
}

#[component]
pub fn ArchitectureFields(which: Which) -> impl IntoView {
    let c = ctx();
    let is_image = Memo::new(move |_| c.config.with(|cfg| cfg.dataset.kind.is_image()));
    let t = which == Which::Teacher;
    let pick = move |teacher: &'static Setting, student: &'static Setting| if t { teacher } else { student };
    let role = if t { PresetRole::Teacher } else { PresetRole::Student };
    let presets = PRESETS
        .iter()
        .filter(|p| p.role == role)
        .map(|p| {
            let a = p.architecture;
            view! {
                <button data-testid=format!("preset-{}", p.id) title=move || format!("Set this network to {}", a.describe())
                    on:click=move |_| c.edit(|cfg| *arch_mut(cfg, which) = a)>{preset_label(p.id)}</button>
            }
        })
        .collect_view();
    let prefix = if t { "teacher" } else { "student" };
    view! {
        <div class="row">
            <SettingField setting=pick(&settings::TEACHER_DEPTH, &settings::STUDENT_DEPTH)
                get={if t { |c: &PlaygroundConfig| arch(c, Which::Teacher).depth as f64 } else { |c: &PlaygroundConfig| arch(c, Which::Student).depth as f64 }}
                set={if t { |c: &mut PlaygroundConfig, v: f64| c.teacher.depth = v as usize } else { |c: &mut PlaygroundConfig, v: f64| c.student.depth = v as usize }}/>
            <SettingField setting=pick(&settings::TEACHER_WIDTH, &settings::STUDENT_WIDTH)
                get={if t { |c: &PlaygroundConfig| c.teacher.width as f64 } else { |c: &PlaygroundConfig| c.student.width as f64 }}
                set={if t { |c: &mut PlaygroundConfig, v: f64| c.teacher.width = v as usize } else { |c: &mut PlaygroundConfig, v: f64| c.student.width = v as usize }}
                testid=if t { "teacher-width" } else { "student-width" }/>
            <SettingField setting=pick(&settings::TEACHER_DROPOUT, &settings::STUDENT_DROPOUT)
                get={if t { |c: &PlaygroundConfig| c.teacher.dropout as f64 } else { |c: &PlaygroundConfig| c.student.dropout as f64 }}
                set={if t { |c: &mut PlaygroundConfig, v: f64| c.teacher.dropout = v as f32 } else { |c: &mut PlaygroundConfig, v: f64| c.student.dropout = v as f32 }}
                testid=if t { "teacher-dropout" } else { "student-dropout" }/>
        </div>
        <Show when=move || is_image.get()>
            <div class="row" data-testid=format!("{prefix}-conv-fields")>
                <SettingField setting=pick(&settings::TEACHER_CONV, &settings::STUDENT_CONV)
                    get={if t { |c: &PlaygroundConfig| c.teacher.conv as f64 } else { |c: &PlaygroundConfig| c.student.conv as f64 }}
                    set={if t { |c: &mut PlaygroundConfig, v: f64| c.teacher.conv = v as usize } else { |c: &mut PlaygroundConfig, v: f64| c.student.conv = v as usize }}
                    testid=if t { "teacher-conv" } else { "student-conv" }/>
                <SettingField setting=pick(&settings::TEACHER_CHANNELS, &settings::STUDENT_CHANNELS)
                    get={if t { |c: &PlaygroundConfig| c.teacher.channels as f64 } else { |c: &PlaygroundConfig| c.student.channels as f64 }}
                    set={if t { |c: &mut PlaygroundConfig, v: f64| c.teacher.channels = v as usize } else { |c: &mut PlaygroundConfig, v: f64| c.student.channels = v as usize }}/>
                <SettingField setting=pick(&settings::TEACHER_KERNEL, &settings::STUDENT_KERNEL)
                    get={if t { |c: &PlaygroundConfig| c.teacher.kernel as f64 } else { |c: &PlaygroundConfig| c.student.kernel as f64 }}
                    set={if t { |c: &mut PlaygroundConfig, v: f64| c.teacher.kernel = v as usize } else { |c: &mut PlaygroundConfig, v: f64| c.student.kernel = v as usize }}/>
            </div>
            <div class="buttons presets" role="group" aria-label=format!("{prefix} presets")>{presets.clone()}</div>
        </Show>
    }
}
