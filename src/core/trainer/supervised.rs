//! A network trained on hard labels alone (the teacher, or any baseline):
//! the plain loop, cross-entropy → backward → Adam step.

use burn::prelude::*;

use super::super::distill::cross_entropy;
use super::super::model::{NetSpec, NetWeights};
use super::super::rng::SeededRng;
use super::{BatchSampler, Classifier, DeviceData, Devices, Run, StepParams, salts};

/// A teacher (or any single network) trained on hard labels.
pub struct SupervisedRun {
    pub net: Classifier,
    sampler: BatchSampler,
    pub steps: usize,
}

impl SupervisedRun {
    pub fn new(spec: &NetSpec, seed: u64, n_train: usize, devices: &Devices) -> Self {
        let weights = NetWeights::init(spec, &mut SeededRng::new(seed));
        // Dropout draws its masks from burn's generator: seeded, a run repeats.
        if spec.dropout > 0.0 {
            devices.train.seed(seed ^ salts::DROPOUT);
        }
        Self { net: Classifier::new(&weights, devices), sampler: BatchSampler::new(n_train, seed ^ salts::TEACHER_BATCHES), steps: 0 }
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
