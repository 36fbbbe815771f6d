//! Runs an [`ExperimentSpec`] point by point, as one async task that emits
//! [`ExperimentEvent`]s: progress (steps, points, elapsed, ETA), each row the
//! moment it is measured, and how it ended.
//!
//! Like the session, it steps until `budget` of wall time has passed, then
//! reads the chunk's summed loss (a NaN stops the experiment and says where)
//! and awaits `yield_now`, so the page keeps painting and a cancel is seen
//! within one chunk. Natively `yield_now` can be a no-op.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use burn::prelude::Tensor;
use web_time::Instant;

use super::omitted;
use super::result::{ExperimentResult, ResultRow, model};
use super::{ExperimentKind, ExperimentSpec, format_architecture, format_values};
use crate::core::config::PlaygroundConfig;
use crate::core::dataset::Dataset;
use crate::core::metrics::{accuracy, agreement};
use crate::core::model::MlpSpec;
use super::stack_device::{GpuOffer, ProbeInput, place_stack};
use crate::core::stacked::{StackedNet, StackedStudents};
use crate::core::trainer::{Classifier, DeviceData, Devices, Run, StepParams, StudentPair, SupervisedRun, read_loss_mean};

/// Where a running experiment is.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Progress {
    pub steps_done: usize,
    pub total_steps: usize,
    pub points_done: usize,
    pub points_total: usize,
    pub elapsed_secs: f32,
    /// Seconds left at the rate so far (once there is a rate to go by).
    pub eta_secs: Option<f32>,
    /// What trains now, e.g. "students at T = 4, seed 1".
    pub phase: String,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum ExperimentEvent {
    Progress(Progress),
    Row(ResultRow),
    /// Every point ran.
    Finished(ExperimentResult),
    /// Stopped by the user; the rows so far.
    Cancelled(ExperimentResult),
    /// A bad plan or a diverged run: what happened, and the rows so far.
    Failed(String, ExperimentResult),
}

enum Stop {
    Cancelled,
    Failed(String),
}

/// How often progress is reported (besides once per finished point).
const PROGRESS_EVERY: Duration = Duration::from_millis(100);

struct Pacer<'a, Y, F: Fn() -> Y> {
    yield_now: F,
    budget: Duration,
    cancel: Arc<AtomicBool>,
    emit: &'a mut dyn FnMut(ExperimentEvent),
    start: Instant,
    chunk_start: Instant,
    last_progress: Option<Instant>,
    /// The chunk's summed losses (not yet read) and its step count.
    pending: Option<Tensor<1>>,
    pending_steps: usize,
    progress: Progress,
    result: ExperimentResult,
}

