//! Model quality figures from logits read back from the device (row-major
//! `[rows, classes]`): accuracy, cross-entropy, top-1 agreement and mean KL
//! between two models.

use super::probs::{argmax, kl_divergence, softmax_at_temperature};

fn rows(logits: &[f32], classes: usize) -> impl Iterator<Item = &[f32]> {
    logits.chunks_exact(classes)
}

/// Share of rows whose argmax equals the label.
pub fn accuracy(logits: &[f32], labels: &[usize], classes: usize) -> f32 {
    let hits = rows(logits, classes).zip(labels).filter(|(z, y)| argmax(z) == **y).count();
    hits as f32 / labels.len().max(1) as f32
}

/// Mean −ln softmax(z)[y] in nats.
pub fn cross_entropy(logits: &[f32], labels: &[usize], classes: usize) -> f32 {
    let total: f32 = rows(logits, classes)
        .zip(labels)
        .map(|(z, &y)| -softmax_at_temperature(z, 1.0)[y].max(1e-30).ln())
        .sum();
    total / labels.len().max(1) as f32
}

/// Share of rows on which both models predict the same class.
pub fn agreement(a: &[f32], b: &[f32], classes: usize) -> f32 {
    let n = a.len() / classes;
    let same = rows(a, classes).zip(rows(b, classes)).filter(|(x, y)| argmax(x) == argmax(y)).count();
    same as f32 / n.max(1) as f32
}

/// Mean over rows of KL(softmax(teacher/T) ‖ softmax(student/T)).
pub fn mean_kl(teacher: &[f32], student: &[f32], classes: usize, temperature: f32) -> f32 {
    let n = teacher.len() / classes;
    let total: f32 = rows(teacher, classes)
        .zip(rows(student, classes))
        .map(|(t, s)| kl_divergence(&softmax_at_temperature(t, temperature), &softmax_at_temperature(s, temperature)))
        .sum();
    total / n.max(1) as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_computed_metrics() {
        let logits = [2.0, 0.0, 0.0, 1.0, 5.0, 4.0];
        let labels = [0, 1, 1];
        assert!((accuracy(&logits, &labels, 2) - 2.0 / 3.0).abs() < 1e-6);
        // Row 1: −ln σ(2) = ln(1 + e^-2) = 0.126928; row 2: ln(1 + e^-1) = 0.313262; row 3: ln(1 + e^1) = 1.313262.
        assert!((cross_entropy(&logits, &labels, 2) - (0.126928 + 0.313262 + 1.313262) / 3.0).abs() < 1e-5);
        let other = [0.0, 1.0, 0.0, 1.0, 5.0, 4.0];
        assert!((agreement(&logits, &other, 2) - 2.0 / 3.0).abs() < 1e-6);
        assert_eq!(mean_kl(&logits, &logits, 2, 3.0), 0.0);
        assert!(mean_kl(&logits, &other, 2, 1.0) > 0.0);
    }
}
