//! The distilled student's knowledge mix: one weight per kind of knowledge
//! (Gou et al. 2021, §2), each with the sentence that says what it does and
//! where it comes from, plus one-click mixes that switch to a single kind.

use leptos::prelude::*;

use crate::core::config::PlaygroundConfig;
use crate::core::knowledge::{Knowledge, RKD_ANGLE_DEFAULT, RKD_DISTANCE_DEFAULT};
use crate::core::settings;

use super::controls::{SettingField, ctx};

/// A one-click mix: its button label, test id and what it sets.
struct Mix {
    label: &'static str,
    testid: &'static str,
    apply: fn(&mut PlaygroundConfig),
}

/// Only `knowledge`'s weights (and α); every layer pair stays as chosen.
fn only(cfg: &mut PlaygroundConfig, alpha: f32, knowledge: Knowledge) {
    let k = cfg.knowledge;
    cfg.alpha = alpha;
    cfg.knowledge = Knowledge {
        teacher_layer: k.teacher_layer,
        student_layer: k.student_layer,
        attention_teacher_layer: k.attention_teacher_layer,
        attention_student_layer: k.attention_student_layer,
        relation_teacher_layer: k.relation_teacher_layer,
        relation_student_layer: k.relation_student_layer,
        ..knowledge
    };
}

const MIXES: [Mix; 6] = [
    Mix { label: "Soft targets (Hinton)", testid: "knowledge-response", apply: |c| only(c, 0.9, Knowledge::default()) },
    Mix { label: "Logit matching", testid: "knowledge-logits", apply: |c| only(c, 0.0, Knowledge { logit_mse: 1.0, ..Knowledge::default() }) },
    Mix { label: "FitNets hint", testid: "knowledge-hint", apply: |c| only(c, 0.5, Knowledge { hint: 1.0, ..Knowledge::default() }) },
    // Zagoruyko & Komodakis train with soft targets beside AT (β = 1000 over their per-position mean).
    Mix { label: "Attention transfer", testid: "knowledge-attention", apply: |c| only(c, 0.9, Knowledge { attention: 100.0, ..Knowledge::default() }) },
    Mix {
        label: "RKD",
        testid: "knowledge-rkd",
        apply: |c| only(c, 0.0, Knowledge { rkd_distance: RKD_DISTANCE_DEFAULT, rkd_angle: RKD_ANGLE_DEFAULT, ..Knowledge::default() }),
    },
    Mix { label: "Similarity-preserving", testid: "knowledge-sp", apply: |c| only(c, 0.0, Knowledge { similarity_preserving: 1.0, ..Knowledge::default() }) },
];

