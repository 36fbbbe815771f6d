//! A user's table through every panel's work, natively: the session trains
//! the teacher, the students with every kind of knowledge, a strategy,
//! measures costs, runs the compression ladder and writes ONNX files, and
//! panel 6's experiments sweep on it — with no failure, on the 13 features
//! and 3 cultivars of the Wine example (as a file of the user's would be).

#![cfg(not(target_arch = "wasm32"))]

use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use burn::prelude::Device;
use futures::executor::block_on;
use kd_playground::core::compress::ladder::CompressPlan;
use kd_playground::core::config::PlaygroundConfig;
use kd_playground::core::dataset::DatasetSpec;
use kd_playground::core::experiments::runner::{ExperimentEvent, RunOptions, run_experiment};
use kd_playground::core::experiments::{ExperimentKind, ExperimentSpec};
use kd_playground::core::names::ModelName;
use kd_playground::core::protocol::{Command, Event, Role};
use kd_playground::core::session::run_commands;
use kd_playground::core::table::installed;
use kd_playground::core::trainer::Devices;

fn wine() -> PlaygroundConfig {
    let mine = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/wine.csv")).unwrap();
    let (r, _) = installed::install("my wines.csv", Arc::new(mine), None).expect("the file reads");
    PlaygroundConfig { dataset: DatasetSpec::table(r), ..PlaygroundConfig::default() }
}

#[test]
fn every_panels_commands_run_on_a_table() {
    let base = wine();
    // Response-, feature- and relation-based knowledge at once.
    let mut config = base.clone();
    config.knowledge.hint = 1.0;
    config.knowledge.rkd_distance = 1.0;
    config.knowledge.similarity_preserving = 1.0;
    let mut commands: Vec<Command> = (0..40).map(|_| Command::Step(Role::Teacher)).collect();
    commands.extend((0..20).map(|_| Command::Step(Role::Students)));
    commands.extend((0..5).map(|_| Command::Step(Role::Strategy)));
    commands.extend([Command::MeasureCosts, Command::CompressionLadder(CompressPlan { fine_tune_steps: 10, ..CompressPlan::default() })]);
    commands.extend([Command::ExportOnnx(ModelName::Scratch), Command::ExportLadderOnnx(3)]);
    let events = run_commands(&config, commands);
    let errors: Vec<&Event> = events.iter().filter(|e| matches!(e, Event::Error(_) | Event::Crashed(_))).collect();
    assert!(errors.is_empty(), "{errors:?}");
    let has = |what: &str, f: &dyn Fn(&Event) -> bool| assert!(events.iter().any(f), "no {what}");
    has("teacher outputs on 53 test rows", &|e| matches!(e, Event::TeacherOutputs(o) if o.test.len() == 53 * 3 && o.grid.is_empty()));
    has("students", &|e| matches!(e, Event::StudentsProgress { step: 20, .. }));
    has("feature and relation views", &|e| matches!(e, Event::Features(_)));
    has("a strategy run", &|e| matches!(e, Event::StrategyProgress { .. }));
    has("costs", &|e| matches!(e, Event::Costs(c) if c.len() >= 3));
    has("a ladder", &|e| matches!(e, Event::Ladder(p) if p.len() == 7));
    let files = events.iter().filter(|e| matches!(e, Event::OnnxFile { .. })).count();
    assert_eq!(files, 2, "the scratch student's file and the ladder step's");
}

#[test]
fn panel_6s_experiments_sweep_on_a_table() {
    let config = wine();
    let devices = Devices::new(Device::flex());
    for kind in [ExperimentKind::TemperatureSweep, ExperimentKind::SmallData, ExperimentKind::CapacityGap] {
        let spec = ExperimentSpec { seeds: vec![0], teacher_steps: 30, student_steps: 15, ..ExperimentSpec::default_for(kind) };
        let end = block_on(run_experiment(
            &config,
            &spec,
            &devices,
            Arc::new(AtomicBool::new(false)),
            &mut |_| {},
            || async {},
            Duration::from_millis(50),
            &RunOptions::default(),
        ));
        match end {
            ExperimentEvent::Finished(r) => {
                assert!(!r.rows.is_empty() && r.rows.iter().all(|row| row.test_accuracy.is_finite()), "{kind:?}");
                assert_eq!(r.config.dataset, config.dataset, "{kind:?} ran on the table");
            }
            other => panic!("{kind:?}: {other:?}"),
        }
    }
}

#[test]
fn a_table_of_two_features_gets_the_decision_boundary_over_its_z_scores() {
    // Iris's petal length and width with the species.
    let iris = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/iris.csv")).unwrap();
    let petals: String = iris.lines().map(|l| l.split(',').skip(2).collect::<Vec<_>>().join(",") + "\n").collect();
    let (r, _) = installed::install("petals.csv", Arc::new(petals.into_bytes()), None).expect("reads");
    let config = PlaygroundConfig { dataset: DatasetSpec::table(r), ..PlaygroundConfig::default() };
    assert!(config.dataset.is_2d());
    let d = kd_playground::core::dataset::Dataset::generate(&config.dataset);
    assert_eq!(d.view_extent(), kd_playground::core::dataset::TABLE_VIEW_EXTENT);
    // Every standardised point lies in the square the view draws.
    assert!(d.train.x.iter().chain(&d.test.x).all(|v| v.abs() < d.view_extent()), "a point outside ±{}", d.view_extent());
    let events = run_commands(&config, (0..5).map(|_| Command::Step(Role::Teacher)).collect());
    let grid = kd_playground::core::trainer::GRID;
    assert!(events.iter().any(|e| matches!(e, Event::TeacherOutputs(o) if o.grid.len() == grid * grid * 3)), "the boundary grid is evaluated");
}
