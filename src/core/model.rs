//! The networks every teacher and student is made of — a multilayer
//! perceptron, or convolutional blocks (conv → ReLU → max-pool) in front of
//! the same dense head — described and sized, and their weights as plain
//! numbers. The burn network itself is [`super::net`] (the `engine`
//! feature): this half builds without burn, for the page's UI-only module.
//!
//! One description, [`NetSpec`], covers both kinds: a spec without
//! convolutional blocks *is* the MLP, so training, strategies, compression,
//! weights files and links take either without a second code path. Inputs
//! stay flat rows `[batch, input]`; a network with blocks reads them as one
//! square grey image (`input` = side², e.g. 784 = 28 × 28), and its layer
//! outputs travel flattened too, their shapes known from the spec
//! ([`NetSpec::layer_shapes`]) — what the feature-based knowledge reads.
//!
//! Weights are initialised from our [`SeededRng`] rather than burn's RNG so a
//! seed gives the same network on every backend, and so the distilled and the
//! scratch student can start from *identical* weights.

use serde::{Deserialize, Serialize};

use super::rng::SeededRng;

pub const MAX_DEPTH: usize = 6;
pub const MAX_WIDTH: usize = 1200;
/// Most convolutional blocks a network may have (28 → 14 → 7 → 3 with 2×2 pools).
pub const MAX_CONV_BLOCKS: usize = 3;

/// Rows a convolutional net evaluates at once (`net::Net::logits_in_chunks`).
pub const EVAL_CHUNK: usize = 500;

/// (channels, height, width) of a layer's output; a dense layer is `(units, 1, 1)`.
pub type MapShape = (usize, usize, usize);

/// One convolutional block: a `kernel` × `kernel` convolution to `channels`
/// maps (`stride`, zero `padding` on every side), ReLU, then `pool` × `pool`
/// max-pooling (1 = none).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConvLayer {
    pub channels: usize,
    pub kernel: usize,
    pub stride: usize,
    pub padding: usize,
    pub pool: usize,
}

impl ConvLayer {
    /// The usual block: a "same" convolution (stride 1, padding k / 2) and a 2 × 2 pool.
    pub fn same(channels: usize, kernel: usize) -> Self {
        Self { channels, kernel, stride: 1, padding: kernel / 2, pool: 2 }
    }

    /// The map this block makes from an `(c, h, w)` input; `None` if it would be empty.
    pub fn output(&self, (_, h, w): MapShape) -> Option<MapShape> {
        let conv = |n: usize| (n + 2 * self.padding).checked_sub(self.kernel).map(|r| r / self.stride.max(1) + 1);
        let (h, w) = (conv(h)? / self.pool.max(1), conv(w)? / self.pool.max(1));
        (h > 0 && w > 0).then_some((self.channels, h, w))
    }
}

/// A network's shape: optional convolutional blocks, hidden dense layers, logits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NetSpec {
    pub input: usize,
    /// Convolutional blocks on the input read as a square image (none: an MLP).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conv: Vec<ConvLayer>,
    pub hidden: Vec<usize>,
    pub classes: usize,
    /// Dropout on the hidden dense layers while training (Hinton et al.'s
    /// MNIST teacher used 0.5); 0 = none.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub dropout: f32,
}

fn is_zero(x: &f32) -> bool {
    *x == 0.0
}

/// The side of a square image of `input` pixels, if `input` is one (8×8 digits, 28×28 MNIST).
pub fn image_side(input: usize) -> Option<usize> {
    let side = (input as f64).sqrt().round() as usize;
    (side >= 4 && side * side == input).then_some(side)
}

impl NetSpec {
    /// `depth` hidden layers of `width` units each (clamped to 0..=6 and 1..=1200).
    pub fn uniform(input: usize, depth: usize, width: usize, classes: usize) -> Self {
        Self { input, conv: vec![], hidden: vec![width.clamp(1, MAX_WIDTH); depth.min(MAX_DEPTH)], classes, dropout: 0.0 }
    }

    /// An MLP with these hidden layers.
    pub fn mlp(input: usize, hidden: Vec<usize>, classes: usize) -> Self {
        Self { input, conv: vec![], hidden, classes, dropout: 0.0 }
    }

