//! Networks with the published shapes, one click away in the teacher's and
//! the students' panels: Hinton et al.'s (2015) MNIST teacher (784-1200-1200-10
//! with dropout) and student (784-800-800-10), a small CNN teacher, a tiny
//! CNN student of a few thousand parameters, and the tiny 784-30-10 MLP.

use super::config::Architecture;

/// Which panel a preset belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PresetRole {
    Teacher,
    Student,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ModelPreset {
    /// A stable id: test ids and links use it.
    pub id: &'static str,
    pub role: PresetRole,
    pub architecture: Architecture,
}

pub const PRESETS: [ModelPreset; 5] = [
    // Hinton et al. 2015, §3: two hidden layers of 1,200 ReLUs, dropout on the hidden units.
    ModelPreset { id: "hinton-teacher", role: PresetRole::Teacher, architecture: Architecture::mlp(2, 1200).with_dropout(0.5) },
    // Two conv blocks (16 and 32 maps of 3×3, 2×2 pools: 28 → 14 → 7) and a dense layer of 128.
    ModelPreset { id: "small-cnn", role: PresetRole::Teacher, architecture: Architecture::cnn(2, 16, 3, 1, 128).with_dropout(0.3) },
    // Hinton et al. 2015, §3: two hidden layers of 800 ReLUs, no regularisation.
    ModelPreset { id: "hinton-student", role: PresetRole::Student, architecture: Architecture::mlp(2, 800) },
    // Two conv blocks of 4 and 8 maps straight into the logits: 4,266 parameters on MNIST.
    ModelPreset { id: "tiny-cnn", role: PresetRole::Student, architecture: Architecture::cnn(2, 4, 3, 0, 32) },
    ModelPreset { id: "tiny-mlp", role: PresetRole::Student, architecture: Architecture::mlp(1, 30) },
];

pub fn preset(id: &str) -> Option<&'static ModelPreset> {
    PRESETS.iter().find(|p| p.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_have_the_published_shapes_on_mnist() {
        let spec = |id| preset(id).unwrap().architecture.spec(784, 10);
        assert_eq!(spec("hinton-teacher").describe(), "784-1200-1200-10");
        assert_eq!(spec("hinton-teacher").dropout, 0.5);
        assert_eq!(spec("hinton-student").describe(), "784-800-800-10");
        assert_eq!(spec("tiny-mlp").describe(), "784-30-10");
        assert_eq!(spec("small-cnn").describe(), "784-16c3-32c3-128-10");
        // conv 1·4·9 + 4, conv 4·8·9 + 8, dense 8·7·7·10 + 10
        assert_eq!(spec("tiny-cnn").param_count(), 40 + 296 + 3930);
        assert!(spec("small-cnn").param_count() > 10 * spec("tiny-cnn").param_count());
    }
}
