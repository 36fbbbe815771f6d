//! Views of what a layer knows, computed in the core: a 2-D PCA projection
//! of a batch's features (for feature-based KD: do the student's guided-layer
//! features arrange the samples like the teacher's hint layer?) and the
//! batch's pairwise distances divided by their mean (what RKD's distance loss
//! compares).
//!
//! PCA goes through the n × n Gram matrix of the centred rows (n is a small
//! batch, the width may be 512) and power iteration with deflation: the
//! coordinates on component k are e_k·√λ_k for the Gram matrix's k-th
//! eigenpair. Signs are fixed (largest |coordinate| positive) so the picture
//! does not flip between updates.

/// Rows `[n, dim]` (row-major) projected onto their first two principal
/// components; all zeros when the rows do not vary.
pub fn pca_2d(rows: &[f32], dim: usize) -> Vec<[f32; 2]> {
    let n = rows.len().checked_div(dim).unwrap_or(0);
    if n == 0 {
        return vec![];
    }
    let mean: Vec<f64> = (0..dim).map(|j| (0..n).map(|i| f64::from(rows[i * dim + j])).sum::<f64>() / n as f64).collect();
    let centred: Vec<f64> = (0..n * dim).map(|k| f64::from(rows[k]) - mean[k % dim]).collect();
    let mut gram = vec![0.0f64; n * n];
    for a in 0..n {
        for b in 0..=a {
            let dot: f64 = (0..dim).map(|j| centred[a * dim + j] * centred[b * dim + j]).sum();
            gram[a * n + b] = dot;
            gram[b * n + a] = dot;
        }
    }
    let mut coords = vec![[0.0f32; 2]; n];
    for component in 0..2 {
        let Some((value, vector)) = top_eigenpair(&gram, n) else { break };
        let scale = value.max(0.0).sqrt();
        let sign = if vector.iter().fold(0.0f64, |m, v| if v.abs() > m.abs() { *v } else { m }) < 0.0 { -1.0 } else { 1.0 };
        for (c, v) in coords.iter_mut().zip(&vector) {
            c[component] = (sign * v * scale) as f32;
        }
        // Deflate: remove this component before finding the next.
        for a in 0..n {
            for b in 0..n {
                gram[a * n + b] -= value * vector[a] * vector[b];
            }
        }
    }
    coords
}

/// The largest eigenvalue of a symmetric positive semi-definite matrix and
/// its unit eigenvector, by power iteration; None when the matrix is ~0.
fn top_eigenpair(m: &[f64], n: usize) -> Option<(f64, Vec<f64>)> {
    // A fixed, non-symmetric start so no eigenvector is missed by symmetry.
    let mut v: Vec<f64> = (0..n).map(|i| 1.0 + (i as f64 * 0.618_034).fract()).collect();
    let mut value = 0.0;
    for _ in 0..500 {
        let w: Vec<f64> = (0..n).map(|a| (0..n).map(|b| m[a * n + b] * v[b]).sum()).collect();
        let norm = w.iter().map(|x| x * x).sum::<f64>().sqrt();
        if norm < 1e-12 {
            return None;
        }
        let next: Vec<f64> = w.iter().map(|x| x / norm).collect();
        let change: f64 = next.iter().zip(&v).map(|(a, b)| (a - b).abs()).sum();
        v = next;
        value = norm;
        if change < 1e-10 {
            break;
        }
    }
    Some((value, v))
}

/// Euclidean distances between every pair of rows, divided by their mean
/// over the n(n−1) off-diagonal pairs (as RKD normalises them).
pub fn normalised_distances(rows: &[f32], dim: usize) -> Vec<Vec<f32>> {
    let n = rows.len().checked_div(dim).unwrap_or(0);
    let row = |i: usize| &rows[i * dim..(i + 1) * dim];
    let mut d: Vec<Vec<f32>> =
        (0..n).map(|a| (0..n).map(|b| row(a).iter().zip(row(b)).map(|(x, y)| (x - y) * (x - y)).sum::<f32>().sqrt()).collect()).collect();
    let pairs = (n * n.saturating_sub(1)).max(1) as f32;
    let mean = d.iter().flatten().sum::<f32>() / pairs;
    if mean > 0.0 {
        d.iter_mut().flatten().for_each(|v| *v /= mean);
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_on_a_line_project_onto_one_axis_with_their_spacing() {
        // Four points on the line (1, 1, 1)·t for t = −3, −1, 1, 5 (mean 0.5).
        let rows: Vec<f32> = [-3.0f32, -1.0, 1.0, 5.0].iter().flat_map(|t| [*t, *t, *t]).collect();
        let p = pca_2d(&rows, 3);
        let scale = 3f32.sqrt(); // |(1, 1, 1)|
        for (c, t) in p.iter().zip([-3.5f32, -1.5, 0.5, 4.5]) {
            assert!((c[0] - t * scale).abs() < 1e-4, "{p:?}");
            assert!(c[1].abs() < 1e-4, "{p:?}");
        }
        assert!(p[3][0] > 0.0, "signs fixed: the largest coordinate is positive");
    }

    #[test]
    fn a_rectangle_keeps_its_long_side_first() {
        let rows = [0.0f32, 0.0, 4.0, 0.0, 0.0, 1.0, 4.0, 1.0];
        let p = pca_2d(&rows, 2);
        let spread = |k: usize| p.iter().map(|c| c[k].abs()).fold(0.0, f32::max);
        assert!((spread(0) - 2.0).abs() < 1e-4 && (spread(1) - 0.5).abs() < 1e-4, "{p:?}");
        assert_eq!(pca_2d(&[1.0, 1.0, 1.0, 1.0], 2), vec![[0.0, 0.0]; 2], "no variation, no axes");
    }

    #[test]
    fn distances_by_hand_and_scale_free() {
        // Points 0, 3 and 4 on a line: distances 3, 4, 1; mean over 6 ordered pairs = 16/6.
        let d = normalised_distances(&[0.0, 3.0, 4.0], 1);
        assert!((d[0][1] - 3.0 / (16.0 / 6.0)).abs() < 1e-6 && d[1][1] == 0.0, "{d:?}");
        let scaled = normalised_distances(&[0.0, 30.0, 40.0], 1);
        assert!(d.iter().flatten().zip(scaled.iter().flatten()).all(|(a, b)| (a - b).abs() < 1e-6));
    }
}
