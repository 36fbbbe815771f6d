//! [`Net`]: the burn network a [`NetSpec`] describes — convolutional blocks
//! (conv → ReLU → max-pool, burn's `nn` modules) in front of a dense head —
//! built from plain [`NetWeights`] and read back into them. Apart from
//! `model.rs` so that the specs and weights build without burn (the page's
//! UI-only module, `Cargo.toml`'s `engine` feature).

use burn::module::Param;
use burn::nn::conv::Conv2d;
use burn::nn::pool::{MaxPool2d, MaxPool2dConfig};
use burn::nn::{Dropout, DropoutConfig, Linear, PaddingConfig2d};
use burn::prelude::*;
use burn::tensor::TensorData;
use burn::tensor::activation::relu;

use super::model::{EVAL_CHUNK, NetSpec, NetWeights};

/// 0/1 weight masks of a [`Net`], as tensors ([`Net::weight_masks`]).
pub struct WeightMasks {
    convs: Vec<Tensor<4>>,
    dense: Vec<Tensor<2>>,
}

/// A network of [`NetSpec`]: convolutional blocks (maybe none), then dense layers.
#[derive(Module, Debug)]
pub struct Net {
    convs: Vec<Conv2d>,
    pools: Vec<MaxPool2d>,
    layers: Vec<Linear>,
    dropout: Dropout,
    /// The input image's (channels, side): where flat rows are reshaped for the blocks.
    image: [usize; 2],
}

fn param<const D: usize>(values: &[f32], shape: [usize; D], device: &Device) -> Param<Tensor<D>> {
    Param::from_tensor(Tensor::from_data(TensorData::new(values.to_vec(), shape), device))
}

impl Net {
    /// The first conv layer's kernels `[out, in, k, k]` (none for an MLP):
    /// what the filter view shows, without reading every other weight.
    pub fn first_filters(&self) -> Option<Tensor<4>> {
        self.convs.first().map(|c| c.weight.val())
    }

    pub fn from_weights(weights: &NetWeights, device: &Device) -> Self {
        let spec = &weights.spec;
        let shapes = spec.param_shapes();
        let blocks = spec.conv_shapes().len();
        let convs = spec
            .conv
            .iter()
            .zip(&weights.layers)
            .zip(&shapes)
            .take(blocks)
            .map(|((block, (w, b)), (dims, _))| Conv2d {
                weight: param(w, [dims[0], dims[1], dims[2], dims[3]], device),
                bias: Some(param(b, [dims[0]], device)),
                stride: [block.stride.max(1); 2],
                kernel_size: [block.kernel; 2],
                dilation: [1, 1],
                groups: 1,
                padding: PaddingConfig2d::Explicit(block.padding, block.padding, block.padding, block.padding),
            })
            .collect();
        let pools = spec.conv.iter().take(blocks).map(|b| MaxPool2dConfig::new([b.pool.max(1); 2]).init()).collect();
        let layers = weights.layers[blocks..]
            .iter()
            .zip(&shapes[blocks..])
            .map(|((w, b), (dims, _))| Linear { weight: param(w, [dims[0], dims[1]], device), bias: Some(param(b, [dims[1]], device)) })
            .collect();
        let (channels, side, _) = spec.input_shape();
        Self { convs, pools, layers, dropout: DropoutConfig::new(f64::from(spec.dropout.clamp(0.0, 0.9))).init(), image: [channels, side] }
    }

    /// Logits `[batch, classes]` for inputs `[batch, input]`.
    pub fn forward(&self, x: Tensor<2>) -> Tensor<2> {
        self.run(x, true, false).pop().expect("logits")
    }

    /// Every layer's output for inputs `[batch, input]`, each flattened to
    /// `[batch, c·h·w]`: the blocks' pooled maps, the hidden layers after
    /// their ReLU, then the logits (so `len() == spec.layer_count()`).
    pub fn forward_layers(&self, x: Tensor<2>) -> Vec<Tensor<2>> {
        self.run(x, true, true)
    }

    /// [`Net::forward_layers`] without dropout: a frozen teacher's targets,
    /// read on the training device.
    pub fn target_layers(&self, x: Tensor<2>) -> Vec<Tensor<2>> {
        self.run(x, false, true)
    }

    /// Logits without dropout (see [`Net::target_layers`]).
    pub fn target_logits(&self, x: Tensor<2>) -> Tensor<2> {
        self.run(x, false, false).pop().expect("logits")
    }

