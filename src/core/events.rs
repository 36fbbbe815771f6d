//! What flows between the page and a training session: commands in, events
//! out. The session owns the models; the page only ever sees these values.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::config::PlaygroundConfig;
use super::trainer::{Devices, Outputs};
use super::compress::ladder::{CompressPlan, LadderPoint};
use super::session::CostReport;
use super::weights_file::NamedWeights;

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

pub enum Command {
    /// New settings; the session resets whatever they invalidate.
    Configure(PlaygroundConfig),
    /// Move every model to another backend (weights kept, Adam state reset).
    SetBackend(BackendKind, Devices),
    Play(Role),
    Pause(Role),
    /// Exactly one optimisation step, then an evaluation.
    Step(Role),
    Reset(Role),
    /// Classify one input row (a drawn digit) with the teacher and students.
    Predict(Vec<f32>),
    /// The WebGPU device was lost: continue on these (CPU) devices.
    FallBackToCpu { devices: Devices, reason: String },
    /// Write the teacher's (and students') weights as a file: answered by
    /// [`Event::WeightsFile`].
    ExportWeights,
    /// Replace the teacher (and students) with weights read from a file,
    /// already checked against the config by the reader.
    ImportWeights(Vec<NamedWeights>),
    /// Count and time every model on the active backend: [`Event::Costs`].
    MeasureCosts,
    /// Prune, fine-tune and quantise both students: [`Event::Ladder`].
    CompressionLadder(CompressPlan),
}

/// One network's chosen layer on the fixed feature batch: its 2-D PCA
/// projection and its mean-normalised pairwise distances.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct LayerView {
    pub layer: usize,
    pub points: Vec<[f32; 2]>,
    pub distances: Vec<Vec<f32>>,
}

/// A drawn digit as classified: the 8 × 8 input and each model's logits
/// (the students' where they exist).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Prediction {
    pub input: Vec<f32>,
    pub teacher: Vec<f32>,
    pub distilled: Option<Vec<f32>>,
    pub scratch: Option<Vec<f32>>,
}

/// The teacher's hint layer and both students' guided layers on the same
/// batch of test points, with the points' labels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LayerViews {
    pub labels: Vec<usize>,
    pub teacher: LayerView,
    pub distilled: LayerView,
    pub scratch: LayerView,
}

/// Quality of one student at one moment.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct StudentMetrics {
    pub train_loss: f32,
    pub test_loss: f32,
    pub test_accuracy: f32,
    /// Share of test points where the student's top-1 class is the teacher's.
    pub agreement: f32,
    /// Mean KL(teacher_T ‖ student_T) on the test set at the current T.
    pub kl_to_teacher: f32,
}

/// Serialisable, so that a session in a web worker can post them to the page
/// ([`super::wire`]).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Event {
    TeacherProgress { step: usize, train_loss: f32, test_loss: f32, train_accuracy: f32, test_accuracy: f32 },
    /// The teacher's logits on every point and boundary cell (bars, heatmap).
    TeacherOutputs(#[serde(with = "super::wire::shared")] Arc<Outputs>),
    StudentsProgress { step: usize, distilled: StudentMetrics, scratch: StudentMetrics },
    StudentsOutputs {
        #[serde(with = "super::wire::shared")]
        distilled: Arc<Outputs>,
        #[serde(with = "super::wire::shared")]
        scratch: Arc<Outputs>,
    },
    /// The feature and relation views' data.
    Features(LayerViews),
    /// Test accuracy of every network (or exit) of the strategy run, by name.
    StrategyProgress { step: usize, accuracies: Vec<(String, f32)> },
    /// Which role plays now (at most one).
    Running(Option<Role>),
    /// Logits for a [`Command::Predict`] row.
    Prediction(Prediction),
    /// Charts of this role start over (new weights).
    Cleared(Role),
    /// Measured optimisation steps per second on the active backend.
    Throughput { backend: BackendKind, steps_per_sec: f32 },
    BackendActive(BackendKind),
    /// A transient state worth showing (e.g. shader warm-up); `None` clears it.
    Status(Option<String>),
    /// Not an error: the request was declined, with the reason.
    Notice(String),
    /// The run stopped at a NaN/inf loss; the last good weights are restored.
    Diverged { role: Role, step: usize, message: String },
    Error(String),
    /// The bytes of a weights file, for the page to offer as a download.
    WeightsFile(#[serde(with = "super::wire::shared")] Arc<Vec<u8>>),
    /// Every model's counted and measured cost, with its test accuracy.
    Costs(Vec<CostReport>),
    /// The compression ladder's points, teacher first.
    Ladder(Vec<LadderPoint>),
}
