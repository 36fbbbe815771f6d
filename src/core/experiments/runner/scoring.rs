//! From a trained network to a result row: its test logits (refused when
//! not finite), accuracy on the labels and agreement with the point's teacher.

use super::ExperimentFailure;
use super::pacer::Stop;
use crate::core::experiments::omitted;
use crate::core::experiments::result::ResultRow;
use crate::core::metrics::{accuracy, agreement};
use crate::core::model::NetSpec;
use crate::core::trainer::{Classifier, DeviceData};

/// A trained network's test logits, refused when not finite.
pub(super) async fn measure(net: &Classifier, data: &DeviceData) -> Result<Vec<f32>, Stop> {
    let logits = net.test_logits(data).await.map_err(Stop::device)?;
    if logits.iter().any(|z| !z.is_finite()) {
        return Err(Stop::Failed(ExperimentFailure::NotFinite));
    }
    Ok(logits)
}

/// Turns a network's test logits into its row: accuracy on the labels,
/// agreement with the point's teacher.
pub(super) struct Scoring<'a> {
    pub(super) teacher: &'a [f32],
    pub(super) labels: &'a [usize],
    pub(super) classes: usize,
}

impl Scoring<'_> {
    pub(super) fn row(&self, name: &str, x: f32, seed: u64, spec: &NetSpec, logits: &[f32]) -> ResultRow {
        let (test_errors, _) = omitted::errors(logits, self.labels, self.classes, usize::MAX);
        ResultRow {
            x,
            seed,
            model: name.into(),
            params: spec.param_count(),
            test_accuracy: accuracy(logits, self.labels, self.classes),
            agreement: agreement(logits, self.teacher, self.classes),
            test_errors,
            class_errors: None,
            bias: None,
        }
    }
}
