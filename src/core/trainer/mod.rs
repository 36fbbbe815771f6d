//! The training loop, written out (burn-train's Learner does not run in a
//! browser): forward → loss → backward → `GradientsParams` → Adam step.
//!
//! Steps only enqueue work; nothing is read back until [`Classifier::outputs`]
//! or [`read_loss`], which are async because a WebGPU read must wait for the
//! GPU. Callers batch many steps between reads.
//!
//! One file per part: [`Devices`] (where tensors live), [`DeviceData`] (the
//! dataset on them), [`BatchSampler`] (which rows a step sees), [`Classifier`]
//! (a network and its optimiser), [`read_loss`] (where divergence is noticed),
//! [`Run`] (what a session drives), and the two runs: [`SupervisedRun`] and
//! [`StudentPair`]. [`salts`] names how a seed is split among them, and
//! [`transfer_set`] which training rows a seed's students learn from.
//!
//! The plain parts — [`StepParams`], [`Outputs`], the boundary [`GRID`],
//! batches, salts and transfer sets — build without burn; the rest needs the
//! `engine` feature (the page's UI-only module has neither training nor burn).

mod batches;
#[cfg(feature = "engine")]
mod classifier;
#[cfg(feature = "engine")]
mod device_data;
#[cfg(feature = "engine")]
mod devices;
mod grid;
#[cfg(feature = "engine")]
mod loss_read;
mod outputs;
#[cfg(feature = "engine")]
mod run;
pub mod salts;
mod step_params;
#[cfg(feature = "engine")]
mod student_pair;
#[cfg(feature = "engine")]
mod supervised;
mod transfer;

pub use batches::BatchSampler;
#[cfg(feature = "engine")]
pub use classifier::Classifier;
#[cfg(feature = "engine")]
pub use device_data::DeviceData;
#[cfg(feature = "engine")]
pub use devices::Devices;
pub use grid::{GRID, grid_points};
#[cfg(feature = "engine")]
pub use loss_read::{EXPLODED_LOSS, LossError, read_loss, read_loss_checked, read_loss_mean};
pub use outputs::Outputs;
#[cfg(feature = "engine")]
pub use run::Run;
pub use step_params::StepParams;
#[cfg(feature = "engine")]
pub use student_pair::StudentPair;
#[cfg(feature = "engine")]
pub use supervised::SupervisedRun;
pub use transfer::{transfer_rows, transfer_set};
