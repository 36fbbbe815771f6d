//! The multilayer perceptron every teacher and student is made of, and its
//! size figures (parameters, bytes).
//!
//! Weights are initialised from our [`SeededRng`] rather than burn's RNG so a
//! seed gives the same network on every backend, and so the distilled and the
//! scratch student can start from *identical* weights.

use burn::module::Param;
use burn::nn::Linear;
use burn::prelude::*;
use burn::tensor::TensorData;
use burn::tensor::activation::relu;
use serde::{Deserialize, Serialize};

use super::rng::SeededRng;

pub const MAX_DEPTH: usize = 6;
pub const MAX_WIDTH: usize = 512;

/// Layer sizes of an MLP: `input → hidden… → classes`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MlpSpec {
    pub input: usize,
    pub hidden: Vec<usize>,
    pub classes: usize,
}

impl MlpSpec {
    /// `depth` hidden layers of `width` units each (clamped to 0..=6 and 1..=512).
    pub fn uniform(input: usize, depth: usize, width: usize, classes: usize) -> Self {
        Self { input, hidden: vec![width.clamp(1, MAX_WIDTH); depth.min(MAX_DEPTH)], classes }
    }

    pub fn layer_sizes(&self) -> Vec<usize> {
        std::iter::once(self.input).chain(self.hidden.iter().copied()).chain([self.classes]).collect()
    }

    /// Weights plus biases of every layer.
    pub fn param_count(&self) -> usize {
        self.layer_sizes().windows(2).map(|w| w[0] * w[1] + w[1]).sum()
    }

    pub fn bytes_f32(&self) -> usize {
        4 * self.param_count()
    }

    /// The usual shorthand, e.g. "2-64-64-3".
    pub fn describe(&self) -> String {
        self.layer_sizes().iter().map(|s| s.to_string()).collect::<Vec<_>>().join("-")
    }
}

/// Plain copies of an MLP's weights, `[in, out]` row-major per layer: what
/// moves a model between backends and what tests compare.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MlpWeights {
    pub spec: MlpSpec,
    pub layers: Vec<(Vec<f32>, Vec<f32>)>,
}

impl MlpWeights {
    /// All zeros: the blank a loaded record is written into.
    pub fn zeros(spec: &MlpSpec) -> Self {
        let layers = spec.layer_sizes().windows(2).map(|w| (vec![0.0; w[0] * w[1]], vec![0.0; w[1]])).collect();
        Self { spec: spec.clone(), layers }
    }

    /// He-uniform weights U(±√(6/fan_in)) (suits ReLU) and zero biases.
    pub fn init(spec: &MlpSpec, rng: &mut SeededRng) -> Self {
        let layers = spec
            .layer_sizes()
            .windows(2)
            .map(|w| {
                let bound = (6.0 / w[0] as f32).sqrt();
                ((0..w[0] * w[1]).map(|_| rng.range(-bound, bound)).collect(), vec![0.0; w[1]])
            })
            .collect();
        Self { spec: spec.clone(), layers }
    }
}

#[derive(Module, Debug)]
pub struct Mlp {
    layers: Vec<Linear>,
}

impl Mlp {
    pub fn from_weights(weights: &MlpWeights, device: &Device) -> Self {
        let sizes = weights.spec.layer_sizes();
        let layers = weights
            .layers
            .iter()
            .zip(sizes.windows(2))
            .map(|((w, b), io)| Linear {
                weight: Param::from_tensor(Tensor::from_data(TensorData::new(w.clone(), [io[0], io[1]]), device)),
                bias: Some(Param::from_tensor(Tensor::from_data(TensorData::new(b.clone(), [io[1]]), device))),
            })
            .collect();
        Self { layers }
    }

    /// Logits `[batch, classes]` for inputs `[batch, input]`; ReLU between layers.
    pub fn forward(&self, x: Tensor<2>) -> Tensor<2> {
        let last = self.layers.len() - 1;
        self.layers.iter().enumerate().fold(x, |h, (i, layer)| {
            let z = layer.forward(h);
            if i < last { relu(z) } else { z }
        })
    }

