//! Where tensors live: a plain device for evaluation and its autodiff twin
//! for training, made from one backend's device so the two always match.

use burn::prelude::*;

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
