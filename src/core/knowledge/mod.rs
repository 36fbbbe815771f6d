//! Which knowledge the distilled student learns from, and how much of each
//! (Gou et al. 2021, §2): a weighted mix, every term optional.
//!
//! - *Response-based*: α·T²·KL on softened logits (Hinton et al. 2015; the
//!   config's `alpha`), and MSE on raw logits (Ba & Caruana 2014).
//! - *Feature-based*: the FitNets hint (Romero et al. 2015): a learned linear
//!   regressor maps the student's guided layer to the teacher's hint layer
//!   (on conv maps a 1×1 convolution, the teacher's map resized to the
//!   student's when their sizes differ); attention transfer (Zagoruyko &
//!   Komodakis 2017) matches the normalised spatial attention of two blocks.
//! - *Relation-based*: RKD distance and angle (Park et al. 2019) and
//!   similarity-preserving KD (Tung & Mori 2019), on their own pair of
//!   layers (conv maps pooled per channel).
//!
//! Each family reads its own (teacher layer, student layer) pair. Layers are
//! numbered from 1 (first conv block, else first hidden layer) to the last
//! (the logits), so a network without hidden layers still has a layer to
//! compare.
//!
//! One file per kind of knowledge, each loss a function of the student's and
//! the teacher's tensors with its paper at the top: [`logit_mse`], [`hint`],
//! [`rkd`], [`similarity`] (the soft targets are [`crate::core::distill`]);
//! [`features`] holds what the feature terms share. Adding a kind means
//! adding a file here and a weight to [`Knowledge`].

// The losses are burn code; `Knowledge` itself builds without it.
#[cfg(feature = "engine")]
pub mod attention;
#[cfg(feature = "engine")]
pub mod features;
#[cfg(feature = "engine")]
pub mod hint;
#[cfg(feature = "engine")]
pub mod logit_mse;
#[cfg(feature = "engine")]
pub mod rkd;
#[cfg(feature = "engine")]
pub mod similarity;

#[cfg(feature = "engine")]
pub use attention::{MapShape, attention_map, attention_transfer_loss, pooled, positions, resize_map};
#[cfg(feature = "engine")]
pub use features::check_pair;
#[cfg(feature = "engine")]
pub use hint::hint_loss;
#[cfg(feature = "engine")]
pub use logit_mse::logit_mse_loss;
#[cfg(feature = "engine")]
pub use rkd::{rkd_angle_loss, rkd_distance_loss};
#[cfg(feature = "engine")]
pub use similarity::similarity_preserving_loss;

use serde::{Deserialize, Serialize};

use super::settings::{
    ATTENTION, ATTENTION_STUDENT_LAYER, ATTENTION_TEACHER_LAYER, HINT, HINT_STAGE_STEPS, LOGIT_MSE, RELATION_STUDENT_LAYER, RELATION_TEACHER_LAYER, RKD_ANGLE,
    RKD_DISTANCE, SIMILARITY_PRESERVING, STUDENT_LAYER, TEACHER_LAYER,
};

/// Largest weight a term may get (RKD's published defaults are 25 and 50).
pub const MAX_WEIGHT: f32 = HINT.max as f32;
/// Park et al.'s default weights for the RKD terms.
pub const RKD_DISTANCE_DEFAULT: f32 = 25.0;
pub const RKD_ANGLE_DEFAULT: f32 = 50.0;
pub const MAX_HINT_STAGE_STEPS: usize = HINT_STAGE_STEPS.max as usize;

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Knowledge {
    /// Weight of the mean squared logit difference.
    pub logit_mse: f32,
    /// Weight of the FitNets hint loss.
    pub hint: f32,
    pub rkd_distance: f32,
    pub rkd_angle: f32,
    pub similarity_preserving: f32,
    /// Weight of attention transfer.
    pub attention: f32,
    /// The teacher's layer the hint reads (1-based).
    pub teacher_layer: usize,
    /// The student's layer the hint guides (1-based).
    pub student_layer: usize,
    /// The blocks attention transfer compares.
    pub attention_teacher_layer: usize,
    pub attention_student_layer: usize,
    /// The layers RKD and similarity-preserving read.
    pub relation_teacher_layer: usize,
    pub relation_student_layer: usize,
    /// FitNets' stage-wise schedule: for this many first steps the student
    /// learns only the hint (its layers up to the guided one, with the
    /// regressor), then the whole mix. 0 = no separate stage.
    pub hint_stage_steps: usize,
}

