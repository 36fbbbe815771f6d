//! Response-based distillation losses on tensors (Hinton, Vinyals & Dean 2015).
//!
//! The student matches the teacher's *soft targets* softmax(z_t/T): at T > 1
//! the small probabilities of wrong classes — which classes the teacher finds
//! similar, the "dark knowledge" — become large enough to learn from.

use burn::prelude::*;
use burn::tensor::activation::{log_softmax, softmax};

/// Softened class probabilities softmax(z/T), row by row: `[batch, classes]`.
pub fn soft_targets(logits: Tensor<2>, temperature: f32) -> Tensor<2> {
    softmax(logits / temperature, 1)
}

/// Mean over the batch of −Σ_c y_c ln softmax(z)_c, with `targets` one-hot
/// (or any distribution) `[batch, classes]`. Returns a 1-element tensor.
pub fn cross_entropy(logits: Tensor<2>, targets: Tensor<2>) -> Tensor<1> {
    let batch = logits.dims()[0] as f32;
    (targets * log_softmax(logits, 1)).sum().neg() / batch
}

/// T² · KL(softmax(z_t/T) ‖ softmax(z_s/T)), summed over classes and averaged
/// over the batch.
///
/// Why T²: the gradient of the KL term with respect to a student logit is
/// (softmax(z_s/T) − softmax(z_t/T)) / T, so it shrinks like 1/T (and like 1/T²
/// in the high-T limit). Multiplying by T² keeps the soft term's gradient scale
/// roughly independent of T, so changing T does not silently re-weight it
/// against the hard-label term (Hinton et al. 2015, §2).
pub fn kd_kl_loss(student_logits: Tensor<2>, teacher_logits: Tensor<2>, temperature: f32) -> Tensor<1> {
    let batch = student_logits.dims()[0] as f32;
    let p_teacher = soft_targets(teacher_logits.clone(), temperature);
    let log_p_teacher = log_softmax(teacher_logits / temperature, 1);
    let log_p_student = log_softmax(student_logits / temperature, 1);
    (p_teacher * (log_p_teacher - log_p_student)).sum() * (temperature * temperature / batch)
}

/// The classic KD objective: α · T² · KL(teacher_T ‖ student_T) + (1 − α) · CE(y, student).
pub fn kd_loss(student_logits: Tensor<2>, teacher_logits: Tensor<2>, one_hot_labels: Tensor<2>, alpha: f32, temperature: f32) -> Tensor<1> {
    let soft = kd_kl_loss(student_logits.clone(), teacher_logits, temperature);
    let hard = cross_entropy(student_logits, one_hot_labels);
    soft * alpha + hard * (1.0 - alpha)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::net::read_f32;
    use crate::core::probs::{kl_divergence, softmax_at_temperature};
    use burn::tensor::TensorData;
    use futures::executor::block_on;

    fn tensor(values: &[f32], rows: usize, device: &Device) -> Tensor<2> {
        Tensor::from_data(TensorData::new(values.to_vec(), [rows, values.len() / rows]), device)
    }

    fn read(t: Tensor<2>) -> Vec<f32> {
        block_on(read_f32(t)).unwrap()
    }

    fn scalar(t: Tensor<1>) -> f32 {
        block_on(read_f32(t)).unwrap()[0]
    }

    #[test]
    fn soft_targets_match_the_plain_softmax_at_each_t() {
        let device = Device::flex();
        let z = [2.0, 1.0, 0.0, -1.0, 3.0, 0.5];
        for t in [1.0, 2.0, 10.0] {
            let got = read(soft_targets(tensor(&z, 2, &device), t));
            let want: Vec<f32> = z.chunks(3).flat_map(|row| softmax_at_temperature(row, t)).collect();
            assert!(got.iter().zip(&want).all(|(a, b)| (a - b).abs() < 1e-6), "T={t}: {got:?} vs {want:?}");
        }
        // Hand values for the first row, as in probs.rs.
        let at2 = read(soft_targets(tensor(&z[..3], 1, &device), 2.0));
        assert!((at2[0] - 0.506480).abs() < 1e-5 && (at2[2] - 0.186324).abs() < 1e-5);
        // Tiny T: one-hot argmax. Huge T: uniform.
        let cold = read(soft_targets(tensor(&z, 2, &device), 1e-3));
        assert_eq!(cold, vec![1.0, 0.0, 0.0, 0.0, 1.0, 0.0]);
        let hot = read(soft_targets(tensor(&z, 2, &device), 1e4));
        assert!(hot.iter().all(|p| (p - 1.0 / 3.0).abs() < 1e-3));
    }

    #[test]
    fn kd_loss_matches_a_hand_computed_value() {
        let device = Device::flex();
        let (zs, zt, y) = ([1.0, 0.0], [2.0, 0.0], [0.0, 1.0]);
        let (alpha, t) = (0.7, 2.0);
        // softmax([1,0]/2) = [0.622459, 0.377541]; softmax([2,0]/2) = [0.731059, 0.268941]
        // KL(pt ‖ ps) = 0.731059 ln(0.731059/0.622459) + 0.268941 ln(0.268941/0.377541) = 0.026345
        // CE(y=1, softmax([1,0])) = −ln 0.268941 = 1.313262
        let want = 0.7 * 4.0 * 0.026345 + 0.3 * 1.313262;
        let got = scalar(kd_loss(tensor(&zs, 1, &device), tensor(&zt, 1, &device), tensor(&y, 1, &device), alpha, t));
        assert!((got - want).abs() < 1e-4, "{got} vs {want}");
        let kl = kl_divergence(&softmax_at_temperature(&zt, t), &softmax_at_temperature(&zs, t));
        assert!((kl - 0.026345).abs() < 1e-5);
    }

    #[test]
    fn kd_gradient_matches_the_closed_form() {
        let device = Device::flex().autodiff();
        let zs = [0.5, -1.0, 2.0, 1.5, 0.0, -0.5];
        let zt = [3.0, 0.0, -1.0, 0.2, 0.1, 2.5];
        let y = [0.0, 0.0, 1.0, 1.0, 0.0, 0.0];
        let batch = 2.0;
        for (alpha, t) in [(0.5, 4.0), (0.9, 1.0), (0.1, 10.0)] {
            let student = tensor(&zs, 2, &device).require_grad();
            let loss = kd_loss(student.clone(), tensor(&zt, 2, &device), tensor(&y, 2, &device), alpha, t);
            let grads = loss.backward();
            let got = read(student.grad(&grads).unwrap());
            // ∂L/∂z_s = [α·T·(softmax(z_s/T) − softmax(z_t/T)) + (1 − α)·(softmax(z_s) − y)] / batch
            let want: Vec<f32> = (0..2)
                .flat_map(|r| {
                    let row = r * 3..r * 3 + 3;
                    let (ps_t, pt_t) = (softmax_at_temperature(&zs[row.clone()], t), softmax_at_temperature(&zt[row.clone()], t));
                    let ps = softmax_at_temperature(&zs[row.clone()], 1.0);
                    (0..3).map(|c| (alpha * t * (ps_t[c] - pt_t[c]) + (1.0 - alpha) * (ps[c] - y[r * 3 + c])) / batch).collect::<Vec<_>>()
                })
                .collect();
            assert!(got.iter().zip(&want).all(|(a, b)| (a - b).abs() < 1e-5), "α={alpha} T={t}: {got:?} vs {want:?}");
        }
    }
}
