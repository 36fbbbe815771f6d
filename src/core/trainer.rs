//! The training loop, written out (burn-train's Learner does not run in a
//! browser): forward → loss → backward → `GradientsParams` → Adam step.
//!
//! Steps only enqueue work; nothing is read back until [`Classifier::outputs`]
//! or [`read_loss`], which are async because a WebGPU read must wait for the
//! GPU. Callers batch many steps between reads.

use burn::optim::{AdamConfig, GradientsParams, ModuleOptimizer};
use burn::prelude::*;
use burn::tensor::{Gradients, Int, TensorData};

use super::dataset::{Dataset, Samples, VIEW_EXTENT};
use super::distill::{cross_entropy, kd_loss};
use super::knowledge::Knowledge;
use super::knowledge::{hint_loss, logit_mse_loss, rkd_angle_loss, rkd_distance_loss, similarity_preserving_loss};
use super::model::{Mlp, MlpSpec, MlpWeights, read_f32};
use super::rng::SeededRng;

/// Cells per side of the decision-boundary grid.
pub const GRID: usize = 48;

/// The plain device (evaluation) and its autodiff twin (training).
#[derive(Clone, Debug)]
pub struct Devices {
    pub plain: Device,
    pub train: Device,
}

impl Devices {
    pub fn new(plain: Device) -> Self {
        Self { train: plain.clone().autodiff(), plain }
    }
}

/// The centres of the GRID × GRID cells covering [-VIEW_EXTENT, VIEW_EXTENT]²,
/// row by row from the top (y = +extent) so they map straight onto pixels.
pub fn grid_points() -> Vec<f32> {
    let cell = 2.0 * VIEW_EXTENT / GRID as f32;
    let coord = |i: usize| -VIEW_EXTENT + (i as f32 + 0.5) * cell;
    (0..GRID).flat_map(|r| (0..GRID).flat_map(move |c| [coord(c), coord(GRID - 1 - r)])).collect()
}

/// The dataset as tensors: training rows on the autodiff device, and every
/// row to evaluate (train, then test, then the boundary grid) on the plain one.
pub struct DeviceData {
    pub x_train: Tensor<2>,
    pub y_train: Tensor<2>,
    pub eval_x: Tensor<2>,
    pub n_train: usize,
    pub n_test: usize,
    pub dim: usize,
    pub classes: usize,
}

impl DeviceData {
    pub fn new(data: &Dataset, devices: &Devices) -> Self {
        let (train, test) = (&data.train, &data.test);
        let mut eval = train.x.clone();
        eval.extend(&test.x);
        if train.dim == 2 {
            eval.extend(grid_points());
        }
        let rows = eval.len() / train.dim;
        Self {
            x_train: Tensor::from_data(TensorData::new(train.x.clone(), [train.len(), train.dim]), &devices.train),
            y_train: Tensor::from_data(one_hot(train, data.classes), &devices.train),
            eval_x: Tensor::from_data(TensorData::new(eval, [rows, train.dim]), &devices.plain),
            n_train: train.len(),
            n_test: test.len(),
            dim: train.dim,
            classes: data.classes,
        }
    }

    /// The first `rows` test rows (at most all of them) on the plain device.
    pub fn test_x(&self, rows: usize) -> Tensor<2> {
        let start = self.n_train;
        self.eval_x.clone().slice([start..start + rows.min(self.n_test), 0..self.dim])
    }

    pub(crate) fn batch(&self, rows: &[usize]) -> (Tensor<2>, Tensor<2>, Tensor<1, Int>) {
        let ids: Vec<i32> = rows.iter().map(|&r| r as i32).collect();
        let idx = Tensor::<1, Int>::from_data(TensorData::new(ids, [rows.len()]), &self.x_train.device());
        (self.x_train.clone().select(0, idx.clone()), self.y_train.clone().select(0, idx.clone()), idx)
    }
}

