//! Experiments: sweeps of many runs that show an effect the literature
//! reports, shared by the page's Experiments view and the native `kd`
//! command line, on the same [`PlaygroundConfig`].
//!
//! An experiment is a plan of points (one swept value and one seed each);
//! [`runner::run_experiment`] trains every point and yields one
//! [`result::ResultRow`] per model it measured:
//!
//! - **temperature sweep** (Hinton et al. 2015): one teacher, then a
//!   distilled and a scratch student per T — which T transfers most;
//! - **capacity gap** (Cho & Hariharan 2019; Mirzadeh et al. 2020): one small
//!   student distilled from a ladder of teachers, optionally through a
//!   teacher assistant (TAKD) or from early-stopped teachers;
//! - **omitted class** (Hinton et al. 2015 §3): on the digits, the students'
//!   transfer set lacks one class; the distilled student still learns it from
//!   the soft targets, and a bias correction recovers more;
//! - **small data**: the share of the training set the students see.

pub mod findings;
pub mod omitted;
pub mod presets;
pub mod result;
pub mod runner;
pub mod stack_device;

use serde::{Deserialize, Serialize};

use super::config::{Architecture, MAX_TEMPERATURE, MIN_TEMPERATURE, PlaygroundConfig};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ExperimentKind {
    TemperatureSweep,
    CapacityGap,
    OmittedClass,
    SmallData,
}

impl ExperimentKind {
    pub const ALL: [ExperimentKind; 4] = [Self::TemperatureSweep, Self::CapacityGap, Self::OmittedClass, Self::SmallData];

    /// The command-line name (also the file name of exports).
    pub fn name(self) -> &'static str {
        super::serde_name::serde_name(&self)
    }

    pub fn title(self) -> &'static str {
        match self {
            Self::TemperatureSweep => "Temperature sweep",
            Self::CapacityGap => "Capacity gap",
            Self::OmittedClass => "Omitted class",
            Self::SmallData => "Small data",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == name)
    }

    /// What the swept value is called in tables and on the chart's x axis.
    pub fn x_name(self) -> &'static str {
        match self {
            Self::TemperatureSweep => "temperature",
            Self::CapacityGap => "teacher_params",
            Self::OmittedClass => "omitted_class",
            Self::SmallData => "training_share",
        }
    }
}

/// What an experiment sweeps and how long each network trains.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExperimentSpec {
    pub kind: ExperimentKind,
    /// The swept values: temperatures, shares of the training set, or the
    /// omitted classes. The capacity gap sweeps `teachers` instead.
    pub values: Vec<f32>,
    pub seeds: Vec<u64>,
    pub teacher_steps: usize,
    pub student_steps: usize,
    /// Capacity gap: the ladder of teacher sizes, smallest first.
    #[serde(default)]
    pub teachers: Vec<Architecture>,
    /// Capacity gap: distil through this teacher assistant as well (TAKD).
    #[serde(default)]
    pub assistant: Option<Architecture>,
    /// Capacity gap: also distil from each teacher as it was after this many
    /// steps (an early-stopped teacher).
    #[serde(default)]
    pub early_stop_steps: Option<usize>,
}

/// Why a plan cannot run ([`ExperimentSpec::validate`]), with the numbers
/// that break the rule; the front-ends word it (`words::experiments`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum PlanError {
    /// No seed at all.
    NoSeeds,
    /// A capacity gap without teachers.
    EmptyLadder,
    /// No swept values (any kind but the capacity gap).
    NothingToSweep {
        kind: ExperimentKind,
    },
    /// More points (values × seeds) than `max`.
    TooManyPoints {
        points: usize,
        max: usize,
    },
    /// A network's steps outside 1..=`max`.
    StepsOutOfRange {
        max: usize,
    },
    /// A swept value that is NaN or infinite.
    NotANumber {
        value: f32,
    },
    TemperatureOutOfRange {
        temperature: f32,
        min: f32,
        max: f32,
    },
    /// A share of the training set outside (0, 1].
    ShareOutOfRange {
        share: f32,
    },
    /// An omitted class that is not one of the dataset's `classes`.
    NoSuchClass {
        class: f32,
        classes: usize,
    },
    /// Early stopping at step `at`, not before the teacher's last step.
    EarlyStopTooLate {
        at: usize,
        teacher_steps: usize,
    },
}

