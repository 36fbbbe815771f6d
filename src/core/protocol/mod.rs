//! The one protocol between the page and the training session: [`Command`]s
//! in, [`Event`]s out. Both are plain serialisable data, so the same values
//! cross a web worker's boundary ([`super::wire`] encodes them) or a channel
//! on the page's own thread. A command names a backend by [`BackendKind`];
//! the session resolves it to devices of its own instance (a worker cannot
//! be handed the page's burn devices).
//!
//! The session owns the models; the page only ever sees these values, and
//! words them itself: notices, statuses and failures are typed data
//! ([`messages`]), not English.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::compress::cost::CostReport;
use super::compress::ladder::{CompressPlan, LadderPoint};
use super::config::PlaygroundConfig;
use super::dataset::DatasetSpec;
use super::experiments::ExperimentSpec;
use super::experiments::runner::ExperimentEvent;
use super::model::NamedWeights;
use super::trainer::Outputs;

mod arc_serde;
pub mod messages;
pub mod probe;
pub mod views;

pub use super::names::{ModelName, NetworkName};
pub use messages::{Failure, Notice, Status};
pub use probe::ProbeReport;
pub use views::{LayerView, LayerViews, Prediction, StudentMetrics};

/// A weights file the session read and found to fit ([`Event::WeightsRead`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeightsRead {
    /// Models in the file: the teacher alone, or the teacher and both students.
    pub models: usize,
    /// The data they were trained on (the page warns when it is not the current).
    pub made_on: DatasetSpec,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    Teacher,
    Students,
    /// Panel 5: mutual learning or a self-distillation.
    Strategy,
}

/// A compute backend the session can train on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum BackendKind {
    /// burn's Flex backend: pure Rust on the CPU (wasm in the browser).
    Cpu,
    /// burn's wgpu backend on the browser's WebGPU adapter.
    WebGpu,
}

