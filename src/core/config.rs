//! The one config type that describes a playground run: dataset,
//! architectures, optimiser, distillation settings and backend preference.
//! Controls edit it, the training session reads it.

use serde::{Deserialize, Serialize};

use super::dataset::DatasetSpec;
use super::knowledge::Knowledge;
use super::model::{ConvLayer, MAX_CONV_BLOCKS, NetSpec, image_side};
use super::settings::{
    ALPHA, BATCH_SIZE, LEARNING_RATE, STUDENT_CHANNELS, STUDENT_CONV, STUDENT_DEPTH, STUDENT_DROPOUT, STUDENT_KERNEL, STUDENT_WIDTH, TEACHER_CHANNELS,
    TEACHER_CONV, TEACHER_DEPTH, TEACHER_DROPOUT, TEACHER_KERNEL, TEACHER_WIDTH, TEMPERATURE, TRANSFER_SHARE,
};
use super::strategy_config::StrategyConfig;
use super::trainer::StepParams;

/// The temperature's range ([`TEMPERATURE`] in the table of settings), for the slider and charts.
pub const MIN_TEMPERATURE: f32 = TEMPERATURE.min as f32;
pub const MAX_TEMPERATURE: f32 = TEMPERATURE.max as f32;
pub const MIN_LEARNING_RATE: f32 = LEARNING_RATE.min as f32;
pub const MAX_LEARNING_RATE: f32 = LEARNING_RATE.max as f32;

/// A network's shape as the panels set it: `conv` convolutional blocks
/// (`channels` maps in the first, doubling in each next, `kernel` × `kernel`,
/// "same" padding, 2 × 2 max-pool; image data only), then `depth` hidden
/// dense layers of `width` units, dropout on those while training.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Architecture {
    pub depth: usize,
    pub width: usize,
    pub conv: usize,
    pub channels: usize,
    pub kernel: usize,
    pub dropout: f32,
}

impl Default for Architecture {
    fn default() -> Self {
        Self::mlp(1, 32)
    }
}

impl Architecture {
    /// A multilayer perceptron: `depth` hidden layers of `width` units.
    pub const fn mlp(depth: usize, width: usize) -> Self {
        Self { depth, width, conv: 0, channels: 8, kernel: 3, dropout: 0.0 }
    }

    /// `conv` blocks of `channels` (doubling) `kernel`-wide maps, then the dense layers.
    pub const fn cnn(conv: usize, channels: usize, kernel: usize, depth: usize, width: usize) -> Self {
        Self { depth, width, conv, channels, kernel, dropout: 0.0 }
    }

    pub const fn with_dropout(self, dropout: f32) -> Self {
        Self { dropout, ..self }
    }

    /// The network for `input` features and `classes` outputs. Blocks are
    /// built only on a square image input (8×8 digits, 28×28 MNIST), and
    /// only as many as leave a non-empty map.
    pub fn spec(self, input: usize, classes: usize) -> NetSpec {
        let mut spec = NetSpec::uniform(input, self.depth, self.width, classes);
        spec.dropout = self.dropout;
        if image_side(input).is_some() {
            for i in 0..self.conv.min(MAX_CONV_BLOCKS) {
                spec.conv.push(ConvLayer::same((self.channels << i).max(1), self.kernel.max(1)));
                if !spec.is_valid() {
                    spec.conv.pop();
                    break;
                }
            }
        }
        spec
    }

