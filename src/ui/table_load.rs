//! A table in the page: a CSV file chosen or dropped, read here (never
//! uploaded), kept for this tab and sent to the training session's
//! instance; or one of the two shipped examples. A refused file says why
//! (its line and column) and changes nothing: the dataset and the trained
//! models stay.
//!
//! The link and the stored settings hold only the file's fingerprint
//! ([`TableRef`]). Opening such a link, the page asks for the same file
//! and meanwhile shows the 8×8 digits, as it does while MNIST loads; a
//! different file is refused with both fingerprints in words.

use std::sync::Arc;

use leptos::prelude::*;

use crate::core::config::PlaygroundConfig;
use crate::core::dataset::{Dataset, DatasetKind, DatasetSpec};
use crate::core::protocol::Command;
use crate::core::table::{MAX_BYTES, Table, TableRef, installed};
use crate::words::table::problem;

use super::mnist_load::stand_in;

/// The page's tables: a count that moves when a file is installed (so
/// what depends on which tables are here recomputes), and the last word
/// about a file, good or bad.
#[derive(Clone, Copy)]
pub struct Tables {
    pub installed: RwSignal<u32>,
    pub message: RwSignal<Option<Result<String, String>>>,
}

impl Tables {
    pub fn new() -> Self {
        Self { installed: RwSignal::new(0), message: RwSignal::new(None) }
    }
}

impl Default for Tables {
    fn default() -> Self {
        Self::new()
    }
}

/// The table the settings name but this tab does not have (a link or a
/// reload): the page asks for it.
pub fn awaited(config: &PlaygroundConfig) -> Option<TableRef> {
    let spec = &config.dataset;
    (spec.kind == DatasetKind::Table).then(|| spec.table.clone()).flatten().filter(|r| !installed::has(r))
}

/// The config the session and the views use: `config`, or, while its table
/// is not here, the same settings on the stand-in (the 8×8 digits).
pub fn usable(config: PlaygroundConfig) -> PlaygroundConfig {
    if config.dataset.kind == DatasetKind::Table && Dataset::ready(&config.dataset).is_err() {
        PlaygroundConfig { dataset: stand_in(), ..config }
    } else {
        config
    }
}

/// The dataset of table `r`, keeping the split settings of `now`.
fn spec_of(r: TableRef, now: &DatasetSpec) -> DatasetSpec {
    DatasetSpec { seed: now.seed, test_fraction: now.test_fraction, ..DatasetSpec::table(r) }
}

/// What the panel says about a table read.
pub fn summary(r: &TableRef, t: &Table) -> String {
    let classes = t.class_names.iter().take(12).cloned().collect::<Vec<_>>().join(", ");
    let more = if t.classes() > 12 { ", …" } else { "" };
    format!("“{}”: {} rows, {} features, {} classes ({classes}{more}) in column {} ({}).", r.name, r.rows, t.features(), t.classes(), r.label + 1, t.label_name)
}

/// Takes the bytes of a file the user chose: reads it; where it reads (and
/// is the file awaited, if one is), keeps it, sends it to the session and
/// makes it the dataset. Otherwise says why, and nothing changes.
pub fn take_file(name: &str, bytes: Vec<u8>, config: RwSignal<PlaygroundConfig>, tables: Tables, send: impl Fn(Command)) {
    let now = config.get_untracked();
    let awaited = awaited(&now);
    let bytes = Arc::new(bytes);
    // The awaited file keeps the label column the settings chose.
    let label = awaited.as_ref().map(|r| r.label);
    let outcome = match installed::install(name, bytes.clone(), label) {
        Err(p) => Err(format!("“{name}” was not loaded: {} Nothing was changed.", problem(&p))),
        Ok((r, _)) => match &awaited {
            Some(w) if w.hash != r.hash => Err(format!(
                "“{name}” is not the file these settings were made with: it is {}, they name {}. Choose that file, or choose another dataset first to use this one.",
                r.describe(),
                w.describe()
            )),
            _ => Ok(r),
        },
    };
    match outcome {
        Err(why) => tables.message.set(Some(Err(why))),
        Ok(r) => {
            send(Command::ProvideTable(bytes));
            tables.installed.update(|n| *n += 1);
            let t = installed::table(&r).expect("just installed");
            tables.message.set(Some(Ok(format!("Loaded “{}”: {} rows, {} classes.", r.name, r.rows, t.classes()))));
            config.update(|c| c.dataset = spec_of(r, &c.dataset));
        }
    }
}

/// Chooses the shipped example `file`.
pub fn take_example(file: &str, config: RwSignal<PlaygroundConfig>, tables: Tables) {
    if let Some((r, _)) = installed::example(file) {
        tables.message.set(None);
        config.update(|c| c.dataset = spec_of(r, &c.dataset));
    }
}

/// Reads the current table with column `label` as the labels; a column
/// that does not make classes is refused and nothing changes.
pub fn take_label_column(label: usize, config: RwSignal<PlaygroundConfig>, tables: Tables) {
    let Some(r) = config.with_untracked(|c| c.dataset.table.clone()) else { return };
    let Some(bytes) = installed::bytes(&r) else { return };
    match installed::install(&r.name, bytes, Some(label)) {
        Ok((now, t)) => {
            tables.message.set(Some(Ok(format!("Labels from column {}: {}", label + 1, summary(&now, &t)))));
            config.update(|c| c.dataset = spec_of(now, &c.dataset));
        }
        Err(p) => tables.message.set(Some(Err(format!(
            "Column {} cannot be the label: {} The labels stay in column {}; nothing was changed.",
            label + 1,
            problem(&p),
            r.label + 1
        )))),
    }
}

/// The page's limits, said once.
pub fn limits() -> String {
    use crate::core::table::{MAX_CLASSES, MAX_FEATURES, MAX_ROWS, MIN_CLASSES, MIN_ROWS};
    format!(
        "Read in this page, never uploaded: up to {} MB, {MIN_ROWS}–{} rows, {MAX_FEATURES} numeric features and one label column ({MIN_CLASSES}–{MAX_CLASSES} classes), comma, semicolon or tab separated.",
        MAX_BYTES / 1_000_000,
        crate::plot::scale::thousands(MAX_ROWS)
    )
}
