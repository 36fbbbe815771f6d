//! Saving and loading the session's trained models (the weights file of
//! [`crate::core::weights_file`]). Loaded models replace the current ones
//! only when every shape fits the current config; anything else is refused
//! with a message and changes nothing.

use std::sync::Arc;

use super::super::compress::ladder::LadderStage;
use super::super::model::NetSpec;
use super::super::names::ModelName;
use super::super::onnx::{About, export};
use super::super::protocol::{Event, Failure, Notice, WeightsRead};
use super::super::trainer::{Classifier, StudentPair};
use super::super::weights_file::{Decoded, NamedWeights, decode, encode};
use super::Session;

/// The models a file may hold, in order: the teacher alone, or all three.
pub const MODEL_NAMES: [&str; 3] = ["teacher", "distilled", "scratch"];

/// What a weights file must hold to fit `config` on data of `dim` inputs and
/// `classes` classes: the teacher, then the two students.
pub fn expected_models(config: &super::PlaygroundConfig, dim: usize, classes: usize) -> Vec<(&'static str, NetSpec)> {
    let student = config.student_spec(dim, classes);
    vec![(MODEL_NAMES[0], config.teacher_spec(dim, classes)), (MODEL_NAMES[1], student.clone()), (MODEL_NAMES[2], student)]
}

/// How an ONNX file names its model (the ladder holds only these three).
fn in_file(model: ModelName) -> &'static str {
    match model {
        ModelName::Teacher => "teacher",
        ModelName::Distilled => "distilled student",
        ModelName::Scratch => "scratch student",
        ModelName::Strategy(_) => "strategy network",
    }
}

/// What a ladder step's ONNX file says its weights went through (ONNX
/// has no sparse or int8 Gemm the page's file could rely on: the values
/// are the float ones the ladder evaluated).
fn ladder_note(stage: LadderStage) -> Option<String> {
    match stage {
        LadderStage::Trained => None,
        LadderStage::Pruned { sparsity, fine_tune_steps, with_teacher } => {
            let tuned = match (fine_tune_steps, with_teacher) {
                (0, _) => String::new(),
                (n, true) => format!(", fine-tuned {n} steps on the teacher's soft targets"),
                (n, false) => format!(", fine-tuned {n} steps on the labels"),
            };
            Some(format!("magnitude-pruned to {:.0} % zeros{tuned}; exported as dense float weights, the zeros stored as zeros", 100.0 * sparsity))
        }
        LadderStage::Int8 => Some("pruned, then int8 quantised; exported as its dequantised float weights".into()),
        LadderStage::Shared { bits } => {
            Some(format!("pruned, then k-means weight sharing into {} values per layer; exported as those shared float values", 1u32 << bits))
        }
    }
}

impl Session {
    pub(super) async fn export_weights(&mut self) {
        let read = async {
            let mut models = vec![NamedWeights {
                name: MODEL_NAMES[0].into(),
                steps: self.teacher.steps,
                weights: self.teacher.net.model.weights(&self.teacher.net.spec).await?,
            }];
            if let Some(pair) = &self.students {
                for (name, net) in [(MODEL_NAMES[1], &pair.distilled), (MODEL_NAMES[2], &pair.scratch)] {
                    models.push(NamedWeights { name: name.into(), steps: pair.steps, weights: net.model.weights(&net.spec).await? });
                }
            }
            encode(&self.config, &models)
        };
        match read.await {
            Ok(bytes) => self.emit(Event::WeightsFile(Arc::new(bytes))),
            Err(e) => self.emit(Event::Error(Failure::WeightsNotWritten(e))),
        }
    }

    /// Writes `model` as an ONNX file ([`crate::core::onnx`]): the page's
    /// features in, its logits out (the built-in datasets are not
    /// standardised; a user's table will bring its statistics).
    pub(super) async fn export_onnx(&mut self, model: ModelName) {
        let (net, name) = match (model, &self.students) {
            (ModelName::Teacher, _) => (&self.teacher.net, "teacher"),
            (ModelName::Distilled, Some(pair)) => (&pair.distilled, "distilled student"),
            (ModelName::Scratch, Some(pair)) => (&pair.scratch, "scratch student"),
            (ModelName::Distilled | ModelName::Scratch, None) => {
                return self.emit(Event::Error(Failure::OnnxNotWritten("the students have not been trained yet".into())));
            }
            (ModelName::Strategy(_), _) => {
                return self.emit(Event::Error(Failure::OnnxNotWritten("only the teacher and the two students have a file of their own".into())));
            }
        };
        let about = About { model: name.into(), classes: self.dataset.class_names.clone(), note: None };
        // A table's model takes the raw feature values: its standardisation comes first.
        let written = async { export(&net.model.weights(&net.spec).await?, self.dataset.standardisation.as_ref(), &about) };
        match written.await {
            Ok(bytes) => self.emit(Event::OnnxFile { model, stage: LadderStage::Trained, bytes: Arc::new(bytes) }),
            Err(e) => self.emit(Event::Error(Failure::OnnxNotWritten(e))),
        }
    }

