//! What a network's evaluation reads back: logits for every row, plain
//! numbers the page draws (apart from [`super::Classifier`], which reads
//! them, so the page's UI-only module builds them too).

/// Logits read back for every evaluation row, row-major `[rows, classes]`.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct Outputs {
    pub classes: usize,
    #[serde(with = "crate::core::serde_bytes::floats")]
    pub train: Vec<f32>,
    #[serde(with = "crate::core::serde_bytes::floats")]
    pub test: Vec<f32>,
    /// GRID × GRID boundary cells (2-D data only, else empty).
    #[serde(with = "crate::core::serde_bytes::floats")]
    pub grid: Vec<f32>,
}
