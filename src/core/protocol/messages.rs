//! What the session tells the page besides figures, as data: the page words
//! it (`words::session`). Code that reacts to one (a test, the page) matches a
//! variant instead of searching English.

use serde::{Deserialize, Serialize};

use super::super::names::ModelName;
use super::{BackendKind, Role};

/// Not an error: a request was declined, or something worth knowing happened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Notice {
    /// `for_role` (the students, or a born-again run) learns from the teacher,
    /// which has not trained yet.
    TrainTeacherFirst { for_role: Role },
    /// The ladder compresses the students, which have not trained yet.
    TrainStudentsFirst,
    /// Play on a self-distillation whose generations are all trained.
    EveryGenerationTrained,
    /// A self-distillation's last generation just finished.
    GenerationsDone,
    /// A drawing's pixels do not match the models' inputs.
    DrawingDoesNotFit { pixels: usize, inputs: usize },
    /// The WebGPU device was lost: training moved to the CPU, the models start over.
    DeviceLost { reason: String },
    /// A backend was asked for that this instance has no devices for.
    BackendUnavailable { wanted: BackendKind, staying_on: BackendKind },
    /// A loaded weights file does not fit the settings as they are now.
    WeightsNoLongerFit,
    /// A weights file was loaded: the teacher, and with it both students.
    WeightsLoaded { with_students: bool },
    /// A command came before the session had its first settings.
    SessionNotStarted,
}

/// A transient state worth showing while it lasts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Status {
    /// The first WebGPU steps compile their shaders.
    WarmingUpWebGpu,
    /// The compression ladder is running.
    Compressing,
}

/// Something failed; `detail` is the lower layer's own account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Failure {
    /// The backend gave no results back (a lost device, say); training
    /// stopped with the last good weights.
    ReadFailed {
        backend: BackendKind,
        detail: String,
    },
    /// Moving the models to another backend failed; they stay where they were.
    MoveFailed {
        to: BackendKind,
        detail: String,
    },
    /// Evaluating a model for the views failed.
    Evaluation(String),
    /// Timing a model for the cost view failed.
    Timing {
        model: ModelName,
        detail: String,
    },
    WeightsNotWritten(String),
    /// An ONNX file could not be written (the model is not trained yet, or has no file of its own).
    OnnxNotWritten(String),
    Ladder(String),
    /// A message across the worker boundary could not be decoded.
    Garbled(String),
    /// Data a config needs is missing or unreadable (MNIST not yet loaded);
    /// the settings were not applied.
    Data(String),
}
