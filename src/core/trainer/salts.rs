//! The salts that turn one run seed into the seeds of its parts (initial
//! weights, batch order, the hint regressor, panel 5's networks, the
//! masked fine-tune), so the parts draw unrelated numbers from one seed.
//! Every salt is named here, once; changing one changes the seeded results
//! of what it salts.
//!
//! [`STUDENT_WEIGHTS`] and [`STUDENT_BATCHES`] are shared with the stacked
//! sweep ([`crate::core::stacked::StackedStudents`]): a stacked network starts
//! from the weights and sees the batches of the [`super::StudentPair`] with its
//! seed, which is why the stacked and the point-by-point sweeps give the same
//! rows. Changing either changes every seeded result the tests compare.

/// A supervised run's (the teacher's) batch order.
pub const TEACHER_BATCHES: u64 = 0xBA7C;
/// A student's initial weights (both students of a pair share them).
pub const STUDENT_WEIGHTS: u64 = 0x57D;
/// A student pair's batch order (both students see the same batches).
pub const STUDENT_BATCHES: u64 = 0x5EED;
/// Which training rows a seed's students learn from (its transfer set,
/// [`super::transfer_rows`]); shared with the stacked sweep like the two above.
pub const TRANSFER_SET: u64 = 0x7247;
/// The FitNets hint regressor's initial weights.
pub const HINT_REGRESSOR: u64 = 0x4E6;

/// Panel 5's runs: the strategy's own seed, from the config's.
pub const STRATEGY: u64 = 0x57A7;
/// Mutual learning: peer `i`'s initial weights (`MUTUAL_PEER_WEIGHTS + i`).
pub const MUTUAL_PEER_WEIGHTS: u64 = 0xD31;
/// Mutual learning: the cohort's batch order (every peer sees the same batches).
pub const MUTUAL_BATCHES: u64 = 0xC0;
/// Early exits: exit head `i`'s initial weights (`EXIT_WEIGHTS + i`).
pub const EXIT_WEIGHTS: u64 = 0xE417;
/// Early exits: the trunk's batch order.
pub const EXIT_BATCHES: u64 = 0xE0;
/// Born-again generation `g`'s student pair (`BORN_AGAIN + g`; the first is `BORN_AGAIN`).
pub const BORN_AGAIN: u64 = 0xBA;
/// The compression ladder's masked fine-tune: its batch order.
pub const FINE_TUNE_BATCHES: u64 = 0xF17E;
/// The dropout masks of a network that uses dropout (burn's generator, seeded from ours).
pub const DROPOUT: u64 = 0xD7;
