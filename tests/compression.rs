//! Compression on a trained network, seeded: pruning costs accuracy and a
//! short masked fine-tune wins it back while staying exactly as sparse;
//! int8 and 3-bit weight sharing keep the accuracy close at a fraction of
//! the bytes.

#![cfg(not(target_arch = "wasm32"))]

use burn::prelude::Device;
use futures::executor::block_on;
use kd_playground::core::compress::cost::cost;
use kd_playground::core::compress::fine_tune::{FineTune, SoftTargets, fine_tune_pruned};
use kd_playground::core::compress::prune::{Scope, prune, sparsity};
use kd_playground::core::compress::quantize::{Granularity, dequantize, quantize, quantized_bytes};
use kd_playground::core::compress::weight_sharing::{share_weights, shared_bytes};
use kd_playground::core::dataset::{Dataset, DatasetSpec};
use kd_playground::core::metrics::accuracy;
use kd_playground::core::model::{NetSpec, NetWeights};
use kd_playground::core::trainer::{Classifier, DeviceData, Devices, SupervisedRun};

fn test_accuracy(weights: &NetWeights, data: &DeviceData, d: &Dataset, devices: &Devices) -> f32 {
    let out = block_on(Classifier::new(weights, devices).outputs(data)).unwrap();
    accuracy(&out.test, &d.test.y, d.classes)
}

#[test]
fn pruning_hurts_a_masked_fine_tune_recovers_and_int8_and_sharing_stay_close() {
    let devices = Devices::new(Device::flex());
    let d = Dataset::generate(&DatasetSpec::default()); // 3-class spiral, 600 points
    let data = DeviceData::new(&d, &devices);
    let spec = NetSpec::uniform(2, 2, 32, 3);
    let mut run = SupervisedRun::new(&spec, 3, d.train.len(), &devices);
    for _ in 0..800 {
        run.step(&data, 64, 0.01);
    }
    let trained = block_on(run.net.model.weights(&spec)).unwrap();
    let base = test_accuracy(&trained, &data, &d, &devices);
    assert!(base > 0.9, "the network trains: {base}");

    let (pruned, mask) = prune(&trained, 0.9, Scope::Global);
    let cut = test_accuracy(&pruned, &data, &d, &devices);
    let plan = FineTune { steps: 300, batch_size: 64, learning_rate: 0.01, seed: 1 };
    let tuned = block_on(fine_tune_pruned(&pruned, &mask, &data, d.train.len(), &plan, None, &devices, &|| async {})).unwrap();
    let recovered = test_accuracy(&tuned, &data, &d, &devices);
    println!("accuracy: trained {base:.3}, pruned 90 % {cut:.3}, fine-tuned {recovered:.3}");
    assert!(cut < base - 0.1, "90 % pruning should cost accuracy: {base} → {cut}");
    assert!(recovered > cut + 0.1, "the fine-tune should win accuracy back: {cut} → {recovered}");
    assert!((sparsity(&tuned) - sparsity(&pruned)).abs() < 1e-6 && sparsity(&tuned) >= 0.89, "the fine-tune keeps the sparsity: {}", sparsity(&tuned));

    // The same fine-tune with the model's own unpruned self as teacher.
    let teacher = Classifier::new(&trained, &devices);
    let soft = SoftTargets { teacher: &teacher, temperature: 4.0, alpha: 0.9 };
    let distilled = block_on(fine_tune_pruned(&pruned, &mask, &data, d.train.len(), &plan, Some(soft), &devices, &|| async {})).unwrap();
    let with_kd = test_accuracy(&distilled, &data, &d, &devices);
    println!("fine-tuned with soft targets: {with_kd:.3}");
    assert!(with_kd > cut + 0.1 && sparsity(&distilled) >= 0.89);

    let int8 = dequantize(&quantize(&trained, Granularity::PerChannel), &trained);
    let q = test_accuracy(&int8, &data, &d, &devices);
    let shared = test_accuracy(&share_weights(&trained, 3), &data, &d, &devices);
    println!(
        "int8 {q:.3} in {} bytes, 3-bit sharing {shared:.3} in {} bytes, f32 {} bytes",
        quantized_bytes(&quantize(&trained, Granularity::PerChannel)),
        shared_bytes(&trained, 3),
        cost(&spec).bytes
    );
    assert!((q - base).abs() <= 0.02, "int8 stays within 2 points: {base} → {q}");
    assert!(shared >= base - 0.1, "3-bit sharing stays close: {base} → {shared}");
    // int8 bytes by hand: 1,184 weights + (32 + 32 + 3) scales × 4 + 67 biases × 4 = 1,720, against 5,004 in f32.
    assert_eq!((quantized_bytes(&quantize(&trained, Granularity::PerChannel)), cost(&spec).bytes), (1720, 5004));
}
