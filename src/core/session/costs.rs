//! The cost view's figures and the compression ladder, computed where the
//! models live. Both give the page a turn between timed calls and between
//! fine-tune chunks, so measuring never freezes it.

use std::future::Future;

use super::super::compress::cost::{CostReport, cost};
use super::super::compress::ladder::{CompressPlan, run_ladder};
use super::super::compress::timing::{Timing, time_inference};
use super::super::metrics::accuracy;
use super::super::names::ModelName;
use super::super::protocol::{Event, Failure, Notice, Status};
use super::Session;
use burn::module::Module;

impl Session {
    pub(super) async fn measure_costs<Y: Future<Output = ()>>(&mut self, yield_now: &impl Fn() -> Y) {
        let mut nets = vec![(ModelName::Teacher, &self.teacher.net)];
        if let Some(pair) = &self.students {
            nets.extend([(ModelName::Distilled, &pair.distilled), (ModelName::Scratch, &pair.scratch)]);
        }
        // Panel 5's networks, once its strategy has trained.
        if let Some(strategy) = self.strategy.as_ref().filter(|s| s.steps() > 0) {
            nets.extend(strategy.networks().into_iter().map(|(name, net)| (ModelName::Strategy(name), net)));
        }
        let mut reports = vec![];
        for (name, net) in nets {
            let measured = async {
                let Timing { latency_ms, throughput } = time_inference(&net.model.valid(), self.dataset.train.dim, &self.devices.plain, yield_now).await?;
                let logits = net.test_logits(&self.data).await?;
                Ok::<_, String>(CostReport {
                    model: name,
                    cost: cost(&net.spec),
                    latency_ms,
                    throughput,
                    test_accuracy: accuracy(&logits, &self.dataset.test.y, self.dataset.classes),
                })
            };
            match measured.await {
                Ok(r) => reports.push(r),
                Err(detail) => return self.emit(Event::Error(Failure::Timing { model: name, detail })),
            }
        }
        self.emit(Event::Costs(reports));
    }

