//! The compression ladder: teacher → distilled student → pruned (and
//! fine-tuned) → quantised or weight-shared, each step's test accuracy and
//! real size, beside the scratch student given the same treatment — so the
//! page can put every step on one accuracy-vs-cost chart.

use serde::{Deserialize, Serialize};

use super::super::names::ModelName;
use super::prune::Scope;
use super::quantize::Granularity;

// The engine's half (burn, training): not in the page's UI-only module.
#[cfg(feature = "engine")]
use {
    super::super::metrics::accuracy,
    super::super::model::NetWeights,
    super::super::trainer::{Classifier, DeviceData, Devices},
    super::cost::cost,
    super::fine_tune::{FineTune, SoftTargets, fine_tune_pruned},
    super::prune::{nonzero, prune, sparse_bytes, stored_bytes},
    super::quantize::{dequantize, quantize},
    super::weight_sharing::share_weights,
    std::future::Future,
};

/// What happens after pruning.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum LastStep {
    None,
    Int8(Granularity),
    /// Weight sharing with 2^bits values per layer.
    Share(u32),
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CompressPlan {
    /// Share of weights removed, 0–0.99.
    pub sparsity: f32,
    pub scope: Scope,
    /// Masked fine-tune steps after pruning (0 = none).
    pub fine_tune_steps: usize,
    /// Fine-tune on the teacher's soft targets (the page's T and α) as well as the labels.
    pub fine_tune_with_teacher: bool,
    pub last: LastStep,
}

impl Default for CompressPlan {
    fn default() -> Self {
        Self { sparsity: 0.8, scope: Scope::Global, fine_tune_steps: 200, fine_tune_with_teacher: true, last: LastStep::Int8(Granularity::PerChannel) }
    }
}

impl CompressPlan {
    pub fn normalised(&self) -> Self {
        let sparsity = if self.sparsity.is_finite() { self.sparsity.clamp(0.0, 0.99) } else { 0.8 };
        let last = match self.last {
            LastStep::Share(b) => LastStep::Share(b.clamp(1, super::weight_sharing::MAX_BITS)),
            other => other,
        };
        Self { sparsity, fine_tune_steps: self.fine_tune_steps.min(5000), last, ..*self }
    }
}

/// A step of the ladder, as the table and the chart name it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum LadderStage {
    /// The model as trained.
    Trained,
    /// Pruned to `sparsity` (0–1), then fine-tuned for `fine_tune_steps`
    /// (0: not at all), on the teacher's soft targets too where `with_teacher`.
    Pruned { sparsity: f32, fine_tune_steps: usize, with_teacher: bool },
    /// Then quantised to int8.
    Int8,
    /// Then k-means weight sharing into 2^bits values per layer.
    Shared { bits: u32 },
}

/// One model at one step of the ladder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LadderPoint {
    /// The teacher, the distilled student or the scratch one.
    pub model: ModelName,
    pub stage: LadderStage,
    pub params: usize,
    /// Weights that are not zero.
    pub nonzero: usize,
    /// Real stored size in bytes: sparse where that is smaller, quantised or
    /// shared where those apply.
    pub bytes: usize,
    pub test_accuracy: f32,
}

#[cfg(feature = "engine")]
async fn score(weights: &NetWeights, data: &DeviceData, labels: &[usize], devices: &Devices) -> Result<f32, String> {
    let logits = Classifier::new(weights, devices).test_logits(data).await?;
    Ok(accuracy(&logits, labels, data.classes))
}

#[cfg(feature = "engine")]
/// Runs the ladder on each student (name, weights); the teacher is the first
/// point. Each point comes with its weights (as evaluated: a quantised or
/// shared model's dequantised floats), for its ONNX file.
#[allow(clippy::too_many_arguments)]
pub async fn run_ladder<Y: Future<Output = ()>>(
    teacher: &Classifier,
    students: &[(ModelName, NetWeights)],
    plan: &CompressPlan,
    temperature: f32,
    alpha: f32,
    train: &DeviceData,
    eval: &DeviceData,
    test_labels: &[usize],
    tune: (usize, f32, u64),
    devices: &Devices,
    yield_now: &impl Fn() -> Y,
) -> Result<Vec<(LadderPoint, NetWeights)>, String> {
    let plan = plan.normalised();
    let (batch_size, learning_rate, seed) = tune;
    let teacher_w = teacher.model.weights(&teacher.spec).await?;
    let point = |model: ModelName, stage: LadderStage, w: &NetWeights, bytes: usize, acc: f32| {
        (LadderPoint { model, stage, params: w.spec.param_count(), nonzero: nonzero(w), bytes, test_accuracy: acc }, w.clone())
    };
    let mut points =
        vec![point(ModelName::Teacher, LadderStage::Trained, &teacher_w, cost(&teacher.spec).bytes, score(&teacher_w, eval, test_labels, devices).await?)];
    for (name, trained) in students {
        yield_now().await;
        points.push(point(*name, LadderStage::Trained, trained, cost(&trained.spec).bytes, score(trained, eval, test_labels, devices).await?));
        let (cut, mask) = prune(trained, plan.sparsity, plan.scope);
        let tuned = if plan.fine_tune_steps > 0 {
            let soft = plan.fine_tune_with_teacher.then_some(SoftTargets { teacher, temperature, alpha });
            let ft = FineTune { steps: plan.fine_tune_steps, batch_size, learning_rate, seed };
            fine_tune_pruned(&cut, &mask, train, train.n_train, &ft, soft, devices, yield_now).await?
        } else {
            cut
        };
        let pruned_stage = LadderStage::Pruned { sparsity: plan.sparsity, fine_tune_steps: plan.fine_tune_steps, with_teacher: plan.fine_tune_with_teacher };
        let pruned_bytes = sparse_bytes(&tuned);
        points.push(point(*name, pruned_stage, &tuned, pruned_bytes, score(&tuned, eval, test_labels, devices).await?));
        yield_now().await;
        let last = match plan.last {
            LastStep::None => None,
            LastStep::Int8(g) => {
                let q = dequantize(&quantize(&tuned, g), &tuned);
                let scales = |_: usize, outputs: usize| 4 * if g == Granularity::PerChannel { outputs } else { 1 };
                Some((LadderStage::Int8, stored_bytes(&q, 8, scales), q))
            }
            LastStep::Share(bits) => {
                let s = share_weights(&tuned, bits);
                Some((LadderStage::Shared { bits }, stored_bytes(&s, bits as usize, |_, _| 4 << bits), s))
            }
        };
        if let Some((stage, bytes, w)) = last {
            points.push(point(*name, stage, &w, bytes, score(&w, eval, test_labels, devices).await?));
        }
    }
    Ok(points)
}
