//! A short fine-tune after pruning (Han et al. 2015 retrain the surviving
//! weights): Adam on the labels — or on the teacher's soft targets too, the
//! classic KD loss α·T²·KL + (1−α)·CE — with the pruning mask applied after
//! every step, so the model stays exactly as sparse as it was cut.

use std::future::Future;
use std::time::Duration;

use web_time::Instant;

use super::super::distill::{cross_entropy, kd_loss};
use super::super::model::NetWeights;
use super::super::trainer::{BatchSampler, Classifier, DeviceData, Devices, salts};
use super::prune::{Mask, apply_mask};

/// What the fine-tune learns from besides the labels.
pub struct SoftTargets<'a> {
    pub teacher: &'a Classifier,
    pub temperature: f32,
    pub alpha: f32,
}

pub struct FineTune {
    pub steps: usize,
    pub batch_size: usize,
    pub learning_rate: f32,
    pub seed: u64,
}

/// Main-thread time between turns for the host (the page paints, takes input).
const CHUNK: Duration = Duration::from_millis(12);

#[allow(clippy::too_many_arguments)]
pub async fn fine_tune_pruned<Y: Future<Output = ()>>(
    weights: &NetWeights,
    mask: &Mask,
    data: &DeviceData,
    train_rows: usize,
    plan: &FineTune,
    soft: Option<SoftTargets<'_>>,
    devices: &Devices,
    yield_now: &impl Fn() -> Y,
) -> Result<NetWeights, String> {
    let masks: Vec<Vec<f32>> = mask.iter().map(|m| m.iter().map(|&keep| if keep { 1.0f32 } else { 0.0 }).collect()).collect();
    let mut net = Classifier::new(&apply_mask(weights, mask), devices);
    let masks = net.model.weight_masks(&masks);
    let mut sampler = BatchSampler::new(train_rows, plan.seed ^ salts::FINE_TUNE_BATCHES);
    let mut chunk = Instant::now();
    for _ in 0..plan.steps {
        if chunk.elapsed() >= CHUNK {
            yield_now().await;
            chunk = Instant::now();
        }
        let (x, y, _) = data.batch(&sampler.next_batch(plan.batch_size));
        let logits = net.model.forward(x.clone());
        let loss = match &soft {
            Some(s) => kd_loss(logits, s.teacher.model.target_logits(x).detach(), y, s.alpha, s.temperature),
            None => cross_entropy(logits, y),
        };
        net.apply(loss, plan.learning_rate);
        net.model = net.model.masked(&masks);
    }
    let tuned = net.model.weights(&weights.spec).await?;
    Ok(apply_mask(&tuned, mask))
}