fn one_hot(samples: &Samples, classes: usize) -> TensorData {
    let mut v = vec![0.0f32; samples.len() * classes];
    samples.y.iter().enumerate().for_each(|(i, &y)| v[i * classes + y] = 1.0);
    TensorData::new(v, [samples.len(), classes])
}

/// Epochs of seeded shuffles, cut into batches.
#[derive(Debug, Clone)]
pub struct BatchSampler {
    order: Vec<usize>,
    next: usize,
    rng: SeededRng,
}

impl BatchSampler {
    pub fn new(rows: usize, seed: u64) -> Self {
        Self { order: (0..rows).collect(), next: rows, rng: SeededRng::new(seed) }
    }

    pub fn next_batch(&mut self, size: usize) -> Vec<usize> {
        let size = size.clamp(1, self.order.len());
        if self.next + size > self.order.len() {
            self.rng.shuffle(&mut self.order);
            self.next = 0;
        }
        self.next += size;
        self.order[self.next - size..self.next].to_vec()
    }
}

/// Logits read back for every evaluation row, row-major `[rows, classes]`.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct Outputs {
    pub classes: usize,
    pub train: Vec<f32>,
    pub test: Vec<f32>,
    /// GRID × GRID boundary cells (2-D data only, else empty).
    pub grid: Vec<f32>,
}

/// One network with its optimiser.
pub struct Classifier {
    pub spec: MlpSpec,
    pub model: Mlp,
    optim: ModuleOptimizer,
}

impl Classifier {
    pub fn new(weights: &MlpWeights, devices: &Devices) -> Self {
        Self { spec: weights.spec.clone(), model: Mlp::from_weights(weights, &devices.train), optim: AdamConfig::new().init() }
    }

    /// One Adam update from `loss` (which must depend on this model).
    pub fn apply(&mut self, loss: Tensor<1>, learning_rate: f32) {
        let grads = GradientsParams::from_grads(loss.backward(), &self.model);
        self.model = self.optim.step(f64::from(learning_rate), self.model.clone(), grads);
    }

    /// One Adam update from this model's share of a backward pass that
    /// several models took part in.
    pub fn apply_share(&mut self, grads: &mut Gradients, learning_rate: f32) {
        let grads = GradientsParams::from_module(grads, &self.model);
        self.model = self.optim.step(f64::from(learning_rate), self.model.clone(), grads);
    }

    /// This network's weights as they are now, with a fresh optimiser: a
    /// snapshot that later steps of `self` leave untouched (tensors are
    /// immutable; a step makes new ones).
    pub fn frozen_copy(&self) -> Classifier {
        Classifier { spec: self.spec.clone(), model: self.model.clone(), optim: AdamConfig::new().init() }
    }

    /// A copy of this network on `devices`, with a fresh optimiser (the
    /// weights are read back, so it is async).
    pub async fn moved_to(&self, devices: &Devices) -> Result<Classifier, String> {
        Ok(Classifier::new(&self.model.weights(&self.spec).await?, devices))
    }

    /// Forgets the optimiser state (Adam's moments), e.g. after rolling back a
    /// diverged step whose moments are poisoned.
    pub fn reset_optimizer(&mut self) {
        self.optim = AdamConfig::new().init();
    }

    /// The output of layer `layer` (1-based; depth + 1 = logits) on the
    /// first `rows` test rows, read back row-major with its width.
    pub async fn layer_on_test(&self, data: &DeviceData, layer: usize, rows: usize) -> Result<(Vec<f32>, usize), String> {
        let layers = self.model.valid().forward_layers(data.test_x(rows));
        let out = layers[layer.clamp(1, layers.len()) - 1].clone();
        let width = out.dims()[1];
        Ok((read_f32(out).await?, width))
    }

    /// Logits for one input row (e.g. a drawn digit).
    pub async fn predict(&self, row: &[f32], devices: &Devices) -> Result<Vec<f32>, String> {
        let x = Tensor::<2>::from_data(TensorData::new(row.to_vec(), [1, row.len()]), &devices.plain);
        read_f32(self.model.valid().forward(x)).await
    }

