//! The students' transfer set of a run seed: each seed draws its own share
//! of the training rows (salted, [`salts::TRANSFER_SET`]), so a spread over
//! seeds shows which rows the students saw as well as their initialisation
//! and batch order. The page's students, every experiment's and the stacked
//! sweep's draw through here, so a seed means the same set everywhere.

use super::salts;
use crate::core::dataset::Dataset;

/// The training rows of seed `seed`'s transfer set of `share` ([`Dataset::transfer_rows`]).
pub fn transfer_rows(dataset: &Dataset, share: f32, seed: u64) -> Vec<usize> {
    dataset.transfer_rows(share, seed ^ salts::TRANSFER_SET)
}

/// Seed `seed`'s transfer set of `share`: `dataset` with those training rows.
pub fn transfer_set(dataset: &Dataset, share: f32, seed: u64) -> Dataset {
    dataset.with_training_rows(&transfer_rows(dataset, share, seed))
}