    pub fn is_convolutional(&self) -> bool {
        !self.conv.is_empty()
    }

    /// The input image's shape `(1, side, side)`, or the flat row as `(input, 1, 1)`.
    pub fn input_shape(&self) -> MapShape {
        match image_side(self.input) {
            Some(side) if self.is_convolutional() => (1, side, side),
            _ => (self.input, 1, 1),
        }
    }

    /// The output shape of every convolutional block (stops at a block that would be empty).
    pub fn conv_shapes(&self) -> Vec<MapShape> {
        let mut shape = self.input_shape();
        let mut out = vec![];
        for block in &self.conv {
            match block.output(shape) {
                Some(next) => {
                    out.push(next);
                    shape = next;
                }
                None => break,
            }
        }
        out
    }

    /// Whether every block has a non-empty output on a square input.
    pub fn is_valid(&self) -> bool {
        !self.is_convolutional() || (image_side(self.input).is_some() && self.conv_shapes().len() == self.conv.len())
    }

    /// Units entering the dense head (the last block's maps, flattened).
    pub fn flat_features(&self) -> usize {
        self.conv_shapes().last().map_or(self.input, |&(c, h, w)| c * h * w)
    }

    /// Units of the dense part: `flat features → hidden… → classes`.
    pub fn layer_sizes(&self) -> Vec<usize> {
        std::iter::once(self.flat_features()).chain(self.hidden.iter().copied()).chain([self.classes]).collect()
    }

    /// Every layer's output shape: the blocks', the hidden layers', the logits'.
    /// Layer `i` (1-based) of the knowledge settings is `layer_shapes()[i - 1]`.
    pub fn layer_shapes(&self) -> Vec<MapShape> {
        self.conv_shapes().into_iter().chain(self.hidden.iter().map(|&u| (u, 1, 1))).chain([(self.classes, 1, 1)]).collect()
    }

    /// Layers a feature term can read: blocks + hidden layers + the logits.
    pub fn layer_count(&self) -> usize {
        self.conv.len() + self.hidden.len() + 1
    }

    /// Shape of every weight tensor (conv `[out, in, k, k]`, dense `[in, out]`)
    /// with its bias length, in the order of [`NetWeights::layers`].
    pub fn param_shapes(&self) -> Vec<(Vec<usize>, usize)> {
        let mut channels = self.input_shape().0;
        let mut shapes = vec![];
        for block in self.conv.iter().take(self.conv_shapes().len()) {
            shapes.push((vec![block.channels, channels, block.kernel, block.kernel], block.channels));
            channels = block.channels;
        }
        shapes.extend(self.layer_sizes().windows(2).map(|w| (vec![w[0], w[1]], w[1])));
        shapes
    }

    /// Weights plus biases of every layer.
    pub fn param_count(&self) -> usize {
        self.param_shapes().iter().map(|(w, b)| w.iter().product::<usize>() + b).sum()
    }

    /// Multiply-adds of one forward pass of one input.
    pub fn mult_adds(&self) -> usize {
        let mut inputs = self.input_shape().0;
        let mut total = 0;
        for (block, (c, h, w)) in self.conv.iter().zip(self.conv_shapes()) {
            // Every pre-pool output position: (h·pool)·(w·pool) of them.
            let positions = (h * block.pool.max(1)) * (w * block.pool.max(1));
            total += positions * c * inputs * block.kernel * block.kernel;
            inputs = c;
        }
        total + self.layer_sizes().windows(2).map(|w| w[0] * w[1]).sum::<usize>()
    }

    pub fn bytes_f32(&self) -> usize {
        4 * self.param_count()
    }

    /// The usual shorthand, e.g. "2-64-64-3"; a block is `{channels}c{kernel}`,
    /// e.g. "784-8c3-16c3-128-10".
    pub fn describe(&self) -> String {
        let blocks = self.conv.iter().map(|b| format!("{}c{}", b.channels, b.kernel));
        let dense = self.hidden.iter().chain([&self.classes]).map(|s| s.to_string());
        std::iter::once(self.input.to_string()).chain(blocks).chain(dense).collect::<Vec<_>>().join("-")
    }
}