/// Most points an experiment may plan, and most steps one network may take:
/// bounds that keep a typo from queueing a day of work.
pub const MAX_POINTS: usize = 200;
pub const MAX_STEPS: usize = 50_000;
/// Most seeds the page's plan editor offers per point.
pub const MAX_SEEDS: usize = 10;

impl ExperimentSpec {
    /// The defaults the issue names: T in 1, 2, 4, 8, 16, 32; shares 5–100 %;
    /// seven teachers from 2-4-… to 4×256; class 3 omitted.
    pub fn default_for(kind: ExperimentKind) -> Self {
        let values = match kind {
            ExperimentKind::TemperatureSweep => vec![1.0, 2.0, 4.0, 8.0, 16.0, 32.0],
            ExperimentKind::SmallData => vec![0.05, 0.1, 0.25, 0.5, 1.0],
            ExperimentKind::OmittedClass => vec![3.0],
            ExperimentKind::CapacityGap => vec![],
        };
        let teachers = if kind == ExperimentKind::CapacityGap { default_ladder() } else { vec![] };
        Self { kind, values, seeds: vec![0, 1, 2], teacher_steps: 1500, student_steps: 1500, teachers, assistant: None, early_stop_steps: None }
    }

    /// Every (index of the swept value, seed) point, in the order they run.
    pub fn points(&self) -> Vec<(usize, u64)> {
        let n = if self.kind == ExperimentKind::CapacityGap { self.teachers.len() } else { self.values.len() };
        (0..n).flat_map(|i| self.seeds.iter().map(move |&s| (i, s))).collect()
    }

    /// The plan's training steps in all (what progress and the ETA count).
    pub fn total_steps(&self) -> usize {
        let points = self.points().len();
        match self.kind {
            ExperimentKind::CapacityGap => {
                let per_student = 1 + usize::from(self.early_stop_steps.is_some()) + 2 * usize::from(self.assistant.is_some());
                points * (self.teacher_steps + per_student * self.student_steps)
            }
            ExperimentKind::OmittedClass => self.values.len() * self.teacher_steps + points * self.student_steps,
            _ => self.teacher_steps + points * self.student_steps,
        }
    }

    /// Checks the plan against the dataset it will run on: which rule
    /// anything that cannot run breaks (never a panic later).
    pub fn validate(&self, config: &PlaygroundConfig) -> Result<(), PlanError> {
        let points = self.points().len();
        if self.seeds.is_empty() {
            return Err(PlanError::NoSeeds);
        }
        if points == 0 {
            return Err(match self.kind {
                ExperimentKind::CapacityGap => PlanError::EmptyLadder,
                kind => PlanError::NothingToSweep { kind },
            });
        }
        if points > MAX_POINTS {
            return Err(PlanError::TooManyPoints { points, max: MAX_POINTS });
        }
        if self.teacher_steps == 0 || self.student_steps == 0 || self.teacher_steps > MAX_STEPS || self.student_steps > MAX_STEPS {
            return Err(PlanError::StepsOutOfRange { max: MAX_STEPS });
        }
        if let Some(&value) = self.values.iter().find(|v| !v.is_finite()) {
            return Err(PlanError::NotANumber { value });
        }
        match self.kind {
            ExperimentKind::TemperatureSweep => {
                if let Some(&temperature) = self.values.iter().find(|&&t| !(MIN_TEMPERATURE..=MAX_TEMPERATURE).contains(&t)) {
                    return Err(PlanError::TemperatureOutOfRange { temperature, min: MIN_TEMPERATURE, max: MAX_TEMPERATURE });
                }
            }
            ExperimentKind::SmallData => {
                if let Some(&share) = self.values.iter().find(|&&s| !(s > 0.0 && s <= 1.0)) {
                    return Err(PlanError::ShareOutOfRange { share });
                }
            }
            ExperimentKind::OmittedClass => {
                // From the spec, not the data: MNIST may not be fetched yet.
                let classes = self.dataset_for(config).normalised().classes;
                if let Some(&class) = self.values.iter().find(|&&c| c.fract() != 0.0 || c < 0.0 || c as usize >= classes) {
                    return Err(PlanError::NoSuchClass { class, classes });
                }
            }
            ExperimentKind::CapacityGap => {
                if let Some(at) = self.early_stop_steps.filter(|&s| s == 0 || s >= self.teacher_steps) {
                    return Err(PlanError::EarlyStopTooLate { at, teacher_steps: self.teacher_steps });
                }
            }
        }
        Ok(())
    }

