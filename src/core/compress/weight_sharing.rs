//! Weight sharing (Han et al. 2016, "Deep Compression"): each layer's
//! weights are clustered by k-means into 2^b shared values, so a weight is
//! stored as a b-bit index into the layer's codebook. Centroids start spread
//! evenly between the layer's smallest and largest weight (their "linear"
//! initialisation, which keeps the rare large weights represented).

use super::super::model::NetWeights;

pub const MAX_BITS: u32 = 8;
const ITERATIONS: usize = 30;

/// Each layer's weights replaced by the nearest of its 2^bits centroids.
/// Weights that are exactly zero (pruned) stay zero and take no part in the
/// clustering: as in Deep Compression, sharing follows pruning and codes
/// only the weights that survived it.
pub fn share_weights(weights: &NetWeights, bits: u32) -> NetWeights {
    let k = 1usize << bits.clamp(1, MAX_BITS);
    let layers = weights
        .layers
        .iter()
        .map(|(w, b)| {
            let kept: Vec<f32> = w.iter().copied().filter(|&x| x != 0.0).collect();
            let mut shared = cluster(&kept, k).into_iter();
            (w.iter().map(|&x| if x == 0.0 { 0.0 } else { shared.next().expect("one per kept weight") }).collect(), b.clone())
        })
        .collect();
    NetWeights { spec: weights.spec.clone(), layers }
}

/// 1-D k-means. On sorted values each centroid owns a contiguous run,
/// split at the midpoints between neighbouring centroids, and prefix sums
/// give each run's mean at once: an iteration costs O(k log n), not O(n k),
/// so 8 bits (256 values) on a digits-sized layer stays quick.
fn cluster(w: &[f32], k: usize) -> Vec<f32> {
    let (lo, hi) = w.iter().fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), &x| (lo.min(x), hi.max(x)));
    if w.is_empty() || lo == hi {
        return w.to_vec();
    }
    let mut sorted = w.to_vec();
    sorted.sort_by(f32::total_cmp);
    let prefix: Vec<f64> = std::iter::once(0.0)
        .chain(sorted.iter().scan(0.0f64, |sum, &x| {
            *sum += f64::from(x);
            Some(*sum)
        }))
        .collect();
    let mut centroids: Vec<f32> = (0..k).map(|j| lo + (hi - lo) * j as f32 / (k - 1) as f32).collect();
    for _ in 0..ITERATIONS {
        let mut moved = Vec::with_capacity(k);
        let mut start = 0;
        for j in 0..k {
            let end = if j + 1 < k { sorted.partition_point(|&x| x <= (centroids[j] + centroids[j + 1]) / 2.0).max(start) } else { sorted.len() };
            moved.push(if end > start { ((prefix[end] - prefix[start]) / (end - start) as f64) as f32 } else { centroids[j] });
            start = end;
        }
        moved.sort_by(f32::total_cmp);
        if moved == centroids {
            break;
        }
        centroids = moved;
    }
    // Each weight to its nearest centroid (the lower one on a tie).
    w.iter()
        .map(|&x| {
            let above = centroids.partition_point(|&c| c < x).min(k - 1);
            if above > 0 && (x - centroids[above - 1]).abs() <= (centroids[above] - x).abs() { centroids[above - 1] } else { centroids[above] }
        })
        .collect()
}

/// The real stored size: `bits` per weight (packed), a codebook of 2^bits
/// f32 values per layer, and the f32 biases.
pub fn shared_bytes(weights: &NetWeights, bits: u32) -> usize {
    let bits = bits.clamp(1, MAX_BITS) as usize;
    weights.layers.iter().map(|(w, b)| (w.len() * bits).div_ceil(8) + 4 * (1 << bits) + 4 * b.len()).sum()
}

#[cfg(test)]
mod tests {
    use super::super::super::model::NetSpec;
    use super::super::super::rng::SeededRng;
    use super::*;

    #[test]
    fn each_layer_uses_at_most_two_to_the_b_values_and_stays_close() {
        let w = NetWeights::init(&NetSpec::uniform(6, 2, 20, 4), &mut SeededRng::new(4));
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
    fn eight_bits_on_a_digits_sized_layer_is_quick_and_near_exact() {
        let w = NetWeights::init(&NetSpec::uniform(256, 0, 1, 256), &mut SeededRng::new(2)); // 65,536 weights
        let start = std::time::Instant::now();
        let s = share_weights(&w, 8);
        let took = start.elapsed();
        let a = w.layers[0].0.iter().fold(0.0f32, |m, x| m.max(x.abs()));
        let worst = w.layers[0].0.iter().zip(&s.layers[0].0).map(|(x, y)| (x - y).abs()).fold(0.0f32, f32::max);
        println!("8-bit sharing of 65,536 weights took {took:?}; worst error {worst} of ±{a}");
        assert!(worst <= 2.0 * a / 255.0, "worst error {worst}");
    }

    #[test]
    fn pruned_weights_stay_zero_and_the_rest_share_two_to_the_b_values() {
        let w = NetWeights::init(&NetSpec::uniform(6, 1, 20, 4), &mut SeededRng::new(8));
        let (pruned, _) = super::super::prune::prune(&w, 0.8, super::super::prune::Scope::Global);
        let s = share_weights(&pruned, 2);
        for ((p, _), (q, _)) in pruned.layers.iter().zip(&s.layers) {
            assert!(p.iter().zip(q).all(|(a, b)| (*a == 0.0) == (*b == 0.0)), "zeros exactly where pruned");
            let mut distinct: Vec<u32> = q.iter().filter(|&&x| x != 0.0).map(|x| x.to_bits()).collect();
            distinct.sort();
            distinct.dedup();
            assert!(distinct.len() <= 4);
        }
    }

    #[test]
    fn k_means_finds_obvious_clusters() {
        let spec = NetSpec::uniform(3, 0, 1, 2);
        let w = NetWeights { spec, layers: vec![(vec![-1.0, -0.9, -1.1, 2.0, 2.1, 1.9], vec![0.0, 0.0])] };
        let s = share_weights(&w, 1);
        assert_eq!(s.layers[0].0, vec![-1.0, -1.0, -1.0, 2.0, 2.0, 2.0]);
        assert_eq!(shared_bytes(&w, 1), 1 + 8 + 8);
    }
}
