//! What a model costs: parameters, bytes and multiply-adds per prediction,
//! counted from its shape (latency is measured, in the page, not here).

use serde::{Deserialize, Serialize};

use super::super::model::NetSpec;
use super::super::names::ModelName;

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ModelCost {
    pub params: usize,
    /// Stored as f32 (or as the compressed form's real size, see `bytes_*`).
    pub bytes: usize,
    /// Multiply-adds for one input: Σ in × out over the layers (the bias
    /// adds and ReLUs are a further Σ out, negligible beside them).
    pub mult_adds: usize,
}

/// One model's cost: counted, measured, and what it scores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CostReport {
    pub model: ModelName,
    pub cost: ModelCost,
    pub latency_ms: f32,
    pub throughput: f32,
    pub test_accuracy: f32,
}

pub fn cost(spec: &NetSpec) -> ModelCost {
    let mult_adds = spec.mult_adds();
    ModelCost { params: spec.param_count(), bytes: spec.bytes_f32(), mult_adds }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_known_architecture_costs_what_hand_counting_gives() {
        // 64-256-256-10: weights 64·256 + 256·256 + 256·10 = 16,384 + 65,536 + 2,560 = 84,480;
        // biases 256 + 256 + 10 = 522.
        let c = cost(&NetSpec::uniform(64, 2, 256, 10));
        assert_eq!(c, ModelCost { params: 85_002, bytes: 340_008, mult_adds: 84_480 });
        // 2-3 with no hidden layer: 6 weights, 3 biases.
        assert_eq!(cost(&NetSpec::uniform(2, 0, 16, 3)), ModelCost { params: 9, bytes: 36, mult_adds: 6 });
    }
}