    /// Logits without dropout for many rows, a slice at a time, so a
    /// convolutional net never holds every row's maps at once (10,000 MNIST
    /// rows through a 32-map block would be ~1 GB); an MLP takes one pass.
    pub fn logits_in_chunks(&self, x: Tensor<2>) -> Tensor<2> {
        let rows = x.dims()[0];
        if self.convs.is_empty() || rows <= EVAL_CHUNK {
            return self.target_logits(x);
        }
        let cols = x.dims()[1];
        let parts: Vec<Tensor<2>> =
            (0..rows).step_by(EVAL_CHUNK).map(|start| self.target_logits(x.clone().slice([start..(start + EVAL_CHUNK).min(rows), 0..cols]))).collect();
        Tensor::cat(parts, 0)
    }

    fn run(&self, x: Tensor<2>, dropout: bool, keep: bool) -> Vec<Tensor<2>> {
        let batch = x.dims()[0];
        let mut outputs = vec![];
        let mut h = x;
        if !self.convs.is_empty() {
            let [channels, side] = self.image;
            let mut map: Tensor<4> = h.reshape([batch, channels, side, side]); // [batch, 1, side, side]
            for (conv, pool) in self.convs.iter().zip(&self.pools) {
                map = pool.forward(relu(conv.forward(map))); // [batch, c, h, w]
                if keep {
                    outputs.push(map.clone().flatten(1, 3));
                }
            }
            h = map.flatten(1, 3); // [batch, c·h·w]
        }
        let last = self.layers.len() - 1;
        for (i, layer) in self.layers.iter().enumerate() {
            let z = layer.forward(h);
            h = if i < last {
                let a = relu(z);
                if dropout { self.dropout.forward(a) } else { a }
            } else {
                z
            };
            if keep || i == last {
                outputs.push(h.clone());
            }
        }
        outputs
    }

    /// The 0/1 masks (flat, in the order of [`NetWeights::layers`]) as
    /// tensors of this network's weight shapes, made once for a whole
    /// masked fine-tune rather than uploaded at every step.
    pub fn weight_masks(&self, masks: &[Vec<f32>]) -> WeightMasks {
        fn tensor<const D: usize>(mask: &[f32], like: &Param<Tensor<D>>) -> Tensor<D> {
            Tensor::from_data(TensorData::new(mask.to_vec(), like.dims()), &like.device())
        }
        let blocks = self.convs.len();
        WeightMasks {
            convs: self.convs.iter().zip(masks).map(|(c, m)| tensor(m, &c.weight)).collect(),
            dense: self.layers.iter().zip(&masks[blocks..]).map(|(l, m)| tensor(m, &l.weight)).collect(),
        }
    }

    /// Every weight times its 0/1 mask: a pruned model stays pruned while it
    /// trains. The parameters keep their ids, so the optimiser's state
    /// carries on; the product is detached, a fresh leaf.
    pub fn masked(self, masks: &WeightMasks) -> Self {
        fn apply<const D: usize>(p: Param<Tensor<D>>, mask: &Tensor<D>) -> Param<Tensor<D>> {
            p.map(|w| (w * mask.clone()).detach().require_grad())
        }
        let convs = self.convs.into_iter().zip(&masks.convs).map(|(mut c, m)| {
            c.weight = apply(c.weight, m);
            c
        });
        let layers = self.layers.into_iter().zip(&masks.dense).map(|(mut l, m)| {
            l.weight = apply(l.weight, m);
            l
        });
        Self { convs: convs.collect(), layers: layers.collect(), ..self }
    }

    /// Reads the weights back (async: on WebGPU a read waits for the GPU).
    pub async fn weights(&self, spec: &NetSpec) -> Result<NetWeights, String> {
        let mut layers = Vec::with_capacity(self.convs.len() + self.layers.len());
        for conv in &self.convs {
            let b = match &conv.bias {
                Some(b) => read_f32(b.val()).await?,
                None => vec![],
            };
            layers.push((read_f32(conv.weight.val()).await?, b));
        }
        for layer in &self.layers {
            let w = read_f32(layer.weight.val()).await?;
            let b = match &layer.bias {
                Some(b) => read_f32(b.val()).await?,
                None => vec![],
            };
            layers.push((w, b));
        }
        Ok(NetWeights { spec: spec.clone(), layers })
    }
}

/// Reads any float tensor into a flat `Vec<f32>` with the async read, the only
/// read that works in a browser.
pub async fn read_f32<const D: usize>(tensor: Tensor<D>) -> Result<Vec<f32>, String> {
    let data = tensor.into_data_async().await.map_err(|e| format!("reading a tensor failed: {e:?}"))?;
    data.try_into_vec_as::<f32>().map_err(|e| format!("unexpected tensor data: {e:?}"))
}
