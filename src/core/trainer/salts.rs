//! The salts that turn one run seed into the seeds of its parts (initial
//! weights, batch order, the hint regressor), so the parts draw unrelated
//! numbers from one seed.
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
/// The FitNets hint regressor's initial weights.
pub const HINT_REGRESSOR: u64 = 0x4E6;