    /// Every layer's output for inputs `[batch, input]`: the hidden layers
    /// after their ReLU, then the logits (so `len() == depth + 1`).
    pub fn forward_layers(&self, x: Tensor<2>) -> Vec<Tensor<2>> {
        let last = self.layers.len() - 1;
        let mut outputs = Vec::with_capacity(self.layers.len());
        let mut h = x;
        for (i, layer) in self.layers.iter().enumerate() {
            let z = layer.forward(h);
            h = if i < last { relu(z) } else { z };
            outputs.push(h.clone());
        }
        outputs
    }

    /// Every layer's weights times its 0/1 mask `[in, out]`: a pruned model
    /// stays pruned while it trains. The parameters keep their ids, so the
    /// optimiser's state carries on; the product is detached, a fresh leaf.
    pub fn masked(self, masks: &[Tensor<2>]) -> Self {
        let layers = self
            .layers
            .into_iter()
            .zip(masks)
            .map(|(mut layer, mask)| {
                layer.weight = layer.weight.map(|w| (w * mask.clone()).detach().require_grad());
                layer
            })
            .collect();
        Self { layers }
    }

    /// Reads the weights back (async: on WebGPU a read waits for the GPU).
    pub async fn weights(&self, spec: &MlpSpec) -> Result<MlpWeights, String> {
        let mut layers = Vec::with_capacity(self.layers.len());
        for layer in &self.layers {
            let w = read_f32(layer.weight.val()).await?;
            let b = match &layer.bias {
                Some(b) => read_f32(b.val()).await?,
                None => vec![],
            };
            layers.push((w, b));
        }
        Ok(MlpWeights { spec: spec.clone(), layers })
    }
}

/// Reads any float tensor into a flat `Vec<f32>` with the async read, the only
/// read that works in a browser.
pub async fn read_f32<const D: usize>(tensor: Tensor<D>) -> Result<Vec<f32>, String> {
    let data = tensor.into_data_async().await.map_err(|e| format!("reading a tensor failed: {e:?}"))?;
    data.try_into_vec_as::<f32>().map_err(|e| format!("unexpected tensor data: {e:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::executor::block_on;

    #[test]
    fn sizes_of_a_known_architecture() {
        let spec = MlpSpec::uniform(2, 2, 64, 3);
        assert_eq!(spec.describe(), "2-64-64-3");
        // (2·64 + 64) + (64·64 + 64) + (64·3 + 3) = 192 + 4160 + 195
        assert_eq!(spec.param_count(), 4547);
        assert_eq!(spec.bytes_f32(), 18188);
        assert_eq!(MlpSpec::uniform(2, 0, 8, 2).param_count(), 6);
    }

    #[test]
    fn weights_round_trip_and_forward_matches_hand_maths() {
        let device = Device::flex();
        // 2-2-2 net: h = relu(x W1 + b1), z = h W2 + b2.
        let spec = MlpSpec { input: 2, hidden: vec![2], classes: 2 };
        let weights = MlpWeights { spec: spec.clone(), layers: vec![(vec![1.0, -1.0, 2.0, 0.5], vec![0.0, 0.1]), (vec![1.0, 0.0, 0.0, 1.0], vec![0.5, -0.5])] };
        let mlp = Mlp::from_weights(&weights, &device);
        assert_eq!(block_on(mlp.weights(&spec)).unwrap(), weights);
        // x = [1, 1]: xW1 + b1 = [1 + 2, -1 + 0.5 + 0.1] = [3, -0.4] → relu [3, 0] → z = [3.5, -0.5]
        let x = Tensor::<2>::from_data(TensorData::new(vec![1.0f32, 1.0], [1, 2]), &device);
        let z = block_on(read_f32(mlp.forward(x))).unwrap();
        assert!((z[0] - 3.5).abs() < 1e-6 && (z[1] + 0.5).abs() < 1e-6, "{z:?}");
    }
}
