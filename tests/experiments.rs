//! The experiment runner on small seeded settings (native, kept fast).

#![cfg(not(target_arch = "wasm32"))]

use burn::prelude::Device;
use futures::executor::block_on;
use kd_playground::core::config::PlaygroundConfig;
use kd_playground::core::experiments::{ExperimentKind, ExperimentResult, ExperimentRun, ExperimentSpec};
use kd_playground::core::trainer::Devices;

fn run(spec: &ExperimentSpec) -> ExperimentResult {
    let devices = Devices::new(Device::flex());
    let mut run = block_on(ExperimentRun::new(&PlaygroundConfig::default(), spec, &devices)).unwrap();
    let mut done = 0;
    while block_on(run.step()).unwrap() {
        done += 1;
        assert_eq!(run.progress(), (done, spec.points().len()));
    }
    run.result
}

#[test]
fn a_sweep_gives_one_finite_row_per_point_and_student() {
    let spec = ExperimentSpec { values: vec![1.0, 8.0], seeds: vec![0, 1], teacher_steps: 50, student_steps: 20, ..ExperimentSpec::default_for(ExperimentKind::TemperatureSweep) };
    let result = run(&spec);
    assert_eq!(result.rows.len(), 2 * 2 * 2, "values × seeds × (distilled, scratch)");
    assert!(result.rows.iter().all(|r| r.test_accuracy.is_finite() && (0.0..=1.0).contains(&r.agreement)));
    assert_eq!(result.means("distilled").len(), 2);
    // The CSV has a header and a line per row; the JSON reads back, config and all.
    let csv = result.to_csv();
    assert!(csv.starts_with("temperature,seed,student,test_accuracy,agreement\n"), "{csv}");
    assert_eq!(csv.lines().count(), 1 + result.rows.len());
    let json = serde_json::to_string(&result).unwrap();
    let back: ExperimentResult = serde_json::from_str(&json).unwrap();
    assert_eq!(back, result);
    assert_eq!(back.config, PlaygroundConfig::default().normalised());
}

#[test]
fn with_little_data_the_distilled_student_beats_the_scratch_student() {
    // Hinton et al. 2015 §3/§5: soft targets carry what a few labels cannot.
    let spec = ExperimentSpec { values: vec![0.1], seeds: vec![0, 1, 2], teacher_steps: 1500, student_steps: 1500, ..ExperimentSpec::default_for(ExperimentKind::SmallData) };
    let result = run(&spec);
    let (kd, scratch) = (result.means("distilled")[0].1, result.means("scratch")[0].1);
    println!("10 % of the data, 3 seeds: distilled {kd:.3}, scratch {scratch:.3}");
    assert!(kd > scratch, "distilled {kd} vs scratch {scratch}");
}
