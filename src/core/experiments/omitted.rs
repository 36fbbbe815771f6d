//! The omitted-class setup (Hinton et al. 2015 §3): the teacher learns every
//! class; the students' transfer set has no example of one class; the
//! distilled student's output bias for that class is then raised by the
//! amount that best fits a held-out set (the paper added 3.5).

use crate::core::dataset::{Dataset, Samples};
use crate::core::metrics::accuracy;

/// Every `HELD_OUT_EVERY`-th training row is held out (from every network)
/// to fit the bias on.
pub const HELD_OUT_EVERY: usize = 5;
/// The biases tried, from 0 up in steps of `BIAS_STEP`.
pub const MAX_BIAS: f32 = 20.0;
pub const BIAS_STEP: f32 = 0.1;

pub struct OmittedSplit {
    /// The teacher's training set (held-out rows removed), with the test set.
    pub teacher: Dataset,
    /// The students' transfer set: the teacher's, without `class`.
    pub transfer: Dataset,
    /// The held-out rows, as this dataset's *test* set.
    pub held_out: Dataset,
}

fn pick(samples: &Samples, keep: impl Fn(usize, usize) -> bool) -> Samples {
    let rows: Vec<usize> = (0..samples.len()).filter(|&i| keep(i, samples.y[i])).collect();
    Samples { x: rows.iter().flat_map(|&i| samples.row(i).to_vec()).collect(), y: rows.iter().map(|&i| samples.y[i]).collect(), dim: samples.dim }
}

pub fn split(dataset: &Dataset, class: usize) -> OmittedSplit {
    let held = |i: usize| i % HELD_OUT_EVERY == HELD_OUT_EVERY - 1;
    let teacher_train = pick(&dataset.train, |i, _| !held(i));
    let transfer_train = pick(&teacher_train, |_, y| y != class);
    let held_rows = pick(&dataset.train, |i, _| held(i));
    OmittedSplit {
        teacher: Dataset { train: teacher_train.clone(), ..dataset.clone() },
        transfer: Dataset { train: transfer_train, ..dataset.clone() },
        held_out: Dataset { train: teacher_train, test: held_rows, ..dataset.clone() },
    }
}

/// `logits` with `bias` added to `class`'s logit in every row.
pub fn with_bias(logits: &[f32], classes: usize, class: usize, bias: f32) -> Vec<f32> {
    let mut out = logits.to_vec();
    out.iter_mut().skip(class).step_by(classes).for_each(|z| *z += bias);
    out
}

/// The bias in [0, MAX_BIAS] that gives the best accuracy on `labels`
/// (the smallest such, so an unneeded correction stays 0).
pub fn best_bias(logits: &[f32], labels: &[usize], classes: usize, class: usize) -> f32 {
    let steps = (MAX_BIAS / BIAS_STEP).round() as usize;
    let mut best = (0.0, f32::MIN);
    for k in 0..=steps {
        let bias = k as f32 * BIAS_STEP;
        let acc = accuracy(&with_bias(logits, classes, class, bias), labels, classes);
        if acc > best.1 {
            best = (bias, acc);
        }
    }
    best.0
}

/// Misclassified rows: all of them, and those whose label is `class`.
pub fn errors(logits: &[f32], labels: &[usize], classes: usize, class: usize) -> (usize, usize) {
    let wrong: Vec<bool> = logits.chunks(classes).zip(labels).map(|(row, &y)| crate::core::probs::argmax(row) != y).collect();
    let on_class = wrong.iter().zip(labels).filter(|(w, y)| **w && **y == class).count();
    (wrong.iter().filter(|w| **w).count(), on_class)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::dataset::{DatasetKind, DatasetSpec};

    #[test]
    fn the_transfer_set_has_no_example_of_the_class_and_the_held_out_rows_are_apart() {
        let d = Dataset::generate(&DatasetSpec { kind: DatasetKind::Digits, points: 2000, ..DatasetSpec::default() });
        let s = split(&d, 3);
        assert!(!s.transfer.train.y.contains(&3));
        assert!(s.teacher.train.y.contains(&3) && s.held_out.test.y.contains(&3));
        assert_eq!(s.teacher.train.len() + s.held_out.test.len(), d.train.len());
        assert_eq!(s.transfer.train.len(), s.teacher.train.len() - s.teacher.train.y.iter().filter(|&&y| y == 3).count());
        assert_eq!(s.transfer.test, d.test, "the test set is untouched");
    }

    #[test]
    fn the_bias_is_the_smallest_that_fixes_most_rows() {
        // Row 0 is class 1 and needs +0.55 on class 1; row 1 is class 0 and
        // breaks only above +2.
        let logits = [1.0, 0.5, 3.0, 1.0];
        let labels = [1, 0];
        assert_eq!(with_bias(&logits, 2, 1, 1.0), vec![1.0, 1.5, 3.0, 2.0]);
        let b = best_bias(&logits, &labels, 2, 1);
        assert!((b - 0.6).abs() < 1e-4, "{b}");
        assert_eq!(errors(&logits, &labels, 2, 1), (1, 1));
        assert_eq!(errors(&with_bias(&logits, 2, 1, b), &labels, 2, 1), (0, 0));
    }
}
