//! What the measurement of the backends finds, in the order it finds it: at
//! start and again whenever the model at hand changes. The page shows each
//! report as it arrives and picks the backend from the timings once `Done`
//! comes.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ProbeReport {
    /// A probe starts, timing this model (the teacher, as
    /// `NetSpec::describe` names it, at the settings' batch).
    Timing(String),
    /// The CPU backend's steps per second on the current teacher.
    CpuTimed(f32),
    /// No WebGPU here, with the reason.
    WebGpuUnavailable(String),
    /// WebGPU initialised; now being timed (the first step compiles shaders).
    WebGpuReady,
    WebGpuTimed {
        steps_per_sec: f32,
        warmup_secs: f32,
    },
    /// Initialised but the timing failed.
    WebGpuFailed(String),
    /// Both backends measured (or found missing).
    Done,
    /// The WebGPU device was lost later, with the browser's reason.
    WebGpuLost(String),
}
