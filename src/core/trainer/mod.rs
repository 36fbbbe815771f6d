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

mod batches;
mod classifier;
mod device_data;
mod devices;
mod loss_read;
mod run;
pub mod salts;
mod student_pair;
mod supervised;
mod transfer;

pub use batches::BatchSampler;
pub use classifier::{Classifier, Outputs};
pub use device_data::{DeviceData, GRID, grid_points};
pub use devices::Devices;
pub use loss_read::{EXPLODED_LOSS, LossError, read_loss, read_loss_checked, read_loss_mean};
pub use run::{Run, StepParams};
pub use student_pair::StudentPair;
pub use supervised::SupervisedRun;
pub use transfer::{transfer_rows, transfer_set};
