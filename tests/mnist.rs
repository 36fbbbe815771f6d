//! MNIST and convolutional networks behave as the literature says, on a
//! small seeded setting (native, burn's CPU backend): a small CNN teacher
//! learns MNIST, and a tiny CNN student distilled from it on a small
//! transfer set beats its scratch twin — with soft targets, and with
//! attention transfer added (Zagoruyko & Komodakis 2017).

#![cfg(not(target_arch = "wasm32"))]

use burn::prelude::Device;
use futures::executor::block_on;
use kd_playground::core::dataset::{Dataset, DatasetSpec};
use kd_playground::core::knowledge::Knowledge;
use kd_playground::core::metrics::accuracy;
use kd_playground::core::mnist;
use kd_playground::core::model_presets::preset;
use kd_playground::core::trainer::{Classifier, DeviceData, Devices, StepParams, StudentPair, SupervisedRun, read_loss, transfer_set};

fn test_accuracy(net: &Classifier, data: &DeviceData, dataset: &Dataset) -> f32 {
    accuracy(&block_on(net.test_logits(data)).unwrap(), &dataset.test.y, 10)
}

#[test]
fn a_tiny_cnn_distilled_on_a_small_transfer_set_beats_its_scratch_twin() {
    mnist::load_shipped().unwrap();
    let devices = Devices::new(Device::flex());
    let dataset = Dataset::generate(&DatasetSpec::mnist());
    assert_eq!((dataset.train.len(), dataset.test.len(), dataset.train.dim), (8000, 2000, 784));
    let data = DeviceData::new(&dataset, &devices);
    let teacher_spec = preset("small-cnn").unwrap().architecture.spec(784, 10);
    let mut teacher = SupervisedRun::new(&teacher_spec, 3, dataset.train.len(), &devices);
    for _ in 0..400 {
        let loss = teacher.step(&data, 64, 0.002);
        let _ = loss;
    }
    let teacher_acc = test_accuracy(&teacher.net, &data, &dataset);
    println!("small CNN teacher after 400 steps: {:.1} % test accuracy", 100.0 * teacher_acc);
    assert!(teacher_acc > 0.95, "teacher {teacher_acc}");

    // Seed 11's 1 % of the training rows: 80 digits, about 8 of each.
    let transfer = DeviceData::new(&transfer_set(&dataset, 0.01, 11), &devices);
    let student = preset("tiny-cnn").unwrap().architecture.spec(784, 10);
    let soft = StepParams { batch_size: 32, learning_rate: 0.005, alpha: 0.9, temperature: 4.0, knowledge: Knowledge::default() };
    let attention =
        StepParams { knowledge: Knowledge { attention: 100.0, attention_teacher_layer: 2, attention_student_layer: 2, ..Knowledge::default() }, ..soft };
    for (name, params) in [("soft targets", soft), ("soft targets + attention transfer", attention)] {
        let mut pair = StudentPair::new(&student, 11, &teacher.net, &transfer, &devices);
        for _ in 0..300 {
            let (kd, ce) = pair.step(&transfer, &params);
            let total = block_on(read_loss(kd + ce)).unwrap();
            assert!(total.is_finite(), "{name}: loss {total}");
        }
        let (distilled, scratch) = (test_accuracy(&pair.distilled, &data, &dataset), test_accuracy(&pair.scratch, &data, &dataset));
        println!("{name}: distilled {:.1} %, scratch {:.1} % on 2,000 test digits", 100.0 * distilled, 100.0 * scratch);
        assert!(distilled > scratch + 0.02, "{name}: distilled {distilled} vs scratch {scratch}");
    }
}
