//! Relation-based and feature-based distillation losses: the student copies
//! the *structure* of the teacher's representations, or the representations
//! themselves, rather than its outputs (Gou et al. 2021, §2.2–2.3).
//!
//! Inputs are feature batches `[batch, features]` from a chosen layer; the
//! teacher's and the student's widths may differ wherever only relations
//! between samples are compared.

use burn::prelude::*;

/// Smallest norm used when dividing, so coincident points give 0, not NaN.
const EPS: f32 = 1e-12;

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

/// Checks that two feature batches can be compared: the same number of rows
/// (the same samples) and, where `same_width` (the hint, after its
/// regressor), the same width. A message instead of a shape panic.
pub fn check_pair(student: &Tensor<2>, teacher: &Tensor<2>, same_width: bool) -> Result<(), String> {
    let ([bs, ws], [bt, wt]) = (student.dims(), teacher.dims());
    if bs != bt {
        return Err(format!("the student's batch has {bs} rows but the teacher's {bt}"));
    }
    if same_width && ws != wt {
        return Err(format!("the student's features are {ws} wide but the teacher's {wt}: a regressor must map one to the other"));
    }
    Ok(())
}

/// FitNets hint loss (Romero et al. 2015): ½‖r(v_s) − u_t‖² averaged over the
/// batch, where `guided` is the student's guided-layer output already mapped
/// by the learned regressor r to the teacher hint layer's width.
pub fn hint_loss(guided: Tensor<2>, hint: Tensor<2>) -> Tensor<1> {
    let batch = guided.dims()[0] as f32;
    (guided - hint).powf_scalar(2.0).sum() * (0.5 / batch)
}

