//! Magnitude pruning (Han et al. 2015): the smallest weights by |w| are set
//! to zero, across all layers at once (global) or in each layer alike (per
//! layer). Biases are kept: they are few and pruning them saves nothing.

use serde::{Deserialize, Serialize};

use super::super::model::NetWeights;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Scope {
    /// One threshold for the whole network: layers lose different shares.
    Global,
    /// The same share removed from every layer.
    PerLayer,
}

/// Which weights survive: `keep[layer][i]` for each weight `i` of a layer.
pub type Mask = Vec<Vec<bool>>;

/// Zeroes exactly `round(sparsity × n)` weights of the smallest magnitude
/// (n: weights in the scope; ties go to the lower index) and returns the
/// pruned weights with their mask.
pub fn prune(weights: &NetWeights, sparsity: f32, scope: Scope) -> (NetWeights, Mask) {
    let sparsity = if sparsity.is_finite() { sparsity.clamp(0.0, 1.0) } else { 0.0 };
    let mut mask: Mask = weights.layers.iter().map(|(w, _)| vec![true; w.len()]).collect();
    let groups: Vec<Vec<(usize, usize)>> = match scope {
        Scope::Global => vec![weights.layers.iter().enumerate().flat_map(|(l, (w, _))| (0..w.len()).map(move |i| (l, i))).collect()],
        Scope::PerLayer => weights.layers.iter().enumerate().map(|(l, (w, _))| (0..w.len()).map(|i| (l, i)).collect()).collect(),
    };
    for mut group in groups {
        let cut = (sparsity * group.len() as f32).round() as usize;
        group.sort_by(|&(la, ia), &(lb, ib)| weights.layers[la].0[ia].abs().total_cmp(&weights.layers[lb].0[ib].abs()).then((la, ia).cmp(&(lb, ib))));
        for &(l, i) in &group[..cut] {
            mask[l][i] = false;
        }
    }
    (apply_mask(weights, &mask), mask)
}

/// The weights with every masked-out weight set to zero.
pub fn apply_mask(weights: &NetWeights, mask: &Mask) -> NetWeights {
    let layers =
        weights.layers.iter().zip(mask).map(|((w, b), m)| (w.iter().zip(m).map(|(&x, &keep)| if keep { x } else { 0.0 }).collect(), b.clone())).collect();
    NetWeights { spec: weights.spec.clone(), layers }
}

/// Weights (not biases) that are not zero.
pub fn nonzero(weights: &NetWeights) -> usize {
    weights.layers.iter().map(|(w, _)| w.iter().filter(|&&x| x != 0.0).count()).sum()
}

/// Share of weights (not biases) that are exactly zero.
pub fn sparsity(weights: &NetWeights) -> f32 {
    let n: usize = weights.layers.iter().map(|(w, _)| w.len()).sum();
    (n - nonzero(weights)) as f32 / n.max(1) as f32
}

/// Bytes of weights stored `bits_per_weight` each, plus `extra` per layer
/// (given its weight and bias counts: scales, codebooks) and f32 biases. A
/// pruned layer is stored sparsely — each kept weight with its index (u16,
/// or u32 in layers of more than 65,536 weights) — when that is smaller
/// than storing it densely.
pub fn stored_bytes(weights: &NetWeights, bits_per_weight: usize, extra: impl Fn(usize, usize) -> usize) -> usize {
    weights
        .layers
        .iter()
        .map(|(w, b)| {
            let kept = w.iter().filter(|&&x| x != 0.0).count();
            let index = if w.len() <= 1 << 16 { 2 } else { 4 };
            let dense = (w.len() * bits_per_weight).div_ceil(8);
            let sparse = (kept * bits_per_weight).div_ceil(8) + kept * index;
            dense.min(sparse) + extra(w.len(), b.len()) + 4 * b.len()
        })
        .sum()
}

/// Bytes of a pruned network in f32 ([`stored_bytes`] at 32 bits).
pub fn sparse_bytes(weights: &NetWeights) -> usize {
    stored_bytes(weights, 32, |_, _| 0)
}

#[cfg(test)]
mod tests {
    use super::super::super::model::NetSpec;
    use super::super::super::rng::SeededRng;
    use super::*;

    fn weights() -> NetWeights {
        NetWeights::init(&NetSpec::uniform(4, 2, 10, 3), &mut SeededRng::new(3))
    }

    #[test]
    fn pruning_reaches_the_requested_sparsity_exactly_and_keeps_the_largest_weights() {
        let w = weights();
        let n: usize = w.layers.iter().map(|(w, _)| w.len()).sum(); // 40 + 100 + 30 = 170
        for s in [0.0, 0.1, 0.5, 0.9, 1.0] {
            let (p, mask) = prune(&w, s, Scope::Global);
            let removed = mask.iter().flatten().filter(|&&k| !k).count();
            assert_eq!(removed, (s * n as f32).round() as usize, "sparsity {s}");
            // Every kept weight is at least as large as every removed one.
            let kept_min =
                w.layers.iter().zip(&mask).flat_map(|((w, _), m)| w.iter().zip(m).filter(|(_, k)| **k).map(|(x, _)| x.abs())).fold(f32::INFINITY, f32::min);
            let cut_max = w.layers.iter().zip(&mask).flat_map(|((w, _), m)| w.iter().zip(m).filter(|(_, k)| !**k).map(|(x, _)| x.abs())).fold(0.0, f32::max);
            assert!(removed == 0 || removed == n || kept_min >= cut_max, "{kept_min} < {cut_max}");
            assert_eq!(p.layers.iter().map(|(_, b)| b.clone()).collect::<Vec<_>>(), w.layers.iter().map(|(_, b)| b.clone()).collect::<Vec<_>>(), "biases kept");
            assert!((sparsity(&p) - removed as f32 / n as f32).abs() < 1e-6);
        }
    }

    #[test]
    fn per_layer_pruning_removes_the_same_share_of_each_layer() {
        let (_, mask) = prune(&weights(), 0.5, Scope::PerLayer);
        let removed: Vec<usize> = mask.iter().map(|m| m.iter().filter(|&&k| !k).count()).collect();
        assert_eq!(removed, vec![20, 50, 15]);
    }

    #[test]
    fn sparse_storage_counts_kept_weights_and_indices_where_that_is_smaller() {
        // Half of each layer kept: 85 weights as value + u16 index beat 170 dense f32s.
        let (p, _) = prune(&weights(), 0.5, Scope::PerLayer);
        assert_eq!(sparse_bytes(&p), 85 * 6 + (10 + 10 + 3) * 4);
        // 90 % kept: 6 bytes each would exceed 4 per dense weight, so dense it is.
        let (p, _) = prune(&weights(), 0.1, Scope::PerLayer);
        assert_eq!(sparse_bytes(&p), 170 * 4 + (10 + 10 + 3) * 4);
    }
}