impl<Y: Future<Output = ()>, F: Fn() -> Y> Pacer<'_, Y, F> {
    fn phase(&mut self, phase: String) {
        self.progress.phase = phase;
    }

    /// `steps` optimisation steps of `run`, breathing whenever the budget is spent.
    async fn train(&mut self, run: &mut dyn Run, data: &DeviceData, params: &StepParams, steps: usize) -> Result<(), Stop> {
        self.train_with(steps, 1, || run.train_step(data, params).into_iter().reduce(|a, b| a + b).expect("a run trains a network")).await
    }

    /// `steps` calls of `step` (one summed loss each, not yet read), each
    /// counted as `points` steps of the plan; breathes whenever the budget is spent.
    async fn train_with(&mut self, steps: usize, points: usize, mut step: impl FnMut() -> Tensor<1>) -> Result<(), Stop> {
        for _ in 0..steps {
            let loss = step();
            self.pending = Some(match self.pending.take() {
                Some(sum) => sum + loss,
                None => loss,
            });
            self.pending_steps += 1;
            self.progress.steps_done += points;
            if self.chunk_start.elapsed() >= self.budget {
                self.breathe().await?;
            }
        }
        self.check_loss().await
    }

    async fn check_loss(&mut self) -> Result<(), Stop> {
        if let Some(sum) = self.pending.take() {
            let steps = std::mem::take(&mut self.pending_steps);
            read_loss_mean(sum, steps).await.map_err(|e| Stop::Failed(format!("{}: {e}; the experiment stopped (try a smaller learning rate)", self.progress.phase)))?;
        }
        Ok(())
    }

    /// Reads the chunk's loss, reports progress, gives the host a turn and
    /// looks for a cancel.
    async fn breathe(&mut self) -> Result<(), Stop> {
        self.check_loss().await?;
        if self.last_progress.is_none_or(|t| t.elapsed() >= PROGRESS_EVERY) {
            self.report();
        }
        (self.yield_now)().await;
        if self.cancel.load(Ordering::Relaxed) {
            return Err(Stop::Cancelled);
        }
        self.chunk_start = Instant::now();
        Ok(())
    }

    fn report(&mut self) {
        let p = &mut self.progress;
        p.elapsed_secs = self.start.elapsed().as_secs_f32();
        p.eta_secs = (p.steps_done > 0 && p.elapsed_secs > 0.5).then(|| p.elapsed_secs / p.steps_done as f32 * (p.total_steps - p.steps_done.min(p.total_steps)) as f32);
        self.last_progress = Some(Instant::now());
        (self.emit)(ExperimentEvent::Progress(p.clone()));
    }

    fn row(&mut self, row: ResultRow) {
        self.result.rows.push(row.clone());
        (self.emit)(ExperimentEvent::Row(row));
    }

    async fn point_done(&mut self) -> Result<(), Stop> {
        self.progress.points_done += 1;
        self.report();
        self.breathe().await
    }
}

/// A trained network's test logits, refused when not finite.
async fn measure(net: &Classifier, data: &DeviceData) -> Result<Vec<f32>, Stop> {
    let logits = net.test_logits(data).await.map_err(Stop::Failed)?;
    if logits.iter().any(|z| !z.is_finite()) {
        return Err(Stop::Failed("a network's outputs are not finite; the experiment stopped".into()));
    }
    Ok(logits)
}

/// Turns a network's test logits into its row: accuracy on the labels,
/// agreement with the point's teacher.
struct Scoring<'a> {
    teacher: &'a [f32],
    labels: &'a [usize],
    classes: usize,
}

impl Scoring<'_> {
    fn row(&self, name: &str, x: f32, seed: u64, spec: &MlpSpec, logits: &[f32]) -> ResultRow {
        let (test_errors, _) = omitted::errors(logits, self.labels, self.classes, usize::MAX);
        ResultRow {
            x,
            seed,
            model: name.into(),
            params: spec.param_count(),
            test_accuracy: accuracy(logits, self.labels, self.classes),
            agreement: agreement(logits, self.teacher, self.classes),
            test_errors,
            class_errors: None,
            bias: None,
        }
    }
}

/// How [`run_experiment`] may train a sweep's students.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Train a temperature sweep's students as one stacked computation
    /// where [`stackable`] (the default; the tests compare both ways).
    pub stacking: bool,
    /// A GPU the stack may move to, where it measures faster ([`place_stack`]).
    pub gpu: Option<GpuOffer>,
}

impl Default for RunOptions {
    fn default() -> Self {
        Self { stacking: true, gpu: None }
    }
}

