//! A temperature sweep's students trained as one stacked computation, on
//! the device [`place_stack`] measures faster, split into groups that fit
//! the chunk budget on the CPU.

use std::future::Future;

use burn::prelude::Tensor;

use super::Phase;
use super::pacer::{Pacer, Stop};
use super::scoring::{Scoring, measure};
use crate::core::config::PlaygroundConfig;
use crate::core::dataset::Dataset;
use crate::core::experiments::ExperimentSpec;
use crate::core::experiments::result::model;
use crate::core::experiments::stack_device::{GpuOffer, ProbeInput, place_stack};
use crate::core::stacked::{StackedNet, StackedStudents};
use crate::core::trainer::{Classifier, DeviceData, Devices, transfer_rows, transfer_set};

/// A temperature sweep's students, all at once ([`StackedStudents`]): one
/// distilled student per (T, seed) point and one scratch student per seed
/// (a scratch student learns the same at every T). They train on the same
/// transfer sets (each seed its own), batches and initial weights as the point-by-point sweep, so
/// the rows are the same up to float rounding, only sooner. The stack
/// trains where it measures faster ([`place_stack`]); it is evaluated on the CPU.
#[allow(clippy::too_many_arguments)]
pub(super) async fn stacked_temperature_sweep<Y: Future<Output = ()>, F: Fn() -> Y>(
    p: &mut Pacer<'_, Y, F>,
    config: &PlaygroundConfig,
    spec: &ExperimentSpec,
    (dataset, data): (&Dataset, &DeviceData),
    devices: &Devices,
    gpu: Option<&GpuOffer>,
    teacher: &Classifier,
    score: &Scoring<'_>,
) -> Result<(), Stop> {
    let (input, classes) = (dataset.train.dim, dataset.classes);
    // Timing needs rows of the set's size; each seed trains on its own draw.
    let probe_set = transfer_set(dataset, config.transfer_share, config.seed);
    let student_spec = config.student_spec(input, classes);
    let params = config.step_params();
    let points = spec.points();
    let distilled = points.iter().map(|&(i, seed)| StackedNet { seed, temperature: spec.x_of(i, input, classes), alpha: params.alpha });
    let scratch = spec.seeds.iter().map(|&seed| StackedNet { seed, temperature: 1.0, alpha: 0.0 });
    let nets: Vec<StackedNet> = distilled.chain(scratch).collect();
    p.phase(Phase::TimingStack { nets: nets.len(), gpu: gpu.map(|g| g.name.to_string()) });
    p.report();
    let probe = ProbeInput {
        spec: &student_spec,
        nets: &nets,
        teacher,
        transfer: &probe_set,
        batch: params.batch_size,
        learning_rate: params.learning_rate,
        steps: spec.student_steps,
    };
    let (train_on, placement) = place_stack(&probe, devices, gpu, &p.yield_now).await.map_err(Stop::device)?;
    p.breathe().await?;
    p.result.trained_on = Some(placement.clone());
    let moved;
    let teacher_there = match placement.on_gpu {
        true => {
            moved = teacher.moved_to(&train_on).await.map_err(Stop::device)?;
            &moved
        }
        false => teacher,
    };
    // Every training row goes to the device once; each seed's networks gather their own transfer set's.
    let on_gpu;
    let training = match placement.on_gpu {
        true => {
            on_gpu = DeviceData::new(dataset, &train_on);
            &on_gpu
        }
        false => data,
    };
    let rows_of = |seed| transfer_rows(dataset, config.transfer_share, seed);
    // On the CPU, as many networks per step as fit in the chunk budget.
    let group = placement.group_size(p.budget);
    let mut trained = Vec::with_capacity(nets.len());
    for (g, members) in nets.chunks(group).enumerate() {
        p.phase(Phase::Stacked {
            nets: nets.len(),
            temperatures: spec.values.clone(),
            seeds: spec.seeds.clone(),
            group: (group < nets.len()).then(|| (g + 1, nets.len().div_ceil(group))),
            placement: Box::new(placement.clone()),
        });
        let mut stack = StackedStudents::new(&student_spec, members.to_vec(), teacher_there, training, rows_of, &train_on);
        // Each distilled network is one point of the plan; the scratch ones count for none.
        let points_here = (g * group..g * group + members.len()).filter(|&n| n < points.len()).count();
        p.train_with(spec.student_steps, points_here, || worst(stack.step(training, params.batch_size, params.learning_rate))).await?;
        trained.extend(stack.classifiers(devices).await.map_err(Stop::device)?);
    }
    let nets = trained;
    for (n, &(i, seed)) in points.iter().enumerate() {
        let x = spec.x_of(i, input, classes);
        let scratch = &nets[points.len() + spec.seeds.iter().position(|&s| s == seed).expect("a scratch student per seed")];
        for (name, net) in [(model::DISTILLED, &nets[n]), (model::SCRATCH, scratch)] {
            let m = measure(net, data).await?;
            p.row(score.row(name, x, seed, &student_spec, &m));
        }
        p.point_done().await?;
    }
    Ok(())
}

/// The worst network's loss, or NaN if any network's loss is not finite: what
/// the pacer checks, so a stack of many networks is held to the same limit
/// as one network alone (their sum would pass `EXPLODED_LOSS` sooner).
fn worst(losses: Tensor<1>) -> Tensor<1> {
    losses.clone().max() + losses.sum() * 0.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::net::read_f32;
    use burn::prelude::Device;
    use burn::tensor::TensorData;
    use futures::executor::block_on;

    #[test]
    fn a_stacks_checked_loss_is_its_worst_network_and_any_nan_shows() {
        let worst_of = |v: &[f32]| block_on(read_f32(worst(Tensor::from_data(TensorData::new(v.to_vec(), [v.len()]), &Device::flex())))).unwrap()[0];
        assert_eq!(worst_of(&[1.0, 5e3, 2.0]), 5e3);
        assert_eq!(worst_of(&[0.5]), 0.5);
        assert!(worst_of(&[1.0, f32::NAN, 2.0]).is_nan());
        assert!(!worst_of(&[f32::INFINITY, 1.0]).is_finite());
    }
}
