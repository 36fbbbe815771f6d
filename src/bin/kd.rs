//! `kd`: the playground's experiments from the command line, on the same
//! core, the same config type and the same presets as the page (burn's CPU
//! backend). `kd --help` lists the subcommands, `kd <subcommand> --help`
//! their options (clap); GUIDE.md, "Experiments on the command line".
//!
//!     cargo run --release --bin kd -- temperature-sweep --seeds 3
//!     cargo run --release --bin kd -- run --config page-export.json
//!     cargo run --release --bin kd -- export --data my.csv --model student-kd --out s.onnx
//!
//! A bad option or value exits 2 with clap's message (or the plan's, worded
//! as the page words it); a run that fails exits 1.

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    mod config_file;
    mod export;
    mod progress;
    mod sweep;

    use std::process::ExitCode;

    use clap::{CommandFactory, Parser, Subcommand};

    /// Knowledge-distillation experiments from the command line: the page's
    /// sweeps (each starting from the page's preset), rerunning what the page
    /// ran, and a trained student out as ONNX.
    #[derive(Parser, Debug)]
    #[command(name = "kd", version, propagate_version = true)]
    struct Cli {
        #[command(subcommand)]
        command: Command,
    }

    #[derive(Subcommand, Debug)]
    enum Command {
        /// Students distilled at each temperature T (Hinton et al. 2015).
        TemperatureSweep(sweep::SweepArgs),
        /// One student from teachers of growing size (Mirzadeh et al. 2020).
        CapacityGap(sweep::SweepArgs),
        /// A digit left out of the students' data, learnt from soft targets alone.
        OmittedClass(sweep::SweepArgs),
        /// Distilled against scratch students as the training share shrinks.
        SmallData(sweep::SweepArgs),
        /// Hinton et al.'s MNIST table: 784-1200-1200-10 teacher, 784-800-800-10 students.
        MnistHinton(sweep::SweepArgs),
        /// The omitted 3 on MNIST, with the bias correction.
        #[command(name = "mnist-omitted-3")]
        MnistOmitted3(sweep::SweepArgs),
        /// The temperature sweep on MNIST with CNNs.
        MnistTemperature(sweep::SweepArgs),
        /// The capacity gap with CNN teachers on MNIST.
        MnistCapacityGap(sweep::SweepArgs),
        /// Rerun exactly what the page ran: its export ({config, experiment}).
        Run(sweep::RunArgs),
        /// Train a config's models as the page does and write one as ONNX.
        Export(export::ExportArgs),
    }

    pub fn main() -> ExitCode {
        let cli = Cli::parse();
        let sweep = |name: &'static str, args| (name, sweep::run(name, args));
        let (name, outcome) = match cli.command {
            Command::TemperatureSweep(a) => sweep("temperature-sweep", a),
            Command::CapacityGap(a) => sweep("capacity-gap", a),
            Command::OmittedClass(a) => sweep("omitted-class", a),
            Command::SmallData(a) => sweep("small-data", a),
            Command::MnistHinton(a) => sweep("mnist-hinton", a),
            Command::MnistOmitted3(a) => sweep("mnist-omitted-3", a),
            Command::MnistTemperature(a) => sweep("mnist-temperature", a),
            Command::MnistCapacityGap(a) => sweep("mnist-capacity-gap", a),
            Command::Run(a) => ("run", sweep::rerun(a)),
            Command::Export(a) => ("export", export::run(a)),
        };
        match outcome {
            Ok(()) => ExitCode::SUCCESS,
            // A value clap let through but the plan refuses: clap's form, exit 2.
            Err(Failure::Usage(why)) => {
                let sub = Cli::command().find_subcommand(name).cloned().map(|c| c.bin_name(format!("kd {name}")));
                sub.unwrap_or_else(Cli::command).error(clap::error::ErrorKind::ValueValidation, why).exit()
            }
            Err(Failure::Run(why)) => {
                eprintln!("kd: {why}");
                ExitCode::FAILURE
            }
        }
    }

    /// Why `kd` stopped: a usage error (exit 2) or a run that failed (exit 1).
    #[derive(Debug)]
    pub enum Failure {
        Usage(String),
        Run(String),
    }
}
