//! Weight sharing (Han et al. 2016, "Deep Compression"): each layer's
//! weights are clustered by k-means into 2^b shared values, so a weight is
//! stored as a b-bit index into the layer's codebook. Centroids start spread
//! evenly between the layer's smallest and largest weight (their "linear"
//! initialisation, which keeps the rare large weights represented).

use super::super::model::MlpWeights;

pub const MAX_BITS: u32 = 8;
const ITERATIONS: usize = 30;

/// Each layer's weights replaced by the nearest of its 2^bits centroids.
pub fn share_weights(weights: &MlpWeights, bits: u32) -> MlpWeights {
    let k = 1usize << bits.clamp(1, MAX_BITS);
    let layers = weights.layers.iter().map(|(w, b)| (cluster(w, k), b.clone())).collect();
    MlpWeights { spec: weights.spec.clone(), layers }
}

fn cluster(w: &[f32], k: usize) -> Vec<f32> {
    let (lo, hi) = w.iter().fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), &x| (lo.min(x), hi.max(x)));
    if w.is_empty() || lo == hi {
        return w.to_vec();
    }
    let mut centroids: Vec<f32> = (0..k).map(|j| lo + (hi - lo) * j as f32 / (k - 1) as f32).collect();
    let nearest = |c: &[f32], x: f32| (0..c.len()).min_by(|&a, &b| (c[a] - x).abs().total_cmp(&(c[b] - x).abs())).expect("k ≥ 2");
    for _ in 0..ITERATIONS {
        let mut sums = vec![(0.0f64, 0usize); k];
        for &x in w {
            let j = nearest(&centroids, x);
            sums[j].0 += f64::from(x);
            sums[j].1 += 1;
        }
        let moved: Vec<f32> = centroids.iter().zip(&sums).map(|(&c, &(s, n))| if n > 0 { (s / n as f64) as f32 } else { c }).collect();
        if moved == centroids {
            break;
        }
        centroids = moved;
    }
    w.iter().map(|&x| centroids[nearest(&centroids, x)]).collect()
}

/// The real stored size: `bits` per weight (packed), a codebook of 2^bits
/// f32 values per layer, and the f32 biases.
pub fn shared_bytes(weights: &MlpWeights, bits: u32) -> usize {
    let bits = bits.clamp(1, MAX_BITS) as usize;
    weights.layers.iter().map(|(w, b)| (w.len() * bits).div_ceil(8) + 4 * (1 << bits) + 4 * b.len()).sum()
}

#[cfg(test)]
mod tests {
    use super::super::super::model::MlpSpec;
    use super::super::super::rng::SeededRng;
    use super::*;

    #[test]
    fn each_layer_uses_at_most_two_to_the_b_values_and_stays_close() {
        let w = MlpWeights::init(&MlpSpec::uniform(6, 2, 20, 4), &mut SeededRng::new(4));
        for bits in 1..=5 {
            let s = share_weights(&w, bits);
            for ((orig, _), (shared, _)) in w.layers.iter().zip(&s.layers) {
                let mut distinct: Vec<u32> = shared.iter().map(|x| x.to_bits()).collect();
                distinct.sort();
                distinct.dedup();
                assert!(distinct.len() <= 1 << bits, "{} values with {bits} bits", distinct.len());
                // Uniform weights in ±a: the mean error of 2^b even bins is at most a / 2^b.
                let a = orig.iter().fold(0.0f32, |m, x| m.max(x.abs()));
                let mean_err = orig.iter().zip(shared).map(|(x, y)| (x - y).abs()).sum::<f32>() / orig.len() as f32;
                assert!(mean_err <= a / (1 << bits) as f32, "{bits} bits: mean error {mean_err}, range ±{a}");
            }
        }
    }

    #[test]
    fn k_means_finds_obvious_clusters() {
        let spec = MlpSpec::uniform(3, 0, 1, 2);
        let w = MlpWeights { spec, layers: vec![(vec![-1.0, -0.9, -1.1, 2.0, 2.1, 1.9], vec![0.0, 0.0])] };
        let s = share_weights(&w, 1);
        assert_eq!(s.layers[0].0, vec![-1.0, -1.0, -1.0, 2.0, 2.0, 2.0]);
        assert_eq!(shared_bytes(&w, 1), 1 + 8 + 8);
    }
}
