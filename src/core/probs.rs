//! Probability maths on plain `f32` slices: softened softmax, entropy, KL.
//!
//! The temperature slider recomputes soft targets from the teacher's stored
//! logits on every input event; doing it here (no tensors, no device round
//! trip) is what keeps the bars instant. `distill::soft_targets` is the tensor
//! twin used in training; a test checks the two agree.

/// softmax(z / T), numerically stable (the max logit is subtracted first), so
/// T → 0 tends to the one-hot argmax and T → ∞ to the uniform distribution.
pub fn softmax_at_temperature(logits: &[f32], temperature: f32) -> Vec<f32> {
    let t = temperature.max(1e-6);
    let max = logits.iter().cloned().fold(f32::NEG_INFINITY, f32::max);
    let exps: Vec<f32> = logits.iter().map(|&z| ((z - max) / t).exp()).collect();
    let sum: f32 = exps.iter().sum();
    exps.iter().map(|e| e / sum).collect()
}

/// Shannon entropy in nats; 0 for one-hot, ln(K) for uniform over K classes.
/// Never negative, not even −0 (which prints as "-0.00"): each term x·ln x is
/// ≤ 0, and `0.0 - sum` turns a sum of −0 into +0.
pub fn entropy(p: &[f32]) -> f32 {
    0.0 - p.iter().filter(|&&x| x > 0.0).map(|&x| x * x.ln()).sum::<f32>()
}

/// KL(p ‖ q) in nats: what is lost describing p (the teacher) with q (the student).
pub fn kl_divergence(p: &[f32], q: &[f32]) -> f32 {
    p.iter().zip(q).filter(|(pi, _)| **pi > 0.0).map(|(&pi, &qi)| pi * (pi.ln() - qi.max(1e-30).ln())).sum()
}

/// Index of the largest value (the first one on ties).
pub fn argmax(values: &[f32]) -> usize {
    values.iter().enumerate().fold((0, f32::NEG_INFINITY), |best, (i, &v)| if v > best.1 { (i, v) } else { best }).0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: &[f32], b: &[f32], tol: f32) -> bool {
        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() <= tol)
    }

    #[test]
    fn softmax_matches_hand_computed_values() {
        // z = [2, 1, 0]. T = 1: e^2, e^1, e^0 over their sum 11.1073.
        let z = [2.0, 1.0, 0.0];
        assert!(close(&softmax_at_temperature(&z, 1.0), &[0.665241, 0.244728, 0.090031], 1e-5));
        // T = 2: e^1, e^0.5, e^0 over 5.367003.
        assert!(close(&softmax_at_temperature(&z, 2.0), &[0.506480, 0.307196, 0.186324], 1e-5));
        // T = 10: e^0.2, e^0.1, e^0 over 3.326573.
        assert!(close(&softmax_at_temperature(&z, 10.0), &[0.367165, 0.332225, 0.300610], 1e-5));
    }

    #[test]
    fn tiny_t_is_one_hot_and_huge_t_is_uniform() {
        let z = [0.3, 1.7, -2.0, 1.6];
        assert!(close(&softmax_at_temperature(&z, 1e-4), &[0.0, 1.0, 0.0, 0.0], 1e-6));
        assert!(close(&softmax_at_temperature(&z, 1e5), &[0.25; 4], 1e-4));
    }

    #[test]
    fn entropy_and_kl_hand_values() {
        assert!((entropy(&[0.25; 4]) - 4f32.ln()).abs() < 1e-6);
        assert_eq!(entropy(&[0.0, 1.0]), 0.0);
        // A one-hot output (a very low T) reads "0.00 nats", not "-0.00".
        assert!(entropy(&[0.0, 1.0, 0.0]).is_sign_positive());
        assert_eq!(format!("{:.2}", entropy(&softmax_at_temperature(&[0.0, 40.0, 3.0], 0.05))), "0.00");
        // KL([0.5, 0.5] ‖ [0.9, 0.1]) = 0.5 ln(0.5/0.9) + 0.5 ln(0.5/0.1) = 0.510826
        assert!((kl_divergence(&[0.5, 0.5], &[0.9, 0.1]) - 0.510826).abs() < 1e-5);
        assert_eq!(kl_divergence(&[0.2, 0.8], &[0.2, 0.8]), 0.0);
    }

    #[test]
    fn entropy_grows_with_temperature() {
        let z = [3.0, 0.5, -1.0];
        let h: Vec<f32> = [0.1, 0.5, 1.0, 2.0, 8.0, 50.0].iter().map(|&t| entropy(&softmax_at_temperature(&z, t))).collect();
        assert!(h.windows(2).all(|w| w[0] < w[1]), "{h:?}");
        assert_eq!(argmax(&z), 0);
    }
}
