//! The sweeps: a preset of the page's, the options laid over it, the run
//! with its progress, and the results written (CSV and JSON) and said.

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
use kd_playground::core::experiments::{ExperimentKind, ExperimentSpec, parse_architecture, parse_ladder};
use kd_playground::core::trainer::Devices;
use kd_playground::words;

use super::Failure;
use super::config_file::read;
use super::progress::Report;

/// What every sweep takes: where its settings come from, what to override,
/// and how it reports.
#[derive(clap::Args, Debug)]
pub struct SweepArgs {
    /// A playground config as JSON (the page's stored settings), or a page
    /// export ({config, experiment}) whose plan replaces the preset's.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Seeds 0..N, one run of every point per seed.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=1000))]
    seeds: Option<u64>,
    /// Training steps of every teacher and student.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    steps: Option<u64>,
    /// The swept values, e.g. "1,2,4,8" (temperatures, shares, classes).
    #[arg(long, value_name = "LIST", value_parser = values)]
    values: Option<Values>,
    /// The capacity-gap ladder of teachers, depth×width each, e.g. "1x4,2x32,4x256".
    #[arg(long, value_name = "LIST")]
    teachers: Option<String>,
    /// Capacity gap through a teacher assistant of this size (TAKD), e.g. "2x32".
    #[arg(long, value_name = "DxW")]
    assistant: Option<String>,
    /// Capacity gap from teachers stopped early at step N as well.
    #[arg(long, value_name = "N")]
    early_stop: Option<usize>,
    #[command(flatten)]
    output: OutputArgs,
}

/// `kd run`: the page's export, as it was.
#[derive(clap::Args, Debug)]
pub struct RunArgs {
    /// The page's export of a run ({config, experiment}, from panel 6's
    /// "Export settings").
    #[arg(long, value_name = "FILE")]
    config: PathBuf,
    #[command(flatten)]
    output: OutputArgs,
}

/// Where results go and what is said on the way.
#[derive(clap::Args, Debug)]
pub struct OutputArgs {
    /// Where <experiment>.csv and <experiment>.json are written.
    #[arg(long, value_name = "DIR", default_value = "results")]
    out: PathBuf,
    /// No progress bar and no table: errors only (the results are in the files).
    #[arg(long, conflicts_with = "json")]
    quiet: bool,
    /// One JSON object per finished row on stdout, for scripts; nothing else there.
    #[arg(long)]
    json: bool,
}

/// A list of swept values (clap would read a `Vec` as a repeated option).
#[derive(Debug, Clone)]
pub struct Values(Vec<f32>);

fn values(text: &str) -> Result<Values, String> {
    kd_playground::core::experiments::parse_values(text).map(Values)
}

/// Runs the sweep `name` (a subcommand's) with `args` laid over its preset.
pub fn run(name: &str, args: SweepArgs) -> Result<(), Failure> {
    let start = match ExperimentKind::from_name(name) {
        Some(kind) => preset(kind),
        None => mnist_preset(name, &PlaygroundConfig::default()).expect("every subcommand names a preset"),
    };
    let kind = start.spec.kind;
    let (mut config, mut spec) = (start.config, start.spec);
    if let Some(path) = &args.config {
        let (c, plan) = read(path)?;
        config = c;
        if let Some(plan) = plan {
            if plan.kind != kind {
                return Err(Failure::Usage(format!("{} holds a {} experiment, not {}", path.display(), plan.kind.name(), kind.name())));
            }
            spec = plan;
        }
    }
    if let Some(n) = args.seeds {
        spec.seeds = (0..n).collect();
    }
    if let Some(steps) = args.steps {
        (spec.teacher_steps, spec.student_steps) = (steps as usize, steps as usize);
    }
    if let Some(Values(v)) = args.values {
        spec.values = v;
    }
    if let Some(t) = &args.teachers {
        spec.teachers = parse_ladder(t).map_err(|e| Failure::Usage(format!("--teachers: {e}")))?;
    }
    if let Some(a) = &args.assistant {
        spec.assistant = Some(parse_architecture(a).map_err(|e| Failure::Usage(format!("--assistant: {e}")))?);
    }
    if let Some(n) = args.early_stop {
        spec.early_stop_steps = Some(n);
    }
    go(name, &config, &spec, &args.output)
}

/// `kd run --config export.json`: the page's run as it was.
pub fn rerun(args: RunArgs) -> Result<(), Failure> {
    let (config, plan) = read(&args.config)?;
    let spec = plan.ok_or_else(|| {
        Failure::Usage(format!(
            "{} is a config, not a page export with a plan; name the experiment instead (kd <experiment> --config FILE)",
            args.config.display()
        ))
    })?;
    go(spec.kind.name(), &config, &spec, &args.output)
}

/// Checks the plan as the page does, runs it with its progress, writes
/// `<out>/<name>.csv` and `.json`, and says the table and the findings.
fn go(name: &str, config: &PlaygroundConfig, spec: &ExperimentSpec, out: &OutputArgs) -> Result<(), Failure> {
    spec.validate(config).map_err(|e| Failure::Usage(words::experiments::plan_error(&e)))?;
    if config.dataset.kind.is_fetched() {
        kd_playground::core::mnist::load_shipped().map_err(Failure::Run)?;
    }
    let devices = Devices::new(Device::flex());
    let mut report = Report::new(name, out.quiet, out.json);
    let end = block_on(run_experiment(
        config,
        spec,
        &devices,
        Arc::new(AtomicBool::new(false)),
        &mut |event| report.event(&event),
        || async {},
        Duration::from_millis(200),
        &RunOptions::default(),
    ));
    report.finish();
    let result = match end {
        ExperimentEvent::Finished(result) => result,
        ExperimentEvent::Failed(why, _) => return Err(Failure::Run(words::experiments::failure(&why))),
        other => return Err(Failure::Run(format!("the experiment ended early: {other:?}"))),
    };
    let write = |path: PathBuf, text: String| std::fs::write(&path, text).map_err(|e| Failure::Run(format!("cannot write {}: {e}", path.display())));
    std::fs::create_dir_all(&out.out).map_err(|e| Failure::Run(format!("cannot create {}: {e}", out.out.display())))?;
    let base = out.out.join(name);
    write(base.with_extension("csv"), result.to_csv())?;
    write(base.with_extension("json"), serde_json::to_string_pretty(&result).map_err(|e| Failure::Run(e.to_string()))?)?;
    if !out.quiet && !out.json {
        println!("{}", result.markdown_table());
        for line in findings(&result) {
            println!("- {line}");
        }
        println!("\nwrote {0}.csv and {0}.json", base.display());
    }
    Ok(())
}
