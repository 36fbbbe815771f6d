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

/// A drawn digit as classified: the input the networks read (8 × 8, or
/// 28 × 28 on MNIST) and each model's logits (the students' where they
/// exist), with what a convolutional model's blocks made of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Prediction {
    pub input: Vec<f32>,
    pub teacher: Vec<f32>,
    pub distilled: Option<Vec<f32>>,
    pub scratch: Option<Vec<f32>>,
    /// Teacher, distilled, scratch (as they exist), for CNNs only.
    #[serde(default)]
    pub maps: Vec<(super::ModelName, NetMaps)>,
}

/// What a CNN's blocks made of one input, for the views: its first layer's
/// filters, and per block the attention map and the first few feature maps.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct NetMaps {
    /// Side of the first layer's kernels; `filters` holds one k × k kernel
    /// per map (of its first input channel), row-major.
    pub kernel: usize,
    pub filters: Vec<Vec<f32>>,
    pub blocks: Vec<BlockMaps>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct BlockMaps {
    pub height: usize,
    pub width: usize,
    /// Σ over channels of A², normalised (attention transfer's map), h × w.
    pub attention: Vec<f32>,
    /// The first few channels' maps, h × w each.
    pub channels: Vec<Vec<f32>>,
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