    /// Logits on the test rows only (no training rows, no boundary grid):
    /// what test-set figures need.
    pub async fn test_logits(&self, data: &DeviceData) -> Result<Vec<f32>, String> {
        read_f32(self.model.valid().forward(data.test_x(data.n_test))).await
    }

    /// Logits on every evaluation row, in one forward pass and one read.
    pub async fn outputs(&self, data: &DeviceData) -> Result<Outputs, String> {
        let all = read_f32(self.model.valid().forward(data.eval_x.clone())).await?;
        let c = data.classes;
        let (train, rest) = all.split_at(data.n_train * c);
        let (test, grid) = rest.split_at(data.n_test * c);
        Ok(Outputs { classes: c, train: train.to_vec(), test: test.to_vec(), grid: grid.to_vec() })
    }
}

/// A mean cross-entropy above this (in nats; chance level is ln K < 2) only
/// comes from exploding weights: treated like NaN, the run stops.
pub const EXPLODED_LOSS: f32 = 1e3;

/// Reads a loss (a sum over `steps` steps) and returns its mean; `Err` names
/// a NaN, infinite or exploded value.
pub async fn read_loss_mean(loss: Tensor<1>, steps: usize) -> Result<f32, String> {
    let v = read_f32(loss).await?[0] / steps.max(1) as f32;
    if !v.is_finite() {
        Err(format!("the loss became {v}"))
    } else if v > EXPLODED_LOSS {
        Err(format!("the loss exploded to {v:.3e} (weights diverging)"))
    } else {
        Ok(v)
    }
}

/// [`read_loss_mean`] of a single step's loss.
pub async fn read_loss(loss: Tensor<1>) -> Result<f32, String> {
    read_loss_mean(loss, 1).await
}

/// The knobs one optimisation step reads (they may change between steps).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StepParams {
    pub batch_size: usize,
    pub learning_rate: f32,
    /// Weight of the soft-target term (distillation only).
    pub alpha: f32,
    /// Softening temperature (distillation only).
    pub temperature: f32,
    /// The other knowledge terms (distillation only).
    pub knowledge: Knowledge,
}

/// Anything a session trains in chunks: one step at a time, with a way back
/// to the last good weights when a chunk diverges.
pub trait Run {
    /// One optimisation step; one loss (not yet read) per network trained.
    fn train_step(&mut self, data: &DeviceData, params: &StepParams) -> Vec<Tensor<1>>;
    /// The networks this run updates.
    fn networks_mut(&mut self) -> Vec<&mut Classifier>;
    fn step_count_mut(&mut self) -> &mut usize;

    /// Whether the run has done all it was set to do (most never finish).
    fn finished(&self) -> bool {
        false
    }

    fn snapshot(&mut self) -> Vec<Mlp> {
        self.networks_mut().into_iter().map(|c| c.model.clone()).collect()
    }

    /// Restores `snapshot`, forgets the (poisoned) Adam moments and uncounts `steps`.
    fn rollback(&mut self, snapshot: Vec<Mlp>, steps: usize) {
        for (net, model) in self.networks_mut().into_iter().zip(snapshot) {
            net.model = model;
            net.reset_optimizer();
        }
        *self.step_count_mut() -= steps;
    }
}

/// A teacher (or any single network) trained on hard labels.
pub struct SupervisedRun {
    pub net: Classifier,
    sampler: BatchSampler,
    pub steps: usize,
}

impl SupervisedRun {
    pub fn new(spec: &MlpSpec, seed: u64, n_train: usize, devices: &Devices) -> Self {
        let weights = MlpWeights::init(spec, &mut SeededRng::new(seed));
        Self { net: Classifier::new(&weights, devices), sampler: BatchSampler::new(n_train, seed ^ 0xBA7C), steps: 0 }
    }

