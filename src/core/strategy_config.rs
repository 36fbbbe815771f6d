//! Which training strategy panel 5 runs (Gou et al. 2021, §4), as part of
//! the one config: online mutual learning, or one of two self-distillations.

use serde::{Deserialize, Serialize};

use super::settings::{GENERATIONS, PEERS, STEPS_PER_GENERATION};

pub const MAX_PEERS: usize = PEERS.max as usize;
pub const MAX_GENERATIONS: usize = GENERATIONS.max as usize;
pub const MIN_STEPS_PER_GENERATION: usize = STEPS_PER_GENERATION.min as usize;
pub const MAX_STEPS_PER_GENERATION: usize = STEPS_PER_GENERATION.max as usize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum StrategyKind {
    /// Online: deep mutual learning of a cohort (Zhang et al. 2018).
    #[default]
    Mutual,
    /// Self-distillation: early exits taught by the deepest output (Zhang et al. 2019).
    EarlyExits,
    /// Self-distillation: born-again generations (Furlanello et al. 2018).
    BornAgain,
}

impl StrategyKind {
    pub const ALL: [StrategyKind; 3] = [Self::Mutual, Self::EarlyExits, Self::BornAgain];

    /// The name links and stored settings use (serde's, written once above).
    pub fn name(self) -> &'static str {
        super::serde_name::serde_name(&self)
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == name)
    }

    pub fn title(self) -> &'static str {
        match self {
            Self::Mutual => "Online: deep mutual learning",
            Self::EarlyExits => "Self-distillation: early exits",
            Self::BornAgain => "Self-distillation: born-again networks",
        }
    }

    /// The one sentence beside the control: what it does, which paper.
    pub fn explanation(self) -> &'static str {
        match self {
            Self::Mutual => {
                "No pretrained teacher: a cohort of peers (the first of the teacher's size, the rest the students') trains at once on the \
                 same batches, each minimising its cross-entropy plus the mean KL from the others' predictions to its own (Zhang et al. 2018)."
            }
            Self::EarlyExits => {
                "One network of the teacher's shape with a classifier after every hidden layer: the deepest output learns from the labels and \
                 teaches every shallower exit (α·T²·KL + (1−α)·CE), all training the shared layers (\"Be Your Own Teacher\", Zhang et al. 2019)."
            }
            Self::BornAgain => {
                "A student with the teacher's own architecture learns from the trained teacher's soft targets; then it teaches the next \
                 generation, and so on — each generation's accuracy is plotted (Furlanello et al. 2018)."
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct StrategyConfig {
    pub kind: StrategyKind,
    /// Cohort size for mutual learning (2 = DML's pair).
    pub peers: usize,
    /// Born-again generations to train.
    pub generations: usize,
    /// Optimisation steps per born-again generation.
    pub steps_per_generation: usize,
}

impl Default for StrategyConfig {
    fn default() -> Self {
        Self { kind: StrategyKind::Mutual, peers: 2, generations: 3, steps_per_generation: 600 }
    }
}

impl StrategyConfig {
    /// Counts clamped into the table of settings' ranges ([`super::settings`]).
    pub fn normalised(&self) -> Self {
        Self {
            kind: self.kind,
            peers: PEERS.clamp_whole(self.peers),
            generations: GENERATIONS.clamp_whole(self.generations),
            steps_per_generation: STEPS_PER_GENERATION.clamp_whole(self.steps_per_generation),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_bad_counts_are_clamped() {
        for k in StrategyKind::ALL {
            assert_eq!(StrategyKind::from_name(k.name()), Some(k));
        }
        let n = StrategyConfig { kind: StrategyKind::BornAgain, peers: 0, generations: 99, steps_per_generation: 1 }.normalised();
        assert_eq!((n.peers, n.generations, n.steps_per_generation), (2, MAX_GENERATIONS, MIN_STEPS_PER_GENERATION));
        let json = serde_json::to_string(&n).unwrap();
        assert!(json.contains("\"born-again\""), "{json}");
        assert_eq!(serde_json::from_str::<StrategyConfig>(&json).unwrap(), n);
    }
}