    pub(super) async fn compression_ladder<Y: Future<Output = ()>>(&mut self, plan: CompressPlan, yield_now: &impl Fn() -> Y) {
        let Some((pair, transfer)) = self.students.as_ref().zip(self.student_data.as_ref()).filter(|(pair, _)| pair.steps > 0) else {
            return self.emit(Event::Notice(Notice::TrainStudentsFirst));
        };
        self.emit(Event::Status(Some(Status::Compressing)));
        let result = async {
            let students = vec![
                (ModelName::Distilled, pair.distilled.model.weights(&pair.distilled.spec).await?),
                (ModelName::Scratch, pair.scratch.model.weights(&pair.scratch.spec).await?),
            ];
            let c = &self.config;
            run_ladder(
                &self.teacher.net,
                &students,
                &plan,
                c.temperature,
                c.alpha,
                transfer,
                &self.data,
                &self.dataset.test.y,
                (c.batch_size, c.learning_rate, c.seed),
                &self.devices,
                yield_now,
            )
            .await
        };
        let result = result.await;
        self.emit(Event::Status(None));
        match result {
            Ok(points) => {
                self.emit(Event::Ladder(points.iter().map(|(p, _)| p.clone()).collect()));
                self.ladder = points;
            }
            Err(e) => self.emit(Event::Error(Failure::Ladder(e))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::compress::ladder::LadderStage;
    use super::super::super::config::PlaygroundConfig;
    use super::super::super::names::NetworkName;
    use super::super::super::protocol::{Command, Role};
    use super::super::run_commands;
    use super::*;

    #[test]
    fn costs_are_counted_and_timed_and_the_ladder_shrinks_each_student() {
        let mut commands = vec![Command::CompressionLadder(CompressPlan::default())]; // refused: no students yet
        commands.extend((0..150).map(|_| Command::Step(Role::Teacher)));
        commands.extend((0..60).map(|_| Command::Step(Role::Students)));
        commands.extend((0..5).map(|_| Command::Step(Role::Strategy))); // mutual learning, two peers
        commands.push(Command::MeasureCosts);
        commands.push(Command::CompressionLadder(CompressPlan { fine_tune_steps: 30, ..CompressPlan::default() }));
        // Every step of the ladder as an ONNX file, and one past its end.
        commands.extend((0..8).map(Command::ExportLadderOnnx));
        let events = run_commands(&PlaygroundConfig::default(), commands);
        assert!(events.iter().any(|e| matches!(e, Event::Notice(Notice::TrainStudentsFirst))));

        let costs = events
            .iter()
            .find_map(|e| match e {
                Event::Costs(c) => Some(c.clone()),
                _ => None,
            })
            .expect("costs");
        use ModelName::*;
        assert_eq!(
            costs.iter().map(|c| c.model).collect::<Vec<_>>(),
            [Teacher, Distilled, Scratch, Strategy(NetworkName::Peer(1)), Strategy(NetworkName::Peer(2))]
        );
        assert_eq!((costs[3].cost, costs[4].cost), (costs[0].cost, costs[1].cost), "the peers are teacher- and student-sized");
        // Default teacher 2-64-64-3: 2·64 + 64·64 + 64·3 = 4,416 multiply-adds; plus 64 + 64 + 3 biases = 4,547 parameters.
        assert_eq!((costs[0].cost.mult_adds, costs[0].cost.params), (4416, 4547));
        for c in &costs {
            assert!(c.latency_ms > 0.0 && c.throughput > 0.0 && (0.0..=1.0).contains(&c.test_accuracy), "{c:?}");
        }

        let ladder = events
            .iter()
            .find_map(|e| match e {
                Event::Ladder(p) => Some(p.clone()),
                _ => None,
            })
            .expect("ladder");
        let stages: Vec<(ModelName, LadderStage)> = ladder.iter().map(|p| (p.model, p.stage)).collect();
        let pruned = LadderStage::Pruned { sparsity: 0.8, fine_tune_steps: 30, with_teacher: true };
        assert_eq!(
            stages,
            [
                (Teacher, LadderStage::Trained),
                (Distilled, LadderStage::Trained),
                (Distilled, pruned),
                (Distilled, LadderStage::Int8),
                (Scratch, LadderStage::Trained),
                (Scratch, pruned),
                (Scratch, LadderStage::Int8),
            ]
        );
        // The students are 2-32-3: 160 weights, 35 biases (140 bytes), 35 output channels.
        for student in ladder[1..].chunks(3) {
            let kept = student[1].nonzero;
            assert_eq!(student[0].bytes, 195 * 4);
            assert_eq!(student[1].bytes, kept * (4 + 2) + 140, "f32 value and u16 index per kept weight");
            // int8: per layer the smaller of 1 byte + u16 index per kept weight and 1 byte
            // per weight, plus a scale per channel and the biases.
            assert!(kept + 35 * 4 + 140 <= student[2].bytes && student[2].bytes <= kept * (1 + 2) + 35 * 4 + 140, "{student:?}");
            let weights = student[0].nonzero;
            assert_eq!(student[1].nonzero, weights - (0.8 * weights as f32).round() as usize, "exactly 80 % pruned");
        }

        // Each step's file is of that step, says what its weights went
        // through, and holds exactly the zeros the ladder counted.
        use onnx_protobuf::{Message, ModelProto};
        let files: Vec<(ModelName, LadderStage, ModelProto)> = events
            .iter()
            .filter_map(|e| match e {
                Event::OnnxFile { model, stage, bytes } => Some((*model, *stage, ModelProto::parse_from_bytes(bytes).unwrap())),
                _ => None,
            })
            .collect();
        assert_eq!(files.iter().map(|(m, s, _)| (*m, *s)).collect::<Vec<_>>(), stages);
        let meta = |f: &ModelProto, k: &str| f.metadata_props.iter().find(|p| p.key == format!("kd-playground.{k}")).map(|p| p.value.clone());
        assert_eq!(meta(&files[3].2, "model").as_deref(), Some("distilled student"));
        assert!(meta(&files[3].2, "note").unwrap().contains("exported as its dequantised float weights"));
        assert!(meta(&files[2].2, "note").unwrap().contains("pruned to 80 % zeros"));
        assert_eq!(meta(&files[1].2, "note"), None);
        let zeros = |f: &ModelProto| f.graph.initializer.iter().flat_map(|t| t.float_data.iter()).filter(|v| **v == 0.0).count();
        assert_eq!(zeros(&files[2].2), ladder[1].nonzero - ladder[2].nonzero, "the pruned weights, and no others");
        assert!(events.iter().any(|e| matches!(e, Event::Error(Failure::OnnxNotWritten(why)) if why.contains("run the ladder first"))));
    }
}
