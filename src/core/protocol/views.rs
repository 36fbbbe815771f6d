//! The data behind the page's views, as the session sends it.

use serde::{Deserialize, Serialize};

/// One network's chosen layer on the fixed feature batch: its 2-D PCA
/// projection and its mean-normalised pairwise distances.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct LayerView {
    pub layer: usize,
    pub points: Vec<[f32; 2]>,
    pub distances: Vec<Vec<f32>>,
}

/// A drawn digit as classified: the 8 × 8 input and each model's logits
/// (the students' where they exist).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Prediction {
    pub input: Vec<f32>,
    pub teacher: Vec<f32>,
    pub distilled: Option<Vec<f32>>,
    pub scratch: Option<Vec<f32>>,
}

/// The teacher's hint layer and both students' guided layers on the same
/// batch of test points, with the points' labels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LayerViews {
    pub labels: Vec<usize>,
    pub teacher: LayerView,
    pub distilled: LayerView,
    pub scratch: LayerView,
}

/// Quality of one student at one moment.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct StudentMetrics {
    pub train_loss: f32,
    pub test_loss: f32,
    pub test_accuracy: f32,
    /// Share of test points where the student's top-1 class is the teacher's.
    pub agreement: f32,
    /// Mean KL(teacher_T ‖ student_T) on the test set at the current T.
    pub kl_to_teacher: f32,
}