    /// One cross-entropy step; returns the batch loss (not yet read).
    pub fn step(&mut self, data: &DeviceData, batch_size: usize, learning_rate: f32) -> Tensor<1> {
        let (x, y, _) = data.batch(&self.sampler.next_batch(batch_size));
        let loss = cross_entropy(self.net.model.forward(x), y);
        self.net.apply(loss.clone(), learning_rate);
        self.steps += 1;
        loss.detach()
    }
}

impl Run for SupervisedRun {
    fn train_step(&mut self, data: &DeviceData, p: &StepParams) -> Vec<Tensor<1>> {
        vec![self.step(data, p.batch_size, p.learning_rate)]
    }
    fn networks_mut(&mut self) -> Vec<&mut Classifier> {
        vec![&mut self.net]
    }
    fn step_count_mut(&mut self) -> &mut usize {
        &mut self.steps
    }
}

/// Two students from the same initial weights, fed the same batches: one
/// distilled from the frozen teacher, one from the labels alone.
pub struct StudentPair {
    pub distilled: Classifier,
    pub scratch: Classifier,
    /// The frozen teacher's layer outputs on every training row (computed
    /// once; the last is the logits).
    teacher_train_layers: Vec<Tensor<2>>,
    /// FitNets' regressor from the student's guided layer to the teacher's
    /// hint layer, for the (teacher layer, student layer) it was built for.
    regressor: Option<((usize, usize), Classifier)>,
    seed: u64,
    devices: Devices,
    sampler: BatchSampler,
    pub steps: usize,
}

impl StudentPair {
    pub fn new(spec: &MlpSpec, seed: u64, teacher: &Classifier, data: &DeviceData, devices: &Devices) -> Self {
        let weights = MlpWeights::init(spec, &mut SeededRng::new(seed ^ 0x57D));
        Self {
            distilled: Classifier::new(&weights, devices),
            scratch: Classifier::new(&weights, devices),
            teacher_train_layers: Self::teacher_layers(teacher, data),
            regressor: None,
            seed,
            devices: devices.clone(),
            sampler: BatchSampler::new(data.n_train, seed ^ 0x5EED),
            steps: 0,
        }
    }

    fn teacher_layers(teacher: &Classifier, data: &DeviceData) -> Vec<Tensor<2>> {
        teacher.model.forward_layers(data.x_train.clone()).into_iter().map(|t| t.detach()).collect()
    }

    /// The hint regressor for `layers`, (re)built when the layers change.
    fn regressor_for(&mut self, layers: (usize, usize)) -> &mut Classifier {
        if self.regressor.as_ref().is_none_or(|(l, _)| *l != layers) {
            let teacher_width = self.teacher_train_layers[layers.0 - 1].dims()[1];
            let student_width = self.distilled.spec.layer_sizes()[layers.1];
            let spec = MlpSpec { input: student_width, hidden: vec![], classes: teacher_width };
            let weights = MlpWeights::init(&spec, &mut SeededRng::new(self.seed ^ 0x4E6));
            self.regressor = Some((layers, Classifier::new(&weights, &self.devices)));
        }
        &mut self.regressor.as_mut().expect("just built").1
    }