/// Runs every point of `spec` on `config`'s settings, on `devices` (the CPU
/// backend's) as `options` allow. The returned result is also the last event's.
#[allow(clippy::too_many_arguments)]
pub async fn run_experiment<Y: Future<Output = ()>>(
    config: &PlaygroundConfig,
    spec: &ExperimentSpec,
    devices: &Devices,
    cancel: Arc<AtomicBool>,
    emit: &mut dyn FnMut(ExperimentEvent),
    yield_now: impl Fn() -> Y,
    budget: Duration,
    options: &RunOptions,
) -> ExperimentEvent {
    let mut config = config.normalised();
    config.dataset = spec.dataset_for(&config);
    let dataset = Dataset::generate(&config.dataset);
    let result = ExperimentResult { config: config.clone(), experiment: spec.clone(), test_count: dataset.test.len(), class_count: None, trained_on: None, rows: vec![] };
    if let Err(why) = spec.validate(&config) {
        let event = ExperimentEvent::Failed(why, result);
        emit(event.clone());
        return event;
    }
    let progress = Progress { steps_done: 0, total_steps: spec.total_steps(), points_done: 0, points_total: spec.points().len(), elapsed_secs: 0.0, eta_secs: None, phase: "starting".into() };
    let now = Instant::now();
    let mut pacer = Pacer { yield_now, budget, cancel, emit, start: now, chunk_start: now, last_progress: None, pending: None, pending_steps: 0, progress, result };
    let outcome = match spec.kind {
        ExperimentKind::TemperatureSweep | ExperimentKind::SmallData => shared_teacher(&mut pacer, &config, spec, &dataset, devices, options).await,
        ExperimentKind::CapacityGap => capacity_gap(&mut pacer, &config, spec, &dataset, devices).await,
        ExperimentKind::OmittedClass => omitted_class(&mut pacer, &config, spec, &dataset, devices).await,
    };
    pacer.report();
    let result = pacer.result.clone();
    let event = match outcome {
        Ok(()) => ExperimentEvent::Finished(result),
        Err(Stop::Cancelled) => ExperimentEvent::Cancelled(result),
        Err(Stop::Failed(why)) => ExperimentEvent::Failed(why, result),
    };
    (pacer.emit)(event.clone());
    event
}

/// Temperature sweep and small data: one teacher, then a student pair per
/// point, or every point's students at once when they can be stacked.
async fn shared_teacher<Y: Future<Output = ()>, F: Fn() -> Y>(p: &mut Pacer<'_, Y, F>, config: &PlaygroundConfig, spec: &ExperimentSpec, dataset: &Dataset, devices: &Devices, options: &RunOptions) -> Result<(), Stop> {
    let data = DeviceData::new(dataset, devices);
    let (input, classes, labels) = (dataset.train.dim, dataset.classes, &dataset.test.y);
    let teacher_spec = config.teacher_spec(input, classes);
    let mut teacher = SupervisedRun::new(&teacher_spec, config.seed, dataset.train.len(), devices);
    p.phase(format!("teacher {}", teacher_spec.describe()));
    p.train(&mut teacher, &data, &config.step_params(), spec.teacher_steps).await?;
    let t = measure(&teacher.net, &data).await?;
    let score = Scoring { teacher: &t, labels, classes };
    for (i, _) in spec.values.iter().enumerate() {
        let x = spec.x_of(i, input, classes);
        p.row(score.row(model::TEACHER, x, config.seed, &teacher_spec, &t));
    }
    let student_spec = config.student_spec(input, classes);
    if options.stacking && stackable(spec, config) {
        return stacked_temperature_sweep(p, config, spec, (dataset, &data), devices, options.gpu.as_ref(), &teacher.net, &score).await;
    }
    for (i, seed) in spec.points() {
        let x = spec.x_of(i, input, classes);
        let (share, temperature) = match spec.kind {
            ExperimentKind::SmallData => (x, config.temperature),
            _ => (config.transfer_share, x),
        };
        p.phase(match spec.kind {
            ExperimentKind::SmallData => format!("students on {} % of the data, seed {seed}", x * 100.0),
            _ => format!("students at T = {x}, seed {seed}"),
        });
        let transfer = DeviceData::new(&dataset.with_transfer_share(share), devices);
        let mut pair = StudentPair::new(&student_spec, seed, &teacher.net, &transfer, devices);
        p.train(&mut pair, &transfer, &StepParams { temperature, ..config.step_params() }, spec.student_steps).await?;
        for (name, net) in [(model::DISTILLED, &pair.distilled), (model::SCRATCH, &pair.scratch)] {
            let m = measure(net, &data).await?;
            p.row(score.row(name, x, seed, &student_spec, &m));
        }
        p.point_done().await?;
    }
    Ok(())
}