    /// The dataset this experiment runs on: the config's, except that the
    /// omitted-class experiment always uses every digit (Hinton et al. used MNIST).
    pub fn dataset_for(&self, config: &PlaygroundConfig) -> super::dataset::DatasetSpec {
        let mut spec = config.dataset.normalised();
        if self.kind == ExperimentKind::OmittedClass {
            // Real digits, all of them: the 8×8 set unless the config is on MNIST.
            if !spec.kind.is_image() {
                spec.kind = super::dataset::DatasetKind::Digits;
            }
            spec.points = usize::MAX;
            spec = spec.normalised();
        }
        spec
    }

    /// The swept value of point `index`, as the tables write it.
    pub fn x_of(&self, index: usize, input: usize, classes: usize) -> f32 {
        match self.kind {
            ExperimentKind::CapacityGap => self.teachers[index].spec(input, classes).param_count() as f32,
            _ => self.values[index],
        }
    }
}

/// Seven teachers, tiny to large, deepening as they widen.
pub fn default_ladder() -> Vec<Architecture> {
    [(1, 4), (1, 8), (1, 16), (2, 32), (2, 64), (3, 128), (4, 256)].into_iter().map(|(depth, width)| Architecture::mlp(depth, width)).collect()
}

/// A list as the plan's fields show it, e.g. "1, 2, 4" ([`parse_values`] reads it back).
pub fn format_values<T: std::fmt::Display>(values: &[T]) -> String {
    values.iter().map(|v| v.to_string()).collect::<Vec<_>>().join(", ")
}

/// Parses a comma- or space-separated list of numbers, e.g. "1, 2, 4".
pub fn parse_values(text: &str) -> Result<Vec<f32>, String> {
    text.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(|s| s.parse::<f32>().map_err(|_| format!("{s:?} is not a number")))
        .collect()
}

/// Parses a teacher ladder like "1x4, 2x32, 4x256" (depth × width), CNNs
/// written "c2x8+1x64" (2 conv blocks from 8 maps, then 1 × 64 dense).
pub fn parse_ladder(text: &str) -> Result<Vec<Architecture>, String> {
    text.split(|c: char| c == ',' || c.is_whitespace()).filter(|s| !s.is_empty()).map(parse_architecture).collect()
}

/// "2x64": two hidden layers of 64 units; "c2x8+1x64": two 3×3 conv blocks
/// of 8 and 16 maps in front of them.
pub fn parse_architecture(text: &str) -> Result<Architecture, String> {
    let bad = || format!("{text:?} is not depth×width (e.g. 2x64) or blocks×channels+depth×width (e.g. c2x8+1x64)");
    let pair = |t: &str| -> Result<(usize, usize), String> {
        let (a, b) = t.trim().split_once(['x', 'X', '×']).ok_or_else(bad)?;
        Ok((a.trim().parse::<usize>().map_err(|_| bad())?, b.trim().parse::<usize>().map_err(|_| bad())?))
    };
    let text_t = text.trim();
    let (conv, dense) = match text_t.strip_prefix(['c', 'C']) {
        Some(rest) => {
            let (c, d) = rest.split_once('+').ok_or_else(bad)?;
            (Some(pair(c)?), d)
        }
        None => (None, text_t),
    };
    let (depth, width) = pair(dense)?;
    if depth > super::model::MAX_DEPTH || width == 0 || width > super::model::MAX_WIDTH {
        return Err(format!("{text:?}: depth 0–{}, width 1–{}", super::model::MAX_DEPTH, super::model::MAX_WIDTH));
    }
    match conv {
        None => Ok(Architecture::mlp(depth, width)),
        Some((blocks, channels)) if (1..=super::model::MAX_CONV_BLOCKS).contains(&blocks) && (1..=64).contains(&channels) => {
            Ok(Architecture::cnn(blocks, channels, 3, depth, width))
        }
        Some(_) => Err(format!("{text:?}: 1–{} conv blocks of 1–64 maps", super::model::MAX_CONV_BLOCKS)),
    }
}

/// "2x64", or "c2x8+1x64" for a CNN (kernel and dropout are not written).
pub fn format_architecture(a: Architecture) -> String {
    if a.conv == 0 { format!("{}x{}", a.depth, a.width) } else { format!("c{}x{}+{}x{}", a.conv, a.channels, a.depth, a.width) }
}

