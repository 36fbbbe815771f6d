//! One-click starting points: for each experiment, settings on which its
//! effect shows (found with the `kd` command line; see docs/RESULTS.md) and
//! what to look for, in the review's words.

use super::{ExperimentKind, ExperimentSpec, mnist_ladder};
use crate::core::config::{Architecture, PlaygroundConfig};
use crate::core::dataset::DatasetSpec;

pub struct Preset {
    pub config: PlaygroundConfig,
    pub spec: ExperimentSpec,
    /// Two or three sentences: what the chart should show, and why.
    pub look_for: &'static str,
}

pub fn preset(kind: ExperimentKind) -> Preset {
    let base = PlaygroundConfig::default();
    let spec = ExperimentSpec::default_for(kind);
    match kind {
        ExperimentKind::TemperatureSweep => Preset {
            config: base,
            spec,
            look_for: "Follow the distilled student's accuracy as T grows. At T = 1 the teacher's outputs are nearly one-hot, so the student learns little more than the scratch student does from the labels (dashed line); a higher T brings out the dark knowledge — how alike the teacher finds the wrong classes — and accuracy rises, until at a very high T every class looks alike.",
        },
        ExperimentKind::CapacityGap => Preset {
            config: PlaygroundConfig { dataset: DatasetSpec::all_digits(), student: Architecture::mlp(1, 8), transfer_share: 0.25, ..base },
            spec: ExperimentSpec { seeds: vec![0, 1], ..spec },
            look_for: "The teacher's accuracy rises with its size; watch whether the student's follows. Cho & Hariharan (2019) and Mirzadeh et al. (2020) found that past some size a better teacher makes a worse student, and that an early-stopped teacher or a teacher assistant of middle size narrows the gap. The sentences under the chart say whether that happened here.",
        },
        ExperimentKind::OmittedClass => Preset {
            config: PlaygroundConfig { dataset: DatasetSpec::all_digits(), transfer_share: 1.0, temperature: 8.0, ..base },
            spec: ExperimentSpec { teacher_steps: 2000, student_steps: 2000, ..spec },
            look_for: "The students never see the omitted digit. The scratch student cannot name it at all; the distilled student learns it from the teacher's soft targets on the other digits (how much an 8 looks like a 3). Its bias for that class is too low, having never been pushed up by an example, and raising it fixes most of the rest — Hinton et al.'s MNIST experiment in miniature.",
        },
        ExperimentKind::SmallData => Preset {
            config: base,
            spec,
            look_for: "The students see only a share of the training set, the teacher all of it. With few examples the teacher's soft targets carry much more than the labels do, so the distilled student's lead over the scratch student is widest on the left and narrows as the data grows.",
        },
    }
}

/// The MNIST experiments of the page and `kd` (Hinton et al. 2015 §3; the
/// capacity-gap papers on CNNs), each a preset of one experiment kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MnistPreset {
    /// The command line's name and the page's test id.
    pub id: &'static str,
    pub title: &'static str,
}

pub const MNIST_PRESETS: [MnistPreset; 4] = [
    MnistPreset { id: "mnist-hinton", title: "Hinton's MNIST table" },
    MnistPreset { id: "mnist-omitted-3", title: "Omitted 3 on MNIST" },
    MnistPreset { id: "mnist-temperature", title: "Temperature sweep on MNIST" },
    MnistPreset { id: "mnist-capacity-gap", title: "Capacity gap with CNNs" },
];

/// Hinton et al.'s MNIST setting at tab scale: their 800-800 student, and as
/// the teacher the small CNN. Their 1200-1200 teacher with dropout learned
/// from 60,000 jittered digits for far longer; on 8,000 digits and 3,000
/// steps it made 94 errors of 2,000, more than the 800-800 student from the
/// labels alone (72), and no student can learn from it what it does not
/// know (docs/RESULTS.md, "Hinton's MNIST table"). Its preset stays one
/// click away in the teacher's panel.
fn hinton_mnist(base: PlaygroundConfig) -> PlaygroundConfig {
    PlaygroundConfig {
        dataset: DatasetSpec::mnist(),
        teacher: Architecture::cnn(2, 16, 3, 1, 128).with_dropout(0.3),
        student: Architecture::mlp(2, 800),
        learning_rate: 0.001,
        batch_size: 64,
        temperature: 20.0,
        alpha: 0.9,
        transfer_share: 1.0,
        knowledge: Default::default(),
        ..base
    }
}

