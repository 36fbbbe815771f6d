//! The experiment runner on small seeded settings (native, kept fast), and
//! the direction of each effect the literature reports, over a few seeds.

#![cfg(not(target_arch = "wasm32"))]

use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use burn::prelude::Device;
use futures::executor::block_on;
use kd_playground::core::config::PlaygroundConfig;
use kd_playground::core::experiments::findings::findings;
use kd_playground::core::experiments::presets::preset;
use kd_playground::core::experiments::result::{ExperimentResult, Metric, model, parse_csv};
use kd_playground::core::experiments::runner::{ExperimentEvent, ExperimentFailure, RunOptions, run_experiment};
use kd_playground::core::experiments::stack_device::GpuOffer;
use kd_playground::core::experiments::{ExperimentKind, ExperimentSpec, PlanError};
use kd_playground::core::trainer::Devices;

/// Runs to the end, checking the events on the way: progress only grows,
/// and every row is announced before the end.
fn run(config: &PlaygroundConfig, spec: &ExperimentSpec) -> ExperimentResult {
    let devices = Devices::new(Device::flex());
    let (mut rows, mut last_steps) = (vec![], 0);
    let mut seen = |e: ExperimentEvent| match e {
        ExperimentEvent::Row(r) => rows.push(r),
        ExperimentEvent::Progress(p) => {
            assert!(p.steps_done >= last_steps && p.steps_done <= p.total_steps, "{p:?}");
            last_steps = p.steps_done;
        }
        _ => {}
    };
    let end = block_on(run_experiment(
        config,
        spec,
        &devices,
        Arc::new(AtomicBool::new(false)),
        &mut seen,
        || async {},
        Duration::from_millis(50),
        &RunOptions::default(),
    ));
    let ExperimentEvent::Finished(result) = end else { panic!("{end:?}") };
    assert_eq!(last_steps, spec.total_steps(), "the plan's step count is what ran");
    assert_eq!(rows, result.rows);
    result
}

fn quick(kind: ExperimentKind) -> ExperimentSpec {
    ExperimentSpec { seeds: vec![0, 1], teacher_steps: 40, student_steps: 20, ..ExperimentSpec::default_for(kind) }
}

/// The stacked temperature sweep (every student in one computation) gives
/// the rows the point-by-point sweep gives: same students, same batches, same
/// start, only summed in another order.
/// Runs `spec` to its end with nobody listening: its last event. `cancelled`
/// sets the stop flag before it starts.
fn run_quietly(
    config: &PlaygroundConfig,
    spec: &ExperimentSpec,
    devices: &Devices,
    cancelled: bool,
    budget: Duration,
    options: &RunOptions,
) -> ExperimentEvent {
    block_on(run_experiment(config, spec, devices, Arc::new(AtomicBool::new(cancelled)), &mut |_| {}, || async {}, budget, options))
}

#[test]
fn a_stacked_temperature_sweep_gives_the_point_by_point_rows() {
    let spec = ExperimentSpec {
        values: vec![1.0, 4.0, 16.0],
        seeds: vec![0, 5],
        teacher_steps: 60,
        student_steps: 80,
        ..ExperimentSpec::default_for(ExperimentKind::TemperatureSweep)
    };
    let sweep = |stacking| {
        let devices = Devices::new(Device::flex());
        let end = run_quietly(&PlaygroundConfig::default(), &spec, &devices, false, Duration::from_millis(50), &RunOptions { stacking, gpu: None });
        let ExperimentEvent::Finished(result) = end else { panic!("{end:?}") };
        result
    };
    let (stacked, alone) = (sweep(true), sweep(false));
    assert_eq!(stacked.rows.len(), alone.rows.len());
    let one_sample = 1.0 / stacked.test_count as f32;
    for (s, a) in stacked.rows.iter().zip(&alone.rows) {
        assert_eq!((s.x, s.seed, &s.model), (a.x, a.seed, &a.model));
        assert!((s.test_accuracy - a.test_accuracy).abs() <= one_sample && (s.agreement - a.agreement).abs() <= one_sample, "{s:?}\n{a:?}");
    }
    assert_eq!(alone.trained_on, None, "point by point, nothing is placed");
    assert!(stacked.trained_on.as_ref().is_some_and(|p| !p.on_gpu && p.gpu_name.is_none() && p.gpu.is_none()), "{:?}", stacked.trained_on);
    // Not a vacuous match: the distilled students differ across T.
    let distilled: Vec<f32> = stacked.rows.iter().filter(|r| r.model == model::DISTILLED && r.seed == 0).map(|r| r.agreement).collect();
    assert!(distilled.windows(2).any(|w| w[0] != w[1]), "{distilled:?}");
}

