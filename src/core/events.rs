//! What flows between the page and a training session: commands in, events
//! out. The session owns the models; the page only ever sees these values.

use std::sync::Arc;

use super::config::PlaygroundConfig;
use super::trainer::{Devices, Outputs};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Teacher,
    Students,
    /// Panel 5: mutual learning or a self-distillation.
    Strategy,
}

/// A compute backend the session can train on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
}

/// Quality of one student at one moment.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct StudentMetrics {
    pub train_loss: f32,
    pub test_loss: f32,
    pub test_accuracy: f32,
    /// Share of test points where the student's top-1 class is the teacher's.
    pub agreement: f32,
    /// Mean KL(teacher_T ‖ student_T) on the test set at the current T.
    pub kl_to_teacher: f32,
}

#[derive(Debug, Clone)]
pub enum Event {
    TeacherProgress { step: usize, train_loss: f32, test_loss: f32, train_accuracy: f32, test_accuracy: f32 },
    /// The teacher's logits on every point and boundary cell (bars, heatmap).
    TeacherOutputs(Arc<Outputs>),
    StudentsProgress { step: usize, distilled: StudentMetrics, scratch: StudentMetrics },
    StudentsOutputs { distilled: Arc<Outputs>, scratch: Arc<Outputs> },
    /// Test accuracy of every network (or exit) of the strategy run, by name.
    StrategyProgress { step: usize, accuracies: Vec<(String, f32)> },
    /// Which role plays now (at most one).
    Running(Option<Role>),
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
}
