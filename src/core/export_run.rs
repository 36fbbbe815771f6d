//! `kd export`: one config's models trained the way the page trains them
//! (its session, step by step, on the CPU) and one of them written as an
//! ONNX file — with what a check needs beside it: the test rows in the
//! data's own units (a table's before standardisation) and the session's
//! logits for them, the very numbers the page shows.

use crate::core::config::PlaygroundConfig;
use crate::core::dataset::Dataset;
use crate::core::names::ModelName;
use crate::core::protocol::{Command, Event, Failure, Role};
use crate::core::session::run_commands;

/// Why an export did not happen: the session's own failure (the front-end
/// words it), or what this run found missing.
#[derive(Debug, Clone)]
pub enum ExportError {
    Session(Failure),
    Other(String),
}

impl From<String> for ExportError {
    fn from(why: String) -> Self {
        Self::Other(why)
    }
}

/// What an export produced.
#[derive(Debug, Clone)]
pub struct Exported {
    pub onnx: Vec<u8>,
    /// The test rows as the file takes them, row after row.
    pub rows: Vec<f32>,
    /// The session's logits for those rows, row after row.
    pub logits: Vec<f32>,
    pub features: usize,
    pub classes: usize,
    /// Test accuracy of the teacher, and of the distilled and scratch
    /// students where they were trained.
    pub teacher_accuracy: f32,
    pub students_accuracy: Option<(f32, f32)>,
}

/// Trains `config`'s teacher for `teacher_steps`, then (unless `model` is
/// the teacher) both students for `student_steps`, and exports `model`.
pub fn train_and_export(config: &PlaygroundConfig, model: ModelName, teacher_steps: usize, student_steps: usize) -> Result<Exported, ExportError> {
    Dataset::ready(&config.dataset)?;
    let dataset = Dataset::generate(&config.dataset);
    let students = model != ModelName::Teacher;
    let mut commands: Vec<Command> = (0..teacher_steps).map(|_| Command::Step(Role::Teacher)).collect();
    if students {
        commands.extend((0..student_steps).map(|_| Command::Step(Role::Students)));
    }
    commands.push(Command::ExportOnnx(model));
    let events = run_commands(config, commands);
    let mut exported = None;
    let (mut teacher_accuracy, mut students_accuracy, mut teacher_logits, mut student_logits) = (0.0, None, None, None);
    for event in events {
        match event {
            Event::TeacherProgress { test_accuracy, .. } => teacher_accuracy = test_accuracy,
            Event::StudentsProgress { distilled, scratch, .. } => students_accuracy = Some((distilled.test_accuracy, scratch.test_accuracy)),
            Event::TeacherOutputs(o) => teacher_logits = Some(o.test.clone()),
            Event::StudentsOutputs { distilled, scratch } => student_logits = Some((distilled.test.clone(), scratch.test.clone())),
            Event::OnnxFile { bytes, .. } => exported = Some(bytes.to_vec()),
            Event::Error(f) => return Err(ExportError::Session(f)),
            _ => {}
        }
    }
    let onnx = exported.ok_or_else(|| "the session wrote no ONNX file".to_string())?;
    let logits = match (model, teacher_logits, student_logits) {
        (ModelName::Teacher, Some(t), _) => t,
        (ModelName::Distilled, _, Some((d, _))) => d,
        (ModelName::Scratch, _, Some((_, s))) => s,
        _ => return Err(ExportError::Other("the session gave no logits for that model".into())),
    };
    let dim = dataset.test.dim;
    let rows = match &dataset.standardisation {
        Some(s) => dataset.test.x.iter().enumerate().map(|(i, v)| v * s.scale[i % dim] + s.mean[i % dim]).collect(),
        None => dataset.test.x.clone(),
    };
    Ok(Exported { onnx, rows, logits, features: dim, classes: dataset.classes, teacher_accuracy, students_accuracy })
}

/// `teacher`, `student-kd` or `student-scratch`, as `kd export --model` takes them.
pub fn model_from_name(name: &str) -> Option<ModelName> {
    match name {
        "teacher" => Some(ModelName::Teacher),
        "student-kd" | "distilled" => Some(ModelName::Distilled),
        "student-scratch" | "scratch" => Some(ModelName::Scratch),
        _ => None,
    }
}
