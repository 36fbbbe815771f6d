//! The messages between the page and a training session that runs in a web
//! worker, and their encoding (CBOR: the logits of every evaluation cross
//! the boundary several times a second, and binary floats decode faster and
//! weigh half of JSON text).
//!
//! The page sends [`ToWorker`] and receives [`FromWorker`]. A worker has its
//! own wasm instance, so it cannot be handed the page's burn devices: a
//! [`Request`] is a [`Command`] that names a backend instead of carrying its
//! devices, and the worker resolves the name to its own.

use serde::{Deserialize, Serialize};

use super::compress::ladder::CompressPlan;
use super::config::PlaygroundConfig;
use super::events::{BackendKind, Command, Event, Role};
use super::experiments::ExperimentSpec;
use super::experiments::runner::ExperimentEvent;
use super::trainer::Devices;
use super::weights_file::NamedWeights;

/// A [`Command`] without devices.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Request {
    Configure(PlaygroundConfig),
    /// Train on this backend from now on ([`Command::SetBackend`]).
    UseBackend(BackendKind),
    /// The WebGPU device was lost ([`Command::FallBackToCpu`]).
    FallBackToCpu(String),
    Play(Role),
    Pause(Role),
    Step(Role),
    Reset(Role),
    Predict(Vec<f32>),
    ExportWeights,
    ImportWeights(Vec<NamedWeights>),
    MeasureCosts,
    CompressionLadder(CompressPlan),
}

impl Request {
    /// The request for `command`, whose devices (if any) are dropped: the
    /// worker resolves the backend they belong to itself.
    pub fn from_command(command: Command) -> Self {
        match command {
            Command::Configure(c) => Self::Configure(c),
            Command::SetBackend(kind, _) => Self::UseBackend(kind),
            Command::FallBackToCpu { reason, .. } => Self::FallBackToCpu(reason),
            Command::Play(r) => Self::Play(r),
            Command::Pause(r) => Self::Pause(r),
            Command::Step(r) => Self::Step(r),
            Command::Reset(r) => Self::Reset(r),
            Command::Predict(row) => Self::Predict(row),
            Command::ExportWeights => Self::ExportWeights,
            Command::ImportWeights(w) => Self::ImportWeights(w),
            Command::MeasureCosts => Self::MeasureCosts,
            Command::CompressionLadder(plan) => Self::CompressionLadder(plan),
        }
    }

    /// The command, with `devices(kind)` for a backend switch; `Err` with
    /// the reason where that backend has no devices here.
    pub fn into_command(self, devices: impl Fn(BackendKind) -> Option<Devices>) -> Result<Command, String> {
        let on = |kind: BackendKind| devices(kind).ok_or_else(|| format!("{} is not available to the training session", kind.label()));
        Ok(match self {
            Self::Configure(c) => Command::Configure(c),
            Self::UseBackend(kind) => Command::SetBackend(kind, on(kind)?),
            Self::FallBackToCpu(reason) => Command::FallBackToCpu { devices: on(BackendKind::Cpu)?, reason },
            Self::Play(r) => Command::Play(r),
            Self::Pause(r) => Command::Pause(r),
            Self::Step(r) => Command::Step(r),
            Self::Reset(r) => Command::Reset(r),
            Self::Predict(row) => Command::Predict(row),
            Self::ExportWeights => Command::ExportWeights,
            Self::ImportWeights(w) => Command::ImportWeights(w),
            Self::MeasureCosts => Command::MeasureCosts,
            Self::CompressionLadder(plan) => Command::CompressionLadder(plan),
        })
    }
}

