//! The temperature sweep and the small-data experiment: one teacher for
//! every point, then a student pair per point (or all of them stacked,
//! [`super::stacked_sweep`]).

use std::future::Future;

use super::pacer::{Pacer, Stop};
use super::scoring::{Scoring, measure};
use super::stackable;
use super::stacked_sweep::stacked_temperature_sweep;
use super::{Phase, RunOptions};
use crate::core::config::PlaygroundConfig;
use crate::core::dataset::Dataset;
use crate::core::experiments::result::model;
use crate::core::experiments::{ExperimentKind, ExperimentSpec};
use crate::core::trainer::{DeviceData, Devices, StepParams, StudentPair, SupervisedRun, transfer_set};

/// Temperature sweep and small data: one teacher, then a student pair per
/// point, or every point's students at once when they can be stacked.
pub(super) async fn shared_teacher<Y: Future<Output = ()>, F: Fn() -> Y>(
    p: &mut Pacer<'_, Y, F>,
    config: &PlaygroundConfig,
    spec: &ExperimentSpec,
    dataset: &Dataset,
    devices: &Devices,
    options: &RunOptions,
) -> Result<(), Stop> {
    let data = DeviceData::new(dataset, devices);
    let (input, classes, labels) = (dataset.train.dim, dataset.classes, &dataset.test.y);
    let teacher_spec = config.teacher_spec(input, classes);
    let mut teacher = SupervisedRun::new(&teacher_spec, config.seed, dataset.train.len(), devices);
    p.phase(Phase::Teacher { net: teacher_spec.describe() });
    p.train(&mut teacher, &data, &config.step_params(), spec.teacher_steps).await?;
    let t = measure(&teacher.net, &data).await?;
    let score = Scoring { teacher: &t, labels, classes };
    for (i, _) in spec.values.iter().enumerate() {
        let x = spec.x_of(i, input, classes);
        p.row(score.row(model::TEACHER, x, config.seed, &teacher_spec, &t));
    }
    let student_spec = config.student_spec(input, classes);
    if options.stacking && stackable(spec, config) {
        return stacked_temperature_sweep(p, config, spec, (dataset, &data), devices, options.gpu.as_ref(), &teacher.net, &score).await;
    }
    for (i, seed) in spec.points() {
        let x = spec.x_of(i, input, classes);
        let (share, temperature) = match spec.kind {
            ExperimentKind::SmallData => (x, config.temperature),
            _ => (config.transfer_share, x),
        };
        p.phase(match spec.kind {
            ExperimentKind::SmallData => Phase::StudentsOnShare { share: x, seed },
            _ => Phase::StudentsAtTemperature { temperature: x, seed },
        });
        let transfer = DeviceData::new(&transfer_set(dataset, share, seed), devices);
        let mut pair = StudentPair::new(&student_spec, seed, &teacher.net, &transfer, devices);
        p.train(&mut pair, &transfer, &StepParams { temperature, ..config.step_params() }, spec.student_steps).await?;
        for (name, net) in [(model::DISTILLED, &pair.distilled), (model::SCRATCH, &pair.scratch)] {
            let m = measure(net, &data).await?;
            p.row(score.row(name, x, seed, &student_spec, &m));
        }
        p.point_done().await?;
    }
    Ok(())
}
