//! The capacity gap (Cho & Hariharan 2019; Mirzadeh et al. 2020): one small
//! student distilled from a ladder of teachers, and, as asked, from each
//! teacher's early-stopped self and through a teacher assistant (TAKD).

use std::future::Future;

use super::Phase;
use super::pacer::{Pacer, Stop};
use super::scoring::{Scoring, measure};
use crate::core::config::PlaygroundConfig;
use crate::core::dataset::Dataset;
use crate::core::experiments::result::model;
use crate::core::experiments::{ExperimentSpec, format_architecture};
use crate::core::trainer::{DeviceData, Devices, StudentPair, SupervisedRun, transfer_set};

/// The capacity gap: per teacher size and seed, a teacher trained from
/// scratch, then the one student distilled from it (and, as asked, from its
/// early-stopped self and through an assistant).
pub(super) async fn capacity_gap<Y: Future<Output = ()>, F: Fn() -> Y>(
    p: &mut Pacer<'_, Y, F>,
    config: &PlaygroundConfig,
    spec: &ExperimentSpec,
    dataset: &Dataset,
    devices: &Devices,
) -> Result<(), Stop> {
    let data = DeviceData::new(dataset, devices);
    let (input, classes, labels) = (dataset.train.dim, dataset.classes, &dataset.test.y);
    let student_spec = config.student_spec(input, classes);
    let params = config.step_params();
    // Each seed's own transfer set, drawn once: every teacher of the ladder teaches a seed's student the same one.
    let transfers: Vec<(u64, DeviceData)> =
        spec.seeds.iter().map(|&seed| (seed, DeviceData::new(&transfer_set(dataset, config.transfer_share, seed), devices))).collect();
    for (i, seed) in spec.points() {
        let x = spec.x_of(i, input, classes);
        let transfer = &transfers.iter().find(|(s, _)| *s == seed).expect("a transfer set per seed of the plan").1;
        let teacher_spec = spec.teachers[i].spec(input, classes);
        let mut teacher = SupervisedRun::new(&teacher_spec, seed, dataset.train.len(), devices);
        p.phase(Phase::LadderTeacher { teacher: format_architecture(spec.teachers[i]), seed });
        let early_at = spec.early_stop_steps.unwrap_or(0).min(spec.teacher_steps);
        p.train(&mut teacher, &data, &params, early_at).await?;
        let early = spec.early_stop_steps.map(|_| teacher.net.frozen_copy());
        p.train(&mut teacher, &data, &params, spec.teacher_steps - early_at).await?;
        let t = measure(&teacher.net, &data).await?;
        let score = Scoring { teacher: &t, labels, classes };
        p.row(score.row(model::TEACHER, x, seed, &teacher_spec, &t));

        p.phase(Phase::StudentFromTeacher { teacher: format_architecture(spec.teachers[i]), seed });
        let mut pair = StudentPair::new(&student_spec, seed, &teacher.net, transfer, devices);
        p.train(&mut pair, transfer, &params, spec.student_steps).await?;
        for (name, net) in [(model::DISTILLED, &pair.distilled), (model::SCRATCH, &pair.scratch)] {
            let m = measure(net, &data).await?;
            p.row(score.row(name, x, seed, &student_spec, &m));
        }

        if let Some(early) = early {
            let e = measure(&early, &data).await?;
            p.row(score.row(model::EARLY_TEACHER, x, seed, &teacher_spec, &e));
            p.phase(Phase::StudentFromEarlyStopped { seed });
            let mut pair = StudentPair::new(&student_spec, seed, &early, transfer, devices);
            p.train(&mut pair, transfer, &params, spec.student_steps).await?;
            let m = measure(&pair.distilled, &data).await?;
            p.row(score.row(model::FROM_EARLY, x, seed, &student_spec, &m));
        }

        if let Some(assistant) = spec.assistant {
            let assistant_spec = assistant.spec(input, classes);
            p.phase(Phase::Assistant { assistant: format_architecture(assistant), seed });
            let mut ta = StudentPair::new(&assistant_spec, seed, &teacher.net, transfer, devices);
            p.train(&mut ta, transfer, &params, spec.student_steps).await?;
            let a = measure(&ta.distilled, &data).await?;
            p.row(score.row(model::ASSISTANT, x, seed, &assistant_spec, &a));
            p.phase(Phase::StudentFromAssistant { seed });
            let mut pair = StudentPair::new(&student_spec, seed, &ta.distilled, transfer, devices);
            p.train(&mut pair, transfer, &params, spec.student_steps).await?;
            let m = measure(&pair.distilled, &data).await?;
            p.row(score.row(model::VIA_ASSISTANT, x, seed, &student_spec, &m));
        }
        p.point_done().await?;
    }
    Ok(())
}