impl Default for Knowledge {
    /// Response-based only: what the classic recipe uses.
    fn default() -> Self {
        Self {
            logit_mse: 0.0,
            hint: 0.0,
            rkd_distance: 0.0,
            rkd_angle: 0.0,
            similarity_preserving: 0.0,
            attention: 0.0,
            teacher_layer: 1,
            student_layer: 1,
            attention_teacher_layer: 1,
            attention_student_layer: 1,
            relation_teacher_layer: 1,
            relation_student_layer: 1,
            hint_stage_steps: 0,
        }
    }
}

impl Knowledge {
    /// Whether any term needs the networks' intermediate features.
    pub fn uses_features(&self) -> bool {
        self.hint > 0.0 || self.uses_relations() || self.attention > 0.0
    }

    pub fn uses_relations(&self) -> bool {
        self.rkd_distance > 0.0 || self.rkd_angle > 0.0 || self.similarity_preserving > 0.0
    }

    /// Weights clamped into their ranges (non-finite → 0), layers into
    /// 1..=layers + 1 of each network (`*_layers`: blocks + hidden layers):
    /// the table of settings' ranges ([`super::settings`]).
    pub fn normalised(&self, teacher_depth: usize, student_depth: usize) -> Self {
        let (t, s) = (|l: usize| l.clamp(1, teacher_depth + 1), |l: usize| l.clamp(1, student_depth + 1));
        let d = Self::default();
        Self {
            logit_mse: LOGIT_MSE.clamp_real(self.logit_mse, d.logit_mse),
            hint: HINT.clamp_real(self.hint, d.hint),
            rkd_distance: RKD_DISTANCE.clamp_real(self.rkd_distance, d.rkd_distance),
            rkd_angle: RKD_ANGLE.clamp_real(self.rkd_angle, d.rkd_angle),
            similarity_preserving: SIMILARITY_PRESERVING.clamp_real(self.similarity_preserving, d.similarity_preserving),
            attention: ATTENTION.clamp_real(self.attention, d.attention),
            teacher_layer: t(TEACHER_LAYER.clamp_whole(self.teacher_layer)),
            student_layer: s(STUDENT_LAYER.clamp_whole(self.student_layer)),
            attention_teacher_layer: t(ATTENTION_TEACHER_LAYER.clamp_whole(self.attention_teacher_layer)),
            attention_student_layer: s(ATTENTION_STUDENT_LAYER.clamp_whole(self.attention_student_layer)),
            relation_teacher_layer: t(RELATION_TEACHER_LAYER.clamp_whole(self.relation_teacher_layer)),
            relation_student_layer: s(RELATION_STUDENT_LAYER.clamp_whole(self.relation_student_layer)),
            hint_stage_steps: HINT_STAGE_STEPS.clamp_whole(self.hint_stage_steps),
        }
    }
}

/// Small feature batches for the losses' tests.
#[cfg(test)]
mod test_rows {
    use burn::prelude::*;
    use burn::tensor::TensorData;
    use futures::executor::block_on;

    use crate::core::net::read_f32;

    pub fn rows(values: &[[f32; 2]]) -> Tensor<2> {
        let flat: Vec<f32> = values.iter().flatten().copied().collect();
        Tensor::from_data(TensorData::new(flat, [values.len(), 2]), &Device::flex())
    }

    pub fn scalar(t: Tensor<1>) -> f32 {
        block_on(read_f32(t)).unwrap()[0]
    }
}

#[cfg(test)]
mod tests {
    use super::test_rows::{rows, scalar};
    use super::*;
    use crate::core::net::read_f32;
    use burn::prelude::*;
    use burn::tensor::TensorData;
    use futures::executor::block_on;

    #[test]
    fn bad_weights_and_layers_are_clamped() {
        let k = Knowledge {
            logit_mse: f32::NAN,
            hint: -1.0,
            rkd_distance: 1e9,
            rkd_angle: 50.0,
            similarity_preserving: f32::INFINITY,
            teacher_layer: 0,
            student_layer: 9,
            relation_student_layer: 0,
            hint_stage_steps: usize::MAX,
            ..Knowledge::default()
        };
        let n = k.normalised(2, 1);
        assert_eq!((n.logit_mse, n.hint, n.rkd_distance, n.rkd_angle, n.similarity_preserving), (0.0, 0.0, MAX_WEIGHT, 50.0, 0.0));
        assert_eq!((n.teacher_layer, n.student_layer, n.relation_student_layer, n.hint_stage_steps), (1, 2, 1, MAX_HINT_STAGE_STEPS));
        assert!(n.uses_features());
        assert!(!Knowledge::default().uses_features());
    }

    #[test]
    fn missing_fields_take_defaults() {
        let k: Knowledge = serde_json::from_str(r#"{"hint": 2.0}"#).unwrap();
        assert_eq!(k, Knowledge { hint: 2.0, ..Knowledge::default() });
    }

    // The losses of every family together.

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
}
