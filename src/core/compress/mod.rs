//! Model compression beside distillation (Gou et al. 2021, §1; Han et al.
//! 2016): what a model costs, and three ways to make a trained one cheaper —
//! magnitude pruning, post-training int8 quantisation and weight sharing by
//! k-means. Each works on plain [`NetWeights`](super::model::NetWeights)
//! (weights `[in, out]` row-major per layer, then biases), so it composes
//! with distillation: compress the distilled student, or the scratch one.

pub mod cost;
#[cfg(feature = "engine")]
pub mod fine_tune;
pub mod ladder;
pub mod prune;
pub mod quantize;
pub mod timing;
pub mod weight_sharing;