/// Plain copies of a network's weights, one `(weight, bias)` per layer in the
/// order of [`NetSpec::param_shapes`] (conv `[out, in, k, k]`, dense
/// `[in, out]`, row-major): what moves a model between backends and what
/// tests compare.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NetWeights {
    pub spec: NetSpec,
    pub layers: Vec<(Vec<f32>, Vec<f32>)>,
}

impl NetWeights {
    /// All zeros: the blank a loaded record is written into.
    pub fn zeros(spec: &NetSpec) -> Self {
        let layers = spec.param_shapes().into_iter().map(|(w, b)| (vec![0.0; w.iter().product()], vec![0.0; b])).collect();
        Self { spec: spec.clone(), layers }
    }

    /// He-uniform weights U(±√(6/fan_in)) (suits ReLU) and zero biases.
    pub fn init(spec: &NetSpec, rng: &mut SeededRng) -> Self {
        let layers = spec
            .param_shapes()
            .into_iter()
            .map(|(w, b)| {
                // Conv: fan-in = in · k · k; dense [in, out]: in.
                let fan_in: usize = if w.len() == 4 { w[1..].iter().product() } else { w[0] };
                let bound = (6.0 / fan_in.max(1) as f32).sqrt();
                ((0..w.iter().product::<usize>()).map(|_| rng.range(-bound, bound)).collect(), vec![0.0; b])
            })
            .collect();
        Self { spec: spec.clone(), layers }
    }
}

