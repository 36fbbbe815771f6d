//! What a sweep says while it runs: a progress bar (indicatif) on a
//! terminal — steps, points, the phase and the ETA — and nothing where the
//! output is not one; with `--json`, one JSON object per finished row on
//! stdout; with `--quiet`, nothing.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use kd_playground::core::experiments::runner::ExperimentEvent;
use kd_playground::words;

pub struct Report {
    experiment: String,
    bar: Option<ProgressBar>,
    json: bool,
}

impl Report {
    pub fn new(experiment: &str, quiet: bool, json: bool) -> Self {
        let bar = (!quiet && !json && std::io::stderr().is_terminal()).then(|| {
            let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
            let style =
                ProgressStyle::with_template("[{bar:30}] {percent:>3} % · {elapsed} · ETA {eta} · {msg}").expect("the template is valid").progress_chars("#>.");
            bar.set_style(style);
            bar
        });
        Self { experiment: experiment.to_string(), bar, json }
    }

    pub fn event(&mut self, event: &ExperimentEvent) {
        match event {
            ExperimentEvent::Progress(p) => {
                if let Some(bar) = &self.bar {
                    bar.set_length(p.total_steps as u64);
                    bar.set_position(p.steps_done as u64);
                    bar.set_message(format!("{}/{} points · {}", p.points_done, p.points_total, words::experiments::phase(&p.phase)));
                }
            }
            ExperimentEvent::Row(row) if self.json => {
                let mut value = serde_json::to_value(row).expect("a row serialises");
                if let Some(map) = value.as_object_mut() {
                    map.insert("experiment".into(), self.experiment.clone().into());
                }
                println!("{value}");
            }
            _ => {}
        }
    }

    pub fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}
