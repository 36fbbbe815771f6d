//! Distillation strategies beyond the offline teacher → student of
//! [`super::trainer::StudentPair`] (Gou et al. 2021, §4):
//!
//! - **Online**: deep mutual learning (Zhang et al. 2018). A cohort of peers
//!   trains at once on the same batches; each minimises its cross-entropy plus
//!   the mean KL from every other peer's prediction to its own (at T = 1, as in
//!   the paper), the others' predictions held fixed for that step. With two
//!   peers this is DML; with more, the cohort version.
//! - **Self-distillation with early exits** ("Be Your Own Teacher", Zhang et
//!   al. 2019): a linear classifier after every hidden layer of one network;
//!   the deepest output teaches each shallower exit (α·T²·KL + (1−α)·CE), the
//!   deepest learns from the labels, and all of it trains the shared trunk.
//! - **Born-again networks** (Furlanello et al. 2018) need nothing new: a
//!   [`StudentPair`](super::trainer::StudentPair) whose student has the
//!   teacher's architecture, repeated with each generation as the next teacher.
//!
//! Both types here implement [`Run`], so the session trains, measures and
//! rolls them back like the others.

use burn::prelude::*;

use super::distill::{cross_entropy, kd_kl_loss, kd_loss};
use super::model::{MlpSpec, MlpWeights, read_f32};
use super::rng::SeededRng;
use super::trainer::{BatchSampler, Classifier, DeviceData, Devices, Run, StepParams};

/// A cohort of peers learning from the labels and from each other.
pub struct MutualCohort {
    pub peers: Vec<Classifier>,
    sampler: BatchSampler,
    pub steps: usize,
}

impl MutualCohort {
    /// `specs.len()` peers (at least two), each with its own seeded initialisation.
    pub fn new(specs: &[MlpSpec], seed: u64, n_train: usize, devices: &Devices) -> Self {
        assert!(specs.len() >= 2, "mutual learning needs at least two peers");
        let peers = specs
            .iter()
            .enumerate()
            .map(|(i, spec)| Classifier::new(&MlpWeights::init(spec, &mut SeededRng::new(seed ^ (0xD31 + i as u64))), devices))
            .collect();
        Self { peers, sampler: BatchSampler::new(n_train, seed ^ 0xC0), steps: 0 }
    }
}

impl Run for MutualCohort {
    /// One loss per peer: CE + mean over the others of KL(p_other ‖ p_self).
    fn train_step(&mut self, data: &DeviceData, p: &StepParams) -> Vec<Tensor<1>> {
        let (x, y, _) = data.batch(&self.sampler.next_batch(p.batch_size));
        let logits: Vec<Tensor<2>> = self.peers.iter().map(|peer| peer.model.forward(x.clone())).collect();
        let others = (self.peers.len() - 1) as f32;
        let losses: Vec<Tensor<1>> = (0..self.peers.len())
            .map(|i| {
                let mimicry = (0..self.peers.len())
                    .filter(|&j| j != i)
                    .map(|j| kd_kl_loss(logits[i].clone(), logits[j].clone().detach(), 1.0))
                    .reduce(|a, b| a + b)
                    .expect("at least one other peer");
                cross_entropy(logits[i].clone(), y.clone()) + mimicry / others
            })
            .collect();
        // Each loss depends on its own peer only (the others are detached),
        // so one backward pass over the sum gives every peer its own gradient.
        let mut grads = losses.iter().cloned().reduce(|a, b| a + b).expect("peers").backward();
        for peer in &mut self.peers {
            peer.apply_share(&mut grads, p.learning_rate);
        }
        self.steps += 1;
        losses.into_iter().map(|l| l.detach()).collect()
    }

    fn networks_mut(&mut self) -> Vec<&mut Classifier> {
        self.peers.iter_mut().collect()
    }

    fn step_count_mut(&mut self) -> &mut usize {
        &mut self.steps
    }
}

/// One network with a classifier after every hidden layer, the deepest
/// output distilled into the shallower exits.
pub struct EarlyExitNet {
    pub trunk: Classifier,
    /// Exit i reads hidden layer i + 1.
    pub exits: Vec<Classifier>,
    sampler: BatchSampler,
    pub steps: usize,
}

impl EarlyExitNet {
    pub fn new(spec: &MlpSpec, seed: u64, n_train: usize, devices: &Devices) -> Self {
        let trunk = Classifier::new(&MlpWeights::init(spec, &mut SeededRng::new(seed)), devices);
        let exits = spec
            .hidden
            .iter()
            .enumerate()
            .map(|(i, &width)| {
                let exit = MlpSpec { input: width, hidden: vec![], classes: spec.classes };
                Classifier::new(&MlpWeights::init(&exit, &mut SeededRng::new(seed ^ (0xE417 + i as u64))), devices)
            })
            .collect();
        Self { trunk, exits, sampler: BatchSampler::new(n_train, seed ^ 0xE0), steps: 0 }
    }

    /// Logits of every exit, shallowest first, then the deepest output.
    pub fn forward_exits(&self, x: Tensor<2>) -> Vec<Tensor<2>> {
        let layers = self.trunk.model.forward_layers(x);
        let mut out: Vec<Tensor<2>> = self.exits.iter().zip(&layers).map(|(exit, h)| exit.model.forward(h.clone())).collect();
        out.push(layers.last().expect("logits").clone());
        out
    }

    /// Test accuracy of every exit (shallowest first, the deepest last).
    pub async fn exit_accuracies(&self, data: &DeviceData, test_labels: &[usize]) -> Result<Vec<f32>, String> {
        let start = data.n_train;
        let test_x = data.eval_x.clone().slice([start..start + data.n_test, 0..data.dim]);
        let mut accs = vec![];
        for logits in self.forward_exits(test_x.clone()) {
            let values = read_f32(logits).await?;
            accs.push(super::metrics::accuracy(&values, test_labels, data.classes));
        }
        Ok(accs)
    }
}

impl Run for EarlyExitNet {
    /// One loss: the deepest output's CE plus, for every exit,
    /// α·T²·KL(deepest_T ‖ exit_T) + (1−α)·CE.
    fn train_step(&mut self, data: &DeviceData, p: &StepParams) -> Vec<Tensor<1>> {
        let (x, y, _) = data.batch(&self.sampler.next_batch(p.batch_size));
        let outputs = self.forward_exits(x);
        let (deepest, shallow) = outputs.split_last().expect("the deepest output");
        let mut loss = cross_entropy(deepest.clone(), y.clone());
        for exit in shallow {
            loss = loss + kd_loss(exit.clone(), deepest.clone().detach(), y.clone(), p.alpha, p.temperature);
        }
        let mut grads = loss.backward();
        self.trunk.apply_share(&mut grads, p.learning_rate);
        for exit in &mut self.exits {
            exit.apply_share(&mut grads, p.learning_rate);
        }
        self.steps += 1;
        vec![loss.detach()]
    }

    fn networks_mut(&mut self) -> Vec<&mut Classifier> {
        std::iter::once(&mut self.trunk).chain(self.exits.iter_mut()).collect()
    }

    fn step_count_mut(&mut self) -> &mut usize {
        &mut self.steps
    }
}