/// A stacked sweep offered a second device times it only when the sweep is
/// long enough to repay a GPU's shader compilation, and then trains where
/// the step measured faster, with the same rows. (Natively the "GPU" here is
/// a second CPU device; the page offers WebGPU, tests/experiments_page.rs.)
#[test]
fn a_stacked_sweep_times_an_offered_gpu_only_when_worth_it_and_says_where_it_trained() {
    let spec = ExperimentSpec {
        values: vec![1.0, 4.0],
        seeds: vec![0],
        teacher_steps: 30,
        student_steps: 40,
        ..ExperimentSpec::default_for(ExperimentKind::TemperatureSweep)
    };
    let sweep = |worth_probing, always| {
        let devices = Devices::new(Device::flex());
        let gpu = GpuOffer { devices: Devices::new(Device::flex()), name: "the other device", worth_probing, always };
        let end = run_quietly(&PlaygroundConfig::default(), &spec, &devices, false, Duration::from_millis(50), &RunOptions { stacking: true, gpu: Some(gpu) });
        let ExperimentEvent::Finished(result) = end else { panic!("{end:?}") };
        result
    };
    let (short, timed, moved) = (sweep(Duration::from_secs(3600), false), sweep(Duration::ZERO, false), sweep(Duration::from_secs(3600), true));
    let placed = |r: &ExperimentResult| r.trained_on.clone().expect("a stacked sweep says where it trained");
    let offered = |r: &ExperimentResult| placed(r).gpu_name.as_deref() == Some("the other device") && placed(r).gpu_failed.is_none();
    // Too short to repay timing the other device: not timed, on the CPU.
    let p = placed(&short);
    assert!(offered(&short) && p.gpu.is_none() && !p.on_gpu && p.worth_probing_secs == 3600.0, "{p:?}");
    // Timed, and trained where it measured faster.
    let p = placed(&timed);
    assert!(offered(&timed) && p.gpu.is_some_and(|(_, gpu)| p.on_gpu == (gpu < p.cpu_ms_per_step())), "{p:?}");
    // Moved to the other device whatever the timing: the teacher and data go
    // with the stack, and the students come back for evaluation.
    let p = placed(&moved);
    assert!(offered(&moved) && p.on_gpu, "{p:?}");
    for other in [&timed, &moved] {
        assert_eq!(other.rows.len(), short.rows.len());
        for (a, b) in short.rows.iter().zip(&other.rows) {
            assert!((a.test_accuracy - b.test_accuracy).abs() <= 1.0 / short.test_count as f32, "{a:?}\n{b:?}");
        }
    }
}

/// A stack is held to the per-network loss limit, not to the sum over its
/// networks: 50 confident high-T students finish (their summed loss passed
/// the limit before). `runner::tests` checks that a NaN or an exploded
/// network still stops it.
#[test]
fn a_large_stacked_sweep_is_not_stopped_by_its_summed_loss() {
    let devices = Devices::new(Device::flex());
    let spec = ExperimentSpec {
        values: vec![16.0, 24.0, 32.0, 48.0],
        seeds: (0..10).collect(),
        teacher_steps: 400,
        student_steps: 10,
        ..ExperimentSpec::default_for(ExperimentKind::TemperatureSweep)
    };
    let config = PlaygroundConfig { learning_rate: 0.05, ..PlaygroundConfig::default() };
    let end = run_quietly(&config, &spec, &devices, false, Duration::from_millis(50), &RunOptions::default());
    assert!(matches!(&end, ExperimentEvent::Finished(r) if r.rows.len() == 4 + 40 * 2), "{end:?}");
}

#[test]
fn a_sweep_gives_one_finite_row_per_point_and_model_and_its_csv_and_json_read_back() {
    let spec = ExperimentSpec { values: vec![1.0, 8.0], ..quick(ExperimentKind::TemperatureSweep) };
    let result = run(&PlaygroundConfig::default(), &spec);
    assert_eq!(result.rows.len(), 2 + 2 * 2 * 2, "a teacher row per value, then values × seeds × (distilled, scratch)");
    assert!(result.rows.iter().all(|r| r.test_accuracy.is_finite() && (0.0..=1.0).contains(&r.agreement)));
    assert_eq!(result.series(model::DISTILLED, Metric::TestAccuracy).len(), 2);
    let csv = result.to_csv();
    assert!(csv.starts_with("temperature,seed,model,params,"), "{csv}");
    assert_eq!(parse_csv(&csv).unwrap(), result.rows);
    let back: ExperimentResult = serde_json::from_str(&serde_json::to_string(&result).unwrap()).unwrap();
    assert_eq!(back, result);
    assert_eq!(back.config, PlaygroundConfig::default().normalised());
    assert!(!findings(&result).is_empty());
}