impl BackendKind {
    pub fn label(self) -> &'static str {
        match self {
            Self::Cpu => "CPU (burn Flex)",
            Self::WebGpu => "WebGPU (burn wgpu)",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Command {
    /// New settings; the session resets whatever they invalidate. The first
    /// `Configure` starts the session.
    Configure(PlaygroundConfig),
    /// Move every model to another backend (weights kept, Adam state reset).
    SetBackend(BackendKind),
    /// The WebGPU device was lost (the browser's reason): continue on the CPU.
    FallBackToCpu(String),
    Play(Role),
    Pause(Role),
    /// Exactly one optimisation step, then an evaluation.
    Step(Role),
    Reset(Role),
    /// Classify one input row (a drawn digit) with the teacher and students.
    Predict(Vec<f32>),
    /// Write the teacher's (and students') weights as a file: answered by
    /// [`Event::WeightsFile`].
    ExportWeights,
    /// Replace the teacher (and students) with weights read from a file,
    /// already checked against the config by the reader.
    ImportWeights(Vec<NamedWeights>),
    /// A weights file's bytes as picked: the session reads them (with burn's
    /// records, which the page's UI-only module lacks), answers with
    /// [`Event::WeightsRead`], and loads them where they fit.
    LoadWeightsFile(#[serde(with = "crate::core::serde_bytes::arc_bytes")] Arc<Vec<u8>>),
    /// Write one model as an ONNX file: answered by [`Event::OnnxFile`]
    /// (or a failure naming why, e.g. students not trained yet).
    ExportOnnx(ModelName),
    /// Write point `index` of the last compression ladder (as the page's
    /// table lists them) as an ONNX file: answered by [`Event::OnnxFile`].
    ExportLadderOnnx(usize),
    /// Count and time every model on the active backend: [`Event::Costs`].
    MeasureCosts,
    /// Prune, fine-tune and quantise both students: [`Event::Ladder`].
    CompressionLadder(CompressPlan),
    /// Time both backends on the teacher of these settings: answered by
    /// [`Event::Probe`] reports as they come.
    ProbeBackends(PlaygroundConfig),
    /// Run panel 6's experiment, cancelling the one before; its events come
    /// back as [`Event::Experiment`] with `generation`. `offer_gpu`: a long
    /// stacked sweep may train on WebGPU where it measures faster.
    RunExperiment {
        generation: u64,
        config: PlaygroundConfig,
        spec: ExperimentSpec,
        offer_gpu: bool,
    },
    /// Stop the running experiment after its current chunk.
    CancelExperiment,
    /// The MNIST file's bytes (as fetched, gzipped), sent before the first
    /// config that uses MNIST: the session's instance installs them.
    ProvideMnist(#[serde(with = "crate::core::serde_bytes::arc_bytes")] Arc<Vec<u8>>),
    /// A table's file as the user chose it (the page has read it), sent
    /// before the first config that names it: the session's instance keeps
    /// the bytes (`core::table::installed::provide`).
    ProvideTable(#[serde(with = "crate::core::serde_bytes::arc_bytes")] Arc<Vec<u8>>),
}

/// Where the session runs, for the header.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Placement {
    /// On the page's thread, with the reason where a worker was wanted.
    PageThread {
        why: Option<String>,
    },
    Worker,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Event {
    TeacherProgress {
        step: usize,
        train_loss: f32,
        test_loss: f32,
        train_accuracy: f32,
        test_accuracy: f32,
    },
    /// The teacher's logits on every point and boundary cell (bars, heatmap).
    TeacherOutputs(#[serde(with = "arc_serde")] Arc<Outputs>),
    StudentsProgress {
        step: usize,
        distilled: StudentMetrics,
        scratch: StudentMetrics,
    },
    StudentsOutputs {
        #[serde(with = "arc_serde")]
        distilled: Arc<Outputs>,
        #[serde(with = "arc_serde")]
        scratch: Arc<Outputs>,
    },
    /// The feature and relation views' data.
    Features(LayerViews),
    /// Test accuracy of every network (or exit) of the strategy run.
    StrategyProgress {
        step: usize,
        accuracies: Vec<(NetworkName, f32)>,
    },
    /// Which role plays now (at most one).
    Running(Option<Role>),
    /// Logits for a [`Command::Predict`] row.
    Prediction(Prediction),
    /// Charts of this role start over (new weights).
    Cleared(Role),
    /// Measured optimisation steps per second on the active backend, and
    /// the step `role` has reached: between evaluations (a CNN's on MNIST
    /// come seconds apart) the panels count the steps trained live.
    Throughput {
        backend: BackendKind,
        steps_per_sec: f32,
        role: Role,
        step: usize,
    },
    BackendActive(BackendKind),
    /// A transient state worth showing (e.g. shader warm-up); `None` clears it.
    Status(Option<Status>),
    /// Not an error: the request was declined or something worth knowing happened.
    Notice(Notice),
    /// The run stopped at a NaN/inf loss within steps `first..=last`; the
    /// last good weights are restored. `why` is the loss's own account.
    Diverged {
        role: Role,
        first: usize,
        last: usize,
        why: String,
        learning_rate: f32,
    },
    Error(Failure),
    /// The bytes of a weights file, for the page to offer as a download.
    WeightsFile(#[serde(with = "arc_serde")] Arc<Vec<u8>>),
    /// An ONNX file of the model named, for the page to offer as a download.
    OnnxFile {
        model: ModelName,
        /// The ladder's step the file is of (`Trained` outside the ladder).
        stage: crate::core::compress::ladder::LadderStage,
        #[serde(with = "arc_serde")]
        bytes: Arc<Vec<u8>>,
    },
    /// What reading a picked weights file found: its model count and the
    /// data it was made on, or why it was refused (nothing changed then).
    WeightsRead(Result<WeightsRead, String>),
    /// Every model's counted and measured cost, with its test accuracy.
    Costs(Vec<CostReport>),
    /// The compression ladder's points, teacher first.
    Ladder(Vec<LadderPoint>),
    /// What the backend probe found, in the order it finds it.
    Probe(ProbeReport),
    /// An event of the experiment started as `generation` (a cancelled
    /// run's late events carry an older one).
    Experiment {
        generation: u64,
        event: Box<ExperimentEvent>,
    },
    /// Where the session runs (the page's transport says so).
    Placement(Placement),
    /// The session's instance panicked and stopped, with the message.
    Crashed(String),
}
