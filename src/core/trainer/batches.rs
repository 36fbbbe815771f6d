//! Which training rows each step sees: seeded shuffles, so a seed fixes the
//! batches, and two runs given one seed see the same ones.

use super::super::rng::SeededRng;

/// Epochs of seeded shuffles, cut into batches.
#[derive(Debug, Clone)]
pub struct BatchSampler {
    order: Vec<usize>,
    next: usize,
    rng: SeededRng,
}

impl BatchSampler {
    pub fn new(rows: usize, seed: u64) -> Self {
        Self { order: (0..rows).collect(), next: rows, rng: SeededRng::new(seed) }
    }

    pub fn next_batch(&mut self, size: usize) -> Vec<usize> {
        let size = size.clamp(1, self.order.len());
        if self.next + size > self.order.len() {
            self.rng.shuffle(&mut self.order);
            self.next = 0;
        }
        self.next += size;
        self.order[self.next - size..self.next].to_vec()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sampler_covers_every_row_once_per_epoch() {
        let mut s = BatchSampler::new(10, 1);
        let mut seen: Vec<usize> = (0..5).flat_map(|_| s.next_batch(2)).collect();
        seen.sort();
        assert_eq!(seen, (0..10).collect::<Vec<_>>());
    }
}