/// Whether a sweep's students can train as one stacked computation: a
/// temperature sweep whose students learn from the soft targets and labels
/// alone (the stack has no hint regressor, feature or relation terms).
pub fn stackable(spec: &ExperimentSpec, config: &PlaygroundConfig) -> bool {
    let k = config.step_params().knowledge;
    spec.kind == ExperimentKind::TemperatureSweep && k.logit_mse == 0.0 && !k.uses_features()
}

/// A temperature sweep's students, all at once ([`StackedStudents`]): one
/// distilled student per (T, seed) point and one scratch student per seed
/// (a scratch student learns the same at every T). They train on the same
/// transfer set, batches and initial weights as the point-by-point sweep, so
/// the rows are the same up to float rounding, only sooner. The stack
/// trains where it measures faster ([`place_stack`]); it is evaluated on the CPU.
#[allow(clippy::too_many_arguments)]
async fn stacked_temperature_sweep<Y: Future<Output = ()>, F: Fn() -> Y>(p: &mut Pacer<'_, Y, F>, config: &PlaygroundConfig, spec: &ExperimentSpec, (dataset, data): (&Dataset, &DeviceData), devices: &Devices, gpu: Option<&GpuOffer>, teacher: &Classifier, score: &Scoring<'_>) -> Result<(), Stop> {
    let (input, classes) = (dataset.train.dim, dataset.classes);
    let transfer_set = dataset.with_transfer_share(config.transfer_share);
    let student_spec = config.student_spec(input, classes);
    let params = config.step_params();
    let points = spec.points();
    let distilled = points.iter().map(|&(i, seed)| StackedNet { seed, temperature: spec.x_of(i, input, classes), alpha: params.alpha });
    let scratch = spec.seeds.iter().map(|&seed| StackedNet { seed, temperature: 1.0, alpha: 0.0 });
    let nets: Vec<StackedNet> = distilled.chain(scratch).collect();
    p.phase(format!("timing {} stacked students on {}", nets.len(), gpu.map_or("the CPU".to_string(), |g| format!("the CPU (and {}, if the sweep is long)", g.name))));
    p.report();
    let probe = ProbeInput { spec: &student_spec, nets: &nets, teacher, transfer: &transfer_set, batch: params.batch_size, learning_rate: params.learning_rate, steps: spec.student_steps };
    let (train_on, placement) = place_stack(&probe, devices, gpu, &p.yield_now).await.map_err(Stop::Failed)?;
    p.breathe().await?;
    p.result.trained_on = Some(placement.describe());
    let moved;
    let teacher_there = match placement.on_gpu {
        true => {
            moved = teacher.moved_to(&train_on).await.map_err(Stop::Failed)?;
            &moved
        }
        false => teacher,
    };
    let transfer = DeviceData::new(&transfer_set, &train_on);
    // On the CPU, as many networks per step as fit in the chunk budget.
    let group = placement.group_size(p.budget);
    let mut trained = Vec::with_capacity(nets.len());
    for (g, members) in nets.chunks(group).enumerate() {
        let part = if group < nets.len() { format!(" (group {} of {})", g + 1, nets.len().div_ceil(group)) } else { String::new() };
        p.phase(format!("{} students (T = {}; seeds {}) at once{part}, {}", nets.len(), format_values(&spec.values), format_values(&spec.seeds), placement.describe()));
        let mut stack = StackedStudents::new(&student_spec, members.to_vec(), teacher_there, &transfer, &train_on);
        // Each distilled network is one point of the plan; the scratch ones count for none.
        let points_here = (g * group..g * group + members.len()).filter(|&n| n < points.len()).count();
        p.train_with(spec.student_steps, points_here, || worst(stack.step(&transfer, params.batch_size, params.learning_rate))).await?;
        trained.extend(stack.classifiers(devices).await.map_err(Stop::Failed)?);
    }
    let nets = trained;
    for (n, &(i, seed)) in points.iter().enumerate() {
        let x = spec.x_of(i, input, classes);
        let scratch = &nets[points.len() + spec.seeds.iter().position(|&s| s == seed).expect("a scratch student per seed")];
        for (name, net) in [(model::DISTILLED, &nets[n]), (model::SCRATCH, scratch)] {
            let m = measure(net, data).await?;
            p.row(score.row(name, x, seed, &student_spec, &m));
        }
        p.point_done().await?;
    }
    Ok(())
}