/// Logit matching (Ba & Caruana 2014): mean squared difference of logits.
/// Hinton et al. (2015, §2.1) show T²·KL tends to half of this, for
/// zero-mean logits, as T grows.
pub fn logit_mse_loss(student_logits: Tensor<2>, teacher_logits: Tensor<2>) -> Tensor<1> {
    (student_logits - teacher_logits).powf_scalar(2.0).mean()
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

/// Similarity-preserving KD (Tung & Mori 2019): the batch Gram matrices F·Fᵀ,
/// each row divided by its L2 norm, compared by squared Frobenius distance / b².
pub fn similarity_preserving_loss(student: Tensor<2>, teacher: Tensor<2>) -> Tensor<1> {
    let b = student.dims()[0] as f32;
    let gram = |f: Tensor<2>| {
        let g = f.clone().matmul(f.transpose());
        let norm = g.clone().powf_scalar(2.0).sum_dim(1).clamp_min(EPS).sqrt();
        g / norm
    };
    (gram(student) - gram(teacher)).powf_scalar(2.0).sum() / (b * b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::distill::kd_kl_loss;
    use crate::core::model::read_f32;
    use burn::tensor::TensorData;
    use futures::executor::block_on;

    fn rows(values: &[[f32; 2]]) -> Tensor<2> {
        let flat: Vec<f32> = values.iter().flatten().copied().collect();
        Tensor::from_data(TensorData::new(flat, [values.len(), 2]), &Device::flex())
    }

    fn scalar(t: Tensor<1>) -> f32 {
        block_on(read_f32(t)).unwrap()[0]
    }

    // Expected values below were computed independently, pair by pair, in plain Python.

    #[test]
    fn hint_and_logit_matching_hand_values() {
        assert!((scalar(hint_loss(rows(&[[1.0, 2.0]]), rows(&[[0.0, 0.0]]))) - 2.5).abs() < 1e-6);
        // Differences 1, 2, 0, −2: (1 + 4 + 0 + 4) / 4.
        assert!((scalar(logit_mse_loss(rows(&[[1.0, 2.0], [0.0, 0.0]]), rows(&[[0.0, 0.0], [0.0, 2.0]]))) - 2.25).abs() < 1e-6);
    }

    #[test]
    fn high_temperature_kd_tends_to_half_the_logit_mse() {
        // Zero-mean logits per row: T²·KL → ½·mean((z_s − z_t)²) as T → ∞.
        let zs = rows(&[[0.5, -0.5], [-1.0, 1.0]]);
        let zt = rows(&[[1.0, -1.0], [0.2, -0.2]]);
        let kd = scalar(kd_kl_loss(zs.clone(), zt.clone(), 100.0));
        let half_mse = 0.5 * scalar(logit_mse_loss(zs, zt));
        assert!((kd - half_mse).abs() < 1e-3 * half_mse.max(1.0), "{kd} vs {half_mse}");
    }

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

    #[test]
    fn gradients_stay_finite_when_points_coincide() {
        let device = Device::flex().autodiff();
        let data = |v: Vec<f32>| Tensor::<2>::from_data(TensorData::new(v, [3, 2]), &device);
        let student = data(vec![1.0, 1.0, 1.0, 1.0, 0.0, 2.0]).require_grad();
        let teacher = data(vec![0.0, 0.0, 1.0, 0.0, 0.0, 1.0]);
        let loss = rkd_distance_loss(student.clone(), teacher.clone()) * 25.0
            + rkd_angle_loss(student.clone(), teacher.clone()) * 50.0
            + similarity_preserving_loss(student.clone(), teacher);
        let grads = loss.backward();
        let g = block_on(read_f32(student.grad(&grads).unwrap())).unwrap();
        assert!(g.iter().all(|v| v.is_finite()), "{g:?}");
    }

    #[test]
    fn every_loss_is_zero_when_the_student_reproduces_the_teacher() {
        let f = rows(&[[0.3, -1.0], [2.0, 0.5], [-0.7, 0.1], [1.1, 1.9]]);
        for (name, loss) in [
            ("hint", hint_loss(f.clone(), f.clone())),
            ("logit MSE", logit_mse_loss(f.clone(), f.clone())),
            ("RKD distance", rkd_distance_loss(f.clone(), f.clone())),
            ("RKD angle", rkd_angle_loss(f.clone(), f.clone())),
            ("SP", similarity_preserving_loss(f.clone(), f.clone())),
        ] {
            assert!(scalar(loss).abs() < 1e-6, "{name}");
        }
    }

    #[test]
    fn similarity_preserving_ignores_the_order_of_feature_channels() {
        let teacher = rows(&[[0.3, -1.0], [2.0, 0.5], [-0.7, 0.1]]);
        let student = rows(&[[1.0, 0.2], [0.4, 0.9], [-0.3, 1.5]]);
        let swapped = rows(&[[0.2, 1.0], [0.9, 0.4], [1.5, -0.3]]);
        let a = scalar(similarity_preserving_loss(student, teacher.clone()));
        let b = scalar(similarity_preserving_loss(swapped, teacher));
        assert!(a > 1e-3 && (a - b).abs() < 1e-6, "{a} vs {b}");
    }

    #[test]
    fn mismatched_shapes_are_named_not_panicked() {
        let three = rows(&[[0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]);
        let two = rows(&[[0.0, 1.0], [1.0, 0.0]]);
        assert!(check_pair(&three, &two, false).unwrap_err().contains("3 rows"));
        let wide = Tensor::<2>::from_data(TensorData::new(vec![0.0f32; 9], [3, 3]), &Device::flex());
        assert!(check_pair(&three, &wide, true).unwrap_err().contains("regressor"));
        assert!(check_pair(&three, &wide, false).is_ok(), "relations compare samples, not widths");
    }

    #[test]
    fn similarity_preserving_hand_value_and_width_independence() {
        let got = scalar(similarity_preserving_loss(rows(&[[1.0, 0.0], [1.0, 1.0]]), rows(&[[1.0, 0.0], [0.0, 1.0]])));
        assert!((got - 0.199_233).abs() < 1e-5, "{got}");
        // Teacher features of another width (3) but the same Gram matrix: loss 0.
        let wide = Tensor::<2>::from_data(TensorData::new(vec![1.0f32, 0.0, 0.0, 1.0, 1.0, 0.0], [2, 3]), &Device::flex());
        assert!(scalar(similarity_preserving_loss(rows(&[[1.0, 0.0], [1.0, 1.0]]), wide)).abs() < 1e-6);
    }
}
