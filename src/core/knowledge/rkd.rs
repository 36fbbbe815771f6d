//! Relation-based: relational knowledge distillation (Park et al. 2019,
//! "Relational Knowledge Distillation"). The student keeps the teacher's
//! distances between pairs of samples and angles within triplets, not the
//! features themselves, so the two widths may differ.

use burn::prelude::*;

use super::features::EPS;

/// Huber (smooth-L1, δ = 1): ½x² for |x| < 1, |x| − ½ beyond; summed.
fn huber_sum<const D: usize>(x: Tensor<D>) -> Tensor<1> {
    let a = x.abs();
    let m = a.clone().clamp_max(1.0);
    (m.clone() * m.clone() * 0.5 + (a - m)).sum()
}

/// Differences of every ordered pair of rows: `[n, n, f]`, entry (i, j) = x_j − x_i.
fn pair_differences(x: Tensor<2>) -> Tensor<3> {
    x.clone().unsqueeze_dim::<3>(0) - x.unsqueeze_dim::<3>(1)
}

/// Euclidean distances of every ordered pair, `[n, n]` (0 on the diagonal).
fn pair_distances(x: Tensor<2>) -> Tensor<2> {
    pair_differences(x).powf_scalar(2.0).sum_dim(2).squeeze_dim::<2>(2).clamp_min(EPS).sqrt()
}
/// RKD distance loss (Park et al. 2019): pairwise distances, each divided by
/// its batch's mean distance (so the loss ignores scale), compared by Huber,
/// averaged over the n(n−1) ordered pairs.
pub fn rkd_distance_loss(student: Tensor<2>, teacher: Tensor<2>) -> Tensor<1> {
    let n = student.dims()[0] as f32;
    let pairs = (n * (n - 1.0)).max(1.0);
    let normalise = |d: Tensor<2>| {
        let mean = d.clone().sum() / pairs;
        d / mean.unsqueeze::<2>()
    };
    huber_sum(normalise(pair_distances(student)) - normalise(pair_distances(teacher))) / pairs
}

/// RKD angle loss (Park et al. 2019): for every triplet (i, j, k) the cosine
/// of the angle at x_j between x_i and x_k, compared by Huber, averaged over
/// all n³ triplets (degenerate ones are 0 for both networks).
pub fn rkd_angle_loss(student: Tensor<2>, teacher: Tensor<2>) -> Tensor<1> {
    let n = student.dims()[0] as f32;
    let cosines = |x: Tensor<2>| {
        // e[j, i] = unit vector from x_j towards x_i: [n, n, f]
        let diff = pair_differences(x);
        let norm = diff.clone().powf_scalar(2.0).sum_dim(2).clamp_min(EPS).sqrt();
        let unit = diff / norm;
        // cos[j, i, k] = e[j, i] · e[j, k]
        unit.clone().matmul(unit.swap_dims(1, 2))
    };
    huber_sum(cosines(student) - cosines(teacher)) / (n * n * n)
}

#[cfg(test)]
mod tests {
    use super::super::test_rows::{rows, scalar};
    use super::*;

    // Expected values below were computed independently, pair by pair, in plain Python.

    #[test]
    fn rkd_distance_hand_value_and_scale_invariance() {
        let teacher = [[0.0, 0.0], [1.0, 0.0], [2.0, 0.0]];
        let got = scalar(rkd_distance_loss(rows(&[[0.0, 0.0], [1.0, 0.0], [3.0, 0.0]]), rows(&teacher)));
        assert!((got - 0.0208333).abs() < 1e-5, "{got}");
        let scaled = teacher.map(|[x, y]| [5.0 * x + 1.0, 5.0 * y - 2.0]);
        assert!(scalar(rkd_distance_loss(rows(&scaled), rows(&teacher))).abs() < 1e-6);
    }

    #[test]
    fn rkd_angle_hand_value_and_similarity_invariance() {
        let teacher = [[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]];
        let got = scalar(rkd_angle_loss(rows(&[[0.0, 0.0], [1.0, 0.0], [1.0, 1.0]]), rows(&teacher)));
        assert!((got - 0.0370370).abs() < 1e-5, "{got}");
        // A rotated, scaled and shifted copy has the same angles.
        let similar = teacher.map(|[x, y]| [3.0 * -y + 4.0, 3.0 * x]);
        assert!(scalar(rkd_angle_loss(rows(&similar), rows(&teacher))).abs() < 1e-6);
    }
}