/// The worst network's loss, or NaN if any network's loss is not finite: what
/// the pacer checks, so a stack of many networks is held to the same limit
/// as one network alone (their sum would pass `EXPLODED_LOSS` sooner).
fn worst(losses: Tensor<1>) -> Tensor<1> {
    losses.clone().max() + losses.sum() * 0.0
}

/// The capacity gap: per teacher size and seed, a teacher trained from
/// scratch, then the one student distilled from it (and, as asked, from its
/// early-stopped self and through an assistant).
async fn capacity_gap<Y: Future<Output = ()>, F: Fn() -> Y>(p: &mut Pacer<'_, Y, F>, config: &PlaygroundConfig, spec: &ExperimentSpec, dataset: &Dataset, devices: &Devices) -> Result<(), Stop> {
    let data = DeviceData::new(dataset, devices);
    let transfer = DeviceData::new(&dataset.with_transfer_share(config.transfer_share), devices);
    let (input, classes, labels) = (dataset.train.dim, dataset.classes, &dataset.test.y);
    let student_spec = config.student_spec(input, classes);
    let params = config.step_params();
    for (i, seed) in spec.points() {
        let x = spec.x_of(i, input, classes);
        let teacher_spec = spec.teachers[i].spec(input, classes);
        let mut teacher = SupervisedRun::new(&teacher_spec, seed, dataset.train.len(), devices);
        p.phase(format!("teacher {}, seed {seed}", format_architecture(spec.teachers[i])));
        let early_at = spec.early_stop_steps.unwrap_or(0).min(spec.teacher_steps);
        p.train(&mut teacher, &data, &params, early_at).await?;
        let early = spec.early_stop_steps.map(|_| teacher.net.frozen_copy());
        p.train(&mut teacher, &data, &params, spec.teacher_steps - early_at).await?;
        let t = measure(&teacher.net, &data).await?;
        let score = Scoring { teacher: &t, labels, classes };
        p.row(score.row(model::TEACHER, x, seed, &teacher_spec, &t));

        p.phase(format!("student from teacher {}, seed {seed}", format_architecture(spec.teachers[i])));
        let mut pair = StudentPair::new(&student_spec, seed, &teacher.net, &transfer, devices);
        p.train(&mut pair, &transfer, &params, spec.student_steps).await?;
        for (name, net) in [(model::DISTILLED, &pair.distilled), (model::SCRATCH, &pair.scratch)] {
            let m = measure(net, &data).await?;
            p.row(score.row(name, x, seed, &student_spec, &m));
        }

        if let Some(early) = early {
            let e = measure(&early, &data).await?;
            p.row(score.row(model::EARLY_TEACHER, x, seed, &teacher_spec, &e));
            p.phase(format!("student from the early-stopped teacher, seed {seed}"));
            let mut pair = StudentPair::new(&student_spec, seed, &early, &transfer, devices);
            p.train(&mut pair, &transfer, &params, spec.student_steps).await?;
            let m = measure(&pair.distilled, &data).await?;
            p.row(score.row(model::FROM_EARLY, x, seed, &student_spec, &m));
        }

        if let Some(assistant) = spec.assistant {
            let assistant_spec = assistant.spec(input, classes);
            p.phase(format!("assistant {} from the teacher, seed {seed}", format_architecture(assistant)));
            let mut ta = StudentPair::new(&assistant_spec, seed, &teacher.net, &transfer, devices);
            p.train(&mut ta, &transfer, &params, spec.student_steps).await?;
            let a = measure(&ta.distilled, &data).await?;
            p.row(score.row(model::ASSISTANT, x, seed, &assistant_spec, &a));
            p.phase(format!("student from the assistant, seed {seed}"));
            let mut pair = StudentPair::new(&student_spec, seed, &ta.distilled, &transfer, devices);
            p.train(&mut pair, &transfer, &params, spec.student_steps).await?;
            let m = measure(&pair.distilled, &data).await?;
            p.row(score.row(model::VIA_ASSISTANT, x, seed, &student_spec, &m));
        }
        p.point_done().await?;
    }
    Ok(())
}

