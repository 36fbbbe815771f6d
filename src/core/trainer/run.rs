//! What a session drives: the knobs of one step, and the [`Run`] trait that
//! every trainable thing (a teacher, a student pair, a strategy) implements.

use burn::prelude::*;

use super::super::net::Net;
use super::{Classifier, DeviceData, StepParams};

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

    fn snapshot(&mut self) -> Vec<Net> {
        self.networks_mut().into_iter().map(|c| c.model.clone()).collect()
    }

    /// Restores `snapshot`, forgets the (poisoned) Adam moments and uncounts `steps`.
    fn rollback(&mut self, snapshot: Vec<Net>, steps: usize) {
        for (net, model) in self.networks_mut().into_iter().zip(snapshot) {
            net.model = model;
            net.reset_optimizer();
        }
        *self.step_count_mut() -= steps;
    }
}
