//! The MNIST speed benchmark (a benchmark that prints, never a timed test):
//! how long the small CNN teacher takes to reach 98 % test accuracy on the
//! 2,000 test digits, and how many steps per second a tiny CNN student pair
//! (distilled and scratch, batch 64) takes. The same code runs natively
//! (`kd-bench mnist`) and in the page (`kd_mnist` for the harness), so the
//! figures sit side by side in docs/PERFORMANCE.md.

use std::future::Future;
use std::time::Duration;

use serde::Serialize;
use web_time::Instant;

use super::dataset::{Dataset, DatasetSpec};
use super::metrics::accuracy;
use super::model_presets::preset;
use super::trainer::{DeviceData, Devices, StepParams, StudentPair, SupervisedRun, read_loss};

/// One evaluation of the teacher: training seconds so far (evaluation not
/// counted), steps, test accuracy.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct CurvePoint {
    pub train_secs: f32,
    pub steps: usize,
    pub test_accuracy: f32,
}

#[derive(Debug, Clone, Serialize)]
pub struct MnistBench {
    pub teacher: String,
    pub teacher_curve: Vec<CurvePoint>,
    /// Training seconds until the test accuracy first reached 98 %, if it did.
    pub secs_to_98: Option<f32>,
    pub student: String,
    /// Steps per second of the distilled + scratch pair (one step trains both).
    pub student_pair_steps_per_sec: f32,
    pub student_steps_timed: usize,
}

/// Trains the small CNN teacher for at most `budget` of training time
/// (evaluating every `every`), then times `student_steps` steps of the tiny
/// CNN pair distilled from it. MNIST must be installed.
pub async fn run_mnist_bench<Y: Future<Output = ()>>(
    devices: &Devices,
    budget: Duration,
    every: Duration,
    student_steps: usize,
    yield_now: impl Fn() -> Y,
) -> Result<MnistBench, String> {
    Dataset::ready(&DatasetSpec::mnist())?;
    let dataset = Dataset::generate(&DatasetSpec::mnist());
    let data = DeviceData::new(&dataset, devices);
    let teacher_spec = preset("small-cnn").ok_or("no small-cnn preset")?.architecture.spec(784, 10);
    let mut teacher = SupervisedRun::new(&teacher_spec, 1, dataset.train.len(), devices);
    let (mut trained, mut curve, mut secs_to_98) = (Duration::ZERO, vec![], None);
    while trained < budget {
        let start = Instant::now();
        let mut loss = None;
        while start.elapsed() < every.min(budget - trained) {
            loss = Some(teacher.step(&data, 64, 0.002));
            // A read per step keeps a queued backend honest (and lets the page breathe).
            if teacher.steps.is_multiple_of(10) {
                read_loss(loss.take().expect("just set")).await?;
                yield_now().await;
            }
        }
        if let Some(l) = loss {
            read_loss(l).await?;
        }
        trained += start.elapsed();
        let acc = accuracy(&teacher.net.test_logits(&data).await?, &dataset.test.y, 10);
        curve.push(CurvePoint { train_secs: trained.as_secs_f32(), steps: teacher.steps, test_accuracy: acc });
        yield_now().await;
        if acc >= 0.98 && secs_to_98.is_none() {
            secs_to_98 = Some(trained.as_secs_f32());
            break;
        }
    }
    let student_spec = preset("tiny-cnn").ok_or("no tiny-cnn preset")?.architecture.spec(784, 10);
    let mut pair = StudentPair::new(&student_spec, 2, &teacher.net, &data, devices);
    let params = StepParams { batch_size: 64, learning_rate: 0.005, alpha: 0.9, temperature: 4.0, knowledge: Default::default() };
    for _ in 0..5 {
        let (kd, ce) = pair.step(&data, &params);
        read_loss(kd + ce).await?;
    }
    let start = Instant::now();
    for i in 0..student_steps {
        let (kd, ce) = pair.step(&data, &params);
        if i % 10 == 9 || i + 1 == student_steps {
            read_loss(kd + ce).await?;
            yield_now().await;
        }
    }
    Ok(MnistBench {
        teacher: teacher_spec.describe(),
        teacher_curve: curve,
        secs_to_98,
        student: student_spec.describe(),
        student_pair_steps_per_sec: student_steps as f32 / start.elapsed().as_secs_f32(),
        student_steps_timed: student_steps,
    })
}
