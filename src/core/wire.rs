//! The protocol's encoding across the web worker's boundary: CBOR, since
//! the logits of every evaluation cross it several times a second, and
//! binary floats decode faster and weigh half of JSON text. The page posts
//! [`Command`](super::protocol::Command)s and the worker posts
//! [`Event`](super::protocol::Event)s; nothing else crosses but the worker
//! script's own boot handshake.

use serde::{Deserialize, Serialize};

pub fn encode<T: Serialize>(message: &T) -> Vec<u8> {
    let mut bytes = Vec::new();
    // Writing to a Vec cannot fail, and every message type serialises.
    ciborium::into_writer(message, &mut bytes).expect("a wire message encodes");
    bytes
}

/// The message in `bytes`; `Err` with the decoder's account where they are garbled.
pub fn decode<T: for<'de> Deserialize<'de>>(bytes: &[u8]) -> Result<T, String> {
    ciborium::from_reader(bytes).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::core::config::PlaygroundConfig;
    use crate::core::protocol::{BackendKind, Command, Event, Notice, ProbeReport, Role};
    use crate::core::trainer::Outputs;

    #[test]
    fn an_outputs_event_crosses_unchanged_and_smaller_than_json() {
        let outputs = Outputs { classes: 3, train: vec![0.5, -1.25, f32::MIN_POSITIVE], test: vec![3.0e7, 0.1, -0.0], grid: vec![] };
        let bytes = encode(&Event::TeacherOutputs(Arc::new(outputs.clone())));
        match decode::<Event>(&bytes).unwrap() {
            Event::TeacherOutputs(got) => assert_eq!(*got, outputs),
            other => panic!("decoded as {other:?}"),
        }
        let big = Outputs { classes: 10, train: (0..10_000).map(|i| i as f32 * 0.37 - 99.1).collect(), ..Default::default() };
        let cbor = encode(&Event::TeacherOutputs(Arc::new(big.clone()))).len();
        let json = serde_json::to_string(&big).unwrap().len();
        assert!(cbor * 3 < json * 2, "CBOR {cbor} B vs JSON {json} B");
    }

    #[test]
    fn every_kind_of_command_crosses_as_it_was_sent() {
        let sent = [
            Command::Configure(PlaygroundConfig::default()),
            Command::SetBackend(BackendKind::WebGpu),
            Command::FallBackToCpu("destroyed: gone".into()),
            Command::Play(Role::Students),
            Command::ProbeBackends(PlaygroundConfig::default()),
            Command::CancelExperiment,
        ];
        for command in sent {
            let back: Command = decode(&encode(&command)).unwrap();
            assert_eq!(format!("{back:?}"), format!("{command:?}"));
        }
    }

    #[test]
    fn an_experiment_and_its_events_cross_with_their_generation() {
        use crate::core::experiments::runner::{ExperimentEvent, Phase, Progress};
        use crate::core::experiments::{ExperimentKind, presets::preset};
        let spec = preset(ExperimentKind::TemperatureSweep).spec;
        let sent = Command::RunExperiment { generation: 7, config: PlaygroundConfig::default(), spec: spec.clone(), offer_gpu: true };
        match decode::<Command>(&encode(&sent)).unwrap() {
            Command::RunExperiment { generation: 7, spec: got, offer_gpu: true, .. } => assert_eq!(got, spec),
            other => panic!("decoded as {other:?}"),
        }
        let progress = Progress {
            steps_done: 3,
            total_steps: 9,
            points_done: 1,
            points_total: 3,
            elapsed_secs: 0.5,
            eta_secs: None,
            phase: Phase::StudentsAtTemperature { temperature: 4.0, seed: 1 },
        };
        let event = Event::Experiment { generation: 7, event: Box::new(ExperimentEvent::Progress(progress.clone())) };
        match decode::<Event>(&encode(&event)).unwrap() {
            Event::Experiment { generation: 7, event } => assert_eq!(*event, ExperimentEvent::Progress(progress)),
            other => panic!("decoded as {other:?}"),
        }
    }

    #[test]
    fn probe_reports_and_notices_cross_as_data() {
        for event in [
            Event::Probe(ProbeReport::WebGpuTimed { steps_per_sec: 12.5, warmup_secs: 3.0 }),
            Event::Notice(Notice::DrawingDoesNotFit { pixels: 64, inputs: 2 }),
        ] {
            let back: Event = decode(&encode(&event)).unwrap();
            assert_eq!(format!("{back:?}"), format!("{event:?}"));
        }
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(decode::<Event>(&[0xff, 0x00, 0x13]).is_err());
    }
}
