//! Evaluating the models for the page's views: the teacher's and the
//! students' metrics and logits, panel 5's accuracies, the feature and
//! relation views, and a drawn digit's classification.

use std::sync::Arc;

use super::super::metrics::{accuracy, agreement, cross_entropy, mean_kl};
use super::super::projection::{normalised_distances, pca_2d};
use super::super::protocol::{Event, Failure, LayerView, LayerViews, ModelName, Notice, Prediction, StudentMetrics};
use super::super::trainer::Outputs;
use super::{FEATURE_BATCH, Session};

/// Feature maps per block a prediction carries for the views.
const MAP_CHANNELS: usize = 8;

impl Session {
    pub(super) async fn evaluate_teacher(&mut self) {
        match self.teacher.net.outputs(&self.data).await {
            Ok(out) => {
                let (c, train, test) = (out.classes, &self.dataset.train.y, &self.dataset.test.y);
                self.emit(Event::TeacherProgress {
                    step: self.teacher.steps,
                    train_loss: cross_entropy(&out.train, train, c),
                    test_loss: cross_entropy(&out.test, test, c),
                    train_accuracy: accuracy(&out.train, train, c),
                    test_accuracy: accuracy(&out.test, test, c),
                });
                let out = Arc::new(out);
                self.teacher_outputs = Some(out.clone());
                self.emit(Event::TeacherOutputs(out));
            }
            Err(e) => self.emit(Event::Error(Failure::Evaluation(e))),
        }
    }

    pub(super) async fn predict(&mut self, row: Vec<f32>) {
        if row.len() != self.dataset.train.dim {
            self.emit(Event::Notice(Notice::DrawingDoesNotFit { pixels: row.len(), inputs: self.dataset.train.dim }));
            return;
        }
        let predicted = async {
            let teacher = self.teacher.net.predict(&row, &self.devices).await?;
            let (distilled, scratch) = match &self.students {
                Some(p) => (Some(p.distilled.predict(&row, &self.devices).await?), Some(p.scratch.predict(&row, &self.devices).await?)),
                None => (None, None),
            };
            let mut maps = vec![];
            if self.teacher.net.spec.is_convolutional() {
                maps.push((ModelName::Teacher, self.teacher.net.maps(&row, &self.devices, MAP_CHANNELS).await?));
            }
            if let Some(p) = self.students.as_ref().filter(|p| p.distilled.spec.is_convolutional()) {
                maps.push((ModelName::Distilled, p.distilled.maps(&row, &self.devices, MAP_CHANNELS).await?));
                maps.push((ModelName::Scratch, p.scratch.maps(&row, &self.devices, MAP_CHANNELS).await?));
            }
            Ok::<_, String>((teacher, distilled, scratch, maps))
        };
        match predicted.await {
            Ok((teacher, distilled, scratch, maps)) => self.emit(Event::Prediction(Prediction { input: row, teacher, distilled, scratch, maps })),
            Err(e) => self.emit(Event::Error(Failure::Evaluation(e))),
        }
    }

    pub(super) async fn evaluate_strategy(&mut self) {
        let Some(strategy) = &self.strategy else { return };
        match strategy.accuracies(&self.data, &self.dataset.test.y).await {
            Ok(accuracies) => self.emit(Event::StrategyProgress { step: strategy.steps(), accuracies }),
            Err(e) => self.emit(Event::Error(Failure::Evaluation(e))),
        }
    }

    pub(super) async fn evaluate_students(&mut self) {
        let (Some(pair), Some(teacher)) = (&self.students, &self.teacher_outputs) else { return };
        let outputs = async { Ok::<_, String>((pair.distilled.outputs(&self.data).await?, pair.scratch.outputs(&self.data).await?)) };
        match outputs.await {
            Ok((distilled, scratch)) => {
                let (c, t) = (teacher.classes, self.config.temperature);
                let (train, test) = (&self.dataset.train.y, &self.dataset.test.y);
                let metrics = |o: &Outputs| StudentMetrics {
                    train_loss: cross_entropy(&o.train, train, c),
                    test_loss: cross_entropy(&o.test, test, c),
                    test_accuracy: accuracy(&o.test, test, c),
                    agreement: agreement(&o.test, &teacher.test, c),
                    kl_to_teacher: mean_kl(&teacher.test, &o.test, c, t),
                };
                self.emit(Event::StudentsProgress { step: pair.steps, distilled: metrics(&distilled), scratch: metrics(&scratch) });
                self.emit(Event::StudentsOutputs { distilled: Arc::new(distilled), scratch: Arc::new(scratch) });
            }
            Err(e) => self.emit(Event::Error(Failure::Evaluation(e))),
        }
        match self.feature_views().await {
            Ok(event) => self.emit(event),
            Err(e) => self.emit(Event::Error(Failure::Evaluation(e))),
        }
    }

    /// The feature-based and relation-based views: the teacher's chosen layer
    /// and both students' on the first [`FEATURE_BATCH`] test points.
    async fn feature_views(&self) -> Result<Event, String> {
        let pair = self.students.as_ref().ok_or("no students")?;
        let k = self.config.knowledge;
        let view =
            |(rows, width): (Vec<f32>, usize), layer: usize| LayerView { layer, points: pca_2d(&rows, width), distances: normalised_distances(&rows, width) };
        let teacher = view(self.teacher.net.layer_on_test(&self.data, k.teacher_layer, FEATURE_BATCH).await?, k.teacher_layer);
        let distilled = view(pair.distilled.layer_on_test(&self.data, k.student_layer, FEATURE_BATCH).await?, k.student_layer);
        let scratch = view(pair.scratch.layer_on_test(&self.data, k.student_layer, FEATURE_BATCH).await?, k.student_layer);
        let labels = self.dataset.test.y.iter().take(FEATURE_BATCH).copied().collect();
        Ok(Event::Features(LayerViews { labels, teacher, distilled, scratch }))
    }
}
