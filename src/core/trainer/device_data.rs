//! The dataset uploaded once: training rows and one-hot labels on the
//! autodiff device, and every row to evaluate (with the 2-D boundary grid)
//! on the plain one, so each evaluation is one forward pass and one read.

use burn::prelude::*;
use burn::tensor::{Int, TensorData};

use super::super::dataset::{Dataset, Samples};
use super::{Devices, grid_points};

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
            eval.extend(grid_points(data.view_extent()));
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