/// The omitted class: per class, a teacher on every class, then per seed a
/// student pair on a transfer set without it, and the distilled student
/// again with its bias for the class raised to fit the held-out rows.
async fn omitted_class<Y: Future<Output = ()>, F: Fn() -> Y>(p: &mut Pacer<'_, Y, F>, config: &PlaygroundConfig, spec: &ExperimentSpec, dataset: &Dataset, devices: &Devices) -> Result<(), Stop> {
    let (input, classes, labels) = (dataset.train.dim, dataset.classes, &dataset.test.y);
    let (teacher_spec, student_spec) = (config.teacher_spec(input, classes), config.student_spec(input, classes));
    let params = config.step_params();
    for &value in &spec.values {
        let class = value as usize;
        let split = omitted::split(dataset, class);
        p.result.class_count = Some(labels.iter().filter(|&&y| y == class).count());
        let data = DeviceData::new(&split.teacher, devices);
        let transfer = DeviceData::new(&split.transfer, devices);
        let held = DeviceData::new(&split.held_out, devices);
        let held_labels = &split.held_out.test.y;
        p.phase(format!("teacher {} on every digit", teacher_spec.describe()));
        let mut teacher = SupervisedRun::new(&teacher_spec, config.seed, split.teacher.train.len(), devices);
        p.train(&mut teacher, &data, &params, spec.teacher_steps).await?;
        let t = measure(&teacher.net, &data).await?;
        let score = Scoring { teacher: &t, labels, classes };
        let with_class_errors = |mut row: ResultRow, logits: &[f32]| {
            row.class_errors = Some(omitted::errors(logits, labels, classes, class).1);
            row
        };
        p.row(with_class_errors(score.row(model::TEACHER, value, config.seed, &teacher_spec, &t), &t));
        for seed in spec.seeds.iter().copied() {
            p.phase(format!("students without any {class}, seed {seed}"));
            let mut pair = StudentPair::new(&student_spec, seed, &teacher.net, &transfer, devices);
            p.train(&mut pair, &transfer, &params, spec.student_steps).await?;
            for (name, net) in [(model::SCRATCH, &pair.scratch), (model::DISTILLED, &pair.distilled)] {
                let m = measure(net, &data).await?;
                p.row(with_class_errors(score.row(name, value, seed, &student_spec, &m), &m));
            }
            let on_held = measure(&pair.distilled, &held).await?;
            let bias = omitted::best_bias(&on_held, held_labels, classes, class);
            let m = measure(&pair.distilled, &data).await?;
            let corrected = omitted::with_bias(&m, classes, class, bias);
            let mut row = with_class_errors(score.row(model::BIAS_CORRECTED, value, seed, &student_spec, &corrected), &corrected);
            row.bias = Some(bias);
            p.row(row);
            p.point_done().await?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::model::read_f32;
    use burn::prelude::Device;
    use burn::tensor::TensorData;
    use futures::executor::block_on;

    #[test]
    fn a_stacks_checked_loss_is_its_worst_network_and_any_nan_shows() {
        let worst_of = |v: &[f32]| block_on(read_f32(worst(Tensor::from_data(TensorData::new(v.to_vec(), [v.len()]), &Device::flex())))).unwrap()[0];
        assert_eq!(worst_of(&[1.0, 5e3, 2.0]), 5e3);
        assert_eq!(worst_of(&[0.5]), 0.5);
        assert!(worst_of(&[1.0, f32::NAN, 2.0]).is_nan());
        assert!(!worst_of(&[f32::INFINITY, 1.0]).is_finite());
    }
}
