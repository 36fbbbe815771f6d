//! Test digits on which the teacher and the two students disagree, the ones
//! where the distilled student sides with the teacher first: where the dark
//! knowledge becomes visible. Each shows the three models' soft targets at
//! the slider's T on hover or focus (a tap on a phone), and a click sends it
//! to the drawing pad's views (its feature and attention maps).

use std::sync::Arc;

use leptos::prelude::*;

use crate::core::dataset::Dataset;
use crate::core::metrics::disagreements;
use crate::core::probs::{argmax, softmax_at_temperature};
use crate::core::protocol::Command;
use crate::ui::charts::digit_image::DigitImage;
use crate::ui::state::PageState;

use super::controls::ctx;

/// Digits the gallery shows at most.
const SHOWN: usize = 12;

fn soft_line(name: &str, logits: &[f32], t: f32) -> String {
    let p = softmax_at_temperature(logits, t);
    let top: Vec<String> = {
        let mut order: Vec<usize> = (0..p.len()).collect();
        order.sort_by(|&a, &b| p[b].total_cmp(&p[a]));
        order.into_iter().take(3).map(|c| format!("{c}: {:.2}", p[c])).collect()
    };
    format!("{name} says {} ({})", argmax(&p), top.join(", "))
}

#[component]
pub fn DisagreementGallery(state: PageState, dataset: Signal<Arc<Dataset>>) -> impl IntoView {
    let c = ctx();
    let focused = RwSignal::new(None::<usize>);
    let found = Memo::new(move |_| {
        let (Some(teacher), Some((distilled, scratch))) = (state.teacher_outputs.get(), state.students_outputs.get()) else { return vec![] };
        disagreements(&teacher.test, &distilled.test, &scratch.test, teacher.classes, SHOWN)
    });
    // Keyed by test row: at each evaluation only the digits new to the
    // gallery are drawn; the others keep their elements.
    let shown = move || {
        let n = dataset.with(|d| d.test.len());
        found.get().into_iter().filter(|&i| i < n).collect::<Vec<usize>>()
    };
    let cell = move |i: usize| {
        let (row, label) = dataset.with_untracked(|d| (d.test.row(i).to_vec(), d.test.y[i]));
        let send = row.clone();
        view! {
            <button class="gallery-digit" data-testid="gallery-digit" aria-label=format!("test digit {i}, a {label}")
                on:mouseenter=move |_| focused.set(Some(i)) on:focus=move |_| focused.set(Some(i))
                on:click=move |_| { focused.set(Some(i)); c.send(Command::Predict(send.clone())); }>
                <DigitImage pixels=row size=42.0/>
                <span class="hint">{label}</span>
            </button>
        }
    };
    let detail = move || {
        let i = focused.get()?;
        let (teacher, (distilled, scratch)) = (state.teacher_outputs.get()?, state.students_outputs.get()?);
        let k = teacher.classes;
        let t = c.config.with(|cfg| cfg.temperature);
        let slice = |o: &[f32]| o.get(i * k..(i + 1) * k).map(<[f32]>::to_vec);
        let label = dataset.with(|d| d.test.y.get(i).copied())?;
        Some(format!(
            "Test digit {i} (a {label}) at T = {t:.1}: {} · {} · {}",
            soft_line("teacher", &slice(&teacher.test)?, t),
            soft_line("distilled", &slice(&distilled.test)?, t),
            soft_line("scratch", &slice(&scratch.test)?, t)
        ))
    };
    view! {
        <div class="gallery" data-testid="disagreement-gallery">
            <h3>"Where they disagree"</h3>
            <p class="explain">"Test digits on which the teacher and the students do not all agree — those where the distilled student sides with the teacher first. Hover, focus or tap one for the three models' soft targets at T; click to see its feature and attention maps under the drawing pad."</p>
            <Show when=move || !found.with(Vec::is_empty) fallback=|| view! { <p class="hint">"Train the teacher and the students to fill the gallery."</p> }>
                // A new dataset gives new keys: its digits are drawn afresh.
                <div class="gallery-row"><For each=shown key=move |&i| (dataset.with(|d| Arc::as_ptr(d) as usize), i) children=cell/></div>
            </Show>
            <p class="status" role="status" data-testid="gallery-detail">{detail}</p>
        </div>
    }
}
