//! Saving and loading trained weights: a download of the teacher (and the
//! students, once trained) in one file, and a file picker that loads such a
//! file — refused with the reason, changing nothing, when it is damaged or
//! does not fit the current settings.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::core::dataset::Dataset;
use crate::core::protocol::Command;
use crate::core::session::expected_models;
use crate::core::weights_file::{Decoded, MAX_FILE_BYTES, decode};
use crate::ui::download::{download_bytes, read_file};
use crate::ui::state::PageState;

use super::controls::ctx;

#[component]
pub fn WeightsControls(state: PageState, dataset: Signal<Arc<Dataset>>) -> impl IntoView {
    let c = ctx();
    let status = RwSignal::new(None::<String>);
    // The session answers an export with the file's bytes: offer them as a download.
    Effect::new(move |_| {
        if let Some(bytes) = state.weights_file.get() {
            let name = c
                .config
                .with_untracked(|cfg| format!("kd-weights-{}-{}.kdw", cfg.dataset.kind.name(), crate::core::experiments::format_architecture(cfg.teacher)));
            status.set(Some(match download_bytes(&name, "application/octet-stream", &bytes) {
                Ok(()) => format!("Saved {name} ({:.1} KB).", bytes.len() as f64 / 1024.0),
                Err(e) => format!("Could not save the weights: {e}"),
            }));
        }
    });
    let on_pick = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        input.set_value(""); // picking the same file again fires again
        status.set(Some(format!("Reading {}…", file.name())));
        spawn_local(async move {
            let refused = |why: String| status.set(Some(format!("Not loaded: {why}. Nothing was changed.")));
            if file.size() > MAX_FILE_BYTES as f64 {
                return refused(format!(
                    "the file is {:.1} MB, more than the {} MB a weights file of this page can be",
                    file.size() / 1e6,
                    MAX_FILE_BYTES >> 20
                ));
            }
            let bytes = match read_file(&file).await {
                Ok(b) => b,
                Err(e) => return refused(e),
            };
            let (config, d) = (c.config.get_untracked(), dataset.get_untracked());
            match decode(&bytes, &expected_models(&config, d.train.dim, d.classes)).await {
                Ok(Decoded { models, made_with }) => {
                    // Shapes fit; the data may still differ (a spiral teacher on blobs).
                    let other_data = Some(made_with).filter(|m| m.dataset != config.dataset).map(|m| {
                        format!(
                            " Note: they were trained on other data ({}, data seed {}); their scores here are on the current data.",
                            m.dataset.kind.name(),
                            m.dataset.seed
                        )
                    });
                    status.set(Some(format!(
                        "Read {}: {} model{}.{}",
                        file.name(),
                        models.len(),
                        if models.len() == 1 { "" } else { "s" },
                        other_data.unwrap_or_default()
                    )));
                    c.send(Command::ImportWeights(models));
                }
                Err(why) => refused(why),
            }
        });
    };
    view! {
        <section class="weights-bar" aria-label="Trained weights">
            <button data-testid="export-weights" on:click=move |_| c.send(Command::ExportWeights)
                title="The teacher's weights (and both students', once trained) in burn's record format, with a header naming these settings.">
                "Download trained weights"
            </button>
            <label class="field inline file" title="A .kdw file saved from this page; it must fit the current settings (dataset and architectures).">
                <span>"Load weights"</span>
                <input type="file" accept=".kdw,application/octet-stream" data-testid="import-weights" on:change=on_pick/>
            </label>
            <span class="weights-status" data-testid="weights-status" aria-live="polite">{move || status.get()}</span>
        </section>
    }
}