/// What the start-up measurement of the backends found, in the order it
/// finds it: the page shows each as it arrives and picks the backend from
/// the timings once `Done` comes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ProbeReport {
    /// The CPU backend's steps per second on the current teacher.
    CpuTimed(f32),
    /// No WebGPU here, with the reason.
    WebGpuUnavailable(String),
    /// WebGPU initialised; now being timed (the first step compiles shaders).
    WebGpuReady,
    WebGpuTimed { steps_per_sec: f32, warmup_secs: f32 },
    /// Initialised but the timing failed.
    WebGpuFailed(String),
    /// Both backends measured (or found missing).
    Done,
    /// The WebGPU device was lost later, with the browser's reason.
    WebGpuLost(String),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum ToWorker {
    /// Start the session with these settings, on the CPU.
    Start(PlaygroundConfig),
    /// Measure both backends on the teacher of these settings.
    Probe(PlaygroundConfig),
    Request(Request),
    /// Run panel 6's experiment (cancelling the one before); its events come
    /// back tagged with `generation`. `offer_gpu`: a long stacked sweep may
    /// train on WebGPU where it measures faster.
    Experiment { generation: u64, config: PlaygroundConfig, spec: ExperimentSpec, offer_gpu: bool },
    /// Stop the running experiment after its current chunk.
    CancelExperiment,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum FromWorker {
    Event(Event),
    Probe(ProbeReport),
    /// An event of the experiment started as `generation`.
    Experiment(u64, Box<ExperimentEvent>),
    /// A request the worker could not carry out.
    Refused(String),
    /// The worker's wasm panicked (and so stopped), with the message.
    Crashed(String),
}

pub fn encode<T: Serialize>(message: &T) -> Vec<u8> {
    let mut bytes = Vec::new();
    // Writing to a Vec cannot fail, and every message type serialises.
    ciborium::into_writer(message, &mut bytes).expect("a wire message encodes");
    bytes
}

pub fn decode<T: for<'de> Deserialize<'de>>(bytes: &[u8]) -> Result<T, String> {
    ciborium::from_reader(bytes).map_err(|e| format!("a garbled message from the training worker: {e}"))
}

/// `#[serde(with = "…")]` for the `Arc`s in [`Event`]: the value itself
/// crosses the boundary (serde's `rc` feature would do the same, at the cost
/// of rebuilding every crate that uses serde).
pub mod shared {
    use std::sync::Arc;

    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<T: Serialize, S: Serializer>(value: &Arc<T>, s: S) -> Result<S::Ok, S::Error> {
        T::serialize(value, s)
    }

    pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(d: D) -> Result<Arc<T>, D::Error> {
        T::deserialize(d).map(Arc::new)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use burn::prelude::Device;

    use super::*;
    use crate::core::trainer::Outputs;

    #[test]
    fn an_outputs_event_crosses_unchanged_and_smaller_than_json() {
        let outputs = Outputs { classes: 3, train: vec![0.5, -1.25, f32::MIN_POSITIVE], test: vec![3.0e7, 0.1, -0.0], grid: vec![] };
        let sent = FromWorker::Event(Event::TeacherOutputs(Arc::new(outputs.clone())));
        let bytes = encode(&sent);
        match decode::<FromWorker>(&bytes).unwrap() {
            FromWorker::Event(Event::TeacherOutputs(got)) => assert_eq!(*got, outputs),
            other => panic!("decoded as {other:?}"),
        }
        let big = Outputs { classes: 10, train: (0..10_000).map(|i| i as f32 * 0.37 - 99.1).collect(), ..Default::default() };
        let cbor = encode(&Event::TeacherOutputs(Arc::new(big.clone()))).len();
        let json = serde_json::to_string(&big).unwrap().len();
        assert!(cbor * 3 < json * 2, "CBOR {cbor} B vs JSON {json} B");
    }

    #[test]
    fn a_backend_switch_names_the_backend_and_the_worker_supplies_its_devices() {
        let cpu = Devices::new(Device::flex());
        let request = Request::from_command(Command::SetBackend(BackendKind::Cpu, cpu.clone()));
        let back: Request = decode(&encode(&ToWorker::Request(request))).map(|m| match m {
            ToWorker::Request(r) => r,
            other => panic!("decoded as {other:?}"),
        })
        .unwrap();
        assert!(matches!(back.clone().into_command(|k| (k == BackendKind::Cpu).then(|| cpu.clone())), Ok(Command::SetBackend(BackendKind::Cpu, _))));
        let refused = Request::UseBackend(BackendKind::WebGpu).into_command(|k| (k == BackendKind::Cpu).then(|| cpu.clone()));
        assert_eq!(refused.err().as_deref(), Some("WebGPU (burn wgpu) is not available to the training session"));
    }

    #[test]
    fn an_experiment_and_its_events_cross_with_their_generation() {
        use crate::core::experiments::runner::Progress;
        use crate::core::experiments::{ExperimentKind, presets::preset};
        let spec = preset(ExperimentKind::TemperatureSweep).spec;
        let sent = ToWorker::Experiment { generation: 7, config: PlaygroundConfig::default(), spec: spec.clone(), offer_gpu: true };
        match decode::<ToWorker>(&encode(&sent)).unwrap() {
            ToWorker::Experiment { generation: 7, spec: got, offer_gpu: true, .. } => assert_eq!(got, spec),
            other => panic!("decoded as {other:?}"),
        }
        let progress = Progress { steps_done: 3, total_steps: 9, points_done: 1, points_total: 3, elapsed_secs: 0.5, eta_secs: None, phase: "students at T = 4, seed 1".into() };
        match decode::<FromWorker>(&encode(&FromWorker::Experiment(7, Box::new(ExperimentEvent::Progress(progress.clone()))))).unwrap() {
            FromWorker::Experiment(7, event) => assert_eq!(*event, ExperimentEvent::Progress(progress)),
            other => panic!("decoded as {other:?}"),
        }
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(decode::<FromWorker>(&[0xff, 0x00, 0x13]).unwrap_err().contains("garbled"));
    }
}
