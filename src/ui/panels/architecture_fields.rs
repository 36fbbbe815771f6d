//! A network's shape in a panel: conv blocks, channels and kernel (image
//! data only), hidden layers and width, dropout, and the published presets.
//! The teacher's panel and the students' share it.

use leptos::prelude::*;

use crate::core::config::{Architecture, PlaygroundConfig};
use crate::core::model_presets::{PRESETS, PresetRole};
use crate::core::settings;

use super::controls::{SettingField, ctx};

/// Which network of the config the fields edit.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Which {
    Teacher,
    Student,
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

/// The teacher's (`$t`) or the students' field `$field` as the number field
/// of its entry in the table of settings, with test id `$id` (teacher, student).
macro_rules! arch_field {
    ($t:expr, $teacher:ident, $student:ident, $field:ident as $ty:ty, $id:expr) => {
        if $t {
            let set = |c: &mut PlaygroundConfig, v: f64| c.teacher.$field = v as $ty;
            view! { <SettingField setting=&settings::$teacher get=|c: &PlaygroundConfig| c.teacher.$field as f64 set=set testid=$id.0/> }.into_any()
        } else {
            let set = |c: &mut PlaygroundConfig, v: f64| c.student.$field = v as $ty;
            view! { <SettingField setting=&settings::$student get=|c: &PlaygroundConfig| c.student.$field as f64 set=set testid=$id.1/> }.into_any()
        }
    };
}

#[component]
pub fn ArchitectureFields(which: Which) -> impl IntoView {
    let c = ctx();
    let is_image = Memo::new(move |_| c.config.with(|cfg| cfg.dataset.kind.is_image()));
    let t = which == Which::Teacher;
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
            {arch_field!(t, TEACHER_DEPTH, STUDENT_DEPTH, depth as usize, ("", ""))}
            {arch_field!(t, TEACHER_WIDTH, STUDENT_WIDTH, width as usize, ("teacher-width", "student-width"))}
            {arch_field!(t, TEACHER_DROPOUT, STUDENT_DROPOUT, dropout as f32, ("teacher-dropout", "student-dropout"))}
        </div>
        <Show when=move || is_image.get()>
            <div class="row" data-testid=format!("{prefix}-conv-fields")>
                {arch_field!(t, TEACHER_CONV, STUDENT_CONV, conv as usize, ("teacher-conv", "student-conv"))}
                {arch_field!(t, TEACHER_CHANNELS, STUDENT_CHANNELS, channels as usize, ("", ""))}
                {arch_field!(t, TEACHER_KERNEL, STUDENT_KERNEL, kernel as usize, ("", ""))}
            </div>
            <div class="buttons presets" role="group" aria-label=format!("{prefix} presets")>{presets.clone()}</div>
        </Show>
    }
}