    /// Writes point `index` of the last compression ladder as an ONNX file:
    /// its weights as the ladder evaluated them, with a note of what they
    /// went through in the file's metadata.
    pub(super) fn export_ladder_onnx(&mut self, index: usize) {
        let Some((point, weights)) = self.ladder.get(index) else {
            return self.emit(Event::Error(Failure::OnnxNotWritten("that step of the compression ladder is not there; run the ladder first".into())));
        };
        let about = About { model: in_file(point.model).into(), classes: self.dataset.class_names.clone(), note: ladder_note(point.stage) };
        let (model, stage) = (point.model, point.stage);
        match export(weights, self.dataset.standardisation.as_ref(), &about) {
            Ok(bytes) => self.emit(Event::OnnxFile { model, stage, bytes: Arc::new(bytes) }),
            Err(e) => self.emit(Event::Error(Failure::OnnxNotWritten(e))),
        }
    }

    /// Reads a picked file against the current settings and loads it where
    /// it fits; either way the page hears what was found first.
    pub(super) async fn load_weights_file(&mut self, bytes: &[u8]) {
        let expected = expected_models(&self.config, self.dataset.train.dim, self.dataset.classes);
        match decode(bytes, &expected).await {
            Ok(Decoded { models, made_with }) => {
                self.emit(Event::WeightsRead(Ok(WeightsRead { models: models.len(), made_on: made_with.dataset })));
                self.import_weights(models).await;
            }
            Err(why) => self.emit(Event::WeightsRead(Err(why))),
        }
    }

    pub(super) async fn import_weights(&mut self, models: Vec<NamedWeights>) {
        // The reader checked the shapes, but the settings may have changed since.
        let expected = expected_models(&self.config, self.dataset.train.dim, self.dataset.classes);
        let fits = !models.is_empty()
            && models.len() <= expected.len()
            && models.iter().zip(&expected).all(|(m, (name, spec))| m.name == *name && m.weights.spec == *spec);
        if !fits || models.len() == 2 {
            self.emit(Event::Notice(Notice::WeightsNoLongerFit));
            return;
        }
        self.teacher.net = Classifier::new(&models[0].weights, &self.devices);
        // Its step count comes with it: an untrained teacher stays untrained.
        self.teacher.steps = models[0].steps;
        self.teacher_replaced().await;
        if let [_, distilled, scratch] = &models[..] {
            let transfer = self.transfer_data(&self.devices);
            let mut pair = StudentPair::new(&distilled.weights.spec, self.config.seed, &self.teacher.net, &transfer, &self.devices);
            pair.move_to(&distilled.weights, &scratch.weights, &self.teacher.net, &transfer, &self.devices);
            pair.steps = distilled.steps;
            self.students = Some(pair);
            self.student_data = Some(transfer);
            self.evaluate_students().await;
        }
        self.emit(Event::Notice(Notice::WeightsLoaded { with_students: models.len() == 3 }));
    }
}

#[cfg(test)]
mod tests {
    use futures::executor::block_on;

    use super::super::super::config::{Architecture, PlaygroundConfig};
    use super::super::super::dataset::Dataset;
    use super::super::super::protocol::{Command, Role, StudentMetrics};
    use super::super::super::weights_file::decode;
    use super::super::run_commands as run;
    use super::*;

    fn last_teacher(events: &[Event]) -> (usize, f32, f32) {
        events
            .iter()
            .rev()
            .find_map(|e| match e {
                Event::TeacherProgress { step, test_loss, test_accuracy, .. } => Some((*step, *test_loss, *test_accuracy)),
                _ => None,
            })
            .unwrap()
    }

    /// The weights file a run's export wrote.
    fn weights_file(events: &[Event]) -> Arc<Vec<u8>> {
        events.iter().find_map(|e| if let Event::WeightsFile(b) = e { Some(b.clone()) } else { None }).expect("a weights file")
    }

    fn last_students(events: &[Event]) -> (usize, StudentMetrics, StudentMetrics) {
        events
            .iter()
            .rev()
            .find_map(|e| match e {
                Event::StudentsProgress { step, distilled, scratch } => Some((*step, *distilled, *scratch)),
                _ => None,
            })
            .unwrap()
    }

    #[test]
    fn exported_weights_load_into_a_fresh_session_and_score_the_same() {
        let config = PlaygroundConfig::default();
        let mut commands: Vec<Command> = (0..30).map(|_| Command::Step(Role::Teacher)).collect();
        commands.extend((0..5).map(|_| Command::Step(Role::Students)));
        commands.push(Command::ExportWeights);
        let trained = run(&config, commands);
        let file = weights_file(&trained);
        let d = Dataset::generate(&config.dataset);
        let models = block_on(decode(&file, &expected_models(&config, d.train.dim, d.classes))).unwrap().models;
        assert_eq!(models.len(), 3);

        let loaded = run(&config, vec![Command::ImportWeights(models)]);
        assert!(loaded.iter().any(|e| matches!(e, Event::Notice(Notice::WeightsLoaded { with_students: true }))));
        assert_eq!(last_teacher(&loaded), last_teacher(&trained), "the loaded teacher scores exactly as the saved one");
        let (a, b) = (last_students(&loaded), last_students(&trained));
        assert_eq!((a.0, a.1.test_accuracy, a.2.test_accuracy), (b.0, b.1.test_accuracy, b.2.test_accuracy));
    }