#[test]
fn a_bad_plan_fails_with_a_message_and_a_cancel_stops_at_once() {
    let devices = Devices::new(Device::flex());
    let bad = ExperimentSpec { values: vec![-1.0], ..quick(ExperimentKind::SmallData) };
    let end = run_quietly(&PlaygroundConfig::default(), &bad, &devices, false, Duration::ZERO, &RunOptions::default());
    assert!(matches!(&end, ExperimentEvent::Failed(ExperimentFailure::InvalidPlan(PlanError::ShareOutOfRange { share }), _) if *share == -1.0), "{end:?}");
    let end = run_quietly(&PlaygroundConfig::default(), &quick(ExperimentKind::SmallData), &devices, true, Duration::ZERO, &RunOptions::default());
    assert!(matches!(&end, ExperimentEvent::Cancelled(r) if r.rows.is_empty()), "{end:?}");
    let diverging = PlaygroundConfig { learning_rate: 10.0, ..PlaygroundConfig::default() };
    let end = run_quietly(
        &diverging,
        &ExperimentSpec { teacher_steps: 300, ..quick(ExperimentKind::SmallData) },
        &devices,
        false,
        Duration::ZERO,
        &RunOptions::default(),
    );
    assert!(matches!(&end, ExperimentEvent::Failed(ExperimentFailure::Diverged { .. } | ExperimentFailure::NotFinite, _)), "{end:?}");
}

#[test]
fn the_capacity_gap_measures_every_teacher_with_its_options() {
    let spec = ExperimentSpec {
        seeds: vec![0],
        early_stop_steps: Some(10),
        assistant: Some(kd_playground::core::config::Architecture::mlp(1, 16)),
        ..quick(ExperimentKind::CapacityGap)
    };
    let result = run(&PlaygroundConfig::default(), &spec);
    let models = result.models();
    for m in [model::TEACHER, model::DISTILLED, model::SCRATCH, model::EARLY_TEACHER, model::FROM_EARLY, model::ASSISTANT, model::VIA_ASSISTANT] {
        assert!(models.iter().any(|n| n == m), "{m} missing from {models:?}");
    }
    let teacher = result.series(model::TEACHER, Metric::TestAccuracy);
    assert_eq!(teacher.len(), 7);
    assert!(teacher.windows(2).all(|w| w[0].x < w[1].x), "x is the teacher's parameter count, growing up the ladder");
    assert!(findings(&result).iter().any(|f| f.contains("capacity gap") || f.contains("bigger teacher")));
}

#[test]
fn with_little_data_the_distilled_student_beats_the_scratch_student() {
    // Hinton et al. 2015 §3/§5: soft targets carry what a few labels cannot.
    let spec = ExperimentSpec { values: vec![0.1], seeds: vec![0, 1, 2], ..ExperimentSpec::default_for(ExperimentKind::SmallData) };
    let result = run(&PlaygroundConfig::default(), &spec);
    let (kd, scratch) = (result.means(model::DISTILLED)[0].1, result.means(model::SCRATCH)[0].1);
    println!("10 % of the data, 3 seeds: distilled {kd:.3}, scratch {scratch:.3}");
    assert!(kd > scratch, "distilled {kd} vs scratch {scratch}");
}

#[test]
fn the_distilled_student_learns_the_omitted_digit_and_the_bias_correction_raises_it() {
    // Hinton et al. 2015 §3: a class absent from the transfer set is learnt
    // from the soft targets; a raised bias recovers more of it.
    let p = preset(ExperimentKind::OmittedClass);
    let spec = ExperimentSpec { seeds: vec![0, 1], ..p.spec };
    let result = run(&p.config, &spec);
    let class_errors = |m: &str| result.series(m, Metric::ClassErrors)[0].mean;
    let k = result.class_count.unwrap() as f32;
    let (scratch, kd, corrected) = (class_errors(model::SCRATCH), class_errors(model::DISTILLED), class_errors(model::BIAS_CORRECTED));
    for line in findings(&result) {
        println!("{line}");
    }
    assert_eq!(scratch, k, "the scratch student never saw the class, so it misses every one");
    assert!(kd < 0.8 * k, "the distilled student recognises a useful share: {kd} errors of {k}");
    assert!(corrected <= kd, "the bias correction does not lose any: {corrected} vs {kd}");
    assert!(result.rows.iter().filter(|r| r.model == model::BIAS_CORRECTED).all(|r| r.bias.is_some_and(|b| b >= 0.0)));
}
