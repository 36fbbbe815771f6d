//! Feature-based: the FitNets hint (Romero et al. 2015, "FitNets: Hints for
//! Thin Deep Nets"). A learned linear regressor (built and trained beside the
//! student, [`crate::core::trainer::StudentPair`]) maps the student's guided
//! layer to the width of the teacher's hint layer; the loss compares them.

use burn::prelude::*;

/// FitNets hint loss (Romero et al. 2015): ½‖r(v_s) − u_t‖² averaged over the
/// batch, where `guided` is the student's guided-layer output already mapped
/// by the learned regressor r to the teacher hint layer's width.
pub fn hint_loss(guided: Tensor<2>, hint: Tensor<2>) -> Tensor<1> {
    let batch = guided.dims()[0] as f32;
    (guided - hint).powf_scalar(2.0).sum() * (0.5 / batch)
}
#[cfg(test)]
mod tests {
    use super::super::test_rows::{rows, scalar};
    use super::*;

    #[test]
    fn hint_hand_value() {
        assert!((scalar(hint_loss(rows(&[[1.0, 2.0]]), rows(&[[0.0, 0.0]]))) - 2.5).abs() < 1e-6);
    }
}