/// CNN teachers for a tiny CNN student on MNIST, tiny to large.
pub fn mnist_ladder() -> Vec<Architecture> {
    // By parameter count: three blocks pool to 3 × 3, so (3, 32, 1, 256) is smaller than (2, 32, 1, 128).
    [(1, 2, 0, 16), (2, 4, 0, 16), (2, 8, 1, 32), (2, 16, 1, 64), (3, 32, 1, 256), (2, 32, 1, 128)]
        .into_iter()
        .map(|(conv, channels, depth, width)| Architecture::cnn(conv, channels, 3, depth, width))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_parse_and_bad_entries_are_named() {
        assert_eq!(parse_values("1, 2 4,8"), Ok(vec![1.0, 2.0, 4.0, 8.0]));
        assert!(parse_values("1, two").unwrap_err().contains("\"two\""));
        assert_eq!(parse_ladder("1x4, 2×32").unwrap(), vec![Architecture::mlp(1, 4), Architecture::mlp(2, 32)]);
        assert_eq!(parse_ladder("c2x8+1x64").unwrap(), vec![Architecture::cnn(2, 8, 3, 1, 64)]);
        assert_eq!(format_architecture(Architecture::cnn(2, 8, 3, 1, 64)), "c2x8+1x64");
        assert!(parse_architecture("c9x8+1x64").unwrap_err().contains("conv blocks"));
        assert!(parse_architecture("c2x8").is_err());
        for a in mnist_ladder() {
            assert_eq!(parse_architecture(&format_architecture(a)).unwrap(), a);
        }
        let sizes: Vec<usize> = mnist_ladder().iter().map(|a| a.spec(784, 10).param_count()).collect();
        assert!(sizes.windows(2).all(|w| w[0] < w[1]), "tiny to large: {sizes:?}");
        assert!(parse_ladder("2x").is_err());
        assert!(parse_architecture("9x4").unwrap_err().contains("depth 0–6"));
    }

    #[test]
    fn every_default_plan_is_valid_and_bad_plans_say_why() {
        let config = PlaygroundConfig::default();
        for kind in ExperimentKind::ALL {
            assert_eq!(ExperimentSpec::default_for(kind).validate(&config), Ok(()), "{kind:?}");
        }
        let t = ExperimentSpec::default_for(ExperimentKind::TemperatureSweep);
        assert_eq!(
            ExperimentSpec { values: vec![0.0], ..t.clone() }.validate(&config),
            Err(PlanError::TemperatureOutOfRange { temperature: 0.0, min: MIN_TEMPERATURE, max: MAX_TEMPERATURE })
        );
        assert_eq!(ExperimentSpec { seeds: vec![], ..t.clone() }.validate(&config), Err(PlanError::NoSeeds));
        assert_eq!(ExperimentSpec { values: vec![], ..t.clone() }.validate(&config), Err(PlanError::NothingToSweep { kind: ExperimentKind::TemperatureSweep }));
        let o = ExperimentSpec::default_for(ExperimentKind::OmittedClass);
        assert_eq!(ExperimentSpec { values: vec![10.0], ..o }.validate(&config), Err(PlanError::NoSuchClass { class: 10.0, classes: 10 }));
        let c = ExperimentSpec::default_for(ExperimentKind::CapacityGap);
        assert_eq!(
            ExperimentSpec { early_stop_steps: Some(5000), ..c.clone() }.validate(&config),
            Err(PlanError::EarlyStopTooLate { at: 5000, teacher_steps: c.teacher_steps })
        );
    }

    #[test]
    fn the_plan_counts_its_steps() {
        let t = ExperimentSpec {
            values: vec![1.0, 2.0],
            seeds: vec![0, 1],
            teacher_steps: 10,
            student_steps: 5,
            ..ExperimentSpec::default_for(ExperimentKind::TemperatureSweep)
        };
        assert_eq!(t.total_steps(), 10 + 4 * 5);
        let c = ExperimentSpec {
            seeds: vec![0],
            teacher_steps: 10,
            student_steps: 5,
            assistant: Some(Architecture::mlp(1, 8)),
            early_stop_steps: Some(3),
            ..ExperimentSpec::default_for(ExperimentKind::CapacityGap)
        };
        assert_eq!(c.total_steps(), 7 * (10 + 4 * 5));
    }
}
