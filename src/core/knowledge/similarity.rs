//! Relation-based: similarity-preserving KD (Tung & Mori 2019,
//! "Similarity-Preserving Knowledge Distillation"). Samples the teacher
//! finds alike should look alike to the student: their batch Gram matrices
//! are compared, so the two widths may differ.

use burn::prelude::*;

use super::features::EPS;

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
    use super::super::test_rows::{rows, scalar};
    use super::*;
    use burn::tensor::TensorData;

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
    fn similarity_preserving_hand_value_and_width_independence() {
        let got = scalar(similarity_preserving_loss(rows(&[[1.0, 0.0], [1.0, 1.0]]), rows(&[[1.0, 0.0], [0.0, 1.0]])));
        assert!((got - 0.199_233).abs() < 1e-5, "{got}");
        // Teacher features of another width (3) but the same Gram matrix: loss 0.
        let wide = Tensor::<2>::from_data(TensorData::new(vec![1.0f32, 0.0, 0.0, 1.0, 1.0, 0.0], [2, 3]), &Device::flex());
        assert!(scalar(similarity_preserving_loss(rows(&[[1.0, 0.0], [1.0, 1.0]]), wide)).abs() < 1e-6);
    }
}