#[component]
pub fn KnowledgeControls() -> impl IntoView {
    let c = ctx();
    let mixes = MIXES
        .iter()
        .map(|m| {
            let apply = m.apply;
            view! { <button data-testid=m.testid on:click=move |_| c.edit(apply)>{m.label}</button> }
        })
        .collect_view();
    view! {
        <fieldset class="knowledge">
            <legend>"Knowledge the distilled student learns from"</legend>
            <div class="buttons">{mixes}</div>
            <div class="knowledge-grid">
                <SettingField setting=&settings::ALPHA get={|c| c.alpha as f64} set={|c, v| c.alpha = v as f32} testid="alpha"/>
                <p>"Response-based (Hinton et al. 2015): match the teacher's softened outputs at temperature T; 1−α of the loss stays on the hard labels."</p>
                <SettingField setting=&settings::LOGIT_MSE get={|c| c.knowledge.logit_mse as f64} set={|c, v| c.knowledge.logit_mse = v as f32} testid="weight-logit-mse"/>
                <p>"Response-based (Ba & Caruana 2014): regress the teacher's raw logits; the T → ∞ limit of soft targets."</p>
                <SettingField setting=&settings::HINT get={|c| c.knowledge.hint as f64} set={|c, v| c.knowledge.hint = v as f32} testid="weight-hint"/>
                <p>"Feature-based (Romero et al. 2015): a learned linear regressor r maps the student's guided layer onto the teacher's hint layer, and the student learns to make them match."</p>
                <SettingField setting=&settings::HINT_STAGE_STEPS get={|c| c.knowledge.hint_stage_steps as f64} set={|c, v| c.knowledge.hint_stage_steps = v as usize} testid="hint-stage-steps"/>
                <p>"FitNets trains in two stages (Romero et al. 2015): first the student's layers up to the guided one learn the hint alone, then the whole student learns from the soft targets."</p>
                <SettingField setting=&settings::ATTENTION get={|c| c.knowledge.attention as f64} set={|c, v| c.knowledge.attention = v as f32} testid="weight-attention"/>
                <p>"Feature-based (Zagoruyko & Komodakis 2017): where a network looks — each position's Σ over channels of |A|², normalised — the student's block learns to look where the teacher's does. For conv blocks; channel counts may differ."</p>
                <SettingField setting=&settings::RKD_DISTANCE get={|c| c.knowledge.rkd_distance as f64} set={|c, v| c.knowledge.rkd_distance = v as f32} testid="weight-rkd-distance"/>
                <p>"Relation-based (Park et al. 2019): keep the teacher's pairwise distances between the samples of a batch, each normalised by their mean, so scale does not matter."</p>
                <SettingField setting=&settings::RKD_ANGLE get={|c| c.knowledge.rkd_angle as f64} set={|c, v| c.knowledge.rkd_angle = v as f32} testid="weight-rkd-angle"/>
                <p>"Relation-based (Park et al. 2019): keep the angles formed by every triplet of samples in the teacher's feature space."</p>
                <SettingField setting=&settings::SIMILARITY_PRESERVING get={|c| c.knowledge.similarity_preserving as f64} set={|c, v| c.knowledge.similarity_preserving = v as f32} testid="weight-sp"/>
                <p>"Relation-based (Tung & Mori 2019): samples the teacher finds alike should look alike to the student: match the batch's row-normalised similarity (Gram) matrices."</p>
            </div>
            <p class="explain">"Each family reads its own pair of layers, numbered from 1 (the first conv block, else the first hidden layer) to the logits."</p>
            <div class="row">
                <SettingField setting=&settings::TEACHER_LAYER get={|c| c.knowledge.teacher_layer as f64} set={|c, v| c.knowledge.teacher_layer = v as usize} testid="teacher-layer"/>
                <SettingField setting=&settings::STUDENT_LAYER get={|c| c.knowledge.student_layer as f64} set={|c, v| c.knowledge.student_layer = v as usize} testid="student-layer"/>
                <SettingField setting=&settings::ATTENTION_TEACHER_LAYER get={|c| c.knowledge.attention_teacher_layer as f64} set={|c, v| c.knowledge.attention_teacher_layer = v as usize} testid="attention-teacher-layer"/>
                <SettingField setting=&settings::ATTENTION_STUDENT_LAYER get={|c| c.knowledge.attention_student_layer as f64} set={|c, v| c.knowledge.attention_student_layer = v as usize} testid="attention-student-layer"/>
                <SettingField setting=&settings::RELATION_TEACHER_LAYER get={|c| c.knowledge.relation_teacher_layer as f64} set={|c, v| c.knowledge.relation_teacher_layer = v as usize}/>
                <SettingField setting=&settings::RELATION_STUDENT_LAYER get={|c| c.knowledge.relation_student_layer as f64} set={|c, v| c.knowledge.relation_student_layer = v as usize}/>
            </div>
            <p class="size" data-testid="knowledge-summary">{move || c.config.with(summary)}</p>
        </fieldset>
    }
}

/// The distilled student's loss as a formula of the active terms.
pub fn summary(cfg: &PlaygroundConfig) -> String {
    let k = cfg.knowledge;
    let mut terms = vec![];
    if cfg.alpha < 1.0 {
        terms.push(format!("{:.2}·CE(labels)", 1.0 - cfg.alpha));
    }
    if cfg.alpha > 0.0 {
        terms.push(format!("{:.2}·T²·KL", cfg.alpha));
    }
    for (w, name) in [
        (k.logit_mse, "MSE(logits)"),
        (k.hint, "hint"),
        (k.attention, "AT"),
        (k.rkd_distance, "RKD-D"),
        (k.rkd_angle, "RKD-A"),
        (k.similarity_preserving, "SP"),
    ] {
        if w > 0.0 {
            terms.push(format!("{w}·{name}"));
        }
    }
    let stage = if k.hint > 0.0 && k.hint_stage_steps > 0 { format!(" · the first {} steps: hint only", k.hint_stage_steps) } else { String::new() };
    let mut pairs = vec![];
    if k.hint > 0.0 {
        pairs.push(format!("hint: teacher layer {} → student layer {}", k.teacher_layer, k.student_layer));
    }
    if k.attention > 0.0 {
        pairs.push(format!("AT: teacher layer {} → student layer {}", k.attention_teacher_layer, k.attention_student_layer));
    }
    if k.uses_relations() {
        pairs.push(format!("relations: teacher layer {} → student layer {}", k.relation_teacher_layer, k.relation_student_layer));
    }
    let layers = if pairs.is_empty() { String::new() } else { format!(" · {}", pairs.join(" · ")) };
    format!("distilled loss = {}{layers}{stage}", terms.join(" + "))
}
