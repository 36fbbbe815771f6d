//! Response-based, without softening: logit matching (Ba & Caruana 2014,
//! "Do Deep Nets Really Need to be Deep?"). The soft-target loss it is the
//! high-temperature limit of is [`crate::core::distill::kd_kl_loss`].

use burn::prelude::*;

/// Logit matching (Ba & Caruana 2014): mean squared difference of logits.
/// Hinton et al. (2015, §2.1) show T²·KL tends to half of this, for
/// zero-mean logits, as T grows.
pub fn logit_mse_loss(student_logits: Tensor<2>, teacher_logits: Tensor<2>) -> Tensor<1> {
    (student_logits - teacher_logits).powf_scalar(2.0).mean()
}
#[cfg(test)]
mod tests {
    use super::super::test_rows::{rows, scalar};
    use super::*;
    use crate::core::distill::kd_kl_loss;

    #[test]
    fn logit_matching_hand_value() {
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
}
