//! Which knowledge the distilled student learns from, and how much of each
//! (Gou et al. 2021, §2): a weighted mix, every term optional.
//!
//! - *Response-based*: α·T²·KL on softened logits (Hinton et al. 2015; the
//!   config's `alpha`), and MSE on raw logits (Ba & Caruana 2014).
//! - *Feature-based*: the FitNets hint (Romero et al. 2015): a learned linear
//!   regressor maps the student's guided layer to the teacher's hint layer.
//! - *Relation-based*: RKD distance and angle (Park et al. 2019) and
//!   similarity-preserving KD (Tung & Mori 2019), on the same pair of layers.
//!
//! Layers are numbered from 1 (first hidden layer) to depth + 1 (the logits),
//! so a network without hidden layers still has a layer to compare.

use serde::{Deserialize, Serialize};

use super::settings::{HINT, HINT_STAGE_STEPS, LOGIT_MSE, RKD_ANGLE, RKD_DISTANCE, SIMILARITY_PRESERVING, STUDENT_LAYER, TEACHER_LAYER};

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
    /// The teacher's layer the feature and relation terms read (1-based).
    pub teacher_layer: usize,
    /// The student's layer they guide (1-based).
    pub student_layer: usize,
    /// FitNets' stage-wise schedule: for this many first steps the student
    /// learns only the hint (its layers up to the guided one, with the
    /// regressor), then the whole mix. 0 = no separate stage.
    pub hint_stage_steps: usize,
}

impl Default for Knowledge {
    /// Response-based only: what the classic recipe uses.
    fn default() -> Self {
        Self { logit_mse: 0.0, hint: 0.0, rkd_distance: 0.0, rkd_angle: 0.0, similarity_preserving: 0.0, teacher_layer: 1, student_layer: 1, hint_stage_steps: 0 }
    }
}

impl Knowledge {
    /// Whether any term needs the networks' intermediate features.
    pub fn uses_features(&self) -> bool {
        self.hint > 0.0 || self.rkd_distance > 0.0 || self.rkd_angle > 0.0 || self.similarity_preserving > 0.0
    }

    /// Weights clamped into [0, MAX_WEIGHT] (non-finite → 0), layers into
    /// 1..=depth + 1 of each network: the table of settings' ranges
    /// ([`super::settings`]).
    pub fn normalised(&self, teacher_depth: usize, student_depth: usize) -> Self {
        let d = Self::default();
        Self {
            logit_mse: LOGIT_MSE.clamp_real(self.logit_mse, d.logit_mse),
            hint: HINT.clamp_real(self.hint, d.hint),
            rkd_distance: RKD_DISTANCE.clamp_real(self.rkd_distance, d.rkd_distance),
            rkd_angle: RKD_ANGLE.clamp_real(self.rkd_angle, d.rkd_angle),
            similarity_preserving: SIMILARITY_PRESERVING.clamp_real(self.similarity_preserving, d.similarity_preserving),
            teacher_layer: self.teacher_layer.clamp(TEACHER_LAYER.min as usize, teacher_depth + 1),
            student_layer: self.student_layer.clamp(STUDENT_LAYER.min as usize, student_depth + 1),
            hint_stage_steps: HINT_STAGE_STEPS.clamp_whole(self.hint_stage_steps),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
            hint_stage_steps: usize::MAX,
        };
        let n = k.normalised(2, 1);
        assert_eq!((n.logit_mse, n.hint, n.rkd_distance, n.rkd_angle, n.similarity_preserving), (0.0, 0.0, MAX_WEIGHT, 50.0, 0.0));
        assert_eq!((n.teacher_layer, n.student_layer, n.hint_stage_steps), (1, 2, MAX_HINT_STAGE_STEPS));
        assert!(n.uses_features());
        assert!(!Knowledge::default().uses_features());
    }

    #[test]
    fn missing_fields_take_defaults() {
        let k: Knowledge = serde_json::from_str(r#"{"hint": 2.0}"#).unwrap();
        assert_eq!(k, Knowledge { hint: 2.0, ..Knowledge::default() });
    }
}
