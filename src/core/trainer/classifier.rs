//! One network with its optimiser: an Adam step from a loss (or from its
//! share of a joint backward pass), copies and moves, and the reads the
//! views and metrics need, each async because a WebGPU read waits for the GPU.

use burn::optim::{AdamConfig, GradientsParams, ModuleOptimizer};
use burn::prelude::*;
use burn::tensor::{Gradients, TensorData};

use super::super::knowledge::attention_map;
use super::super::model::{NetSpec, NetWeights};
use super::super::net::{Net, read_f32};
use super::super::protocol::views::{BlockMaps, NetMaps};
use super::{DeviceData, Devices, Outputs};

/// One network with its optimiser.
pub struct Classifier {
    pub spec: NetSpec,
    pub model: Net,
    optim: ModuleOptimizer,
}

impl Classifier {
    pub fn new(weights: &NetWeights, devices: &Devices) -> Self {
        Self { spec: weights.spec.clone(), model: Net::from_weights(weights, &devices.train), optim: AdamConfig::new().init() }
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

    /// What this network's blocks make of one input row (none for an MLP):
    /// first-layer filters, and each block's attention map and first
    /// `channels` feature maps.
    pub async fn maps(&self, row: &[f32], devices: &Devices, channels: usize) -> Result<NetMaps, String> {
        let shapes = self.spec.conv_shapes();
        if shapes.is_empty() {
            return Ok(NetMaps::default());
        }
        let x = Tensor::<2>::from_data(TensorData::new(row.to_vec(), [1, row.len()]), &devices.plain);
        let model = self.model.valid();
        let layers = model.forward_layers(x);
        let mut blocks = vec![];
        for (layer, &(c, h, w)) in layers.into_iter().zip(&shapes) {
            let attention = read_f32(attention_map(layer.clone(), (c, h, w), 2.0)).await?;
            let values = read_f32(layer).await?;
            let channels = values.chunks(h * w).take(channels).map(<[f32]>::to_vec).collect();
            blocks.push(BlockMaps { height: h, width: w, attention, channels });
        }
        let first = read_f32(model.first_filters().ok_or("a conv network without a conv layer")?).await?;
        let k = self.spec.conv[0].kernel;
        let inputs = self.spec.input_shape().0;
        // [out, in, k, k]: each map's kernel on the first input channel.
        let filters = first.chunks(inputs * k * k).map(|f| f[..k * k].to_vec()).collect();
        Ok(NetMaps { kernel: k, filters, blocks })
    }

    /// Logits on the test rows only (no training rows, no boundary grid):
    /// what test-set figures need.
    pub async fn test_logits(&self, data: &DeviceData) -> Result<Vec<f32>, String> {
        read_f32(self.model.valid().logits_in_chunks(data.test_x(data.n_test))).await
    }

    /// Logits on every evaluation row, in one forward pass and one read.
    pub async fn outputs(&self, data: &DeviceData) -> Result<Outputs, String> {
        let all = read_f32(self.model.valid().logits_in_chunks(data.eval_x.clone())).await?;
        let c = data.classes;
        let (train, rest) = all.split_at(data.n_train * c);
        let (test, grid) = rest.split_at(data.n_test * c);
        Ok(Outputs { classes: c, train: train.to_vec(), test: test.to_vec(), grid: grid.to_vec() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::config::Architecture;
    use crate::core::rng::SeededRng;
    use futures::executor::block_on;

    #[test]
    fn a_cnns_maps_show_its_first_kernels_and_each_blocks_maps() {
        let devices = Devices::new(Device::flex());
        // 8×8 digits: two 3 × 3 blocks of 4 and 8 maps, then the logits.
        let spec = Architecture::cnn(2, 4, 3, 0, 16).spec(64, 10);
        let weights = NetWeights::init(&spec, &mut SeededRng::new(3));
        let net = Classifier::new(&weights, &devices);
        let maps = block_on(net.maps(&[0.5; 64], &devices, 2)).unwrap();
        // One 3 × 3 kernel per map of the first block, as the weights file holds them ([out, in = 1, k, k]).
        assert_eq!((maps.kernel, maps.filters.len()), (3, 4));
        for (i, f) in maps.filters.iter().enumerate() {
            assert_eq!(f[..], weights.layers[0].0[i * 9..(i + 1) * 9], "kernel {i}");
        }
        assert_eq!(maps.blocks.len(), 2);
        assert!(maps.blocks.iter().all(|b| b.channels.len() == 2 && b.attention.len() == b.height * b.width));
        // An MLP has no maps.
        let mlp = Classifier::new(&NetWeights::init(&NetSpec::uniform(64, 1, 8, 10), &mut SeededRng::new(3)), &devices);
        assert_eq!(block_on(mlp.maps(&[0.5; 64], &devices, 2)).unwrap(), NetMaps::default());
    }
}
