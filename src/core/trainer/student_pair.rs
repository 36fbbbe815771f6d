//! Distillation's comparison: two students from one set of initial weights,
//! on one sequence of batches, one learning from the frozen teacher (the
//! knowledge mix of [`StepParams::knowledge`], FitNets' hint stage first if
//! asked) and one from the labels alone, so any gap between them is the
//! teacher's doing.

use burn::prelude::*;

use super::super::distill::{cross_entropy, kd_loss};
use super::super::knowledge::{hint_loss, logit_mse_loss, rkd_angle_loss, rkd_distance_loss, similarity_preserving_loss};
use super::super::model::{MlpSpec, MlpWeights};
use super::super::rng::SeededRng;
use super::{BatchSampler, Classifier, DeviceData, Devices, Run, StepParams, salts};

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
        let weights = MlpWeights::init(spec, &mut SeededRng::new(seed ^ salts::STUDENT_WEIGHTS));
        Self {
            distilled: Classifier::new(&weights, devices),
            scratch: Classifier::new(&weights, devices),
            teacher_train_layers: Self::teacher_layers(teacher, data),
            regressor: None,
            seed,
            devices: devices.clone(),
            sampler: BatchSampler::new(data.n_train, seed ^ salts::STUDENT_BATCHES),
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
            let weights = MlpWeights::init(&spec, &mut SeededRng::new(self.seed ^ salts::HINT_REGRESSOR));
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
