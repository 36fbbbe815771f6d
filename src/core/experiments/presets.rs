//! One-click starting points: for each experiment, settings on which its
//! effect shows (found with the `kd` command line; see docs/RESULTS.md) and
//! what to look for, in the review's words.

use super::{ExperimentKind, ExperimentSpec};
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
