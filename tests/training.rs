//! Training behaves as the literature says, on small seeded settings (native).

#![cfg(not(target_arch = "wasm32"))]

use burn::prelude::Device;
use futures::executor::block_on;
use kd_playground::core::dataset::{Dataset, DatasetKind, DatasetSpec};
use kd_playground::core::metrics::{accuracy, agreement};
use kd_playground::core::model::MlpSpec;
use kd_playground::core::trainer::{DeviceData, Devices, StudentPair, SupervisedRun, read_loss};

fn train_teacher(dataset: &Dataset, devices: &Devices, data: &DeviceData, steps: usize) -> SupervisedRun {
    let spec = MlpSpec::uniform(2, 2, 64, dataset.classes);
    let mut teacher = SupervisedRun::new(&spec, 7, dataset.train.len(), devices);
    for _ in 0..steps {
        teacher.step(data, 64, 0.01);
    }
    teacher
}

#[test]
fn teacher_learns_the_three_class_spiral() {
    let devices = Devices::new(Device::flex());
    let dataset = Dataset::generate(&DatasetSpec::default());
    assert_eq!((dataset.spec.kind, dataset.classes), (DatasetKind::Spiral, 3));
    let data = DeviceData::new(&dataset, &devices);
    let teacher = train_teacher(&dataset, &devices, &data, 1500);
    let out = block_on(teacher.net.outputs(&data)).unwrap();
    let acc = accuracy(&out.test, &dataset.test.y, 3);
    println!("teacher test accuracy after 1500 steps: {acc:.3}");
    assert!(acc >= 0.95, "test accuracy {acc}");
}

#[test]
fn distilled_student_agrees_with_the_teacher_more_than_the_scratch_student() {
    // Small data: the teacher learns from all 420 training points, the
    // students see only 10 % of them (42), the setting where soft targets
    // carry most extra information (Hinton et al. 2015, §3 and §5).
    let devices = Devices::new(Device::flex());
    let dataset = Dataset::generate(&DatasetSpec::default());
    let data = DeviceData::new(&dataset, &devices);
    let teacher = train_teacher(&dataset, &devices, &data, 1500);
    let teacher_out = block_on(teacher.net.outputs(&data)).unwrap();
    let transfer = DeviceData::new(&dataset.with_transfer_share(0.1), &devices);
    let student = MlpSpec::uniform(2, 1, 32, 3);
    let (mut kd_sum, mut scratch_sum) = (0.0, 0.0);
    for seed in 0..3 {
        let mut pair = StudentPair::new(&student, seed, &teacher.net, &transfer, &devices);
        for _ in 0..1500 {
            let (kd, ce) = pair.step(&transfer, 32, 0.01, 0.9, 4.0);
            block_on(read_loss(kd + ce)).unwrap();
        }
        let test_agreement = |net: &kd_playground::core::trainer::Classifier| {
            agreement(&block_on(net.outputs(&data)).unwrap().test, &teacher_out.test, 3)
        };
        kd_sum += test_agreement(&pair.distilled);
        scratch_sum += test_agreement(&pair.scratch);
    }
    let (kd, scratch) = (kd_sum / 3.0, scratch_sum / 3.0);
    println!("test agreement with the teacher over 3 seeds: distilled {kd:.3}, scratch {scratch:.3}");
    assert!(kd > scratch + 0.03, "distilled {kd} vs scratch {scratch}");
}

#[test]
fn both_students_start_from_identical_weights() {
    let devices = Devices::new(Device::flex());
    let dataset = Dataset::generate(&DatasetSpec::default());
    let data = DeviceData::new(&dataset, &devices);
    let teacher = train_teacher(&dataset, &devices, &data, 1);
    let spec = MlpSpec::uniform(2, 1, 8, 3);
    let pair = StudentPair::new(&spec, 1, &teacher.net, &data, &devices);
    let a = block_on(pair.distilled.model.weights(&spec)).unwrap();
    let b = block_on(pair.scratch.model.weights(&spec)).unwrap();
    assert_eq!(a, b);
}
