//! Saving and loading trained weights: a download of the teacher (and the
//! students, once trained) in one file, and a file picker that loads such a
//! file — refused with the reason, changing nothing, when it is damaged or
//! does not fit the current settings. The session reads the file (burn's
//! records live where training does, not in the page's UI-only module) and
//! answers with what it found. Any of the three models also leaves as an
//! ONNX file (`core::onnx`), for onnxruntime and every tool that reads ONNX.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::core::compress::ladder::LadderStage;
use crate::core::names::ModelName;
use crate::core::protocol::{Command, WeightsRead};
use crate::core::weights_file::MAX_FILE_BYTES;
use crate::ui::download::{download_bytes, read_file};
use crate::ui::state::PageState;

use super::controls::ctx;

/// "pruned 80 %, 30 KD steps" → "pruned-80-30-kd-steps": words a file name can hold.
fn slug(words: &str) -> String {
    let kept: String = words.chars().map(|c| if c.is_alphanumeric() { c.to_ascii_lowercase() } else { ' ' }).collect();
    kept.split_whitespace().collect::<Vec<_>>().join("-")
}

#[component]
pub fn WeightsControls(state: PageState) -> impl IntoView {
    let c = ctx();
    let status = RwSignal::new(None::<String>);
    // The session answers an export with the file's bytes: offer them as a
    // download, and say so (`what` names the file in a failure; `about` follows its size).
    let offer = move |name: String, bytes: &[u8], what: &str, about: &str| {
        status.set(Some(match download_bytes(&name, "application/octet-stream", bytes) {
            Ok(()) => format!("Saved {name} ({:.1} KB).{about}", bytes.len() as f64 / 1024.0),
            Err(e) => format!("Could not save {what}: {e}"),
        }));
    };
    Effect::new(move |_| {
        if let Some(bytes) = state.weights_file.get() {
            let name = c
                .config
                .with_untracked(|cfg| format!("kd-weights-{}-{}.kdw", cfg.dataset.kind.name(), crate::core::experiments::format_architecture(cfg.teacher)));
            offer(name, &bytes, "the weights", "");
        }
    });
    // An ONNX file the session wrote: offered as a download.
    Effect::new(move |_| {
        if let Some((model, stage, bytes)) = state.onnx_file.get() {
            let name = c.config.with_untracked(|cfg| {
                let arch = match model {
                    ModelName::Teacher => cfg.teacher,
                    _ => cfg.student,
                };
                let step = match stage {
                    LadderStage::Trained => String::new(),
                    s => format!("-{}", slug(&crate::words::session::stage(s))),
                };
                format!(
                    "kd-{}{step}-{}-{}.onnx",
                    slug(&crate::words::session::model(model)),
                    cfg.dataset.kind.name(),
                    crate::core::experiments::format_architecture(arch)
                )
            });
            offer(name, &bytes, "the ONNX file", " ONNX opset 13: the page's features in, logits out.");
        }
    });
    let onnx_model = RwSignal::new(ModelName::Teacher);
    // A file refused, here or by the session.
    let refused = move |why: String| status.set(Some(format!("Not loaded: {why}. Nothing was changed.")));
    // The file being read: the session's answer names it.
    let reading = RwSignal::new(String::new());
    Effect::new(move |_| {
        let Some(read) = state.weights_read.get() else { return };
        let file = reading.get_untracked();
        status.set(Some(match read {
            Err(why) => return refused(why),
            Ok(WeightsRead { models, made_on }) => {
                // Shapes fit; the data may still differ (a spiral teacher on blobs).
                let current = c.config.with_untracked(|cfg| cfg.dataset.clone());
                let other_data = Some(made_on).filter(|m| *m != current).map(|m| {
                    format!(" Note: they were trained on other data ({}, data seed {}); their scores here are on the current data.", m.kind.name(), m.seed)
                });
                format!("Read {file}: {models} model{}.{}", if models == 1 { "" } else { "s" }, other_data.unwrap_or_default())
            }
        }));
    });
    let on_pick = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        input.set_value(""); // picking the same file again fires again
        status.set(Some(format!("Reading {}…", file.name())));
        spawn_local(async move {
            if file.size() > MAX_FILE_BYTES as f64 {
                return refused(format!(
                    "the file is {:.1} MB, more than the {} MB a weights file of this page can be",
                    file.size() / 1e6,
                    MAX_FILE_BYTES >> 20
                ));
            }
            match read_file(&file).await {
                Ok(bytes) => {
                    reading.set(file.name());
                    c.send(Command::LoadWeightsFile(Arc::new(bytes)));
                }
                Err(e) => refused(e),
            }
        });
    };
    view! {
        <section class="weights-bar" aria-label="Trained weights">
            <button data-testid="export-weights" on:click=move |_| c.send(Command::ExportWeights)
                title="The teacher's weights (and both students', once trained) in burn's record format, with a header naming these settings.">
                "Download trained weights"
            </button>
            <label class="field inline" title="One model as an ONNX file (opset 13): run it in onnxruntime or any tool that reads ONNX. The students need training first.">
                <span>"ONNX"</span>
                <select data-testid="onnx-model" on:change=move |ev| onnx_model.set(match event_target_value(&ev).as_str() {
                    "distilled" => ModelName::Distilled,
                    "scratch" => ModelName::Scratch,
                    _ => ModelName::Teacher,
                })>
                    <option value="teacher">"teacher"</option>
                    <option value="distilled">"distilled student"</option>
                    <option value="scratch">"scratch student"</option>
                </select>
            </label>
            <button data-testid="export-onnx" on:click=move |_| c.send(Command::ExportOnnx(onnx_model.get_untracked()))>"Download as ONNX"</button>
            <label class="field inline file" title="A .kdw file saved from this page; it must fit the current settings (dataset and architectures).">
                <span>"Load weights"</span>
                <input type="file" accept=".kdw,application/octet-stream" data-testid="import-weights" on:change=on_pick/>
            </label>
            <span class="weights-status" data-testid="weights-status" aria-live="polite">{move || status.get()}</span>
        </section>
    }
}
