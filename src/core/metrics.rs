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
    let total: f32 = rows(logits, classes).zip(labels).map(|(z, &y)| -softmax_at_temperature(z, 1.0)[y].max(1e-30).ln()).sum();
    total / labels.len().max(1) as f32
}

/// Share of rows on which both models predict the same class.
pub fn agreement(a: &[f32], b: &[f32], classes: usize) -> f32 {
    let n = a.len() / classes;
    let same = rows(a, classes).zip(rows(b, classes)).filter(|(x, y)| argmax(x) == argmax(y)).count();
    same as f32 / n.max(1) as f32
}

/// Counts `[true class][predicted class]` over the rows.
pub fn confusion_matrix(logits: &[f32], labels: &[usize], classes: usize) -> Vec<Vec<usize>> {
    let mut m = vec![vec![0; classes]; classes];
    for (z, &y) in rows(logits, classes).zip(labels) {
        m[y][argmax(z)] += 1;
    }
    m
}

/// The teacher's "dark knowledge" at temperature T: row c is the mean of
/// softmax(z/T) over the rows whose true class is c (a row of zeros for a
/// class with no rows). Off-diagonal mass shows which classes it finds alike.
pub fn class_similarity(logits: &[f32], labels: &[usize], classes: usize, temperature: f32) -> Vec<Vec<f32>> {
    let mut sums = vec![vec![0.0f32; classes]; classes];
    let mut counts = vec![0usize; classes];
    for (z, &y) in rows(logits, classes).zip(labels) {
        for (acc, p) in sums[y].iter_mut().zip(softmax_at_temperature(z, temperature)) {
            *acc += p;
        }
        counts[y] += 1;
    }
    for (row, n) in sums.iter_mut().zip(counts) {
        row.iter_mut().for_each(|v| *v /= n.max(1) as f32);
    }
    sums
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

/// Test rows on which the teacher and the two students do not all give the
/// same answer, at most `limit`, those where the distilled student sides
/// with the teacher against the scratch student first (where the teacher's
/// dark knowledge made the difference), then in row order.
pub fn disagreements(teacher: &[f32], distilled: &[f32], scratch: &[f32], classes: usize, limit: usize) -> Vec<usize> {
    let rows = [teacher.len(), distilled.len(), scratch.len()].into_iter().min().unwrap_or(0) / classes.max(1);
    let answer = |logits: &[f32], i: usize| argmax(&logits[i * classes..(i + 1) * classes]);
    let mut found: Vec<(bool, usize)> = (0..rows)
        .filter_map(|i| {
            let (t, d, s) = (answer(teacher, i), answer(distilled, i), answer(scratch, i));
            (t != d || t != s).then_some((!(t == d && d != s), i))
        })
        .collect();
    found.sort();
    found.into_iter().take(limit).map(|(_, i)| i).collect()
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

    #[test]
    fn confusion_and_class_similarity_by_hand() {
        // Rows predict 0, 1, 0 for labels 0, 1, 1.
        let logits = [2.0, 0.0, 0.0, 1.0, 5.0, 4.0];
        let labels = [0, 1, 1];
        assert_eq!(confusion_matrix(&logits, &labels, 2), vec![vec![1, 0], vec![1, 1]]);
        // At T = 1: row 0 → [σ(2), σ(−2)] = [0.880797, 0.119203]; class 1 is the
        // mean of [0.268941, 0.731059] and [0.731059, 0.268941] = [0.5, 0.5].
        let s = class_similarity(&logits, &labels, 2, 1.0);
        assert!((s[0][0] - 0.880797).abs() < 1e-5 && (s[0][1] - 0.119203).abs() < 1e-5, "{s:?}");
        assert!((s[1][0] - 0.5).abs() < 1e-6 && (s[1][1] - 0.5).abs() < 1e-6, "{s:?}");
        // A class with no rows gives zeros, not NaN.
        assert_eq!(class_similarity(&logits, &labels, 3 - 1, 1.0).len(), 2);
        assert_eq!(class_similarity(&[1.0, 2.0, 3.0], &[0], 3, 1.0)[2], vec![0.0; 3]);
    }

    #[test]
    fn disagreements_put_the_teachers_wins_first() {
        // Four rows of two classes: all agree; distilled sides with the
        // teacher; scratch sides with the teacher; the teacher stands alone.
        let teacher = [1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0];
        let distilled = [1.0, 0.0, 1.0, 0.0, 0.0, 1.0, 0.0, 1.0];
        let scratch = [1.0, 0.0, 0.0, 1.0, 1.0, 0.0, 0.0, 1.0];
        assert_eq!(disagreements(&teacher, &distilled, &scratch, 2, 10), vec![1, 2, 3]);
        assert_eq!(disagreements(&teacher, &distilled, &scratch, 2, 1), vec![1]);
        assert_eq!(disagreements(&teacher, &teacher, &teacher, 2, 10), Vec::<usize>::new());
    }
}
