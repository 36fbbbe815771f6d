//! `kd`: the playground's experiments from the command line, on the same
//! core, the same config type and the same presets as the page (burn's CPU
//! backend).
//!
//!     cargo run --release --bin kd -- <experiment> [options]
//!
//! Experiments: temperature-sweep, capacity-gap, omitted-class, small-data,
//! and on MNIST: mnist-hinton (Hinton et al.'s table), mnist-omitted-3,
//! mnist-temperature, mnist-capacity-gap. Each starts from the page's preset
//! for it; options override:
//!
//!     --config FILE       a PlaygroundConfig as JSON, or a page export
//!                         ({config, experiment}) to rerun it exactly
//!     --out DIR           where <experiment>.csv/.json go (default results)
//!     --seeds N           seeds 0..N
//!     --steps N           teacher and student steps
//!     --values LIST       swept values, e.g. "1,2,4,8"
//!     --teachers LIST     capacity-gap ladder, e.g. "1x4,2x32,4x256"
//!     --assistant AxW     capacity gap through a teacher assistant (TAKD)
//!     --early-stop N      capacity gap from teachers stopped at step N too
//!
//! And `kd export`: train a config's models as the page does and write one
//! as an ONNX file (src/core/export_run.rs):
//!
//!     kd export [--config FILE] [--data FILE.csv] --model teacher|student-kd|student-scratch
//!               --out model.onnx [--teacher-steps N] [--student-steps N] [--check]
//!
//! `--data` is the CSV file a config's table was made from (checked by its
//! fingerprint), or, with a config on other data, a table to train on
//! instead; `--check` runs the file in onnxruntime on the test rows against
//! the session's logits (the Python environment scripts/setup.sh makes).

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    if let Err(message) = cli::run(std::env::args().skip(1).collect()) {
        eprintln!("kd: {message}");
        std::process::exit(2);
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    mod export;
    use std::io::Write;
    use std::path::PathBuf;
    use std::sync::Arc;
    use std::sync::atomic::AtomicBool;
    use std::time::Duration;

    use burn::prelude::Device;
    use futures::executor::block_on;
    use kd_playground::core::config::PlaygroundConfig;
    use kd_playground::core::experiments::findings::findings;
    use kd_playground::core::experiments::presets::{mnist_preset, preset};
    use kd_playground::core::experiments::runner::{ExperimentEvent, RunOptions, run_experiment};
    use kd_playground::core::experiments::{ExperimentKind, ExperimentSpec, parse_architecture, parse_ladder, parse_values};
    use kd_playground::core::trainer::Devices;
    use kd_playground::words;

    const USAGE: &str = "usage: kd <temperature-sweep|capacity-gap|omitted-class|small-data|mnist-hinton|mnist-omitted-3|mnist-temperature|mnist-capacity-gap> [--config FILE] [--out DIR] [--seeds N] [--steps N] [--values LIST] [--teachers LIST] [--assistant DxW] [--early-stop N]";

    /// A page export carries both halves; a plain config file only the first.
    #[derive(serde::Deserialize)]
    struct Export {
        config: PlaygroundConfig,
        experiment: ExperimentSpec,
    }

    fn number<T: std::str::FromStr>(flag: &str, text: &str) -> Result<T, String> {
        text.parse().map_err(|_| format!("{flag}: {text:?} is not a whole number"))
    }

    pub fn run(args: Vec<String>) -> Result<(), String> {
        let mut args = args.into_iter();
        let name = args.next().ok_or(USAGE)?;
        if name == "export" {
            return export::run(args.collect());
        }
        let start = match ExperimentKind::from_name(&name) {
            Some(kind) => preset(kind),
            None => mnist_preset(&name, &PlaygroundConfig::default()).ok_or_else(|| format!("unknown experiment {name:?}\n{USAGE}"))?,
        };
        let kind = start.spec.kind;
        let (mut config, mut spec, mut out) = (start.config, start.spec, PathBuf::from("results"));
        while let Some(flag) = args.next() {
            let value = args.next().ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))?;
            match flag.as_str() {
                "--config" => {
                    let text = std::fs::read_to_string(&value).map_err(|e| format!("cannot read {value}: {e}"))?;
                    match serde_json::from_str::<Export>(&text) {
                        Ok(export) => (config, spec) = (export.config, export.experiment),
                        Err(_) => config = serde_json::from_str(&text).map_err(|e| format!("{value} is neither a playground config nor a page export: {e}"))?,
                    }
                }
                "--out" => out = PathBuf::from(value),
                "--seeds" => spec.seeds = (0..number::<u64>(&flag, &value)?).collect(),
                "--steps" => {
                    let steps = number(&flag, &value)?;
                    (spec.teacher_steps, spec.student_steps) = (steps, steps);
                }
                "--values" => spec.values = parse_values(&value)?,
                "--teachers" => spec.teachers = parse_ladder(&value)?,
                "--assistant" => spec.assistant = Some(parse_architecture(&value)?),
                "--early-stop" => spec.early_stop_steps = Some(number(&flag, &value)?),
                other => return Err(format!("unknown option {other}\n{USAGE}")),
            }
        }
        if spec.kind != kind {
            return Err(format!("the export holds a {} experiment, not {}", spec.kind.name(), kind.name()));
        }
        if config.dataset.kind.is_fetched() {
            kd_playground::core::mnist::load_shipped()?;
        }
        let devices = Devices::new(Device::flex());
        let mut print = |event: ExperimentEvent| {
            if let ExperimentEvent::Progress(p) = event {
                let bar: String = (0..30).map(|i| if i * p.total_steps < 30 * p.steps_done { '#' } else { '.' }).collect();
                let eta = p.eta_secs.map(|s| format!("{s:.0} s")).unwrap_or_else(|| "…".into());
                eprint!(
                    "\r\x1b[K[{bar}] {}/{} points · {:.0} s · ETA {eta} · {}",
                    p.points_done,
                    p.points_total,
                    p.elapsed_secs,
                    words::experiments::phase(&p.phase)
                );
                let _ = std::io::stderr().flush();
            }
        };
        let end = block_on(run_experiment(
            &config,
            &spec,
            &devices,
            Arc::new(AtomicBool::new(false)),
            &mut print,
            || async {},
            Duration::from_millis(200),
            &RunOptions::default(),
        ));
        eprintln!();
        let result = match end {
            ExperimentEvent::Finished(result) => result,
            ExperimentEvent::Failed(why, _) => return Err(words::experiments::failure(&why)),
            other => return Err(format!("the experiment ended early: {other:?}")),
        };
        std::fs::create_dir_all(&out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
        let base = out.join(&name);
        std::fs::write(base.with_extension("csv"), result.to_csv()).map_err(|e| e.to_string())?;
        std::fs::write(base.with_extension("json"), serde_json::to_string_pretty(&result).map_err(|e| e.to_string())?).map_err(|e| e.to_string())?;
        println!("{}", result.markdown_table());
        for line in findings(&result) {
            println!("- {line}");
        }
        println!("\nwrote {0}.csv and {0}.json", base.display());
        Ok(())
    }
}