    #[test]
    fn weights_that_no_longer_fit_the_settings_change_nothing() {
        let config = PlaygroundConfig::default();
        let trained = run(&config, vec![Command::Step(Role::Teacher), Command::ExportWeights]);
        let file = weights_file(&trained);
        let d = Dataset::generate(&config.dataset);
        let models = block_on(decode(&file, &expected_models(&config, d.train.dim, d.classes))).unwrap().models;
        assert_eq!(models.len(), 1, "no students yet: the teacher alone");
        // The settings changed between reading the file and loading it.
        let wider = PlaygroundConfig { teacher: Architecture::mlp(2, 32), ..config };
        let events = run(&wider, vec![Command::ImportWeights(models)]);
        assert!(events.iter().any(|e| matches!(e, Event::Notice(Notice::WeightsNoLongerFit))));
        assert_eq!(last_teacher(&events).0, 0, "the untrained teacher stays");
    }

    #[test]
    fn the_session_reads_a_picked_file_and_answers_what_it_found() {
        let config = PlaygroundConfig::default();
        let mut commands: Vec<Command> = (0..10).map(|_| Command::Step(Role::Teacher)).collect();
        commands.extend([Command::Step(Role::Students), Command::ExportWeights]);
        let trained = run(&config, commands);
        let file = weights_file(&trained);
        let read = |events: &[Event]| events.iter().find_map(|e| if let Event::WeightsRead(r) = e { Some(r.clone()) } else { None }).expect("an answer");

        let loaded = run(&config, vec![Command::LoadWeightsFile(file.clone())]);
        assert_eq!(read(&loaded), Ok(WeightsRead { models: 3, made_on: config.dataset.clone() }));
        assert!(loaded.iter().any(|e| matches!(e, Event::Notice(Notice::WeightsLoaded { with_students: true }))));
        assert_eq!(last_teacher(&loaded), last_teacher(&trained));

        // Cut short: refused with the reason, and the untrained teacher stays.
        let cut = Arc::new(file[..file.len() - 7].to_vec());
        let refused = run(&config, vec![Command::LoadWeightsFile(cut)]);
        let why = read(&refused).unwrap_err();
        assert!(why.contains("truncated"), "{why}");
        assert!(!refused.iter().any(|e| matches!(e, Event::Notice(Notice::WeightsLoaded { .. }))));
        assert_eq!(last_teacher(&refused).0, 0);
    }

    #[test]
    fn an_onnx_file_holds_the_trained_model_and_untrained_students_have_none() {
        use onnx_protobuf::{Message, ModelProto};
        let config = PlaygroundConfig::default();
        let early = run(&config, vec![Command::ExportOnnx(ModelName::Distilled)]);
        assert!(early.iter().any(|e| matches!(e, Event::Error(Failure::OnnxNotWritten(why)) if why.contains("not been trained"))));

        let mut commands: Vec<Command> = (0..20).map(|_| Command::Step(Role::Teacher)).collect();
        commands.extend([
            Command::Step(Role::Students),
            Command::ExportWeights,
            Command::ExportOnnx(ModelName::Teacher),
            Command::ExportOnnx(ModelName::Scratch),
        ]);
        let events = run(&config, commands);
        let file = weights_file(&events);
        let d = Dataset::generate(&config.dataset);
        let saved = block_on(decode(&file, &expected_models(&config, d.train.dim, d.classes))).unwrap().models;
        let onnx: Vec<(ModelName, ModelProto)> = events
            .iter()
            .filter_map(|e| if let Event::OnnxFile { model, bytes, .. } = e { Some((*model, ModelProto::parse_from_bytes(bytes).unwrap())) } else { None })
            .collect();
        assert_eq!(onnx.iter().map(|(m, _)| *m).collect::<Vec<_>>(), [ModelName::Teacher, ModelName::Scratch]);
        // Each file's initializers are exactly that model's trained weights, layer by layer.
        for ((_, proto), named) in onnx.iter().zip([&saved[0], &saved[2]]) {
            let tensors: Vec<&[f32]> = proto.graph.initializer.iter().map(|t| t.float_data.as_slice()).collect();
            let weights: Vec<&[f32]> = named.weights.layers.iter().flat_map(|(w, b)| [w.as_slice(), b.as_slice()]).collect();
            assert_eq!(tensors, weights, "{}", named.name);
        }
    }
}
