//! `kd`: the playground's experiments from the command line, on the same
//! core and the same config type as the page (burn's CPU backend).
//!
//!     cargo run --release --bin kd -- <experiment> [--config FILE] [--out DIR] [--seeds N] [--steps N]
//!
//! Experiments: temperature-sweep, small-data. `--config` reads a
//! PlaygroundConfig as JSON (missing fields take their defaults); results
//! go to DIR/<experiment>.csv and .json (default DIR: results).

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
    use std::io::Write;
    use std::path::PathBuf;

    use burn::prelude::Device;
    use futures::executor::block_on;
    use kd_playground::core::config::PlaygroundConfig;
    use kd_playground::core::experiments::{ExperimentKind, ExperimentRun, ExperimentSpec};
    use kd_playground::core::trainer::Devices;
    use web_time::Instant;

    const USAGE: &str = "usage: kd <temperature-sweep|small-data> [--config FILE] [--out DIR] [--seeds N] [--steps N]";

    pub fn run(args: Vec<String>) -> Result<(), String> {
        let mut args = args.into_iter();
        let name = args.next().ok_or(USAGE)?;
        let kind = ExperimentKind::from_name(&name).ok_or_else(|| format!("unknown experiment {name:?}\n{USAGE}"))?;
        let (mut config, mut out, mut spec) = (PlaygroundConfig::default(), PathBuf::from("results"), ExperimentSpec::default_for(kind));
        while let Some(flag) = args.next() {
            let mut value = || args.next().ok_or_else(|| format!("{flag} needs a value\n{USAGE}"));
            match flag.as_str() {
                "--config" => {
                    let path = value()?;
                    let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {path}: {e}"))?;
                    config = serde_json::from_str(&text).map_err(|e| format!("{path} is not a playground config: {e}"))?;
                }
                "--out" => out = PathBuf::from(value()?),
                "--seeds" => spec.seeds = (0..value()?.parse::<u64>().map_err(|e| format!("--seeds: {e}"))?).collect(),
                "--steps" => {
                    let steps = value()?.parse::<usize>().map_err(|e| format!("--steps: {e}"))?;
                    (spec.teacher_steps, spec.student_steps) = (steps, steps);
                }
                other => return Err(format!("unknown option {other}\n{USAGE}")),
            }
        }
        let devices = Devices::new(Device::flex());
        let start = Instant::now();
        eprintln!("{}: training the teacher ({} steps)…", kind.name(), spec.teacher_steps);
        let mut run = block_on(ExperimentRun::new(&config, &spec, &devices))?;
        while block_on(run.step())? {
            let (done, all) = run.progress();
            let elapsed = start.elapsed().as_secs_f32();
            let eta = elapsed / done as f32 * (all - done) as f32;
            let bar: String = (0..30).map(|i| if i * all < 30 * done { '#' } else { '.' }).collect();
            eprint!("\r[{bar}] {done}/{all} points · {elapsed:.0} s · ETA {eta:.0} s ");
            let _ = std::io::stderr().flush();
        }
        eprintln!();
        std::fs::create_dir_all(&out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
        let result = &run.result;
        let base = out.join(kind.name());
        std::fs::write(base.with_extension("csv"), result.to_csv()).map_err(|e| e.to_string())?;
        std::fs::write(base.with_extension("json"), serde_json::to_string_pretty(result).map_err(|e| e.to_string())?).map_err(|e| e.to_string())?;
        println!("teacher test accuracy {:.3}", result.teacher_test_accuracy);
        println!("| {} | distilled | scratch |\n|---|---|---|", kind.x_name());
        for ((x, kd), (_, scratch)) in result.means("distilled").into_iter().zip(result.means("scratch")) {
            println!("| {x} | {kd:.3} | {scratch:.3} |");
        }
        println!("wrote {0}.csv and {0}.json", base.display());
        Ok(())
    }
}
