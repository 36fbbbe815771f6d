//! The omitted class (Hinton et al. 2015, §3): students whose transfer set
//! lacks one digit, and the distilled one again with its bias for that digit
//! raised to fit held-out rows ([`crate::core::experiments::omitted`]).

use std::future::Future;

use super::Phase;
use super::pacer::{Pacer, Stop};
use super::scoring::{Scoring, measure};
use crate::core::config::PlaygroundConfig;
use crate::core::dataset::Dataset;
use crate::core::experiments::ExperimentSpec;
use crate::core::experiments::omitted;
use crate::core::experiments::result::{ResultRow, model};
use crate::core::trainer::{DeviceData, Devices, StudentPair, SupervisedRun};

/// The omitted class: per class, a teacher on every class, then per seed a
/// student pair on a transfer set without it, and the distilled student
/// again with its bias for the class raised to fit the held-out rows.
pub(super) async fn omitted_class<Y: Future<Output = ()>, F: Fn() -> Y>(
    p: &mut Pacer<'_, Y, F>,
    config: &PlaygroundConfig,
    spec: &ExperimentSpec,
    dataset: &Dataset,
    devices: &Devices,
) -> Result<(), Stop> {
    let (input, classes, labels) = (dataset.train.dim, dataset.classes, &dataset.test.y);
    let (teacher_spec, student_spec) = (config.teacher_spec(input, classes), config.student_spec(input, classes));
    let params = config.step_params();
    for &value in &spec.values {
        let class = value as usize;
        let split = omitted::split(dataset, class);
        p.result.class_count = Some(labels.iter().filter(|&&y| y == class).count());
        let data = DeviceData::new(&split.teacher, devices);
        let transfer = DeviceData::new(&split.transfer, devices);
        let held = DeviceData::new(&split.held_out, devices);
        let held_labels = &split.held_out.test.y;
        p.phase(Phase::TeacherOnEveryDigit { net: teacher_spec.describe() });
        let mut teacher = SupervisedRun::new(&teacher_spec, config.seed, split.teacher.train.len(), devices);
        p.train(&mut teacher, &data, &params, spec.teacher_steps).await?;
        let t = measure(&teacher.net, &data).await?;
        let score = Scoring { teacher: &t, labels, classes };
        let with_class_errors = |mut row: ResultRow, logits: &[f32]| {
            row.class_errors = Some(omitted::errors(logits, labels, classes, class).1);
            row
        };
        p.row(with_class_errors(score.row(model::TEACHER, value, config.seed, &teacher_spec, &t), &t));
        for seed in spec.seeds.iter().copied() {
            p.phase(Phase::StudentsWithoutClass { class, seed });
            let mut pair = StudentPair::new(&student_spec, seed, &teacher.net, &transfer, devices);
            p.train(&mut pair, &transfer, &params, spec.student_steps).await?;
            for (name, net) in [(model::SCRATCH, &pair.scratch), (model::DISTILLED, &pair.distilled)] {
                let m = measure(net, &data).await?;
                p.row(with_class_errors(score.row(name, value, seed, &student_spec, &m), &m));
            }
            let on_held = measure(&pair.distilled, &held).await?;
            let bias = omitted::best_bias(&on_held, held_labels, classes, class);
            let m = measure(&pair.distilled, &data).await?;
            let corrected = omitted::with_bias(&m, classes, class, bias);
            let mut row = with_class_errors(score.row(model::BIAS_CORRECTED, value, seed, &student_spec, &corrected), &corrected);
            row.bias = Some(bias);
            p.row(row);
            p.point_done().await?;
        }
    }
    Ok(())
}
