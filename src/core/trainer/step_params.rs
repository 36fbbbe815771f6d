//! The knobs of one optimisation step: plain numbers the page's settings
//! make and every run reads (apart from [`super::Run`], which is burn code,
//! so the page's UI-only module builds them too).

use super::super::knowledge::Knowledge;

/// The knobs one optimisation step reads (they may change between steps).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StepParams {
    pub batch_size: usize,
    pub learning_rate: f32,
    /// Weight of the soft-target term (distillation only).
    pub alpha: f32,
    /// Softening temperature (distillation only).
    pub temperature: f32,
    /// The other knowledge terms (distillation only).
    pub knowledge: Knowledge,
}