/// One named model: what a weights file ([`super::weights_file`]) holds
/// per model and what the page sends the session to load.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NamedWeights {
    pub name: String,
    pub steps: usize,
    pub weights: NetWeights,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::net::{Net, read_f32};
    use burn::prelude::*;
    use burn::tensor::TensorData;
    use futures::executor::block_on;

    #[test]
    fn sizes_of_a_known_architecture() {
        let spec = NetSpec::uniform(2, 2, 64, 3);
        assert_eq!(spec.describe(), "2-64-64-3");
        // (2·64 + 64) + (64·64 + 64) + (64·3 + 3) = 192 + 4160 + 195
        assert_eq!(spec.param_count(), 4547);
        assert_eq!(spec.bytes_f32(), 18188);
        assert_eq!(NetSpec::uniform(2, 0, 8, 2).param_count(), 6);
    }

    #[test]
    fn weights_round_trip_and_forward_matches_hand_maths() {
        let device = Device::flex();
        // 2-2-2 net: h = relu(x W1 + b1), z = h W2 + b2.
        let spec = NetSpec::mlp(2, vec![2], 2);
        let weights = NetWeights { spec: spec.clone(), layers: vec![(vec![1.0, -1.0, 2.0, 0.5], vec![0.0, 0.1]), (vec![1.0, 0.0, 0.0, 1.0], vec![0.5, -0.5])] };
        let mlp = Net::from_weights(&weights, &device);
        assert_eq!(block_on(mlp.weights(&spec)).unwrap(), weights);
        // x = [1, 1]: xW1 + b1 = [1 + 2, -1 + 0.5 + 0.1] = [3, -0.4] → relu [3, 0] → z = [3.5, -0.5]
        let x = Tensor::<2>::from_data(TensorData::new(vec![1.0f32, 1.0], [1, 2]), &device);
        let z = block_on(read_f32(mlp.forward(x))).unwrap();
        assert!((z[0] - 3.5).abs() < 1e-6 && (z[1] + 0.5).abs() < 1e-6, "{z:?}");
    }

    #[test]
    fn conv_shapes_and_sizes_of_a_known_cnn() {
        let spec = NetSpec { conv: vec![ConvLayer::same(8, 3), ConvLayer::same(16, 3)], ..NetSpec::mlp(784, vec![], 10) };
        assert_eq!(spec.input_shape(), (1, 28, 28));
        assert_eq!(spec.conv_shapes(), vec![(8, 14, 14), (16, 7, 7)]);
        assert_eq!(spec.layer_shapes(), vec![(8, 14, 14), (16, 7, 7), (10, 1, 1)]);
        assert_eq!(spec.layer_sizes(), vec![784, 10]);
        // (1·8·9 + 8) + (8·16·9 + 16) + (784·10 + 10)
        assert_eq!(spec.param_count(), 80 + 1168 + 7850);
        // 28·28·8·9 + 14·14·16·8·9 + 784·10
        assert_eq!(spec.mult_adds(), 56_448 + 225_792 + 7840);
        assert_eq!(spec.describe(), "784-8c3-16c3-10");
        assert!(spec.is_valid());
        // Blocks on a 2-D point make no image: Architecture::spec never builds them.
        assert_eq!(image_side(2), None);
        assert_eq!((image_side(64), image_side(784), image_side(63)), (Some(8), Some(28), None));
        // Too many pools for an 8×8 image: the fourth block would be empty.
        let deep = NetSpec { conv: vec![ConvLayer::same(2, 3); 4], ..NetSpec::mlp(64, vec![], 10) };
        assert_eq!(deep.conv_shapes().len(), 3);
        assert!(!deep.is_valid());
    }

    #[test]
    fn conv_forward_matches_hand_maths() {
        let device = Device::flex();
        // A 4×4 image, one 2×2 kernel (valid, stride 1) → 3×3, ReLU, 2×2 max-pool → 1×1, then dense 1 → 2.
        let block = ConvLayer { channels: 1, kernel: 2, stride: 1, padding: 0, pool: 2 };
        let spec = NetSpec { conv: vec![block], ..NetSpec::mlp(16, vec![], 2) };
        assert_eq!(spec.conv_shapes(), vec![(1, 1, 1)]);
        let kernel = vec![1.0, 0.0, 0.0, -1.0]; // x[i][j] − x[i+1][j+1]
        let weights = NetWeights { spec: spec.clone(), layers: vec![(kernel, vec![0.5]), (vec![2.0, -1.0], vec![0.0, 1.0])] };
        let net = Net::from_weights(&weights, &device);
        assert_eq!(block_on(net.weights(&spec)).unwrap(), weights);
        #[rustfmt::skip]
        let image = vec![
            1.0, 2.0, 0.0, 0.0,
            0.0, 3.0, 1.0, 0.0,
            4.0, 0.0, 0.0, 2.0,
            0.0, 0.0, 0.0, 5.0f32,
        ];
        // conv + 0.5: row 0: 1−3, 2−1, 0−0 → −1.5, 1.5, 0.5; row 1: 0−0, 3−0, 1−2 → 0.5, 3.5, −0.5;
        // row 2: 4−0, 0−0, 0−5 → 4.5, 0.5, −4.5. ReLU, then the 2×2 pool over rows 0–1, cols 0–1: max(0, 1.5, 0.5, 3.5) = 3.5.
        // Dense: [3.5·2, 3.5·(−1) + 1] = [7, −2.5].
        let x = Tensor::<2>::from_data(TensorData::new(image, [1, 16]), &device);
        let layers = net.forward_layers(x.clone());
        assert_eq!(block_on(read_f32(layers[0].clone())).unwrap(), vec![3.5]);
        let z = block_on(read_f32(net.forward(x))).unwrap();
        assert!((z[0] - 7.0).abs() < 1e-5 && (z[1] + 2.5).abs() < 1e-5, "{z:?}");
    }

    #[test]
    fn dropout_acts_only_while_training() {
        let device = Device::flex().autodiff();
        let mut spec = NetSpec::uniform(4, 1, 64, 3);
        spec.dropout = 0.5;
        let net = Net::from_weights(&NetWeights::init(&spec, &mut SeededRng::new(1)), &device);
        let x = Tensor::<2>::from_data(TensorData::new(vec![1.0f32; 8], [2, 4]), &device);
        let (a, b) = (block_on(read_f32(net.forward(x.clone()))).unwrap(), block_on(read_f32(net.forward(x.clone()))).unwrap());
        assert_ne!(a, b, "two training passes drop different units");
        let (t1, t2) = (block_on(read_f32(net.target_logits(x.clone()))).unwrap(), block_on(read_f32(net.target_logits(x.clone()))).unwrap());
        assert_eq!(t1, t2, "targets are read without dropout");
        assert_eq!(block_on(read_f32(net.valid().forward(x.inner()))).unwrap(), t1, "evaluation is without dropout");
    }
}
