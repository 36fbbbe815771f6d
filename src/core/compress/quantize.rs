//! Post-training int8 quantisation of the weights (symmetric, as in Jacob
//! et al. 2018's weight path): each weight becomes round(w / s) in
//! [−127, 127] with one f32 scale s = max|w| / 127 per tensor or per output
//! channel. The model is evaluated with the dequantised weights q · s, which
//! is what int8 inference computes; biases stay f32.

use serde::{Deserialize, Serialize};

use super::super::model::NetWeights;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Granularity {
    PerTensor,
    /// One scale per output unit (a column of the `[in, out]` weights).
    PerChannel,
}

/// A layer's int8 weights and their scales (one, or one per output unit).
#[derive(Debug, Clone, PartialEq)]
pub struct QuantizedLayer {
    pub values: Vec<i8>,
    pub scales: Vec<f32>,
    pub outputs: usize,
    pub bias: Vec<f32>,
}

impl QuantizedLayer {
    fn scale_of(&self, i: usize) -> f32 {
        if self.scales.len() == 1 { self.scales[0] } else { self.scales[i % self.outputs] }
    }
}

pub fn quantize(weights: &NetWeights, granularity: Granularity) -> Vec<QuantizedLayer> {
    weights
        .layers
        .iter()
        .map(|(w, b)| {
            let outputs = b.len();
            let scale = |amax: f32| if amax > 0.0 { amax / 127.0 } else { 1.0 };
            let scales: Vec<f32> = match granularity {
                Granularity::PerTensor => vec![scale(w.iter().fold(0.0f32, |m, x| m.max(x.abs())))],
                Granularity::PerChannel => (0..outputs).map(|o| scale(w.iter().skip(o).step_by(outputs).fold(0.0f32, |m, x| m.max(x.abs())))).collect(),
            };
            let mut layer = QuantizedLayer { values: vec![], scales, outputs, bias: b.clone() };
            layer.values = w.iter().enumerate().map(|(i, x)| (x / layer.scale_of(i)).round().clamp(-127.0, 127.0) as i8).collect();
            layer
        })
        .collect()
}

/// The f32 weights int8 inference effectively uses: q · s.
pub fn dequantize(layers: &[QuantizedLayer], like: &NetWeights) -> NetWeights {
    let layers = layers.iter().map(|l| ((0..l.values.len()).map(|i| f32::from(l.values[i]) * l.scale_of(i)).collect(), l.bias.clone())).collect();
    NetWeights { spec: like.spec.clone(), layers }
}

/// The real stored size: one byte per weight, four per scale and per bias.
pub fn quantized_bytes(layers: &[QuantizedLayer]) -> usize {
    layers.iter().map(|l| l.values.len() + 4 * l.scales.len() + 4 * l.bias.len()).sum()
}

#[cfg(test)]
mod tests {
    use super::super::super::model::NetSpec;
    use super::super::super::rng::SeededRng;
    use super::*;

    #[test]
    fn the_round_trip_error_is_within_half_a_quantisation_step() {
        let w = NetWeights::init(&NetSpec::uniform(5, 2, 12, 4), &mut SeededRng::new(9));
        for g in [Granularity::PerTensor, Granularity::PerChannel] {
            let q = quantize(&w, g);
            let back = dequantize(&q, &w);
            for ((orig, _), (layer, (deq, _))) in w.layers.iter().zip(q.iter().zip(&back.layers)) {
                for (i, (a, b)) in orig.iter().zip(deq).enumerate() {
                    assert!((a - b).abs() <= layer.scale_of(i) / 2.0 + 1e-7, "{g:?}: {a} vs {b}");
                }
            }
        }
    }

    #[test]
    fn scales_follow_the_largest_weight_and_sizes_are_real() {
        let spec = NetSpec::uniform(2, 0, 1, 2);
        // Weights [in 2, out 2] row-major: column 0 = (1, −0.5), column 1 = (0.25, 0.1).
        let w = NetWeights { spec: spec.clone(), layers: vec![(vec![1.0, 0.25, -0.5, 0.1], vec![0.0, 0.0])] };
        let t = quantize(&w, Granularity::PerTensor);
        assert_eq!(t[0].scales, vec![1.0 / 127.0]);
        assert_eq!(t[0].values, vec![127, 32, -64, 13]);
        let c = quantize(&w, Granularity::PerChannel);
        assert_eq!(c[0].scales, vec![1.0 / 127.0, 0.25 / 127.0]);
        assert_eq!(c[0].values, vec![127, 127, -64, 51]);
        assert_eq!(quantized_bytes(&t), 4 + 4 + 8);
        assert_eq!(quantized_bytes(&c), 4 + 8 + 8);
    }
}
