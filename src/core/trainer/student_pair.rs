//! Distillation's comparison: two students from one set of initial weights,
//! on one sequence of batches, one learning from the frozen teacher (the
//! knowledge mix of [`StepParams::knowledge`], FitNets' hint stage first if
//! asked) and one from the labels alone, so any gap between them is the
//! teacher's doing.

use burn::prelude::*;

use super::super::distill::{cross_entropy, kd_loss};
use super::super::knowledge::{
    MapShape, attention_transfer_loss, hint_loss, logit_mse_loss, pooled, positions, resize_map, rkd_angle_loss, rkd_distance_loss, similarity_preserving_loss,
};
use super::super::model::{NetSpec, NetWeights};
use super::super::net::Net;
use super::super::rng::SeededRng;
use super::{BatchSampler, Classifier, DeviceData, Devices, Run, StepParams, salts};
use burn::tensor::Int;

/// Two students from the same initial weights, fed the same batches: one
/// distilled from the frozen teacher, one from the labels alone.
pub struct StudentPair {
    pub distilled: Classifier,
    pub scratch: Classifier,
    /// The frozen teacher's targets on every training row, computed once.
    teacher_targets: TeacherTargets,
    /// The frozen teacher, for feature layers too large to keep for every row.
    teacher: Net,
    teacher_shapes: Vec<MapShape>,
    /// FitNets' regressor from the student's guided layer to the teacher's
    /// hint layer, for the (teacher layer, student layer) it was built for.
    regressor: Option<((usize, usize), Classifier)>,
    seed: u64,
    devices: Devices,
    sampler: BatchSampler,
    pub steps: usize,
}

impl StudentPair {
    pub fn new(spec: &NetSpec, seed: u64, teacher: &Classifier, data: &DeviceData, devices: &Devices) -> Self {
        let weights = NetWeights::init(spec, &mut SeededRng::new(seed ^ salts::STUDENT_WEIGHTS));
        Self {
            distilled: Classifier::new(&weights, devices),
            scratch: Classifier::new(&weights, devices),
            teacher_targets: TeacherTargets::new(teacher, data),
            teacher: teacher.model.clone(),
            teacher_shapes: teacher.spec.layer_shapes(),
            regressor: None,
            seed,
            devices: devices.clone(),
            sampler: BatchSampler::new(data.n_train, seed ^ salts::STUDENT_BATCHES),
            steps: 0,
        }
    }

    /// The hint regressor for `layers`, (re)built when the layers change: a
    /// linear map from the student's width to the teacher's — applied to
    /// every position of a conv map, it is FitNets' 1×1 convolution.
    fn regressor_for(&mut self, layers: (usize, usize)) -> &mut Classifier {
        if self.regressor.as_ref().is_none_or(|(l, _)| *l != layers) {
            let (t, s) = (self.teacher_shapes[layers.0 - 1], self.distilled.spec.layer_shapes()[layers.1 - 1]);
            let (from, to) = if is_map(t) && is_map(s) { (s.0, t.0) } else { (s.0 * s.1 * s.2, t.0 * t.1 * t.2) };
            let weights = NetWeights::init(&NetSpec::mlp(from, vec![], to), &mut SeededRng::new(self.seed ^ salts::HINT_REGRESSOR));
            self.regressor = Some((layers, Classifier::new(&weights, &self.devices)));
        }
        &mut self.regressor.as_mut().expect("just built").1
    }

    /// The teacher's layer `layer` (1-based) on the batch: kept rows where
    /// they are small enough to keep, else the teacher's forward pass.
    fn teacher_layer(&mut self, layer: usize, x: &Tensor<2>, idx: &Tensor<1, Int>) -> Tensor<2> {
        if let Some(kept) = self.teacher_targets.layer(layer, &self.teacher) {
            return kept.select(0, idx.clone());
        }
        self.teacher.target_layers(x.clone()).swap_remove(layer - 1).detach()
    }