/// A small CNN teacher and a tiny CNN student on MNIST, the students on 400 digits.
fn cnn_mnist(base: PlaygroundConfig) -> PlaygroundConfig {
    PlaygroundConfig {
        dataset: DatasetSpec::mnist(),
        teacher: Architecture::cnn(2, 16, 3, 1, 128).with_dropout(0.3),
        student: Architecture::cnn(2, 4, 3, 0, 32),
        learning_rate: 0.002,
        batch_size: 64,
        temperature: 4.0,
        alpha: 0.9,
        transfer_share: 0.05,
        knowledge: Default::default(),
        ..base
    }
}

/// The MNIST preset `id`, on top of the page's `base` settings (its
/// temperature joins T = 20 in Hinton's table).
pub fn mnist_preset(id: &str, base: &PlaygroundConfig) -> Option<Preset> {
    let base = base.clone();
    let spec = |kind| ExperimentSpec::default_for(kind);
    Some(match id {
        "mnist-hinton" => {
            // The page's T as its slider shows it (two decimals), not the slider's raw float.
            let page_t = (base.temperature * 100.0).round() / 100.0;
            let mut values = vec![20.0];
            if (page_t - 20.0).abs() > 1e-3 {
                values.push(page_t);
            }
            Preset {
                config: hinton_mnist(base),
                spec: ExperimentSpec { values, seeds: vec![0], teacher_steps: 2000, student_steps: 2000, ..spec(ExperimentKind::TemperatureSweep) },
                look_for: "Hinton et al.'s MNIST experiment at tab scale: Hinton's 800-800 student from the labels alone, or from a teacher's soft targets at T = 20 (and at the page's T). The teacher is the small CNN: on 8,000 digits and a few minutes the paper's 1200-1200 dropout teacher ends no better than the student (docs/RESULTS.md). The paper counted 67, 146 and 74 errors on 10,000 test digits (about 13, 29 and 15 per 2,000); the sentences under the chart count this run's on its 2,000.",
            }
        }
        "mnist-omitted-3" => Preset {
            config: hinton_mnist(base),
            spec: ExperimentSpec { values: vec![3.0], seeds: vec![0], teacher_steps: 2000, student_steps: 2000, ..spec(ExperimentKind::OmittedClass) },
            look_for: "The students' transfer set has no 3 at all. From the labels alone a student can never answer 3; distilled, it learns 3s from the soft targets on the other digits, and raising its 3 bias (fitted on held-out rows) recovers most of the rest — Hinton et al.: 206 errors (133 on 3s), 109 (14 on 3s) after the bias correction.",
        },
        "mnist-temperature" => Preset {
            config: cnn_mnist(base),
            spec: ExperimentSpec {
                values: vec![1.0, 2.0, 4.0, 8.0, 20.0],
                seeds: vec![0, 1],
                teacher_steps: 1500,
                student_steps: 1000,
                ..spec(ExperimentKind::TemperatureSweep)
            },
            look_for: "A tiny CNN student (4,266 parameters) on 400 MNIST digits, from a small CNN teacher at each T. Watch where the distilled student peaks and how far above the scratch student (dashed) it stays.",
        },
        "mnist-capacity-gap" => Preset {
            config: cnn_mnist(base),
            spec: ExperimentSpec {
                teachers: mnist_ladder(),
                assistant: Some(Architecture::cnn(2, 8, 3, 1, 32)),
                early_stop_steps: Some(200),
                seeds: vec![0],
                teacher_steps: 1500,
                student_steps: 1000,
                ..spec(ExperimentKind::CapacityGap)
            },
            look_for: "One tiny CNN student, distilled from CNN teachers from tiny to large, directly, through a middle-sized teacher assistant (Mirzadeh et al. 2020) and from each teacher stopped early (Cho & Hariharan 2019). Does the biggest teacher make the best student here?",
        },
        _ => return None,
    })
}

#[cfg(test)]
mod mnist_tests {
    use super::*;

    #[test]
    fn every_mnist_preset_is_a_valid_plan_on_mnist() {
        let base = PlaygroundConfig { temperature: 4.0, ..PlaygroundConfig::default() };
        for p in MNIST_PRESETS {
            let preset = mnist_preset(p.id, &base).unwrap_or_else(|| panic!("{}", p.id));
            assert_eq!(preset.config.dataset.kind, crate::core::dataset::DatasetKind::Mnist, "{}", p.id);
            assert_eq!(preset.config.normalised(), preset.config, "{}", p.id);
            preset.spec.validate(&preset.config).unwrap_or_else(|e| panic!("{}: {e:?}", p.id));
        }
        assert_eq!(mnist_preset("mnist-hinton", &base).unwrap().spec.values, vec![20.0, 4.0], "T = 20 and the page's T");
        assert_eq!(mnist_preset("mnist-hinton", &PlaygroundConfig { temperature: 20.0, ..base.clone() }).unwrap().spec.values, vec![20.0]);
        assert!(mnist_preset("cifar", &base).is_none());
    }
}