    /// One step for each student on the same batch; returns both losses.
    pub fn step(&mut self, data: &DeviceData, p: &StepParams) -> (Tensor<1>, Tensor<1>) {
        let (x, y, idx) = data.batch(&self.sampler.next_batch(p.batch_size));
        let k = p.knowledge;
        let student_layers = self.distilled.model.forward_layers(x.clone());
        // FitNets stage 1: the hint alone, before any other knowledge.
        let hint_stage = k.hint > 0.0 && self.steps < k.hint_stage_steps;
        let mut terms = vec![];
        if !hint_stage {
            let teacher_logits = self.teacher_train_layers.last().expect("logits").clone().select(0, idx.clone());
            let student_logits = student_layers.last().expect("logits").clone();
            terms.push(kd_loss(student_logits.clone(), teacher_logits.clone(), y.clone(), p.alpha, p.temperature));
            if k.logit_mse > 0.0 {
                terms.push(logit_mse_loss(student_logits, teacher_logits) * k.logit_mse);
            }
        }
        if k.uses_features() {
            let (lt, ls) = (k.teacher_layer.min(self.teacher_train_layers.len()), k.student_layer.min(student_layers.len()));
            let teacher_f = self.teacher_train_layers[lt - 1].clone().select(0, idx);
            let student_f = student_layers[ls - 1].clone();
            if !hint_stage {
                if k.rkd_distance > 0.0 {
                    terms.push(rkd_distance_loss(student_f.clone(), teacher_f.clone()) * k.rkd_distance);
                }
                if k.rkd_angle > 0.0 {
                    terms.push(rkd_angle_loss(student_f.clone(), teacher_f.clone()) * k.rkd_angle);
                }
                if k.similarity_preserving > 0.0 {
                    terms.push(similarity_preserving_loss(student_f.clone(), teacher_f.clone()) * k.similarity_preserving);
                }
            }
            if k.hint > 0.0 {
                let regressor = self.regressor_for((lt, ls));
                terms.push(hint_loss(regressor.model.forward(student_f), teacher_f) * k.hint);
            }
        }
        // Outside the hint stage the soft-target term is always there; inside it, the hint.
        let kd = terms.into_iter().reduce(|a, b| a + b).expect("a soft-target or hint term");
        let ce = cross_entropy(self.scratch.model.forward(x), y);
        let mut grads = kd.backward();
        self.distilled.apply_share(&mut grads, p.learning_rate);
        if k.hint > 0.0 {
            self.regressor.as_mut().expect("built for the hint").1.apply_share(&mut grads, p.learning_rate);
        }
        self.scratch.apply(ce.clone(), p.learning_rate);
        self.steps += 1;
        (kd.detach(), ce.detach())
    }
}

impl Run for StudentPair {
    fn train_step(&mut self, data: &DeviceData, p: &StepParams) -> Vec<Tensor<1>> {
        let (kd, ce) = self.step(data, p);
        vec![kd, ce]
    }
    fn networks_mut(&mut self) -> Vec<&mut Classifier> {
        let mut nets = vec![&mut self.distilled, &mut self.scratch];
        if let Some((_, regressor)) = self.regressor.as_mut() {
            nets.push(regressor);
        }
        nets
    }
    fn step_count_mut(&mut self) -> &mut usize {
        &mut self.steps
    }
}

impl StudentPair {
    /// Rebuilds the pair on other devices from read-back weights (Adam restarts).
    pub fn move_to(&mut self, distilled: &MlpWeights, scratch: &MlpWeights, teacher: &Classifier, data: &DeviceData, devices: &Devices) {
        self.distilled = Classifier::new(distilled, devices);
        self.scratch = Classifier::new(scratch, devices);
        self.teacher_train_layers = Self::teacher_layers(teacher, data);
        self.devices = devices.clone();
        // The regressor restarts with Adam (its weights are not carried over).
        self.regressor = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::executor::block_on;

    fn scalar(v: f32) -> Tensor<1> {
        Tensor::from_data(TensorData::new(vec![v], [1]), &Device::flex())
    }

    #[test]
    fn bad_losses_are_named_and_good_ones_averaged() {
        assert_eq!(block_on(read_loss_mean(scalar(6.0), 3)), Ok(2.0));
        assert!(block_on(read_loss(scalar(f32::NAN))).unwrap_err().contains("NaN"));
        assert!(block_on(read_loss(scalar(f32::INFINITY))).unwrap_err().contains("inf"));
        assert!(block_on(read_loss(scalar(5e4))).unwrap_err().contains("exploded"));
    }

    #[test]
    fn sampler_covers_every_row_once_per_epoch() {
        let mut s = BatchSampler::new(10, 1);
        let mut seen: Vec<usize> = (0..5).flat_map(|_| s.next_batch(2)).collect();
        seen.sort();
        assert_eq!(seen, (0..10).collect::<Vec<_>>());
    }
}