    /// The short name panels and tables show: "2×64", or "2 conv (8, 16) + 1×128".
    pub fn describe(self) -> String {
        let dense = format!("{}×{}", self.depth, self.width);
        if self.conv == 0 {
            return dense;
        }
        let maps: Vec<String> = (0..self.conv).map(|i| (self.channels << i).to_string()).collect();
        format!("{} conv ({}) + {dense}", self.conv, maps.join(", "))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum BackendPreference {
    /// Whichever a timed probe finds faster for the current model.
    #[default]
    Auto,
    Cpu,
    WebGpu,
}

impl BackendPreference {
    pub const ALL: [BackendPreference; 3] = [Self::Auto, Self::Cpu, Self::WebGpu];

    /// The name links, stored settings and the backend menu use (serde's).
    pub fn name(self) -> &'static str {
        super::serde_name::serde_name(&self)
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == name)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlaygroundConfig {
    pub dataset: DatasetSpec,
    pub teacher: Architecture,
    pub student: Architecture,
    /// Adam's step size, shared by teacher and students.
    pub learning_rate: f32,
    pub batch_size: usize,
    /// T: the temperature of the soft targets shown *and* distilled from.
    pub temperature: f32,
    /// α: weight of the soft-target term; 1 − α weighs the hard labels.
    pub alpha: f32,
    /// The other knowledge terms of the distilled student's loss.
    #[serde(default)]
    pub knowledge: Knowledge,
    /// What panel 5 trains: mutual learning or a self-distillation.
    #[serde(default)]
    pub strategy: StrategyConfig,
    /// Share of the training points the students see (their transfer set);
    /// the teacher always sees them all. Small shares show KD's data efficiency.
    pub transfer_share: f32,
    /// Seeds weight initialisation and batch order (the dataset has its own).
    pub seed: u64,
    pub backend: BackendPreference,
}

impl Default for PlaygroundConfig {
    fn default() -> Self {
        Self {
            dataset: DatasetSpec::default(),
            teacher: Architecture::mlp(2, 64),
            student: Architecture::mlp(1, 32),
            learning_rate: 0.01,
            batch_size: 64,
            temperature: 4.0,
            alpha: 0.9,
            knowledge: Knowledge::default(),
            strategy: StrategyConfig::default(),
            transfer_share: 0.1,
            seed: 7,
            backend: BackendPreference::Auto,
        }
    }
}

impl PlaygroundConfig {
    pub fn teacher_spec(&self, input: usize, classes: usize) -> NetSpec {
        self.teacher.spec(input, classes)
    }

    pub fn student_spec(&self, input: usize, classes: usize) -> NetSpec {
        self.student.spec(input, classes)
    }

    /// What one optimisation step reads.
    pub fn step_params(&self) -> StepParams {
        StepParams {
            batch_size: self.batch_size,
            learning_rate: self.learning_rate,
            alpha: self.alpha,
            temperature: self.temperature,
            knowledge: self.knowledge,
        }
    }

    /// The nearest valid config: every number clamped into its range in the
    /// table of settings ([`super::settings`]; non-finite values take the
    /// default), so no input can panic the trainer or freeze the page.
    pub fn normalised(&self) -> Self {
        let d = Self::default();
        let teacher = Architecture {
            depth: TEACHER_DEPTH.clamp_whole(self.teacher.depth),
            width: TEACHER_WIDTH.clamp_whole(self.teacher.width),
            conv: TEACHER_CONV.clamp_whole(self.teacher.conv),
            channels: TEACHER_CHANNELS.clamp_whole(self.teacher.channels),
            kernel: TEACHER_KERNEL.clamp_whole(self.teacher.kernel),
            dropout: TEACHER_DROPOUT.clamp_real(self.teacher.dropout, 0.0),
        };
        let student = Architecture {
            depth: STUDENT_DEPTH.clamp_whole(self.student.depth),
            width: STUDENT_WIDTH.clamp_whole(self.student.width),
            conv: STUDENT_CONV.clamp_whole(self.student.conv),
            channels: STUDENT_CHANNELS.clamp_whole(self.student.channels),
            kernel: STUDENT_KERNEL.clamp_whole(self.student.kernel),
            dropout: STUDENT_DROPOUT.clamp_real(self.student.dropout, 0.0),
        };
        // Layers a feature term may read: blocks (on image data) + hidden + logits.
        let input = self.dataset.input_dim();
        let layers = |a: Architecture| a.spec(input, 2).layer_count() - 1;
        Self {
            dataset: self.dataset.normalised(),
            teacher,
            student,
            learning_rate: LEARNING_RATE.clamp_real(self.learning_rate, d.learning_rate),
            batch_size: BATCH_SIZE.clamp_whole(self.batch_size),
            temperature: TEMPERATURE.clamp_real(self.temperature, d.temperature),
            alpha: ALPHA.clamp_real(self.alpha, d.alpha),
            knowledge: self.knowledge.normalised(layers(teacher), layers(student)),
            strategy: self.strategy.normalised(),
            transfer_share: TRANSFER_SHARE.clamp_real(self.transfer_share, d.transfer_share),
            seed: self.seed,
            backend: self.backend,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::model::{MAX_CONV_BLOCKS, MAX_DEPTH};

    #[test]
    fn default_is_valid_and_bad_values_are_clamped() {
        let d = PlaygroundConfig::default();
        assert_eq!(d.normalised(), d);
        let bad = PlaygroundConfig {
            teacher: Architecture { depth: 1000, width: 0, conv: 99, channels: 0, kernel: 40, dropout: 7.0 },
            learning_rate: 1e9,
            temperature: f32::NAN,
            alpha: -3.0,
            batch_size: 0,
            ..d.clone()
        };
        let n = bad.normalised();
        assert_eq!(n.teacher, Architecture { depth: MAX_DEPTH, width: 1, conv: MAX_CONV_BLOCKS, channels: 1, kernel: 7, dropout: 0.8 });
        assert_eq!((n.learning_rate, n.temperature, n.alpha, n.batch_size), (MAX_LEARNING_RATE, 4.0, 0.0, 1));
    }

    #[test]
    fn round_trips_through_json() {
        let d = PlaygroundConfig::default();
        let json = serde_json::to_string(&d).unwrap();
        assert_eq!(serde_json::from_str::<PlaygroundConfig>(&json).unwrap(), d);
    }
}
