//! A [`Table`]'s seeded train/test split, standardised with the training
//! rows' statistics (mean 0, standard deviation 1 per feature there): the
//! test rows are scaled the same way and never inform it.

use super::super::dataset::Samples;
use super::super::rng::SeededRng;
use super::Table;

/// A dataset's standardisation, `(x - mean) / scale` per feature: what a
/// model trained on the split expects done to raw values (an ONNX file
/// takes it as its first nodes).
#[derive(Debug, Clone, PartialEq)]
pub struct Standardisation {
    pub mean: Vec<f32>,
    pub scale: Vec<f32>,
}

/// The split rows and the statistics they were standardised with.
#[derive(Debug, Clone, PartialEq)]
pub struct Split {
    pub train: Samples,
    pub test: Samples,
    /// Each feature's mean over the training rows.
    pub mean: Vec<f32>,
    /// Each feature's standard deviation over the training rows (1 where
    /// a feature is constant there, so it stays 0 rather than dividing by 0).
    pub scale: Vec<f32>,
}

impl Split {
    pub fn standardisation(&self) -> Standardisation {
        Standardisation { mean: self.mean.clone(), scale: self.scale.clone() }
    }
}

/// Shuffles the rows with `seed`, keeps `test_fraction` of them (at least
/// one, and at least one for training) as the test split, and standardises.
pub fn split(table: &Table, test_fraction: f32, seed: u64) -> Split {
    let (rows, dim) = (table.rows(), table.features());
    let mut order: Vec<usize> = (0..rows).collect();
    SeededRng::new(seed).shuffle(&mut order);
    let n_test = ((rows as f32 * test_fraction).round() as usize).clamp(1, rows.saturating_sub(1).max(1));
    let (test_rows, train_rows) = order.split_at(n_test);
    let row = |i: usize| &table.x[i * dim..(i + 1) * dim];
    let n = train_rows.len() as f64;
    let mean: Vec<f64> = (0..dim).map(|j| train_rows.iter().map(|&i| row(i)[j] as f64).sum::<f64>() / n).collect();
    let scale: Vec<f64> = (0..dim)
        .map(|j| {
            let var = train_rows.iter().map(|&i| (row(i)[j] as f64 - mean[j]).powi(2)).sum::<f64>() / n;
            if var.sqrt() > 1e-12 { var.sqrt() } else { 1.0 }
        })
        .collect();
    let samples = |rows: &[usize]| Samples {
        x: rows.iter().flat_map(|&i| row(i).iter().enumerate().map(|(j, &v)| ((v as f64 - mean[j]) / scale[j]) as f32)).collect(),
        y: rows.iter().map(|&i| table.labels[i]).collect(),
        dim,
    };
    Split {
        train: samples(train_rows),
        test: samples(test_rows),
        mean: mean.iter().map(|&m| m as f32).collect(),
        scale: scale.iter().map(|&s| s as f32).collect(),
    }
}
