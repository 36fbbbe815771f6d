//! Which sweeps may train their students as one stacked computation: a
//! question of settings alone, which the page asks too (without burn, in
//! its UI-only module) to say how a sweep will run.

use crate::core::config::PlaygroundConfig;
use crate::core::experiments::{ExperimentKind, ExperimentSpec};

/// Whether a sweep's students can train as one stacked computation: a
/// temperature sweep whose students learn from the soft targets and labels
/// alone (the stack has no hint regressor, feature or relation terms).
pub fn stackable(spec: &ExperimentSpec, config: &PlaygroundConfig) -> bool {
    let k = config.step_params().knowledge;
    // The stack is of MLPs without dropout (StackedMlp): CNN students train point by point.
    let student = config.student_spec(config.dataset.input_dim(), 2);
    // Nor on MNIST: the stacked students' memory on 8,000 rows of 784 grew
    // past wasm's 4 GB in the page (Hinton's 800-800 students); point by point it does not.
    spec.kind == ExperimentKind::TemperatureSweep
        && k.logit_mse == 0.0
        && !k.uses_features()
        && !student.is_convolutional()
        && student.dropout == 0.0
        && !config.dataset.kind.is_fetched()
}