    /// The hint term: the regressed student layer against the teacher's
    /// (conv maps position by position, the teacher's resized to the
    /// student's size when they differ).
    fn hint_term(&mut self, student_layers: &[Tensor<2>], x: &Tensor<2>, idx: &Tensor<1, Int>, k: &super::super::knowledge::Knowledge) -> Tensor<1> {
        let (lt, ls) = (k.teacher_layer.min(self.teacher_shapes.len()), k.student_layer.min(student_layers.len()));
        let (t_shape, s_shape) = (self.teacher_shapes[lt - 1], self.distilled.spec.layer_shapes()[ls - 1]);
        let teacher_f = self.teacher_layer(lt, x, idx);
        let student_f = student_layers[ls - 1].clone();
        let regressor = self.regressor_for((lt, ls));
        if is_map(t_shape) && is_map(s_shape) {
            let target = if (t_shape.1, t_shape.2) == (s_shape.1, s_shape.2) { teacher_f } else { resize_map(teacher_f, t_shape, (s_shape.1, s_shape.2)) };
            let target_shape = (t_shape.0, s_shape.1, s_shape.2);
            hint_loss(regressor.model.forward(positions(student_f, s_shape)), positions(target, target_shape))
        } else {
            hint_loss(regressor.model.forward(student_f), teacher_f)
        }
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
            let teacher_logits = self.teacher_targets.logits.clone().select(0, idx.clone());
            let student_logits = student_layers.last().expect("logits").clone();
            terms.push(kd_loss(student_logits.clone(), teacher_logits.clone(), y.clone(), p.alpha, p.temperature));
            if k.logit_mse > 0.0 {
                terms.push(logit_mse_loss(student_logits, teacher_logits) * k.logit_mse);
            }
            let student_shapes = self.distilled.spec.layer_shapes();
            if k.uses_relations() {
                let (lt, ls) = (k.relation_teacher_layer.min(self.teacher_shapes.len()), k.relation_student_layer.min(student_layers.len()));
                // Conv maps are pooled per channel: relations between samples' pooled features.
                let teacher_f = pooled(self.teacher_layer(lt, &x, &idx), self.teacher_shapes[lt - 1]);
                let student_f = pooled(student_layers[ls - 1].clone(), student_shapes[ls - 1]);
                if k.rkd_distance > 0.0 {
                    terms.push(rkd_distance_loss(student_f.clone(), teacher_f.clone()) * k.rkd_distance);
                }
                if k.rkd_angle > 0.0 {
                    terms.push(rkd_angle_loss(student_f.clone(), teacher_f.clone()) * k.rkd_angle);
                }
                if k.similarity_preserving > 0.0 {
                    terms.push(similarity_preserving_loss(student_f, teacher_f) * k.similarity_preserving);
                }
            }
            if k.attention > 0.0 {
                let (lt, ls) = (k.attention_teacher_layer.min(self.teacher_shapes.len()), k.attention_student_layer.min(student_layers.len()));
                let teacher_f = self.teacher_layer(lt, &x, &idx);
                terms.push(
                    attention_transfer_loss(student_layers[ls - 1].clone(), student_shapes[ls - 1], teacher_f, self.teacher_shapes[lt - 1]) * k.attention,
                );
            }
        }
        if k.hint > 0.0 {
            terms.push(self.hint_term(&student_layers, &x, &idx, &k) * k.hint);
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
    pub fn move_to(&mut self, distilled: &NetWeights, scratch: &NetWeights, teacher: &Classifier, data: &DeviceData, devices: &Devices) {
        self.distilled = Classifier::new(distilled, devices);
        self.scratch = Classifier::new(scratch, devices);
        self.teacher_targets = TeacherTargets::new(teacher, data);
        self.teacher = teacher.model.clone();
        self.devices = devices.clone();
        // The regressor restarts with Adam (its weights are not carried over).
        self.regressor = None;
    }
}

/// A layer with a spatial map (a conv block's output), not a vector.
fn is_map((_, h, w): MapShape) -> bool {
    h * w > 1
}

/// Floats of teacher features kept for every training row at most (64 MB):
/// an MLP's layers always fit; a conv block's maps on 8,000 MNIST rows do
/// not, and are recomputed on each batch instead.
const KEEP_FLOATS: usize = 16 << 20;

/// The frozen teacher's outputs on the training rows, computed once: the
/// logits (without dropout, a slice at a time), and the one feature layer
/// the terms last asked for, if it is small enough to keep.
struct TeacherTargets {
    logits: Tensor<2>,
    kept: Option<(usize, Tensor<2>)>,
    x_train: Tensor<2>,
    rows: usize,
    shapes: Vec<MapShape>,
}

impl TeacherTargets {
    fn new(teacher: &Classifier, data: &DeviceData) -> Self {
        Self {
            logits: teacher.model.logits_in_chunks(data.x_train.clone()).detach(),
            kept: None,
            x_train: data.x_train.clone(),
            rows: data.n_train,
            shapes: teacher.spec.layer_shapes(),
        }
    }

    /// Layer `layer` on every training row, if it fits [`KEEP_FLOATS`].
    fn layer(&mut self, layer: usize, teacher: &Net) -> Option<Tensor<2>> {
        let (c, h, w) = self.shapes[layer - 1];
        if self.rows * c * h * w > KEEP_FLOATS {
            return None;
        }
        if self.kept.as_ref().is_none_or(|(l, _)| *l != layer) {
            let all = teacher.target_layers(self.x_train.clone()).swap_remove(layer - 1).detach();
            self.kept = Some((layer, all));
        }
        self.kept.as_ref().map(|(_, t)| t.clone())
    }
}
